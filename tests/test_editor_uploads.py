"""Editor image uploads: only real, sane images are kept, under a short random name."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def png(size=(4, 4)):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def image(kind, size=(4, 4)):
    buffer = BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, kind)
    return buffer.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width, height):
    """A few hundred bytes whose header claims width x height pixels: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + b"\x00" * 3 * width
    pixels = zlib.compress(row * 4, 9)  # far too little data for the claimed height
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def png_with_bad_checksum():
    data = bytearray(png())
    ihdr_crc = 8 + 8 + 13  # signature, IHDR length and type, IHDR data
    data[ihdr_crc] ^= 0xFF
    return bytes(data)


@pytest.fixture
def upload(admin_client, media_root):
    def post(content, name="chart.png", **extra):
        file = SimpleUploadedFile(name, content, "image/png")
        return admin_client.post(reverse("ck_editor_5_upload_file"), {"upload": file}, **extra)

    return post


def refusal(response):
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    return response.json()["error"]["message"]


def stored_files(media_root):
    folder = media_root / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_valid_image_is_kept_under_a_short_random_name(upload, media_root):
    """The stored name is random hex plus the real format's extension, never the client's."""
    response = upload(png(), name="../../" + "长" * 50 + ".exe")
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/uploads/") and url.endswith(".png")
    (name,) = stored_files(media_root)
    assert len(name) == 32 + len(".png")
    assert (media_root / "uploads" / name).read_bytes() == png()


def test_three_hundred_character_name_is_a_clear_400(upload, media_root):
    """A name no file system holds is refused plainly (not a 500), and nothing is stored."""
    response = upload(png(), name="a" * 296 + ".png")
    assert response.status_code == 400
    assert "文件名太长" in response.json()["error"]["message"]
    assert stored_files(media_root) == []


def test_a_long_but_ordinary_name_is_kept_under_our_short_name(upload, media_root):
    """Client names never reach the disk: a long one still gets our short random name."""
    response = upload(png(), name="交易日志-" + "a" * 150 + ".png")
    assert response.status_code == 200
    assert len(response.json()["url"]) < 80


def test_same_name_twice_gives_two_files(upload, media_root):
    """Two authors uploading "chart.png" never overwrite each other."""
    first, second = upload(png()).json()["url"], upload(png()).json()["url"]
    assert first != second and len(stored_files(media_root)) == 2


@pytest.mark.parametrize("kind", ["JPEG", "GIF", "WEBP"])
def test_other_web_formats_keep_their_detected_extension(upload, media_root, kind):
    """JPEG, GIF and WebP are kept, named by what they are, whatever the client called them."""
    response = upload(image(kind), name="picture.png")
    assert response.status_code == 200
    assert response.json()["url"].endswith({"JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}[kind])


def test_decompression_bomb_is_refused(upload, media_root):
    """A tiny PNG claiming 30000x30000 pixels is a 400 about its size, and nothing is kept."""
    assert "像素" in refusal(upload(png_claiming(30000, 30000)))
    assert stored_files(media_root) == []


def test_image_over_pillows_warning_limit_is_refused_whatever_the_setting(
    upload, media_root, settings
):
    """10000x10000 (past Pillow's warning limit) is refused even if our setting is higher."""
    settings.EDITOR_IMAGE_MAX_PIXELS = 10**10
    assert "像素" in refusal(upload(png_claiming(10000, 10000)))
    assert stored_files(media_root) == []


def test_pixel_limit_comes_from_settings(upload, media_root, settings):
    """Images above EDITOR_IMAGE_MAX_PIXELS are refused, even when otherwise valid."""
    settings.EDITOR_IMAGE_MAX_PIXELS = 100
    assert "像素" in refusal(upload(png((20, 20))))
    assert upload(png((10, 10))).status_code == 200


def test_broken_chunk_checksum_is_refused(upload, media_root):
    """A PNG whose chunk checksum is wrong is a 400, and nothing is kept."""
    assert "损坏" in refusal(upload(png_with_bad_checksum()))
    assert stored_files(media_root) == []


def test_truncated_image_is_refused(upload, media_root):
    """An image cut short (valid header, missing pixel data) is refused."""
    data = image("JPEG", (64, 64))
    assert "损坏" in refusal(upload(data[: len(data) // 2], name="cut.jpg"))
    assert "损坏" in refusal(upload(png((64, 64))[:60]))


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "x.svg"),
        (b"<html><script>alert(1)</script></html>", "x.png"),
        (b"", "empty.png"),
    ],
)
def test_non_images_are_refused(upload, media_root, content, name):
    """SVG, HTML dressed as PNG and empty files are not images we keep."""
    assert refusal(upload(content, name=name))
    assert stored_files(media_root) == []


def test_formats_browsers_do_not_show_are_refused(upload, media_root):
    """BMP and TIFF decode fine but are refused, naming the accepted formats."""
    assert "PNG" in refusal(upload(image("BMP"), name="x.bmp"))
    assert "PNG" in refusal(upload(image("TIFF"), name="x.tif"))


def test_size_limit_comes_from_settings(upload, media_root, settings):
    """Files above EDITOR_IMAGE_MAX_BYTES are refused before they are decoded."""
    settings.EDITOR_IMAGE_MAX_BYTES = 50
    assert "MB" in refusal(upload(png((64, 64))))


def test_missing_file_is_a_400(admin_client, media_root):
    """A post without a file says so."""
    response = admin_client.post(reverse("ck_editor_5_upload_file"), {})
    assert "图片" in refusal(response)


def test_only_staff_may_upload(client, media_root):
    """Anonymous visitors and non-staff users get a Chinese JSON 403."""
    url = reverse("ck_editor_5_upload_file")
    response = client.post(url, {"upload": SimpleUploadedFile("a.png", png())})
    assert response.status_code == 403 and "登录" in response.json()["error"]["message"]
    client.force_login(AuthorFactory(is_staff=False))
    assert client.post(url, {"upload": SimpleUploadedFile("a.png", png())}).status_code == 403
    assert stored_files(media_root) == []
