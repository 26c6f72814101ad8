"""Load benchmark: the production server under wrk, each page against a static file.

Run from the project root (bin/bench load does the set-up and installs wrk)::

    python bench/load.py [--nginx] [--port P] [--duration 10] [--connections 32]

It starts gunicorn as bin/run does (4 workers x 1 thread, debug off, demo content) on
a free loopback port (or P), serves the article's own bytes as a static file through the
same server, and drives each path with wrk. Set DATABASE_URL and REDIS_URL (bin/bench load
--postgres) to run on PostgreSQL + Redis instead of SQLite.

With --nginx, every request goes through nginx running the shipped site file
(deploy/nginx/kxian.conf, rendered by bench/nginx.py for ports P+1 and P+2) in front of
the same gunicorn, and the static file is nginx's own: the production path against
nginx's ceiling, in one run.

Then the home page is loaded again while hostile clients ask for signal statistics with
random parameters (uncached, each from its own address, ignoring Retry-After): the cost
budget and the computation slots (core.compute_budget) must keep the home page's p99
under 100 ms.

K线训练营: 1,000 rounds are started, then wrk takes turns across all of them at once
(bench/practice_load.py); every start and every turn must succeed.

Readers are simulated as behind one trusted proxy (DJANGO_TRUSTED_PROXY_COUNT=1), each
with its own signed reader cookie, 20 readers to an address. After the beacon run the
article's 阅读 must have risen by exactly the number of readers; a cookie-dropping script
from one address must add exactly VIEW_NEW_READERS_PER_ADDRESS; and 1,000 beacons from
fresh readers must add exactly 1,000 (none answered from a cache).
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import nginx  # noqa: E402
from bench.bursts import fresh_beacons, hostile_stats  # noqa: E402
from bench.practice_load import ROUNDS, lua_turns, start_rounds  # noqa: E402
from bench.wrk import LUA_MANY_CLIENTS, lua_readers, lua_script_kiddie, print_table, wrk  # noqa: E402

ARTICLE = "cci-shun-shi-zhi-biao"  # the demo's CCI article (about 27 KB)
SCRIPT_ARTICLE = "bias-guai-li-lv"
FRESH_ARTICLE, FRESH_BEACONS = "macd-zhi-biao-ru-men", 1000
HOSTILE_CLIENTS = 20
# Few enough readers that even a slow run sends each several beacons.
READERS, READERS_PER_ADDRESS, ADDRESS_LIMIT = 400, 20, 30


def server_env(port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="load-benchmark-only-not-a-secret-0123456789-abcdefghijklmnop",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SERVE_MEDIA="1",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HTTPS="0",
        SITE_URL=f"http://127.0.0.1:{port}",
        DJANGO_TRUSTED_PROXY_COUNT="1",
        VIEW_NEW_READERS_PER_ADDRESS=str(ADDRESS_LIMIT),
        SQLITE_PATH=".local/load.sqlite3",
        # Five to a page, so that the demo content has a page 2 to load.
        ARTICLES_PER_PAGE="5",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


# The server's shape, as bin/run starts it (same variables, same defaults).
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "4"))
THREADS = int(os.environ.get("GUNICORN_THREADS", "1"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env, port):
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(WORKERS), "--threads", str(THREADS),
            "--forwarded-allow-ips", "127.0.0.1",
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def views(env, slug) -> int:
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from articles.models import Article;"
         f"print(Article.objects.get(slug={slug!r}).view_count)"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return int(out.stdout.strip().splitlines()[-1])


def reader_cookies(env) -> list[str]:
    """Signed reader cookies, made with the server's key, as browsers would hold them."""
    code = (
        "from django.core.signing import get_cookie_signer;"
        "from core.visitors import READER_COOKIE as C, READER_COOKIE_SALT as S;"
        "s = get_cookie_signer(salt=C + S);"
        f"print('\\n'.join(s.sign('bench-reader-%05d' % i) for i in range({READERS})))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    # The shell may print a banner first; keep only the signed values.
    return [word for word in out.stdout.split() if word.startswith("bench-reader-")]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per path")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--nginx", action="store_true", help="through the shipped nginx site")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's; nginx takes the next two")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run bin/bench load, or apt-get install wrk")
    if args.nginx and not os.path.exists(nginx.NGINX):
        raise SystemExit("nginx is missing: run bin/bench load --nginx, or apt-get install nginx")

    port = args.port or free_port()
    env = server_env(port)
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    cache = "Redis" if env.get("REDIS_URL") else "database cache"
    if not env.get("DATABASE_URL"):
        (ROOT / ".local").mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            (ROOT / f".local/load.sqlite3{suffix}").unlink(missing_ok=True)
    print(f"Setting up ({database}, {cache}) …", flush=True)
    for command in (["migrate", "--noinput"], ["createcachetable"], ["seed_demo"]):
        manage(env, *command)
    manage(env, "collectstatic", "--noinput")
    base = f"http://127.0.0.1:{port}"

    server = start_server(env, port)
    page = urllib.request.urlopen(f"{base}/articles/{ARTICLE}/").read()
    server.terminate()
    server.wait()
    copy = ROOT / "staticfiles" / "bench" / "article.html"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(page)  # whitenoise indexes static files when the server starts
    server = start_server(env, port)
    front = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            if args.nginx:
                front, base = start_nginx(port, Path(tmp))
            shape = f"{database} + {cache}" + (", nginx in front" if args.nginx else "")
            return run(args, env, base, len(page), shape)
    finally:
        if front is not None:
            nginx.stop(front)
        server.terminate()
        server.wait()


