"""The spam filter: does a comment look like stock-tip solicitation or contact harvesting?

It never rejects. A hit only *holds* the comment for a person to look at, with a reason
in plain Chinese ("疑似联系方式:加微信"). The words and patterns live in a TOML file
(settings.COMMENTS_RULES_FILE) plus the admin-editable ModerationPhrase table.
"""

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from comments import text

VIEWS = {
    "text": text.normalise,
    "nospace": text.without_spaces,
    "compact": text.compact,
    "plain": text.plain,
    "digits": text.digits_view,
}

# A link is a URL with a scheme, anything starting www., or a bare domain on a TLD that
# spammers favour. Matched on the normalised text, so "ｈｔｔｐ：//" counts too.
_LINK_RE = re.compile(
    r"(?:https?://|www\.)[^\s]+|\b[a-z0-9-]+\.(?:com|cn|net|top|xyz|vip|cc|club|site|link)\b"
)
HELD_REASON_LENGTH = 200


@dataclass(frozen=True)
class Pattern:
    label: str
    view: str
    regex: re.Pattern


@dataclass(frozen=True)
class Group:
    reason: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class Rules:
    groups: tuple[Group, ...] = ()
    reserved_names: tuple[str, ...] = field(default=())


def parse_rules(raw: dict) -> Rules:
    """Build rules from the TOML structure; bad regexes or views fail loudly at load."""
    groups = []
    for entry in raw.get("group", []):
        patterns = []
        for item in entry.get("patterns", []):
            if item["view"] not in VIEWS:
                raise ValueError(f"unknown view {item['view']!r} in moderation rules")
            patterns.append(Pattern(item["label"], item["view"], re.compile(item["regex"])))
        phrases = tuple(p for p in (text.compact(p) for p in entry.get("phrases", [])) if p)
        groups.append(Group(entry["reason"], phrases, tuple(patterns)))
    reserved = tuple(text.compact(n) for n in raw.get("names", {}).get("reserved", []))
    return Rules(tuple(groups), tuple(n for n in reserved if n))


@lru_cache(maxsize=4)
def _rules_from(path: str, mtime: float) -> Rules:
    with open(path, "rb") as handle:
        return parse_rules(tomllib.load(handle))


def load_rules() -> Rules:
    """The rules file, re-read whenever it changes on disk."""
    path = Path(settings.COMMENTS_RULES_FILE)
    return _rules_from(str(path), path.stat().st_mtime)


def _extra_phrases() -> list[tuple[str, str]]:
    from comments.models import ModerationPhrase

    rows = ModerationPhrase.objects.filter(is_active=True).values_list("kind", "phrase")
    labels = dict(ModerationPhrase.Kind.choices)
    return [(labels[kind], text.compact(phrase)) for kind, phrase in rows if text.compact(phrase)]


def count_links(value: str) -> int:
    return len(_LINK_RE.findall(text.normalise(value)))


def find_problems(value: str, *, rules: Rules | None = None, extra=None) -> list[str]:
    """Every reason to hold `value`, as "原因:命中" strings; empty when it looks fine."""
    rules = rules or load_rules()
    extra = _extra_phrases() if extra is None else extra
    views = {name: make(value) for name, make in VIEWS.items()}
    found: dict[str, list[str]] = {}

    def hit(reason, label):
        labels = found.setdefault(reason, [])
        if label not in labels:
            labels.append(label)

    for group in rules.groups:
        for phrase in group.phrases:
            if phrase in views["compact"]:
                hit(group.reason, phrase)
        for pattern in group.patterns:
            if pattern.regex.search(views[pattern.view]):
                hit(group.reason, pattern.label)
    for reason, phrase in extra:
        if phrase in views["compact"]:
            hit(reason, phrase)
    links = count_links(value)
    if links > settings.COMMENTS_MAX_LINKS:
        hit("链接过多", f"{links} 个链接")
    return [f"{reason}:{'、'.join(labels)}" for reason, labels in found.items()]


def held_reason(*values: str) -> str:
    """One readable reason for the moderation queue covering all `values` (name, body)."""
    rules = load_rules()
    extra = _extra_phrases()
    problems: list[str] = []
    for value in values:
        for problem in find_problems(value, rules=rules, extra=extra):
            if problem not in problems:
                problems.append(problem)
    reason = ";".join(problems)
    if len(reason) > HELD_REASON_LENGTH:
        reason = reason[: HELD_REASON_LENGTH - 1] + "…"
    return reason


def is_reserved_name(name: str, staff_names=()) -> bool:
    """True when an anonymous name poses as the site, its staff, or one of its authors."""
    from articles.names import reserved_word_in

    squeezed = text.compact(name)
    if not squeezed:
        return False
    if reserved_word_in(name) or any(word in squeezed for word in load_rules().reserved_names):
        return True
    return squeezed in {text.compact(staff) for staff in staff_names if staff}
