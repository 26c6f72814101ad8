"""Live-demo embeds: one line in Markdown or rich text becomes a chart figure."""

import json

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def moutai():
    return load_series()


def test_markdown_embed_becomes_a_figure_with_its_settings():
    """The figure carries the indicator, symbol, convention, parameters and API URL."""
    article = ArticleFactory(
        body_markdown="前文\n\n[[indicator macd symbol=600519 fast=10 slow=30 signal=9]]\n\n后文"
    )
    html = article.body_html
    assert '<figure class="indicator-demo" id="demo-d1" data-demo-id="d1"' in html
    assert 'data-indicator="macd"' in html and 'data-symbol="600519"' in html
    assert 'data-convention="cn"' in html and 'data-api="/api/indicators/macd/"' in html
    params = html.split('data-params="')[1].split('"')[0].replace("&quot;", '"')
    assert json.loads(params) == {"fast": 10, "slow": 30, "signal": 9}
    assert "<p><figure" not in html  # the paragraph wrapper is replaced, not nested


def test_rich_text_embed_works_the_same():
    """CKEditor output (with &nbsp;) embeds the same way."""
    article = ArticleFactory(
        body_format=Article.BodyFormat.RICH_TEXT,
        body_rich="<p>[[indicator&nbsp;cci symbol=600519 n=20 convention=intl]]</p>",
    )
    assert 'data-indicator="cci"' in article.body_html
    assert 'data-convention="intl"' in article.body_html


def test_defaults_fill_missing_parameters_and_demos_are_numbered():
    """Unspecified parameters take the indicator's defaults; each demo has its own id."""
    article = ArticleFactory(
        body_markdown="[[indicator kdj symbol=600519]]\n\n[[indicator boll symbol=600519]]"
    )
    assert 'id="demo-d1"' in article.body_html and 'id="demo-d2"' in article.body_html
    assert "参数 RSV周期 9、K平滑周期 3、D平滑周期 3，国内口径。" in article.body_html


def test_without_javascript_the_figure_explains_itself():
    """The fallback names the data, the settings and the formula."""
    html = ArticleFactory(body_markdown="[[indicator bias symbol=600519 n=12]]").body_html
    assert "贵州茅台（600519）日线" in html and "参数 周期 12，" in html
    assert "BIAS=(C−MA(C,N))/MA(C,N)×100" in html


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("[[indicator nope symbol=600519]]", "未知指标"),
        ("[[indicator cci symbol=600519 n=0]]", "n 必须是"),
        ("[[indicator cci symbol=XYZ]]", "XYZ"),
        ("[[indicator cci]]", "symbol"),
        ("[[indicator macd symbol=600519 fast=30 slow=20]]", "fast"),
        ("[[indicator cci symbol=600519 n]]", "参数=值"),
        ("[[indicator cci symbol=600519 n=5 n=6]]", "两次"),
        ("[[indicator cci symbol=600519 colour=red]]", "colour"),
    ],
)
def test_invalid_embed_explains_itself_to_the_author(code, message):
    """A bad embed renders a clear note (shown in preview) instead of breaking the page."""
    html = ArticleFactory(body_markdown=f"前文\n\n{code}\n\n后文").body_html
    assert 'class="embed-error"' in html and message in html
    assert "data-indicator" not in html and "前文" in html and "后文" in html


def test_embed_markup_cannot_smuggle_html():
    """Quotes and tags inside an embed never become attributes or elements."""
    html = ArticleFactory(
        body_markdown='[[indicator cci symbol=600519" onmouseover="alert(1)]]'
    ).body_html
    assert "onmouseover=" not in html.replace("onmouseover=&quot;", "")


def test_demo_assets_load_only_on_pages_with_a_demo(client):
    """The chart library is requested by pages that embed a demo, and only by them."""
    with_demo = ArticleFactory(body_markdown="[[indicator cci symbol=600519]]")
    without = ArticleFactory()
    script = "vendor/lightweight-charts/lightweight-charts.standalone.production.js"
    assert script in client.get(with_demo.get_absolute_url()).content.decode()
    assert script not in client.get(without.get_absolute_url()).content.decode()


def test_embed_api_url_answers(client):
    """The URL written into the figure is the working API."""
    ArticleFactory(body_markdown="[[indicator rsi symbol=600519 n1=5]]")
    response = client.get(reverse("indicators:api", args=["rsi"]), {"symbol": "600519", "n1": 5})
    assert response.status_code == 200


def test_preview_marks_the_page_so_embed_errors_show(client, admin_client):
    """Readers' pages hide embed errors; the staff preview is marked to show them."""
    article = ArticleFactory(body_markdown="[[indicator cci symbol=NONE]]")
    public = client.get(article.get_absolute_url()).content.decode()
    preview = admin_client.get(reverse("articles:preview", args=[article.pk])).content.decode()
    assert 'class="article-page"' in public
    assert 'class="article-page is-preview"' in preview and "embed-error" in preview


def test_render_again_picks_up_a_newly_imported_series(admin_client):
    """After importing a series, the admin action turns the author's error into a demo."""
    article = ArticleFactory(body_markdown="[[indicator cci symbol=NEW]]")
    assert "embed-error" in article.body_html
    load_series(symbol="NEW", name="新股")
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "render_again", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert 'data-symbol="NEW"' in article.body_html
