"""The words of a sanitised body, read on its parsed tree: excerpts and reading time.

Called by the renderer on the body it is building (embeds left out), never on stored
HTML: what to skip is decided by element, not by searching the markup.
"""

import re
from html.parser import HTMLParser

_VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
_SPACE = re.compile(r"\s+")


def is_toc_block(tag: str, attrs: dict) -> bool:
    """The author's own table of contents ([TOC] in Markdown): it repeats the headings."""
    return tag == "div" and "toc" in (attrs.get("class") or "").split()


def is_toc_or_code(tag: str, attrs: dict) -> bool:
    return tag == "pre" or is_toc_block(tag, attrs)


class _Words(HTMLParser):
    """Collects text outside the elements `skip` picks; every tag separates words."""

    def __init__(self, skip):
        super().__init__(convert_charrefs=True)
        self.skip = skip
        self.parts: list[str] = []
        self.skipped = 0
        self._depth = 0
        self._skipping_at: int | None = None

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")
        if tag in _VOID_TAGS:
            return
        self._depth += 1
        if self._skipping_at is None and self.skip(tag, dict(attrs)):
            self._skipping_at = self._depth
            self.skipped += 1

    def handle_endtag(self, tag):
        self.parts.append(" ")
        if tag in _VOID_TAGS:
            return
        if self._skipping_at == self._depth:
            self._skipping_at = None
        self._depth -= 1

    def handle_data(self, data):
        if self._skipping_at is None:
            self.parts.append(data)


def read_words(body_html: str, skip=is_toc_block) -> tuple[str, int]:
    """The body's text on one line, and how many elements were left out."""
    parser = _Words(skip)
    parser.feed(body_html)
    parser.close()
    return _SPACE.sub(" ", "".join(parser.parts)).strip(), parser.skipped


def excerpt(body_html: str, length: int = 120) -> str:
    """Plain-text opening of a body, for lists and share cards: no [TOC], no code."""
    text, _ = read_words(body_html, is_toc_or_code)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
