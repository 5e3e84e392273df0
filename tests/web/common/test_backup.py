"""`gongkai backup` while applications are being submitted, then `gongkai restore` into a fresh data dir and
database: every application acknowledged before the backup started is there, every stored file matches its
checksum, and the restored system works (audit chain intact, a new submission). A changed backup is refused
before anything is restored, naming the file.

Each installation (the source, each restore target) is its own data dir, and on PostgreSQL its own database
created here and dropped afterwards; the programs run as subprocesses, as an operator would run them, so the
writer really commits while the backup reads (pytest-django's test transaction would hide that).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[3]
POSTGRES = connection.vendor == "postgresql"
ACKED_BEFORE_BACKUP = 15


class Site:
    """One installation: a data dir and (on PostgreSQL) a database of its own."""

    def __init__(self, root: Path, name: str):
        self.data = root / name
        self.db = None
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
        env.update(GONGKAI_DEBUG="1", GONGKAI_DATA_DIR=str(self.data), GONGKAI_TASKS_IMMEDIATE="1")
        if POSTGRES:
            base = dj_database_url.parse(os.environ["DATABASE_URL"])
            self.db = f"gk_bk_{name}_{uuid.uuid4().hex[:8]}"
            _admin(f'CREATE DATABASE "{self.db}"')
            env["DATABASE_URL"] = _url(base, self.db)
        self.env = env

    def gongkai(self, *args, timeout=60) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], env=self.env, cwd=REPO,
                              capture_output=True, text=True, timeout=timeout)

    def script(self, *args, timeout=60, **kw):
        return subprocess.Popen([sys.executable, "-m", "tests.web.common.backup_scripts", *args], env=self.env,
                                cwd=REPO, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)

    def inspect(self) -> dict:
        proc = self.script("inspect")
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        return json.loads(out)

    def drop(self) -> None:
        if self.db:
            _admin(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')


def _url(base: dict, name: str) -> str:
    auth = base["USER"] + (f":{base['PASSWORD']}" if base.get("PASSWORD") else "")
    return f"postgres://{auth}@{base['HOST']}:{base.get('PORT') or 5432}/{name}"


def _admin(sql: str) -> None:
    import psycopg

    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    with psycopg.connect(_url(base, base["NAME"]), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("backup")
    made: list[Site] = []

    def site(name: str) -> Site:
        made.append(Site(root, name))
        return made[-1]

    try:
        yield root, site
    finally:
        for s in made:
            s.drop()


@pytest.fixture(scope="module")
def backup_under_load(sites):
    """A source site with applications being submitted while `gongkai backup` runs. Returns (backup dir,
    codes acknowledged before the backup started, all codes acknowledged by the writer)."""
    root, site = sites
    source = site("source")
    result = source.gongkai("manage", "migrate", "--noinput", timeout=120)
    assert result.returncode == 0, result.stderr
    stop = root / "stop"
    writer = source.script("write", str(stop))
    acked: list[str] = []
    ready = threading.Event()

    def read():
        for line in writer.stdout:
            if line.startswith("ACK "):
                acked.append(line.split()[1])
            if len(acked) >= ACKED_BEFORE_BACKUP:
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(60), writer.stderr.read() if writer.poll() is not None else "writer too slow"
        before = list(acked)  # each line was printed after its commit, so all of these precede the backup
        assert len(before) >= ACKED_BEFORE_BACKUP, writer.stderr.read()
        backup_dir = root / "backup"
        result = source.gongkai("backup", str(backup_dir), timeout=120)
        during = len(acked) - len(before)
    finally:
        stop.touch()
        writer.wait(timeout=60)
        reader.join(timeout=10)
    assert writer.returncode == 0, writer.stderr.read()
    assert result.returncode == 0, result.stderr
    assert during > 0 or len(acked) > len(before), "no submission overlapped the backup"
    return backup_dir, before, list(acked)


def test_restore_has_every_application_acknowledged_before_the_backup(sites, backup_under_load):
    root, site = sites
    backup_dir, before, all_acked = backup_under_load
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["database"]["engine"] == ("postgresql" if POSTGRES else "sqlite")
    from django.db.migrations.loader import MigrationLoader

    leaves = dict(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    assert manifest["migrations"]["applications"] == leaves["applications"]
    assert (backup_dir / manifest["database"]["file"]).stat().st_mode & 0o777 == 0o600
    assert (backup_dir / "files").stat().st_mode & 0o777 == 0o700
    assert manifest["counts"]["applications"] >= len(before)

    target = site("restored")
    result = target.gongkai("restore", str(backup_dir), timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"restore: {manifest['counts']['applications']} application(s)" in result.stdout
    assert "audit chain intact" in result.stdout

    restored = target.inspect()
    codes = set(restored["codes"])
    assert set(before) <= codes, f"lost: {sorted(set(before) - codes)}"
    assert codes <= set(all_acked)  # nothing the writer did not make
    assert len(codes) == manifest["counts"]["applications"]
    assert restored["attachments"] == len(codes) and restored["bad_files"] == []

    # The restored system works: it takes a new application (sequences and the chain head came along)
    # and its audit chain still verifies with the new event appended.
    writer = target.script("write", str(root / "never"), "1")
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0 and "ACK " in out, err
    result = target.gongkai("audit", "verify")
    assert result.returncode == 0, result.stderr
    assert f"{manifest['counts']['audit_events'] + 1} event(s), chain intact" in result.stdout


def test_a_changed_backup_is_refused_before_anything_is_restored(sites, backup_under_load):
    root, site = sites
    backup_dir, _, _ = backup_under_load
    changed = root / "changed"
    shutil.copytree(backup_dir, changed)
    victim = sorted(p for p in (changed / "files").rglob("*") if p.is_file())[0]
    victim.write_bytes(victim.read_bytes() + b"tampered")
    name = victim.relative_to(changed).as_posix()

    result = site("unused").gongkai("backup", "verify", str(changed))
    assert result.returncode == 1 and name in result.stderr

    target = site("refused")
    result = target.gongkai("restore", str(changed))
    assert result.returncode != 0
    assert name in result.stderr and "Traceback" not in result.stderr
    assert not (target.data / "files").exists() or not any((target.data / "files").iterdir())
    assert not (target.data / "gongkai.sqlite3").exists()
    if POSTGRES:
        result = target.gongkai("manage", "showmigrations", "applications")
        assert "[X]" not in result.stdout  # the database is still empty


def test_backup_and_restore_refuse_directories_that_are_not_empty(sites, backup_under_load):
    root, site = sites
    backup_dir, _, _ = backup_under_load
    source = site("again")
    result = source.gongkai("backup", str(backup_dir))
    assert result.returncode == 2 and "is not empty" in result.stderr and "Traceback" not in result.stderr

    target = site("busy")
    assert target.gongkai("manage", "migrate", "--noinput", timeout=120).returncode == 0
    result = target.gongkai("restore", str(backup_dir))
    assert result.returncode == 2 and "is not empty" in result.stderr and "Traceback" not in result.stderr


def test_a_restore_under_other_data_keys_says_the_personal_data_does_not_decrypt(sites, backup_under_load):
    from gongkai.core.privacy import new_key

    root, site = sites
    backup_dir, _, _ = backup_under_load
    target = site("otherkeys")
    target.env["GONGKAI_DATA_KEYS"] = new_key()  # not the key of the site that made the backup
    result = target.gongkai("restore", str(backup_dir), timeout=120)
    assert result.returncode == 1
    assert "does not decrypt with GONGKAI_DATA_KEYS" in result.stderr and "Traceback" not in result.stderr
    assert "audit chain intact" in result.stdout


def test_a_backup_from_before_the_audit_chain_is_migrated_and_chained_on_restore(sites):
    """A backup taken at an older migration state (here: before the hash chain existed) is restored and then
    migrated; the migration chains the events it finds, so the restored trail verifies."""
    root, site = sites
    old = site("old")
    assert old.gongkai("manage", "migrate", "--noinput", timeout=120).returncode == 0
    writer = old.script("write", str(root / "never"), "3")
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0 and out.count("ACK ") == 3, err
    result = old.gongkai("manage", "migrate", "applications", "0004", "--noinput", timeout=120)
    assert result.returncode == 0, result.stderr
    backup_dir = root / "old-backup"
    assert old.gongkai("backup", str(backup_dir)).returncode == 0
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["migrations"]["applications"].startswith("0004")

    target = site("upgraded")
    result = target.gongkai("restore", str(backup_dir), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "from an older gongkai; migrating" in result.stdout
    assert "restore: 3 application(s)" in result.stdout and "audit chain intact (3 event(s))" in result.stdout
