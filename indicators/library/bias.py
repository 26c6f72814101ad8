"""BIAS 乖离率: how far the close is from its moving average, in percent."""

import numpy as np
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

# Alert levels (percent) commonly quoted by Chinese trading texts, by MA period.
BIAS_THRESHOLDS = {6: 5.0, 12: 7.0, 24: 11.0}


def bias(close, n: int = 6, convention: str = "cn"):
    """BIAS, identical in both conventions. Warm-up: first n-1 bars::

        BIAS:(CLOSE-MA(CLOSE,N))/MA(CLOSE,N)*100;

    Prices must be positive (the moving average is a divisor).
    """
    (close,) = arrays(close)
    ma = talib.SMA(close, n)
    out = close - ma
    with np.errstate(divide="ignore", invalid="ignore"):
        out /= ma
    out *= 100.0
    return out


def warmup(params, convention):
    """Both conventions: one moving-average window of n bars."""
    return window_bars(params["n"])


def bias_threshold(n: int) -> float:
    """Alert level for BIAS(n): the table value of the nearest of 6/12/24 (by ratio)."""
    nearest = min(BIAS_THRESHOLDS, key=lambda p: abs(np.log(n / p)))
    return BIAS_THRESHOLDS[nearest]


def guide_levels(params) -> dict[str, tuple[Level, ...]]:
    """The zero line and the alert levels ±bias_threshold(n) the rules fire at."""
    level = bias_threshold(params["n"])
    return both(Level(value=level), Level(value=-level), Level(value=0, light=True))


def rules(out, close, params, convention, threshold):
    level = bias_threshold(params["n"]) if threshold is None else float(threshold)
    label = f"BIAS({params['n']})"
    return level_rules(
        out["bias"],
        [
            (level, "up", "overbought", label + f" 升破 +{level:g}%" + "（{v}%），正乖离过大"),
            (-level, "down", "oversold", label + f" 跌破 −{level:g}%" + "（{v}%），负乖离过大"),
        ],
    )


SPEC = IndicatorSpec(
    name="bias",
    label="BIAS 乖离率",
    inputs=("close",),
    params=(period(6, 1),),
    lines=(Line(name="bias", label="BIAS"),),
    overlay=False,
    func=bias,
    warmup_bars=warmup,
    rules=rules,
    signals=(
        SignalKind(kind="overbought", label="超买", name="BIAS 正乖离过大", direction=-1),
        SignalKind(kind="oversold", label="超卖", name="BIAS 负乖离过大", direction=1),
    ),
    levels=guide_levels,
    explanation=Explanation(
        cn="BIAS=(C−MA(C,N))/MA(C,N)×100",
        intl="与国内口径相同",
        reading=(
            "乖离率过大说明价格离均线太远，常被视为回归均线的提示。警戒线随周期而变："
            "BIAS6 ±5%、BIAS12 ±7%、BIAS24 ±11%，其他周期取最接近的一档；品种不同也要调整。"
        ),
    ),
    search_names=(
        "BIAS",
        "乖离率",
        "乖离度",
        "偏离率",
        "乖离指标",
    ),
)
