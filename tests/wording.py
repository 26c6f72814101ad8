"""The house rules for Chinese UI text, as patterns: what test_wording looks for.

Each family is one rule readers tripped on (issue 19): half-width punctuation touching
Chinese, a hyphen or an unspaced sign as the minus, the API's convention codes in prose,
and any name for a convention but 国内口径 / 国际口径.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HAN = "[\u3400-\u9fff]"

FAMILIES = {
    # 茅台(600519), 提示:, 谢谢!, 口径,范围: full-width （）：！， belong next to Chinese.
    "半角标点": re.compile(rf"{HAN}[(),!?;:]|[(!?;:,]{HAN}|{HAN}\)|\){HAN}"),
    # 跌破-100, 跌破−100, 上穿-20: one minus sign (U+2212), a space after the verb.
    "负号": re.compile(rf"{HAN}[-−]\d|(?<![\w.\-/:=&%#+~\[])-\d"),
    # 国内口径（cn）, cn 与 intl: the API's codes are not words for readers.
    "口径代码": re.compile(
        r"[（(]\s*(?:cn|intl)\s*[）)]|\b(?:cn|intl)\s*(?:与|和|或|/)\s*(?:cn|intl)\b|\b(?:cn|intl)\s*口径"
    ),
    # 国内软件口径, 国际教科书口径, 国外口径: one name for each convention.
    "口径名称": re.compile(r"国内(?![口与和外])\S{1,4}口径|国际(?!口)\S{1,5}口径|国外口径"),
}
# Article prose may write formulas with ASCII brackets and hyphens; these hold there too.
PROSE_FAMILIES = ("口径代码", "口径名称")


def findings(text: str, families=tuple(FAMILIES)) -> list[tuple[str, str]]:
    """(family, the offending piece) for each break of the rules in Chinese ``text``."""
    if not re.search(HAN, text):
        return []
    found = []
    for family in families:
        for match in FAMILIES[family].finditer(text):
            start = max(0, match.start() - 12)
            found.append((family, text[start : match.end() + 12]))
    return found


_JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`')


def js_strings(source: str) -> list[str]:
    """The string and template literals of a script; ${…} stands for an unknown word."""
    texts = []
    for match in _JS_STRING.finditer(source):
        text = next(group for group in match.groups() if group is not None)
        texts.append(re.sub(r"\$\{[^}]*\}", "X", text))
    return texts


def template_text(source: str) -> list[str]:
    """A Django template's visible text, line by line: tags gone, {{ value }} as a word."""
    source = re.sub(r"\{#.*?#\}|\{%.*?%\}", "", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}", "X", source)
    return re.sub(r"<[^>]*>", "", source).splitlines()


def page_text(html: str) -> str:
    """What a reader sees of a page: no scripts, styles or tags."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]*>", "\n", html)


def markdown_prose(source: str) -> list[str]:
    """An article's lines outside code blocks."""
    return re.sub(r"```.*?```", "", source, flags=re.S).splitlines()
