"""Demo content for a fresh site: authors, categories, articles, price series, comments.

Running it again changes nothing that already exists, so it is safe in every start-up.
This is where the apps meet (demodata composes articles, comments and indicators);
the apps themselves import nothing from here.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from articles import revisions
from articles.models import Article, AuthorProfile, Category, DailyViews
from articles.roles import AUTHOR_GROUP
from articles.tags import find_or_create as find_or_create_tag
from comments import posting
from comments.models import Comment
from indicators.models import PriceSeries
from indicators.prices import read_csv

DEMO_DIR = Path(__file__).resolve().parent
PRICE_DIR = DEMO_DIR.parent / "indicators" / "data"
PRICE_FILES = [
    ("600519", "贵州茅台", "SH", "600519.csv"),
    ("NVDA", "英伟达", "US", "nvda-1999-2014.csv"),
    ("ORCL", "甲骨文", "US", "orcl-1995-2014.csv"),
]
RECENT_DAYS = 7


@dataclass
class DemoArticle:
    meta: dict[str, str]
    body: str
    tags: list[str] = field(default_factory=list)
    # What the text asserts about its demos, checked by tests/test_lesson_consistency.py.
    claims: list[str] = field(default_factory=list)


def parse_article(text: str) -> DemoArticle:
    """A file is `---`, `key: value` lines, `---`, then the Markdown body; `claim:` may
    repeat."""
    _, header, body = text.split("---\n", 2)
    meta, claims = {}, []
    for line in header.strip().splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "claim":
            claims.append(value.strip())
        else:
            meta[key.strip()] = value.strip()
    tags = [t.strip() for t in meta.get("tags", "").replace(",", ",").split(",") if t.strip()]
    return DemoArticle(meta=meta, body=body.strip() + "\n", tags=tags, claims=claims)


def _load_json(name):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


class DemoSeeder:
    def __init__(self, log=print):
        self.log = log
        self.created = 0
        self.refreshed = 0

    @transaction.atomic
    def run(self):
        series = self.seed_prices()
        authors = self.seed_authors()
        categories = self.seed_categories()
        articles = self.seed_articles(authors, categories, series.get("600519"))
        self.seed_comments(articles, authors)
        self.log(f"示例内容就绪：新建 {self.created} 条记录，按文件更新 {self.refreshed} 篇文章。")

    def seed_prices(self):
        found = {}
        for symbol, name, market, filename in PRICE_FILES:
            series = PriceSeries.objects.filter(symbol=symbol).first()
            if series is None:
                series = PriceSeries(symbol=symbol, name=name, market=market)
                series.set_table(read_csv(PRICE_DIR / filename))
                series.save()
                self.created += 1
            found[symbol] = series
        return found

    def seed_authors(self):
        users = get_user_model()
        group = Group.objects.get(name=AUTHOR_GROUP)
        authors = {}
        for entry in _load_json("authors.json"):
            user, created = users.objects.get_or_create(
                username=entry["username"], defaults={"is_staff": True}
            )
            if created:
                user.set_unusable_password()  # demo authors sign in only after an admin sets one
                user.save()
                user.groups.add(group)
                self.created += 1
            AuthorProfile.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": entry["display_name"],
                    "slug": entry["slug"],  # public; the login name never appears on the site
                    "bio": entry["bio"],
                },
            )
            authors[entry["username"]] = user
        return authors

    def seed_categories(self):
        categories = {}
        for position, entry in enumerate(_load_json("categories.json")):
            category, created = Category.objects.get_or_create(
                slug=entry["slug"], defaults={"name": entry["name"], "position": position}
            )
            self.created += created
            categories[entry["slug"]] = category
        return categories

    def seed_articles(self, authors, categories, cover_series):
        from demodata.covers import draw_cover, draw_essay_cover

        articles = {}
        table = cover_series.table() if cover_series else None
        now = timezone.now()
        paths = sorted((DEMO_DIR / "articles").glob("*.md"))
        for index, path in enumerate(paths):
            demo = parse_article(path.read_text(encoding="utf-8"))
            meta = demo.meta
            article = Article.objects.filter(slug=meta["slug"]).first()
            if article is not None:
                self._refresh_text(article, demo)
                articles[article.slug] = article
                continue
            days_ago = int(meta.get("published_days_ago", 0))
            draft = meta.get("status") == "draft"
            article = Article(
                title=meta["title"],
                slug=meta["slug"],
                author=authors[meta["author"]],
                category=categories.get(meta.get("category")),
                summary=meta.get("summary", ""),
                body_format=Article.BodyFormat.MARKDOWN,
                body_markdown=demo.body,
                status=Article.Status.DRAFT if draft else Article.Status.PUBLISHED,
                published_at=None if draft else now - timedelta(days=days_ago, hours=index),
                is_investment=meta.get("is_investment", "true") == "true",
                view_count=0 if draft or days_ago < 0 else int(meta.get("views", 0)),
            )
            if meta.get("cover_indicator", "none") != "none" and table is not None:
                start = (index * 41) % max(1, len(table) - 60)
                cover = draw_cover(table, start, variant=index)
            else:
                cover = draw_essay_cover(variant=index)
            article.cover.save(f"{meta['slug']}.jpg", ContentFile(cover), save=False)
            with revisions.saved_by(None, "示例内容"):  # one first revision, tags included
                article.save()
                article.tags.set(find_or_create_tag(name) for name in demo.tags)
            if article.view_count:
                self._spread_recent_views(article, int(meta.get("recent_views", 0)))
            self.created += 1
            articles[article.slug] = article
        return articles

    def _refresh_text(self, article, demo):
        """A demo article nobody has edited in the admin follows its file: a corrected lesson
        reaches sites seeded before the correction. An edited one is the editors' own."""
        text = {
            "title": demo.meta["title"],
            "summary": demo.meta.get("summary", ""),
            "body_markdown": demo.body,
        }
        if all(getattr(article, name) == value for name, value in text.items()):
            return
        edited = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_id=str(article.pk),
            action_flag=CHANGE,
        )
        if article.body_format != Article.BodyFormat.MARKDOWN or edited.exists():
            return
        for name, value in text.items():
            setattr(article, name, value)
        article.save()  # renders the body again; the search index and page cache follow
        self.refreshed += 1

    def _spread_recent_views(self, article, recent):
        today = timezone.localdate()
        per_day = recent // RECENT_DAYS
        DailyViews.objects.bulk_create(
            DailyViews(
                article=article,
                date=today - timedelta(days=d),
                views=per_day + (recent % RECENT_DAYS if d == 0 else 0),
            )
            for d in range(RECENT_DAYS)
        )

    def seed_comments(self, articles, authors):
        now = timezone.now()
        for entry in _load_json("comments.json"):
            article = articles.get(entry["article"])
            if article is None or not article.is_live:
                continue
            if Comment.objects.filter(
                article=article, name=entry["name"], parent=None, body=entry["body"]
            ).exists():
                continue
            top = self._comment(article, entry, None, authors, now)
            for reply in entry.get("replies", []):
                answered = None
                if reply.get("reply_to") and reply["reply_to"] != entry["name"]:
                    answered = Comment.objects.filter(parent=top, name=reply["reply_to"]).first()
                self._comment(article, reply, top, authors, now, reply_to=answered or top)

    def _comment(self, article, entry, parent, authors, now, reply_to=None):
        user = authors.get(entry.get("author"))
        comment = Comment(
            article=article,
            parent=parent,
            reply_to=reply_to,
            user=user,
            name=entry["name"],
            body=entry["body"],
        )
        # The decision a reader's comment gets, so the moderation queue starts with a
        # couple of held examples (and all of them, when the site premoderates).
        comment.status, comment.held_reason = posting.decide_status(comment, user)
        comment.save()
        # auto_now_add ignores a value passed in; backdate with an update instead.
        Comment.objects.filter(pk=comment.pk).update(
            created_at=now - timedelta(days=entry.get("days_ago", 1), minutes=comment.pk)
        )
        self.created += 1
        return comment
