"""Add forms prefilled from the address (`/add/?field=value`) never fail: a value the
field cannot take is dropped, one it can take still fills the form."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from core.admin_initial import InitialValuesMixin
from tests.factories import CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = ["abc", "", "0", "-1", "99999999999999999999999", "1,abc", "2026-13-40",
                  "2026-02-31 25:61", "\u00e9\u4e2d", "x" * 5000, "null", "1.5"]  # fmt: skip


def add_urls():
    for model, _ in admin.site._registry.items():
        try:
            yield model, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        except NoReverseMatch:
            continue


def test_every_admin_guards_its_prefill():
    """The family: every registered ModelAdmin takes the mixin, third-party ones included."""
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, InitialValuesMixin), model


@pytest.mark.parametrize(("model", "url"), list(add_urls()), ids=lambda v: str(v))
def test_hostile_prefill_values_never_fail(admin_client, model, url):
    """Every field of every add form, prefilled with values it cannot show: no 500."""
    model_admin = admin.site._registry[model]
    request = admin_client.get(url).wsgi_request
    names = list(model_admin.get_form(request).base_fields) if request.user.is_active else []
    for name in names:
        for value in HOSTILE_VALUES:
            response = admin_client.get(url, {name: value})
            assert response.status_code in (200, 302, 403), (name, value, response.status_code)


def test_a_valid_prefill_still_fills_the_form(admin_client):
    """`?category=<id>&tags=<id>,<id>&published_at=…` prefills as Django does."""
    category, tags = CategoryFactory(name="预选栏目"), [TagFactory(), TagFactory()]
    url = reverse("admin:articles_article_add")
    page = admin_client.get(
        url,
        {
            "category": category.pk,
            "tags": f"{tags[0].pk},{tags[1].pk}",
            "published_at": "2026-12-24 09:30",
        },
    )
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form.initial["category"] == category
    assert sorted(t.pk for t in form.initial["tags"]) == sorted(t.pk for t in tags)
    assert form.initial["published_at"].strftime("%Y-%m-%d %H:%M") == "2026-12-24 09:30"
