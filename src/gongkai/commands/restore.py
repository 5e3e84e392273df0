"""`gongkai restore DIR`: restore a backup made by `gongkai backup` into the empty database (DATABASE_URL) and
data dir (GONGKAI_DATA_DIR) of this environment. The manifest is verified first: a missing or changed file
stops the restore before anything is written. A backup from an older gongkai is migrated afterwards.
"""

from __future__ import annotations

import sys
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
    keys_ok = _personal_data_decrypts()
    if not keys_ok:
        print("restore: the applicants' personal data in this backup does not decrypt with GONGKAI_DATA_KEYS: "
              "set the data keys of the site that made the backup (they are kept apart from backups)",
              file=sys.stderr)
    return 0 if broken is None and keys_ok else 1


def _personal_data_decrypts() -> bool:
    """A backup restored under other data keys looks complete until someone opens an application; say so now.
    A few rows are enough: every value of one site is encrypted with the same keys."""
    from gongkai.core.privacy import UndecryptableValue
    from gongkai.web.applications.models import Application

    try:
        list(Application.objects.only("pk", "applicant_name", "id_number", "phone", "address").order_by("-pk")[:5])
    except UndecryptableValue:
        return False
    return True
