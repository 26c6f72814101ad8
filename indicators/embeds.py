"""Live-demo embeds in article bodies: `[[indicator macd symbol=600519 fast=12]]`.

Authors write the same one-line code in Markdown or rich text. Rendering (once, on save,
after sanitising) turns it into a <figure data-indicator=…> that the page's script brings
to life; without JavaScript the figure still explains what it would show.

Only a top-level paragraph whose whole text is one code is an embed. The decision is made
on the parsed HTML, so a code inside <pre>, <code>, a list, a quote, a heading, a table,
an attribute value or a sentence stays the literal text the author wrote.
"""

import json
import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode

from django.template.loader import render_to_string

EMBED = re.compile(r"\[\[indicator\b(?P<args>[^\[\]]*)\]\]")
# Element ids starting with this belong to demos (the figure and its controls).
DEMO_ID_PREFIX = "demo-"
_VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}


def parse_embed_args(text: str) -> tuple[str, dict[str, str]]:
    """ "macd symbol=600519 fast=12" -> ("macd", {"symbol": "600519", "fast": "12"})."""
    words = text.replace("\xa0", " ").split()
    if not words:
        return "", {}
    name, raw = words[0].lower(), {}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep or not key:
            raise ValueError(f"“{word[:30]}” 应写成 参数=值")
        if key in raw:
            raise ValueError(f"参数 {key} 写了两次")
        raw[key] = value
    return name, raw


class _EmbedParagraphs(HTMLParser):
    """Collects (start, end, code) for each top-level <p> that holds one embed code alone.

    Fed sanitised HTML (well-formed, every element closed); <br> and whitespace around
    the code are allowed, any other element inside the paragraph makes it prose.
    """

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.found: list[tuple[int, int, str]] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self._depth = 0
        self._paragraph: tuple[int, list[str]] | None = None
        self._plain = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self._depth == 0 and tag == "p":
            self._paragraph, self._plain = (self._offset(), []), True
        elif self._paragraph is not None and tag != "br":
            self._plain = False
        if tag not in _VOID_TAGS:
            self._depth += 1

    def handle_endtag(self, tag):
        if tag in _VOID_TAGS:
            return
        self._depth -= 1
        if self._depth == 0 and self._paragraph is not None:
            start, parts = self._paragraph
            self._paragraph = None
            code = "".join(parts).strip()
            if self._plain and EMBED.fullmatch(code):
                end = self.source.index(">", self._offset()) + 1
                self.found.append((start, end, code))

    def handle_data(self, data):
        if self._paragraph is not None:
            self._paragraph[1].append(data)


def find_embeds(sanitised: str) -> list[tuple[int, int, str]]:
    """Where the embed paragraphs of sanitised HTML are, and the code each holds."""
    parser = _EmbedParagraphs(sanitised)
    parser.feed(sanitised)
    parser.close()
    return parser.found


@dataclass(frozen=True)
class Demo:
    """A live demo the body contains: its element id and its validated settings."""

    id: str
    indicator: str
    symbol: str
    convention: str
    params: dict

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class EmbedError:
    """An embed code that cannot be shown, and the Chinese message its author sees."""

    code: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Expanded:
    """A body with its embeds expanded, and the facts found on the way.

    `prose` is the body with every embed paragraph left out: what the author wrote
    around the demos, for excerpts and reading time.
    """

    html: str
    prose: str
    demos: tuple[Demo, ...]
    errors: tuple[EmbedError, ...]


def check_embed(code: str):
    """The settings an embed code asks for, and its series; ValueError when it is wrong."""
    from indicators.models import PriceSeries
    from indicators.params import ParamError, parse_settings

    name, raw = parse_embed_args(EMBED.fullmatch(code).group("args"))
    settings = parse_settings(name, raw, allow_range=False)
    series = PriceSeries.objects.filter(symbol=settings.symbol).only("name").first()
    if series is None:
        raise ParamError("symbol", f"还没有导入代码为 {settings.symbol} 的行情数据")
    return settings, series


def _render_one(code: str, demo_id: str) -> tuple[str, Demo | EmbedError]:
    from indicators.library.spec import CONVENTION_LABELS
    from indicators.library.stats import DEFAULT_HORIZON, HORIZONS
    from indicators.params import ParamError, convention_params

    try:
        settings, series = check_embed(code)
    except ValueError as exc:
        message = exc.message if isinstance(exc, ParamError) else str(exc)
        error = EmbedError(code.replace("\xa0", " "), message)
        return render_to_string("indicators/embed_error.html", error.as_dict()), error
    demo = Demo(demo_id, settings.indicator, settings.symbol, settings.convention, settings.params)
    html = render_to_string(
        "indicators/embed.html",
        {
            "demo_id": demo_id,
            "settings": settings,
            "spec": settings.spec,
            "series": series,
            "params_json": json.dumps(settings.params, separators=(",", ":")),
            # What the convention switch starts from: the embed's own parameters in its
            # convention, the other's defaults (cn RSI has n1/n2/n3, intl RSI one n).
            "convention_params_json": json.dumps(
                convention_params(settings), separators=(",", ":")
            ),
            # Named as readers know them (周期 14), never by the API's keys (n=14).
            "param_values": [
                {"label": p.label, "value": settings.params[p.name]} for p in settings.spec.params
            ],
            "formula": settings.spec.explanation,
            "convention_label": CONVENTION_LABELS[settings.convention],
            "stats_horizons": ",".join(str(h) for h in HORIZONS),
            "stats_horizon": DEFAULT_HORIZON,
        },
    )
    return html, demo


