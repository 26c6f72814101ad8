from django.views.generic import TemplateView

from core.views import PublicPageMixin
from indicators.library.registry import INDICATORS
from indicators.library.spec import CONVENTION_LABELS


class FormulasView(PublicPageMixin, TemplateView):
    """Every indicator's formula in both conventions, as the demos compute them."""

    template_name = "indicators/formulas.html"

    def get_context_data(self, **kwargs):
        indicators = [{"spec": spec, "formula": spec.explanation} for spec in INDICATORS.values()]
        return super().get_context_data(
            indicators=indicators, conventions=CONVENTION_LABELS, **kwargs
        )
