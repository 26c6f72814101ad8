"""Real Chromium against the live test server: what a reader sees and does.

Debian's /usr/bin/chromium is driven by Playwright (its own browser download is not
available here). In CI a missing browser fails the run; elsewhere the tests skip.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from articles.models import AuthorProfile

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0 Safari/537.36"
)
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must run the browser tests)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
            # The browser's own words (file pickers, validation bubbles) in Chinese, as the
            # site's readers and authors see them, when Debian's chromium-l10n is installed.
            env={**os.environ, "LANGUAGE": "zh_CN:zh"},
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, settings, transactional_db, tmp_path):
    """The live server with the demo content, a throwaway media folder, its own URL."""
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server


class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by one page."""

    def __init__(self, page):
        self.items = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.items.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.items.append(f"console error: {message.text}")

    def _failed(self, request):
        if request.failure != "net::ERR_ABORTED":  # a navigation away cancels requests
            self.items.append(f"request failed: {request.url} {request.failure}")

    def _response(self, response):
        if response.status >= 400:
            self.items.append(f"HTTP {response.status}: {response.url}")

    def allow(self, predicate):
        """Forget problems a test caused on purpose (say, a 400 it is checking)."""
        self.items = [item for item in self.items if not predicate(item)]


DESKTOP = {"viewport": {"width": 1280, "height": 900}, "user_agent": DESKTOP_UA}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": PHONE_UA,
}


def _new_page(browser, site, **context_options):
    context = browser.new_context(base_url=site.url, locale="zh-CN", **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = PageProblems(page)
    return context, page


@pytest.fixture
def open_page(browser, site):
    """Opens a page in a fresh browser context (its own cookies); fails on its problems.

    For journeys with two people, an author and a reader, each in their own browser.
    """
    opened = []

    def open_page(device=DESKTOP, **options):
        context, page = _new_page(browser, site, **{**device, **options})
        opened.append((context, page))
        return page

    yield open_page
    problems = [item for _, page in opened for item in page.problems.items]
    for context, _ in opened:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.fixture
def page(open_page):
    return open_page(DESKTOP)


@pytest.fixture
def phone_page(open_page):
    return open_page(PHONE)


AUTHOR_PASSWORD = "e2e-only-password-4711"


@pytest.fixture
def author(site, django_user_model):
    """A superuser with an author profile; sign in with `log_in(page, author)`."""
    user = django_user_model.objects.create_superuser(
        "linbianji", "lin@example.com", AUTHOR_PASSWORD
    )
    AuthorProfile.objects.create(user=user, display_name="林编辑", bio="写给新手的指标笔记。")
    return user


def log_in(page, user):
    """Sign in through the admin login form, as a person would."""
    page.goto("/admin/login/")
    assert_accessible(page)
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(AUTHOR_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect_url_path(page, "/admin/")
    assert_accessible(page)


def expect_url_path(page, path):
    page.wait_for_url(lambda url: urlsplit(url).path == path)


def assert_accessible(page):
    """axe-core finds no serious or critical violations on the current page."""
    # evaluate() runs through the DevTools protocol, so the page's CSP does not block it.
    page.wait_for_load_state()
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    # target-size (WCAG 2.2, 24×24 px) is off in axe by default; Lighthouse checks it.
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})"
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], "\n".join(bad)


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"
