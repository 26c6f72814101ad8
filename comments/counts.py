"""The 评论 N every list row and article byline shows, kept on the article row
(Article.comment_count), so that lists read it with the article instead of counting.

The comments app owns the number: whatever can change it (a comment saved or deleted,
a bulk status change in the admin) recounts the article's approved comments in one
UPDATE, so it never drifts from the comments the page lists.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from articles.models import Article
from comments.models import Comment


def recount(article_ids) -> None:
    """Set each article's comment_count to the number of its approved comments."""
    approved = (
        Comment.objects.approved()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Article.objects.filter(pk__in=list(article_ids)).update(
        comment_count=Coalesce(Subquery(approved), 0)
    )
