"""When a search finds nothing: the indicator name the reader probably meant.

A query is compared with every indicator name twice, as written and as pinyin, so that a
wrong character with the right sound (布琳线), a misspelling (bolinger) and pinyin typed
for Chinese (weilian) all lead to the name.
"""

from functools import cache

from pypinyin import lazy_pinyin

from indicators.library.registry import INDICATORS
from search.synonyms import indicator_names, name_key

# The share of a name's characters that may differ: one typo in three.
MAX_DISTANCE_RATIO = 1 / 3


def edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours (MCAD), one each."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            above = rows[-1]
            cost = min(above[j] + 1, row[j - 1] + 1, above[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def _sound(key: str) -> str:
    return "".join(lazy_pinyin(key))


@cache
def _names() -> tuple[tuple[str, str, str, str], ...]:
    """(name, indicator label, key, pinyin) for every name long enough to guess at."""
    return tuple(
        (name, spec.label, name_key(name), _sound(name_key(name)))
        for spec in INDICATORS.values()
        for name in spec.search_names
        if len(name_key(name)) >= 2
    )


def _ratio(query: str, name: str) -> float:
    return edit_distance(query, name) / max(len(query), len(name))


def nearest_indicator(raw: str) -> dict | None:
    """{"name", "label"} of the indicator name closest to ``raw``, or None if none is close."""
    key = name_key(raw)
    if len(key) < 2 or key in indicator_names():  # already a name: nothing nearer
        return None
    sound = _sound(key)
    score, best = min(
        (min(_ratio(key, name_key_), _ratio(sound, name_sound)), (name, label))
        for name, label, name_key_, name_sound in _names()
    )
    if score > MAX_DISTANCE_RATIO:
        return None
    return {"name": best[0], "label": best[1]}
