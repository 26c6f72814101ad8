"""Two gunicorn nodes on a throwaway PostgreSQL and Redis, and the checks every fault
scenario makes (tests/fault_suite.py runs the scenarios; tests/test_faults.py reuses the
reader paths and the bound).

For every scenario: no 500 (a 503 must carry Retry-After), no request slower than
BOUND_SECONDS, /healthz names the failed part, and once the part is back both nodes serve
and report healthy again without restarting gunicorn.
"""

import json
import time
from dataclasses import dataclass, field

from tests.servers import GunicornNode, PostgresServer, RedisServer, fetch, manage, production_env

BOUND_SECONDS = 3.0
# Health may remember its last probe this long (HEALTH_CHECK_CACHE_SECONDS) before it tells.
HEALTH_SECONDS = 3.0
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
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
    # Problems in parts other engineers own (named in the message): shown, not hidden.
    known: list = field(default_factory=list)
    degraded: set = field(default_factory=set)  # paths that answered 503

    @property
    def verdict(self) -> str:
        parts = [f"FAIL: {p}" for p in dict.fromkeys(self.problems)]
        parts += [f"KNOWN: {p}" for p in dict.fromkeys(self.known)]
        return "; ".join(parts) or "ok"


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
        self.warm_up()

    def warm_up(self, seconds: float = 90.0) -> float:
        """Wait until every worker of both nodes answers (their first request imports a lot)."""
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            answers = [fetch(self.url(node, "/healthz"), timeout=30)[0] for node in self.nodes * 4]
            if all(status == 200 for status in answers):
                break
            time.sleep(0.2)
        return time.monotonic() - started

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
        headers = {"X-Forwarded-For": address, "Accept": "text/html", "User-Agent": BROWSER}
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
                elif status == 503:
                    row.degraded.add(path.split("?")[0])
                    if not headers.get("Retry-After"):
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
    return " | ".join(
        f"{h.get('http')} db={h.get('database')} cache={h.get('cache')}" for h in health
    )


def run_fault(cluster, name, fail, repair, expect=None) -> Row:
    """Fail a part, sweep twice (the first pays any timeouts), check health, repair, recover."""
    row = Row(name)
    fail()
    time.sleep(0.3)
    cluster.sweep(row)
    cluster.sweep(row)
    health = cluster.health()
    deadline = time.monotonic() + HEALTH_SECONDS
    while expect and time.monotonic() < deadline:
        if all(h.get(expect[0]) == expect[1] for h in health):
            break
        time.sleep(0.2)
        health = cluster.health()
    row.health = _describe(health)
    if expect and not all(h.get(expect[0]) == expect[1] for h in health):
        row.problems.append(
            f"health does not say {expect[0]}={expect[1]} within {HEALTH_SECONDS} s"
        )
    repair()
    # Each process retries a part it saw fail once its *_DOWN_SECONDS (2 s here) pass.
    time.sleep(2.2)
    row.recovered = cluster.wait_healthy()
    if not row.recovered:
        row.problems.append("not healthy again after repair")
    after = Row(name)
    cluster.sweep(after)
    if any(status >= 500 for status in after.statuses):
        row.problems.append(f"after repair: {after.statuses}")
    return row
