"""What the article change form's scripts need, handed over with json_script.

One dictionary for static/admin/js/article_editor*.js: where to preview, autosave and
upload, the picker's choices, the key the browser copy of the draft is stored under,
and the server's autosave when it is worth offering.
"""

from django.conf import settings
from django.urls import reverse

from articles import autosave, demo_picker


def editor_config(request, article=None) -> dict:
    saved = article is not None and article.pk is not None
    return {
        "previewUrl": reverse("articles:preview_unsaved", args=[article.pk] if saved else []),
        "autosaveUrl": reverse("articles:autosave", args=[article.pk]) if saved else "",
        "uploadUrl": reverse("ck_editor_5_upload_file"),
        "demoCodeUrl": reverse("articles:demo_code"),
        # Per user too: two authors sharing a browser must never see each other's draft.
        "storageKey": f"kxt-article-draft:{request.user.pk}:{article.pk if saved else 'new'}",
        "savedAt": article.updated_at.isoformat() if saved else "",
        "serverDraft": autosave.pending_draft(article, request.user) if saved else None,
        "intervalSeconds": settings.EDITOR_AUTOSAVE_SECONDS,
        "picker": demo_picker.picker_data(),
    }
