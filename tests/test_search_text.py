"""The tokenizer shared by the index and queries."""

import pytest

from articles.bodytext import lines
from articles.rendering import render
from search.backends import fts5_match
from search.text import MAX_QUERY_LENGTH, index_tokens, parse_query
from tests.indicator_fixtures import load_series


def test_chinese_runs_become_bigrams_and_a_last_character():
    """布林线 is indexed as 布林 林线 线; English is lowercased whole."""
    assert index_tokens("布林线，MACD与KDJ。") == "布林 林线 线 macd 与 kdj"


def test_full_width_letters_are_folded():
    """ＭＡＣＤ and MACD give the same token."""
    assert index_tokens("ＭＡＣＤ") == index_tokens("macd") == "macd"


@pytest.mark.parametrize(
    ("raw", "phrases"),
    [
        ("乖离率", [("乖离", "离率")]),
        ("金叉 MACD", [("金叉",), ("macd",)]),
        ('"*NEAR(布林', [("near",), ("布林",)]),
        ("！？。", []),
    ],
)
def test_queries_keep_only_words(raw, phrases):
    """Syntax and punctuation drop out; what is left are phrases of tokens."""
    assert [term.tokens for term in parse_query(raw).terms] == phrases


def test_query_length_is_capped():
    """Only the first MAX_QUERY_LENGTH characters are read."""
    query = parse_query("均" * 10_000)
    assert len(query.raw) == MAX_QUERY_LENGTH
    assert len(query.terms[0].tokens) == MAX_QUERY_LENGTH - 1


def test_fts5_match_quotes_every_term():
    """Every term is a quoted phrase; a single character is a quoted prefix."""
    assert fts5_match(parse_query("金 乖离率 or")) == '"金"* AND "乖离 离率" AND "or"'


def test_body_text_drops_markup_and_the_table_of_contents():
    """Tags, attributes and the table of contents are not body text; blocks are lines."""
    html = (
        '<div class="toc"><ul><li>目录项</li></ul></div><h2 id="x">标题</h2>'
        '<p>正文<a href="https://e.com" title="提示">链接</a>&amp;</p><p>尾</p>'
    )
    assert lines(html) == "标题\n正文链接&\n尾"


@pytest.mark.django_db
def test_body_text_leaves_demos_and_broken_embeds_out():
    """An indicator demo is our own chrome and an embed error is for the author: not body text."""
    load_series()
    source = "前文\n\n[[indicator cci symbol=600519]]\n\n[[indicator cci symbol=NONE]]\n\n尾"
    assert render(source, "markdown").text == "前文\n尾"