def start_nginx(port: int, tmp: Path):
    """The shipped site in a throwaway nginx before gunicorn on `port`: (process, base URL)."""
    ports = (port + 1, port + 2) if port < 65534 else (free_port(), free_port())
    layout = nginx.Layout(
        port=ports[0],
        redirect_port=ports[1],
        upstream=f"127.0.0.1:{port}",
        static_root=ROOT / "staticfiles",
        media_root=ROOT / "media",
        prefix=tmp / "nginx",
    )
    return nginx.start(layout), f"http://127.0.0.1:{layout.port}"


def run(args, env, base, page_bytes, shape) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        scripts = {
            name: Path(tmp, f"{name}.lua")
            for name in ("readers", "kiddie", "clients")  # written below
        }
        scripts["readers"].write_text(lua_readers(reader_cookies(env), READERS_PER_ADDRESS))
        scripts["kiddie"].write_text(lua_script_kiddie())
        scripts["clients"].write_text(LUA_MANY_CLIENTS)
        rows = measure_pages(args, base, page_bytes, scripts["clients"])
        counts = measure_views(args, env, base, rows, scripts)
        counts["practice"] = measure_practice(args, base, rows, Path(tmp, "turns.lua"))
    hostile = measure_hostile(args, base)
    print(f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
          f"gunicorn {WORKERS} workers x {THREADS} threads, {shape}\n")  # fmt: skip
    print_table(rows)
    return report(rows, counts, hostile)


def measure_pages(args, base, page_bytes, clients_lua) -> list:
    targets = [
        ("static file (same bytes)", "/static/bench/article.html", None),
        ("home", "/", None),
        (f"article ({page_bytes / 1024:.0f} KB)", f"/articles/{ARTICLE}/", None),
        ("list page 2", "/?page=2", None),
        ("/indicators/", "/indicators/", None),
        ("API macd 600519", "/api/indicators/macd/?symbol=600519", clients_lua),
    ]
    rows = []
    for label, path, script in targets:
        print(f"  {label} …", flush=True)
        urllib.request.urlopen(base + path).read()  # warm: measure the steady state
        rows.append((label, wrk(base + path, args, script)))
    return rows


def measure_views(args, env, base, rows, scripts) -> dict:
    """Beacons: READERS readers (each counted once), a cookie-dropping script, fresh readers."""
    before = {slug: views(env, slug) for slug in (ARTICLE, SCRIPT_ARTICLE, FRESH_ARTICLE)}
    print("  view beacon …", flush=True)
    beacon = wrk(f"{base}/articles/{ARTICLE}/view/", args, scripts["readers"])
    rows.append(("view beacon (POST)", beacon))
    short = argparse.Namespace(**{**vars(args), "duration": 3})
    wrk(f"{base}/articles/{SCRIPT_ARTICLE}/view/", short, scripts["kiddie"])
    answered = fresh_beacons(f"{base}/articles/{FRESH_ARTICLE}/view/", FRESH_BEACONS)
    manage(env, "flush_views")
    after = {slug: views(env, slug) - count for slug, count in before.items()}
    return {
        "beacons": beacon["requests"],
        "readers": after[ARTICLE],
        "scripted": after[SCRIPT_ARTICLE],
        "fresh": after[FRESH_ARTICLE],
        "fresh_answered": answered,
    }


