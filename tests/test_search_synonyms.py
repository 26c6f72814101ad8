"""Search knows the indicators' names: any name finds articles that use another."""

import pytest

from indicators.library.registry import INDICATORS
from search.backends import fts5_match, tsquery_text
from search.suggest import edit_distance, nearest_indicator
from search.synonyms import with_synonyms
from search.templatetags.search_tags import highlight
from search.text import parse_query
from tests.factories import ArticleFactory
from tests.search_helpers import result_titles, search

# The names readers use (issue 19), by indicator.
READER_NAMES = {
    "boll": ["布林带", "布林线", "布林通道", "BOLL", "boll"],
    "williams_r": ["威廉指标", "WR", "%R", "威廉", "W%R", "Williams %R"],
    "kdj": ["随机指标", "KDJ", "kdj"],
    "macd": ["指数平滑异同移动平均线", "MACD", "平滑异同"],
    "rsi": ["相对强弱", "RSI", "相对强弱指标"],
    "cci": ["顺势指标", "CCI"],
    "bias": ["乖离率", "BIAS"],
}
# Recognised in a query, but too short to look for in articles (a lone "R" is everywhere).
QUERY_ONLY = {"%R"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Every article brings a new author: a cheap hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_reader_name_is_in_its_indicator_module():
    """The synonym table is each spec's own list: every name above is there."""
    for indicator, names in READER_NAMES.items():
        known = {name.lower() for name in INDICATORS[indicator].search_names}
        assert {name.lower() for name in names} <= known


@pytest.mark.django_db
@pytest.mark.parametrize("indicator", sorted(READER_NAMES))
def test_each_name_finds_articles_written_with_any_other(client, indicator):
    """An article that says 布林线 is found by 布林带, BOLL and 布林通道, and so on."""
    names = READER_NAMES[indicator]
    written = [name for name in names if name not in QUERY_ONLY]
    for i, name in enumerate(written):
        ArticleFactory(title=f"第{i}篇", body_markdown=f"今天讲 {name} 的用法。")
    ArticleFactory(title="无关", body_markdown="今天讲成交量和换手率，R 语言。")
    expected = sorted(f"第{i}篇" for i in range(len(written)))
    for name in names:
        assert sorted(result_titles(search(client, name))) == expected, name


@pytest.mark.django_db
def test_a_name_inside_a_longer_run_is_expanded(client):
    """布林带用法 finds an article about 布林线的用法: the name is split from the rest."""
    ArticleFactory(title="用法", body_markdown="布林线的用法其实很简单。")
    ArticleFactory(title="只有指标", body_markdown="布林线。")
    assert result_titles(search(client, "布林带用法")) == ["用法"]


@pytest.mark.django_db
def test_synonyms_highlight_the_name_the_article_uses(client):
    """Searching 布林带 marks 布林线 in the snippet."""
    ArticleFactory(title="通道", body_markdown="价格碰到布林线上轨。")
    assert "<mark>布林线</mark>" in search(client, "布林带").content.decode()


def test_other_names_are_not_marked_where_the_typed_one_is_there():
    """乖离率 in a title saying BIAS 乖离率 marks 乖离率 alone."""
    marked = highlight("BIAS 乖离率：价格离均线太远", with_synonyms(parse_query("乖离率")))
    assert marked == "BIAS <mark>乖离率</mark>：价格离均线太远"


def test_expanded_queries_stay_plain_words():
    """Names reach the database only as quoted phrases of index tokens."""
    query = with_synonyms(parse_query('布林带" OR *'))
    assert fts5_match(query).startswith('("boll" OR "布林 林带" OR ')
    assert '"or"' in fts5_match(query)
    raw = tsquery_text(query)
    assert "'布林' <-> '林带'" in raw and "|" in raw


def test_edit_distance():
    """Single-character edits and swaps of neighbours count one each."""
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("mcad", "macd") == 1
    assert edit_distance("", "abc") == 3
    assert edit_distance("布林线", "布林线") == 0


@pytest.mark.parametrize(
    ("typed", "name"),
    [("布琳线", "布林线"), ("bolinger", "Bollinger"), ("weilian", "威廉"), ("MCAD", "MACD")],
)
def test_near_misses_suggest_the_indicator(typed, name):
    """A wrong character, a misspelling, pinyin: the nearest indicator name is offered."""
    assert nearest_indicator(typed)["name"] == name


@pytest.mark.parametrize("typed", ["成交量", "布林带", "x"])
def test_no_suggestion_for_names_or_far_words(typed):
    """Known names and unrelated words get no suggestion."""
    assert nearest_indicator(typed) is None


@pytest.mark.django_db
def test_empty_results_suggest_a_name_and_popular_articles(client):
    """A search that finds nothing links the nearest indicator name and hot articles."""
    ArticleFactory(title="热门的一篇", body_markdown="换手率。")
    html = search(client, "布琳线").content.decode()
    assert "你是不是要找" in html and "?q=%E5%B8%83%E6%9E%97%E7%BA%BF" in html
    assert "读者常看的文章" in html and "热门的一篇" in html
