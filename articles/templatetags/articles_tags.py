import json

from django import template
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.hot import hot_articles as hot_articles_list
from articles.models import Category

register = template.Library()

NAV_CACHE_KEY = "nav-categories:v1"

# As json_script does: no "</script>", "<!--" or "&" can close or confuse the element.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.inclusion_tag("includes/hot_articles.html")
def hot_articles(limit=5):
    return {"hot_articles": hot_articles_list(limit)}


@register.inclusion_tag("includes/nav.html", takes_context=True)
def nav_categories(context):
    categories = cache.get(NAV_CACHE_KEY)
    if categories is None:
        categories = [{"name": c.name, "url": c.get_absolute_url()} for c in Category.objects.all()]
        cache.set(NAV_CACHE_KEY, categories, 300)
    request = context.get("request")
    return {"categories": categories, "current_path": request.path if request else ""}


@register.filter
def ld_json(value):
    """A dict as a JSON-LD block. Data, not code: CSP script-src does not apply."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))
