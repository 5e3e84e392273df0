"""Settings read from the environment: demo mode (GONGKAI_DEMO) is separate from Django's DEBUG, and in demo
mode without GONGKAI_SECRET_KEY a key is generated once into the data dir, readable by its owner only.

The settings module is imported in a fresh interpreter per case, with an environment built here (not the test
run's, which sets GONGKAI_DEBUG)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from gongkai.web.env import SettingError, generated_secret_key

PRINT = "import gongkai.web.settings as s; print(s.DEBUG, s.DEMO, s.SECRET_KEY)"


def _settings(data_dir, **env) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    return subprocess.run([sys.executable, "-c", PRINT], env={**keep, "GONGKAI_DATA_DIR": str(data_dir), **env},
                          capture_output=True, text=True, timeout=60)


def test_demo_mode_with_debug_off_generates_a_private_key_once(tmp_path):
    first = _settings(tmp_path, GONGKAI_DEMO="1", GONGKAI_DEBUG="0")
    assert first.returncode == 0, first.stderr
    debug, demo, key = first.stdout.split()
    assert (debug, demo) == ("False", "True")
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == key and len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = _settings(tmp_path, GONGKAI_DEMO="1")
    assert again.returncode == 0 and again.stdout.split()[2] == key  # sessions survive a restart


def test_without_debug_or_demo_the_secret_key_is_required(tmp_path):
    result = _settings(tmp_path, GONGKAI_DEBUG="0")
    assert result.returncode != 0 and "GONGKAI_SECRET_KEY is required" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_a_given_secret_key_wins_and_nothing_is_written(tmp_path):
    result = _settings(tmp_path, GONGKAI_DEMO="1", GONGKAI_SECRET_KEY="k" * 60)
    assert result.returncode == 0 and result.stdout.split()[2] == "k" * 60
    assert not (tmp_path / "secret_key").exists()


def test_debug_alone_is_development_not_demo(tmp_path):
    result = _settings(tmp_path, GONGKAI_DEBUG="1")
    assert result.returncode == 0 and result.stdout.split()[:2] == ["True", "False"]


def test_a_key_file_others_can_read_is_refused(tmp_path):
    path = tmp_path / "secret_key"
    key = generated_secret_key(path)
    assert generated_secret_key(path) == key
    path.chmod(0o644)
    with pytest.raises(SettingError, match="chmod 600"):
        generated_secret_key(path)


def test_an_empty_key_file_is_refused(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("")
    path.chmod(0o600)
    with pytest.raises(SettingError, match="delete it"):
        generated_secret_key(path)
