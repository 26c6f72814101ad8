"""Small helpers shared by the comment tests."""

import json

from django.urls import reverse

DEFAULT_NAME = "稳健的老刘"


def submit_url(article) -> str:
    return reverse("comments:submit", args=[article.slug])


def page_url(article) -> str:
    return reverse("comments:post", args=[article.slug])


def post_comment(client, article, body="写得很清楚,谢谢作者。", **fields):
    """POST to the JSON endpoint the way comments.js does; returns the response.

    Upper-case keywords (REMOTE_ADDR, HTTP_X_FORWARDED_FOR, …) are request metadata; the
    rest are form fields.
    """
    meta = {key: value for key, value in fields.items() if key.isupper()}
    data = {"name": DEFAULT_NAME, "body": body}
    data.update({key: value for key, value in fields.items() if not key.isupper()})
    return client.post(submit_url(article), data, HTTP_ACCEPT="application/json", **meta)


def body_of(response) -> dict:
    return json.loads(response.content)
