"""Without a browser the browser tests skip with the reason, except in CI, where they fail: a green CI run
has really driven chromium."""

from __future__ import annotations

import pytest

from tests.browser.conftest import require_browser


def test_a_missing_browser_skips_outside_ci(monkeypatch):
    monkeypatch.setenv("GONGKAI_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="/nonexistent/chromium is absent"):
        require_browser()


def test_a_missing_browser_fails_in_ci(monkeypatch):
    monkeypatch.setenv("GONGKAI_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI"):
        require_browser()
