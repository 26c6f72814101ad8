"""/indicators/lab/: one signal across every stored series and a few parameter choices."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pytest_django.asserts import assertContains

from indicators import lab
from indicators.formulas import INDICATORS
from indicators.library.stats import HorizonStats
from indicators.library.verdicts import judge_family
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored_series():
    return [
        load_series(),
        load_series("NVDA", "英伟达", "nvda-1999-2014.csv"),
        load_series("ORCL", "甲骨文", "orcl-1995-2014.csv"),
    ]


def get_lab(client, **params):
    return client.get(reverse("indicators:lab"), params)


def test_default_page_compares_macd_golden_cross_everywhere(client, stored_series, no_page_cache):
    response = get_lab(client)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 3 * len(lab.variants(INDICATORS["macd"]))
    assert {row.series.symbol for row in rows} == {"600519", "NVDA", "ORCL"}
    assertContains(response, "MACD 金叉，之后 10 个交易日")
    assertContains(response, "结论：")
    assertContains(response, "风险提示")
    assertContains(response, "佣金 0.025%")
    assertContains(response, "按美股成本计：佣金 0.01%")
    assertContains(response, "SPA p =")
    assertContains(response, "下一根K线的开盘价进场")
    # One year of Moutai has too few golden crosses to conclude anything.
    assertContains(response, "样本太少，无法下结论")


@pytest.mark.parametrize("signal", [s.key for s in lab.all_signals()])
def test_every_signal_kind_has_a_table(client, stored_series, signal, settings):
    settings.SIGNAL_STATS_RESAMPLES = 200
    response = get_lab(client, signal=signal, h="20")
    assert response.status_code == 200
    assert response.context["signal"].key == signal
    assert all(row.stats.horizon == 20 for row in response.context["rows"])


@pytest.mark.parametrize(
    "params",
    [
        {"signal": "nope"},
        {"signal": "macd.nope"},
        {"signal": "<script>alert(1)</script>"},
        {"signal": "macd.golden_cross\x00"},
        {"h": "7"},
        {"h": "abc"},
        {"h": "10.0"},
        {"h": "-5"},
    ],
)
def test_bad_choices_are_a_form_error_not_a_500(client, stored_series, params):
    response = get_lab(client, **params)
    assert response.status_code == 400
    # NUL is refused before any view runs (config.middleware), so there is no form.
    if not any("\x00" in value for value in params.values()):
        assert response.context["form"].errors
    assert "<script>alert" not in response.content.decode()


def test_variants_halve_and_double_periods_within_the_rules():
    assert lab.variants(INDICATORS["macd"]) == [
        {"fast": 12, "slow": 26, "signal": 9},
        {"fast": 6, "slow": 13, "signal": 4},
        {"fast": 24, "slow": 52, "signal": 18},
    ]
    assert lab.variants(INDICATORS["boll"]) == [
        {"n": 20, "k": 2.0},
        {"n": 10, "k": 2.0},
        {"n": 40, "k": 2.0},
    ]
    for spec in INDICATORS.values():
        found = lab.variants(spec)
        assert found[0] == {p.name: p.default for p in spec.params_for("cn")}
        assert len(found) == len({tuple(v.items()) for v in found}) >= 2


def horizon_stats(**figures):
    base = {
        "horizon": 10,
        "entry": "next_open",
        "signals": 40,
        "episodes": 30,
        "rise_share": 0.6,
        "mean": 0.02,
        "median": 0.01,
        "base_days": 4000,
        "base_rise_share": 0.52,
        "base_mean": 0.004,
        "base_median": 0.003,
        "difference": 0.016,
        "ci_low": 0.004,
        "ci_high": 0.03,
        "p_value": 0.01,
        "net_mean": 0.019,
        "base_net_mean": 0.003,
    }
    return HorizonStats(**(base | figures))


def judged_rows(series, figures, direction=1):
    """LabRows judged as one family, as the page judges them."""
    judged = judge_family([(stats, direction) for stats in figures])
    return [
        lab.LabRow(series, {}, True, stats, direction, row)
        for stats, row in zip(figures, judged, strict=True)
    ]


def test_verdict_says_plainly_when_nothing_beats_the_base_rate(stored_series):
    """A row wins only with the interval, the adjusted p and the costs all on its side."""
    series = stored_series[0]
    noisy = [horizon_stats(p_value=0.3), horizon_stats(signals=5)]
    assert lab.verdict(judged_rows(series, noisy))["none_beat"]
    wrong_way = judged_rows(series, [horizon_stats()], direction=-1)  # a sell followed by a rise
    assert lab.verdict(wrong_way)["none_beat"] and lab.verdict(wrong_way)["losers"]
    assert lab.verdict(judged_rows(series, [horizon_stats(net_mean=-0.0005)]))["none_beat"]
    found = lab.verdict(judged_rows(series, [*noisy, horizon_stats()]))
    assert not found["none_beat"] and len(found["winners"]) == 1
    assert found["comparable"] == 2 and "共做了 2 项检验" in found["luck_text"]
    # Six rows at p = 0.01: Holm multiplies the smallest by six, and nothing survives.
    crowded = lab.verdict(judged_rows(series, [horizon_stats()] * 6))
    assert crowded["none_beat"] and crowded["comparable"] == 6


def test_rows_are_cached_until_prices_or_costs_change(
    client, stored_series, page_queries, settings, no_page_cache
):
    get_lab(client, signal="rsi.oversold")
    with page_queries() as queries:
        assert get_lab(client, signal="rsi.oversold").status_code == 200
    assert len(queries) <= 3, queries  # the series list, and the site's cached fragments
    # WR's short windows leave Moutai's 365 bars trades (cn RSI's 48-day variant does not)
    signal = lab.find_signal("williams_r.oversold")
    before = lab.lab_rows(signal, 10)
    settings.SIGNAL_CN_COMMISSION_RATE = 0.001
    after = lab.lab_rows(signal, 10)
    moutai = [i for i, row in enumerate(after) if row.series.symbol == "600519"][0]
    assert after[moutai].stats.net_mean == pytest.approx(before[moutai].stats.net_mean - 0.0015)


def test_lab_is_linked_from_the_formulas_page(client):
    response = client.get(reverse("indicators:formulas"))
    assertContains(response, reverse("indicators:lab"))


def test_signal_lab_command_prints_a_verdict_per_signal(stored_series, settings):
    settings.SIGNAL_STATS_RESAMPLES = 200
    out = io.StringIO()
    call_command("signal_lab", "--signal", "rsi.oversold", "--horizon", "5", stdout=out)
    text = out.getvalue()
    assert "RSI1 进入超卖区" in text and "· 5 日" in text
    assert text.count("\n  ") == 3 * len(lab.variants(INDICATORS["rsi"])) + 2
    assert "SPA p:" in text and "合计：" in text
    assert "→" in text
    with pytest.raises(CommandError):
        call_command("signal_lab", "--signal", "rsi.nope", stdout=out)


def test_a_table_without_enough_signals_says_so_instead_of_a_verdict(client, no_page_cache):
    """One year of prices: every row is too short, and the verdict says exactly that."""
    load_series()
    response = get_lab(client, signal="boll.cross_above_upper", h="20")
    verdict = response.context["verdict"]
    assert verdict["too_few"] and not verdict["none_beat"]
    assertContains(response, "结论：样本太少，无法下结论。")
    assert "都没有好过随机入场" not in response.content.decode()


def test_a_series_imported_again_gets_fresh_rows(client, stored_series, no_page_cache):
    """Rows name series by key: deleting and importing the same bars again is no 500."""
    assert get_lab(client, signal="rsi.overbought").status_code == 200
    stored_series[1].delete()
    load_series("NVDA", "英伟达", "nvda-1999-2014.csv")
    response = get_lab(client, signal="rsi.overbought")
    assert response.status_code == 200
    assert {row.series.symbol for row in response.context["rows"]} == {"600519", "NVDA", "ORCL"}


def test_the_lab_names_the_resamples_it_used(client, stored_series, settings, no_page_cache):
    settings.SIGNAL_STATS_RESAMPLES = 300
    response = get_lab(client, signal="kdj.oversold")
    assertContains(response, "各重抽 300 次")
    assertContains(response, "SPA 检验重抽 150 次")


def test_entry_is_a_choice_and_a_bad_one_is_a_form_error(client, stored_series, settings):
    settings.SIGNAL_STATS_RESAMPLES = 200
    response = get_lab(client, signal="macd.golden_cross", entry="close")
    assert response.status_code == 200
    assert {row.stats.entry for row in response.context["rows"]} == {"close"}
    assertContains(response, "按信号当天收盘价进场")
    assert get_lab(client, entry="tomorrow").status_code == 400


def test_spa_tests_only_settings_with_enough_signals(client, stored_series, settings):
    """One year of Moutai has too few signals in every setting: no SPA p-value for it."""
    settings.SIGNAL_STATS_RESAMPLES = 200
    rows, tests = lab.lab_page(lab.find_signal("rsi.oversold"), 10)
    by_symbol = {test.series.symbol: test.p_value for test in tests}
    moutai_rows = [row for row in rows if row.series.symbol == "600519"]
    assert not any(row.stats.enough for row in moutai_rows)
    assert by_symbol["600519"] != by_symbol["600519"]  # NaN: nothing to test
    assert 0 <= by_symbol["ORCL"] <= 1
