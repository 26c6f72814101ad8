"""The reader's pages of K线训练营: the trainer and the share page of a finished round.

The game itself runs in static/js/practice/ against the JSON API (practice/API.md);
these views only render the page around it and the revealed rounds.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from indicators.library.registry import INDICATORS
from practice.templatetags.practice_tags import short_name

LENGTHS = (60, 120)


def indicator_choices() -> list[dict]:
    """Each indicator with its parameters, for the setup form (defaults filled in)."""
    return [
        {
            "name": spec.name,
            "short": short_name(spec.name),
            "label": spec.label,
            "params": [
                {
                    "name": p.name,
                    "label": p.label,
                    "default": p.default,
                    "min": p.min,
                    "max": p.max,
                    "step": 1 if p.integer else p.step,
                }
                for p in spec.params
            ],
        }
        for spec in INDICATORS.values()
    ]


@require_safe
def trainer(request):
    """/practice/: the setup form, and the empty stage the script plays the round on.

    `?indicator=macd` (from an explainer's link) preselects an indicator; anything else
    is ignored rather than refused, as a stale link should still open the trainer.
    """
    wanted = request.GET.get("indicator", "")
    return render(
        request,
        "practice/trainer.html",
        {
            "indicators": indicator_choices(),
            "selected": wanted if wanted in INDICATORS else "",
            "lengths": LENGTHS,
        },
    )
