"""Article bodies: Markdown or rich text in, sanitised HTML out, computed once on save.

Whatever an author or the editor produced, only the allowlist below reaches a reader:
no <script>, no event handlers, no javascript: or data: URLs.
"""

from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

from articles import bodytext, stray_demos, styles
from articles.outline import ANCHOR_PREFIX, anchor_headings, outline, reading_minutes
from indicators.embeds import DEMO_ID_PREFIX, Demo, EmbedError, expand_embeds, replace_embeds

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
# Colour, highlight and alignment from the editor (articles.styles checks each value).
for _tag in styles.STYLED:
    ALLOWED_ATTRIBUTES[_tag] = ALLOWED_ATTRIBUTES.get(_tag, set()) | {"style"}
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
    # CKEditor's highlight markers and pens (styled in the site's prose.css).
    "mark": {"marker-yellow", "marker-green", "marker-pink", "marker-blue", "pen-red", "pen-green"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "style":
        return styles.clean_style(element, value)
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
        attribute_filter=_filter_attribute,
        filter_style_properties=styles.PROPERTIES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@dataclass(frozen=True)
class Rendered:
    """A body rendered for readers, with the facts found while rendering it.

    `toc` is the table of contents the page adds: the h2/h3 outline, or none when the
    author placed a [TOC] already. Nothing downstream reads these facts out of `html`.
    """

    html: str
    excerpt: str
    demos: tuple[Demo, ...]
    errors: tuple[EmbedError, ...]
    toc: list[dict]
    reading_minutes: int
    text: str  # the words a reader sees, a line per block: what search indexes
    # Lines with a demo code that stays text (articles.stray_demos): told, not stored.
    stray_demo_lines: tuple[int, ...] = ()

    def article_fields(self) -> dict:
        """The values of the Article fields stored from this rendering."""
        return {
            "body_html": self.html,
            "excerpt": self.excerpt,
            "toc": self.toc,
            "reading_minutes": self.reading_minutes,
            "body_text": self.text,
            "demos": [demo.as_dict() for demo in self.demos],
            "embed_errors": [error.as_dict() for error in self.errors],
        }


def prepare(source: str, body_format: str) -> str:
    """Sanitised HTML with anchored headings; embed codes are still plain paragraphs."""
    raw = render_markdown(source) if body_format == "markdown" else source
    # Anchors are set on the sanitised tree, so no author id survives unprefixed.
    return anchor_headings(sanitize(raw))


def render(source: str, body_format: str) -> Rendered:
    # Embeds are expanded after sanitising: their markup comes from our own template, and
    # the sanitised tree is well-formed, so telling prose from an embed paragraph is exact.
    expanded = expand_embeds(prepare(source, body_format))
    words, author_tocs = bodytext.read_words(expanded.prose)
    return Rendered(
        html=expanded.html,
        excerpt=bodytext.excerpt(expanded.prose),
        demos=expanded.demos,
        errors=expanded.errors,
        toc=[] if author_tocs else outline(expanded.prose),
        reading_minutes=reading_minutes(words),
        text=bodytext.lines(expanded.prose),
        stray_demo_lines=stray_demos.stray_demo_lines(source, body_format, expanded.prose),
    )


def has_content(source: str, body_format: str) -> bool:
    """Whether a body shows readers anything once rendered and sanitised, in either
    format: the one rule for "empty" (articles.bodytext.has_content)."""
    return bodytext.has_content(prepare(source or "", body_format))


def render_body(source: str, body_format: str) -> str:
    """The reader's HTML alone."""
    return render(source, body_format).html


def feed_body(source: str, body_format: str, demo_ids, demo_link: str) -> str:
    """The body for feed readers: each demo becomes `demo_link`, broken embeds vanish."""
    return replace_embeds(
        prepare(source, body_format),
        lambda demo_id, code: demo_link if demo_id in demo_ids else "",
    )
