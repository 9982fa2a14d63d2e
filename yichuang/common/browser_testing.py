"""Browser tests: Playwright (Python) driving Debian's Chromium, against Django's live server.

A pytest plugin (registered in the root conftest.py) so every app's browser tests share one
browser per run and the same helpers: log a user in, run axe-core in the page, enlarge the
text to 200%, take a screenshot. Nothing is downloaded: Chromium is Debian's
(/usr/bin/chromium, installed by make) and axe-core comes from node_modules (npm ci).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("YICHUANG_CHROMIUM", "/usr/bin/chromium")
# The flags keep Chromium from reaching for Google's hosts on a machine without internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told that this test process knows what it is doing.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_context(browser, live_server):
    # The Content-Security-Policy is enforced here as in production: a page of ours that needs an
    # inline script or style fails its browser test. The test tools below work within it.
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=DESKTOP)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A tab whose test fails if the page breaks the Content-Security-Policy (an inline script or
    style of ours that production would block)."""
    tab = browser_context.new_page()
    refused = []
    tab.on(
        "console",
        lambda msg: (
            refused.append(f"{tab.url}: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    yield tab
    assert not refused, "The page broke the Content-Security-Policy:\n" + "\n".join(refused)


@pytest.fixture
def log_in(browser_context, live_server):
    """log_in(user): give the browser a session for `user` without typing a password (the login
    forms have tests of their own)."""
    from django.test import Client

    def _log_in(user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return _log_in


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page as it is now; return the violations of the given impacts."""
    # Evaluated through the DevTools protocol, not injected as a <script>, which the page's CSP refuses.
    page.evaluate((Path(settings.NPM_ROOT) / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"]) for node in v["nodes"][:5]
        )
        for v in violations
    )


def enlarge_text(page, percent: int = 200) -> None:
    """What a user with 200% text size sees (WCAG 1.4.4): the root font size scaled, so rem/em grow."""
    # Set through the CSSOM (allowed by the CSP), not as a <style> element (refused by it).
    page.evaluate("p => document.documentElement.style.setProperty('font-size', p + '%', 'important')", percent)


def horizontal_overflow(page) -> int:
    """Pixels the page is wider than the viewport (0 = nothing scrolls sideways). Measured once the
    page's stylesheets have loaded: a test that waited only for an element of a page reached by
    a click could measure the layout without them (the admin's responsive.css, on a loaded CI
    machine: 139 px of overflow that no user sees)."""
    page.wait_for_load_state("load")
    return page.evaluate("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def screenshot(page, name: str) -> None:
    """Keep a screenshot when YICHUANG_SCREENSHOT_DIR is set (make screenshots), for people to look at."""
    folder = os.environ.get("YICHUANG_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
