"""Words in, index tokens out: the one tokenizer shared by indexing and querying.

Chinese has no spaces, so a run of Han characters becomes its overlapping bigrams
(布林线 → 布林 林线) plus its last character on its own (线). Any two-character word is
then one token, a longer word is a phrase of adjacent bigrams, and a single character is
a prefix of some token. Other words (MACD, Williams, 20) are lowercased whole. Both
databases index these tokens with their plain whitespace tokenizers, so SQLite and
PostgreSQL find exactly the same articles.
"""

import re
import unicodedata
from dataclasses import dataclass

# Han (with extension A, B… and compatibility ideographs), kana and hangul: scripts
# written without spaces between words.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>(?:(?![{_CJK}])[^\W_])+)")

# Longer queries are cut: nobody types more, and the phrase stays cheap to match.
MAX_QUERY_LENGTH = 100
# Accents on Latin letters (the combining diacritical marks): café is cafe, as SQLite's
# unicode61 tokenizer has it, now on PostgreSQL too. Kana's voicing marks are not here.
_ACCENTS = re.compile("[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Full-width letters and digits become ASCII, case and accents are folded."""
    text = unicodedata.normalize("NFKD", text.lower())
    return unicodedata.normalize("NFKC", _ACCENTS.sub("", text)).lower()


def _printable(ch: str) -> str:
    if ch.isprintable():
        return ch
    return " " if ch.isspace() else ""


def canonical_query(raw: str) -> str:
    """The one spelling of a reader's query: what the search reads, and all a results
    page depends on. Folded like the index (width, case, accents), controls dropped,
    spaces collapsed, then cut to MAX_QUERY_LENGTH. Applying it twice changes nothing."""
    text = "".join(_printable(ch) for ch in raw[: MAX_QUERY_LENGTH * 10])
    text = _SPACES.sub(" ", normalize(text)).strip()
    return text[:MAX_QUERY_LENGTH].rstrip()


def is_cjk(text: str) -> bool:
    """True when the text is one run of characters written without spaces (布林带)."""
    match = _TOKEN.fullmatch(text)
    return bool(match) and match.lastgroup == "cjk"


def _runs(text: str):
    for match in _TOKEN.finditer(normalize(text)):
        yield match.lastgroup, match.group()


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> str:
    """The text as index tokens separated by spaces."""
    tokens = []
    for kind, run in _runs(text):
        if kind == "cjk":
            tokens.extend(bigrams(run))
            tokens.append(run[-1])
        else:
            tokens.append(run)
    return " ".join(tokens)


@dataclass(frozen=True)
class Term:
    """One thing a result must contain: a phrase of index tokens, or a token prefix."""

    text: str  # as the reader typed it (normalised): what snippets highlight
    tokens: tuple[str, ...]
    prefix: bool = False
    # When set, the term matches wherever any of these does (an indicator's other names,
    # search.synonyms); they are index tokens too.
    alternatives: tuple["Term", ...] = ()

    @property
    def texts(self) -> set[str]:
        """What a snippet highlights for this term."""
        return {self.text} | {alt.text for alt in self.alternatives}


@dataclass(frozen=True)
class Query:
    raw: str
    terms: tuple[Term, ...]

    def __bool__(self):
        return bool(self.terms)


def parse_query(raw: str) -> Query:
    """A reader's query as terms; punctuation, markup characters and controls drop out.

    Whatever the input, only letters and digits reach the database, each inside a
    quoted phrase, so no query syntax (quotes, *, NEAR(, AND) can be injected.
    """
    raw = canonical_query(raw)
    terms = []
    for kind, run in _runs(raw):
        if kind == "cjk" and len(run) > 1:
            term = Term(run, tuple(bigrams(run)))
        elif kind == "cjk":
            term = Term(run, (run,), prefix=True)
        else:
            term = Term(run, (run,))
        if term not in terms:
            terms.append(term)
    return Query(raw=raw, terms=tuple(terms))
