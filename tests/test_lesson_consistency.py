"""Lessons cannot contradict their demos: what an explainer says about a default, a threshold,
a line, a signal's direction or the data must be what its indicator module and files do."""

import re

import numpy as np
import pytest

from demodata.seeding import PRICE_FILES
from indicators.library.registry import INDICATORS
from indicators.library.spec import CONVENTIONS
from tests.lesson_checks import (
    SEGMENT,
    direction_words,
    event_phrase,
    first_valid,
    lessons,
    normalise,
    numbers,
    price_table,
    run,
)

LESSONS = lessons()
CLAIMS = [(lesson, claim) for lesson in LESSONS for claim in lesson.claims]


def _subject(word: str) -> tuple[str, tuple[str, ...]]:
    name, _, convention = word.partition("@")
    return name, (convention,) if convention else CONVENTIONS


def _pairs(words) -> dict:
    return dict(word.split("=", 1) for word in words)


def _check_default(spec, words, quote):
    for name, value in _pairs(words).items():
        assert spec.resolve({})[name] == float(value), f"{spec.name} 默认 {name}≠{value}"
        assert float(value) in numbers(quote), f"引文没有写出 {name}={value}"


def _check_levels(spec, conventions, words, quote):
    at = words.index("levels")
    given = {k: float(v) for k, v in _pairs(words[:at]).items()}
    stated = {float(v) for v in words[at + 1].split("/")}
    for convention in conventions:  # the parameters can differ by convention (cn RSI n1…)
        settings, _, found = run(spec.name, convention, given)
        params = settings.params
        drawn = {lv.value for lv in spec.levels_for(params)[convention] if not lv.light}
        assert drawn == stated, f"{spec.name}{params}@{convention} 画的是 {sorted(drawn)}"
        fired = {abs(n) for s in found for n in numbers(event_phrase(s["text"]))}
        assert fired <= {abs(v) for v in stated}, f"信号按 {sorted(fired)} 触发"
    assert {abs(v) for v in stated} | {abs(float(v)) for v in _pairs(words[:at]).values()} <= (
        numbers(quote)
    ), "引文没有写出这些数"


def _check_signal(spec, conventions, kind_name, word, quote):
    kind = next(k for k in spec.signals if k.kind == kind_name)
    said = [d for _, w, d in direction_words(word)]
    assert said and all(d == kind.direction for d in said), f"“{word}”与方向 {kind.direction} 相反"
    texts = [kind.name]
    for convention in conventions:
        texts += [s["text"] for s in run(spec.name, convention)[2] if s["kind"] == kind_name]
    assert any(word in t for t in texts), f"演示没有用“{word}”这个说法：{texts[:2]}"
    assert word in quote


def _check_outputs(spec, conventions, words, quote):
    names = tuple(words[1].split(","))
    for convention in conventions:
        assert spec.for_convention(convention).outputs == names
        settings, outputs, found = run(spec.name, convention)
        assert tuple(outputs) == names
        kinds = {k.kind for k in spec.signals_for(convention)}
        assert {s["kind"] for s in found} <= kinds
    labels = {line.label for line in spec.lines if line.name in names}
    assert all(label in quote for label in labels)


def _check_formula(spec, conventions, words, quote):
    target, expression = words[1].split("=", 1)
    for convention in conventions:
        outputs = run(spec.name, convention)[1]
        expected = eval(expression, {"__builtins__": {}}, dict(outputs))
        assert np.allclose(outputs[target], expected, equal_nan=True, atol=1e-9)
    assert numbers(expression) <= numbers(quote) | {1.0}


def _check_data(words, quote):
    symbol, span = words[1], words[2]
    first, last = span.split("..")
    table = price_table(symbol)
    dates = np.datetime_as_string(table.dates[[0, -1]]).tolist()
    assert dates == [first, last], f"{symbol} 的数据是 {dates}"
    assert (first in quote and last in quote) or {float(first[:4]), float(last[:4])} <= numbers(
        quote
    )
    counted = re.findall(r"(\d+)个交易日", quote)
    assert all(int(n) == len(table) for n in counted), f"{symbol} 有 {len(table)} 根 K 线"


def check_claim(lesson, claim):
    facts, _, quote = claim.partition("|")
    words, quote = facts.split(), normalise(quote)
    assert quote and quote in lesson.prose, f"正文里没有这句：{quote}"
    if words[0] == "data":
        return _check_data(words, quote)
    name, conventions = _subject(words[0])
    spec, rest = INDICATORS[name], words[1:]
    if rest[0] == "default":
        _check_default(spec, rest[1:], quote)
    elif "levels" in rest:
        _check_levels(spec, conventions, rest, quote)
    elif rest[0] == "outputs":
        _check_outputs(spec, conventions, rest, quote)
    elif rest[0] == "formula":
        _check_formula(spec, conventions, rest, quote)
    elif rest[0] == "start":
        for convention in conventions:
            assert first_valid(run(name, convention)[1][spec.outputs[0]]) == int(rest[1])
        assert float(rest[1]) in numbers(quote)
    else:
        _check_signal(spec, conventions, rest[0], rest[1], quote)


