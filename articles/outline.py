"""Reading aids computed from a sanitised body: heading anchors, the outline, reading time.

Works on the token stream of nh3's output (well-formed, serialised by html5ever), so
tags are rewritten one by one and everything else is passed through byte for byte.
"""

import math
import re
from html import unescape
from html.parser import HTMLParser

from django.utils.html import escape
from markdown.extensions.toc import slugify_unicode

# Heading anchors all start with this, so no author text can take a site element's id
# (main, comments, share-title …).
ANCHOR_PREFIX = "h-"
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
OUTLINE_LEVELS = {"h2", "h3"}

# Chinese readers take in about 400 characters a minute on screen; Latin-script words
# (indicator names, code) go at about 200 words a minute.
CJK_PER_MINUTE = 400
WORDS_PER_MINUTE = 200
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")


def anchor_slug(text: str) -> str:
    """The Markdown TOC extension's slug, prefixed: Markdown and rich text agree."""
    return ANCHOR_PREFIX + (slugify_unicode(text, "-") or "section")


class _Rewriter(HTMLParser):
    """Re-emits the body, giving every heading a unique prefixed id."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []
        self.headings = []  # [out index of the start tag, tag, attrs, text parts]
        self.open = None
        self.renamed = {}  # old fragment -> new id, for in-body links

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in HEADINGS and self.open is None:
            self.open = [len(self.out) - 1, tag, attrs, []]

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if self.open and tag == self.open[1]:
            self.headings.append(self.open)
            self.open = None

    def handle_data(self, data):
        self.out.append(data)
        if self.open:
            self.open[3].append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")


def _text(parts) -> str:
    return re.sub(r"\s+", " ", unescape("".join(parts))).strip()


def _start_tag(tag, attrs) -> str:
    rendered = "".join(
        f' {name}="{escape(value)}"' if value is not None else f" {name}" for name, value in attrs
    )
    return f"<{tag}{rendered}>"


def anchor_headings(sanitised: str) -> str:
    """Give each h2–h6 a unique id starting with "h-"; links to renamed ids follow them."""
    parser = _Rewriter()
    parser.feed(sanitised)
    parser.close()
    used = set()
    for index, tag, attrs, parts in parser.headings:
        old = dict(attrs).get("id") or ""
        kept_old = old.startswith(ANCHOR_PREFIX) and len(old) > len(ANCHOR_PREFIX)
        base = old if kept_old else anchor_slug(old or _text(parts))
        new, n = base, 1
        while new in used:
            n += 1
            new = f"{base}-{n}"
        used.add(new)
        if old and old != new:
            parser.renamed.setdefault(old, new)
        kept = [(name, value) for name, value in attrs if name != "id"]
        parser.out[index] = _start_tag(tag, [*kept, ("id", new)])
    html = "".join(parser.out)
    return _follow_renamed_links(html, parser.renamed) if parser.renamed else html


def _follow_renamed_links(html: str, renamed: dict) -> str:
    def fix(match):
        target = unescape(match.group(2))
        return match.group(1) + escape(renamed.get(target, target)) + '"'

    return re.sub(r'(<a\b[^>]*?\shref="#)([^"]*)"', fix, html)


def outline(sanitised: str) -> list[dict]:
    """The h2/h3 headings, in order, as {"id", "text", "level"} for a table of contents."""
    parser = _Rewriter()
    parser.feed(sanitised)
    parser.close()
    return [
        {"id": dict(attrs).get("id", ""), "text": _text(parts), "level": int(tag[1])}
        for _, tag, attrs, parts in parser.headings
        if tag in OUTLINE_LEVELS and dict(attrs).get("id") and _text(parts)
    ]


def reading_minutes(plain_text: str) -> int:
    """Whole minutes a reader needs for this text, at least one."""
    cjk = len(_CJK.findall(plain_text))
    words = len(_WORD.findall(_CJK.sub(" ", plain_text)))
    return max(1, math.ceil(cjk / CJK_PER_MINUTE + words / WORDS_PER_MINUTE))
