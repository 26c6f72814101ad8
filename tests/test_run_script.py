"""bin/run's SITE_URL follows PORT unless set: absolute URLs point where gunicorn listens."""

import os
import subprocess
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parent.parent / "bin/run"


def site_url(**env) -> str:
    """SITE_URL and the bind port as bin/run's own lines compute them (nothing started)."""
    lines = RUN.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("port="))
    end = next(i for i, line in enumerate(lines) if line.startswith("export SITE_URL="))
    script = "\n".join(lines[start : end + 1]) + '\necho "$SITE_URL $port"'
    clean = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL")}
    result = subprocess.run(
        ["bash", "-c", script], env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000 8000"),
        ({"PORT": "8123"}, "http://127.0.0.1:8123 8123"),
        ({"PORT": "8123", "SITE_URL": "https://kxian.example.cn"}, "https://kxian.example.cn 8123"),
    ],
)
def test_site_url_follows_port_unless_set(env, expected):
    """No SITE_URL: the port bin/run binds; an explicit SITE_URL is kept as given."""
    assert site_url(**env) == expected


def test_banner_prints_the_derived_address():
    """The banner names SITE_URL, the same address every absolute link uses."""
    text = RUN.read_text()
    assert 'echo " K线学堂: ${SITE_URL}/"' in text
    assert text.index("export SITE_URL=") < text.index('echo " K线学堂: ${SITE_URL}/"')
