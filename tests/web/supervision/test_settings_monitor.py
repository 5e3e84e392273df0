"""The monitor's settings stop start-up with one message when malformed (fresh interpreter per case)."""

from __future__ import annotations

import pytest

from tests.web.test_settings import _settings


@pytest.mark.parametrize("env, words", [
    ({"GONGKAI_MONITOR_VISIT_MINUTES": "100"}, "at most 72"),
    ({"GONGKAI_MONITOR_ALLOW_PRIVATE": "maybe"}, "GONGKAI_MONITOR_ALLOW_PRIVATE"),
    ({"GONGKAI_MONITOR_MAX_BYTES": "100"}, "must be at least 1024"),
    ({"GONGKAI_MONITOR_BATCH": "0"}, "GONGKAI_MONITOR_BATCH"),
])
def test_bad_monitor_settings_stop_start_up(tmp_path, env, words):
    result = _settings(tmp_path, GONGKAI_DEBUG="1", **env)
    assert result.returncode != 0 and words in result.stderr


def test_good_monitor_settings_start(tmp_path):
    result = _settings(tmp_path, GONGKAI_DEBUG="1", GONGKAI_MONITOR_VISIT_MINUTES="72",
                       GONGKAI_MONITOR_ALLOW_PRIVATE="1", GONGKAI_MONITOR_HOST_INTERVAL_MS="0")
    assert result.returncode == 0, result.stderr
