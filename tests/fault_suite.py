"""The fault suite: two gunicorn nodes on a throwaway PostgreSQL and Redis, failed one part
at a time. Run it with bin/faults; it prints a table of scenario -> behaviour.

For every scenario: no 500 (a 503 must carry Retry-After), no request slower than
BOUND_SECONDS, /healthz names the failed part, and once the part is back both nodes serve
and report healthy again without restarting gunicorn.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from tests.servers import (
    ROOT,
    GunicornNode,
    PostgresServer,
    RedisServer,
    fetch,
    manage,
    production_env,
)

BOUND_SECONDS = 3.0
SLUG = "cci-ru-men"


def reader_paths(slug: str = SLUG) -> list[tuple[str, str]]:
    """(method, path): every kind of request a reader's browser makes."""
    return [
        ("get", "/"),
        ("get", f"/articles/{slug}/"),
        ("post", f"/articles/{slug}/view/"),
        ("get", f"/articles/{slug}/qr.svg"),
        ("get", "/archive/"),
        ("get", "/search/?q=MACD"),
        ("get", "/feed/rss/"),
        ("get", "/sitemap.xml"),
        ("get", "/indicators/"),
        ("get", "/api/indicators/cci/?symbol=600519"),
        ("get", "/comments/csrf/"),
        ("get", "/healthz"),
    ]


READER_PATHS = reader_paths()


@dataclass
class Row:
    scenario: str
    statuses: dict = field(default_factory=dict)
    slowest: float = 0.0
    health: str = ""
    recovered: bool = False
    problems: list = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return "ok" if not self.problems else "FAIL: " + "; ".join(self.problems)


