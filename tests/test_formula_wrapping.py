"""The formula page wraps formulas between terms only, never inside a name."""

import re

import pytest
from django.urls import reverse

from indicators.formulas import INDICATORS
from indicators.templatetags.formula_tags import formula_breaks


def test_breaks_fall_between_terms_only():
    """<wbr> follows ; and , and precedes / and ×; names like AVEDEV(TYP,N) stay whole."""
    out = formula_breaks("TYP=(H+L+C)/3;CCI=(TYP−MA(TYP,N))/(0.015×AVEDEV(TYP,N))")
    assert out == (
        "TYP=(H+L+C)<wbr>/3;<wbr>CCI=(TYP−MA(TYP,<wbr>N))<wbr>/(0.015<wbr>×AVEDEV(TYP,<wbr>N))"
    )
    assert not re.search(r"\w<wbr>\w", out)


def test_formula_text_is_escaped():
    """Markup in a formula is shown as text, with the breaks still added."""
    assert formula_breaks("<b>A</b>;B") == "&lt;b&gt;A&lt;<wbr>/b&gt;;<wbr>B"
    assert formula_breaks("A&B;C") == "A&amp;B;<wbr>C"


@pytest.mark.django_db
def test_every_formula_on_the_page_reads_the_same_without_its_breaks(client):
    """Each indicator's formulas appear whole once the <wbr> marks are removed."""
    html = client.get(reverse("indicators:formulas")).content.decode()
    shown = [
        code.replace("<wbr>", "")
        for code in re.findall(r'<code class="formula">(.*?)</code>', html, re.S)
    ]
    for spec in INDICATORS.values():
        for convention in ("cn", "intl"):
            text = getattr(spec.explanation, convention)
            assert text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in shown
