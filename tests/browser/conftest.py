"""Browser tests: Debian's Chromium driven by Playwright for Python, axe-core from tests/browser/node_modules
(`make browser-deps`, i.e. `npm ci --prefix tests/browser`).

Without Chromium, Playwright or axe-core the tests skip and say which is missing; with CI=true a missing piece
is a failure, so CI cannot pass by skipping them. Playwright never downloads a browser: it launches
/usr/bin/chromium (GONGKAI_CHROMIUM overrides the path).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium"))


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"chromium not found at {CHROMIUM} (apt-get install chromium, or scripts/install-system-deps.sh)"
    if not AXE.exists():
        return f"axe-core not found at {AXE} (run `npm ci --prefix tests/browser`, or `make browser-deps`)"
    return None


@pytest.fixture(scope="session")
def browser_tools():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    return {"chromium": str(CHROMIUM), "axe": AXE.read_text(encoding="utf-8")}
