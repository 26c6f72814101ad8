"""Embed codes become demos only as a paragraph of their own; elsewhere they stay text."""

from html.parser import HTMLParser

import pytest

from articles.rendering import render_body
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db

CODE = "[[indicator cci symbol=600519 n=20]]"
BAD = "[[indicator cci symbol=NONE]]"


@pytest.fixture(autouse=True)
def moutai():
    return load_series()


class _Tree(HTMLParser):
    """Every element with its attributes, and every piece of text, as a browser reads them."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.elements, self.texts = [], []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.texts.append(data)


def literal_places(code):
    """Where an author may write a code as text: Markdown and rich-text variants."""
    return [
        ("markdown", f"```\n{code}\n```"),
        ("markdown", f"```text\n前文\n{code}\n```"),
        ("markdown", f"    {code}"),
        ("markdown", f"`{code}`"),
        ("markdown", f"<pre>{code}</pre>"),
        ("markdown", f"![{code}](/media/a.png)"),
        ("markdown", f'![图](/media/a.png "{code}")'),
        ("markdown", f'[链接](https://example.com/ "{code}")'),
        ("markdown", f"- {code}"),
        ("markdown", f"- {code}\n\n- 第二项"),
        ("markdown", f"1. {code}"),
        ("markdown", f"| 指标 |\n|---|\n| {code} |"),
        ("markdown", f"> {code}"),
        ("markdown", f"## {code}"),
        ("markdown", f"看这里 {code} 的图"),
        ("markdown", f"{code}\n继续写的一句话"),
        ("markdown", f"{code} {code}"),
        ("markdown", f"**{code}**"),
        ("richtext", f"<pre><code>{code}</code></pre>"),
        ("richtext", f'<pre><code class="language-text">{code}</code></pre>'),
        ("richtext", f"<pre>{code}</pre>"),
        ("richtext", f"<p><code>{code}</code></p>"),
        ("richtext", f'<p><img src="/media/a.png" alt="{code}"></p>'),
        ("richtext", f'<figure class="image"><img src="/media/a.png" alt="{code}"></figure>'),
        ("richtext", f'<p><img src="/media/a.png" title="{code}"></p>'),
        ("richtext", f'<p><a href="https://example.com/" title="{code}">链接</a></p>'),
        ("richtext", f'<p><abbr title="{code}">CCI</abbr></p>'),
        ("richtext", f"<ul><li>{code}</li></ul>"),
        ("richtext", f"<ol><li><p>{code}</p></li></ol>"),
        ("richtext", f'<figure class="table"><table><tr><td>{code}</td></tr></table></figure>'),
        ("richtext", f"<table><tr><th><p>{code}</p></th></tr></table>"),
        ("richtext", f"<blockquote><p>{code}</p></blockquote>"),
        ("richtext", f"<h2>{code}</h2>"),
        ("richtext", f"<div><p>{code}</p></div>"),
        ("richtext", f"<p>看这里 {code} 的图</p>"),
        ("richtext", f"<p>{code}&nbsp;{code}</p>"),
        ("richtext", f"<p><strong>{code}</strong></p>"),
        ("richtext", f"<p>{code}<br>第二行</p>"),
    ]


@pytest.mark.parametrize("code", [CODE, BAD], ids=["valid", "invalid"])
@pytest.mark.parametrize(
    ("body_format", "source"),
    [pytest.param(fmt, src, id=f"{fmt}:{src}") for fmt, src in literal_places("{code}")],
)
def test_code_written_as_text_stays_literal(body_format, source, code):
    """Inside code, pre, attributes, lists, tables, quotes, headings or prose: no demo."""
    html = render_body(f"前文\n\n{source.format(code=code)}\n\n后文", body_format)
    tree = _Tree(html)
    assert "indicator-demo" not in html and "embed-error" not in html
    assert not any(tag == "figure" and "data-indicator" in a for tag, a in tree.elements)
    assert not any(a.get("id", "").startswith("demo-") for _, a in tree.elements)
    # The author's words survive exactly, as text or as the attribute they were written in.
    values = tree.texts + [v for _, a in tree.elements for v in a.values() if v]
    assert any(code in value for value in values)
    assert "前文" in html and "后文" in html


@pytest.mark.parametrize(
    ("body_format", "source"),
    [
        ("markdown", CODE),
        ("markdown", f"   {CODE}   "),
        ("markdown", f"<p>{CODE}</p>"),
        ("richtext", f"<p>{CODE}</p>"),
        ("richtext", f"<p>&nbsp;{CODE.replace(' ', '&nbsp;', 1)}&nbsp;</p>"),
        ("richtext", f"<p>\n  {CODE}\n</p>"),
        ("richtext", f"<p>{CODE}<br></p>"),
    ],
)
def test_code_as_a_paragraph_of_its_own_becomes_a_demo(body_format, source):
    """One code alone in a paragraph (spaces, &nbsp; or a trailing <br> allowed) embeds."""
    html = render_body(f"前文\n\n{source}\n\n后文", body_format)
    assert html.count('<figure class="indicator-demo" id="demo-d1"') == 1
    assert CODE not in html and "<p><figure" not in html and "</figure></p>" not in html


@pytest.mark.parametrize(
    ("body_format", "source"),
    [
        ("markdown", f"```\n{CODE}\n```\n\n`{CODE}`\n\n{CODE}\n\n- {CODE}\n\n{CODE}"),
        (
            "richtext",
            f'<pre>{CODE}</pre><p><img src="/a.png" alt="{CODE}"></p><p>{CODE}</p>'
            f"<ul><li>{CODE}</li></ul><p>{CODE}</p>",
        ),
    ],
)
def test_demos_are_numbered_by_real_embeds_only(body_format, source):
    """Literal codes take no number: the two real demos are d1 and d2, in order."""
    html = render_body(source, body_format)
    ids = [a["id"] for tag, a in _Tree(html).elements if tag == "figure" and "id" in a]
    assert ids == ["demo-d1", "demo-d2"]
    assert html.count(CODE) == 3


@pytest.mark.parametrize(
    ("body_format", "source"),
    [
        ("markdown", f"[TOC]\n\n## Demo d1\n\n{CODE}\n\n## demo-d2-n\n\n{CODE}"),
        ("markdown", f'<h2 id="demo-d1">标题</h2>\n\n{CODE}'),
        ("richtext", f'<h2 id="demo-d1">标题</h2><h3 id="demo-d1-n">小节</h3><p>{CODE}</p>'),
    ],
)
def test_no_author_element_takes_a_demo_id(body_format, source):
    """Heading anchors never reuse a demo's id (or its controls' ids); the TOC still links."""
    html = render_body(source, body_format)
    ids = [a["id"] for _, a in _Tree(html).elements if "id" in a]
    assert len(ids) == len(set(ids))
    owners = {a["id"]: tag for tag, a in _Tree(html).elements if "id" in a}
    assert all(tag == "figure" for i, tag in owners.items() if i.startswith("demo-"))
    hrefs = [a["href"][1:] for tag, a in _Tree(html).elements if a.get("href", "")[:1] == "#"]
    assert all(href in owners for href in hrefs)


def test_literal_code_in_an_attribute_keeps_the_markup_whole():
    """An alt text holding a code stays one attribute of one image, as the author wrote it."""
    html = render_body(f'<p>前<img src="/media/a.png" alt="{CODE}" title="t">后</p>', "richtext")
    assert html == f'<p>前<img src="/media/a.png" alt="{CODE}" title="t">后</p>'


def test_excerpts_skip_embed_notes_but_keep_literal_codes():
    """Readers never see an author's embed error in lists; a code written as prose stays."""
    from articles.rendering import render

    broken = render(f"{BAD}\n\n开头一句。", "markdown")
    assert "embed-error" in broken.html
    assert broken.excerpt == "开头一句。"
    assert render(f"写法是 {CODE} 这样。", "markdown").excerpt == f"写法是 {CODE} 这样。"
