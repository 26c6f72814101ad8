"""An author's revisions and numbers, in a real browser at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import DESKTOP, PHONE, assert_no_horizontal_scroll, log_in
from tests.browser.newsroom import (
    demo_author,
    first_article_of,
    open_dashboard,
    open_oldest_revision,
    retitle,
)

DEVICES = pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])


@DEVICES
def test_restoring_an_older_revision(author, open_page, device):
    """An edited title shows in the diff against the first revision; restoring it brings
    the old title back in the form and on the public page."""
    page = open_page(device)
    log_in(page, author)
    article = Article.objects.published().order_by("pk").first()
    original = article.title
    retitle(page, article, "改过的标题：均线入门")
    open_oldest_revision(page, article)
    expect(page.locator(".revision-diff").first.locator("del").first).to_be_visible()
    expect(page.locator(".revision-diff").first).to_contain_text("改过的标题")
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="恢复此版本").click()
    expect(page.locator(".messagelist")).to_contain_text("已恢复到")
    expect(page.locator("#id_title")).to_have_value(original)
    page.goto(article.get_absolute_url())
    expect(page.locator("h1").first).to_have_text(original)
    page.goto(f"/admin/articles/article/{article.pk}/history/")
    expect(page.locator(".revision-table tbody tr").first).to_contain_text("恢复到")
    expect(page.locator(".revision-table tbody tr").first).to_contain_text("林编辑")


@DEVICES
def test_dashboard_shows_real_numbers(open_page, django_user_model, device):
    """A seeded author sees their own articles with the views and comments the database
    holds, and switching the chart to one article draws that article."""
    user = demo_author(django_user_model)
    page = open_page(device)
    open_dashboard(page, user)
    mine = Article.objects.by_author(user)
    rows = page.locator("#dashboard-articles tbody tr")
    expect(rows).to_have_count(mine.count())
    top = first_article_of(user)
    row = page.locator(f'#dashboard-articles tr[data-article="{top.pk}"]')
    expect(row.locator(".views-total")).to_have_text(str(top.view_count))
    expect(row.locator(".comments")).to_have_text(str(top.comment_count))
    assert top.view_count > 0
    others = Article.objects.exclude(author=user).values_list("title", flat=True)
    table = page.locator("#dashboard-articles").inner_text()
    assert not any(title in table for title in others)
    assert_no_horizontal_scroll(page)
    page.locator("#dashboard-article").select_option(str(top.pk))
    expect(page.locator("#dashboard-chart")).to_have_attribute("data-shown", str(top.pk))
