"""Author identity: public slugs instead of login names, and pen names nobody can fake."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import AuthorProfile
from articles.roles import AUTHOR_GROUP, EDITOR_GROUP
from tests.comment_helpers import body_of, post_comment
from tests.factories import ArticleFactory, AuthorFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def profile_form(user, **overrides):
    data = {"user": user.pk, "display_name": "新作者", "slug": "", "bio": ""}
    data.update(overrides)
    return data


def add_profile(client, **overrides):
    """Create a profile through the admin, as an editor would; returns the response."""
    return client.post(
        reverse("admin:articles_authorprofile_add"), profile_form(UserFactory(), **overrides)
    )


def form_errors(response):
    assert response.status_code == 200, "expected the form again, with errors"
    return response.context["adminform"].form.errors


# --- Public slugs -----------------------------------------------------------------------------


def test_author_page_lives_at_the_pen_name_slug(client):
    """/authors/<slug>/ lists the author's articles; the slug is the pen name in pinyin."""
    author = AuthorFactory(username="zhou_login", profile__display_name="周老师")
    ArticleFactory(author=author, title="周老师的文章")
    profile = author.author_profile
    assert profile.slug == "zhou-lao-shi"
    assert profile.get_absolute_url() == "/authors/zhou-lao-shi/"
    response = client.get(profile.get_absolute_url())
    assert response.status_code == 200 and "周老师的文章" in response.content.decode()


@pytest.mark.parametrize("login", ["admin", "laozhou", "zhou_login"])
def test_a_login_name_in_the_author_url_is_404(client, admin_user, login):
    """Old /authors/<username>/ addresses find nothing, so they confirm no account."""
    AuthorProfile.objects.create(user=admin_user, display_name="编辑老K")
    AuthorFactory(username="laozhou", profile__display_name="周老师")
    AuthorFactory(username="zhou_login", profile__display_name="陈默")
    assert client.get(f"/authors/{login}/").status_code == 404


def test_no_page_a_reader_sees_shows_a_login_name(client):
    """Bylines, the author box and the author page link by slug and never print the login."""
    author = AuthorFactory(username="secretlogin42", profile__display_name="林夏")
    article = ArticleFactory(author=author)
    for url in ("/", article.get_absolute_url(), author.author_profile.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "secretlogin42" not in html
        assert "/authors/lin-xia/" in html


def test_two_pen_names_with_one_pinyin_get_distinct_slugs():
    """Homophones share a pinyin; the second profile gets a numbered slug."""
    first = AuthorFactory(profile__display_name="陈默").author_profile
    second = AuthorFactory(profile__display_name="晨墨").author_profile
    assert (first.slug, second.slug) == ("chen-mo", "chen-mo-2")


def test_an_inactive_authors_page_is_404(client):
    """A deactivated account's page is gone, like its login."""
    author = AuthorFactory(is_active=False, profile__display_name="离职作者")
    assert client.get(author.author_profile.get_absolute_url()).status_code == 404


def test_editors_may_change_the_slug_authors_may_not(client, staff_roles):
    """The page address is an editor's decision; an author's form shows it read-only."""
    editor, writer = member(EDITOR_GROUP), member(AUTHOR_GROUP)
    profile = writer.author_profile
    url = reverse("admin:articles_authorprofile_change", args=[profile.pk])
    client.force_login(writer)
    client.post(url, profile_form(writer, display_name=profile.display_name, slug="by-author"))
    profile.refresh_from_db()
    assert profile.slug != "by-author"
    client.force_login(editor)
    response = client.post(
        url, profile_form(writer, display_name=profile.display_name, slug="lao-k")
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.slug == "lao-k"


# --- Pen names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("taken", "attempt"),
    [
        ("周老师", "周老师"),
        ("周老师", "周 老师"),
        ("周老师", "周老師"),
        ("周老师", "周·老师"),
        ("周老师", "周\u200b老师"),
        ("周老师", " 周老师。"),
        ("Alan", "alan"),
        ("Alan", "ＡＬＡＮ"),
        ("Alan", "A l a n"),
        ("Alan", "\u0410lan"),  # Cyrillic А
        ("K线小王", "ｋ線小王"),
        ("均线老王", "均線 老王"),
    ],
)
def test_a_pen_name_another_profile_uses_is_a_form_error(admin_client, taken, attempt):
    """Width, case, spaces, punctuation, look-alikes and traditional forms count as the same."""
    AuthorFactory(profile__display_name=taken)
    errors = form_errors(add_profile(admin_client, display_name=attempt))
    assert "已有其他作者使用" in errors["display_name"][0]
    assert AuthorProfile.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "站长",
        "站 长",
        "管理员",
        "编辑部",
        "客服小张",
        "官方",
        "K线学堂",
        "K线学堂官方",
        "ｋ线学堂",
        "K線學堂助手",
        "小编",
        "管理",
        "ADMIN",
        "\u0430dmin",  # Cyrillic а
        "本站作者",
    ],
)
def test_reserved_pen_names_are_a_form_error(admin_client, name):
    """Nobody signs as the site or its staff, however the name is dressed up."""
    errors = form_errors(add_profile(admin_client, display_name=name))
    assert "保留的名称" in errors["display_name"][0]
    assert not AuthorProfile.objects.exists()


