"""Tags for pages that carry live demos."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html_join

from indicators.modules import module_graph

register = template.Library()


@register.simple_tag
def demo_module_preloads():
    """`<link rel="modulepreload">` for each module of the demo (indicators.modules)."""
    return format_html_join(
        "\n", '<link rel="modulepreload" href="{}">', ((static(path),) for path in module_graph())
    )
