from django import template
from django.core.cache import cache

from articles.hot import hot_articles as hot_articles_list
from articles.models import Category

register = template.Library()

NAV_CACHE_KEY = "nav-categories:v1"


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
