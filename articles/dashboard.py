"""An author's own numbers (我的数据): views per day, comments, the best recent articles.

A fixed number of queries whatever the number of articles or days: one for the articles
with every count beside each (subqueries, so joins never multiply the sums), one for
the daily views of all of them, one for the list of authors an editor can choose from.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article, DailyViews

PERIODS = [(30, "近 30 天"), (90, "近 90 天"), (180, "近 180 天")]
BEST_COUNT = 5
MANAGE_ALL = "articles.manage_all_articles"


def pen_name(user) -> str:
    profile = getattr(user, "author_profile", None)
    return profile.display_name if profile else f"未设笔名的作者（编号 {user.pk}）"


class AuthorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return pen_name(obj)


class DashboardFilter(forms.Form):
    """What the dashboard shows; editors may narrow it to one author."""

    author = AuthorChoice(queryset=None, required=False, empty_label="全部作者", label="作者")
    days = forms.TypedChoiceField(
        choices=PERIODS, coerce=int, required=False, empty_value=PERIODS[0][0], label="图表范围"
    )

    def __init__(self, *args, editor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if editor:
            self.fields["author"].queryset = (
                get_user_model()
                .objects.filter(Q(author_profile__isnull=False) | Q(articles__isnull=False))
                .select_related("author_profile")
                .distinct()
                .order_by("author_profile__display_name", "pk")
            )
        else:
            del self.fields["author"]

    def choice(self, name, default):
        """The field's valid value, else `default`: one bad field spoils only itself."""
        if not self.is_bound or (self.is_valid() is False and name in self.errors):
            return default
        return self.cleaned_data.get(name) or default


@dataclass
class Dashboard:
    rows: list  # Article objects with views_7, views_30, views_period and held_count
    best_7: list
    best_30: list
    chart: dict  # for json_script: {"dates": [...], "series": [{"id", "title", "values"}]}
    days: int
    totals: dict


def _views_between(start: date, end: date):
    per_article = (
        DailyViews.objects.filter(article=OuterRef("pk"), date__gte=start, date__lte=end)
        .values("article")
        .annotate(total=Sum("views"))
        .values("total")
    )
    return Coalesce(Subquery(per_article, output_field=IntegerField()), Value(0))


def _held_comments():
    comment_model = Article._meta.get_field("comments").related_model
    held = (
        comment_model.objects.filter(article=OuterRef("pk"), status=comment_model.Status.HELD)
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def scoped_articles(user, author=None):
    """The articles whose numbers `user` may see: their own, or an editor's choice."""
    articles = Article.objects.all()
    if not user.has_perm(MANAGE_ALL):
        return articles.by_author(user)
    return articles.filter(author=author) if author is not None else articles


def _best(rows, field):
    ranked = sorted((row for row in rows if getattr(row, field) > 0), key=lambda row: row.pk)
    ranked.sort(key=lambda row: getattr(row, field), reverse=True)
    return ranked[:BEST_COUNT]


def _chart(articles, rows, start: date, today: date) -> dict:
    dates = [start + timedelta(days=n) for n in range((today - start).days + 1)]
    index = {day: n for n, day in enumerate(dates)}
    values = {row.pk: [0] * len(dates) for row in rows}
    daily = DailyViews.objects.filter(
        article__in=articles.values("pk"), date__gte=start, date__lte=today
    ).values_list("article_id", "date", "views")
    for article_id, day, views in daily:
        if article_id in values:
            values[article_id][index[day]] += views
    return {
        "dates": [day.isoformat() for day in dates],
        "series": [{"id": row.pk, "title": row.title, "values": values[row.pk]} for row in rows],
    }


def build(articles, days: int, today: date | None = None) -> Dashboard:
    """Every number of the dashboard for `articles`, over the last `days` days."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    rows = list(
        articles.select_related("author__author_profile")
        .annotate(
            views_7=_views_between(today - timedelta(days=6), today),
            views_30=_views_between(today - timedelta(days=29), today),
            views_period=_views_between(start, today),
            held_count=_held_comments(),
        )
        .order_by("-view_count", "-pk")
    )
    totals = {
        name: sum(getattr(row, name) for row in rows)
        for name in ("view_count", "views_7", "views_30", "comment_count", "held_count")
    }
    return Dashboard(
        rows=rows,
        best_7=_best(rows, "views_7"),
        best_30=_best(rows, "views_30"),
        chart=_chart(articles, rows, start, today),
        days=days,
        totals=totals,
    )
