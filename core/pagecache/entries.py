"""Stored copies of a page: the shared entries and each process's local copies."""

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

_SKIPPED_HEADERS = {"set-cookie", "date", "content-length", "etag", "last-modified"}
# Entries each process keeps (about 10 KB each, gzipped; 30 KB plain).
LOCAL_ENTRIES = 512


@dataclass
class Entry:
    """One stored representation of a page: plain, or gzipped for the clients that
    accept it (nearly every browser). Each is kept under its own key, so a request
    fetches and sends its bytes as they are, with no compression work."""

    version: str
    created: float
    status: int
    headers: list
    body: bytes
    etag: str
    encoding: str = field(default="")
    # The digest of the canonical path and query: in a bounded kind's slot, an entry of
    # another page is a miss.
    identity: str = field(default="")

    def is_fresh(self, version: str, now: float) -> bool:
        return self.version == version and now - self.created < settings.PAGE_CACHE_SECONDS

    def response(self, request) -> HttpResponse:
        if not_modified(request, self.etag, self.created):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(self.body, status=self.status)
            response["Content-Length"] = str(len(self.body))
            if self.encoding:
                response["Content-Encoding"] = self.encoding
        for name, value in self._served_headers:
            response[name] = value
        return response

    @cached_property
    def _served_headers(self) -> list[tuple[str, str]]:
        """The stored headers plus Vary, ETag and Last-Modified, worked out once."""
        probe = HttpResponse()
        for name, value in self.headers:
            probe[name] = value
        patch_vary_headers(probe, ["Accept-Encoding"])
        probe["ETag"] = self.etag
        probe["Last-Modified"] = http_date(self.created)
        return list(probe.items())


class LocalEntries:
    """The entries this process served lately, least recently used dropped first."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


local_entries = LocalEntries(LOCAL_ENTRIES)


def not_modified(request, etag: str, created: float) -> bool:
    match = request.headers.get("If-None-Match")
    if match is not None:
        return etag in [tag.strip().removeprefix("W/") for tag in match.split(",")]
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(created) <= since


def entries_from(response, version: str, identity: str) -> tuple[Entry, Entry]:
    """The plain and the gzipped representation, each with its own strong ETag."""
    body = response.content
    headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
    etag = hashlib.blake2b(body, digest_size=16).hexdigest()
    created = time.time()
    # mtime=0: the same page always compresses to the same bytes.
    packed = gzip.compress(body, compresslevel=6, mtime=0)
    return (
        Entry(version, created, response.status_code, headers, body, f'"{etag}"', "", identity),
        Entry(
            version,
            created,
            response.status_code,
            headers,
            packed,
            f'"{etag}-gz"',
            "gzip",
            identity,
        ),
    )


def do_not_store(response):
    """Let this response through without storing it (a view knows it is cheap to make
    again, or unlikely to be asked for twice: a search that found nothing)."""
    response.page_cache_skip = True
    return response


def storable(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(response, "page_cache_skip", False)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (user is not None and user.is_authenticated)
    )
