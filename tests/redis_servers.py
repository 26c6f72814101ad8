"""Throwaway redis-server processes on loopback, for tests that stop, hang or kill Redis."""

import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

# Ports tried for throwaway servers, away from bin/test's 26379.
PORTS = range(27150, 27200)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


class RedisServer:
    """One redis-server with its data in `folder`; restartable on the same port and files."""

    def __init__(self, folder, *options, config=None):
        self.config = config
        self.folder = folder
        self.port = free_port()
        self.options = options
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = ["redis-server", *([str(self._local_config())] if self.config else [])]
        command += ["--port", str(self.port), "--bind", "127.0.0.1", "--supervised", "no"]
        command += ["--dir", str(self.folder), "--save", "", *self.options]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    if self._answers():
                        return self
            time.sleep(0.05)
        self.process.kill()
        self.process.wait()
        raise RuntimeError("redis-server did not start")

    def _local_config(self):
        """The shipped file without its `dir`, which Redis enters as it reads the line (the
        production folder does not exist here); the command line gives this one."""
        lines = self.config.read_text().splitlines()
        local = self.folder / "redis.conf"
        local.write_text("\n".join(line for line in lines if not line.startswith("dir ")))
        return local

    def _answers(self) -> bool:
        try:
            reply = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, timeout=2
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
        return reply.stdout.strip() == b"PONG"  # not LOADING the AOF any more

    def kill(self):
        """kill -9: no shutdown, no final fsync."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)

    def snapshot(self, into):
        """Copy the data files as they are now: what a disk holds after its last sync."""
        shutil.copytree(self.folder / "appendonlydir", into)
        return into

    def restore(self, snapshot):
        """Put a snapshot back (the server must be stopped)."""
        shutil.rmtree(self.folder / "appendonlydir")
        shutil.copytree(snapshot, self.folder / "appendonlydir")

    @contextmanager
    def hung(self):
        """SIGSTOP: the port still accepts connections, but nothing answers."""
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)


COUNTS_CONF = Path(__file__).resolve().parent.parent / "deploy" / "redis" / "counts.conf"


@pytest.fixture
def redis_server(tmp_path_factory):
    """A throwaway redis-server run with deploy/redis/counts.conf (AOF everysec,
    noeviction), on a loopback port of its own."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (bin/_system.sh installs it)")
    server = RedisServer(tmp_path_factory.mktemp("redis"), config=COUNTS_CONF).start()
    yield server
    server.stop()
