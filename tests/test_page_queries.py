"""What the home, article and category pages cost and show: exact query counts (the page
cache off, its own and the sidebar's cache reads left out), and the markup of the
pieces a reader scans: the meta line, a comment, a hot-articles item."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles import hot
from articles.models import DailyViews
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db

# Count of the page, then its rows (author, profile and category joined in, and the
# comment count read from the article row).
LIST_QUERIES = 2
# The article (author, profile and category joined in), its tags, its approved comments.
ARTICLE_QUERIES = 3


def _site(size):
    """`size` articles in one category, each with two approved comments and one held."""
    category = CategoryFactory()
    articles = ArticleFactory.create_batch(size, category=category)
    for article in articles:
        CommentFactory.create_batch(2, article=article)
        CommentFactory(article=article, status="held")
    return category, articles


@pytest.mark.parametrize("size", [2, 12])
def test_home_page_query_count(no_page_cache, client, page_queries, size):
    """The home page makes the same few queries however many articles and comments."""
    _site(size)
    client.get("/")  # warms the sidebar and navigation fragments
    with page_queries() as queries:
        assert client.get("/").status_code == 200
    assert len(queries) == LIST_QUERIES, queries


@pytest.mark.parametrize("size", [2, 12])
def test_category_page_query_count(no_page_cache, client, page_queries, size):
    """A category page adds only the category itself to a list page's queries."""
    category, _ = _site(size)
    client.get(category.get_absolute_url())
    with page_queries() as queries:
        assert client.get(category.get_absolute_url()).status_code == 200
    assert len(queries) == 1 + LIST_QUERIES, queries


@pytest.mark.parametrize("comments", [1, 40])
def test_article_page_query_count(no_page_cache, client, page_queries, comments):
    """An article page's queries do not grow with its comments."""
    article = ArticleFactory()
    tops = CommentFactory.create_batch(comments, article=article)
    CommentFactory(article=article, parent=tops[0], reply_to=tops[0])
    client.get(article.get_absolute_url())  # warms the fragments and the neighbour links
    with page_queries() as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert len(queries) == ARTICLE_QUERIES, queries


def test_list_meta_line_counts_approved_comments_only(client):
    """A list row's meta line: author, date, category, 阅读 and the approved comments."""
    category, (article, _) = _site(2)
    profile = article.author.author_profile
    published = timezone.localtime(article.published_at)
    stamp = published.replace(microsecond=0).isoformat()  # HTML takes no microseconds
    assertContains(
        client.get(category.get_absolute_url()),
        f"""<p class="meta">
          <a class="meta-author" href="{profile.get_absolute_url()}">{profile.display_name}</a>
          <time datetime="{stamp}">{published:%Y-%m-%d}</time>
          <a class="meta-category" href="{category.get_absolute_url()}">{category.name}</a>
          <span class="meta-count">阅读 <span data-role="view-count">0</span></span>
          <span class="meta-count">评论 2</span>
        </p>""",
        html=True,
    )


def test_article_shows_its_approved_comments_and_their_count(client):
    """The byline and the section heading give the same count; a comment's markup."""
    article = ArticleFactory()
    comment = CommentFactory(article=article, name="稳健的老刘", body="看完明白了。")
    CommentFactory(article=article, status="held")
    response = client.get(article.get_absolute_url())
    assertContains(response, '<a href="#comments">评论 1</a>', html=True)
    assertContains(
        response,
        '<h2 class="comments-title" id="comments-title">'
        '评论 <span data-role="comment-count">1</span></h2>',
        html=True,
    )
    created = timezone.localtime(comment.created_at)
    stamp = created.replace(microsecond=0).isoformat()
    assertContains(
        response,
        f"""<article class="comment" id="c-{comment.pk}">
          <header class="comment-meta">
            <span class="comment-avatar" aria-hidden="true">稳</span>
            <span class="comment-name">稳健的老刘</span>
            <a class="comment-time" href="#c-{comment.pk}">
              <time datetime="{stamp}">{created:%Y-%m-%d %H:%M}</time></a>
          </header>
          <div class="comment-body"><p>看完明白了。</p></div>
          <p class="comment-actions"><a class="comment-reply-link"
            href="{reverse("comments:post", args=[article.slug])}?reply={comment.pk}" rel="nofollow"
            data-role="reply" data-reply-to="{comment.pk}" data-reply-name="稳健的老刘">回复</a></p>
        </article>""",
        html=True,
    )


def test_hot_articles_item(client):
    """A hot-articles item links the article with its title and excerpt."""
    article = ArticleFactory(summary="读懂 MACD 的金叉和死叉。")
    DailyViews.objects.create(article=article, date=timezone.localdate(), views=50)
    hot.invalidate()
    assertContains(
        client.get("/"),
        f"""<li class="hot-item"><a href="{article.get_absolute_url()}" class="hot-link">
          <span class="hot-thumb hot-thumb-empty" aria-hidden="true">1</span>
          <span class="hot-text">
            <span class="hot-title">{article.title}</span>
            <span class="hot-excerpt">读懂 MACD 的金叉和死叉。</span>
          </span>
        </a></li>""",
        html=True,
    )
