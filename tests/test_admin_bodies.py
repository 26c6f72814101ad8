"""Article bodies in the admin: what counts as empty, demo codes left as text, the summary."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.rendering import has_content, render
from tests.factories import ArticleFactory, AuthorFactory, article_form
from tests.indicator_fixtures import load_series

DEMO = "[[indicator macd symbol=600519 fast=12 slow=26 signal=9]]"
EMPTY_MARKDOWN = [
    "",
    "   \n\n\t",
    "&nbsp;",
    "&nbsp;\n\n&#160; &nbsp;",
    "\u3000\u200b",
    "##  \n\n###\n",
    "<p></p><p>&nbsp;</p>",
    "<br>\n\n<hr>",
    "<ul><li> </li></ul>\n\n<ol><li></li></ol>",
    "| |\n|---|\n| |\n",
    "<table><tr><td>&nbsp;</td></tr></table>",
    "<script>alert(1)</script>",
]
EMPTY_RICH = [
    "",
    "<p>&nbsp;</p>",
    "<p>&nbsp;</p><p><br></p><p><br data-cke-filler='true'></p>",
    "<h2>&nbsp;</h2><h3></h3>",
    "<ul><li></li><li>&nbsp;</li></ul><ol><li><br></li></ol>",
    "<figure class='table'><table><tbody><tr><td>&nbsp;</td></tr></tbody></table></figure>",
    "<blockquote><p>\u00a0</p></blockquote><hr>",
    "<p><strong>&nbsp;</strong><span> </span></p>",
    "<p onclick='x()'><script>alert(1)</script></p>",
]
FULL = {
    "markdown": ["一句话。", "![图](/media/a.png)", DEMO, "- 要点", "`x`"],
    "richtext": ["<p>一句话。</p>", "<p><img src='/media/a.png'></p>", f"<p>{DEMO}</p>"],
}


@pytest.mark.parametrize("source", EMPTY_MARKDOWN)
def test_empty_markdown_bodies_have_no_content(source):
    """Whitespace, &nbsp;, empty headings, lists, tables or stripped markup: empty."""
    assert not has_content(source, "markdown")


@pytest.mark.parametrize("source", EMPTY_RICH)
def test_empty_rich_text_bodies_have_no_content(source):
    """What an emptied CKEditor sends (<p>&nbsp;</p> and kin) is empty."""
    assert not has_content(source, "richtext")


@pytest.mark.parametrize(
    ("body_format", "source"), [(f, s) for f, sources in FULL.items() for s in sources]
)
def test_text_an_image_or_a_demo_alone_is_content(body_format, source):
    """A picture or a live demo alone is something to read: not empty."""
    assert has_content(source, body_format)


@pytest.mark.parametrize(
    ("body_format", "field", "source"),
    [("markdown", "body_markdown", s) for s in EMPTY_MARKDOWN[1:4]]
    + [("richtext", "body_rich", s) for s in EMPTY_RICH[1:5]],
)
def test_publishing_an_empty_body_is_refused(admin_client, body_format, field, source):
    """Either format, an empty-looking body cannot go live; nothing is saved."""
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(
            author=AuthorFactory().pk,
            status="published",
            body_format=body_format,
            **{field: source},
        ),
    )
    assert response.status_code == 200
    assert "发布前请填写正文" in response.content.decode()
    assert not Article.objects.exists()


def test_an_empty_draft_may_be_saved(admin_client):
    """Drafts may be empty: only publishing asks for a body."""
    form = article_form(
        author=AuthorFactory().pk, body_format="richtext", body_rich="<p>&nbsp;</p>"
    )
    response = admin_client.post(reverse("admin:articles_article_add"), form)
    assert response.status_code == 302
    assert Article.objects.get().status == Article.Status.DRAFT


def test_publish_now_skips_empty_drafts(admin_client):
    """The list's 立即发布 action publishes full drafts and names the empty ones."""
    full = ArticleFactory(draft=True, title="有正文")
    empty = ArticleFactory(
        draft=True, title="空文章", body_format="richtext", body_rich="<p>&nbsp;</p>"
    )
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [full.pk, empty.pk]},
        follow=True,
    )
    full.refresh_from_db()
    empty.refresh_from_db()
    assert full.is_live and empty.status == Article.Status.DRAFT
    assert "正文为空，未发布：《空文章》" in response.content.decode()


@pytest.fixture
def moutai(db):
    return load_series()


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        (f"开头。\n\n- 第一点\n- {DEMO}\n", (4,)),
        (f"开头。\n\n> {DEMO}\n\n| 列 |\n|---|\n| {DEMO} |\n", (3, 7)),
        (f"## {DEMO}\n\n正文里写 {DEMO} 也不行。\n", (1, 3)),
        (f"`{DEMO}`\n\n```\n{DEMO}\n```\n\n{DEMO}\n", ()),
    ],
)
def test_markdown_demo_codes_left_as_text_are_found_by_line(moutai, source, lines):
    """A code in a list, quote, table, heading or sentence is named by its source line;
    code spans, code blocks and real demos are not."""
    assert render(source, "markdown").stray_demo_lines == lines


def test_rich_text_demo_codes_left_as_text_are_found_by_line(moutai):
    """In rich text the line is the editor's: a line per paragraph, item or cell."""
    source = f"<p>开头。</p><ul><li>一</li><li>{DEMO}</li></ul><p>{DEMO}</p><p>尾。</p>"
    assert render(source, "richtext").stray_demo_lines == (3,)


def test_saving_warns_about_demo_codes_left_as_text(admin_client, moutai):
    """Saving succeeds and says which line readers will see as the raw code."""
    form = article_form(author=AuthorFactory().pk, body_markdown=f"开头。\n\n- 要点\n- {DEMO}\n")
    response = admin_client.post(reverse("admin:articles_article_add"), form, follow=True)
    assert Article.objects.count() == 1
    assert "第 4 行的演示代码不在单独的段落里，读者将看到原文" in response.content.decode()


def test_summary_comes_from_prose_paragraphs(moutai):
    """Headings, table cells, bullets, quotes and code stay out of the automatic summary."""
    markdown = (
        "## 一、参数对照表\n\n| 参数 | 说明 |\n|---|---|\n| SHORT | 12 |\n\n"
        "第一段正文。\n\n- 要点\n\n> 引用\n\n```\ncode\n```\n\n第二段 **正文**。\n"
    )
    rich = (
        "<h2>一、参数对照表</h2><figure class='table'><table><tr><td>SHORT</td></tr></table>"
        "</figure><p>第一段正文。</p><ul><li><p>要点</p></li></ul><p>第二段 <b>正文</b>。</p>"
    )
    assert render(markdown, "markdown").excerpt == "第一段正文。 第二段 正文。"
    assert render(rich, "richtext").excerpt == "第一段正文。 第二段 正文。"


def test_summary_of_a_body_without_paragraphs_uses_its_words():
    """A body that is all list still gets a summary, from its words."""
    assert render("- 第一点\n- 第二点\n", "markdown").excerpt == "第一点 第二点"
