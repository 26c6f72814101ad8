import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import hot, navigation
from core import seo

register = template.Library()


# As json_script does: no "</script>", "<!--" or "&" can close or confuse the element.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def hot_articles(limit=5):
    # Safe: rendered from includes/hot_articles.html, which escapes every value.
    return mark_safe(hot.sidebar_html(limit))


@register.simple_tag(takes_context=True)
def nav_categories(context):
    request = context.get("request")
    # Safe: rendered from includes/nav.html, which escapes every value.
    return mark_safe(navigation.nav_html(request.path if request else ""))


@register.filter
def ld_json(value):
    """A dict as a JSON-LD block. Data, not code: CSP script-src does not apply."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))


@register.filter
def iso_datetime(value):
    """A datetime for <time datetime> and meta tags: local, to the second (core.seo)."""
    return seo.iso_datetime(value)
