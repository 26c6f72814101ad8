"""The shape of an indicator's description.

Each module in this package fills in an ``IndicatorSpec``; the registry collects them.
Parameters (indicators.library.parameters) are checked once, when settings are made
(``IndicatorSpec.resolve``);
the formulas and the signal rules trust what they receive. Messages are for readers and
authors, so they are Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

# The parameter types live in their own module; named here too, where every indicator
# module and the API have always found them.
from indicators.library.parameters import (  # noqa: F401
    CONVENTIONS,
    FLOAT_STEP,
    MAX_PERIOD,
    LessThan,
    Param,
    ParamError,
    period,
)

CONVENTION_LABELS = {"cn": "国内口径", "intl": "国际口径"}
PALETTE = ("#1d4ed8", "#f59f00", "#9c36b5", "#0c8599")


@dataclass(frozen=True, kw_only=True)
class Line:
    """One output series: its key, its label, and how the chart draws it."""

    name: str
    label: str
    color: str | None = None  # None: the palette colour for its position
    style: str = "line"  # or "histogram"
    conventions: tuple[str, ...] = CONVENTIONS  # KDJ's J exists only in cn


@dataclass(frozen=True, kw_only=True)
class Level:
    """A horizontal guide line in the indicator pane; light ones carry no axis label."""

    value: float
    light: bool = False


@dataclass(frozen=True, kw_only=True)
class SignalKind:
    """A kind of signal the rules emit: a short chart tag, a table name, its direction."""

    kind: str
    label: str
    name: str
    direction: int  # +1 bullish (marker below the bar), -1 bearish
    conventions: tuple[str, ...] = CONVENTIONS
    # The line whose crossings these are, when a convention draws several (cn RSI1/RSI2/RSI3).
    line: str = ""


@dataclass(frozen=True, kw_only=True)
class Explanation:
    """How the indicator is computed in each convention, and how to read it."""

    cn: str
    intl: str
    reading: str


# rules(outputs, close, params, convention, threshold) -> [(bar index, kind, text), ...]
Rules = Callable[..., list[tuple[int, str, str]]]
LevelsByConvention = Mapping[str, tuple[Level, ...]]
# Fixed guide lines, or a function of the parameters (RSI's and BIAS's depend on the period;
# the same function gives the signal rules their thresholds, so chart and signals agree).
Levels = LevelsByConvention | Callable[[Mapping], LevelsByConvention]
# warmup_bars(params, convention) -> leading bars not yet trustworthy (see library/warmup.py)
WarmupBars = Callable[[Mapping, str], int]


@dataclass(frozen=True, kw_only=True)
class IndicatorSpec:
    """Everything the site knows about one indicator."""

    name: str
    label: str
    inputs: tuple[str, ...]  # keys of the ohlc mapping the formula reads, in its order
    params: tuple[Param, ...]
    lines: tuple[Line, ...]  # in the formula's return order
    overlay: bool  # True: draw on the price pane; False: own pane below
    func: Callable  # the formula: func(*inputs, **params, convention=...)
    rules: Rules
    signals: tuple[SignalKind, ...]
    levels: Levels  # by convention
    explanation: Explanation
    warmup_bars: WarmupBars
    constraints: tuple[LessThan, ...] = ()
    # Every name readers call it by (broker software, textbooks, English): search expands
    # a query for one of them to all of them (search.synonyms).
    search_names: tuple[str, ...] = ()
    # True when ``func`` already returns only the lines of the convention it is given
    # (RSI, WR: one line intl, several cn), so ``for_convention`` need not pick them.
    lines_by_convention: bool = False

    @property
    def outputs(self) -> tuple[str, ...]:
        return tuple(line.name for line in self.lines)

    @property
    def output_labels(self) -> tuple[str, ...]:
        return tuple(line.label for line in self.lines)

    def lines_for(self, convention: str) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if convention in line.conventions)

    def signals_for(self, convention: str) -> tuple[SignalKind, ...]:
        return tuple(kind for kind in self.signals if convention in kind.conventions)

    def params_for(self, convention: str) -> tuple[Param, ...]:
        return tuple(p for p in self.params if convention in p.conventions)

    def levels_for(self, params: Mapping | None = None) -> LevelsByConvention:
        """The guide lines by convention for ``params`` (checked values; None: defaults)."""
        if not callable(self.levels):
            return self.levels
        return self.levels(self.resolve({}) if params is None else params)

    def for_convention(self, convention: str) -> IndicatorSpec:
        """This indicator as one convention draws it: only its lines and signal kinds.

        Checked settings carry this view, so everything that lists outputs or kinds (the
        payload, the legend, the statistics) follows the convention without asking.
        """
        lines, signals = self.lines_for(convention), self.signals_for(convention)
        params = self.params_for(convention)
        if (lines, signals, params) == (self.lines, self.signals, self.params):
            return self
        func = self.func if self.lines_by_convention else _picking(self, lines)
        return replace(self, lines=lines, signals=signals, params=params, func=func)

    def warmup(self, params: Mapping, convention: str) -> int:
        """Leading bars whose values or signals still depend on how the series started."""
        return int(self.warmup_bars(params, convention))

    def resolve(self, values: Mapping | None) -> dict:
        """Defaults merged with ``values``, each checked; unknown names and broken rules refused."""
        values = dict(values or {})
        known = [p.name for p in self.params]
        unknown = sorted(set(values) - set(known))
        if unknown:
            name = str(unknown[0])
            message = f"{self.label} 没有参数 {name[:30]!r}，可用参数：{'、'.join(known)}"
            raise ParamError(name, message)
        params = {p.name: p.check(values.get(p.name, p.default)) for p in self.params}
        for rule in self.constraints:
            if params[rule.param] >= params[rule.less_than]:
                raise ParamError(rule.param, rule.message)
        return params

    def as_dict(self, params: Mapping | None = None) -> dict:
        """JSON-ready description for the page script (no callables); the guide lines are
        those for ``params`` (checked values; None: the defaults)."""
        return {
            "name": self.name,
            "label": self.label,
            "inputs": list(self.inputs),
            "params": [_param_dict(p) for p in self.params],
            "outputs": [
                {
                    "name": line.name,
                    "label": line.label,
                    "color": line.color or PALETTE[i % len(PALETTE)],
                    "style": line.style,
                }
                for i, line in enumerate(self.lines)
            ],
            "overlay": self.overlay,
            "constraints": [
                {"param": c.param, "less_than": c.less_than, "message": c.message}
                for c in self.constraints
            ],
            "levels": {
                convention: [{"value": lv.value, "light": lv.light} for lv in levels]
                for convention, levels in self.levels_for(params).items()
            },
            "signals": [
                {
                    "kind": s.kind,
                    "label": s.label,
                    "name": s.name,
                    "direction": s.direction,
                    "line": s.line,
                }
                for s in self.signals
            ],
            "formula": {
                "cn": self.explanation.cn,
                "intl": self.explanation.intl,
                "reading": self.explanation.reading,
            },
        }


def _picking(spec: IndicatorSpec, lines: tuple[Line, ...]) -> Callable:
    """``spec.func`` returning only ``lines`` (the formula itself computes them all)."""
    keep = [spec.outputs.index(line.name) for line in lines]

    def formula(*args, **kwargs):
        values = spec.func(*args, **kwargs)
        picked = tuple(values[i] for i in keep)
        return picked[0] if len(picked) == 1 else picked

    return formula


def _param_dict(p: Param) -> dict:
    return {
        "name": p.name,
        "label": p.label,
        "default": p.default,
        "min": p.min,
        "max": p.max,
        "integer": p.integer,
        "min_exclusive": p.min_exclusive,
        "step": 1 if p.integer else p.step,
    }


def both(*levels: Level) -> dict[str, tuple[Level, ...]]:
    """The same guide lines in both conventions."""
    return dict.fromkeys(CONVENTIONS, levels)


@dataclass(frozen=True, kw_only=True)
class IndicatorSettings:
    """Checked settings for one indicator: made only by ``registry.indicator_settings``.

    Frozen and hashable; downstream code (compute, detect) trusts it without checking.
    """

    indicator: str
    convention: str
    values: tuple[tuple[str, int | float], ...]  # (name, value) in the spec's order
    spec: IndicatorSpec = field(repr=False, compare=False)

    @property
    def params(self) -> dict:
        """The parameter values by name (a fresh dict: the settings stay frozen)."""
        return dict(self.values)

    @property
    def warmup(self) -> int:
        """Leading bars not yet trustworthy: no signal there, shaded as 预热期 on the chart."""
        return self.spec.warmup(self.params, self.convention)
