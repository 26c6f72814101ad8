"""插入互动演示: choices checked by the API's validator give a line that renders."""

import pytest
from django.urls import reverse

from articles.rendering import render
from tests.factories import AuthorFactory
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db

URL = reverse("articles:demo_code")


@pytest.fixture
def writer(client):
    load_series()
    client.force_login(AuthorFactory())
    return client


def test_the_picker_returns_a_normalised_line_that_renders(writer):
    """Parameters come back in the schema's order, and the line renders a demo."""
    response = writer.post(
        URL, {"indicator": "macd", "symbol": "600519", "slow": "30", "fast": "10", "signal": "9"}
    )
    assert response.status_code == 200
    code = response.json()["code"]
    assert code == "[[indicator macd symbol=600519 fast=10 slow=30 signal=9]]"
    assert response.json()["series"] == "贵州茅台"
    demo = render(f"前文\n\n{code}\n", "markdown").demos[0]
    assert demo.params == {"fast": 10, "slow": 30, "signal": 9}


def test_floats_and_conventions_are_kept(writer):
    """BOLL's k is a decimal; the international convention is written out."""
    response = writer.post(
        URL, {"indicator": "boll", "symbol": "600519", "k": "2.5", "convention": "intl"}
    )
    assert response.json()["code"].endswith("k=2.5 convention=intl]]")


@pytest.mark.parametrize(
    ("form", "param"),
    [
        ({"indicator": "macd", "symbol": "600519", "fast": "30", "slow": "12"}, "fast"),
        ({"indicator": "rsi", "symbol": "600519", "n": "0"}, "n"),
        ({"indicator": "rsi", "symbol": "600519", "n": "abc"}, "n"),
        ({"indicator": "rsi", "symbol": "999999"}, "symbol"),
        ({"indicator": "rsi", "symbol": "600519", "bogus": "1"}, "bogus"),
        ({"indicator": "nope", "symbol": "600519"}, "indicator"),
        ({"indicator": "", "symbol": "600519"}, "indicator"),
        ({"indicator": "rsi", "symbol": "600519]] [[x", "n": "6"}, ""),
    ],
)
def test_what_the_api_refuses_the_picker_refuses(writer, form, param):
    """A 400 naming the parameter at fault, in Chinese, never a 500."""
    response = writer.post(URL, form)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] and error.get("param", "") == param


def test_the_picker_is_staff_only(client):
    """Readers cannot use it."""
    assert client.post(URL, {"indicator": "rsi", "symbol": "600519"}).status_code == 403
