"""The comments under an article as threads, built from a single query.

One level of replies: every reply sits under its top-level comment, oldest first. A reply
to a reply says whom it answers ("回复 @某某"), using names from the same query, so only
approved names are ever shown. If a thread's first comment is no longer approved, its
approved replies still appear under a placeholder: every comment counted in 评论 N is on
the page.
"""

from dataclasses import dataclass, field

from comments.models import Comment

SHOWN_FIELDS = ("id", "parent_id", "reply_to_id", "user_id", "name", "body", "created_at")


@dataclass
class Entry:
    comment: Comment
    answering: str = ""  # the name this comment answers, when that was itself a reply
    by_author: bool = False  # written by the article's author
    pending: bool = False  # held: shown only to its writer, right after posting


@dataclass
class Thread:
    id: int
    top: Entry | None = None  # None when the first comment is not (or no longer) shown
    replies: list[Entry] = field(default_factory=list)


def approved_comments(article):
    return (
        Comment.objects.approved()
        .filter(article=article)
        .only(*SHOWN_FIELDS)
        .order_by("created_at", "id")
    )


def build_threads(article, comments=None) -> list[Thread]:
    comments = list(approved_comments(article) if comments is None else comments)
    names = {c.pk: c.name for c in comments}
    threads: dict[int, Thread] = {}
    for comment in comments:
        entry = Entry(comment=comment, by_author=comment.user_id == article.author_id)
        if comment.parent_id is None:
            threads.setdefault(comment.pk, Thread(id=comment.pk)).top = entry
            continue
        if comment.reply_to_id and comment.reply_to_id != comment.parent_id:
            entry.answering = names.get(comment.reply_to_id, "")
        threads.setdefault(comment.parent_id, Thread(id=comment.parent_id)).replies.append(entry)
    return list(threads.values())


def count_comments(threads) -> int:
    """How many approved comments the threads show (the 评论 N of the page)."""
    return sum(bool(t.top) + len(t.replies) for t in threads)
