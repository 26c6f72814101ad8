"""The article: its source in either format, what is rendered from it on save, and
the querysets pages list it by."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django_ckeditor_5.fields import CKEditor5Field

from articles.models.taxonomy import Category, Tag
from articles.slugs import slug_from_title, unique_slug


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Visible to readers: published, and the publish time has come.

        A scheduled article is simply a published one with a future time, so it appears
        on its own when the time arrives, with no cron job to flip a flag.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def next_publish_at(self):
        """When the next scheduled article goes live, as a Unix time (None if none)."""
        upcoming = (
            self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        return upcoming.timestamp() if upcoming else None

    def by_author(self, user):
        return self.filter(author=user)

    def for_listing(self):
        """Everything a list row shows, in one query: author, profile, category, counts."""
        return self.select_related("author__author_profile", "category")

    def hot(self, since):
        """Most viewed since `since` (a date); total views break ties."""
        return (
            self.published()
            .annotate(
                recent_views=Sum("daily_views__views", filter=Q(daily_views__date__gte=since))
            )
            .order_by(F("recent_views").desc(nulls_last=True), "-view_count", "-published_at")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "发布"

    class BodyFormat(models.TextChoices):
        RICH_TEXT = "richtext", "富文本"
        MARKDOWN = "markdown", "Markdown"

    title = models.CharField("标题", max_length=120)
    slug = models.SlugField(
        "网址别名",
        max_length=80,
        unique=True,
        blank=True,
        help_text="留空则按标题自动生成（中文转拼音）。",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作者",
        on_delete=models.PROTECT,
        related_name="articles",
    )
    category = models.ForeignKey(
        Category,
        verbose_name="分类",
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
    )
    tags = models.ManyToManyField(Tag, verbose_name="标签", blank=True, related_name="articles")
    cover = models.ImageField("封面图", upload_to="covers/", blank=True)
    cover_thumb = models.ImageField(upload_to="covers/thumbs/", blank=True, editable=False)
    # WebP copies of the cover and thumbnail at the widths pages show (articles.thumbnails).
    image_variants = models.JSONField(default=dict, blank=True, editable=False)
    summary = models.TextField(
        "摘要", max_length=300, blank=True, help_text="留空则自动截取正文开头。"
    )
    excerpt = models.CharField(max_length=300, blank=True, editable=False)

    body_format = models.CharField(
        "正文格式", max_length=10, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN
    )
    body_markdown = models.TextField("正文（Markdown）", blank=True)
    body_rich = CKEditor5Field("正文（富文本）", blank=True, config_name="default")
    body_html = models.TextField(blank=True, editable=False)
    # The words a reader sees (no demo, no [TOC]), a line per block: what search indexes.
    body_text = models.TextField(blank=True, editable=False)
    # Facts found while rendering body_html on save (articles.rendering.Rendered), so no
    # page, admin or endpoint has to read them back out of the HTML.
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    # The page's own table of contents: empty when the author placed a [TOC].
    toc = models.JSONField(default=list, blank=True, editable=False)
    # Each live demo: {"id", "indicator", "symbol", "convention", "params"}.
    demos = models.JSONField(default=list, blank=True, editable=False)
    # Each embed that cannot be shown: {"code", "message"}, for the author.
    embed_errors = models.JSONField(default=list, blank=True, editable=False)

    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "发布时间", null=True, blank=True, help_text="设为将来的时间即定时发布。"
    )
    is_investment = models.BooleanField(
        "显示风险提示", default=True, help_text="涉及投资内容的文章在文末显示风险提示。"
    )
    copyright_notice = models.TextField(
        "版权声明", blank=True, help_text="留空则使用本站默认版权声明。"
    )
    view_count = models.PositiveIntegerField("阅读", default=0, editable=False)
    # Approved comments, kept by the comments app (comments.counts) whenever they change.
    comment_count = models.PositiveIntegerField("评论", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # When what a reader sees last changed (CONTENT_FIELDS), for dateModified, the feeds
    # and the sitemap. Unlike updated_at it ignores re-saves, re-renders and counters, and
    # stays empty until the first edit after creation: loading content is not editing it.
    content_modified_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The fields whose change is an edit of the article a reader sees.
    CONTENT_FIELDS = (
        "title",
        "summary",
        "body_format",
        "body_markdown",
        "body_rich",
        "cover",
        "category_id",
        "copyright_notice",
        "is_investment",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = verbose_name_plural = "文章"
        indexes = [models.Index(fields=["status", "published_at"])]
        permissions = [("manage_all_articles", "可以编辑和发布所有作者的文章")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def get_canonical_url(self):
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def modified_at(self):
        """The last content edit, never before publication (drafts are edited before)."""
        stamps = [t for t in (self.published_at, self.content_modified_at) if t is not None]
        return max(stamps, default=None)

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_live

    @property
    def source_body(self):
        if self.body_format == self.BodyFormat.MARKDOWN:
            return self.body_markdown
        return self.body_rich

    @property
    def effective_copyright_notice(self):
        return self.copyright_notice or settings.DEFAULT_COPYRIGHT_NOTICE

    @property
    def list_excerpt(self):
        return self.summary or self.excerpt

    @property
    def show_toc(self):
        """Long articles get a table of contents (none when the author placed [TOC])."""
        return len(self.toc) >= 3 or (len(self.toc) >= 2 and self.reading_minutes >= 4)

    @property
    def thumb_srcset(self):
        from articles import thumbnails

        return thumbnails.srcset(self, "thumb")

    @property
    def cover_srcset(self):
        from articles import thumbnails

        return thumbnails.srcset(self, "cover")

    def render_body(self):
        """Render the source into body_html and the facts stored beside it."""
        from articles import rendering

        rendered = rendering.render(self.source_body, self.body_format)
        for name, value in rendered.article_fields().items():
            setattr(self, name, value)
        self.stray_demo_lines = rendered.stray_demo_lines  # for the admin's warning

    @property
    def has_body(self) -> bool:
        """Whether the body in the chosen format shows readers anything."""
        from articles import rendering

        return rendering.has_content(self.source_body, self.body_format)

    def note_content_change(self):
        """Stamp content_modified_at when a stored article's reader-visible fields change."""
        if self.pk is None:
            return
        stored = Article.objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS).first()
        if stored is None:
            return
        current = {name: getattr(self, name) for name in self.CONTENT_FIELDS}
        current["cover"] = self.cover.name or ""
        if any((stored[name] or "") != (current[name] or "") for name in self.CONTENT_FIELDS):
            self.content_modified_at = timezone.now()

    def save(self, *args, **kwargs):
        from articles import thumbnails

        if not self.slug:
            self.slug = unique_slug(
                slug_from_title(self.title),
                lambda s: Article.objects.filter(slug=s).exclude(pk=self.pk).exists(),
            )
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.note_content_change()
        # Render once on save; readers only ever get the stored, sanitised HTML.
        self.render_body()
        thumbnails.refresh_cover_thumb(self)
        super().save(*args, **kwargs)


class AuthorStats(Article):
    """Where the author dashboard (我的数据, articles.dashboard) sits in the admin's menu;
    a proxy, so it has no table of its own."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "我的数据"
