"""Load benchmark: the production server under wrk, each page against a static file.

Run from the project root (bin/bench load does the set-up and installs wrk)::

    python bench/load.py [--duration 10] [--connections 32]

It starts gunicorn as bin/run does (4 workers x 1 thread, debug off, demo content) on
a free loopback port, serves the article's own bytes as a static file through the same
server, and drives each path with wrk. Set DATABASE_URL and REDIS_URL (bin/bench load
--postgres) to run on PostgreSQL + Redis instead of SQLite.

Readers are simulated as behind one trusted proxy (DJANGO_TRUSTED_PROXY_COUNT=1), each
with its own signed reader cookie, 20 readers to an address. After the beacon run the
article's 阅读 must have risen by exactly the number of readers; a cookie-dropping script
from one address must add exactly VIEW_NEW_READERS_PER_ADDRESS.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSER = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "Mobile/15E148 MicroMessenger/8.0.50"
)
ARTICLE = "cci-shun-shi-zhi-biao"  # the demo's CCI article (about 27 KB)
SCRIPT_ARTICLE = "bias-guai-li-lv"
READERS, READERS_PER_ADDRESS, ADDRESS_LIMIT = 2000, 20, 30


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


def lua_readers(cookies) -> str:
    """wrk script: POST beacons round-robin over the readers, each from its address."""
    rows = ",\n".join(
        f'{{"kx_reader={c}", "10.{i // READERS_PER_ADDRESS // 250}.'
        f'{i // READERS_PER_ADDRESS % 250}.7"}}'
        for i, c in enumerate(cookies)
    )
    return f"""
local readers = {{
{rows}
}}
local n = 0
function setup(thread) n = n + 1; thread:set("offset", n * 997) end
function init(args) i = offset end
function request()
  i = i + 1
  local r = readers[(i % #readers) + 1]
  return wrk.format("POST", nil, {{["User-Agent"] = "{BROWSER}", ["Cookie"] = r[1],
    ["X-Forwarded-For"] = r[2], ["Sec-Fetch-Site"] = "same-origin"}}, "")
end
"""


LUA_SCRIPT_KIDDIE = f"""
wrk.method = "POST"
wrk.headers["User-Agent"] = "{BROWSER}"
wrk.headers["X-Forwarded-For"] = "198.51.100.77"
"""

LUA_MANY_CLIENTS = """
function init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end
function request()
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. ".9"
  return wrk.format("GET", nil, {["X-Forwarded-For"] = ip})
end
"""


def wrk(url, args, script=None) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", "--timeout", "5s"]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": _errors(out),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def _errors(out: str) -> int:
    total = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        total += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        total += sum(int(n) for n in match.groups())
    return total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per path")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run bin/bench load, or apt-get install wrk")

    port = free_port()
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
    try:
        return run(args, env, base, len(page), database, cache)
    finally:
        server.terminate()
        server.wait()


def run(args, env, base, page_bytes, database, cache) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        readers_lua = Path(tmp, "readers.lua")
        readers_lua.write_text(lua_readers(reader_cookies(env)))
        kiddie_lua = Path(tmp, "kiddie.lua")
        kiddie_lua.write_text(LUA_SCRIPT_KIDDIE)
        clients_lua = Path(tmp, "clients.lua")
        clients_lua.write_text(LUA_MANY_CLIENTS)
        targets = [
            ("static file (same bytes)", "/static/bench/article.html", None),
            ("home", "/", None),
            (f"article ({page_bytes / 1024:.0f} KB)", f"/articles/{ARTICLE}/", None),
            ("list page 2", "/?page=2", None),
            ("/indicators/", "/indicators/", None),
            ("API macd 600519", "/api/indicators/macd/?symbol=600519", clients_lua),
        ]
        before = views(env, ARTICLE)
        rows = []
        for label, path, script in targets:
            print(f"  {label} …", flush=True)
            urllib.request.urlopen(base + path).read()  # warm: measure the steady state
            rows.append((label, wrk(base + path, args, script)))
        print("  view beacon …", flush=True)
        rows.append(
            ("view beacon (POST)", wrk(f"{base}/articles/{ARTICLE}/view/", args, readers_lua))
        )
        script_before = views(env, SCRIPT_ARTICLE)
        short = argparse.Namespace(**{**vars(args), "duration": 3})
        wrk(f"{base}/articles/{SCRIPT_ARTICLE}/view/", short, kiddie_lua)
        manage(env, "flush_views")
        counted = views(env, ARTICLE) - before
        scripted = views(env, SCRIPT_ARTICLE) - script_before

    static_rps = rows[0][1]["rps"]
    print(f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
          f"gunicorn {WORKERS} workers x {THREADS} threads, {database} + {cache}\n")  # fmt: skip
    print("| path | req/s | p50 ms | p99 ms | errors | vs static |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, r in rows:
        share = f"{r['rps'] / static_rps:.0%}"
        print(f"| {label} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
              f"{r['errors']} | {share} |")  # fmt: skip
    beacons = rows[-1][1]["requests"]
    exact = counted == READERS
    capped = scripted == ADDRESS_LIMIT
    print(f"\n阅读 after {beacons:,} beacons from {READERS:,} readers: +{counted:,} "
          f"({'exact' if exact else 'WRONG'})")  # fmt: skip
    print(f"cookie-dropping script from one address: +{scripted} "
          f"(limit {ADDRESS_LIMIT}: {'held' if capped else 'BROKEN'})")  # fmt: skip
    return 0 if exact and capped else 1


if __name__ == "__main__":
    sys.exit(main())
