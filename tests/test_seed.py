"""`manage.py seed_demo`: a fresh site gets real content, and running it again adds nothing."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command

from articles.models import Article, AuthorProfile, Category
from comments.models import Comment
from indicators.models import PriceSeries

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "articles": Article.objects.count(),
        "authors": AuthorProfile.objects.count(),
        "categories": Category.objects.count(),
        "comments": Comment.objects.count(),
        "series": PriceSeries.objects.count(),
    }


def test_seed_demo_is_complete_and_idempotent(media_root):
    """Two authors, categories, six published articles with covers, comments; twice = once."""
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first
    assert first["authors"] >= 2 and first["categories"] >= 2 and first["comments"] >= 10
    published = Article.objects.published()
    assert published.count() >= 6
    assert all(article.cover and article.cover_thumb for article in published)
    assert all(article.thumb_srcset and article.cover_srcset for article in published)
    titles = " ".join(published.values_list("title", flat=True))
    for subject in ("CCI", "BIAS", "MACD", "威廉", "券商"):
        assert subject in titles
    assert len({a.view_count for a in published}) == published.count()  # varied counts


def test_indicator_articles_embed_live_demos(media_root):
    """The CCI, BIAS, MACD and Williams %R articles each carry a working demo figure."""
    call_command("seed_demo", verbosity=0)
    for slug_part, indicator in (
        ("cci", "cci"),
        ("bias", "bias"),
        ("macd", "macd"),
        ("williams", "williams_r"),
    ):
        article = Article.objects.get(slug__startswith=slug_part)
        assert f'data-indicator="{indicator}"' in article.body_html
        assert "embed-error" not in article.body_html


def test_seeded_comments_get_the_status_a_readers_would(media_root, settings):
    """Demo comments go through the comment form's decision: premoderation holds them all."""
    settings.COMMENTS_PREMODERATE = True
    call_command("seed_demo", verbosity=0)
    readers = Comment.objects.filter(user=None)
    assert readers.exists()
    assert set(readers.values_list("status", flat=True)) == {Comment.Status.HELD}
    assert set(Comment.objects.exclude(user=None).values_list("status", flat=True)) == {
        Comment.Status.APPROVED  # the demo authors are staff, published at once
    }


def test_every_explainer_with_a_demo_links_to_the_lab(client, media_root):
    """Each indicator article points its readers to the lab, at a signal that exists."""
    import re

    from indicators import lab

    call_command("seed_demo", verbosity=0)
    with_demos = [a for a in Article.objects.published() if a.demos]
    assert len(with_demos) >= 7
    for article in with_demos:
        keys = re.findall(r'href="/indicators/lab/\?signal=([a-z_.0-9]+)"', article.body_html)
        assert keys, article.title
        assert all(lab.find_signal(key) for key in keys)
        assert article.demos[0]["indicator"] == keys[0].split(".")[0]
    assert client.get(f"/indicators/lab/?signal={keys[0]}").status_code == 200


def test_reseeding_brings_corrected_lessons_to_unedited_articles(media_root, admin_user):
    """A re-seed replaces an outdated demo text, but never one an editor changed in the admin."""
    call_command("seed_demo", verbosity=0)
    shipped = Article.objects.get(slug="cci-shun-shi-zhi-biao")
    edited = Article.objects.get(slug="macd-zhi-biao-ru-men")
    old = "旧版正文：上穿 +100 进入超买区。\n"
    Article.objects.filter(pk__in=[shipped.pk, edited.pk]).update(body_markdown=old)
    LogEntry.objects.log_actions(
        admin_user.pk, [edited], CHANGE, change_message="编辑改过", single_object=True
    )
    before = Article.objects.get(pk=shipped.pk).updated_at
    call_command("seed_demo", verbosity=0)
    shipped.refresh_from_db()
    assert "进入强势区" in shipped.body_markdown and "进入强势区" in shipped.body_html
    assert shipped.updated_at > before  # the page says it changed
    assert Article.objects.get(pk=edited.pk).body_markdown == old
    stamp = shipped.updated_at
    call_command("seed_demo", verbosity=0)
    shipped.refresh_from_db()
    assert shipped.updated_at == stamp  # nothing to change: nothing saved


def test_every_menu_item_of_the_demo_opens_on_articles(media_root, client):
    """Each category the seeded menu shows has a live article; none opens empty."""
    from articles import navigation
    from articles.models import Category

    call_command("seed_demo", verbosity=0)
    menu = navigation.nav_html("/")
    shown = [c for c in Category.objects.all() if f'href="{c.get_absolute_url()}"' in menu]
    assert len(shown) == Category.objects.count()
    for category in shown:
        assert Article.objects.published().filter(category=category).exists(), category
        assert "这里还没有文章" not in client.get(category.get_absolute_url()).content.decode()


def test_seeding_joins_tags_an_editor_spelt_another_way(media_root):
    """A site whose editors already made "macd" (and "超買超賣"): the demo's MACD articles
    take those tags instead of failing on the one-name-one-tag rule."""
    from articles.models import Tag

    macd = Tag.objects.create(name="macd")
    overbought = Tag.objects.create(name="超買超賣")
    call_command("seed_demo", verbosity=0)
    assert not Tag.objects.filter(name__in=["MACD", "超买超卖"]).exists()
    assert Article.objects.filter(tags=macd).exists()
    assert Article.objects.filter(tags=overbought).count() >= 2
