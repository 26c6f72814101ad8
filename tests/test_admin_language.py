"""The admin speaks Chinese to 作者 and 编辑: every page they can open, found by walking it."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry

from articles.roles import AUTHOR_GROUP, EDITOR_GROUP
from comments.models import Comment, ModerationPhrase
from indicators.library.registry import INDICATORS
from tests.admin_walk import walk
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory, TagFactory, member
from tests.indicator_fixtures import load_series
from tests.ui_words import PROPER_NAMES, content_words, latin_words

pytestmark = pytest.mark.django_db


def indicator_names() -> set[str]:
    names = set()
    for code, spec in INDICATORS.items():
        names |= {code, *code.split("_"), *str(getattr(spec, "title", "")).split()}
    return names


@pytest.fixture
def newsroom(staff_roles):
    """An author and an editor, each with an article, comments, tags and history."""
    author, editor = member(AUTHOR_GROUP), member(EDITOR_GROUP)
    load_series()
    tag = TagFactory()
    for person in (author, editor):
        article = ArticleFactory(author=person, category=CategoryFactory())
        article.tags.add(tag)
        ArticleFactory(author=person, draft=True)
        ArticleFactory(author=person, scheduled=True)
        CommentFactory(article=article)
        CommentFactory(article=article, status=Comment.Status.HELD, held_reason="含有链接")
        LogEntry.objects.log_actions(
            person.pk, [article], CHANGE, change_message=[{"changed": {"fields": ["标题"]}}]
        )
    ModerationPhrase.objects.create(phrase="加微信", note="引流")
    return {"作者": author, "编辑": editor}


@pytest.mark.parametrize("role", ["作者", "编辑"])
def test_every_admin_page_is_in_chinese(client, newsroom, role):
    """No Latin-alphabet interface text but proper names, on every page the role opens."""
    user = newsroom[role]
    client.force_login(user)
    allowed = PROPER_NAMES | indicator_names() | content_words()
    english, pages = {}, 0
    for url, response in walk(client, user):
        pages += 1
        for word in latin_words(response.content.decode(), allowed):
            english.setdefault(word, url)
    assert pages >= 30, f"only {pages} pages walked"
    assert english == {}, "\n".join(f"{word!r} on {url}" for word, url in sorted(english.items()))


def test_the_walk_reaches_every_kind_of_page(client, newsroom):
    """The walk finds index, app index, lists, filters, search, forms, delete, history, password."""
    user = newsroom["编辑"]
    client.force_login(user)
    urls = [url for url, _ in walk(client, user)]
    for needle in (
        "/admin/",
        "/admin/articles/",
        "/admin/articles/article/",
        "/admin/articles/article/?status__exact=draft",
        "/admin/articles/article/?q=测试",
        "/admin/articles/article/add/",
        "/delete/",
        "/history/",
        "/admin/password_change/",
        "/admin/comments/comment/",
        "(delete selected)",
        "add/ (sent empty)",
    ):
        assert any(needle in url if needle != "/admin/" else url == needle for url in urls), needle


def test_the_check_catches_english(client, newsroom):
    """A page that says "Select article to change" is caught: the test can fail."""
    assert latin_words("<h1>Select article to change</h1>", PROPER_NAMES) == {
        "Select",
        "article",
        "to",
        "change",
    }
    assert latin_words("<p>用 <code>[[indicator macd]]</code> 和 MACD</p>", PROPER_NAMES) == set()


def test_axes_pages_are_in_chinese_for_whoever_can_see_them(admin_client, admin_user):
    """The login-throttling pages (django-axes), seen by superusers, are translated too."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    who = {"username": "mallory", "ip_address": "10.0.0.1", "user_agent": "curl"}
    AccessAttempt.objects.create(**who, failures_since_start=3, get_data="", post_data="")
    AccessLog.objects.create(**who)
    AccessFailureLog.objects.create(**who, locked_out=True)
    allowed = PROPER_NAMES | content_words()
    english, pages = {}, 0
    for url, response in walk(admin_client, admin_user, within="/admin/axes/"):
        pages += 1
        for word in latin_words(response.content.decode(), allowed):
            english.setdefault(word, url)
    assert pages >= 6
    assert english == {}, "\n".join(f"{word!r} on {url}" for word, url in sorted(english.items()))
    index = admin_client.get("/admin/").content.decode()
    assert "登录保护" in index and "Axes" not in index and "Access" not in index


def _po_entries(path):
    """(msgid, msgstr) pairs of a .po file; a plural entry gives its msgstr[0]."""
    import ast

    entries, current, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ")):
            key, _, literal = line.partition(" ")
            current[key] = ast.literal_eval(literal)
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line.strip() and current:
            entries.append((current["msgid"], current.get("msgstr", current.get("msgstr[0]"))))
            current, key = {}, None
    return [(msgid, msgstr) for msgid, msgstr in entries if msgid]


def test_compiled_messages_match_their_source():
    """The committed .mo holds every translation of the .po: no one forgot to compile."""
    import gettext
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    entries = _po_entries(folder / "django.po")
    assert len(entries) > 100
    stale = [
        msgid
        for msgid, msgstr in entries
        if catalog._catalog.get(msgid, catalog._catalog.get((msgid, 0))) != msgstr
    ]
    assert stale == [], "run manage.py compilemessages: " + "; ".join(stale[:5])


def test_one_form_of_address():
    """Our messages and our corrections of Django's say 你, never 您."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    places = ["articles", "comments", "core", "indicators", "search", "config", "templates"]
    files = [
        p for place in places for p in (root / place).rglob("*") if p.suffix in (".py", ".html")
    ]
    files += [*(root / "static").rglob("*.js"), *(root / "locale").rglob("*.po")]
    files = [p for p in files if "vendor" not in p.parts]
    polite = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "您" in line and not line.lstrip().startswith("#"):
                polite.append(f"{path.relative_to(root)}:{number}")
    assert polite == []


def test_django_phrases_read_as_chinese(client, newsroom):
    """The phrases people noticed read naturally: 选择要修改的文章, 按状态, 暂无."""
    client.force_login(newsroom["编辑"])
    html = client.get("/admin/articles/article/").content.decode()
    assert "选择要修改的文章" in html and "选择 文章 来修改" not in html
    assert "按状态" in html and "以 状态" not in html
    add = client.get("/admin/articles/article/add/").content.decode()
    assert "新建文章" in add
    client.force_login(member(AUTHOR_GROUP))  # no actions yet: the sidebar says so
    index = client.get("/admin/").content.decode()
    assert "暂无" in index and "无可选的" not in index
