"""`gongkai restore DIR`: restore a backup made by `gongkai backup` into the empty database (DATABASE_URL) and
data dir (GONGKAI_DATA_DIR) of this environment. The manifest is verified first: a missing or changed file
stops the restore before anything is written. A backup from an older gongkai is migrated afterwards.
"""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("restore", help="restore a backup into an empty database and data dir",
                       description="gongkai restore DIR")
    p.add_argument("dir", metavar="DIR", help="a directory written by `gongkai backup`")
    p.set_defaults(func=run)


def run(args) -> int:
    from . import django_setup

    django_setup()
    from gongkai.web.applications.audit import verify_chain
    from gongkai.web.common.backup import restore_backup

    summary = restore_backup(Path(args.dir))
    print(f"restore: {summary.applications} application(s), {summary.reports} report(s), "
          f"{summary.events} audit event(s), {summary.files} stored file(s)")
    count, broken = verify_chain()
    print(f"restore: audit chain {'intact' if broken is None else f'BROKEN: {broken}'} ({count} event(s))")
    return 0 if broken is None else 1
