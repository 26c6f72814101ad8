"""Images uploaded from the rich-text editor (CKEditor 5's upload adapter).

Replaces django_ckeditor_5's view at the same URL and name. Every file is decoded in
full by Pillow before it is kept, so broken or hostile images (bad checksums, truncated
data, decompression bombs) are refused with a 400 instead of failing later; the stored
name is ours, random and short, with the extension of the format Pillow detected.
"""

import secrets
import struct
import sys

from django.conf import settings
from django.http import JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST
from PIL import Image

from core.http import json_error

# Formats every browser shows; the extension is chosen from the decoded format.
FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
# What Pillow raises on crafted or damaged files (SyntaxError: "broken PNG file").
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error)


class UploadRefused(Exception):
    """The upload cannot be kept; the message tells the author why, in Chinese."""


def storage():
    return import_string(settings.CKEDITOR_5_FILE_STORAGE)()


def max_pixels() -> int:
    """Our limit, never above Pillow's: what Pillow would warn about is refused too."""
    return min(settings.EDITOR_IMAGE_MAX_PIXELS, Image.MAX_IMAGE_PIXELS or sys.maxsize)


def _too_many_pixels() -> UploadRefused:
    return UploadRefused(f"图片像素过多，请缩小到 {max_pixels() / 1e6:g} 百万像素以内再上传。")


def checked_format(upload) -> str:
    """The image's format after decoding it completely, or UploadRefused."""
    max_bytes = settings.EDITOR_IMAGE_MAX_BYTES
    if upload.size > max_bytes:
        raise UploadRefused(f"图片不能超过 {max_bytes / 1024 / 1024:g} MB。")
    try:
        with Image.open(upload) as image:
            kind = image.format
            if kind not in FORMATS:
                raise UploadRefused("只能上传 PNG、JPEG、GIF 或 WebP 格式的图片。")
            width, height = image.size
            if width * height > max_pixels():
                raise _too_many_pixels()
            image.verify()  # checksums and structure; leaves the image unusable
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()  # decodes every byte of pixel data
    except Image.DecompressionBombError:  # Pillow's own refusal, at twice its limit
        raise _too_many_pixels() from None
    except DECODE_ERRORS:
        raise UploadRefused("图片文件已损坏或不是有效的图片，请重新导出后再上传。") from None
    finally:
        upload.seek(0)
    return kind


# Client names longer than this are refused. Django cuts names to 255 characters before
# the view sees them, so the limit must sit below that to notice an overlong one at all.
MAX_NAME_LENGTH = 200


@require_POST
def upload_image(request):
    if not (request.user.is_active and request.user.is_staff):
        return json_error("只有作者和编辑可以上传图片，请先登录后台。", 403)
    upload = request.FILES.get("upload")
    if upload is None:
        return json_error("没有收到图片，请选择一个图片文件。", 400)
    if len(upload.name or "") > MAX_NAME_LENGTH:
        # The stored name is ours anyway; a name no file system could hold is refused
        # plainly rather than silently dropped, so the author knows to rename the file.
        return json_error(f"文件名太长（超过 {MAX_NAME_LENGTH} 个字符），请改短后再上传。", 400)
    try:
        kind = checked_format(upload)
    except UploadRefused as refused:
        return json_error(str(refused), 400)
    files = storage()
    name = files.save(f"uploads/{secrets.token_hex(16)}.{FORMATS[kind]}", upload)
    return JsonResponse({"url": files.url(name)})
