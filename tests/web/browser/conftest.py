"""Playwright against a live test server, with Debian's chromium (one browser for all)."""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

# Test traffic stays on the loopback address.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
AXE_SCRIPT = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
DEMO_PASSWORD = "demo12345"
# Reports every Content-Security-Policy violation on the page to the console, where the
# session collects it (chromium also logs its own "Refused to ..." line there).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="module")
def browser(django_db_setup, live_server):
    """One chromium for all the browser tests (they live in one module). It starts after
    the test database and the live server, so their session-wide setup and teardown run
    outside Playwright's event loop, and it is gone before any later test runs."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser-deps` (apt-get install chromium).")
    # Playwright's sync API runs an event loop in the test thread; Django would otherwise
    # refuse the database calls the tests (and their flushes) make next to it. Set only
    # while the browser lives: a deploy check run by another test refuses the variable.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def demo(live_server, transactional_db):
    """The demo users and tickets. The default categories come from data migrations,
    which a flushed transactional database no longer holds, so they run again: the tree,
    its channels, the near-duplicates merged."""
    for name, step in (
        ("0002_default_categories", "load"),
        ("0013_category_channel", "fill"),
        ("0014_merge_near_duplicate_categories", "merge"),
    ):
        getattr(importlib.import_module(f"tickets.migrations.{name}"), step)(apps, None)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server


class Session:
    """One signed-in person: a browser context with its own cookies."""

    def __init__(self, browser, base_url: str, username: str | None, viewport: str = "desktop"):
        self.context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[viewport])
        self.context.set_default_timeout(15_000)
        self.context.add_init_script(REPORT_CSP_VIOLATIONS)
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.csp_violations: list[str] = []

        def watch_console(message):
            text = message.text
            if "CSP violation" in text or "Content Security Policy" in text:
                self.csp_violations.append(f"{self.page.url}: {text}")

        self.page.on("console", watch_console)
        # Nothing may come from another host: record any such request and refuse it.
        origin = base_url.rstrip("/")

        def guard(route):
            if route.request.url.startswith(origin) or route.request.url.startswith("data:"):
                route.continue_()
            else:
                self.blocked.append(route.request.url)
                route.abort()

        self.page.route("**/*", guard)
        if username:
            self.login(username)

    def login(self, username: str) -> None:
        self.page.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_load_state()

    def close(self) -> None:
        assert self.blocked == [], f"requests to other hosts: {self.blocked}"
        assert self.csp_violations == [], (
            f"Content-Security-Policy violations: {self.csp_violations}"
        )
        self.context.close()


@pytest.fixture
def session_for(browser, demo):
    opened: list[Session] = []

    def make(username: str | None, viewport: str = "desktop") -> Session:
        session = Session(browser, demo.url, username, viewport)
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.close()


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the current page. axe is evaluated
    through the devtools protocol: a script tag would be inline script, which the
    Content-Security-Policy refuses."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"][:5]],
        }
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
