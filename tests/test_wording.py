"""Chinese UI text keeps one style: full-width punctuation, one minus sign, Chinese-only
parameter labels, and 国内口径 / 国际口径 by those names alone, never their codes."""

import ast
import json
import re

import pytest
from django.urls import reverse

from indicators.library.registry import INDICATORS
from indicators.library.spec import CONVENTION_LABELS, CONVENTIONS
from tests.factories import ArticleFactory
from tests.indicator_fixtures import load_series
from tests.lesson_checks import run
from tests.wording import (
    HAN,
    PROSE_FAMILIES,
    ROOT,
    findings,
    js_strings,
    markdown_prose,
    page_text,
    template_text,
)

APP_PACKAGES = ("articles", "comments", "core", "indicators", "search", "health", "config")


def _strings(value):
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _check(texts, where, families=None):
    bad = []
    for text in texts:
        found = findings(text) if families is None else findings(text, families)
        bad += [f"{where}: [{family}] …{piece}…" for family, piece in found]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", sorted(ROOT.glob("templates/**/*.html")), ids=lambda p: p.name)
def test_templates(path):
    """Every template's visible text follows the rules."""
    _check(template_text(path.read_text()), path.relative_to(ROOT))


@pytest.mark.parametrize("path", sorted(ROOT.glob("static/js/**/*.js")), ids=lambda p: p.name)
def test_scripts(path):
    """Every string a script shows follows the rules."""
    _check(js_strings(path.read_text()), path.relative_to(ROOT))


def _docstring_nodes(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                yield body[0].value


@pytest.mark.parametrize("package", APP_PACKAGES)
def test_messages_in_python_code(package):
    """Chinese strings in the apps' code (messages, labels, sentences) follow the rules;
    docstrings and comments are for developers and are not read."""
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        docs = {id(node) for node in _docstring_nodes(tree)}
        texts = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            if id(node) not in docs and re.search(HAN, node.value)
        ]
        _check(texts, path.relative_to(ROOT))


@pytest.mark.parametrize("name", sorted(INDICATORS))
def test_specs_and_generated_signals(name):
    """An indicator's spec (labels, signal names, formulas) in each convention, and the
    sentences its signals produce on real prices, negative values included."""
    spec = INDICATORS[name]
    texts = list(_strings(spec.as_dict()))
    for convention in CONVENTIONS:
        for symbol in ("600519", "NVDA"):
            texts += [signal["text"] for signal in run(name, convention, symbol=symbol)[2]]
    _check(texts, name)


def test_convention_names():
    """The two conventions are called 国内口径 and 国际口径, and nothing else."""
    assert CONVENTION_LABELS == {"cn": "国内口径", "intl": "国际口径"}


@pytest.mark.parametrize("name", sorted(INDICATORS))
def test_parameter_labels_are_chinese_only(name):
    """周期, 快线周期, DEA周期: no API key (n, fast) and no spaces in a label."""
    for param in INDICATORS[name].params:
        assert re.fullmatch(rf"(?:{HAN}|[A-Z0-9])+", param.label), param.label
        assert param.name not in param.label


@pytest.mark.parametrize("path", sorted(ROOT.glob("demodata/articles/*.md")), ids=lambda p: p.name)
def test_article_prose_names_conventions_in_words(path):
    """The shipped articles say 国内口径 / 国际口径, without (cn)/(intl) codes."""
    _check(markdown_prose(path.read_text()), path.relative_to(ROOT), PROSE_FAMILIES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(INDICATORS))
def test_api_payload_texts(client, name):
    """What the demo receives (labels, signal sentences, formulas) in both conventions."""
    load_series()
    for convention in CONVENTIONS:
        url = reverse("indicators:api", args=[name])
        response = client.get(url, {"symbol": "600519", "convention": convention})
        assert response.status_code == 200
        _check(_strings(json.loads(response.content)), f"{name} {convention}")


@pytest.mark.django_db
def test_rendered_pages(client):
    """The formulas page, the lab, and an article with a demo of every indicator, as read
    without JavaScript."""
    load_series()
    embeds = "\n\n".join(
        f"[[indicator {name} symbol=600519 convention={convention}]]"
        for name in INDICATORS
        for convention in CONVENTIONS
    )
    article = ArticleFactory(title="全部指标", body_markdown=embeds)
    for url in (
        "/",
        article.category.get_absolute_url() if article.category_id else "/",
        reverse("indicators:formulas"),
        reverse("indicators:lab"),
        article.get_absolute_url(),
        reverse("search:results") + "?q=布琳线",
        reverse("comments:post", args=[article.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _check(page_text(response.content.decode()).splitlines(), url)
