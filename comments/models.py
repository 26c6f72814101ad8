from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.text import compact


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)


class Comment(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", "已通过"
        HELD = "held", "待审核"
        REJECTED = "rejected", "已拒绝"

    article = models.ForeignKey(
        "articles.Article", verbose_name="文章", on_delete=models.CASCADE, related_name="comments"
    )
    # One level of threads: a reply always points at a top-level comment; `reply_to`
    # remembers whom it answers when that was itself a reply.
    parent = models.ForeignKey(
        "self",
        verbose_name="所属评论",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    reply_to = models.ForeignKey(
        "self",
        verbose_name="回复对象",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    name = models.CharField("昵称", max_length=30)
    email = models.EmailField("邮箱", blank=True)
    body = models.TextField("内容", max_length=2000)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.HELD, db_index=True
    )
    held_reason = models.CharField("待审原因", max_length=200, blank=True)
    ip_hash = models.CharField("IP 摘要", max_length=64, blank=True)
    user_agent = models.CharField("浏览器标识", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = "评论"
        indexes = [models.Index(fields=["article", "status", "created_at"])]
        permissions = [("moderate_all_comments", "可以审核所有文章的评论")]

    def __str__(self):
        return f"{self.name}: {self.body[:30]}"

    @property
    def thread_id(self):
        """The top-level comment of this comment's thread (itself when it is one)."""
        return self.parent_id or self.pk

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.article.slug}) + f"#c-{self.pk}"


class ModerationPhrase(models.Model):
    """An extra word the filter holds comments for, added by editors without a deploy.

    The built-in lists live in comments/moderation_rules.toml; these add to them.
    """

    class Kind(models.TextChoices):
        CONTACT = "contact", "疑似联系方式"
        PROMOTION = "promotion", "疑似荐股或收益承诺"
        OTHER = "other", "其他可疑内容"

    phrase = models.CharField(
        "关键词",
        max_length=50,
        unique=True,
        help_text="按规范化后的文字匹配：全角转半角、忽略大小写、空格和标点。",
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField("启用", default=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        ordering = ["kind", "phrase"]
        verbose_name = verbose_name_plural = "审核关键词"

    def __str__(self):
        return self.phrase

    def clean(self):
        # Matched letters-and-digits only, so "v" or "+" alone would hold half the site.
        if len(compact(self.phrase)) < 2:
            raise ValidationError({"phrase": "关键词至少要有两个文字、字母或数字。"})


class FloodCount(models.Model):
    """Comments one visitor identity posted in one minute (comments.flood).

    In the database, not the cache, so that checking and counting happen under one row
    lock: the database cache's incr() is a read-then-write that parallel requests race.
    """

    identity = models.CharField(max_length=100)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["identity", "window"], name="unique_flood_count")
        ]
        indexes = [models.Index(fields=["window"])]
        verbose_name = verbose_name_plural = "发评频率计数"


class RepeatGuard(models.Model):
    """The latest comment one writer posted with one text to one article (comments.posting).

    Its unique key is the lock that makes a double click one comment: parallel posts of the
    same text wait on this row (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
    transactions serialise writers), and the second finds the first comment stored.
    """

    key = models.CharField(max_length=64, unique=True)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, related_name="+")
    posted_at = models.DateTimeField(null=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "重复提交记录"


class HeldComment(Comment):
    """The moderation queue's place in the admin's menu (comments.queue); a proxy."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "待审评论"
