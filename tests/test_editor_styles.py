"""Colour, highlight and alignment from the editor reach readers; nothing else in style= does."""

import pytest

from articles.rendering import sanitize


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ('<p><span style="background-color:yellow;">黄</span></p>', "background-color:yellow"),
        ('<p><span style="color:#c62828;">红</span></p>', 'style="color:#c62828"'),
        ('<p><span style="color:hsl(0, 75%, 60%);">色</span></p>', "color:hsl(0, 75%, 60%)"),
        ('<p><span style="color:rgb(1,2,3)">色</span></p>', "color:rgb(1, 2, 3)"),
        ('<p style="text-align:center;">中</p>', '<p style="text-align:center">'),
        ('<h2 style="text-align:right">标题</h2>', 'style="text-align:right"'),
        ('<p><mark class="marker-yellow">亮</mark></p>', '<mark class="marker-yellow">'),
        ('<p><mark class="pen-red">笔</mark></p>', '<mark class="pen-red">'),
        ("<hr>", "<hr>"),
    ],
)
def test_the_editors_styles_survive(source, kept):
    """What the author set in CKEditor is what the reader gets."""
    assert kept in sanitize(source)


@pytest.mark.parametrize(
    "source",
    [
        '<span style="color:url(javascript:alert(1))">x</span>',
        '<span style="background-color:url(https://evil.example/t.png)">x</span>',
        '<span style="color:expression(alert(1))">x</span>',
        '<span style="position:fixed;top:0;left:0">x</span>',
        '<span style="background:url(x)">x</span>',
        '<span style="color:red !important">x</span>',
        '<span style="color:var(--x)">x</span>',
        '<span style="color:inherit">x</span>',
        '<p style="text-align:center;position:absolute">x</p>',
        '<p style="text-align:expression(1)">x</p>',
        '<div style="color:red">x</div>',
        '<p style="color:red">x</p>',
        '<span style="font-size:400px">x</span>',
        '<span style="color:/*x*/red">x</span>',
        '<span style="color:red;behavior:url(x.htc)">x</span>',
        '<mark class="evil marker-yellow" style="z-index:9">x</mark>',
    ],
)
def test_hostile_or_foreign_styles_are_stripped(source):
    """url(), expression, positioning and every property off the allowlist are dropped."""
    html = sanitize(source)
    for bad in ("url(", "expression", "position", "!important", "var(", "inherit", "font-size"):
        assert bad not in html
    for bad in ("behavior", "z-index", "evil", "/*", "absolute"):
        assert bad not in html


@pytest.mark.parametrize("tag", ["div", "p", "a", "td", "img", "table"])
def test_colours_stay_on_text_runs(tag):
    """Only span and mark take colours: a block cannot be painted or given a background."""
    assert "style" not in sanitize(f'<{tag} style="color:red;background-color:yellow">x</{tag}>')
