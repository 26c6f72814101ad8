"""Django's yes/no icons in the admin carry alt="True"/"False"/"None", English that no
translation reaches and that screen readers say. Replaced once, at start-up
(CoreConfig.ready), by the same icons with Chinese alt text; the walk in
tests/test_admin_language.py fails if the English comes back.
"""

from django.templatetags.static import static
from django.utils.html import format_html

_ICONS = {True: ("yes", "是"), False: ("no", "否"), None: ("unknown", "未知")}


def boolean_icon(field_val):
    name, word = _ICONS[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), word)


def install() -> None:
    from django.contrib.admin.templatetags import admin_list

    # Django's admin imports it from here at each call, so one assignment reaches all.
    admin_list._boolean_icon = boolean_icon
