"""Article revisions: every save keeps one, the diff is readable and escaped, restoring
is an ordinary edit (rendered again, caches turned over) by the people allowed to."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from articles import revisions, textdiff
from articles.models import Article
from articles.roles import AUTHOR_GROUP, EDITOR_GROUP
from core import pagecache
from tests.factories import ArticleFactory, TagFactory, article_form, member

pytestmark = pytest.mark.django_db


def versions(article):
    return list(revisions.versions_of(article))


def edit(client, article, **changes):
    current = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "body_markdown": article.body_markdown,
        "status": article.status,
        "author": article.author_id,
    }
    data = article_form(**{**current, **changes})
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_admin_saves_keep_revisions_with_who_and_what(client, staff_roles):
    """Adding and editing in the admin each keep a revision, by that person, saying what."""
    author = member(AUTHOR_GROUP)
    client.force_login(author)
    client.post(reverse("admin:articles_article_add"), article_form(title="初稿"))
    article = Article.objects.get(title="初稿")
    edit(client, article, title="二稿", body_markdown="## 正文\n\n改过的内容")
    newest, first = versions(article)
    assert newest.field_dict["title"] == "二稿" and first.field_dict["title"] == "初稿"
    assert newest.revision.user == author and first.revision.comment == "新建"
    assert "标题" in newest.revision.comment and "正文（Markdown）" in newest.revision.comment


def test_saves_outside_the_admin_and_bulk_actions_keep_revisions(admin_client):
    """A save from code and the admin's bulk publish keep revisions; identical saves don't."""
    article = ArticleFactory(draft=True)
    article.title = "代码里改的标题"
    article.save()
    article.save()  # nothing changed: no new revision
    assert [v.field_dict["title"] for v in versions(article)][0] == "代码里改的标题"
    assert len(versions(article)) == 2
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    assert versions(article)[0].field_dict["status"] == "published"


def test_tags_saved_in_the_admin_are_in_the_revision(admin_client):
    """The revision taken on an admin save includes the tags chosen in that save."""
    article, tag = ArticleFactory(), TagFactory()
    edit(admin_client, article, tags=[tag.pk])
    assert versions(article)[0].field_dict["tags"] == [tag.pk]


def test_diff_marks_changes_and_escapes_everything(admin_client):
    """The diff page shows deletions and insertions, and never the author's HTML as HTML."""
    article = ArticleFactory(title="均线入门旧版讲义", body_markdown="不变。\n\n均线<b>金叉</b>")
    old = versions(article)[0]
    article.title = "均线入门新版讲义<i>"
    article.body_markdown = "不变。\n\n均线<b>死叉</b>\n\n<script>alert(1)</script>"
    article.save()
    url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    html = admin_client.get(url).content.decode()
    assert "<del>旧</del>" in html and "<ins>新</ins>" in html
    assert "<ins>&lt;i&gt;</ins>" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "&lt;b&gt;" in html and "<del>金</del><ins>死</ins>" in html
    assert "恢复此版本" in html


def test_rich_text_is_compared_by_its_words():
    """CKEditor HTML is compared a block per line, by the words a reader sees."""
    source = "<p>第一段&nbsp;文字</p><h2>标题</h2><p><img src='/m/a.png'></p>"
    old = textdiff.rich_text_lines(source)
    assert old == ["第一段\xa0文字", "标题", "[图片 /m/a.png]"]
    lines = textdiff.diff_lines(old, ["第一段\xa0文字", "新标题"])
    assert [line.kind for line in lines] == ["same", "changed", "del"]


def test_restore_renders_again_and_turns_the_caches_over(client, staff_roles):
    """Restoring brings back title, body and tags, renders the body and bumps the page
    cache, keeps the address and publishing state, and is itself a new revision."""
    editor = member(EDITOR_GROUP)
    tag = TagFactory()
    article = ArticleFactory(title="第一版", body_markdown="## 一\n\n旧的正文")
    article.tags.set([tag])
    article.save()
    old = versions(article)[0]
    article.title, article.body_markdown = "第二版", "## 二\n\n新的正文"
    article.save()
    article.tags.clear()
    generation = pagecache.current_version()
    client.force_login(editor)
    url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    response = client.post(url)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "第一版" and "旧的正文" in article.body_html
    assert [t.pk for t in article.tags.all()] == [tag.pk]
    assert article.status == "published" and article.slug == old.field_dict["slug"]
    newest = versions(article)[0]
    assert newest.revision.user == editor and newest.revision.comment.startswith("恢复到")
    assert pagecache.current_version() != generation
    public = client.get(article.get_absolute_url()).content.decode()
    assert "第一版" in public and "旧的正文" in public