def _readers_changes(demos: dict[str, dict], raw: dict[str, str]) -> dict[str, dict]:
    """The reader's changes per demo, for the article's demos only.

    The symbol is the article's choice; any other name goes to parse_settings, which
    refuses what the API refuses (an unknown parameter, and here a date range too).
    """
    from indicators.params import ParamError

    changes: dict[str, dict[str, str]] = {}
    for key in sorted(raw):
        demo_id, _, name = key.partition(".")
        if demo_id not in demos:
            raise ParamError(key, f"本文没有演示 {demo_id[:10]!r}")
        if name == "symbol":
            raise ParamError(key, f"演示 {demo_id} 的行情代码由文章决定，不能修改")
        changes.setdefault(demo_id, {})[name] = raw[key]
    return changes


def demo_state_query(demos: list[dict], raw: dict[str, str]) -> str:
    """Validate a reader's demo state (`d1.n=20&d1.convention=intl`) against an article.

    `demos` are the article's stored demos (Demo.as_dict()). Returns the state as a
    normalised query string. Each changed demo's settings (the embed's, with the reader's
    changes) go through indicators.params.parse_settings, the API's one validator, so a
    state the API would refuse (fast ≥ slow …) raises the API's ParamError here too.
    """
    from indicators.formulas import INDICATORS
    from indicators.params import ParamError, kept_params, parse_settings

    known = {demo["id"]: demo for demo in demos if demo["indicator"] in INDICATORS}
    state = []
    for demo_id, changed in _readers_changes(known, raw).items():
        demo = known[demo_id]
        if "h" in changed:  # the stats panel's holding period, not an indicator setting
            state.append((f"{demo_id}.h", _horizon(demo_id, changed.pop("h"))))
        if "e" in changed:  # the stats panel's entry price, not an indicator setting
            state.append((f"{demo_id}.e", _entry(demo_id, changed.pop("e"))))
        if not changed:  # nothing of the indicator's own changed: nothing to check
            continue
        convention = changed.get("convention", demo["convention"]).strip()
        kept = kept_params(demo["indicator"], demo["params"], convention)
        settings_raw = {
            **{name: str(value) for name, value in demo["params"].items() if name in kept},
            "symbol": demo["symbol"],
            "convention": demo["convention"],
            **changed,
        }
        try:
            checked = parse_settings(demo["indicator"], settings_raw, allow_range=False)
        except ParamError as exc:
            raise ParamError(f"{demo_id}.{exc.param}", exc.message) from None
        values = {**checked.params, "convention": checked.convention}
        state.extend((f"{demo_id}.{name}", str(values[name])) for name in changed)
    return urlencode(sorted(state))


def _horizon(demo_id: str, raw: str) -> str:
    from indicators.library.stats import HORIZONS
    from indicators.params import ParamError

    if raw.strip() not in {str(h) for h in HORIZONS}:
        choices = "、".join(str(h) for h in HORIZONS)
        raise ParamError(f"{demo_id}.h", f"信号统计的持有天数 h 只能是 {choices}")
    return raw.strip()


def _entry(demo_id: str, raw: str) -> str:
    from indicators.library.stats import ENTRIES
    from indicators.params import ParamError

    if raw.strip() not in ENTRIES:
        raise ParamError(f"{demo_id}.e", "信号统计的进场方式 e 只能是 next_open 或 close")
    return raw.strip()


def replace_embeds(sanitised: str, replace, found=None) -> str:
    """The body with each embed paragraph replaced by `replace(demo_id, code)`."""
    pieces, position = [], 0
    embeds = find_embeds(sanitised) if found is None else found
    for index, (start, end, code) in enumerate(embeds, start=1):
        pieces += [sanitised[position:start], replace(f"d{index}", code)]
        position = end
    pieces.append(sanitised[position:])
    return "".join(pieces)


def expand_embeds(sanitised: str) -> Expanded:
    """Replace each embed paragraph of sanitised HTML with its figure (or error note)."""
    found, facts = find_embeds(sanitised), []

    def render(demo_id: str, code: str) -> str:
        html, fact = _render_one(code, demo_id)
        facts.append(fact)
        return html

    return Expanded(
        html=replace_embeds(sanitised, render, found),
        prose=replace_embeds(sanitised, lambda demo_id, code: "", found),
        demos=tuple(f for f in facts if isinstance(f, Demo)),
        errors=tuple(f for f in facts if isinstance(f, EmbedError)),
    )
