"""Highlighting search terms in titles and snippets: escape everything, then add <mark>."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.text import Query

register = template.Library()

SNIPPET_LENGTH = 120
# How much text before the first match a snippet keeps, for context.
SNIPPET_LEAD = 30
_SPACE = re.compile(r"\s+")


def _pattern(query: Query, text: str):
    """The reader's words; an indicator's other names only where the text lacks the one
    typed (布林带 marks 布林线 in an article that never says 布林带)."""
    lowered = text.lower()
    words = set()
    for term in query.terms:
        words |= {term.text} if term.text.lower() in lowered else term.texts
    words = sorted(words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE) if words else None


def _marked(text: str, pattern) -> str:
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


@register.filter
def highlight(text, query: Query):
    """The text, escaped, with every query word wrapped in <mark>."""
    # Safe: every piece of the text went through escape(); only <mark> is added.
    return mark_safe(_marked(str(text), _pattern(query, str(text))))


@register.filter
def search_snippet(article, query: Query):
    """A stretch of the article's text around the first match, highlighted."""
    document = getattr(article, "search_document", None)
    text = _SPACE.sub(" ", document.text if document else article.list_excerpt).strip()
    pattern = _pattern(query, text)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.end() > SNIPPET_LENGTH:
        start = max(0, match.start() - SNIPPET_LEAD)
    end = start + SNIPPET_LENGTH
    snippet = text[start:end]
    marked = ("…" if start else "") + _marked(snippet, pattern) + ("…" if end < len(text) else "")
    return mark_safe(marked)
