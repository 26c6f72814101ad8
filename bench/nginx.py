"""The shipped nginx site (deploy/nginx/kxian.conf), rendered for a throwaway nginx on
loopback, and that nginx started and stopped.

The benchmark (bin/bench load --nginx) and the tests run the production file itself, with
only what ties it to one machine substituted: the gunicorn socket becomes a loopback
address, the https server listens on a plain-http loopback port (no certificate), the
static, media and cache folders point at the run's own, and the load generator is
trusted as the load balancer the file's comment describes. Each substitution must match,
so a change to the shipped file that breaks one fails loudly here rather than testing
something else.
"""

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_CONF = ROOT / "deploy" / "nginx" / "kxian.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER_NAME = "kxian.example.cn"

# What the main nginx.conf of a Debian server provides around the site file.
_MAIN = """\
daemon off;
pid {prefix}/nginx.pid;
worker_processes {workers};
{user}
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log {access_log};
    error_log {prefix}/error.log warn;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{site}
}}
"""


@dataclass(frozen=True)
class Layout:
    """Where the throwaway nginx listens, what it proxies to, and the folders it uses."""

    port: int  # the site (plain http)
    redirect_port: int  # the shipped plain-http server (ACME and redirects)
    upstream: str  # host:port of gunicorn or a test server
    static_root: Path
    media_root: Path
    prefix: Path  # pid, logs, temp and cache folders


def _substitute(text: str, old: str, new: str, count: int = 1) -> str:
    found = text.count(old)
    if found != count:
        raise ValueError(f"deploy/nginx/kxian.conf: expected {count} of {old!r}, found {found}")
    return text.replace(old, new)


def render_site(layout: Layout) -> str:
    """The shipped site file with this machine's ports and folders."""
    text = SITE_CONF.read_text()
    text = _substitute(text, "unix:/run/kxian/gunicorn.sock", layout.upstream)
    text = _substitute(
        text, "proxy_cache_path /var/cache/nginx/kxian ", f"proxy_cache_path {layout.prefix}/cache "
    )
    text = _substitute(text, "alias /srv/kxian/app/staticfiles/;", f"alias {layout.static_root}/;")
    text = _substitute(text, "alias /srv/kxian/media/;", f"alias {layout.media_root}/;")
    text = _substitute(text, "listen 80;", f"listen 127.0.0.1:{layout.redirect_port};")
    text = _substitute(text, "listen 443 ssl http2;", f"listen 127.0.0.1:{layout.port};")
    text = _substitute(text, "# set_real_ip_from 10.0.0.0/8;", "set_real_ip_from 127.0.0.1;")
    text = _substitute(text, "# real_ip_header X-Forwarded-For;", "real_ip_header X-Forwarded-For;")
    lines = [
        line
        for line in text.splitlines()
        # IPv6 listeners and TLS: loopback runs speak plain http on IPv4.
        if not line.strip().startswith(("listen [::]", "ssl_"))
    ]
    return "\n".join(lines) + "\n"


def render_main(layout: Layout, *, workers: str = "auto", access_log: bool = False) -> str:
    """A whole nginx.conf: Debian's usual http settings around the rendered site."""
    site = "\n".join("    " + line if line else line for line in render_site(layout).splitlines())
    return _MAIN.format(
        prefix=layout.prefix,
        workers=workers,
        # As root, nginx would hand its workers to "nobody", who cannot enter our folders.
        user="user root;" if os.geteuid() == 0 else "",
        access_log=f"{layout.prefix}/access.log" if access_log else "off",
        site=site,
    )


def write_config(layout: Layout, **options) -> Path:
    layout.prefix.mkdir(parents=True, exist_ok=True)
    conf = layout.prefix / "nginx.conf"
    conf.write_text(render_main(layout, **options))
    return conf


def check(conf: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on a rendered configuration."""
    return subprocess.run([*_command(conf), "-t"], capture_output=True, text=True)


def _command(conf: Path) -> list[str]:
    prefix = conf.parent
    return [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]


def start(layout: Layout, timeout: float = 10, **options) -> subprocess.Popen:
    """nginx in the foreground on the layout's port, answering; stop it with stop()."""
    conf = write_config(layout, **options)
    tested = check(conf)
    if tested.returncode:
        raise RuntimeError(f"nginx -t failed:\n{tested.stderr}")
    process = subprocess.Popen(
        _command(conf),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited:\n{(layout.prefix / 'error.log').read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{layout.port}/static/", timeout=1)
            return process
        except urllib.error.HTTPError:
            return process  # it answers (a 403 or 404 for the folder itself)
        except OSError:
            time.sleep(0.05)
    stop(process)
    raise RuntimeError("nginx did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # a fast shutdown; the workers follow the master
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
