"""Who may be called what: the names nobody may take, compared one way everywhere.

Two names are the same name when core.text.compact makes them equal: width, case,
spaces, punctuation, look-alike letters and traditional characters do not count
("周 老師" is "周老师", "ＡＤＭＩＮ" and Cyrillic "аdmіn" are "admin").
"""

from django.conf import settings

from core.text import compact

name_key = compact


def _keys(names) -> set[str]:
    return {key for key in (name_key(name) for name in names) if key}


def reserved_word_in(name: str) -> str:
    """The reserved word `name` uses ("" when none): the site's name and staff titles.

    settings.RESERVED_NAME_PARTS may not appear anywhere in a name ("K线学堂官方");
    settings.RESERVED_NAMES are refused as the whole name only (管理, but 资产管理笔记 is fine).
    """
    key = name_key(name)
    if not key:
        return ""
    parts = _keys([*settings.RESERVED_NAME_PARTS, settings.SITE_NAME])
    for part in sorted(parts, key=len, reverse=True):
        if part in key:
            return part
    return key if key in _keys(settings.RESERVED_NAMES) else ""
