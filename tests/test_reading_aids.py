"""Reading time, heading anchors and table of contents, related articles, 上一篇/下一篇."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from articles import neighbours
from articles.neighbours import Link
from articles.outline import anchor_headings, outline, reading_minutes
from articles.rendering import render_body
from tests.factories import ArticleFactory, CategoryFactory, TagFactory
from tests.pages import main_content

pytestmark = pytest.mark.django_db


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.headings = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag in ("h2", "h3", "h4"):
            self.headings.append(attrs.get("id"))


def ids_of(html):
    parser = Ids()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("", 1),
        ("字" * 399, 1),
        ("字" * 401, 2),
        ("字" * 2000, 5),
        ("word " * 400, 2),
        ("字" * 400 + " MACD" * 200, 2),
        ("字" * 400 + " MACD" * 201, 3),
    ],
)
def test_reading_minutes_use_chinese_and_latin_speeds(text, minutes):
    """400 Chinese characters or 200 words a minute, rounded up, at least one minute."""
    assert reading_minutes(text) == minutes


def test_reading_time_is_stored_on_save_and_shown_in_the_byline(client):
    """Saving computes the minutes from the body; the byline reads 约 N 分钟读完."""
    article = ArticleFactory(body_markdown="段落。" + "字" * 1300)
    assert article.reading_minutes == 4
    article.body_markdown = "短文。"
    article.save()
    article.refresh_from_db()
    assert article.reading_minutes == 1
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="reading-time">约 1 分钟读完</span>' in html


def test_an_authors_own_toc_list_is_not_counted_as_reading():
    """The [TOC] list repeats headings: it adds nothing to the reading time."""
    headings = "".join(f"## 第{n}节标题很长很长很长很长\n\n正文。\n\n" for n in range(40))
    with_toc = ArticleFactory(body_markdown="[TOC]\n\n" + headings)
    without = ArticleFactory(body_markdown=headings)
    assert with_toc.reading_minutes == without.reading_minutes


@pytest.mark.parametrize("body_format", ["markdown", "richtext"])
def test_headings_get_unique_prefixed_ids(body_format):
    """Every heading has an id starting with h-, unique even for repeated titles."""
    source = (
        "## 金叉\n\n文\n\n## 金叉\n\n### MACD & KDJ\n\n## ！！\n\n文"
        if body_format == "markdown"
        else "<h2>金叉</h2><p>文</p><h2>金叉</h2><h3>MACD &amp; KDJ</h3><h2>！！</h2><p>文</p>"
    )
    found = ids_of(render_body(source, body_format)).headings
    assert len(found) == 4 and len(set(found)) == 4
    assert all(heading and heading.startswith("h-") and len(heading) > 2 for heading in found)
    assert found[0] == "h-金叉"


@pytest.mark.parametrize("taken", ["main", "comments", "share-title", "related-title", "h-"])
def test_author_ids_cannot_take_a_site_elements_id(taken):
    """An id an author typed is prefixed, and a link to it follows the new id."""
    source = f'<h2 id="{taken}">小节</h2><p><a href="#{taken}">跳到小节</a></p>'
    html = render_body(source, "richtext")
    parsed = ids_of(html)
    assert taken not in parsed.ids
    (new,) = parsed.headings
    assert new.startswith("h-") and f'href="#{new}"' in html


def test_anchoring_is_stable_and_idempotent():
    """Rendering again gives the same ids, so links to a section keep working."""
    html = render_body("## 背离\n\n### 顶背离\n\n## 背离\n\n文", "markdown")
    assert anchor_headings(html) == html
    assert render_body("## 背离\n\n### 顶背离\n\n## 背离\n\n文", "markdown") == html


def test_outline_lists_h2_and_h3_in_order():
    """The outline keeps the order, level and text of h2/h3; deeper headings stay out."""
    html = render_body("## 一、原理\n\n### 公式 **N**\n\n#### 细节\n\n## 二、用法", "markdown")
    assert outline(html) == [
        {"id": "h-一原理", "text": "一、原理", "level": 2},
        {"id": "h-公式-n", "text": "公式 N", "level": 3},
        {"id": "h-二用法", "text": "二、用法", "level": 2},
    ]


def _toc(client, article):
    html = main_content(client.get(article.get_absolute_url()))
    return html if 'aria-label="目录"' in html else None


def test_long_articles_get_a_table_of_contents(client):
    """Three or more headings: a 目录 nav links to each heading's id on the page."""
    article = ArticleFactory(body_markdown="## 原理\n\n文\n\n### 公式\n\n文\n\n## 用法\n\n文")
    html = _toc(client, article)
    assert html is not None
    for heading in article.toc:
        assert f'<a href="#{heading["id"]}">{heading["text"]}</a>' in html
        assert f'id="{heading["id"]}"' in html


