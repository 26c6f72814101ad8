"""Admin login is throttled per account and per address, with a Chinese explanation."""

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password


def log_in(username, password, address="198.51.100.1", **meta):
    """One admin login attempt from `address`, as a fresh browser; returns the response."""
    client = Client(REMOTE_ADDR=address, **meta)
    response = client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )
    response.client = client
    return response


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def fail(username, times, address="198.51.100.1", **meta):
    return [log_in(username, "wrong", address, **meta).status_code for _ in range(times)]


def test_wrong_passwords_lock_the_account_with_a_chinese_message(settings):
    """The limit-th wrong password answers 429 in Chinese, and so does every try after it."""
    settings.AXES_FAILURE_LIMIT = 5
    AuthorFactory(username="zhou")
    assert fail("zhou", 5) == [200, 200, 200, 200, 429]
    locked = log_in("zhou", "wrong")
    html = locked.content.decode()
    assert locked.status_code == 429
    assert "登录尝试次数过多" in html and "15 分钟后再试" in html
    assert locked["Retry-After"] == "900"


def test_the_right_password_is_refused_while_locked(settings):
    """Guessing the password during the lock gets no session, so guessing cannot go on."""
    AuthorFactory(username="zhou")
    fail("zhou", settings.AXES_FAILURE_LIMIT)
    response = log_in("zhou", PASSWORD)
    assert response.status_code == 429 and not signed_in(response)


def test_the_account_stays_locked_from_any_address(settings):
    """Changing address does not give an attacker new tries at the same account."""
    AuthorFactory(username="zhou")
    for i in range(settings.AXES_FAILURE_LIMIT):
        log_in("zhou", "wrong", address=f"203.0.113.{i}")
    response = log_in("zhou", PASSWORD, address="192.0.2.200")
    assert response.status_code == 429 and not signed_in(response)


def test_the_address_is_locked_for_every_account(settings):
    """Spraying one password over many accounts from one address is stopped too."""
    AuthorFactory(username="chen")
    for i in range(settings.AXES_FAILURE_LIMIT):
        log_in(f"guess{i}", "wrong", address="198.51.100.9")
    response = log_in("chen", PASSWORD, address="198.51.100.9")
    assert response.status_code == 429 and not signed_in(response)


def test_other_accounts_from_other_addresses_still_sign_in(settings):
    """A locked account or address does not lock out everyone else."""
    AuthorFactory(username="zhou")
    AuthorFactory(username="lin")
    fail("zhou", settings.AXES_FAILURE_LIMIT, address="198.51.100.1")
    assert signed_in(log_in("lin", PASSWORD, address="203.0.113.50"))


def test_a_forged_forwarded_header_does_not_reset_the_address_count(settings):
    """Without a trusted proxy, X-Forwarded-For is ignored: the real address is locked."""
    settings.TRUSTED_PROXY_COUNT = 0
    AuthorFactory(username="chen")
    for i in range(settings.AXES_FAILURE_LIMIT):
        log_in(f"guess{i}", "wrong", HTTP_X_FORWARDED_FOR=f"10.9.9.{i}")
    response = log_in("chen", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.99")
    assert response.status_code == 429


@pytest.mark.parametrize("address", ["", "not-an-address"])
def test_an_unknown_address_is_throttled_without_an_error(settings, address):
    """A request without a usable REMOTE_ADDR (unix socket) is counted, never a 500."""
    AuthorFactory(username="zhou")
    codes = fail("zhou", settings.AXES_FAILURE_LIMIT, address=address)
    assert codes == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]


def test_the_lock_ends_after_the_cool_off(settings):
    """Once the cool-off has passed, the right password works again."""
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    AuthorFactory(username="zhou")
    fail("zhou", settings.AXES_FAILURE_LIMIT)
    time.sleep(1.5)
    assert signed_in(log_in("zhou", PASSWORD))


def test_a_success_before_the_limit_resets_the_count(settings):
    """An author who mistypes a few times, then gets it right, starts again from zero."""
    AuthorFactory(username="zhou")
    fail("zhou", settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(log_in("zhou", PASSWORD))
    assert fail("zhou", settings.AXES_FAILURE_LIMIT - 1) == [200] * (
        settings.AXES_FAILURE_LIMIT - 1
    )


def test_the_limit_and_cool_off_come_from_the_environment():
    """LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES set the rule."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()))"
    )
    env = {"LOGIN_FAILURE_LIMIT": "3", "LOGIN_COOLOFF_MINUTES": "30", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["3", "1800"]
