"""Permissions-Policy: features the site never uses are off, the ones it uses stay on."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
STATIC_JS = Path(__file__).resolve().parent.parent / "static/js"


def policy(client, url="/") -> dict:
    header = client.get(url)["Permissions-Policy"]
    return dict(item.strip().split("=", 1) for item in header.split(","))


@pytest.mark.parametrize("url", ["/", "/indicators/lab/", "/search/?q=MACD", "/feed/rss/"])
def test_every_response_turns_off_sensors_camera_and_payment(client, url):
    """Camera, microphone, location, sensors, payment, USB and the like: allowed nowhere."""
    features = policy(client, url)
    for name in ("camera", "microphone", "geolocation", "payment", "usb", "accelerometer"):
        assert features[name] == "()", name


def test_what_the_scripts_use_stays_allowed_for_the_site(client):
    """The copy-link button writes to the clipboard: clipboard-write is allowed for 'self'."""
    features = policy(client)
    scripts = " ".join(path.read_text() for path in STATIC_JS.rglob("*.js"))
    assert "navigator.clipboard.writeText" in scripts
    assert features["clipboard-write"] == "(self)"
    used = {"clipboard-write": r"clipboard\.write", "fullscreen": r"requestFullscreen"}
    for name, pattern in used.items():
        if re.search(pattern, scripts):
            assert features.get(name, "(self)") != "()", name


def test_robots_txt_leaves_search_crawlable_for_its_noindex(client):
    """robots.txt no longer says there is no search, and does not block /search/."""
    text = client.get("/robots.txt").content.decode()
    assert "There is no site search" not in text and "noindex" in text
    assert "Disallow: /search/" not in text
