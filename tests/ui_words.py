"""The words a page shows a person, and which of them are in the Latin alphabet.

Read: text outside <script>, <style>, <template> and code (<code>, <pre>, <kbd>, which
show syntax), the <title>, and the attributes people see or hear (title, placeholder,
aria-label, alt, the value of a button). Not read: what people typed (form values,
<textarea>), which is their content in whatever language they wrote it.
"""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

_SKIP = {"script", "style", "template", "code", "pre", "kbd", "textarea", "svg"}
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_SEEN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
_BUTTONS = {"submit", "button", "reset"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’_-]*")
_ADDRESSES = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+|(https?://|/)[\w./?=&%#:+-]+|[\w./-]+\.(png|jpe?g|gif|webp|svg)\b"
)

# Proper names and notations that stay in Latin letters in a Chinese interface.
PROPER_NAMES = {
    *("Markdown", "CSV", "URL", "ID", "IP", "CKEditor", "HTML", "JSON", "API", "UTF-8"),
    *("MACD", "KDJ", "RSI", "CCI", "BIAS", "BOLL", "WR", "OBV", "DIF", "DEA", "TOC"),
    *("PNG", "JPEG", "JPG", "GIF", "WebP", "SVG", "Django", "Select2", "OK"),
    *("Alt", "Ctrl", "Shift", "Tab", "Esc", "Enter"),  # key names in shortcut hints
}


class _Words(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._skipping or tag in _SKIP:
            self._skipping += tag not in _VOID
            return
        self.words += [attrs[name] for name in _SEEN_ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in _BUTTONS and attrs.get("value"):
            self.words.append(attrs["value"])

    def handle_endtag(self, tag):
        if self._skipping and tag not in _VOID:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.words.append(data.strip())


def shown_text(html: str) -> list[str]:
    parser = _Words()
    parser.feed(html)
    parser.close()
    return parser.words


def content_words() -> set[str]:
    """Latin words in what people stored (titles, slugs, names, symbols, bodies): their
    content, not the interface. Field choices and Django's own tables (permission
    names, content types) are the interface's, and are not exempted."""
    own = {"auth.permission", "contenttypes.contenttype", "admin.logentry", "sessions.session"}
    words = set()
    for model in apps.get_models():
        if model._meta.label_lower in own:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                words.update(LATIN_WORD.findall(str(value or "")))
    return words


def latin_words(html: str, allowed: set[str]) -> set[str]:
    """Latin words of two or more letters on the page that are not in `allowed`."""
    found = set()
    for text in shown_text(html):
        for word in LATIN_WORD.findall(_ADDRESSES.sub(" ", text)):
            if len(word) > 1 and word not in allowed and word.upper() not in allowed:
                found.add(word)
    return found
