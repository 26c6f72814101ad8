"""K线训练营's reader pages: the trainer, the nav entry, explainer links, the share page."""

import re

import pytest
from django.core.cache import cache

from practice import rounds
from practice.models import Round
from practice.templatetags.practice_tags import result_percent
from tests.factories import ArticleFactory
from tests.indicator_fixtures import load_series
from tests.practice_helpers import make_series, post, round_on, turn

pytestmark = pytest.mark.django_db

SITE = "https://kxian.example.cn"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def played(client, actions="bhhhs", **start):
    """A round started through the API and played through `actions`; its last state."""
    state = post(client, "/practice/api/rounds/", {"length": 60, **start}).json()
    for number, letter in enumerate(actions, start=1):
        action = {"b": "buy", "s": "sell", "h": "hold"}[letter]
        response = turn(client, state["id"], number, action)
        assert response.status_code == 200, response.content
        state = response.json()
    return state


def finished(client, actions="bhhhs", **start):
    state = played(client, actions, **start)
    rounds.stop(state["id"])
    return Round.objects.get(pk=state["id"])


def test_trainer_offers_no_indicator_or_any_of_the_seven_and_both_lengths(client):
    """/practice/ lists 不显示指标 plus seven indicators, 60 and 120 days, and the API URLs."""
    response = client.get("/practice/")
    assert response.status_code == 200
    html = response.content.decode()
    options = re.findall(r'<option value="([a-z_]*)"', html)
    assert options == ["", "cci", "bias", "macd", "williams_r", "rsi", "kdj", "boll"]
    assert re.findall(r'name="length" value="(\d+)"', html) == ["60", "120"]
    assert '<option value="" selected>' in html
    config = re.search(r'<script id="practice-config" type="application/json">(.*?)</script>', html)
    assert '"/practice/api/rounds/"' in config.group(1)
    assert '"/practice/r/ROUND_ID/"' in config.group(1)


def test_explainer_link_preselects_its_indicator_and_shows_its_settings(client):
    """?indicator=macd selects MACD and shows its three parameters at their defaults."""
    html = client.get("/practice/?indicator=macd").content.decode()
    assert '<option value="macd" selected>' in html
    assert '<div class="setup-params" data-params-for="macd">' in html
    assert '<div class="setup-params" data-params-for="kdj" hidden>' in html
    for name, default in (("fast", 12), ("slow", 26), ("signal", 9)):
        assert f'name="macd.{name}" value="{default}"' in html


def test_an_unknown_indicator_in_the_link_opens_the_trainer_without_one(client):
    """A stale or hostile ?indicator= is ignored, never a 500 or a reflected value."""
    response = client.get("/practice/?indicator=%3Cscript%3E")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
    assert '<option value="" selected>' in response.content.decode()


def test_trainer_page_has_no_inline_script_or_handler(client):
    """Strict CSP: every script has a src, except the JSON data; no on…= attributes."""
    html = client.get("/practice/").content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html)


def test_main_navigation_has_the_trainer_marked_current_on_its_page(client):
    """训练营 is in the nav everywhere, and aria-current on /practice/ only."""
    cache.clear()
    home = client.get("/").content.decode()
    assert '<a href="/practice/">训练营</a>' in home
    trainer = client.get("/practice/?indicator=rsi").content.decode()
    assert '<a href="/practice/" aria-current="page">训练营</a>' in trainer


def test_each_demonstrated_indicator_gets_a_practice_link(client):
    """An explainer links to a round per indicator its demos show, once each, in order."""
    load_series()
    body = (
        "[[indicator kdj symbol=600519]]\n\n正文\n\n[[indicator macd symbol=600519]]"
        "\n\n[[indicator kdj symbol=600519 n=5]]"
    )
    article = ArticleFactory(body_markdown=body)
    html = client.get(article.get_absolute_url()).content.decode()
    link = r'<a class="practice-link" href="([^"]+)">.*?在训练营里用 (\S+) 练一练</a>'
    links = re.findall(link, html)
    assert links == [("/practice/?indicator=kdj", "KDJ"), ("/practice/?indicator=macd", "MACD")]


def test_an_article_without_a_demo_has_no_practice_link(client):
    """Only explainers with a live demo link into the trainer."""
    article = ArticleFactory()
    assert "练一练" not in client.get(article.get_absolute_url()).content.decode()


