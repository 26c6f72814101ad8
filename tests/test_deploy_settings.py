"""Production settings: one HTTPS switch, a key Django's deploy check accepts, no warnings."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEY = secrets.token_urlsafe(50)  # what bin/run and deploy/README.md generate
PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": KEY, "DJANGO_ALLOWED_HOSTS": "kx.cn"}


def _run(args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(env):
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    ]
    code = (
        "import json, django; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = _run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_https_switch_passes_the_deploy_check():
    """DJANGO_HTTPS=1 and a 50+ character key: `check --deploy` at WARNING finds nothing."""
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**PRODUCTION, "DJANGO_HTTPS": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_without_the_switch_the_deploy_check_objects():
    """The check is real: plain http in production is reported, issue by issue."""
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode != 0
    for issue in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert issue in result.stderr


def test_one_switch_turns_on_every_https_setting():
    """Redirect, a year of HSTS with subdomains, secure cookies and the proxy header."""
    assert _settings({**PRODUCTION, "DJANGO_HTTPS": "1"}) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_without_the_switch_plain_http_works():
    """Development and bin/run: no redirect, no HSTS, cookies usable over http."""
    values = _settings({})
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False and values["SECURE_PROXY_SSL_HEADER"] is None


def test_hsts_options_follow_their_variables():
    """Subdomains and preload are the owner's choices; preload on is then checked too."""
    env = {**PRODUCTION, "DJANGO_HTTPS": "1", "DJANGO_HSTS_SECONDS": "600"}
    values = _settings({**env, "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "0", "DJANGO_HSTS_PRELOAD": "1"})
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SECURE_HSTS_PRELOAD"] is True
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**env, "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "0"},
    )
    assert result.returncode != 0 and "security.W005" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        secrets.token_urlsafe(36)[:49],  # one short of the 50 Django asks for
        "a" * 60,  # long but not random
        "django-insecure-" + secrets.token_urlsafe(50),
        "",
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    """Debug off: the key must pass Django's own bar, or settings refuse to load."""
    result = _run(
        ["-c", "from django.conf import settings; settings.DEBUG"],
        {**PRODUCTION, "DJANGO_SECRET_KEY": key},
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY (50+" in result.stderr


def test_readme_and_startup_check_agree_on_the_key_length():
    """The configuration table documents the same 50 characters the settings demand."""
    readme = (ROOT / "README.md").read_text()
    assert "| `DJANGO_SECRET_KEY` | dev-only key | 50+ random characters" in readme


@pytest.mark.django_db
def test_health_checks_over_http_are_not_redirected(client, settings):
    """With the HTTPS redirect on, pages redirect but a load balancer's probe is answered."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    response = client.get("/indicators/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
