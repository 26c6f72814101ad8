"""Article bodies: Markdown or rich text in, sanitised HTML out, computed once on save.

Whatever an author or the editor produced, only the allowlist below reaches a reader:
no <script>, no event handlers, no javascript: or data: URLs.
"""

import html
import re

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

from articles.outline import ANCHOR_PREFIX, anchor_headings
from indicators.embeds import DEMO_ID_PREFIX, expand_embeds

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "del",
    "div",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "ol": {"start"},
    # Heading ids are the table-of-contents anchors.
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
_CODE_LANGUAGES = {"python", "text", "js", "javascript", "bash", "json", "sql", "html", "css"}
ALLOWED_CLASSES = {
    "div": {"toc"},
    "figure": {
        "image",
        "table",
        "image-style-side",
        "image-style-align-left",
        "image-style-align-right",
        "image-style-align-center",
    },
    "img": {"image_resized"},
    "code": {f"language-{lang}" for lang in _CODE_LANGUAGES},
    "span": {"text-tiny", "text-small", "text-big", "text-huge"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _drop_reserved_ids(element: str, attribute: str, value: str) -> str | None:
    # Hand-written ids (rich text, raw HTML in Markdown) get the same protection.
    return None if attribute == "id" and value.startswith(DEMO_ID_PREFIX) else value


_MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "toc", "sane_lists"]


def _anchor_slug(value, separator):
    # Every heading anchor is prefixed, so none can take a demo figure's or the site's id.
    return ANCHOR_PREFIX + slugify_unicode(value, separator)


_MARKDOWN_CONFIG = {"toc": {"slugify": _anchor_slug, "toc_depth": "2-3"}}


def render_markdown(text: str) -> str:
    # A fresh instance per call: Markdown objects keep state (the toc) between runs.
    md = markdown.Markdown(extensions=_MARKDOWN_EXTENSIONS, extension_configs=_MARKDOWN_CONFIG)
    return md.convert(text)


def sanitize(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_drop_reserved_ids,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_body(source: str, body_format: str) -> str:
    raw = render_markdown(source) if body_format == "markdown" else source
    # Anchors are set on the sanitised tree, so no author id survives unprefixed. Embeds
    # are expanded after sanitising: their markup comes from our own template, and the
    # sanitised tree is well-formed, so telling prose from an embed paragraph is exact.
    return expand_embeds(anchor_headings(sanitize(raw)))


_SKIPPED_BLOCKS = re.compile(
    r'<div class="toc">.*?</div>|<figure class="indicator-demo.*?</figure>|<pre>.*?</pre>'
    r'|<div class="embed-error".*?</div>',
    re.S,
)
# What a reader reads: all but the author's own [TOC] list.
READ_SKIPPED_BLOCKS = re.compile(r'<div class="toc">.*?</div>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(body_html: str, skip=_SKIPPED_BLOCKS) -> str:
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", skip.sub(" ", body_html)))).strip()


def excerpt_from_html(body_html: str, length: int = 120) -> str:
    """Plain-text opening of a body, for lists and share cards."""
    text = plain_text(body_html)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
