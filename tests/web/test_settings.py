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


# --- applicants' personal data: the encryption keys and owner-only files (docs/privacy.md) ----------------

KEYS = "import gongkai.web.settings as s; print(','.join(s.GONGKAI_DATA_KEYS))"


def _keys(data_dir, **env) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    return subprocess.run([sys.executable, "-c", KEYS], env={**keep, "GONGKAI_DATA_DIR": str(data_dir), **env},
                          capture_output=True, text=True, timeout=60)


def test_production_without_data_keys_stops_with_one_line(tmp_path):
    result = _keys(tmp_path, GONGKAI_DEBUG="0", GONGKAI_SECRET_KEY="k" * 60)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "GONGKAI_DATA_KEYS is required" in last and "gongkai pii new-key" in last


def test_a_bad_data_key_is_named(tmp_path):
    from gongkai.core.privacy import new_key

    result = _keys(tmp_path, GONGKAI_DEBUG="0", GONGKAI_SECRET_KEY="k" * 60,
                   GONGKAI_DATA_KEYS=f"{new_key()},not-a-key")
    assert result.returncode != 0 and "GONGKAI_DATA_KEYS: key 2 is not a Fernet key" in result.stderr
    given = new_key()
    ok = _keys(tmp_path, GONGKAI_DEBUG="0", GONGKAI_SECRET_KEY="k" * 60, GONGKAI_DATA_KEYS=f" {given} ")
    assert ok.returncode == 0 and ok.stdout.strip() == given


def test_demo_generates_a_private_data_key_once_and_debug_uses_the_public_development_key(tmp_path):
    from gongkai.core.privacy import DEVELOPMENT_KEY

    first = _keys(tmp_path, GONGKAI_DEMO="1")
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "data_key"
    assert key_file.read_text().strip() == first.stdout.strip() != DEVELOPMENT_KEY
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _keys(tmp_path, GONGKAI_DEMO="1").stdout == first.stdout  # the data stays readable after a restart
    assert _keys(tmp_path / "dev", GONGKAI_DEBUG="1").stdout.strip() == DEVELOPMENT_KEY


def test_data_dir_and_sqlite_files_are_owner_only_whatever_the_umask(tmp_path):
    """A process started with a permissive umask (022) still creates the data dir, the database with its
    -wal/-shm files and the task queue for its owner only."""
    data_dir = tmp_path / "data"
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'gongkai.web.settings'; django.setup();"
            "from django.db import connection; c = connection.cursor(); c.execute('create table t (x text)');"
            "c.execute(\"insert into t values ('x')\"); print(os.listdir(os.environ['GONGKAI_DATA_DIR']))")
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    result = subprocess.run([sys.executable, "-c", code], env={**keep, "GONGKAI_DATA_DIR": str(data_dir),
                                                                 "GONGKAI_DEBUG": "1"},
                            capture_output=True, text=True, timeout=60, preexec_fn=lambda: os.umask(0o022))
    assert result.returncode == 0, result.stderr
    names = set(os.listdir(data_dir))
    assert {"gongkai.sqlite3", "tasks.sqlite3"} <= names
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for name in names:
        assert stat.S_IMODE((data_dir / name).stat().st_mode) & 0o077 == 0, name


def test_an_existing_world_readable_database_is_tightened(tmp_path):
    from gongkai.web.env import owner_only_dir, owner_only_file

    d = tmp_path / "d"
    d.mkdir(mode=0o755)
    d.chmod(0o755)
    db = d / "gongkai.sqlite3"
    db.write_bytes(b"")
    db.chmod(0o644)
    owner_only_dir(d)
    owner_only_file(db)
    assert stat.S_IMODE(d.stat().st_mode) == 0o700 and stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_shared_sticky_directory_is_refused_not_locked(tmp_path):
    from gongkai.web.env import SettingError, owner_only_dir

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    with pytest.raises(SettingError, match="shared directory"):
        owner_only_dir(shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
