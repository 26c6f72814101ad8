"""Article bodies: rendered once on save, sanitised whoever wrote them."""

import pytest

from articles.models import Article
from articles.rendering import render, render_body
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>',
    "<svg><script>alert(1)</script></svg>",
    '<form action="https://evil.example"><input name="p"></form>',
]


@pytest.mark.parametrize("payload", HOSTILE)
@pytest.mark.parametrize("body_format", ["markdown", "richtext"])
def test_hostile_markup_never_reaches_readers(payload, body_format):
    """Scripts, handlers, javascript:/data: URLs and frames are gone in both formats."""
    html = render_body(f"正文开头\n\n{payload}\n\n正文结尾", body_format).lower()
    for forbidden in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "data:",
        "<iframe",
        "<form",
        "<input",
        "style=",
    ):
        assert forbidden not in html
    assert "正文开头" in html and "正文结尾" in html


def test_markdown_features_survive_sanitising():
    """Tables, fenced code, the table of contents and heading anchors are kept."""
    source = (
        "[TOC]\n\n## 第一节\n\n| 指标 | 周期 |\n|---|---|\n| CCI | 14 |\n\n"
        "```python\nprint(1)\n```\n"
    )
    html = render_body(source, "markdown")
    assert '<div class="toc">' in html
    # Anchors carry the h- prefix (see articles/outline.py); the [TOC] links agree.
    assert '<h2 id="h-第一节">第一节</h2>' in html and 'href="#h-第一节"' in html
    assert "<table>" in html and "<td>CCI</td>" in html
    assert '<code class="language-python">print(1)' in html


def test_links_get_noopener_noreferrer():
    """Every link a reader can follow carries rel="noopener noreferrer"."""
    html = render_body("[券商官网](https://example.com/)", "markdown")
    assert '<a href="https://example.com/" rel="noopener noreferrer">券商官网</a>' in html


def test_body_is_rendered_on_save_not_per_request():
    """Saving stores sanitised HTML; the page shows that stored HTML."""
    article = ArticleFactory(body_markdown="**加粗**<script>x()</script>")
    stored = Article.objects.get(pk=article.pk).body_html
    assert "<strong>加粗</strong>" in stored
    assert "<script" not in stored


def test_rich_text_body_is_sanitised_on_save():
    """A rich-text body from the editor goes through the same allowlist."""
    article = ArticleFactory(
        body_format=Article.BodyFormat.RICH_TEXT,
        body_rich='<p>图表<img src="/media/a.png" onload="steal()"></p>',
    )
    assert article.body_html == '<p>图表<img src="/media/a.png"></p>'


def test_excerpt_skips_toc_and_code_and_is_short():
    """The auto-excerpt is plain text from the prose paragraphs, cut with an ellipsis."""
    excerpt = render(
        "开头一句。\n\n[TOC]\n\n## 标题\n\n```\ncode\n```\n\n" + "很长的正文" * 40, "markdown"
    ).excerpt
    assert excerpt.startswith("开头一句。 很长的正文")
    assert "标题" not in excerpt and "code" not in excerpt and "目录" not in excerpt
    assert len(excerpt) == 120 and excerpt.endswith("…")


def test_summary_overrides_auto_excerpt():
    """An author's summary is what lists show; without one, the excerpt is used."""
    assert ArticleFactory(summary="作者写的摘要").list_excerpt == "作者写的摘要"
    assert ArticleFactory(summary="").list_excerpt.startswith("这是一段关于 MACD")
