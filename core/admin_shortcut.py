"""The admin's "view on site" shortcut, /admin/r/<content type>/<id>/, behind the same
permission as the object's change page.

Django's own shortcut only asks for a staff login, so any author could learn the slug of
another author's draft from its redirect. Here the object must be in the queryset its
ModelAdmin shows this user, with view or change permission on it; otherwise 404, exactly
as for an object that does not exist.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404


def _visible(request, content_type_id, object_id) -> bool:
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        return False
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return False
    try:
        obj = model_admin.get_queryset(request).filter(pk=object_id).first()
    except (ValueError, ValidationError, OverflowError):
        return False
    return obj is not None and (
        model_admin.has_view_permission(request, obj)
        or model_admin.has_change_permission(request, obj)
    )


def checked_shortcut(request, content_type_id, object_id):
    if not _visible(request, content_type_id, object_id):
        raise Http404("没有这个对象")
    return shortcut(request, content_type_id, object_id)


view = admin.site.admin_view(checked_shortcut)