def test_share_page_shows_the_revealed_round_its_trades_and_three_results(client):
    """Name, symbol, dates, the luck sentence, the three results and each trade's date."""
    load_series()
    round_ = finished(client, indicator="macd")
    revealed = rounds.reveal(round_)
    response = client.get(f"/practice/r/{round_.id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "贵州茅台（600519）这一局" in html
    assert f"{revealed['first_date']} 至 {revealed['last_date']}" in html
    assert revealed["luck"]["sentence"] in html
    for label in ("这一局的收益", "同期持有不动", revealed["rule"]["label"]):
        assert f"<dt>{label}</dt>" in html
    for trade in revealed["reader"]["trades"]:
        assert f"<td>{revealed['dates'][trade['day']]}</td>" in html
    assert 'href="/practice/?indicator=macd"' in html  # 我也来练一局, same indicator
    assert revealed["lab_url"].replace("&", "&amp;") in html


def test_share_page_has_an_open_graph_card_and_a_qr_code_of_its_url(client):
    """og:url is the page's absolute URL; the QR image encodes it and nothing else."""
    load_series()
    round_ = finished(client)
    url = f"{SITE}/practice/r/{round_.id}/"
    html = client.get(f"/practice/r/{round_.id}/").content.decode()
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="website">' in html
    assert f'<meta property="og:image" content="{SITE}/static/img/og-default.png">' in html
    assert f'<img data-role="share-qr" src="/practice/r/{round_.id}/qr.svg"' in html
    assert "扫一扫在手机打开、分享这一局" in html
    qr = client.get(f"/practice/r/{round_.id}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert "<svg" in qr.content.decode()


def test_share_page_carries_no_personal_data(client):
    """No reader cookie, reader key, round owner or expiry reaches the shared page."""
    load_series()
    round_ = finished(client, weekly=True)
    assert round_.reader
    other = client.__class__()  # someone who opens the link
    response = other.get(f"/practice/r/{round_.id}/")
    html = response.content.decode()
    assert round_.reader not in html
    assert "kx_reader" not in html and "expires_at" not in html and "counted" not in html
    assert "Set-Cookie" not in str(response.headers)


def test_weekly_share_page_shows_the_anonymous_histogram_with_the_round_marked(client):
    """每周挑战: 20 bars, exactly one marked as this round's, and the player count."""
    load_series()
    round_ = finished(client, weekly=True)
    html = client.get(f"/practice/r/{round_.id}/").content.decode()
    histogram = re.search(r'<ol class="weekly-histogram".*?</ol>', html, re.S).group(0)
    assert histogram.count("<li") == 20
    assert histogram.count('class="is-reader"') == 1
    assert "1 人完成挑战" in html


@pytest.mark.parametrize("path", ["/practice/r/{id}/", "/practice/r/{id}/qr.svg"])
def test_an_unfinished_round_cannot_be_shared(client, path):
    """404 while in play, with the reason in words, and nothing of the stock or its bars."""
    series = make_series([10.0 + (i % 7) * 0.1 for i in range(400)], symbol="600123")
    round_ = round_on(series)
    response = client.get(path.format(id=round_.id))
    assert response.status_code == 404
    body = response.content.decode()
    assert "600123" not in body and "测试银行" not in body
    if path.endswith("/"):
        assert "这一局还在进行中：只有结束并揭晓后的对局才能分享。" in body
        assert "no-cache" in response["Cache-Control"]  # shareable once it is finished


def test_an_unknown_round_has_no_share_page(client):
    """A made-up id answers 404 with a message, not a 500."""
    response = client.get("/practice/r/not-a-real-round-id/")
    assert response.status_code == 404
    assert "没有这一局" in response.content.decode()


@pytest.mark.parametrize(
    ("fraction", "digits", "text"),
    [
        (0.082, 1, "+8.2%"),
        (-0.034, 1, "−3.4%"),
        (0.00004, 1, "0.0%"),
        (-0.5, 0, "−50%"),
        (None, 1, "—"),
    ],
)
def test_results_are_written_with_a_sign_and_a_real_minus(fraction, digits, text):
    """Share-page figures read like the luck sentence: +8.2%, −3.4%, 0.0%."""
    assert result_percent(fraction, digits) == text
