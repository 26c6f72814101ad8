from django.views.generic import TemplateView

from core.views import PublicPageMixin
from indicators.explain import CONVENTION_LABELS, FORMULAS
from indicators.formulas import INDICATORS


class FormulasView(PublicPageMixin, TemplateView):
    """Every indicator's formula in both conventions, as the demos compute them."""

    template_name = "indicators/formulas.html"

    def get_context_data(self, **kwargs):
        indicators = [
            {"spec": spec, "formula": FORMULAS[name]} for name, spec in INDICATORS.items()
        ]
        return super().get_context_data(
            indicators=indicators, conventions=CONVENTION_LABELS, **kwargs
        )
