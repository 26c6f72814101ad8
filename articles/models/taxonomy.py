"""How articles are grouped: categories (the menu) and tags."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from articles.slugs import slug_from_title, unique_slug


class Category(models.Model):
    name = models.CharField("名称", max_length=40, unique=True)
    slug = models.SlugField("网址别名", max_length=60, unique=True)
    description = models.CharField("简介", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = verbose_name_plural = "分类"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField("名称", max_length=40, unique=True)
    slug = models.SlugField("网址别名", max_length=60, unique=True)
    # The name as compared (articles.tags.key): unique, so two spellings of one name can
    # never both be stored, even when two editors type them at the same moment.
    key = models.CharField("比较键", max_length=255, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "标签"

    def __str__(self):
        return self.name

    def clean(self):
        # One tag per name however it is spelt (articles.tags): "ＭＡＣＤ" is "MACD".
        from articles import tags

        super().clean()
        try:
            self.name = tags.check_name(self.name or "")
        except ValidationError as error:
            raise ValidationError({"name": error.messages}) from None
        if tags.same_name(self.name, exclude_pk=self.pk):
            raise ValidationError({"name": "已有同名标签（不区分全角半角、大小写、空格和繁简）。"})

    def save(self, *args, **kwargs):
        from articles import tags

        self.key = tags.key(self.name)
        if not self.slug:
            self.slug = unique_slug(
                slug_from_title(self.name),
                lambda s: Tag.objects.filter(slug=s).exclude(pk=self.pk).exists(),
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})
