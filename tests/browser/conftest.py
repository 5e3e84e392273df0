"""Browser tests: Debian's chromium driven by Playwright for Python against pytest-django's live server.

Playwright cannot download its own browsers here, so it is pointed at /usr/bin/chromium (the `chromium`
package, installed by scripts/install-system-deps.sh). Without it the tests skip with the reason; in CI
(CI=true) a missing browser is a failure, so a green CI run has really driven a browser.

axe-core (the accessibility checks) comes from tests/browser/node_modules (`make browser-deps`, i.e.
`npm ci --prefix tests/browser`); tests that need it use the `browser_tools` fixture.

These tests run outside tests/web's frozen clock (the live server is a real server thread): they take their
dates from the clock they share with the server (`timezone.localdate()`), so they pass on any day.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def chromium_path() -> Path:
    """Debian's chromium (GONGKAI_CHROMIUM overrides it, e.g. to test the skip)."""
    return Path(os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium"))


HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("GONGKAI_SHOTS_DIR", "/tmp/shots-staff"))


def _missing() -> str:
    chromium = chromium_path()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not chromium.exists():
        return f"{chromium} is absent (Debian package chromium: bash scripts/install-system-deps.sh)"
    return ""


def _axe_missing() -> str:
    return "" if AXE.exists() else f"axe-core not found at {AXE} (run `npm ci --prefix tests/browser`, or `make browser-deps`)"


def require_browser() -> None:
    """Skip (outside CI) or fail (CI=true) when the browser tests cannot run here, saying why."""
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture
def chromium_browser(live_server, monkeypatch):
    """Started after the database and the live server, stopped before them: Playwright's sync API keeps an
    event loop in this thread while it runs, and the test's own ORM calls are synchronous, so Django's async
    guard is lifted for the test only."""
    require_browser()
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        # The browser keeps the machine's real clock even when the suite runs under libfaketime
        # (make test-dates): the dates it shows come from the server, and Chromium is not built for a
        # preloaded clock.
        env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME", "FAKETIME_NO_CACHE")}
        browser = p.chromium.launch(executable_path=str(chromium_path()), args=["--no-sandbox"], env=env)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: page.csp_violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    yield page
    context.close()


@pytest.fixture
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture(scope="session")
def browser_tools():
    """Chromium's path and axe-core's source, for the accessibility tests."""
    reason = _missing() or _axe_missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    return {"chromium": str(chromium_path()), "axe": AXE.read_text(encoding="utf-8")}
