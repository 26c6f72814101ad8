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
FONT_COLOURS = [
    {"color": colour, "label": label}
    for colour, label in (
        ("#c62828", "红色"),
        ("#2f9e44", "绿色"),
        ("#1d4ed8", "蓝色"),
        ("#e67700", "橙色"),
        ("#7048e8", "紫色"),
        ("#495057", "深灰"),
        ("#868e96", "浅灰"),
        ("#000000", "黑色"),
    )
]
HIGHLIGHTS = [
    {
        "model": f"{kind}{name.title()}",
        "class": f"{kind}-{name}",
        "title": title,
        "color": colour,
        "type": kind,
    }
    for kind, name, title, colour in (
        ("marker", "yellow", "黄色底色", "var(--ck-highlight-marker-yellow)"),
        ("marker", "green", "绿色底色", "var(--ck-highlight-marker-green)"),
        ("marker", "pink", "粉色底色", "var(--ck-highlight-marker-pink)"),
        ("marker", "blue", "蓝色底色", "var(--ck-highlight-marker-blue)"),
        ("pen", "red", "红色笔", "var(--ck-highlight-pen-red)"),
        ("pen", "green", "绿色笔", "var(--ck-highlight-pen-green)"),
    )
]
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
                "fontColor",
                "highlight",
                "alignment",
                "horizontalLine",
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
        # Offered here and kept by the sanitiser (articles.styles): what the author sees
        # in the editor is what readers get.
        "fontColor": {"colors": FONT_COLOURS, "columns": 4, "colorPicker": False},
        "fontBackgroundColor": {"colors": FONT_COLOURS, "columns": 4, "colorPicker": False},
        "highlight": {"options": HIGHLIGHTS},
        "alignment": {"options": ["left", "center", "right", "justify"]},
        # The page's own 字数 counter (article_editor.js) replaces CKEditor's 单词数/字符数.
        "wordCount": {"displayWords": False, "displayCharacters": False},
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
# How often the change form sends its unsaved text to the server (articles.autosave);
# the browser's own copy (localStorage) is written on every change regardless.
EDITOR_AUTOSAVE_SECONDS = env_int("EDITOR_AUTOSAVE_SECONDS", 5)
