"""People in the admin appear by pen name; login names only where accounts are managed."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.roles import EDITOR_GROUP
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    AuthorProfileFactory,
    CommentFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhou():
    return AuthorFactory(username="login-zhou", profile__display_name="周老师")


@pytest.fixture
def editor(staff_roles, client):
    user = member(EDITOR_GROUP)
    user.author_profile.display_name = "编辑小林"
    user.author_profile.save()
    user.username = "login-lin"
    user.save()
    client.force_login(user)
    return user


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_author_select_lists_pen_names(client, editor, zhou):
    """The author field offers 周老师, never the account name behind it."""
    html = page(client, reverse("admin:articles_article_add"))
    assert f'<option value="{zhou.pk}">周老师</option>' in html
    assert "login-zhou" not in html and "login-lin" not in html


def test_list_column_and_filter_show_pen_names(client, editor, zhou):
    """The 作者 column and the 作者 filter read 周老师; the filter narrows the list."""
    ArticleFactory(author=zhou, title="周的文章")
    ArticleFactory(title="别人的文章")
    url = reverse("admin:articles_article_changelist")
    html = page(client, url)
    assert "周老师" in html and "login-zhou" not in html
    filtered = page(client, f"{url}?author={zhou.pk}")
    assert "周的文章" in filtered and "别人的文章" not in filtered
    assert "别人的文章" not in page(client, f"{url}?author=abc")


def test_history_and_greeting_use_pen_names(client, editor, zhou):
    """The change history names the editor by pen name, and so does the welcome line."""
    article = ArticleFactory(author=zhou)
    LogEntry.objects.log_actions(
        editor.pk, [article], CHANGE, change_message="改了标题", single_object=True
    )
    ContentType.objects.clear_cache()
    html = page(client, reverse("admin:articles_article_history", args=[article.pk]))
    assert "编辑小林" in html and "login-lin" not in html and "login-zhou" not in html


def test_comment_moderation_shows_the_signed_in_commenter_by_pen_name(client, editor, zhou):
    """A comment written while signed in shows its writer's pen name, not the login."""
    comment = CommentFactory(user=zhou, name="周老师")
    html = page(client, reverse("admin:comments_comment_change", args=[comment.pk]))
    assert "周老师" in html and "login-zhou" not in html


def test_account_management_still_shows_login_names(admin_client, zhou):
    """The 用户 admin is where accounts are managed: login names belong there."""
    assert "login-zhou" in page(admin_client, reverse("admin:auth_user_changelist"))


def test_profile_without_author_falls_back_to_login_name():
    """An account with no author profile is named by its login, for want of a pen name."""
    from articles.people import pen_name
    from tests.factories import UserFactory

    assert pen_name(UserFactory(username="reader-1")) == "reader-1"
    assert pen_name(AuthorProfileFactory(display_name="陈默").user) == "陈默"


def test_editors_see_profiles_without_login_names(client, editor, zhou):
    """The 作者资料 list and form show pen names; the account column is for account managers."""
    html = page(client, reverse("admin:articles_authorprofile_changelist"))
    assert "周老师" in html and "login-zhou" not in html
    change = reverse("admin:articles_authorprofile_change", args=[zhou.author_profile.pk])
    assert "login-zhou" not in page(client, change)
    assert "login-zhou" not in page(
        client, reverse("admin:articles_authorprofile_changelist") + "?q=login"
    )


def test_account_managers_still_see_which_account_a_profile_is(admin_client, zhou):
    """A superuser linking profiles to accounts sees the login name there."""
    url = reverse("admin:articles_authorprofile_change", args=[zhou.author_profile.pk])
    assert "login-zhou" in page(admin_client, url)