def test_authors_restore_their_own_articles_only(client, staff_roles):
    """An author can open and restore revisions of their own articles, not a colleague's."""
    author = member(AUTHOR_GROUP)
    mine, theirs = ArticleFactory(author=author, title="我的"), ArticleFactory(title="别人的")
    for article in (mine, theirs):
        article.title += "（改）"
        article.save()
    client.force_login(author)
    their_old = versions(theirs)[-1]
    url = reverse("admin:articles_article_revision", args=[theirs.pk, their_old.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Article.objects.get(pk=theirs.pk).title == "别人的（改）"
    my_old = versions(mine)[-1]
    url = reverse("admin:articles_article_revision", args=[mine.pk, my_old.pk])
    assert client.post(url).status_code == 302
    assert Article.objects.get(pk=mine.pk).title == "我的"


def test_a_version_of_another_article_is_not_found(admin_client):
    """A revision id belongs to its article: pairing it with another gives 404."""
    one, other = ArticleFactory(), ArticleFactory()
    url = reverse("admin:articles_article_revision", args=[other.pk, versions(one)[0].pk])
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url).status_code == 404


def test_history_lists_revisions_by_pen_name(client, staff_roles):
    """The 历史 page lists each revision with the pen name of who saved it."""
    author = member(AUTHOR_GROUP)
    client.force_login(author)
    client.post(reverse("admin:articles_article_add"), article_form(title="带历史的文章"))
    article = Article.objects.get(title="带历史的文章")
    html = client.get(reverse("admin:articles_article_history", args=[article.pk])).content
    table = html.decode().split('<div class="module revision-table">')[1].split("</table>")[0]
    assert author.author_profile.display_name in table and author.username not in table
    assert "与当前对比" in table and "新建" in table


def test_seeded_demo_articles_have_a_first_revision(settings, tmp_path):
    """The demo seed leaves every article with a revision to compare against."""
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    articles = list(Article.objects.prefetch_related("tags"))
    first = {a.pk: Version.objects.get_for_object(a).last() for a in articles}
    assert articles and all(first[a.pk].revision.comment == "示例内容" for a in articles)
    for article in articles:
        assert set(first[article.pk].field_dict["tags"]) == {t.pk for t in article.tags.all()}


def test_tags_set_outside_the_admin_are_recorded():
    """Setting tags from code after a save keeps a revision with them."""
    article, tag = ArticleFactory(), TagFactory()
    article.tags.set([tag])
    assert versions(article)[0].field_dict["tags"] == [tag.pk]


def test_long_unchanged_runs_are_folded():
    """Unchanged lines far from any change are left out, saying how many."""
    old = [f"第{n}段" for n in range(20)]
    new = [*old[:10], "新加的一段", *old[10:]]
    lines = textdiff.folded(textdiff.diff_lines(old, new))
    kinds = [line.kind for line in lines]
    assert kinds == ["skip", "same", "same", "ins", "same", "same", "skip"]
    assert lines[0].pieces[0].text == "8" and lines[-1].pieces[0].text == "8"


def test_saves_in_other_views_can_name_who_saved(admin_user):
    """A view outside the admin that saves inside saved_by() records that person."""
    article = ArticleFactory()
    with revisions.saved_by(admin_user, "自动保存"):
        article.title = "自动保存的标题"
        article.save()
    newest = versions(article)[0]
    assert newest.revision.user == admin_user and newest.revision.comment == "自动保存"


def test_an_unchanged_admin_save_or_rerender_keeps_no_revision(admin_client):
    """Saving the form unchanged, or re-rendering in bulk, adds no revision."""
    article = ArticleFactory(draft=True)  # no publish time for the form to send again
    edit(admin_client, article)
    before = len(versions(article))
    edit(admin_client, article)
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "render_again", "_selected_action": [article.pk]},
    )
    assert len(versions(article)) == before


def test_a_reworded_line_is_paired_with_its_new_version():
    """A paragraph reworded after a new one was added reads as added, then changed."""
    old = ["开头", "顺势这个名字很有意思，值得一提。", "结尾"]
    new = ["开头", "补充一句新的话。", "顺势这个名字很有意思。", "结尾"]
    kinds = [line.kind for line in textdiff.diff_lines(old, new)]
    assert kinds == ["same", "ins", "changed", "same"]
