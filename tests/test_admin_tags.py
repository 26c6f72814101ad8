"""Tags typed in the article form: new names are created, other spellings find the old tag."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles import tags
from articles.models import Article, Tag
from articles.roles import AUTHOR_GROUP
from tests.factories import TagFactory, article_form, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def author_client(client, staff_roles):
    client.force_login(member(AUTHOR_GROUP))
    return client


def save(client, **fields):
    return client.post(reverse("admin:articles_article_add"), article_form(**fields))


def test_typing_a_new_tag_creates_it(author_client):
    """A name the picker did not find becomes a tag on save, and the article carries it."""
    old = TagFactory(name="均线")
    response = save(author_client, tags=[str(old.pk), "new:量价关系"])
    assert response.status_code == 302
    assert sorted(Article.objects.get().tags.values_list("name", flat=True)) == ["均线", "量价关系"]


@pytest.mark.parametrize("typed", ["macd", "ＭＡＣＤ", " MACD ", "#MACD", "M A C D", "ｍａｃｄ"])
def test_another_spelling_finds_the_existing_tag(author_client, typed):
    """Case, full width, spaces and a leading # do not make a second tag."""
    macd = TagFactory(name="MACD")
    assert save(author_client, tags=[f"new:{typed}"]).status_code == 302
    assert list(Article.objects.get().tags.all()) == [macd]
    assert Tag.objects.count() == 1


def test_traditional_characters_and_width_fold_to_one_new_tag(author_client):
    """Two spellings typed together make one tag, tidied: half-width, single spaces."""
    assert save(author_client, tags=["new:Ｋ線  形態", "new:k线形态"]).status_code == 302
    assert list(Tag.objects.values_list("name", flat=True)) == ["K線 形態"]


def test_a_numeric_name_is_a_name_not_an_id(author_client):
    """“600519” typed as a tag is a new tag, even when a tag has that id."""
    TagFactory(name="茅台")
    tag_id = Tag.objects.get().pk
    assert save(author_client, tags=[f"new:{tag_id}"]).status_code == 302
    assert Tag.objects.filter(name=str(tag_id)).exists()


@pytest.mark.parametrize("typed", ["", "   ", "###", "，。", "长" * 41])
def test_a_name_with_nothing_in_it_is_refused(author_client, typed):
    """Blank, punctuation-only or overlong names are a form error; nothing is saved."""
    response = save(author_client, tags=[f"new:{typed}"])
    assert response.status_code == 200
    assert "标签" in response.content.decode()
    assert not Article.objects.exists() and not Tag.objects.exists()


def test_a_refused_form_keeps_the_typed_tag_chosen(author_client):
    """When another field fails, the typed tag is still in the picker, not lost."""
    response = save(author_client, title="", tags=["new:量价关系"])
    assert response.status_code == 200
    assert '<option value="new:量价关系" selected>量价关系</option>' in response.content.decode()


def test_without_permission_no_tag_is_created(client, staff_roles):
    """Someone who may not add tags gets a clear error instead of a silent new tag."""
    from django.contrib.auth.models import Permission

    user = member(AUTHOR_GROUP)
    user.groups.first().permissions.remove(Permission.objects.get(codename="add_tag"))
    client.force_login(user)
    response = save(client, tags=["new:新标签"])
    assert "你没有新建标签的权限" in response.content.decode()
    assert not Tag.objects.exists()


def test_tag_admin_refuses_a_duplicate_spelling(admin_client):
    """The 标签 admin's own add form applies the same rule."""
    TagFactory(name="MACD")
    response = admin_client.post(
        reverse("admin:articles_tag_add"), {"name": "ｍａｃｄ", "slug": "x"}
    )
    assert response.status_code == 200
    assert "已有同名标签" in response.content.decode()
    assert Tag.objects.count() == 1


def test_the_picker_offers_typed_names(author_client):
    """The widget is told to accept typed names, with its script loaded after select2."""
    html = author_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'data-tags="true"' in html
    assert html.index("admin/js/autocomplete.js") < html.index("admin/js/tag_create.js")


@pytest.mark.parametrize("other", ["ｍａｃｄ", "M A C D", "#macd"])
def test_the_database_refuses_a_second_spelling_whatever_path_saves_it(other):
    """Tag.key is unique: not only the forms, any save of another spelling fails."""
    Tag.objects.create(name="MACD")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name=other)
    assert Tag.objects.get().key == tags.key("ｍａｃｄ")


def test_two_editors_typing_one_new_tag_at_once_get_one_tag(monkeypatch):
    """The other editor's 量价關係 lands between the look-up and the insert: the unique
    key turns the insert into a find, and no second tag is stored."""
    real = tags.same_name
    calls = []

    def late(name, exclude_pk=None):
        calls.append(name)
        if len(calls) == 1:  # our look-up misses; the other editor then commits
            Tag.objects.create(name="量价關係")
            return None
        return real(name, exclude_pk)

    monkeypatch.setattr(tags, "same_name", late)
    tag = tags.find_or_create("量价关系")
    assert tag.name == "量价關係" and Tag.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_merges_spellings_stored_before_the_key(django_user_model):
    """Tags that are one name in two spellings become the oldest one, with every link."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("articles", "0009_merge_20261205_0442")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("auth", "User").objects.create(username="old")
    old_tag, old_article = old.get_model("articles", "Tag"), old.get_model("articles", "Article")
    macd, spelt, rsi = (
        old_tag.objects.create(name=name, slug=slug)
        for name, slug in [("MACD", "macd"), ("ｍａｃｄ", "macd-2"), ("RSI", "rsi")]
    )
    first, second = (old_article.objects.create(title=t, slug=t, author=user) for t in ("a1", "a2"))
    first.tags.add(macd, spelt)
    second.tags.add(spelt, rsi)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert sorted(Tag.objects.values_list("name", "key")) == [("MACD", "macd"), ("RSI", "rsi")]
    for slug in ("a1", "a2"):
        names = sorted(Article.objects.get(slug=slug).tags.values_list("name", flat=True))
        assert names == (["MACD"] if slug == "a1" else ["MACD", "RSI"])
