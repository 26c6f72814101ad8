"""Test data builders. Each returns saved objects with sensible, overridable defaults."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, AuthorProfile, Category, Tag
from comments.models import Comment


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class AuthorFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    is_staff = True
    profile = factory.RelatedFactory(
        "tests.factories.AuthorProfileFactory", factory_related_name="user"
    )


class AuthorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"作者{n}")
    bio = "研究技术指标多年。"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"分类{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"标签{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published Markdown article, live since an hour ago."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"测试文章 {n}")
    author = factory.SubFactory(AuthorFactory)
    category = factory.SubFactory(CategoryFactory)
    body_format = Article.BodyFormat.MARKDOWN
    body_markdown = "## 小标题\n\n这是一段关于 **MACD** 的正文,讲解金叉和死叉。\n"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"读者{n}")
    body = "写得很清楚,谢谢作者。"
    status = Comment.Status.APPROVED


def member(group_name):
    """A staff author in one of the roles made by articles.roles.ensure_roles()."""
    user = AuthorFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def article_form(**overrides):
    """The admin's add/change form for an article, as a browser posts it."""
    data = {
        "title": "新文章",
        "slug": "",
        "category": CategoryFactory().pk,
        "summary": "",
        "body_format": "markdown",
        "body_markdown": "## 正文\n\n内容",
        "body_rich": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "is_investment": "on",
        "copyright_notice": "",
    }
    data.update(overrides)
    return data
