"""What the explainer articles say about their demos, read so a test can compare it with the
indicator modules: declared claims (front matter `claim:` lines), embeds, signal words.

A claim is `<subject> <fact> | <quote>`: the quote must stand in the prose, hold the
fact's numbers or words, and the fact must hold for the spec (or the shipped data).
"""

import re
from dataclasses import dataclass

import numpy as np

from demodata.seeding import DEMO_DIR, PRICE_DIR, PRICE_FILES, parse_article
from indicators.embeds import EMBED, parse_embed_args
from indicators.library.crossings import detect
from indicators.library.registry import INDICATORS, compute, indicator_settings
from indicators.params import parse_number
from indicators.prices import read_csv

# Words that give a signal a direction (+1 buy side, -1 sell side), longest first so that
# "离开强势区" is read before "强势".
DIRECTION_WORDS = (
    ("离开强势区", -1),
    ("离开弱势区", 1),
    ("进入强势区", 1),
    ("进入弱势区", -1),
    ("负乖离过大", 1),
    ("正乖离过大", -1),
    ("看多", 1),
    ("看空", -1),
    ("超买", -1),
    ("超卖", 1),
    ("强势", 1),
    ("弱势", -1),
    ("金叉", 1),
    ("死叉", -1),
)
_WORDS = re.compile("|".join(word for word, _ in DIRECTION_WORDS))
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
SEGMENT = re.compile(r"[。；;！？\n]")


def normalise(text: str) -> str:
    """Markdown prose without spaces or emphasis, one minus sign, one plus sign."""
    text = re.sub(r"[\s*`]", "", text)
    return text.replace("−", "-").replace("＋", "+").replace("—", "-").replace("–", "-")


def numbers(text: str) -> set[float]:
    return {abs(float(n)) for n in _NUMBER.findall(normalise(text))}


def direction_words(text: str) -> list[tuple[int, str, int]]:
    """(position, word, direction) of each direction word in ``text``."""
    return [(m.start(), m.group(), dict(DIRECTION_WORDS)[m.group()]) for m in _WORDS.finditer(text)]


@dataclass(frozen=True)
class Embed:
    indicator: str
    symbol: str
    convention: str
    params: dict
    before: str  # the paragraph just above the embed code


@dataclass(frozen=True)
class Lesson:
    name: str
    body: str
    prose: str  # normalised
    claims: tuple[str, ...]
    embeds: tuple[Embed, ...]


def _embeds(body: str) -> tuple[Embed, ...]:
    found, paragraphs = [], [p.strip() for p in body.split("\n\n") if p.strip()]
    for i, paragraph in enumerate(paragraphs):
        match = EMBED.fullmatch(paragraph)
        if not match:
            continue
        name, raw = parse_embed_args(match.group("args"))
        convention = raw.get("convention", "cn")
        spec = INDICATORS[name].for_convention(convention)  # cn RSI: n1/n2/n3, intl: n
        params = {p.name: parse_number(p, raw[p.name]) for p in spec.params if p.name in raw}
        before = paragraphs[i - 1] if i else ""
        found.append(Embed(name, raw["symbol"], convention, spec.resolve(params), before))
    return tuple(found)


def lessons() -> list[Lesson]:
    """Every demo article that carries at least one live demo."""
    found = []
    for path in sorted((DEMO_DIR / "articles").glob("*.md")):
        article = parse_article(path.read_text(encoding="utf-8"))
        embeds = _embeds(article.body)
        if embeds:
            prose = normalise(article.body)
            found.append(Lesson(path.stem, article.body, prose, tuple(article.claims), embeds))
    return found


def price_table(symbol: str):
    filename = next(f for s, _, _, f in PRICE_FILES if s == symbol)
    return read_csv(PRICE_DIR / filename)


def run(name: str, convention: str, params: dict | None = None, symbol: str = "600519"):
    """The outputs and signals of an indicator on a shipped series, as the demo computes."""
    settings = indicator_settings(name, params, convention)
    table = price_table(symbol)
    outputs = compute(settings, table.ohlc())
    return settings, outputs, detect(settings, None, table.close, outputs)


def event_phrase(text: str) -> str:
    """ "CCI(14)上穿+100（123.45），进入强势区" -> "上穿+100": what happened, no value.
    A line named with its period ("RSI6升破80…", cn RSI and WR) loses its name too."""
    text = normalise(re.sub(r"^[A-Z%]+(\([^)]*\)|\d+)", "", text))
    return re.split(r"[（，(]", text, maxsplit=1)[0]


def first_valid(values: np.ndarray) -> int:
    return int(np.flatnonzero(np.isfinite(values))[0])
