"""The README's pictures of the revision diff and the author dashboard.

Run with `pytest tests/browser/screenshots_newsroom.py -p no:cacheprovider` (not named
test_*, so the normal suite skips it). Pictures land in docs/screenshots/.
"""

from pathlib import Path

import pytest
import reversion

from articles.models import Article
from tests.browser.conftest import DESKTOP, log_in
from tests.browser.newsroom import demo_author, open_dashboard, open_oldest_revision

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MAX_BYTES = 300_000


def shoot(page, name, **options):
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    page.screenshot(path=path, animations="disabled", caret="hide", **options)
    assert path.stat().st_size < MAX_BYTES, f"{name} is {path.stat().st_size} bytes"


def edit_as(user, article):
    """An author's second draft: a new title, one sentence reworded, one paragraph cut
    short and one added."""
    lines = article.body_markdown.split("\n")
    prose = [n for n, line in enumerate(lines) if len(line) > 30 and line[0] not in "#[|-`>"]
    first = prose[0]
    lines[first] = lines[first].replace("，", "，也就是说，", 1)
    cut = lines[prose[2]]
    lines[prose[2]] = cut[: len(cut) * 2 // 3] + "。"
    lines.insert(prose[1] + 1, "\n补充一句：参数不是越灵敏越好，先想清楚自己做几天的波段。")
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("修改：标题、正文（Markdown）")
        article.title += "（修订版）"
        article.body_markdown = "\n".join(lines)
        article.save()


@pytest.fixture
def viewport():
    return {**DESKTOP, "viewport": {"width": 1280, "height": 860}}


def test_revision_diff(author, open_page, viewport):
    article = Article.objects.published().order_by("pk").first()
    edit_as(author, article)
    page = open_page(viewport)
    log_in(page, author)
    open_oldest_revision(page, article)
    page.get_by_role("button", name="切换导航").click()
    shoot(page, "revision-diff.png")


def test_dashboard(open_page, django_user_model, viewport):
    page = open_page(viewport)
    open_dashboard(page, demo_author(django_user_model))
    page.get_by_role("button", name="切换导航").click()
    page.wait_for_timeout(300)  # the chart resizes to the wider column
    shoot(page, "dashboard.png", full_page=True)
