from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.views.generic import TemplateView

from core import seo
from core.views import PublicPageMixin
from indicators import lab, payloads
from indicators.library.registry import INDICATORS
from indicators.library.spec import CONVENTION_LABELS
from indicators.library.stats import DEFAULT_ENTRY, DEFAULT_HORIZON, HORIZONS, MIN_SIGNALS

DEFAULT_SIGNAL = "macd.golden_cross"


class FormulasView(PublicPageMixin, TemplateView):
    """Every indicator's formula in both conventions, as the demos compute them."""

    template_name = "indicators/formulas.html"

    def get_context_data(self, **kwargs):
        indicators = [{"spec": spec, "formula": spec.explanation} for spec in INDICATORS.values()]
        names = "、".join(spec.label for spec in INDICATORS.values())
        page = seo.page_meta(
            title="指标公式与两种口径",
            description=f"{names}的计算公式，国内口径（行情软件）与国际口径（教科书）逐一对照，附参数和读图要点。",
            url=seo.absolute_url(reverse("indicators:formulas")),
            json_ld=[seo.breadcrumbs(("指标公式与口径", reverse("indicators:formulas")))],
        )
        return super().get_context_data(
            indicators=indicators, conventions=CONVENTION_LABELS, page_head=page, **kwargs
        )


class LabForm(forms.Form):
    """Which signal and horizon the lab compares; bad values are a form error, not a 500."""

    signal = forms.ChoiceField(label="信号", required=False)
    h = forms.TypedChoiceField(
        label="持有天数",
        coerce=int,
        required=False,
        empty_value=DEFAULT_HORIZON,
        choices=[(h, f"{h} 个交易日") for h in HORIZONS],
    )
    entry = forms.ChoiceField(
        label="进场",
        required=False,
        choices=[("next_open", "信号次日开盘价"), ("close", "信号当日收盘价（对照）")],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "：")  # a Chinese label ends in a full-width colon
        super().__init__(*args, **kwargs)
        self.fields["signal"].choices = [
            (
                spec.label,
                [(s.key, s.kind.name) for s in lab.all_signals() if s.spec.name == spec.name],
            )
            for spec in INDICATORS.values()
        ]

    def clean_signal(self):
        return lab.find_signal(self.cleaned_data["signal"] or DEFAULT_SIGNAL)


class LabView(PublicPageMixin, TemplateView):
    """信号实验室: one signal across every stored series and a few parameter choices."""

    template_name = "indicators/lab.html"
    page_cache_params = ("signal", "h", "entry")

    def get(self, request, *args, **kwargs):
        form = LabForm(request.GET or None)
        if request.GET and not form.is_valid():
            context = self.get_context_data(form=form)
            return self.render_to_response(context, status=400)
        choice = form.cleaned_data if request.GET else {}
        signal = choice.get("signal") or lab.find_signal(DEFAULT_SIGNAL)
        horizon = choice.get("h") or DEFAULT_HORIZON
        entry = choice.get("entry") or DEFAULT_ENTRY
        if not request.GET:
            form = LabForm(initial={"signal": signal.key, "h": horizon, "entry": entry})
        rows, tests = lab.lab_page(signal, horizon, entry)
        costs, resamples = payloads.stats_config()
        context = self.get_context_data(
            form=form,
            signal=signal,
            horizon=horizon,
            rows=rows,
            verdict=lab.verdict(rows, tests),
            costs_texts=[payloads.costs_text(c) for c in costs],
            entry_text=payloads.ENTRY_TEXTS[entry],
            method_text=payloads.METHOD_TEXT.format(n=resamples),
            spa_resamples=resamples // 2,
            min_signals=MIN_SIGNALS,
            page_head=lab_page_meta(signal, horizon, entry),
        )
        return self.render_to_response(context)

    def render_to_response(self, context, **kwargs):
        # A refused form (400) still gets the lab's head, without the result in it.
        context.setdefault("page_head", lab_page_meta(None, DEFAULT_HORIZON, DEFAULT_ENTRY))
        return super().render_to_response(context, **kwargs)


def lab_page_meta(signal, horizon, entry):
    """The lab's head: the default comparison is /indicators/lab/ itself; another one is
    its own page (its own title and canonical), parameters in one fixed order."""
    path = reverse("indicators:lab")
    choice = {"signal": signal.key if signal else DEFAULT_SIGNAL, "h": horizon, "entry": entry}
    defaults = {"signal": DEFAULT_SIGNAL, "h": DEFAULT_HORIZON, "entry": DEFAULT_ENTRY}
    query = urlencode(choice) if choice != defaults else ""
    title = "信号实验室"
    if signal and query:
        title = f"{signal.spec.label}·{signal.kind.name}，持有 {horizon} 日 · 信号实验室"
    return seo.page_meta(
        title=title,
        description="用真实行情检验指标信号：信号出现后的涨跌和随机入场相比，有没有超出运气的差别。"
        + (f"本页比较“{signal.kind.name}”之后 {horizon} 个交易日。" if signal else ""),
        url=seo.absolute_url(path) + (f"?{query}" if query else ""),
        json_ld=[
            seo.breadcrumbs(
                ("指标公式与口径", reverse("indicators:formulas")), ("信号实验室", path)
            )
        ],
    )
