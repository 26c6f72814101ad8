"""The admin under hostile parameters (issue 17, item 8): an impossible date in any list's
filters gives a clear page, never a 500; the view-on-site shortcut reveals nothing the
user may not open."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from articles.roles import AUTHOR_GROUP, EDITOR_GROUP
from core.admin_dates import DateFiltersMixin
from tests.factories import ArticleFactory, CommentFactory, member

pytestmark = pytest.mark.django_db

HOSTILE = [
    "{f}__year=9999",
    "{f}__year=99999999999",
    "{f}__year=9999&{f}__month=12",
    "{f}__year=9998&{f}__month=12&{f}__day=32",
    "{f}__year=2026&{f}__month=2&{f}__day=31",
    "{f}__year=0",
    "{f}__year=-1",
    "{f}__year=2026&{f}__month=13",
    "{f}__year=2026&{f}__month=0",
    "{f}__year=abc",
    "{f}__gte=9999-12-31",
    "{f}__gte=0001-01-01+00:00:00",
    "{f}__lt=99999-01-01",
    "{f}__gte=2026-02-31",
]


def _date_fields(model_admin):
    """The date fields its date hierarchy and list filters work on."""
    names = [model_admin.date_hierarchy] if model_admin.date_hierarchy else []
    for entry in model_admin.list_filter:
        name = entry[0] if isinstance(entry, tuple) else entry
        if isinstance(name, str) and "__" not in name:
            field = model_admin.model._meta.get_field(name)
            if isinstance(field, models.DateField):
                names.append(name)
    return sorted(set(names))


DATED_ADMINS = [
    (model, field)
    for model, model_admin in admin.site._registry.items()
    for field in _date_fields(model_admin)
]


def test_every_admin_with_date_filters_guards_them():
    """The family: each ModelAdmin with a date hierarchy or date filter takes the mixin."""
    assert DATED_ADMINS  # articles and comments at least
    for model, _ in DATED_ADMINS:
        assert isinstance(admin.site._registry[model], DateFiltersMixin), model


@pytest.mark.parametrize(("model", "field"), DATED_ADMINS)
def test_impossible_dates_give_a_clear_page(admin_client, model, field):
    """Out-of-range dates are dropped with a message: a redirect to a page that works."""
    ArticleFactory()
    CommentFactory()
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    for query in HOSTILE:
        response = admin_client.get(f"{url}?{query.format(f=field)}&o=1")
        assert response.status_code == 302, query
        location = response["Location"]
        assert f"{field}__" not in location and location.endswith("?o=1"), query
        page = admin_client.get(location)
        assert page.status_code == 200, query
        assert "日期筛选超出范围" in page.content.decode(), query


@pytest.mark.parametrize(("model", "field"), DATED_ADMINS)
def test_possible_dates_still_filter(admin_client, model, field):
    """A real year, month and day, and the list filter's own links, work as before."""
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    for query in [
        f"{field}__year=2026",
        f"{field}__year=9998&{field}__month=12&{field}__day=31",
        f"{field}__gte=2026-11-01+00:00:00%2B08:00&{field}__lt=2026-12-01+00:00:00%2B08:00",
    ]:
        assert admin_client.get(f"{url}?{query}").status_code == 200, query


def test_view_on_site_shortcut_respects_the_change_permission(client, staff_roles):
    """Another author's draft: 404 from /admin/r/, with no slug; its own author, an editor
    and a superuser are redirected as before."""
    owner, other, editor = member(AUTHOR_GROUP), member(AUTHOR_GROUP), member(EDITOR_GROUP)
    draft = ArticleFactory(author=owner, draft=True, slug="secret-draft-slug")
    content_type = ContentType.objects.get_for_model(draft)
    url = f"/admin/r/{content_type.pk}/{draft.pk}/"
    client.force_login(other)
    refused = client.get(url)
    assert refused.status_code == 404
    assert "secret-draft-slug" not in refused.content.decode() + refused.get("Location", "")
    for bad in ["999999/", "x/", "99999999999999999999999/"]:
        assert client.get(f"/admin/r/{content_type.pk}/{bad}").status_code == 404
    for allowed in (owner, editor):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 302
        assert "secret-draft-slug" in response["Location"]
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    assert "secret-draft-slug" not in client.get(url)["Location"]
