"""Helpers to read what a page shows."""

import re


def main_content(response) -> str:
    """The page's <main> element only: lists and articles without the sidebar."""
    html = response.content.decode()
    match = re.search(r"<main\b.*?</main>", html, re.S)
    assert match, "page has no <main>"
    return match.group(0)
