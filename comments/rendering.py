"""Comment bodies are plain text: escape everything, then add links and line breaks.

Every character a reader wrote passes through escape() before it reaches the page; the
only markup is what this module adds itself (<p>, <br>, and <a> for http(s) URLs).
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# http(s) URLs only, so javascript:, data: and friends are never links. A URL ends at
# whitespace, quotes, angle brackets or any Chinese character or punctuation, since readers
# write "看https://example.com上的数据" with no spaces.
_URL_RE = re.compile(
    r"https?://[^\s<>\"'`\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]+", re.IGNORECASE
)
# Sentence punctuation that usually ends a sentence rather than the URL.
_TRAILING = ".,;:!?)]}'"
LINK_REL = "nofollow noopener noreferrer ugc"
LINK_TEXT_LENGTH = 60


def _split_url(match: str) -> tuple[str, str]:
    url = match.rstrip(_TRAILING)
    # Keep a closing bracket that belongs to the URL, as in Wikipedia-style links.
    while match[len(url) : len(url) + 1] == ")" and url.count("(") > url.count(")"):
        url += ")"
    return url, match[len(url) :]


def _link(url: str) -> str:
    label = url if len(url) <= LINK_TEXT_LENGTH else url[: LINK_TEXT_LENGTH - 1] + "…"
    return format_html('<a href="{}" rel="{}" target="_blank">{}</a>', url, LINK_REL, label)


def _linkify_line(line: str) -> str:
    parts, position = [], 0
    for match in _URL_RE.finditer(line):
        url, rest = _split_url(match.group())
        parts.append(escape(line[position : match.start()]))
        has_host = bool(url.partition("://")[2])
        parts.append(_link(url) if has_host else escape(url))
        parts.append(escape(rest))
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def render_body(body: str) -> SafeString:
    """Paragraphs at blank lines, <br> at single line breaks, clickable http(s) links."""
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", body.strip())]
    html = "".join(
        "<p>" + "<br>".join(_linkify_line(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph
    )
    # Safe: every user-written piece above went through escape() or format_html().
    return mark_safe(html)
