"""The words of a sanitised body, read on its parsed tree: excerpt, reading time, search.

Called by the renderer on the body it is building, with the embeds already left out
(and once by migration 0003 on stored bodies): what to skip is decided by element on
the parsed tree, not by searching the markup.
"""

import re
from html.parser import HTMLParser

_VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
# Block-level tags separate lines; inline ones (<strong>, <a>) sit inside them.
_BLOCK_TAGS = {
    *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre"),
    *("table", "tr", "td", "th", "figure", "figcaption", "br", "hr"),
}
_SPACE = re.compile(r"\s+")
_LINE_SPACE = re.compile(r"[ \t\r\f\v]*\n\s*|[ \t\r\f\v]+")


def _space(tag: str) -> str:
    return " "


def _line_break(tag: str) -> str:
    return "\n" if tag in _BLOCK_TAGS else ""


def is_toc_block(tag: str, attrs: dict) -> bool:
    """The author's own table of contents ([TOC] in Markdown): it repeats the headings."""
    return tag == "div" and "toc" in (attrs.get("class") or "").split()


def is_toc_or_code(tag: str, attrs: dict) -> bool:
    return tag == "pre" or is_toc_block(tag, attrs)


class _Words(HTMLParser):
    """Collects text outside the elements `skip` picks; `gap(tag)` stands for each tag."""

    def __init__(self, skip, gap=_space):
        super().__init__(convert_charrefs=True)
        self.skip, self.gap = skip, gap
        self.parts: list[str] = []
        self.skipped = 0
        self._depth = 0
        self._skipping_at: int | None = None

    def handle_starttag(self, tag, attrs):
        self.parts.append(self.gap(tag))
        if tag in _VOID_TAGS:
            return
        self._depth += 1
        if self._skipping_at is None and self.skip(tag, dict(attrs)):
            self._skipping_at = self._depth
            self.skipped += 1

    def handle_endtag(self, tag):
        self.parts.append(self.gap(tag))
        if tag in _VOID_TAGS:
            return
        if self._skipping_at == self._depth:
            self._skipping_at = None
        self._depth -= 1

    def handle_data(self, data):
        if self._skipping_at is None:
            self.parts.append(data)


def read_words(html: str, skip=is_toc_block) -> tuple[str, int]:
    """The body's text on one line, and how many elements were left out."""
    parser = _Words(skip)
    parser.feed(html)
    parser.close()
    return _SPACE.sub(" ", "".join(parser.parts)).strip(), parser.skipped


class _Paragraphs(HTMLParser):
    """The text of top-level <p> elements: the prose, not headings, lists, quotes or
    tables (a <p> inside an <li>, <blockquote> or <td> is not at the top)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._depth = 0
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag in _VOID_TAGS:
            self.parts.append(" " if self._inside else "")
            return
        if self._depth == 0 and tag == "p":
            self._inside = True
            self.parts.append(" ")
        self._depth += 1

    def handle_endtag(self, tag):
        if tag in _VOID_TAGS:
            return
        self._depth -= 1
        if self._depth == 0:
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.parts.append(data)


def prose_text(html: str) -> str:
    """The body's prose paragraphs on one line."""
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    return _SPACE.sub(" ", "".join(parser.parts)).strip()


def excerpt(html: str, length: int = 120) -> str:
    """Plain-text opening of a body, for lists and share cards.

    Built from the prose paragraphs alone: a heading, a table's cells, list bullets, a
    quote or code would read as a jumble in one line. A body with no such paragraph
    (all list, say) falls back to all its words, still without [TOC] or code.
    """
    text = prose_text(html) or read_words(html, is_toc_or_code)[0]
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# Text that a reader does not see as anything: spaces, no-break and zero-width spaces.
_INVISIBLE = re.compile(r"[\s\u00a0\u200b-\u200d\u2060\ufeff\u3000]+")
# Elements that are content without any text: a picture, or a live demo's figure.
_CONTENT_TAGS = {"img"}


class _Content(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = False

    def handle_starttag(self, tag, attrs):
        self.found = self.found or tag in _CONTENT_TAGS

    def handle_data(self, data):
        self.found = self.found or bool(_INVISIBLE.sub("", data))


def has_content(html: str) -> bool:
    """Whether a sanitised body shows a reader anything: some visible text (an embed code
    is text, so a demo-only body counts) or an image. Empty paragraphs and headings,
    &nbsp;, <br>, <hr> and empty lists or tables are nothing."""
    parser = _Content()
    parser.feed(html)
    parser.close()
    return parser.found


def lines(html: str) -> str:
    """The words a reader sees, a line per block, with no [TOC]: what search indexes."""
    parser = _Words(is_toc_block, _line_break)
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return _LINE_SPACE.sub(lambda m: "\n" if "\n" in m.group() else " ", text).strip()
