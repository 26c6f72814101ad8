"""In-process cost of an article page: a cold render, a page-cache hit, a static file.

Run from the project root::

    python bench/pages.py [--requests N]

All three go through the same production-mode Django stack and middleware (whitenoise
serves the static copy of the page's own bytes). "Cold" means the page cache is
bypassed, so the view renders the page, with the sidebar and navigation fragments
already cached as they are on a running site. Times are medians, in milliseconds of
wall-clock time and of this process's CPU time.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_env import ROOT, setup_django  # noqa: E402

ARTICLE = "cci-shun-shi-zhi-biao"


def median_ms(call, repeats: int, clock) -> float:
    call()  # warm caches and imports
    times = []
    for _ in range(repeats):
        start = clock()
        call()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def bench_article_page(requests: int) -> dict:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from articles.models import Article

    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    article = Article.objects.published().get(slug=ARTICLE)
    url = article.get_absolute_url()
    body = Client().get(url).content
    copy = ROOT / "staticfiles" / "bench" / "article.html"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(body)
    client = Client()  # a new handler: whitenoise indexes STATIC_ROOT, copy included
    assert client.get("/static/bench/article.html").getvalue() == body
    comments = article.comments.count()

    def cold():
        settings.PAGE_CACHE_SECONDS = 0
        try:
            return client.get(url).content
        finally:
            settings.PAGE_CACHE_SECONDS = 60

    row = {"bytes": len(body), "comments": comments}
    for clock_name, clock in (("wall", time.perf_counter), ("cpu", time.process_time)):
        row[f"cold_{clock_name}"] = median_ms(cold, requests, clock)
        row[f"hit_{clock_name}"] = median_ms(lambda: client.get(url).content, requests, clock)
        row[f"static_{clock_name}"] = median_ms(
            lambda: client.get("/static/bench/article.html").getvalue(), requests, clock
        )
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    row = bench_article_page(args.requests)
    print(
        f"Article page ({row['bytes'] / 1024:.0f} KiB, {row['comments']} comments), "
        f"median of {args.requests} requests through the Django test client"
    )
    print(f"  {'':28} {'wall ms':>8} {'cpu ms':>8}")
    for label, key in (
        ("cold render (no page cache)", "cold"),
        ("from the page cache", "hit"),
        ("same bytes, static file", "static"),
    ):
        print(f"  {label:28} {row[key + '_wall']:8.2f} {row[key + '_cpu']:8.2f}")
    print(f"  cold render / static file    {row['cold_wall'] / row['static_wall']:8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
