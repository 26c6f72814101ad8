"""Tags typed in the article form: a new name creates the tag, an old one in another
spelling finds it.

Names are tidied (NFKC turns full-width letters and spaces half-width, runs of spaces
become one, a leading # from 公众号 habits goes) and compared as pen names are
(articles.names: case, width, spaces, punctuation and traditional characters do not
count), so "ＭＡＣＤ", "macd" and "MACD" are one tag.
"""

import re
import unicodedata

from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles import names

NEW_PREFIX = "new:"  # a typed name, as the form's script submits it
_SPACES = re.compile(r"\s+")
MAX_LENGTH = 40
KEY_LENGTH = 255  # NFKC may lengthen a name (㍿ is 株式会社): Tag.key's size


def tidy(raw: str) -> str:
    name = _SPACES.sub(" ", unicodedata.normalize("NFKC", raw)).strip()
    return name.lstrip("#＃").strip()


def check_name(raw: str) -> str:
    """The tidied name, or ValidationError with a Chinese message."""
    name = tidy(raw)
    if not names.name_key(name):
        raise ValidationError(f"标签“{raw[:20]}”至少要有一个汉字、字母或数字。")
    if len(name) > MAX_LENGTH:
        raise ValidationError(f"标签“{name[:20]}…”太长了，最多 {MAX_LENGTH} 个字。")
    return name


def key(name: str) -> str:
    """What Tag.key stores: the compared name (the tidied name if nothing survives)."""
    return (names.name_key(name) or tidy(name))[:KEY_LENGTH]


def same_name(name: str, exclude_pk=None):
    """The existing tag that `name` means, or None."""
    from articles.models import Tag

    return Tag.objects.exclude(pk=exclude_pk).filter(key=key(name)).first()


def find_or_create(raw: str):
    """The tag `raw` means, created if new. Two editors typing one new name at once get
    one tag: the loser of the race meets Tag.key's unique index and finds the winner's."""
    from articles.models import Tag

    name = check_name(raw)
    for _ in range(3):  # a lost race on the slug alone is tried again with a fresh one
        found = same_name(name)
        if found:
            return found
        try:
            with transaction.atomic():
                return Tag.objects.create(name=name)
        except IntegrityError:
            continue
    found = same_name(name)
    if found is None:  # three lost races in a row: let the author save again
        raise ValidationError(f"标签“{name}”正在被同时创建，请再保存一次。")
    return found


class TagWidget(AutocompleteSelectMultiple):
    """Django's tag search, with typing a new name offered as a choice (the script
    static/admin/js/tag_create.js marks it with NEW_PREFIX)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.update({"data-tags": "true", "data-token-separators": '[",","，","、"]'})
        return attrs

    def optgroups(self, name, value, attr=None):
        # A typed name the form sends back (when it shows an error) stays chosen.
        typed_names = [v for v in value if str(v).startswith(NEW_PREFIX)]
        chosen = [v for v in value if not str(v).startswith(NEW_PREFIX) and str(v).isdigit()]
        groups = super().optgroups(name, chosen, attr)
        options = groups[0][1]
        for typed in typed_names:
            label = str(typed)[len(NEW_PREFIX) :]
            options.append(self.create_option(name, typed, label, True, len(options)))
        return groups

    @property
    def media(self):
        # One list, so the merge keeps the script after select2 and autocomplete.js (it
        # sets a default before the pickers start, on document ready).
        django_media = super().media
        return forms.Media(css=django_media._css, js=[*django_media._js, "admin/js/tag_create.js"])


class TagChoiceField(forms.ModelMultipleChoiceField):
    """Existing tags by id, new ones by NEW_PREFIX + name; the new ones are created
    (or found in another spelling) when `can_create`, refused otherwise."""

    def __init__(self, *args, can_create=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_create = can_create

    def clean(self, value):
        value = list(value or [])
        typed = [str(v)[len(NEW_PREFIX) :] for v in value if str(v).startswith(NEW_PREFIX)]
        chosen = [v for v in value if not str(v).startswith(NEW_PREFIX)]
        tags = list(super().clean(chosen)) if chosen else []
        if typed and not self.can_create:
            raise ValidationError("你没有新建标签的权限，请从已有标签中选择。")
        checked = [check_name(name) for name in typed]  # all valid, or none is created
        for name in checked:
            tag = find_or_create(name)
            if tag not in tags:
                tags.append(tag)
        return tags
