"""An article's neighbours: related reading and the previous and next in its category."""

from django.db.models import Case, Count, Q, Value, When

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
