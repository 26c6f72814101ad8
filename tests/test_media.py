"""Uploaded files: served with cache and no-sniff headers; hostile names are a 404."""

import pytest


@pytest.fixture
def media_client(client, settings, media_root):
    settings.ROOT_URLCONF = "tests.urls"
    (media_root / "uploads").mkdir(parents=True)
    (media_root / "uploads" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return client


@pytest.mark.django_db
def test_media_carries_cache_control_and_nosniff(media_client, settings):
    """A served upload may be cached by browsers and is never content-sniffed."""
    settings.MEDIA_CACHE_SECONDS = 1234
    response = media_client.get("/media/uploads/chart.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=1234"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "a" * 256,
        "uploads/" + "b" * 300 + ".png",
        "/".join(["c" * 250] * 20),
        "uploads/chart.png/" + "d" * 256,
    ],
)
def test_over_long_media_names_are_a_404(media_client, name):
    """A name the file system refuses is a 404, not a 500."""
    assert media_client.get("/media/" + name).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["missing.png", "../config/settings.py", "uploads/"])
def test_missing_or_escaping_media_names_are_a_404(media_client, name):
    """Missing files, folders and paths outside MEDIA_ROOT are 404s."""
    assert media_client.get("/media/" + name).status_code == 404