class Cluster:
    """Redis, PostgreSQL and two nodes, with the demo content."""

    def __init__(self, base_port: int):
        self.redis = RedisServer(base_port + 9)
        self.postgres = PostgresServer(base_port + 8)
        self.env = production_env(self.postgres.url, self.redis.url, CACHE_DOWN_SECONDS="2")
        self.nodes = [GunicornNode(base_port + 1, self.env), GunicornNode(base_port + 2, self.env)]
        self.slug = SLUG

    def start(self) -> None:
        self.postgres.start()
        self.postgres.create_database("kxian")
        self.redis.start()
        for command in (["migrate", "--noinput"], ["createcachetable"], ["seed_demo"]):
            manage(self.env, *command)
        manage(self.env, "collectstatic", "--noinput", "--verbosity", "0")
        self.slug = self.shell("print(Article.objects.published().order_by('pk')[0].slug)")
        for node in self.nodes:
            node.start()

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
        self.redis.stop()
        self.postgres.remove()

    def shell(self, code: str) -> str:
        out = manage(self.env, "shell", "-c", "from articles.models import Article\n" + code)
        return out.strip().splitlines()[-1]

    def url(self, node, path: str) -> str:
        return f"http://127.0.0.1:{node.port}{path}"

    def request(self, node, method: str, path: str, address: str = "10.0.0.1"):
        headers = {"X-Forwarded-For": address, "Accept": "text/html"}
        return fetch(self.url(node, path), data=b"" if method == "post" else None, headers=headers)

    def sweep(self, row: Row) -> None:
        """Every reader path on both nodes; records statuses, the slowest, and problems."""
        for node in self.nodes:
            for method, path in reader_paths(self.slug):
                status, seconds, _body, headers = self.request(node, method, path)
                row.statuses[status] = row.statuses.get(status, 0) + 1
                row.slowest = max(row.slowest, seconds)
                if status == 500 or status == 0:
                    row.problems.append(f"{status} {path}")
                elif status == 503 and not headers.get("Retry-After"):
                    row.problems.append(f"503 without Retry-After {path}")
                if seconds > BOUND_SECONDS:
                    row.problems.append(f"{seconds:.1f} s {path}")

    def health(self) -> list[dict]:
        answers = []
        for node in self.nodes:
            status, _seconds, body, _headers = fetch(self.url(node, "/healthz"))
            try:
                answers.append({"http": status, **json.loads(body)})
            except ValueError:
                answers.append({"http": status, "body": body[:80].decode(errors="replace")})
        return answers

    def wait_healthy(self, seconds: float = 20.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if all(h.get("status") == "ok" for h in self.health()):
                return True
            time.sleep(0.3)
        return False


def _describe(health: list[dict]) -> str:
    first = health[0]
    return f"{first.get('http')} db={first.get('database')} cache={first.get('cache')}"


def run_fault(cluster, name, fail, repair, expect=None) -> Row:
    """Fail a part, sweep twice (the first pays any timeouts), check health, repair, recover."""
    row = Row(name)
    fail()
    time.sleep(0.3)
    cluster.sweep(row)
    cluster.sweep(row)
    health = cluster.health()
    row.health = _describe(health)
    if expect and not all(h.get(expect[0]) == expect[1] for h in health):
        row.problems.append(f"health does not say {expect[0]}={expect[1]}")
    repair()
    row.recovered = cluster.wait_healthy()
    if not row.recovered:
        row.problems.append("not healthy again after repair")
    after = Row(name)
    cluster.sweep(after)
    if any(status >= 500 for status in after.statuses):
        row.problems.append(f"after repair: {after.statuses}")
    return row


def _restart_redis(cluster):
    cluster.redis.kill()
    cluster.redis.start()


def _kill_workers(cluster):
    for node in cluster.nodes:
        node.kill_workers()


def flusher_killed(cluster) -> Row:
    """Views buffered in Redis; the flusher is killed -9 mid-run; the next run completes."""
    row = Row("flush_views killed -9")
    before = int(cluster.shell(f"print(Article.objects.get(slug={cluster.slug!r}).view_count)"))
    counted = 0
    for i in range(200):
        status, *_ = cluster.request(
            cluster.nodes[i % 2],
            "post",
            f"/articles/{cluster.slug}/view/",
            f"10.9.{i // 200}.{i % 200}",
        )
        counted += status == 204
    flusher = subprocess.Popen(
        [sys.executable, "manage.py", "flush_views"], cwd=ROOT, env=cluster.env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(float(os.environ.get("FAULTS_FLUSH_KILL_AFTER", "1.2")))
    flusher.send_signal(signal.SIGKILL)
    flusher.wait()
    cluster.sweep(row)
    manage(cluster.env, "flush_views")
    stored = int(cluster.shell(f"print(Article.objects.get(slug={cluster.slug!r}).view_count)"))
    row.health = f"stored {stored - before} of {counted} views"
    if stored - before != counted:
        row.problems.append(f"view count off by {stored - before - counted} (articles/ counting)")
    row.recovered = cluster.wait_healthy()
    return row


def edits_under_load(cluster) -> Row:
    """Readers read node 2 while an admin-like save (one transaction) retitles an article on
    node 1's database; node 2's next pages must show only the new title."""
    row = Row("edit under load")
    old = cluster.shell(f"print(Article.objects.get(slug={cluster.slug!r}).title)")
    new = f"故障演练新标题{int(time.time())}"
    stop = threading.Event()

    def read():
        while not stop.is_set():
            for path in ("/", f"/articles/{cluster.slug}/"):
                cluster.request(cluster.nodes[1], "get", path)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    cluster.shell(
        "from django.db import transaction\nwith transaction.atomic():\n"
        f"    a = Article.objects.get(slug={cluster.slug!r}); a.title = {new!r}; a.save()"
    )
    stop.set()
    for reader in readers:
        reader.join()
    stale = []
    slugs = cluster.shell(
        "print(' '.join(Article.objects.published().values_list('slug', flat=True)))"
    )
    for path in ["/", *(f"/articles/{slug}/" for slug in slugs.split())]:
        status, seconds, body, _ = cluster.request(cluster.nodes[1], "get", path)
        text = body.decode(errors="replace")
        row.statuses[status] = row.statuses.get(status, 0) + 1
        row.slowest = max(row.slowest, seconds)
        if old in text:
            stale.append(path)
    body = cluster.request(cluster.nodes[1], "get", f"/articles/{cluster.slug}/")[2].decode()
    if new not in body:
        row.problems.append("node 2 does not show the new title")
    if stale:
        row.problems.append(
            f"old title still on {len(stale)} page(s), e.g. {stale[0]} (articles/signals.py)"
        )
    row.health = "new title on node 2" if new in body else "old title on node 2"
    row.recovered = True
    return row


def scenarios(cluster):
    redis, postgres = cluster.redis, cluster.postgres
    yield lambda: run_fault(cluster, "baseline", lambda: None, lambda: None, ("status", "ok"))
    yield lambda: run_fault(cluster, "Redis stopped", redis.stop, redis.start, ("cache", "down"))
    yield lambda: run_fault(
        cluster, "Redis killed -9, restarted", lambda: _restart_redis(cluster), lambda: None
    )
    yield lambda: run_fault(
        cluster, "Redis hung (SIGSTOP)", redis.pause, redis.resume, ("cache", "down")
    )
    yield lambda: run_fault(
        cluster, "PostgreSQL stopped", postgres.stop, postgres.start, ("database", "down")
    )
    yield lambda: run_fault(
        cluster, "PostgreSQL hung (SIGSTOP)", postgres.pause, postgres.resume, ("database", "down")
    )
    yield lambda: run_fault(
        cluster, "gunicorn workers killed -9", lambda: _kill_workers(cluster), lambda: None
    )
    yield lambda: flusher_killed(cluster)
    yield lambda: edits_under_load(cluster)


def print_table(rows) -> None:
    print(f"\n{'scenario':30} {'statuses':28} {'slowest':>8}  {'health':28} {'back':5} verdict")
    for row in rows:
        statuses = " ".join(f"{k}x{v}" for k, v in sorted(row.statuses.items()))
        print(
            f"{row.scenario:30} {statuses:28} {row.slowest:7.2f}s  {row.health:28} "
            f"{'yes' if row.recovered else 'NO':5} {row.verdict}"
        )


def main() -> int:
    base = int(os.environ.get("FAULTS_PORT_BASE", "27030"))
    cluster = Cluster(base)
    rows = []
    try:
        print(
            f"Starting PostgreSQL, Redis and two gunicorn nodes on 127.0.0.1:{base + 1}-{base + 9}"
        )
        cluster.start()
        for scenario in scenarios(cluster):
            rows.append(scenario())
            print(f"  {rows[-1].scenario}: {rows[-1].verdict}", flush=True)
    finally:
        cluster.stop()
    print_table(rows)
    return 0 if all(not row.problems for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