def test_two_headings_in_a_long_text_get_a_table_of_contents(client):
    """A long text with two sections gets one too; a short one does not."""
    long = ArticleFactory(body_markdown="## 上\n\n" + "字" * 1000 + "\n\n## 下\n\n" + "字" * 700)
    short = ArticleFactory(body_markdown="## 上\n\n短。\n\n## 下\n\n短。")
    assert _toc(client, long) is not None
    assert _toc(client, short) is None


def test_no_second_table_of_contents_when_the_author_used_toc(client):
    """[TOC] in Markdown already lists the headings: the page adds none of its own."""
    article = ArticleFactory(body_markdown="[TOC]\n\n## 一\n\n## 二\n\n## 三\n\n文")
    html = main_content(client.get(article.get_absolute_url()))
    assert 'aria-label="目录"' not in html and html.count('class="toc"') == 1


def test_related_articles_rank_by_shared_tags_then_category_then_recency(client):
    """Two shared tags beat one; a shared tag beats the category; newer breaks ties."""
    now = timezone.now()
    category, other = CategoryFactory(), CategoryFactory()
    macd, kdj, rsi = TagFactory(), TagFactory(), TagFactory()

    def make(title, days, tags=(), cat=other):
        made = ArticleFactory(title=title, category=cat, published_at=now - timedelta(days=days))
        made.tags.add(*tags)
        return made

    article = make("本文", 1, (macd, kdj, rsi), category)
    two_tags_old = make("两标签旧", 30, (macd, kdj))
    one_tag_same_cat = make("一标签同类", 20, (rsi,), category)
    one_tag_new = make("一标签新", 2, (kdj,))
    make("同类无标签旧", 40, (), category)
    make("无关", 3)
    ArticleFactory(draft=True, category=category).tags.add(macd, kdj, rsi)
    related = client.get(article.get_absolute_url()).context["related_articles"]
    assert [a.title for a in related] == [
        two_tags_old.title,
        one_tag_same_cat.title,
        one_tag_new.title,
        "同类无标签旧",
    ]


def test_related_articles_with_no_tags_are_the_category(client):
    """Without tags, the category's newest other articles are related; nothing else."""
    category = CategoryFactory()
    article = ArticleFactory(category=category)
    sibling = ArticleFactory(category=category)
    ArticleFactory()
    related = client.get(article.get_absolute_url()).context["related_articles"]
    assert related == [Link.of(sibling)]


def test_previous_and_next_stay_in_the_category(client):
    """上一篇/下一篇 skip other categories' articles published in between."""
    now = timezone.now()
    category = CategoryFactory()
    older = ArticleFactory(category=category, published_at=now - timedelta(days=5))
    ArticleFactory(published_at=now - timedelta(days=4))
    middle = ArticleFactory(category=category, published_at=now - timedelta(days=3))
    ArticleFactory(published_at=now - timedelta(days=2))
    newer = ArticleFactory(category=category, published_at=now - timedelta(days=1))
    ArticleFactory(category=category, scheduled=True)
    context = client.get(middle.get_absolute_url()).context
    assert (context["previous_article"], context["next_article"]) == links(older, newer)
    html = main_content(client.get(middle.get_absolute_url()))
    assert f'rel="prev" href="{older.get_absolute_url()}"' in html
    assert f'rel="next" href="{newer.get_absolute_url()}"' in html
    newest = client.get(newer.get_absolute_url()).context
    assert newest["next_article"] is None and newest["previous_article"] == Link.of(middle)


def test_articles_without_category_use_the_whole_site(client):
    """An uncategorised article's neighbours come from all published articles."""
    now = timezone.now()
    before = ArticleFactory(published_at=now - timedelta(days=3))
    loose = ArticleFactory(category=None, published_at=now - timedelta(days=2))
    after = ArticleFactory(published_at=now - timedelta(days=1))
    context = client.get(loose.get_absolute_url()).context
    assert (context["previous_article"], context["next_article"]) == links(before, after)


def test_same_publish_time_still_gives_a_strict_order(client):
    """Articles published at the same moment are ordered by id, none skipped or repeated."""
    when = timezone.now() - timedelta(hours=2)
    category = CategoryFactory()
    first, second, third = ArticleFactory.create_batch(3, category=category, published_at=when)
    context = client.get(second.get_absolute_url()).context
    assert (context["previous_article"], context["next_article"]) == links(first, third)


@pytest.mark.parametrize("size", [2, 10])
def test_article_page_queries_do_not_grow_with_related_articles(
    no_page_cache, client, page_queries, size
):
    """Related and neighbour lookups cost the same however many articles share tags."""
    tags = TagFactory.create_batch(3)
    category = CategoryFactory()
    for other in ArticleFactory.create_batch(size, category=category):
        other.tags.add(*tags)
    article = ArticleFactory(category=category)
    article.tags.add(*tags)
    client.get(article.get_absolute_url())  # warms the sidebar and navigation
    neighbours.changed()
    with page_queries() as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    # Article, tags, comments; then related, previous, next and the next publish time.
    assert len(queries) == 7, queries
    with page_queries() as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert len(queries) == 3, queries  # the neighbours are cached until articles change


def links(*articles):
    return tuple(Link.of(a) for a in articles)
