"""The API's "spec" carries every per-indicator fact the page script draws with."""

import re

import pytest
from django.urls import reverse

from indicators.formulas import INDICATORS
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db

HEX = re.compile(r"#[0-9a-f]{6}")
LEVELS = {
    "cci": {"cn": [(100, False), (-100, False), (0, True)]},
    "rsi": {
        "cn": [(80, False), (20, False), (70, True), (30, True)],  # RSI1 6 日; RSI2, RSI3
        "intl": [(70, False), (30, False)],
    },
    "williams_r": {"cn": [(20, False), (80, False)], "intl": [(-20, False), (-80, False)]},
    "kdj": {
        "cn": [(80, False), (20, False), (100, True), (0, True)],
        "intl": [(80, False), (20, False)],
    },
    "bias": {"cn": [(5.0, False), (-5.0, False), (0, True)]},
    "macd": {"cn": [(0, True)]},
    "boll": {"cn": []},
}
COLORS = {
    "macd": ["#1d4ed8", "#f59f00", "#9c36b5"],
    "kdj": ["#1d4ed8", "#f59f00", "#9c36b5"],
    "boll": ["#f59f00", "#1d4ed8", "#1d4ed8"],
    "cci": ["#1d4ed8"],
}


def spec_of(client, name, convention):
    response = client.get(
        reverse("indicators:api", args=[name]), {"symbol": "600519", "convention": convention}
    )
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("name", list(INDICATORS))
def test_payload_spec_carries_colours_levels_signals_and_formula(client, name):
    """Each output has a colour and style; levels, signal kinds and formula text are there."""
    load_series()
    for convention in ("cn", "intl"):
        data = spec_of(client, name, convention)
        spec = data["spec"]
        for output in spec["outputs"]:
            assert HEX.fullmatch(output["color"])
            assert output["style"] == ("histogram" if output["name"] == "hist" else "line")
        if name in COLORS:
            assert [o["color"] for o in spec["outputs"]] == COLORS[name][: len(spec["outputs"])]
        expected = LEVELS[name].get(convention, LEVELS[name]["cn"])
        assert [(lv["value"], lv["light"]) for lv in spec["levels"][convention]] == expected
        declared = {s["kind"]: s for s in spec["signals"]}
        assert declared and all(
            s["label"] and s["name"] and s["direction"] in (1, -1) for s in declared.values()
        )
        assert {s["kind"] for s in data["signals"]} <= set(declared)
        assert all(spec["formula"][key] for key in ("cn", "intl", "reading"))


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("rsi", {"n": 6, "convention": "intl"}, [(80, False), (20, False)]),
        ("rsi", {"n": 9, "convention": "intl"}, [(80, False), (20, False)]),
        ("rsi", {"n": 10, "convention": "intl"}, [(70, False), (30, False)]),
        ("rsi", {"n1": 6, "n2": 7, "n3": 9}, [(80, False), (20, False)]),
        ("rsi", {"n1": 10, "n2": 12, "n3": 24}, [(70, False), (30, False)]),
        ("bias", {"n": 24}, [(11, False), (-11, False), (0, True)]),
    ],
)
def test_guide_levels_follow_the_parameters_the_signals_use(client, name, params, expected):
    """Period-dependent alert lines come for the requested period, where the signals fire."""
    load_series()
    response = client.get(reverse("indicators:api", args=[name]), {"symbol": "600519", **params})
    data = response.json()
    convention = params.get("convention", "cn")
    assert [(lv["value"], lv["light"]) for lv in data["spec"]["levels"][convention]] == expected
    levels = {lv["value"] for lv in data["spec"]["levels"][convention] if not lv["light"]}
    fired = [s["text"] for s in data["signals"]]
    assert fired and all(any(f"{v:g}" in text for v in levels) for text in fired)


def test_intl_stochastic_has_no_j_line_and_no_j_signals(client):
    """KDJ in the intl convention lists, computes and signals only K and D."""
    load_series()
    data = spec_of(client, "kdj", "intl")
    assert [o["name"] for o in data["spec"]["outputs"]] == ["k", "d"]
    assert [o["name"] for o in data["outputs"]] == ["k", "d"] and set(data["series"]) == {"k", "d"}
    assert {s["kind"] for s in data["spec"]["signals"]} == {"golden_cross", "death_cross"}
    assert data["signals"] and all("J值" not in s["text"] for s in data["signals"])
    stats = client.get(
        reverse("indicators:api-stats", args=["kdj"]), {"symbol": "600519", "convention": "intl"}
    ).json()
    assert [k["kind"] for k in stats["kinds"]] == ["golden_cross", "death_cross"]
    cn = spec_of(client, "kdj", "cn")
    assert "j" in cn["series"] and any(s["text"].startswith("J值") for s in cn["signals"])


def test_signal_labels_and_directions_match_the_chart_tags():
    """Kinds shared by several indicators keep one tag and one direction."""
    tags = {}
    for spec in INDICATORS.values():
        for s in spec.as_dict()["signals"]:
            tags.setdefault(s["kind"], set()).add((s["label"], s["direction"]))
    assert tags == {
        "golden_cross": {("金叉", 1)},
        "death_cross": {("死叉", -1)},
        "oversold": {("超卖", 1)},
        "overbought": {("超买", -1)},
        # cn RSI and WR: one kind per further line, tagged with its number
        "oversold_2": {("超卖2", 1)},
        "overbought_2": {("超买2", -1)},
        "oversold_3": {("超卖3", 1)},
        "overbought_3": {("超买3", -1)},
        "cross_above_100": {("+100", 1)},
        "cross_below_100": {("+100", -1)},
        "cross_above_minus_100": {("−100", 1)},
        "cross_below_minus_100": {("−100", -1)},
        "cross_above_upper": {("上轨", 1)},
        "cross_below_lower": {("下轨", -1)},
    }