@pytest.mark.parametrize("name", ["周老师", "资产管理笔记", "均线老王", "Alan", "陈默"])
def test_ordinary_pen_names_are_accepted(admin_client, name):
    """Ordinary names pass and get a slug."""
    response = add_profile(admin_client, display_name=name)
    assert response.status_code == 302
    assert AuthorProfile.objects.get().slug


def test_the_reserved_list_is_a_setting(admin_client, settings):
    """RESERVED_NAME_PARTS and SITE_NAME decide what is reserved."""
    settings.RESERVED_NAME_PARTS = ["财经号"]
    settings.SITE_NAME = "指标课堂"
    assert form_errors(add_profile(admin_client, display_name="某某财经号"))["display_name"]
    assert form_errors(add_profile(admin_client, display_name="指标课堂老师"))["display_name"]
    assert add_profile(admin_client, display_name="站长").status_code == 302


def test_a_name_without_letters_is_a_form_error(admin_client):
    """A pen name of symbols only would be no name at all."""
    errors = form_errors(add_profile(admin_client, display_name="★★★"))
    assert "至少要有一个" in errors["display_name"][0]


def test_an_author_renaming_themselves_keeps_their_own_name_free(client, staff_roles):
    """Saving your own profile again is not a clash with yourself."""
    writer = member(AUTHOR_GROUP)
    profile = writer.author_profile
    client.force_login(writer)
    url = reverse("admin:articles_authorprofile_change", args=[profile.pk])
    response = client.post(url, profile_form(writer, display_name=profile.display_name + " "))
    assert response.status_code == 302


def test_the_database_refuses_a_duplicate_that_skips_validation():
    """Two saves racing past clean() cannot both store the same name."""
    AuthorFactory(profile__display_name="周老师")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorProfile.objects.create(user=UserFactory(), display_name="周 老師")


def test_commenters_cannot_use_a_pen_name_variant(client):
    """The comment form compares names the same way: "周 老師" is the author 周老师."""
    article = ArticleFactory(author=AuthorFactory(profile__display_name="周老师"))
    response = post_comment(client, article, name="周 老師")
    assert response.status_code == 400
    assert "误认为本站工作人员" in body_of(response)["errors"]["name"][0]


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_profiles_slugs_and_distinct_names():
    """Profiles from before slugs get a pinyin slug; a clashing pen name gets a number."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("articles", "0004_view_counting")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    users = old_apps.get_model("auth", "User")
    profiles = old_apps.get_model("articles", "AuthorProfile")
    for i, name in enumerate(["周老师", "周 老師", "陈默"]):
        profiles.objects.create(user=users.objects.create(username=f"old{i}"), display_name=name)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    rows = AuthorProfile.objects.order_by("pk").values_list("display_name", "slug")
    assert list(rows) == [
        ("周老师", "zhou-lao-shi"),
        ("周 老師（2）", "zhou-lao-shi-2"),
        ("陈默", "chen-mo"),
    ]
