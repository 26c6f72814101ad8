"""An author's public face: the pen name, its page and its avatar."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from articles import names
from articles.slugs import slug_from_title, unique_slug

TAKEN_PEN_NAME = "这个笔名已有其他作者使用（不区分全角半角、大小写、空格和繁简），请换一个。"


class AuthorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        on_delete=models.CASCADE,
        related_name="author_profile",
    )
    display_name = models.CharField(
        "笔名",
        max_length=40,
        help_text="读者看到的署名；不能与其他作者相同，也不能用本站保留的名称。",
    )
    # The public address of the author page. From the pen name, never from the login
    # name, which would hand half of every admin login to anyone reading a byline.
    slug = models.SlugField(
        "网址别名",
        max_length=80,
        unique=True,
        blank=True,
        help_text="作者页的网址 /authors/别名/。留空则按笔名自动生成（中文转拼音）。",
    )
    # display_name as compared (articles.names): unique, so "周 老師" cannot join "周老师"
    # even when two saves race past clean().
    name_key = models.CharField(max_length=255, unique=True, editable=False)
    bio = models.CharField("简介", max_length=300, blank=True)
    avatar = models.ImageField("头像", upload_to="avatars/", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "作者资料"

    def __str__(self):
        return self.display_name

    @property
    def initial(self):
        return self.display_name[:1]

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        key = names.name_key(self.display_name)
        if not key:
            raise ValidationError({"display_name": "笔名至少要有一个汉字、字母或数字。"})
        if names.reserved_word_in(self.display_name):
            raise ValidationError(
                {"display_name": "这个笔名含有本站保留的名称（如站长、管理员、官方），请换一个。"}
            )
        if AuthorProfile.objects.filter(name_key=key).exclude(pk=self.pk).exists():
            raise ValidationError({"display_name": TAKEN_PEN_NAME})

    def save(self, *args, **kwargs):
        self.name_key = names.name_key(self.display_name)[:255]
        if not self.slug:
            self.slug = unique_slug(
                slug_from_title(self.display_name, fallback="author"),
                lambda s: AuthorProfile.objects.filter(slug=s).exclude(pk=self.pk).exists(),
            )
        super().save(*args, **kwargs)
