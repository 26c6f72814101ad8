from django import template
from django.utils.safestring import mark_safe

from articles import hot, navigation

register = template.Library()


@register.simple_tag
def hot_articles(limit=5):
    # Safe: rendered from includes/hot_articles.html, which escapes every value.
    return mark_safe(hot.sidebar_html(limit))


@register.simple_tag(takes_context=True)
def nav_categories(context):
    request = context.get("request")
    # Safe: rendered from includes/nav.html, which escapes every value.
    return mark_safe(navigation.nav_html(request.path if request else ""))
