"""Backups of a gongkai installation, and their restore (`gongkai backup DIR`, `gongkai restore DIR`).

A backup directory holds

    database.sqlite3  or  database.pgdump   a consistent snapshot of the database
    files/...                               the stored files (MEDIA_ROOT: attachments, report files)
    manifest.json                           format, versions, time, engine, migration state, and the
                                            sha256 and size of every other file (gongkai.core.backup_manifest)

Consistency. The database is snapshotted first (SQLite: the online backup API, one read transaction; PostgreSQL:
pg_dump inside an exported snapshot), then the files are copied. Every stored file is written to disk *before*
the transaction that references it commits (applications: `_store_attachments` writes the file, then creates the
Attachment row in the same transaction; reports: `_store_file` then the ReportFile row), so every file referenced
by a row in the snapshot already existed when the snapshot was taken, and copying afterwards finds it. Files
that arrive after the snapshot are copied too or not; either way they are harmless (no row in the snapshot names
them; a restored system simply has an unreferenced content-addressed file). The one way a referenced file can
vanish between the snapshot and the copy is a report deleted meanwhile (its file is removed after its delete
commits): the backup reads the referenced paths from the snapshot itself and refuses to finish when one is
missing, so a backup that completes holds every file its database needs.

Keys for encrypted personal data are not in a backup (they come from the environment); see docs/backup.md.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from gongkai import __version__
from gongkai.core import backup_manifest
from gongkai.core.errors import GongkaiError

SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"
FILES = "files"
# Tables whose rows name a stored file (relative to MEDIA_ROOT), read from the snapshot.
_REFERENCES = ("SELECT stored_path FROM applications_attachment",
               "SELECT stored_path FROM library_reportfile")
# Partial writes of the stores (renamed into place when complete): never part of a backup.
_PARTIAL_PREFIXES = (".upload-",)
_PARTIAL_SUFFIXES = (".part",)


class BackupError(GongkaiError):
    code = "backup"

    def __str__(self) -> str:  # the CLI prefixes "gongkai backup:" already
        return self.detail


@dataclass(frozen=True)
class Summary:
    applications: int
    reports: int
    events: int
    files: int


def _engine(settings) -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"database engine {engine} is not supported by backup/restore")


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def _is_empty_dir(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def _pg_env(settings) -> dict:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run_pg_tool(argv: list[str], settings) -> None:
    tool = shutil.which(argv[0])
    if tool is None:
        raise BackupError(f"{argv[0]} not found on PATH (install the PostgreSQL client of the server's version)")
    result = subprocess.run([tool, *argv[1:]], env=_pg_env(settings), capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        raise BackupError(f"{argv[0]} failed: {lines[-1] if lines else f'exit status {result.returncode}'}")


# --- backup ------------------------------------------------------------------------------------------------

def _latest_migrations(rows) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in rows:  # ordered by id: the last applied wins
        latest[app] = name
    return dict(sorted(latest.items()))


def _snapshot_sqlite(settings, dest: Path) -> tuple[dict, set[str], dict]:
    source = Path(settings.DATABASES["default"]["NAME"])
    if not source.exists():
        raise BackupError(f"no database at {source} (run `gongkai manage migrate` first)")
    target = dest / SQLITE_NAME
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    src = sqlite3.connect(source, timeout=20)
    dst = sqlite3.connect(target)
    try:
        # One read transaction over the whole copy (pages=-1): a consistent snapshot while the site writes
        # (WAL mode lets the writers go on).
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        rows = dst.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
        referenced = {r[0] for q in _REFERENCES for r in dst.execute(q)}
        counts = _counts(dst.cursor())
    finally:
        src.close()
        dst.close()
    return _latest_migrations(rows), referenced, counts


def _snapshot_postgresql(settings, dest: Path) -> tuple[dict, set[str], dict]:
    import psycopg

    db = settings.DATABASES["default"]
    target = dest / PG_NAME
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conninfo = dict(dbname=db["NAME"], user=db.get("USER") or None, password=db.get("PASSWORD") or None,
                    host=db.get("HOST") or None, port=db.get("PORT") or None)
    # autocommit: the transaction is begun explicitly, so its isolation level is the one asked for.
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        with conn.cursor() as cur:
            # pg_dump reads the very snapshot this transaction exports, and the migration state and referenced
            # files are read from it too (REPEATABLE READ: one snapshot for the whole transaction): the dump,
            # the manifest and the file check agree.
            cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cur.execute("SHOW transaction_isolation")
            if cur.fetchone()[0] != "repeatable read":
                raise BackupError("could not open a repeatable-read snapshot of the database")
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            _run_pg_tool(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], settings)
            cur.execute("SELECT app, name FROM django_migrations ORDER BY id")
            rows = cur.fetchall()
            referenced = set()
            for query in _REFERENCES:
                cur.execute(query)
                referenced.update(r[0] for r in cur.fetchall())
            counts = _counts(cur)
            cur.execute("COMMIT")
    os.chmod(target, 0o600)
    return _latest_migrations(rows), referenced, counts


def _counts(cur) -> dict:
    out = {}
    for key, table in (("applications", "applications_application"), ("reports", "library_reportstats"),
                       ("audit_events", "applications_applicationevent")):
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        out[key] = cur.fetchone()[0]
    return out


def _copy_files(media: Path, dest: Path) -> int:
    _private_dir(dest)
    copied = 0
    if not media.exists():
        return 0
    for root, dirs, files in os.walk(media):
        dirs.sort()
        rel_root = Path(root).relative_to(media)
        for d in dirs:
            _private_dir(dest / rel_root / d)
        for name in sorted(files):
            if name.startswith(_PARTIAL_PREFIXES) or name.endswith(_PARTIAL_SUFFIXES):
                continue
            src = Path(root) / name
            target = dest / rel_root / name
            try:
                with open(src, "rb") as fin:
                    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with open(fd, "wb") as fout:
                        shutil.copyfileobj(fin, fout, 1 << 20)
            except FileNotFoundError:
                continue  # removed since the listing (a rolled-back upload): the snapshot does not name it
            copied += 1
    return copied


def make_backup(dest: Path, *, allow_missing_files: bool = False) -> dict:
    """Write a backup into `dest` (new or empty); returns the manifest."""
    from django.conf import settings

    engine = _engine(settings)
    if dest.exists() and not dest.is_dir():
        raise BackupError(f"{dest} is not a directory")
    if not _is_empty_dir(dest):
        raise BackupError(f"{dest} is not empty: a backup goes into a new or empty directory")
    _private_dir(dest)
    try:
        return _write_backup(settings, engine, dest, allow_missing_files)
    except BaseException:
        # Never leave a half backup that looks like one: the directory was empty, so empty it again.
        for child in dest.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise


def _write_backup(settings, engine: str, dest: Path, allow_missing_files: bool) -> dict:
    created = datetime.now(UTC).isoformat(timespec="seconds")
    # 1. the database snapshot, 2. the files (see the module docstring for why this order is safe).
    if engine == "sqlite":
        migrations, referenced, counts = _snapshot_sqlite(settings, dest)
    else:
        migrations, referenced, counts = _snapshot_postgresql(settings, dest)
    copied = _copy_files(Path(settings.MEDIA_ROOT), dest / FILES)
    missing = sorted(p for p in referenced if not (dest / FILES / p).is_file())
    if missing and not allow_missing_files:
        raise BackupError(f"{len(missing)} stored file(s) named by the database are not in {settings.MEDIA_ROOT} "
                          f"(first: {missing[0]}); deleted during the backup? run it again "
                          f"(--allow-missing-files records them and finishes)")
    info = {
        "gongkai_version": __version__,
        "created_at": created,
        "database": {"engine": engine, "file": SQLITE_NAME if engine == "sqlite" else PG_NAME},
        "migrations": migrations,
        "counts": {**counts, "files": copied},
        "missing_files": missing,
    }
    return backup_manifest.write(dest, info)


# --- restore -----------------------------------------------------------------------------------------------

def _check_migrations_known(manifest: dict) -> None:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for app, name in manifest.get("migrations", {}).items():
        if (app, name) not in known:
            raise BackupError(f"the backup's database is at migration {app}.{name}, which this gongkai "
                              f"({__version__}) does not know: restore it with the gongkai version that made it "
                              f"({manifest.get('gongkai_version')}) or newer")


def _target_problems(settings, engine: str) -> str | None:
    media = Path(settings.MEDIA_ROOT)
    if not _is_empty_dir(media):
        return f"the stored files directory {media} is not empty"
    if engine == "sqlite":
        path = Path(settings.DATABASES["default"]["NAME"])
        if path.exists() and path.stat().st_size > 0:
            con = sqlite3.connect(path)
            try:
                tables = con.execute("SELECT COUNT(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            finally:
                con.close()
            if tables:
                return f"the database {path} is not empty"
        return None
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        tables = cur.fetchone()[0]
    connection.close()
    if tables:
        return f"the database {settings.DATABASES['default']['NAME']} is not empty ({tables} tables)"
    return None


def restore_backup(source: Path, *, log=print) -> Summary:
    """Verify the backup in `source`, then restore it into the empty database and data dir configured by
    the environment, and migrate it when it comes from an older gongkai. Nothing is touched before the
    manifest checks out."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        manifest = backup_manifest.check(source)
    except backup_manifest.ManifestError as exc:
        raise BackupError(f"the backup does not verify: {exc}") from None
    engine = _engine(settings)
    backed_up = manifest.get("database", {}).get("engine")
    if backed_up != engine:
        raise BackupError(f"the backup holds a {backed_up} database; DATABASE_URL points at {engine}")
    _check_migrations_known(manifest)
    problem = _target_problems(settings, engine)
    if problem:
        raise BackupError(f"{problem}: restore only into an empty database and data dir")

    media = Path(settings.MEDIA_ROOT)
    if engine == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        for extra in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            extra.unlink(missing_ok=True)
        tmp = target.with_name(target.name + ".restoring")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(source / SQLITE_NAME, "rb") as fin, open(fd, "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
        tmp.replace(target)
    else:
        connection.close()
        # One transaction: a failure leaves the database as empty as it was.
        _run_pg_tool(["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                      f"--dbname={settings.DATABASES['default']['NAME']}", str(source / PG_NAME)], settings)
    log(f"restore: database restored ({engine}, backup of {manifest.get('created_at')})")

    copied = _copy_files(source / FILES, media) if (source / FILES).exists() else 0
    log(f"restore: {copied} stored file(s) restored into {media}")

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        log("restore: the backup is from an older gongkai; migrating")
        call_command("migrate", interactive=False, verbosity=0)

    from gongkai.web.applications.models import Application, ApplicationEvent
    from gongkai.web.library.models import ReportStats

    return Summary(applications=Application.objects.count(), reports=ReportStats.objects.count(),
                   events=ApplicationEvent.objects.count(), files=copied)
