"""Benchmark an article page against the same bytes served as a static file.

Run from the project root::

    python bench/pages.py [--requests N]

Both go through the same production-mode Django stack (whitenoise serves the static
copy), so the ratio is the cost of rendering the page.
"""

import argparse
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_env import ROOT, median_ms, setup_django  # noqa: E402


def bench_article_page(requests: int) -> dict:
    setup_django()
    from django.core.management import call_command
    from django.test import Client

    from articles.models import Article

    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    article = Article.objects.published().get(slug="macd-zhi-biao-ru-men")
    url = article.get_absolute_url()
    body = Client().get(url).content
    copy = ROOT / "staticfiles" / "bench" / "article.html"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(body)
    client = Client()  # a new handler: whitenoise indexes STATIC_ROOT, copy included
    assert client.get("/static/bench/article.html").getvalue() == body
    page_ms = median_ms(lambda: client.get(url).content, requests)
    # Read the file's bytes too, as a server sending it would.
    static_ms = median_ms(lambda: client.get("/static/bench/article.html").getvalue(), requests)
    return {"bytes": len(body), "page_ms": page_ms, "static_ms": static_ms}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    row = bench_article_page(args.requests)
    print(f"Article page ({row['bytes'] / 1024:.0f} KiB), median of {args.requests} requests")
    print(f"  rendered by Django      {row['page_ms']:8.2f} ms")
    print(f"  same bytes, static file {row['static_ms']:8.2f} ms")
    print(f"  ratio                   {row['page_ms'] / row['static_ms']:8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
