"""Browser tests: Playwright driving Debian's Chromium against the live test server."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from tests.snapshots import Snapshot

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser(live_server):
    # Depending on the live server makes the browser close first: its kept-alive connections
    # then end while the server still shares the test database with its request threads.
    executable = chromium_path()
    if executable is None:
        if os.environ.get("AGORA_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (apt-get install chromium) but was not found.")
        pytest.skip("Chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_snapshot():
    """The seeded demo, built once per worker and put back before each journey."""
    return Snapshot("demo")


@pytest.fixture
def demo(transactional_db, live_server, settings, demo_snapshot):
    # The live server is the hub's public address here: the emails link to it (it is the same
    # for the whole session, so the snapshot's sites stay right).
    settings.BASE_URL = live_server.url
    if demo_snapshot.exists():
        demo_snapshot.restore()
    else:
        call_command("seed_demo", quiet=True)
        demo_snapshot.take()


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def hostile_page(browser, live_server, demo):
    """A page with the CSP switched off, so that only the hub's escaping stands between a
    hostile string and a running script."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


AXE = Axe()


@pytest.fixture
def check_a11y():
    """Run axe-core on the current page; fail on serious or critical violations."""

    def check(page):
        results = AXE.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"{page.url}:\n" + "\n".join(bad)

    return check
