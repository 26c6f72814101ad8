"""Demo codes an author left where they stay text: in a list, a table, a quote, a heading
or mid-sentence (indicators.embeds turns only a paragraph of its own into a demo).

That is by design, so an article can show how to write one, but an author who meant a
demo should hear of it: the admin warns on save, naming the line. Code (`…` and fenced
blocks) is how one shows the syntax on purpose, and is never warned about.
"""

from articles import bodytext
from indicators.embeds import EMBED


def _is_code(tag: str, attrs: dict) -> bool:
    return tag in ("pre", "code") or bodytext.is_toc_block(tag, attrs)


def _text_lines(prose_html: str) -> list[str]:
    """The prose a reader sees, a line per block, without code."""
    parser = bodytext._Words(_is_code, bodytext._line_break)
    parser.feed(prose_html)
    parser.close()
    return "".join(parser.parts).split("\n")


def _source_line(source_lines: list[str], code: str, after: int) -> int | None:
    """The first Markdown line after `after` (0-based) that holds `code`, 1-based."""
    for index in range(after, len(source_lines)):
        if code in source_lines[index]:
            return index + 1
    return None


def stray_demo_lines(source: str, body_format: str, prose_html: str) -> tuple[int, ...]:
    """The lines (1-based) holding a demo code that stays text.

    In Markdown the line is the source line the author typed; in rich text it is the
    line of the body as the editor shows it, a line per paragraph, list item or cell.
    """
    found: list[int] = []
    source_lines = source.splitlines() if body_format == "markdown" else []
    non_empty = [line for line in _text_lines(prose_html) if line.strip()]
    for number, line in enumerate(non_empty, start=1):
        for match in EMBED.finditer(line):
            at = number
            if source_lines:
                after = found[-1] if found else 0
                at = _source_line(source_lines, match.group(), after) or number
            if at not in found:
                found.append(at)
    return tuple(found)
