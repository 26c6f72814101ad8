"""An article's neighbours: related reading and the previous and next in its category."""

import time
from dataclasses import dataclass

from django.db.models import Case, Count, Q, Value, When

from articles import fragments
from articles.models import Article

RELATED_LIMIT = 4
_LINK_FIELDS = ("title", "slug", "published_at")


def related_articles(article, limit=RELATED_LIMIT):
    """Most shared tags first, then the same category, then the newest; one query."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    same_category = (
        Case(When(category_id=article.category_id, then=Value(1)), default=Value(0))
        if article.category_id
        else Value(0)
    )
    return list(
        Article.objects.published()
        .exclude(pk=article.pk)
        .annotate(
            shared_tags=Count("tags", filter=Q(tags__in=tag_ids), distinct=True),
            same_category=same_category,
        )
        .filter(Q(shared_tags__gt=0) | Q(same_category=1))
        .order_by("-shared_tags", "-same_category", "-published_at", "-id")
        .only(*_LINK_FIELDS)[:limit]
    )


def _ordered_neighbour(article, newer):
    """The nearest published article on one side in time, ties broken by id."""
    siblings = Article.objects.published().only(*_LINK_FIELDS)
    if article.category_id:
        siblings = siblings.filter(category_id=article.category_id)
    when, pk = article.published_at, article.pk
    if newer:
        side = Q(published_at__gt=when) | Q(published_at=when, pk__gt=pk)
        order = ("published_at", "id")
    else:
        side = Q(published_at__lt=when) | Q(published_at=when, pk__lt=pk)
        order = ("-published_at", "-id")
    return siblings.filter(side).order_by(*order).first()


def previous_and_next(article):
    """上一篇 (older) and 下一篇 (newer) within the article's category, or site-wide without one."""
    if article.published_at is None:
        return None, None
    return _ordered_neighbour(article, newer=False), _ordered_neighbour(article, newer=True)


@dataclass(frozen=True)
class Link:
    """What a page shows of a neighbour: small, plain, and safe to keep in the cache."""

    title: str
    url: str

    def get_absolute_url(self):
        return self.url

    @classmethod
    def of(cls, article):
        return cls(article.title, article.get_absolute_url())


NAME = "neighbours"


def changed() -> None:
    """Articles, tags or categories changed: every cached set of neighbours is stale, now
    and once the change is committed."""
    fragments.changed(NAME)


def links_for(article) -> dict:
    """Previous, next and related links, computed once per article until the catalogue
    changes or the next scheduled article goes live (whichever comes first); computed
    from the database alone when the cache fails."""
    return fragments.cached(
        NAME, (article.pk,), lambda: _links(article), _seconds_until_next_publish
    )


def _links(article) -> dict:
    previous, following = previous_and_next(article)
    return {
        "previous": _link(previous),
        "next": _link(following),
        "related": [_link(a) for a in related_articles(article)],
    }


def _link(article):
    return Link.of(article) if article else None


def _seconds_until_next_publish(longest=24 * 3600):
    at = Article.objects.next_publish_at()
    return longest if at is None else max(1, min(longest, int(at - time.time())))
