"""Benchmark search over 5,000 generated articles.

Run from the project root::

    python bench/search.py [--articles N] [--requests N]

SQLite by default (its own file under .local/); PostgreSQL when DATABASE_URL is set.
Articles are generated in bulk from a vocabulary of indicator words, each leaning on one
topic, so some words are rare and others are on most pages. Every request is a full
results page through the production-mode Django stack with the page cache turned off:
the figure is what a search costs when the cache does not have the page.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_env import setup_django  # noqa: E402

SLUG_PREFIX = "search-bench-"
TOPICS = {
    "MACD": ["金叉", "死叉", "红绿柱", "快线", "慢线", "零轴", "背离", "DIF", "DEA"],
    "KDJ": ["超买", "超卖", "钝化", "随机指标", "J值", "RSV", "金叉", "死叉"],
    "BOLL": ["布林线", "上轨", "下轨", "中轨", "开口", "收口", "标准差", "通道"],
    "RSI": ["相对强弱", "超买", "超卖", "背离", "Wilder", "平滑"],
    "BIAS": ["乖离率", "均线", "偏离", "回归", "阈值", "拉回"],
    "CCI": ["顺势指标", "典型价格", "平均偏差", "突破", "Lambert"],
    "WR": ["威廉指标", "Williams", "超买", "超卖", "Larry"],
    "OBV": ["能量潮", "成交量", "量价背离", "放量", "缩量", "Granville"],
    "MA": ["均线", "移动平均线", "多头排列", "空头排列", "支撑", "压力", "黄金交叉"],
}
COMMON = (
    "股价 行情 趋势 震荡 投资者 指标 信号 周期 参数 日线 周线 收盘价 最高价 最低价 "
    "风险 止损 仓位 回调 反弹 市场 软件 公式 计算 图形 判断 确认 失效 经验 新手 "
    "贵州茅台 英伟达 甲骨文 A股 美股"
).split()
GLUE = ["的", "和", "在", "时", "里", "与", "而", "也", "就", "会", "要", "把", "看"]
STOPS = ["，", "，", "。", "；", "：", "！"]
QUERIES = [
    *["布林", "金叉", "超买", "均线", "死叉", "背离", "放量", "上轨", "钝化", "止损"],
    *["乖离率", "顺势指标", "移动平均线", "能量潮", "随机指标", "收盘价", "威廉指标"],
    *["macd", "MACD", "Williams", "kdj", "RSI", "boll", "obv", "Granville"],
    *["金叉 死叉", "超买 kdj", "均线 支撑", "茅", "线"],
]


def sentence(rng: random.Random, topic_words: list[str]) -> str:
    words = [
        rng.choice(topic_words) if rng.random() < 0.35 else rng.choice(COMMON)
        for _ in range(rng.randint(3, 7))
    ]
    return "".join(word + rng.choice(GLUE) for word in words[:-1]) + words[-1]


def article_text(rng: random.Random, topic: str) -> tuple[str, str, str]:
    topic_words = [topic, *TOPICS[topic]]
    title = f"{topic} {sentence(rng, topic_words)[:24]}"
    paragraphs = []
    for _ in range(rng.randint(6, 12)):
        parts = [sentence(rng, topic_words) + rng.choice(STOPS) for _ in range(rng.randint(4, 9))]
        paragraphs.append("<p>" + "".join(parts) + "</p>")
    summary = sentence(rng, topic_words) + "。"
    return title, summary, "\n".join(paragraphs)


def ensure_articles(count: int) -> int:
    """Create the generated articles once, in bulk, then build their documents."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from articles.bodytext import lines as body_text
    from articles.models import Article, Category
    from search.indexing import index_articles

    existing = Article.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if existing >= count:
        return existing
    author, _ = get_user_model().objects.get_or_create(username="search-bench")
    category, _ = Category.objects.get_or_create(slug="search-bench", defaults={"name": "压测"})
    rng = random.Random(20261201)
    now = timezone.now()
    rows = []
    for n in range(existing, count):
        title, summary, body_html = article_text(rng, rng.choice(list(TOPICS)))
        rows.append(
            Article(
                title=title,
                slug=f"{SLUG_PREFIX}{n}",
                author=author,
                category=category,
                summary=summary,
                body_html=body_html,
                body_text=body_text(body_html),
                excerpt=summary,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=n),
            )
        )
    # bulk_create skips save() (rendering) and signals: the index is built below.
    Article.objects.bulk_create(rows, batch_size=500)
    ids = list(Article.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        index_articles(ids[start : start + 500])
    # Fresh statistics, as autovacuum (PostgreSQL) would have gathered by now.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(ids)


def query_plan(q: str) -> str:
    """The database's plan for the ranking query, to show that its index answers it."""
    from articles.models import Article
    from search import backends
    from search.text import parse_query

    plan = backends.ranked_article_ids(Article.objects.published(), parse_query(q)).explain()
    wanted = ("search_document_vector", "VIRTUAL TABLE")
    lines = [line.strip() for line in plan.splitlines() if any(w in line for w in wanted)]
    return lines[0] if lines else plan


def bench_search(articles: int, requests: int) -> dict:
    # Its own SQLite file: 5,000 extra articles would change what bench/pages.py measures.
    os.environ.setdefault("SQLITE_PATH", ".local/bench-search.sqlite3")
    os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from search.results import SearchResults
    from search.text import parse_query

    call_command("collectstatic", interactive=False, verbosity=0)
    total = ensure_articles(articles)
    client = Client()
    client.get("/search/", {"q": "均线"})  # warm imports, the navigation and hot-list caches
    times, cpu_times = [], []
    for n in range(requests):
        q = QUERIES[n % len(QUERIES)]
        start, cpu_start = time.perf_counter(), time.process_time()
        response = client.get("/search/", {"q": q})
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == 200, (q, response.status_code)
    times.sort()
    hits = [SearchResults(parse_query(q)).count() for q in QUERIES]
    return {
        "vendor": connection.vendor,
        "articles": total,
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        # This process's CPU only (a database server's work is not in it): steadier than
        # the wall clock when other jobs share the machine.
        "median_cpu_ms": statistics.median(cpu_times),
        "median_hits": statistics.median(hits),
        "plan": query_plan("金叉"),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    row = bench_search(args.articles, args.requests)
    print(
        f"Search results page on {row['vendor']}, {row['articles']} generated articles, "
        f"{args.requests} requests over {len(QUERIES)} queries"
    )
    print(f"  median            {row['median_ms']:8.2f} ms")
    print(f"  95th percentile   {row['p95_ms']:8.2f} ms")
    print(f"  median CPU time   {row['median_cpu_ms']:8.2f} ms (this process)")
    print(f"  matches (median)  {row['median_hits']:8.0f}")
    print(f"  index in the plan {row['plan']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
