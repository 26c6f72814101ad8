"""Steps for the revision and dashboard journeys, shared by their tests and screenshots."""

from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import AUTHOR_PASSWORD, assert_accessible, log_in

DEMO_AUTHOR = "laozhou"  # 周老师 in demodata/authors.json, in the 作者 role


def demo_author(django_user_model):
    """A seeded author, given a password so the test can sign in as them."""
    user = django_user_model.objects.get(username=DEMO_AUTHOR)
    user.set_password(AUTHOR_PASSWORD)
    user.save()
    return user


def retitle(page, article, title):
    """Edit the title in the change form and save, staying on the form."""
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator("#id_title").fill(title)
    page.get_by_role("button", name="保存并继续编辑").click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def open_oldest_revision(page, article):
    """From the change form's 历史 to the diff of the article's first revision."""
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator("a.historylink").click()
    rows = page.locator(".revision-table tbody tr")
    expect(rows.first).to_contain_text("最新")
    assert rows.count() >= 2
    assert_accessible(page)
    rows.last.get_by_role("link", name="与当前对比").click()
    expect(page.locator(".revision-meta")).to_contain_text("与当前内容对比")
    assert_accessible(page)


def open_dashboard(page, user):
    log_in(page, user)
    page.get_by_role("link", name="我的数据").first.click()
    expect(page.locator("#dashboard-articles")).to_be_visible()
    # The chart is drawn: lightweight-charts puts its canvases in the container.
    expect(page.locator("#dashboard-chart canvas").first).to_be_visible()
    assert_accessible(page)


def first_article_of(user):
    return Article.objects.by_author(user).order_by("-view_count", "-pk").first()
