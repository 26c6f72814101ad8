"""Loading: WebP sizes of covers, srcset and fetch priority, demo module hints, media cache."""

import re
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from articles import thumbnails
from articles.models import Article
from indicators.modules import DEMO_ENTRY, imports_of, module_graph
from tests.factories import ArticleFactory
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def jpeg(size=(1200, 630), color=(30, 90, 200)):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


def with_cover(article, name="cover.jpg", size=(1200, 630)):
    article.cover.save(name, jpeg(size), save=False)
    article.save()
    return article


def widths(srcset):
    return [int(part.rsplit(" ", 1)[1].removesuffix("w")) for part in srcset.split(", ")]


def test_saving_a_cover_makes_webp_sizes(media_root):
    """Each thumbnail and cover width is a real WebP file of that size, named in srcset."""
    article = with_cover(ArticleFactory())
    assert widths(article.thumb_srcset) == list(thumbnails.THUMB_WIDTHS)
    assert widths(article.cover_srcset) == list(thumbnails.COVER_WIDTHS)
    storage = article.cover.storage
    for kind in ("thumb", "cover"):
        for width, name in article.image_variants[kind]:
            with Image.open(storage.path(name)) as image:
                assert image.format == "WEBP" and image.width == width
                ratio = 270 / 480 if kind == "thumb" else 630 / 1200
                assert abs(image.height - width * ratio) <= 1


def test_small_covers_are_never_upscaled(media_root):
    """A cover narrower than a size gets no copy at that size."""
    article = with_cover(ArticleFactory(), size=(600, 315))
    assert widths(article.cover_srcset) == [480]


def test_a_replaced_cover_gets_new_sizes_and_a_removed_one_none(media_root):
    """Variants follow the cover: new names for a new cover, nothing without one."""
    article = with_cover(ArticleFactory())
    old = article.thumb_srcset
    article.cover.save("other.jpg", jpeg(color=(200, 30, 30)), save=False)
    article.save()
    assert article.thumb_srcset and article.thumb_srcset != old
    article.cover = None
    article.save()
    assert article.thumb_srcset == "" and article.cover_srcset == ""
    assert not article.cover_thumb


def test_stale_variants_are_never_offered(media_root):
    """Variants recorded for another cover give no srcset, so no page names a wrong file."""
    article = with_cover(ArticleFactory())
    article.image_variants = {**article.image_variants, "source": "covers/someone-else.jpg"}
    assert article.thumb_srcset == "" and article.cover_srcset == ""


def test_the_command_fills_in_covers_saved_before_variants(media_root):
    """image_variants makes the sizes for older covers and leaves their other fields alone."""
    article = with_cover(ArticleFactory())
    Article.objects.filter(pk=article.pk).update(image_variants={})
    before = Article.objects.values("updated_at", "body_html").get(pk=article.pk)
    call_command("image_variants", stdout=StringIO())
    article.refresh_from_db()
    assert widths(article.thumb_srcset) == list(thumbnails.THUMB_WIDTHS)
    assert Article.objects.values("updated_at", "body_html").get(pk=article.pk) == before
    # A second run has nothing left to do.
    assert thumbnails.fill_missing(Article.objects.all()) == 0


def test_the_command_skips_a_missing_or_broken_cover(media_root):
    """An unreadable cover is reported and skipped; the other articles still get sizes."""
    broken = with_cover(ArticleFactory(), name="broken.jpg")
    missing = with_cover(ArticleFactory(), name="missing.jpg")
    fine = with_cover(ArticleFactory(), name="fine.jpg")
    Article.objects.update(image_variants={})
    Path(broken.cover.path).write_bytes(b"not an image")
    Path(missing.cover.path).unlink()
    errors = StringIO()
    call_command("image_variants", stdout=StringIO(), stderr=errors)
    assert "broken" in errors.getvalue() and "missing" in errors.getvalue()
    fine.refresh_from_db()
    assert fine.thumb_srcset
    assert Article.objects.filter(image_variants={}).count() == 2


def test_list_pages_load_the_first_thumbnails_at_once(client, media_root):
    """The first card (the likely LCP) is eager with high priority; later ones are lazy."""
    for n in range(6):
        with_cover(ArticleFactory(), name=f"c{n}.jpg")
    html = client.get(reverse("articles:home")).content.decode()
    imgs = re.findall(r'<a class="card-thumb"[^>]*>\s*<picture>.*?(<img [^>]*>)', html, re.S)
    assert len(imgs) == 6
    assert 'fetchpriority="high"' in imgs[0] and "lazy" not in imgs[0]
    assert all("lazy" not in img and "fetchpriority" not in img for img in imgs[1:4])
    assert all('loading="lazy"' in img for img in imgs[4:])
    assert html.count('<source type="image/webp"') >= 6
    assert 'sizes="(max-width: 860px) 112px, 200px"' in html


def test_the_article_cover_is_fetched_first(client, media_root):
    """The article cover has fetchpriority=high and a WebP srcset."""
    article = with_cover(ArticleFactory())
    html = client.get(article.get_absolute_url()).content.decode()
    cover = re.search(r'<img class="article-cover"[^>]*>', html).group(0)
    assert 'fetchpriority="high"' in cover and "lazy" not in cover
    assert article.cover_srcset in html


def test_demo_pages_hint_every_module_and_defer_the_chart_library(client):
    """Every demo module gets a modulepreload; the chart library is not loaded up front."""
    load_series()
    article = ArticleFactory(body_markdown="[[indicator macd symbol=600519]]")
    html = client.get(article.get_absolute_url()).content.decode()
    hinted = re.findall(r'<link rel="modulepreload" href="/static/(js/demo/[\w.-]+\.js)">', html)
    on_disk = {f"js/demo/{p.name}" for p in (ROOT / "static/js/demo").glob("*.js")}
    assert set(hinted) == on_disk  # every module of the demo is reachable from main.js
    assert "lightweight-charts" not in re.sub(
        r'<script id="demo-chart-library".*?</script>', "", html, flags=re.S
    )
    assert re.search(
        r'<script id="demo-chart-library" type="application/json">"[^"]*standalone', html
    )


def test_pages_without_demos_have_no_module_hints(client):
    """An article with no demo loads none of it."""
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert "modulepreload" not in html and "demo-chart-library" not in html


def test_import_scanner_reads_every_static_form_and_skips_dynamic_imports():
    """Named, bare, multi-line and re-export imports count; import() does not."""
    source = (
        'import { a } from "./a.js";\nimport "./b.js";\n'
        'import {\n  c,\n  d,\n} from "../lib/c.js";\nexport { e } from "./e.js";\n'
        'const lazy = () => import("./f.js");\n// import nothing from here\n'
    )
    assert imports_of(source, "js/demo/main.js") == [
        "js/demo/a.js",
        "js/demo/b.js",
        "js/lib/c.js",
        "js/demo/e.js",
    ]
    assert module_graph()[0] == DEMO_ENTRY


def test_media_cache_policy_is_the_same_in_django_and_nginx():
    """nginx's /media/ max-age equals Django's MEDIA_CACHE_SECONDS default."""
    conf = (ROOT / "deploy/nginx/kxian.conf").read_text()
    block = conf.split("location /media/", 1)[1].split("\n    }\n", 1)[0]
    ages = set(re.findall(r"max-age=(\d+)", block))
    assert ages == {str(django_settings.MEDIA_CACHE_SECONDS)}
    assert django_settings.MEDIA_CACHE_SECONDS == 7 * 24 * 3600
