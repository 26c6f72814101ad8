"""Throwaway Redis, PostgreSQL and gunicorn on loopback, to fail on purpose.

One place for starting, stopping, killing and freezing them: the fault tests
(tests/test_faults.py) and the full fault suite (bin/faults) both use it. Each server
lives in its own temporary folder and binds 127.0.0.1 only.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def redis_binary() -> str | None:
    return shutil.which("redis-server")


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def wait_for_port(port: int, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def _signal(pids, sig) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(line) for line in out.stdout.split()]


class RedisServer:
    """redis-server without persistence: stop, kill -9, freeze (SIGSTOP) and thaw it."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self) -> "RedisServer":
        command = [redis_binary(), "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--loglevel", "warning"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(10)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)

    def pause(self) -> None:
        _signal([self.process.pid], signal.SIGSTOP)

    def resume(self) -> None:
        _signal([self.process.pid], signal.SIGCONT)


class PostgresServer:
    """A private PostgreSQL cluster (run as user postgres when we are root)."""

    def __init__(self, port: int, database: str = "kxian"):
        self.port = port
        self.bin = postgres_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="kx-faults-pg-"))
        self.url = f"postgres://postgres@127.0.0.1:{port}/{database}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            command = ["su", "postgres", "-c", subprocess.list2cmdline(command)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> "PostgresServer":
        if not (self.dir / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.dir), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.dir), "-w", "-l", f"{self.dir}/log", "-o", options, "start"
        )
        return self

    def stop(self) -> None:
        if (self.dir / "postmaster.pid").exists():
            self.resume()
            self._run("pg_ctl", "-D", str(self.dir), "-m", "immediate", "-w", "stop")

    def create_database(self, name: str) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def pids(self) -> list[int]:
        """The postmaster and every backend: freezing them all is a frozen machine."""
        postmaster = int((self.dir / "postmaster.pid").read_text().split()[0])
        return [postmaster, *_children(postmaster)]

    def pause(self) -> None:
        _signal(self.pids(), signal.SIGSTOP)

    def resume(self) -> None:
        if (self.dir / "postmaster.pid").exists():
            _signal(self.pids(), signal.SIGCONT)


class GunicornNode:
    """One app node: gunicorn with production settings (debug off) on 127.0.0.1:port."""

    def __init__(self, port: int, env: dict, workers: int = 2):
        self.port = port
        self.env = env
        self.workers = workers
        self.process = None

    def start(self) -> "GunicornNode":
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind"]
        command += [f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--timeout", "30"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port, 60)
        return self

    def worker_pids(self) -> list[int]:
        return _children(self.process.pid)

    def kill_workers(self) -> None:
        _signal(self.worker_pids(), signal.SIGKILL)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)


def production_env(database_url: str, redis_url: str, **extra: str) -> dict:
    """The environment of a production-like node (debug off, real secret, loopback host)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="faults-suite-secret-key-not-for-production-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_HTTPS="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SERVE_MEDIA="1",
        DJANGO_TRUSTED_PROXY_COUNT="1",
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def fetch(url: str, timeout: float = 10.0, data: bytes | None = None, headers=None):
    """(status, seconds, body, headers) of one request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body, status, got = response.read(), response.status, response.headers
    except urllib.error.HTTPError as error:
        body, status, got = error.read(), error.code, error.headers
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        return 0, time.monotonic() - started, str(error).encode(), {}
    return status, time.monotonic() - started, body, got


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    """Run a manage.py command with the nodes' environment; returns what it printed."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return done.stdout
