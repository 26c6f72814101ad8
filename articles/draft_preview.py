"""预览: the change form's unsaved contents, shown exactly as readers will see them.

The admin form posts here (its 预览 button, CSRF-protected, into a new tab). The posted
fields are bound to the admin's own form class and copied onto an article that is never
saved, then rendered by the same code that renders on save: Markdown or rich text, the
nh3 allowlist, the demos. Invalid fields keep their stored value; nothing is written.
"""

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from articles import meta
from articles.models import Article, AuthorProfile
from articles.slugs import slug_from_title


def is_writer(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def editable_articles(user):
    """The articles `user` may open in the admin: all for editors, their own for authors."""
    if not is_writer(user):
        return Article.objects.none()
    if user.has_perm("articles.manage_all_articles"):
        return Article.objects.all()
    return Article.objects.by_author(user)


def unsaved_article(request, pk=None) -> tuple[Article, list]:
    """An Article holding the posted form's values, and the tags chosen; never saved."""
    stored = None if pk is None else get_object_or_404(editable_articles(request.user), pk=pk)
    article = stored or Article(author=request.user)
    stored_cover = article.cover
    form_class = admin.site.get_model_admin(Article).get_form(request, stored)
    form = form_class(request.POST, instance=article)
    form.is_valid()  # copies every valid field onto the instance; errors don't matter here
    article.cover = stored_cover  # a newly chosen file is kept only by the real save
    if not article.slug:
        article.slug = slug_from_title(article.title)
    _ensure_byline(article.author)
    article.render_body()
    tags = form.cleaned_data.get("tags")
    if tags is None:
        tags = article.tags.all() if stored else []
    return article, list(tags)


def _ensure_byline(user) -> None:
    """An account without a pen name yet (a new superuser) gets a stand-in for the byline."""
    if AuthorProfile.objects.filter(user=user).exists():
        return
    name = user.get_username()
    # Never saved; id 0 only picks the avatar's colour, as a real profile's id would.
    user.author_profile = AuthorProfile(
        id=0, user=user, display_name=name, slug=slug_from_title(name, "author")
    )


@require_POST
def preview_unsaved(request, pk=None):
    if not is_writer(request.user):
        raise Http404("只有作者和编辑可以预览")
    article, tags = unsaved_article(request, pk)
    response = TemplateResponse(
        request,
        "articles/article_preview_unsaved.html",
        {
            "article": article,
            "article_tags": tags,
            "is_preview": True,
            "risk_notice": settings.RISK_NOTICE,
            "canonical_url": article.get_canonical_url(),
            "meta_description": meta.description(article),
            "share_image": meta.image_url(article),
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response
