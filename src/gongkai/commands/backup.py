"""`gongkai backup DIR`: a consistent snapshot of the database and the stored files, with a manifest of
checksums (see gongkai.web.common.backup and docs/backup.md). `gongkai backup verify DIR` checks a backup
against its manifest without touching any database.
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("backup", help="back up the database and stored files into a new directory",
                       description="gongkai backup DIR | gongkai backup verify DIR")
    p.add_argument("words", nargs="+", metavar="DIR", help="DIR (new or empty), or: verify DIR")
    p.add_argument("--allow-missing-files", action="store_true",
                   help="finish even when files named by the database are missing (they are listed in the manifest)")
    p.set_defaults(func=run, _parser=p)


def run(args) -> int:
    words = args.words
    if len(words) == 2 and words[0] == "verify":
        return verify(Path(words[1]))
    if len(words) != 1:
        args._parser.error("expected DIR or: verify DIR")
    from . import django_setup

    django_setup()
    from gongkai.web.common.backup import make_backup

    dest = Path(words[0])
    manifest = make_backup(dest, allow_missing_files=args.allow_missing_files)
    counts = manifest["counts"]
    print(f"backup: {dest} ({manifest['database']['engine']}): {counts['applications']} application(s), "
          f"{counts['reports']} report(s), {counts['audit_events']} audit event(s), {counts['files']} stored "
          f"file(s); {len(manifest['files'])} file(s) in the manifest")
    for name in manifest["missing_files"]:
        print(f"backup: warning: missing stored file {name}", file=sys.stderr)
    return 0


def verify(path: Path) -> int:
    from gongkai.core import backup_manifest

    try:
        manifest = backup_manifest.check(path)
    except backup_manifest.ManifestError as exc:
        print(f"backup verify: {exc}", file=sys.stderr)
        return 1
    print(f"backup verify: {path}: {len(manifest['files'])} file(s) match the manifest "
          f"(gongkai {manifest.get('gongkai_version')}, {manifest.get('created_at')})")
    return 0