def measure_practice(args, base, rows, script: Path) -> dict:
    """K线训练营: start ROUNDS rounds, then take turns across all of them under wrk."""
    print(f"  K线训练营: {ROUNDS:,} rounds in progress …", flush=True)
    ids, started = start_rounds(base)
    script.write_text(lua_turns(ids, args.threads))
    turns = wrk(base + "/", args, script)
    rows.append((f"训练营 turn ({len(ids):,} rounds)", turns))
    return {"started": dict(started), "rounds": len(ids), "turns": turns}


def measure_hostile(args, base) -> dict:
    """The home page under wrk while hostile clients ask for uncached statistics."""
    print(f"  home during {HOSTILE_CLIENTS} hostile stats clients …", flush=True)
    stop = threading.Event()
    found = {}
    attacker = threading.Thread(
        target=lambda: found.update(hostile_stats(base, stop, HOSTILE_CLIENTS)), daemon=True
    )
    attacker.start()
    time.sleep(1)  # the burst is under way before the home page is measured
    try:
        home = wrk(base + "/", args)
    finally:
        stop.set()
        attacker.join()
    return {"home": home, "statuses": dict(sorted(found.items()))}


def report(rows, counts, hostile) -> int:
    """The checks under the table; non-zero when a count is wrong."""
    static_rps = rows[0][1]["rps"]
    fast = all(r["rps"] >= static_rps / 2 and r["p99"] <= 15 for _, r in rows[1:3])
    print(f"\nhome and article at >= 50% of the static file with p99 <= 15 ms: "
          f"{'yes' if fast else 'no'}")  # fmt: skip
    exact = counts["readers"] == READERS
    capped = counts["scripted"] == ADDRESS_LIMIT
    fresh = counts["fresh"] == FRESH_BEACONS == counts["fresh_answered"].get(204, 0)
    print(f"阅读 after {counts['beacons']:,} beacons from {READERS:,} readers: "
          f"+{counts['readers']:,} ({'exact' if exact else 'WRONG'})")  # fmt: skip
    print(f"cookie-dropping script from one address: +{counts['scripted']} "
          f"(limit {ADDRESS_LIMIT}: {'held' if capped else 'BROKEN'})")  # fmt: skip
    answers = dict(counts["fresh_answered"])
    print(f"{FRESH_BEACONS:,} beacons from fresh readers (answers {answers}): "
          f"+{counts['fresh']:,} ({'exact' if fresh else 'WRONG'})")  # fmt: skip
    practice = counts["practice"]
    playing = practice["rounds"] == ROUNDS and practice["turns"]["errors"] == 0
    print(f"K线训练营: {practice['rounds']:,} rounds started (answers {practice['started']}), "
          f"{practice['turns']['requests']:,} turns across them, "
          f"{practice['turns']['errors']} errors ({'held' if playing else 'BROKEN'})")  # fmt: skip
    home, quiet = hostile["home"], rows[1][1]
    held = home["p99"] < 100
    print(f"\nhome page, quiet: {quiet['rps']:,.0f} req/s, p99 {quiet['p99']:.1f} ms; during "
          f"{HOSTILE_CLIENTS} hostile uncached-stats clients: {home['rps']:,.0f} req/s, "
          f"p50 {home['p50']:.1f} ms, p99 {home['p99']:.1f} ms, {home['errors']} errors "
          f"(p99 < 100 ms: {'held' if held else 'BROKEN'})")  # fmt: skip
    print(f"hostile stats answers by status: {hostile['statuses']}")
    return 0 if exact and capped and fresh and playing else 1


if __name__ == "__main__":
    sys.exit(main())
