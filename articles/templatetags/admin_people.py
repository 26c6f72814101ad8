from django import template

from articles.people import pen_name as _pen_name

register = template.Library()


@register.filter
def pen_name(user):
    """{{ action.user|pen_name }}: the person as colleagues know them."""
    return _pen_name(user)
