"""CCI 顺势指标 (Commodity Channel Index)."""

import talib

from indicators.library._numeric import arrays
from indicators.library.crossings import level_rules
from indicators.library.spec import (
    Explanation,
    IndicatorSpec,
    Level,
    Line,
    SignalKind,
    both,
    period,
)
from indicators.library.warmup import window_bars


def cci(high, low, close, n: int = 14, convention: str = "cn"):
    """Commodity Channel Index. Warm-up: first n-1 bars.

    Both conventions share one formula, so cn and intl return identical values::

        TYP:=(HIGH+LOW+CLOSE)/3;
        CCI:(TYP-MA(TYP,N))/(0.015*AVEDEV(TYP,N));

    Zero mean deviation (flat typical price) gives 0. Computed by talib.CCI.
    """
    high, low, close = arrays(high, low, close)
    return talib.CCI(high, low, close, n)


def warmup(params, convention):
    """Both conventions: one MA/AVEDEV window of n bars."""
    return window_bars(params["n"])


# Lambert's trend-following reading, the one the site teaches: above +100 is a strong zone
# (a move worth following), below -100 a weak one. Every text, name and direction says so.
def rules(out, close, params, convention, threshold):
    label = f"CCI({params['n']})"
    return level_rules(
        out["cci"],
        [
            (100.0, "up", "cross_above_100", label + " 上穿 +100（{v}），进入强势区，顺势看多"),
            (100.0, "down", "cross_below_100", label + " 跌破 +100（{v}），离开强势区"),
            (
                -100.0,
                "down",
                "cross_below_minus_100",
                label + " 跌破 −100（{v}），进入弱势区，看空",
            ),
            (-100.0, "up", "cross_above_minus_100", label + " 上穿 −100（{v}），离开弱势区"),
        ],
    )


SPEC = IndicatorSpec(
    name="cci",
    label="CCI 顺势指标",
    inputs=("high", "low", "close"),
    params=(period(14, 2),),
    lines=(Line(name="cci", label="CCI"),),
    overlay=False,
    func=cci,
    warmup_bars=warmup,
    rules=rules,
    signals=(
        SignalKind(
            kind="cross_above_100", label="+100", name="CCI 上穿 +100，进入强势区", direction=1
        ),
        SignalKind(
            kind="cross_below_100", label="+100", name="CCI 跌破 +100，离开强势区", direction=-1
        ),
        SignalKind(
            kind="cross_below_minus_100",
            label="−100",
            name="CCI 跌破 −100，进入弱势区",
            direction=-1,
        ),
        SignalKind(
            kind="cross_above_minus_100",
            label="−100",
            name="CCI 上穿 −100，离开弱势区",
            direction=1,
        ),
    ),
    levels=both(Level(value=100), Level(value=-100), Level(value=0, light=True)),
    explanation=Explanation(
        cn="TYP=(H+L+C)/3;CCI=(TYP−MA(TYP,N))/(0.015×AVEDEV(TYP,N))",
        intl="与国内口径相同（Lambert 原始定义，TA-Lib CCI）",
        reading=(
            "按兰伯特的顺势读法：上穿 +100 进入强势区，看多；跌破 −100 进入弱势区，看空。"
            "跌回 +100 以内是离开强势区，回到 −100 以上是离开弱势区。"
        ),
    ),
    search_names=(
        "CCI",
        "顺势指标",
        "顺势指数",
        "商品通道指数",
        "商品路径指标",
        "Commodity Channel Index",
    ),
)
