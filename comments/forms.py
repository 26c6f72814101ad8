"""The comment form: every check on what a reader typed, with errors in plain Chinese."""

from django import forms
from django.contrib.auth import get_user_model

from articles.models import AuthorProfile
from comments import moderation, text
from comments.models import Comment

BODY_MAX_LENGTH = Comment._meta.get_field("body").max_length
NAME_MAX_LENGTH = Comment._meta.get_field("name").max_length
# Large enough for any real id, small enough that no database overflows on the lookup.
MAX_ID = 2**63 - 1


class CommentForm(forms.Form):
    name = forms.CharField(
        label="昵称",
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "placeholder": "怎么称呼你"}),
    )
    email = forms.EmailField(
        label="邮箱",
        required=False,
        help_text="选填，不会公开",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = forms.CharField(
        label="评论",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "说说你的看法或问题（纯文本，链接会自动识别）"}
        ),
        error_messages={"required": "请写下评论内容。"},
    )
    reply_to = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "回复的评论不存在。",
            "min_value": "回复的评论不存在。",
            "max_value": "回复的评论不存在。",
        },
    )
    # Honeypot: hidden from people by CSS and aria-hidden, so only bots fill it in.
    website = forms.CharField(
        label="网址（请勿填写）",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, article, user=None, **kwargs):
        kwargs.setdefault("auto_id", "comment-%s")
        kwargs.setdefault("label_suffix", "：")  # a Chinese label ends in a full-width colon
        super().__init__(*args, **kwargs)
        self.article = article
        self.user = user if user is not None and user.is_authenticated else None
        self.reply_target = None
        if self.user is not None:
            # Signed-in readers comment under their own name; nothing to type.
            del self.fields["name"]
            del self.fields["email"]
        else:
            # Optional in the form class (signed-in readers have no name field), required here.
            self.fields["name"].widget.attrs["required"] = True

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean_name(self):
        name = text.clean_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("请填写昵称。")
        if text.looks_like_markup(name) or any(ch in name for ch in "<>"):
            raise forms.ValidationError("昵称不能包含 < > 或网页代码。")
        if moderation.is_reserved_name(name, _staff_names()):
            raise forms.ValidationError("这个昵称容易被误认为本站工作人员，请换一个。")
        return name

    def clean_body(self):
        raw = self.cleaned_data["body"]
        if text.has_control_chars(raw, allowed="\n\r\t"):
            raise forms.ValidationError("评论里有不可见的控制字符，请删除后再提交。")
        if text.looks_like_markup(raw):
            raise forms.ValidationError(
                "评论只支持纯文本，请不要输入 HTML 标签、事件属性或 javascript: 链接。"
            )
        body = text.clean_body(raw).strip()
        if not body:
            raise forms.ValidationError("请写下评论内容。")
        return body

    def clean_reply_to(self):
        target_id = self.cleaned_data.get("reply_to")
        if target_id is None:
            return None
        target = (
            Comment.objects.approved()
            .filter(article=self.article, pk=target_id)
            .only("id", "parent_id", "name", "user_id")
            .first()
        )
        if target is None:
            raise forms.ValidationError("回复的评论不存在，可能已被删除。")
        self.reply_target = target
        return target_id

    def author_name(self) -> str:
        """The name the comment is published under."""
        if self.user is None:
            return self.cleaned_data["name"]
        profile = AuthorProfile.objects.filter(user=self.user).only("display_name").first()
        name = profile.display_name if profile else self.user.get_username()
        return text.clean_name(name)[:NAME_MAX_LENGTH]

    def author_email(self) -> str:
        return self.user.email if self.user is not None else self.cleaned_data.get("email", "")


def _staff_names() -> list[str]:
    """Names an anonymous reader may not take: every author's pen name and staff login."""
    pen_names = AuthorProfile.objects.values_list("name_key", flat=True)
    logins = get_user_model().objects.filter(is_staff=True).values_list("username", flat=True)
    return [*pen_names, *logins]
