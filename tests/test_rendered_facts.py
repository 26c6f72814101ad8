"""The renderer returns facts; the article stores them and every reader of them uses those."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.rendering import render
from indicators.embeds import Demo, EmbedError
from tests.factories import ArticleFactory, article_form
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db

BODY = (
    "前文\n\n[[indicator cci symbol=NONE]]\n\n"
    "[[indicator macd symbol=600519 fast=10]]\n\n"
    "[[indicator boll symbol=600519 k=2.5 convention=intl]]\n\n后文"
)


@pytest.fixture(autouse=True)
def moutai():
    return load_series()


def test_render_returns_each_demo_and_each_broken_embed():
    """Demos carry their id and validated settings; errors their code and Chinese message."""
    rendered = render(BODY, "markdown")
    assert rendered.demos == (
        Demo("d2", "macd", "600519", "cn", {"fast": 10, "slow": 26, "signal": 9}),
        Demo("d3", "boll", "600519", "intl", {"n": 20, "k": 2.5}),
    )
    assert rendered.errors == (
        EmbedError("[[indicator cci symbol=NONE]]", "还没有导入代码为 NONE 的行情数据"),
    )
    assert 'id="demo-d2"' in rendered.html and 'id="demo-d3"' in rendered.html
    assert rendered.excerpt == "前文 后文"


def test_render_reports_nothing_for_prose():
    """A code written inside a sentence or as code is no demo and no error."""
    rendered = render(
        "写法是 [[indicator cci symbol=600519]] 这样。\n\n    [[indicator x]]", "markdown"
    )
    assert rendered.demos == () and rendered.errors == ()


def test_the_article_stores_its_demos_and_errors():
    """Saving stores the facts as JSON; they survive a reload unchanged."""
    article = ArticleFactory(body_markdown=BODY)
    article.refresh_from_db()
    assert article.demos == [
        {
            "id": "d2",
            "indicator": "macd",
            "symbol": "600519",
            "convention": "cn",
            "params": {"fast": 10, "slow": 26, "signal": 9},
        },
        {
            "id": "d3",
            "indicator": "boll",
            "symbol": "600519",
            "convention": "intl",
            "params": {"n": 20, "k": 2.5},
        },
    ]
    assert article.embed_errors == [
        {"code": "[[indicator cci symbol=NONE]]", "message": "还没有导入代码为 NONE 的行情数据"}
    ]


def test_saving_again_refreshes_the_stored_facts():
    """An edited body replaces the facts; a fixed embed is no longer an error."""
    article = ArticleFactory(body_markdown=BODY)
    article.body_markdown = "[[indicator rsi symbol=600519 n1=5]]"
    article.save()
    article.refresh_from_db()
    assert [d["id"] for d in article.demos] == ["d1"] and article.embed_errors == []


def test_demo_assets_follow_the_stored_demos_not_the_text(client):
    """Prose that mentions data-indicator= loads no chart script; a real demo does."""
    script = "js/demo/main.js"
    prose = ArticleFactory(body_markdown='属性写作 `data-indicator="cci"`，不是演示。')
    demo = ArticleFactory(body_markdown="[[indicator cci symbol=600519]]")
    assert script not in client.get(prose.get_absolute_url()).content.decode()
    assert script in client.get(demo.get_absolute_url()).content.decode()


def test_qr_reads_the_stored_demos(client):
    """The demo-state check follows Article.demos, whatever body_html says."""
    article = ArticleFactory(body_markdown="[[indicator cci symbol=600519]]")
    Article.objects.filter(pk=article.pk).update(body_html="<p>改过的正文</p>")
    url = reverse("articles:qr", args=[article.slug])
    assert client.get(url, {"d1.n": "20"}).status_code == 200
    Article.objects.filter(pk=article.pk).update(demos=[])
    assert client.get(url, {"d1.n": "20"}).status_code == 400


def _admin_form(admin_user, body):
    return article_form(title="有演示的文章", author=admin_user.pk, body_markdown=body)


def test_admin_warns_the_author_with_each_stored_error(admin_client, admin_user):
    """Saving a body with a broken embed shows a warning naming what is wrong."""
    response = admin_client.post(
        reverse("admin:articles_article_add"), _admin_form(admin_user, BODY), follow=True
    )
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "还没有导入代码为 NONE 的行情数据" in warnings[0]


def test_admin_says_nothing_when_every_embed_works(admin_client, admin_user):
    """A body whose demos all render saves without a warning."""
    body = "[[indicator cci symbol=600519]]"
    response = admin_client.post(
        reverse("admin:articles_article_add"), _admin_form(admin_user, body), follow=True
    )
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]


def test_render_articles_brings_stale_bodies_up_to_date():
    """After an upgrade, `manage.py render_articles` renders stored bodies again."""
    import io

    from django.core.management import call_command

    from core import pagecache

    article = ArticleFactory(body_markdown="[[indicator cci symbol=600519]]")
    fresh = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(body_html="<p>旧模板</p>", demos=[])
    version = pagecache.current_version()
    out = io.StringIO()
    call_command("render_articles", stdout=out)
    again = Article.objects.get(pk=article.pk)
    assert again.body_html == fresh.body_html and again.demos == fresh.demos
    assert again.updated_at == fresh.updated_at  # an upgrade is not an edit
    assert "1 篇" in out.getvalue() and pagecache.current_version() != version
    call_command("render_articles", stdout=out)
    assert "0 篇" in out.getvalue()
