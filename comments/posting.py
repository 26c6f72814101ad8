"""Turning a valid form into a stored comment: threading, moderation and who sent it."""

import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, transaction
from django.utils import timezone

from comments import moderation, text
from comments.models import Comment, RepeatGuard
from comments.threads import Entry
from core.visitors import client_ip_hash

logger = logging.getLogger(__name__)

USER_AGENT_LENGTH = Comment._meta.get_field("user_agent").max_length
PREMODERATION_REASON = "先审后发：所有评论需审核"
RECEIPT_SALT = "comments.receipt"
RECEIPT_MAX_AGE = 7 * 24 * 3600


def build_comment(form, request) -> Comment:
    """An unsaved comment from a valid form, with its status decided."""
    target = form.reply_target
    comment = Comment(
        article=form.article,
        parent_id=(target.parent_id or target.pk) if target else None,
        reply_to=target,
        user=form.user,
        name=form.author_name(),
        email=form.author_email(),
        body=form.cleaned_data["body"],
        ip_hash=client_ip_hash(request),
        user_agent=text.clean_name(request.headers.get("User-Agent", ""))[:USER_AGENT_LENGTH],
    )
    comment.status, comment.held_reason = decide_status(comment, form.user)
    return comment


def decide_status(comment, user) -> tuple[str, str]:
    """Staff publish at once; anyone else is held when the filter finds something."""
    if user is not None and user.is_staff:
        return Comment.Status.APPROVED, ""
    reason = moderation.held_reason(comment.name, comment.body)
    if reason:
        return Comment.Status.HELD, reason
    if settings.COMMENTS_PREMODERATE and user is None:
        return Comment.Status.HELD, PREMODERATION_REASON
    return Comment.Status.APPROVED, ""


def submit(form, request) -> Comment:
    """Store the comment, unless a bot filled the honeypot.

    A bot gets exactly the answer a held comment gets, so it learns nothing, but the
    comment it sent is never saved (it has no pk): there is nothing a moderator needs to
    see, and spam runs cannot fill the database.
    """
    comment = build_comment(form, request)
    if form.is_bot:
        logger.info("comment honeypot filled; discarded (ip %s)", comment.ip_hash[:12])
        comment.status = Comment.Status.HELD
        return comment
    comment.save()
    return comment


def _repeat_key(form, request) -> str:
    """Who wrote what, where: equal for a post and its resubmission, and nothing else."""
    target = form.reply_target
    writer = (
        f"user:{form.user.pk}"
        if form.user is not None
        else (f"anon:{client_ip_hash(request)}:{form.author_name()}")
    )
    parts = [str(form.article.pk), str(target.pk if target else ""), writer]
    parts.append(form.cleaned_data["body"])
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def post_once(form, request, allowed: Callable[[], bool]) -> Comment | None:
    """The comment a post stores, or the one it repeats; None when ``allowed()`` refuses.

    A post repeated within COMMENTS_REPEAT_WINDOW_SECONDS (a double click, a lost
    answer) gets the first comment back instead of storing another; like any post it
    counts against the flood limit. Check and store happen under the writer's
    RepeatGuard row, so posts racing in parallel store one comment.
    """
    if form.is_bot:
        return submit(form, request) if allowed() else None
    now = timezone.now()
    window = timedelta(seconds=settings.COMMENTS_REPEAT_WINDOW_SECONDS)
    with transaction.atomic():
        guard, created = RepeatGuard.objects.select_for_update().get_or_create(
            key=_repeat_key(form, request)
        )
        if not allowed():  # every post counts, repeats too: resending is no way round it
            return None
        if guard.comment_id is not None and guard.posted_at >= now - window:
            return guard.comment
        guard.comment, guard.posted_at = submit(form, request), now
        guard.save(update_fields=["comment", "posted_at"])
    if created:
        _forget_before(now - window)
    return guard.comment


def _forget_before(moment) -> None:
    """Drop guards no post can repeat any more; a failure only postpones it."""
    try:
        with transaction.atomic():
            RepeatGuard.objects.filter(posted_at__lt=moment).delete()
    except DatabaseError:
        logger.warning("could not prune old repeat guards", exc_info=True)


def entry_for(comment) -> Entry:
    """How the new comment is shown to the person who just wrote it."""
    target = comment.reply_to
    answering = target.name if target is not None and target.pk != comment.parent_id else ""
    return Entry(
        comment=comment,
        answering=answering,
        by_author=comment.user_id is not None and comment.user_id == comment.article.author_id,
        pending=comment.status != Comment.Status.APPROVED,
    )


def receipt_token(comment) -> str:
    """A signed, expiring token that lets the writer revisit their own (maybe held) comment."""
    return signing.dumps(comment.pk, salt=RECEIPT_SALT, compress=True)


def comment_id_from_receipt(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
