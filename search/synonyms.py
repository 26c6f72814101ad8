"""Indicator names as readers type them: a query for one name finds them all.

Each indicator's module lists the names it goes by (``IndicatorSpec.search_names``:
布林带, 布林线, BOLL …). A query that is one of them, or a Chinese run that contains one
(布林带用法), matches any of that indicator's names. The alternatives are made of index
tokens like any term (search.text), so no name can carry query syntax into the database.
"""

from functools import cache

from indicators.library.registry import INDICATORS
from search.text import Query, Term, is_cjk, normalize, parse_query

# Names shorter than this (%R is "r") are recognised in a query but never searched for:
# a lone letter would match far too much.
MIN_EXPANDED_LENGTH = 2


def name_key(text: str) -> str:
    """A name as compared: folded like the index, with only its letters and digits."""
    return "".join(ch for ch in normalize(text) if ch.isalnum())


def _phrase(name: str) -> Term:
    """The name as one phrase of query tokens (Williams %R: "williams r")."""
    tokens = tuple(token for term in parse_query(name).terms for token in term.tokens)
    return Term(normalize(name), tokens)


@cache
def _table() -> dict[str, tuple[str, tuple[Term, ...]]]:
    """{name key: (indicator name, the phrases of all its names)}."""
    table = {}
    for spec in INDICATORS.values():
        names = [n for n in spec.search_names if len(name_key(n)) >= MIN_EXPANDED_LENGTH]
        phrases = tuple(dict.fromkeys(_phrase(n) for n in names))
        for name in spec.search_names:
            table[name_key(name)] = (spec.name, phrases)
    return table


def indicator_names() -> dict[str, str]:
    """{name key: indicator name}: every name search knows."""
    return {key: indicator for key, (indicator, _) in _table().items()}


def _expanded(term: Term) -> Term:
    entry = _table().get(name_key(term.text))
    return Term(term.text, term.tokens, term.prefix, entry[1]) if entry else term


def _longest_name_in(run: str) -> tuple[int, int] | None:
    found = None
    for start in range(len(run)):
        for end in range(len(run), start + 1, -1):
            if (found is None or end - start > found[1] - found[0]) and run[start:end] in _table():
                found = (start, end)
    return found


def _split(term: Term) -> list[Term]:
    """A Chinese run around the longest indicator name in it: 布林带用法 → 布林带, 用法."""
    if not is_cjk(term.text) or name_key(term.text) in _table():
        return [_expanded(term)]
    found = _longest_name_in(term.text)
    if found is None:
        return [term]
    start, end = found
    pieces = [term.text[:start], term.text[start:end], term.text[end:]]
    return [_expanded(t) for piece in pieces if piece for t in parse_query(piece).terms]


def with_synonyms(query: Query) -> Query:
    """``query`` with each indicator name in it matching any of that indicator's names."""
    whole = _table().get(name_key(query.raw))
    if whole and len(query.terms) > 1:  # Williams %R, typed as two words
        return Query(raw=query.raw, terms=(Term(query.raw, (), False, whole[1]),))
    terms = []
    for term in query.terms:
        for piece in _split(term):
            if piece not in terms:
                terms.append(piece)
    return Query(raw=query.raw, terms=tuple(terms))
