"""The search index stays current: saving, publishing, tagging and deleting update it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from search.models import SearchDocument
from tests.factories import ArticleFactory, TagFactory
from tests.search_helpers import result_titles, search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Every article brings a new author: a cheap hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_editing_a_body_updates_the_index(client):
    """Words added to a body are found at once; words taken out are not."""
    article = ArticleFactory(title="会改的文章", body_markdown="先讲布林线。")
    article.body_markdown = "改成讲乖离率。"
    article.save()
    assert result_titles(search(client, "乖离率")) == ["会改的文章"]
    assert result_titles(search(client, "布林")) == []


def test_editing_a_title_updates_the_index(client):
    """A new title is searchable and ranks as a title hit."""
    article = ArticleFactory(title="旧标题", body_markdown="正文。")
    article.title = "顺势指标详解"
    article.save()
    assert result_titles(search(client, "顺势指标")) == ["顺势指标详解"]
    assert result_titles(search(client, "旧标题")) == []


def test_publish_and_unpublish(client):
    """A draft appears when published and disappears when taken back to draft."""
    article = ArticleFactory(title="待发布", body_markdown="超买区。", draft=True)
    assert result_titles(search(client, "超买")) == []
    article.status = Article.Status.PUBLISHED
    article.save()
    assert result_titles(search(client, "超买")) == ["待发布"]
    article.status = Article.Status.DRAFT
    article.save()
    assert result_titles(search(client, "超买")) == []


def test_scheduled_article_appears_when_its_time_comes_without_reindexing(client, no_page_cache):
    """Visibility is decided at query time, so no job has to touch the index."""
    # (The page cache's own clock for scheduled articles is tested in test_page_cache.)
    article = ArticleFactory(title="定时发布", body_markdown="死叉。", scheduled=True)
    assert result_titles(search(client, "死叉")) == []
    # A bulk update sends no signal: the index is not touched at all.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert result_titles(search(client, "死叉")) == ["定时发布"]


def test_deleting_an_article_removes_it_from_the_index(client):
    """A deleted article leaves no document and no index entry behind."""
    article = ArticleFactory(title="将删除", body_markdown="均线。")
    ArticleFactory(title="留下的", body_markdown="均线。")
    article.delete()
    assert result_titles(search(client, "均线")) == ["留下的"]
    assert SearchDocument.objects.count() == 1


def test_tags_added_renamed_removed_and_deleted(client):
    """Tag changes from either side of the relation reach the index."""
    article = ArticleFactory(title="打标签", body_markdown="正文。")
    tag = TagFactory(name="背离")
    article.tags.add(tag)
    assert result_titles(search(client, "背离")) == ["打标签"]
    tag.name = "顶背离"
    tag.save()
    assert result_titles(search(client, "顶背离")) == ["打标签"]
    article.tags.remove(tag)
    assert result_titles(search(client, "背离")) == []
    tag.articles.add(article)
    assert result_titles(search(client, "背离")) == ["打标签"]
    tag.articles.clear()
    assert result_titles(search(client, "背离")) == []
    article.tags.set([tag])
    tag.delete()
    assert result_titles(search(client, "背离")) == []


def test_rebuild_command_restores_a_lost_index(client):
    """rebuild_search_index makes every article's document again."""
    ArticleFactory(title="重建", body_markdown="金叉。")
    SearchDocument.objects.all().delete()
    assert result_titles(search(client, "金叉")) == []
    call_command("rebuild_search_index", verbosity=0)
    assert result_titles(search(client, "金叉")) == ["重建"]


def test_seed_demo_articles_are_searchable(client, media_root):
    """The demo content is indexed as it is created."""
    call_command("seed_demo", verbosity=0)
    assert SearchDocument.objects.count() == Article.objects.count()
    assert "BIAS 乖离率：价格离均线太远时会发生什么" in result_titles(search(client, "乖离率"))
    assert any("CCI" in title for title in result_titles(search(client, "顺势指标")))
