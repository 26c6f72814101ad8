"""In Chromium: typing a new tag in the article form offers it, and saving creates it."""

from playwright.sync_api import expect

from articles.models import Article
from tests.browser.authoring import open_new_article_form


def test_typing_a_new_tag_offers_and_creates_it(page, author):
    """No “未找到结果” dead end: the typed name is offered as a new tag and saved."""
    open_new_article_form(page, author)
    page.get_by_label("标题:").fill("量价入门")
    page.locator("#id_body_markdown").fill("成交量是价格的影子。")
    page.locator(".field-tags .select2-selection").click()
    page.locator(".select2-search__field").fill("量价背离")
    offered = page.locator(".select2-results__option", has_text="量价背离（新标签）")
    expect(offered).to_be_visible()
    expect(page.locator(".select2-results__option", has_text="未找到结果")).to_have_count(0)
    offered.click()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title="量价入门")
    assert list(article.tags.values_list("name", flat=True)) == ["量价背离"]
