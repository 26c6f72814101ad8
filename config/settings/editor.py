"""The rich text editor (CKEditor 5) and its uploads."""

from config.env import env_int

# django-ckeditor-5 (CKEditor 5), not django-ckeditor: the latter ships CKEditor 4.22.1,
# which its own system check (ckeditor.W001) flags as having unfixed security issues.
# Uploads go through articles.uploads (staff only), which decodes each image in full.
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_FILE_STORAGE = "articles.storage.EditorUploadStorage"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["png", "jpeg", "gif", "webp"]
EDITOR_IMAGE_MAX_BYTES = env_int("EDITOR_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
# Width x height: decoding needs about 4 bytes a pixel, so this bounds memory per upload.
EDITOR_IMAGE_MAX_PIXELS = env_int("EDITOR_IMAGE_MAX_PIXELS", 20_000_000)
CKEDITOR_5_USER_LANGUAGE = False
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "zh-cn",
        # Read out as the editing area's name (CKEditor's default ends in its root, "main").
        "label": "正文（富文本）",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "code",
                "codeBlock",
                "|",
                "insertImage",
                "insertTable",
                "|",
                "undo",
                "redo",
            ],
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignRight",
                "imageStyle:alignCenter",
            ]
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "heading": {
            "options": [
                {"model": "paragraph", "title": "正文", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "二级标题",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "三级标题",
                    "class": "ck-heading_heading3",
                },
            ]
        },
    }
}