def _claim_id(lesson, claim):
    facts = claim.partition("|")[0].encode("ascii", "ignore").decode().split()
    return f"{lesson.name[:2]}:{'_'.join(facts)}"


@pytest.mark.parametrize(("lesson", "claim"), CLAIMS, ids=[_claim_id(*c) for c in CLAIMS])
def test_each_claim_stands_in_the_prose_and_holds_for_the_module(lesson, claim):
    """A declared claim is quoted from the text, and the spec, the demo or the data agree."""
    check_claim(lesson, claim)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_every_demoed_indicator_declares_its_defaults_and_signals(lesson):
    """Each explainer says, checkably, the defaults and the reading of what it demos."""
    declared = [c.split("|")[0].split() for c in lesson.claims]
    for name in {embed.indicator for embed in lesson.embeds}:
        facts = [w[1:] for w in declared if w[0].partition("@")[0] == name]
        assert ["default"] in [f[:1] for f in facts], f"{lesson.name}：没有声明 {name} 的默认参数"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_parameters_named_beside_a_demo_are_the_demos(lesson):
    """“参数 N=14”, “参数 9、3、3”, “计算 6 日” or a stock named above an embed is what the
    embed runs."""
    for embed in lesson.embeds:
        text, values = normalise(embed.before), list(embed.params.values())
        for name, value in re.findall(
            r"(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*)=(-?\d+(?:\.\d+)?)", text
        ):
            if name.lower() in embed.params:
                assert embed.params[name.lower()] == float(value), (
                    f"正文写 {name}={value}，演示不是"
                )
        for listed in re.findall(r"参数(?:为)?(\d+(?:\.\d+)?(?:、\d+(?:\.\d+)?)+)", text):
            assert [float(v) for v in listed.split("、")] == values, listed
        for days in re.findall(r"计算(\d+)日", text):
            assert float(days) == values[0], f"正文说 {days} 日，演示是 {values[0]}"
        named = {symbol for symbol, *_ in PRICE_FILES if symbol in text}
        assert not named or embed.symbol in named, f"正文说 {named}，演示是 {embed.symbol}"


def _settings_to_try():
    for spec in INDICATORS.values():
        for convention in CONVENTIONS:
            yield spec.name, convention, None
    for lesson in LESSONS:
        for embed in lesson.embeds:
            yield embed.indicator, embed.convention, embed.params


@pytest.mark.parametrize(
    ("name", "convention", "params"),
    sorted({(n, c, tuple(sorted((p or {}).items()))) for n, c, p in _settings_to_try()}),
)
def test_signal_texts_names_and_tags_agree_with_the_direction(name, convention, params):
    """No demo calls a buy-side signal 超买/看空 or a sell-side one 超卖/看多."""
    spec = INDICATORS[name]
    _, _, found = run(name, convention, dict(params) or None)
    for kind in spec.signals_for(convention):
        texts = [kind.name, kind.label] + [s["text"] for s in found if s["kind"] == kind.kind]
        for text in texts:
            wrong = [w for _, w, d in direction_words(normalise(text)) if d != kind.direction]
            assert not wrong, f"{kind.kind}（方向 {kind.direction}）写着“{text}”"


@pytest.mark.parametrize("name", list(INDICATORS))
def test_the_formulas_page_never_mixes_directions_in_one_reading(name):
    """/indicators/ text: no clause calls one zone both strong and overbought, and a clause
    naming a signal's crossing reads it the way the demo scores it."""
    spec = INDICATORS[name]
    phrases = {}
    for convention in CONVENTIONS:
        for s in run(name, convention)[2]:
            kind = next(k for k in spec.signals if k.kind == s["kind"])
            phrases[event_phrase(s["text"])] = kind.direction
    explanation = spec.explanation
    for text in (explanation.cn, explanation.intl, explanation.reading):
        for clause in re.split(r"[，,；;。、：:]", normalise(text)):
            said = {d for _, _, d in direction_words(clause)}
            assert len(said) <= 1, f"{name}：“{clause}”两个方向都说了"
            for phrase, direction in phrases.items():
                if phrase and phrase in clause:
                    assert said <= {direction}, f"{name}：“{clause}”"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_prose_reads_each_demo_signal_the_way_the_demo_does(lesson):
    """A sentence that names a demo's crossing (“上穿+100”) and calls it 看多/超买… agrees."""
    phrases = {}
    for embed in lesson.embeds:
        spec = INDICATORS[embed.indicator]
        for s in run(embed.indicator, embed.convention, embed.params)[2]:
            kind = next(k for k in spec.signals if k.kind == s["kind"])
            phrases[event_phrase(s["text"])] = kind.direction
    for segment in SEGMENT.split(lesson.prose):
        named = sorted(
            (m.start(), m.end(), phrase)
            for phrase in phrases
            if phrase
            for m in re.finditer(re.escape(phrase), segment)
        )
        if not named:
            continue
        # How the text reads a crossing: the first direction word after it, before the next.
        for (_, end, phrase), (after, _, _) in zip(
            named, [*named[1:], (len(segment), 0, "")], strict=True
        ):
            said = direction_words(segment[end:after])
            if said:
                _, word, direction = said[0]
                assert phrases[phrase] == direction, (
                    f"{lesson.name}：“{segment}”把{phrase}说成{word}"
                )
