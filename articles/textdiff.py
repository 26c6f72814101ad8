"""A readable diff of two texts: line by line, and within a changed line character by
character, since Chinese has no spaces to split words on.

The result is plain data (kinds and strings); the template escapes every piece.
"""

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import strip_tags

# Block ends in CKEditor's HTML: each becomes a line of the diff.
_BLOCK_END = re.compile(
    r"(</(?:p|h[1-6]|li|blockquote|pre|figure|tr|table|ul|ol)>|<br\s*/?>)", re.IGNORECASE
)
_IMAGE = re.compile(r"<img\b[^>]*?\bsrc=[\"']([^\"']*)[\"'][^>]*>", re.I)
# A line pair that shares less than this is shown as a removal and an addition, not as
# one line with most of its characters marked.
SIMILAR_ENOUGH = 0.4
# A replaced block larger than this many line pairs is not searched for similar lines.
MAX_PAIRINGS = 2500


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "ins" or "del"
    text: str


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "ins", "del" or "changed"
    pieces: tuple[Piece, ...]


def rich_text_lines(value: str) -> list[str]:
    """The words of CKEditor HTML, a line per block, images as [图片 …]."""
    marked = _IMAGE.sub(lambda m: f"[图片 {m.group(1)}]", value or "")
    text = html.unescape(strip_tags(_BLOCK_END.sub(r"\1\n", marked)))
    return [line.strip() for line in text.splitlines() if line.strip()]


def markdown_lines(value: str) -> list[str]:
    return (value or "").replace("\r\n", "\n").split("\n")


def _inline(old: str, new: str) -> tuple[Piece, ...]:
    pieces = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", old[a1:a2]))
            continue
        if a2 > a1:
            pieces.append(Piece("del", old[a1:a2]))
        if b2 > b1:
            pieces.append(Piece("ins", new[b1:b2]))
    return tuple(pieces)


def _similar(old: str, new: str) -> bool:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return matcher.quick_ratio() >= SIMILAR_ENOUGH and matcher.ratio() >= SIMILAR_ENOUGH


def _replaced(old_lines, new_lines):
    """A block of lines replaced by another: each old line is paired with the next new
    line like it (shown changed in place); the new lines skipped on the way are added,
    old lines with no partner removed."""
    if len(old_lines) * len(new_lines) > MAX_PAIRINGS:  # too costly: no pairing
        yield from (Line("del", (Piece("del", text),)) for text in old_lines)
        yield from (Line("ins", (Piece("ins", text),)) for text in new_lines)
        return
    position = 0
    for old in old_lines:
        partner = next(
            (n for n in range(position, len(new_lines)) if _similar(old, new_lines[n])), None
        )
        if partner is None:
            yield Line("del", (Piece("del", old),))
            continue
        yield from (Line("ins", (Piece("ins", text),)) for text in new_lines[position:partner])
        yield Line("changed", _inline(old, new_lines[partner]))
        position = partner + 1
    yield from (Line("ins", (Piece("ins", text),)) for text in new_lines[position:])


def diff_lines(old_lines: list[str], new_lines: list[str]) -> list[Line]:
    """Every line of both texts in order, each marked kept, removed, added or changed."""
    lines = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines.extend(Line("same", (Piece("same", text),)) for text in old_lines[a1:a2])
        elif op == "delete":
            lines.extend(Line("del", (Piece("del", text),)) for text in old_lines[a1:a2])
        elif op == "insert":
            lines.extend(Line("ins", (Piece("ins", text),)) for text in new_lines[b1:b2])
        else:
            lines.extend(_replaced(old_lines[a1:a2], new_lines[b1:b2]))
    return lines


def folded(lines: list[Line], context: int = 2) -> list[Line]:
    """The changed lines with `context` unchanged ones around them; each longer run of
    unchanged lines becomes one "skip" line whose text is how many were left out."""
    keep = [False] * len(lines)
    for index, line in enumerate(lines):
        if line.kind != "same":
            for near in range(max(0, index - context), min(len(lines), index + context + 1)):
                keep[near] = True
    result, skipped = [], 0
    for line, kept in zip(lines, keep, strict=True):
        if kept:
            if skipped:
                result.append(Line("skip", (Piece("same", str(skipped)),)))
            result.append(line)
            skipped = 0
        else:
            skipped += 1
    if skipped:
        result.append(Line("skip", (Piece("same", str(skipped)),)))
    return result


def has_changes(lines: list[Line]) -> bool:
    return any(line.kind != "same" for line in lines)
