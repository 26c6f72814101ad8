"""The QR endpoint checks a reader's demo state with the API's own validator."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory
from tests.indicator_fixtures import load_series
from tests.qr_helpers import decode_svg

pytestmark = pytest.mark.django_db

EMBEDS = {
    "macd": "[[indicator macd symbol=600519]]",
    "macd_wide": "[[indicator macd symbol=600519 fast=5 slow=60 signal=9]]",
    "boll": "[[indicator boll symbol=600519 n=20 k=2]]",
    "kdj": "[[indicator kdj symbol=600519]]",
}

# (the article's one demo, the reader's change): each is a state the API answers with 400.
REFUSED = [
    ("macd", {"fast": "26"}),  # fast equal to the embed's slow
    ("macd", {"fast": "40"}),  # fast above the embed's slow
    ("macd", {"slow": "12"}),  # slow down to the embed's fast
    ("macd", {"slow": "5", "fast": "6"}),
    ("macd_wide", {"fast": "60"}),
    ("macd_wide", {"slow": "4"}),
    ("macd", {"signal": "0"}),
    ("macd", {"fast": "1.5"}),
    ("boll", {"k": "0"}),
    ("boll", {"k": "nan"}),
    ("boll", {"n": "251"}),
    ("kdj", {"m1": "-3"}),
    ("kdj", {"convention": "us"}),
    ("kdj", {"convention": ""}),
    # Text that is not a number in the API's sense, in every shape a reader might send.
    ("macd", {"fast": ""}),
    ("macd", {"fast": " "}),
    ("macd", {"fast": "1e1"}),
    ("macd", {"fast": "0x10"}),
    ("macd", {"fast": "-5"}),
    ("macd", {"fast": "99999999999"}),
    ("boll", {"k": "inf"}),
    ("boll", {"k": "1e999"}),
    ("boll", {"k": "2,5"}),
    # Names the indicator does not have: the API's own message, not a second wording.
    ("macd", {"n": "5"}),
    ("boll", {"fast": "5"}),
    ("kdj", {"": "5"}),
]


def _embed_settings(source: str) -> dict[str, str]:
    words = source.strip("[]").split()[2:]
    return dict(word.split("=", 1) for word in words)


@pytest.mark.parametrize(("demo", "change"), REFUSED)
def test_qr_refuses_every_state_the_api_refuses(client, demo, change):
    """A demo state the indicator API rejects is a 400 with the API's message at the QR URL."""
    load_series()
    source = EMBEDS[demo]
    indicator = source.split()[1]
    article = ArticleFactory(body_markdown=source)
    api = client.get(
        reverse("indicators:api", args=[indicator]), {**_embed_settings(source), **change}
    )
    assert api.status_code == 400
    query = {f"d1.{name}": value for name, value in change.items()}
    qr = client.get(reverse("articles:qr", args=[article.slug]), query)
    assert qr.status_code == 400
    assert qr.json()["error"]["message"] == api.json()["error"]["message"]
    assert qr.json()["error"]["param"].startswith("d1.")
    assert "max-age" not in qr.get("Cache-Control", "")


def test_qr_accepts_a_change_that_keeps_fast_below_slow(client, settings):
    """Moving fast and slow together stays valid and is encoded, normalised."""
    settings.SITE_URL = "https://kxian.example.cn"
    load_series()
    article = ArticleFactory(slug="macd-demo", body_markdown=EMBEDS["macd"])
    url = reverse("articles:qr", args=[article.slug]) + "?d1.slow=+40&d1.fast=30"
    response = client.get(url)
    assert response.status_code == 200
    assert decode_svg(response.content.decode()) == [
        "https://kxian.example.cn/articles/macd-demo/?d1.fast=30&d1.slow=40"
    ]


def test_qr_switching_cn_rsi_to_intl_starts_from_intls_parameters(client, settings):
    """cn RSI's n1/n2/n3 do not exist in intl: a switch takes intl's n, and n alone in cn
    is refused as the API refuses it."""
    settings.SITE_URL = "https://kxian.example.cn"
    load_series()
    article = ArticleFactory(slug="rsi-demo", body_markdown="[[indicator rsi symbol=600519 n1=5]]")
    qr = reverse("articles:qr", args=[article.slug])
    response = client.get(qr + "?d1.convention=intl&d1.n=9")
    assert response.status_code == 200
    assert decode_svg(response.content.decode()) == [
        "https://kxian.example.cn/articles/rsi-demo/?d1.convention=intl&d1.n=9"
    ]
    refused = client.get(qr + "?d1.n=9")
    assert refused.status_code == 400 and "国内口径" in refused.json()["error"]["message"]


@pytest.mark.parametrize("name", ["symbol", "start", "end", "indicator"])
def test_qr_refuses_settings_outside_a_readers_demo_state(client, name):
    """Readers change parameters and convention only; the symbol or range is not theirs."""
    load_series()
    article = ArticleFactory(body_markdown=EMBEDS["macd"])
    response = client.get(reverse("articles:qr", args=[article.slug]), {f"d1.{name}": "2020-01-01"})
    assert response.status_code == 400


def test_qr_keeps_the_stats_panels_horizon(client, settings):
    """d1.h (the 信号统计 holding period) is part of a shared state: 5, 10 or 20 only."""
    settings.SITE_URL = "https://kxian.example.cn"
    load_series()
    article = ArticleFactory(slug="macd-h", body_markdown=EMBEDS["macd"])
    url = reverse("articles:qr", args=[article.slug])
    response = client.get(url, {"d1.h": "20", "d1.fast": "10"})
    assert response.status_code == 200
    assert decode_svg(response.content.decode()) == [
        "https://kxian.example.cn/articles/macd-h/?d1.fast=10&d1.h=20"
    ]
    for bad in ["7", "", "20.0", "abc", "-5"]:
        refused = client.get(url, {"d1.h": bad})
        assert refused.status_code == 400, bad
        assert refused.json()["error"]["param"] == "d1.h"


def test_qr_keeps_the_stats_panels_entry(client, settings):
    """d1.e (the 信号统计 entry price) is shared too: next_open or close, nothing else."""
    settings.SITE_URL = "https://kxian.example.cn"
    load_series()
    article = ArticleFactory(slug="macd-e", body_markdown=EMBEDS["macd"])
    url = reverse("articles:qr", args=[article.slug])
    response = client.get(url, {"d1.e": "close", "d1.h": "5"})
    assert response.status_code == 200
    assert decode_svg(response.content.decode()) == [
        "https://kxian.example.cn/articles/macd-e/?d1.e=close&d1.h=5"
    ]
    for bad in ["open", "", "CLOSE", "close;1", "next open"]:
        refused = client.get(url, {"d1.e": bad})
        assert refused.status_code == 400, bad
        assert refused.json()["error"]["param"] == "d1.e"


def test_a_horizon_alone_does_not_recheck_the_articles_own_settings(client, settings):
    """Changing only the panel's holding period is valid whatever the embed says."""
    settings.SITE_URL = "https://kxian.example.cn"
    load_series()
    article = ArticleFactory(slug="h-only", body_markdown=EMBEDS["macd_wide"])
    response = client.get(reverse("articles:qr", args=[article.slug]), {"d1.h": "5"})
    assert response.status_code == 200
    assert decode_svg(response.content.decode()) == [
        "https://kxian.example.cn/articles/h-only/?d1.h=5"
    ]
