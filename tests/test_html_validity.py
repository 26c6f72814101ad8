"""The Nu HTML Checker (vnu, from the vnu-jar npm package) finds no error on any page kind."""

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Category, Tag

pytestmark = pytest.mark.django_db
VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"


def vnu_problems(files: list[Path]) -> list[str]:
    """vnu's errors for the given HTML files, as "file:line: message" lines."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} "
        f"[{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


def page_urls() -> dict[str, str]:
    """One URL of each public page kind (and the reader's own forms), from the demo content."""
    article = Article.objects.published().exclude(demos=[]).exclude(comment_count=0).first()
    article = article or Article.objects.published().first()
    profile = article.author.author_profile
    month = article.published_at
    return {
        "home": reverse("articles:home"),
        "home-page-2": reverse("articles:home") + "?page=2",
        "category": Category.objects.filter(articles__isnull=False).first().get_absolute_url(),
        "tag": Tag.objects.filter(articles__isnull=False).first().get_absolute_url(),
        "author": profile.get_absolute_url(),
        "archive": reverse("articles:archive"),
        "month": reverse("articles:month", args=[month.year, month.month]),
        "article": article.get_absolute_url(),
        "formulas": reverse("indicators:formulas"),
        "lab": reverse("indicators:lab"),
        "search": reverse("search:results") + "?q=MACD",
        "search-empty": reverse("search:results") + "?q=查无此词",
        "search-form": reverse("search:results"),
        "comment-page": reverse("comments:post", args=[article.slug]),
        "not-found": "/no-such-page/",
    }


@pytest.mark.skipif(shutil.which("java") is None, reason="java 不在本机（bin/_system.sh 会装）")
def test_every_page_kind_validates_with_no_error(client, settings, tmp_path):
    """vnu reports 0 errors on one page of each kind, demo content and comments included."""
    assert VNU_JAR.exists(), "vnu.jar 缺失：运行 npm ci（package.json 的 vnu-jar）"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ARTICLES_PER_PAGE = 3  # so that the home page has a page 2
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    files = []
    for kind, url in page_urls().items():
        response = client.get(url)
        expected = 404 if kind == "not-found" else 200
        assert response.status_code == expected, (kind, url, response.status_code)
        path = tmp_path / f"{kind}.html"
        path.write_bytes(response.content)
        files.append(path)
    assert vnu_problems(files) == []
