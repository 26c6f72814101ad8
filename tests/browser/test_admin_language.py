"""In Chromium: the admin pages with scripts (CKEditor, date pickers, select2) stay Chinese."""

from articles.models import Article
from articles.roles import AUTHOR_GROUP, ensure_roles
from tests.browser.conftest import AUTHOR_PASSWORD, log_in
from tests.factories import member
from tests.ui_words import PROPER_NAMES, content_words, latin_words


def test_scripted_admin_pages_show_no_english(page, site):
    """After the scripts ran, an 作者's list, forms and pickers hold no English words."""
    ensure_roles()
    author = member(AUTHOR_GROUP)
    author.set_password(AUTHOR_PASSWORD)
    author.save()
    article = Article.objects.first()
    article.author = author
    article.save()
    log_in(page, author)
    allowed = PROPER_NAMES | content_words()
    english = {}
    for url in (
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/comments/comment/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if "/article/" in url and url.endswith(("add/", "change/")):
            page.locator(".field-tags .select2-selection").click()  # the tag picker opens
            page.locator(".select2-search__field").fill("量")
            page.wait_for_timeout(300)
        for word in latin_words(page.content(), allowed):
            english.setdefault(word, url)
    assert english == {}, "\n".join(f"{word!r} on {url}" for word, url in sorted(english.items()))
