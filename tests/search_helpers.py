"""Reading a search results page."""

import re

from django.urls import reverse

from tests.pages import main_content

_RESULT_TITLE = re.compile(r'<h2 class="card-title"><a href="[^"]*">(.*?)</a></h2>', re.S)
_TAG = re.compile(r"<[^>]+>")


def search(client, q, **params):
    return client.get(reverse("search:results"), {"q": q, **params})


def result_titles(response) -> list[str]:
    """The titles on a results page, in order, as plain text."""
    assert response.status_code == 200
    return [_TAG.sub("", title) for title in _RESULT_TITLE.findall(main_content(response))]
