"""Walks every admin page a signed-in person can open, and reads the words on them.

Pages are found, not listed: every GET route under /admin/ in the URL configuration (its
parameters filled from the admin registry: app labels, each model's first visible object),
then every /admin/ link those pages show (filters, pages, history, custom views other
apps add), plus what only a form reaches: a search, an add form sent empty, and the
bulk-delete confirmation.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

# Never followed: leaving the session, the JSON endpoints, the shortcut to the site.
SKIP_PATHS = re.compile(r"/admin/(logout|jsi18n|autocomplete|r/)")
MAX_PAGES = 400
MAX_PER_PATH = 8  # query-string variants of one page (filters, pagination)
# Query parameters that change no words on the page: sorting, and the list filters a
# change form carries back to its list.
_SAME_PAGE_PARAMS = {"o", "_changelist_filters"}


def _routes(patterns, prefix=""):
    """(route with <name> placeholders, pattern) for every URL pattern, depth first."""
    for entry in patterns:
        piece = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            yield prefix + piece, entry


def _plain(route: str) -> str:
    """A route as a path template: regex anchors and groups become <name>."""
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)


def _fill(template: str, values: dict[str, list[str]]) -> list[str]:
    names = re.findall(r"<(?:\w+:)?(\w+)>", template)
    urls = [template]
    for name in names:
        if name not in values:
            return []
        urls = [
            re.sub(rf"<(?:\w+:)?{name}>", value, url, count=1)
            for url in urls
            for value in values[name]
        ]
    return ["/" + url.lstrip("/") for url in urls]


def _model_admin_for(path: str):
    for model, model_admin in admin.site._registry.items():
        if path.startswith(f"/admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model_admin
    return None


def _first_object_ids(user) -> dict[str, str]:
    """For each model admin's prefix, the pk of the first object the user may open."""
    request = RequestFactory().get("/admin/")
    request.user = user
    found = {}
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            found[f"admin/{model._meta.app_label}/{model._meta.model_name}/"] = str(first.pk)
    return found


def seed_urls(user) -> list[str]:
    """Every GET route under /admin/ with its parameters filled in."""
    app_labels = sorted({m._meta.app_label for m in admin.site._registry})
    objects = _first_object_ids(user)
    urls = []
    for route, _pattern in _routes(get_resolver().url_patterns):
        template = _plain(route)
        if not template.startswith("admin/"):
            continue
        values = {"app_label": app_labels}
        prefix = next((p for p in objects if template.startswith(p)), None)
        if prefix:
            values["object_id"] = [objects[prefix]]
        urls += _fill(template, values)
    return [url for url in urls if not SKIP_PATHS.match(url)]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
        if parts.netloc in ("", "testserver") and parts.path.startswith("/admin/"):
            query = urlencode([p for p in parse_qsl(parts.query) if p[0] not in _SAME_PAGE_PARAMS])
            found.append(parts.path + (f"?{query}" if query else ""))
    return found


def _form_pages(client, user):
    """Pages only a form reaches: a search, an add form sent empty, a bulk delete."""
    request = RequestFactory().get("/admin/")
    request.user = user
    objects = _first_object_ids(user)
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        if not model_admin.has_view_or_change_permission(request):
            continue
        if model_admin.get_search_fields(request):
            yield base + "?q=测试", client.get(base + "?q=测试")
        if model_admin.has_add_permission(request):
            yield base + "add/ (sent empty)", client.post(base + "add/", {})
        pk = objects.get(base.lstrip("/"))
        if pk and "delete_selected" in model_admin.get_actions(request):
            data = {"action": "delete_selected", "_selected_action": [pk]}
            yield base + " (delete selected)", client.post(base, data)


def walk(client, user, within="/admin/"):
    """(url, response) for every admin page the user can open under `within`; a 500
    fails loudly."""
    queue, seen, per_path = deque(seed_urls(user)), set(), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        path = url.split("?")[0]
        if url in seen or SKIP_PATHS.match(path) or not path.startswith(within):
            continue
        if "?" in url:
            per_path[path] = per_path.get(path, 0) + 1
            if per_path[path] > MAX_PER_PATH:
                continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        yield url, response
        queue.extend(links(response.content.decode(), url))
    yield from ((url, r) for url, r in _form_pages(client, user) if url.startswith(within))
