"""People in the admin are shown by their pen names (AuthorProfile.display_name).

A login name is half of a password pair and means nothing to a colleague, so it appears
only where accounts are managed (the 用户 admin). An account without an author profile
(a reader who commented while signed in) is shown by its login name, for want of any.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q


def pen_name(user) -> str:
    if user is None:
        return ""
    try:
        return user.author_profile.display_name
    except ObjectDoesNotExist:
        return user.get_username()


class PenNameChoiceField(forms.ModelChoiceField):
    """A choice of staff accounts, each labelled and ordered by its pen name."""

    def label_from_instance(self, obj):
        return pen_name(obj)


def staff_by_pen_name():
    """Who may be an article's author: staff, and anyone who already is one (an author
    who left keeps their articles, which must stay editable)."""
    from articles.models import Article

    return (
        get_user_model()
        .objects.filter(Q(is_staff=True) | Q(pk__in=Article.objects.values("author")))
        .select_related("author_profile")
        .order_by("author_profile__display_name", "pk")
    )
