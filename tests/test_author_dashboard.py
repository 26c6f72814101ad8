"""我的数据: each author's own numbers, right and in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import dashboard
from articles.models import Article, DailyViews
from articles.roles import AUTHOR_GROUP, EDITOR_GROUP
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, member

pytestmark = pytest.mark.django_db
URL = "admin:articles_authorstats_changelist"


def with_views(article, per_day: dict[int, int]):
    """Daily views `days ago -> views`, and the article's total to match."""
    today = timezone.localdate()
    DailyViews.objects.bulk_create(
        DailyViews(article=article, date=today - timedelta(days=ago), views=views)
        for ago, views in per_day.items()
    )
    Article.objects.filter(pk=article.pk).update(view_count=sum(per_day.values()))
    return article


def test_numbers_per_article_and_the_best_of_7_and_30_days(client, staff_roles):
    """Views over 7/30 days, comments and held comments per article; the best lists rank
    by the window's views."""
    author = member(AUTHOR_GROUP)
    old_hit = with_views(ArticleFactory(author=author, title="老文章"), {20: 500, 3: 1})
    new_hit = with_views(ArticleFactory(author=author, title="新文章"), {0: 40, 6: 2, 7: 1000})
    CommentFactory.create_batch(2, article=new_hit)
    CommentFactory(article=new_hit, status=Comment.Status.HELD)
    ArticleFactory(title="别人的文章")
    numbers = dashboard.build(dashboard.scoped_articles(author), days=30)
    by_title = {row.title: row for row in numbers.rows}
    assert set(by_title) == {"老文章", "新文章"}
    assert (by_title["新文章"].views_7, by_title["新文章"].views_30) == (42, 1042)
    assert (by_title["老文章"].views_7, by_title["老文章"].views_30) == (1, 501)
    assert by_title["新文章"].held_count == 1 and by_title["新文章"].comment_count == 2
    assert [row.title for row in numbers.best_7] == ["新文章", "老文章"]
    assert [row.title for row in numbers.best_30] == ["新文章", "老文章"]
    series = {item["title"]: item["values"] for item in numbers.chart["series"]}
    assert len(numbers.chart["dates"]) == 30 and series["新文章"][-1] == 40
    assert sum(series["老文章"]) == 501 and old_hit.pk != new_hit.pk


def test_page_shows_the_numbers_and_chart_data(client, staff_roles):
    """The page lists the author's articles with their numbers and the chart's data."""
    author = member(AUTHOR_GROUP)
    with_views(ArticleFactory(author=author, title="均线<入门>"), {1: 7, 2: 5})
    client.force_login(author)
    response = client.get(reverse(URL))
    html = response.content.decode()
    assert response.status_code == 200 and "我的数据" in html
    assert "均线&lt;入门&gt;" in html and "均线<入门>" not in html.split("dashboard-data")[0]
    assert '<td class="number views-7">12</td>' in html
    assert 'id="dashboard-data"' in html and "<script>" not in html.replace(
        '<script id="dashboard-data" type="application/json">', ""
    )


def test_editor_sees_every_author_and_filters_by_one(client, staff_roles):
    """Editors see everyone's articles, can pick an author by pen name, and a bad choice
    is an error on the form, not a 500."""
    editor, author = member(EDITOR_GROUP), member(AUTHOR_GROUP)
    ArticleFactory(author=author, title="作者的文章")
    ArticleFactory(title="另一位的文章")
    client.force_login(editor)
    html = client.get(reverse(URL)).content.decode()
    assert "作者的文章" in html and "另一位的文章" in html
    assert author.author_profile.display_name in html
    html = client.get(reverse(URL), {"author": author.pk}).content.decode()
    assert "作者的文章" in html and "另一位的文章" not in html
    response = client.get(reverse(URL), {"author": "x", "days": "999"})
    assert response.status_code == 200 and "筛选条件有误" in response.content.decode()
    html = client.get(reverse(URL), {"author": author.pk, "days": "999"}).content.decode()
    assert "筛选条件有误" in html and "另一位的文章" not in html


def test_author_cannot_pick_someone_else(client, staff_roles):
    """An author asking for another author's numbers still sees only their own."""
    author, other = member(AUTHOR_GROUP), member(AUTHOR_GROUP)
    ArticleFactory(author=other, title="同事的文章")
    client.force_login(author)
    html = client.get(reverse(URL), {"author": other.pk}).content.decode()
    assert "同事的文章" not in html


def _queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(URL), {"days": 90})
    assert response.status_code == 200
    return len([q for q in captured.captured_queries if "django_cache" not in q["sql"]])


@pytest.mark.parametrize("role", [AUTHOR_GROUP, EDITOR_GROUP])
def test_query_count_does_not_grow_with_articles_views_or_comments(client, staff_roles, role):
    """Two and twenty articles, with views and comments, cost the same number of queries."""
    user = member(role)

    def add(count):
        for _ in range(count):
            article = with_views(ArticleFactory(author=user), {0: 3, 5: 4, 40: 9})
            CommentFactory(article=article)
            CommentFactory(article=article, status=Comment.Status.HELD)

    add(2)
    small = _queries(client, user)
    add(18)
    assert _queries(client, user) == small
