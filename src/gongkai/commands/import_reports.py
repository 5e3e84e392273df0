"""`gongkai import FILE... [--agency NAME]`: put report files into the library (the same service as upload).

One line per file: created / duplicate / failed with the reason. A duplicate is the same file again or the
same report in another file (same agency, year and figures; another encoding or format), and names the
report already in the library; nothing new is stored for it. A ZIP archive is opened and each member
imported the same way, named ARCHIVE/PATH/IN/ZIP; unsafe members are refused as on the bulk import page, and
an archive refused as a whole (not a ZIP, too many files, expands beyond GONGKAI_MAX_UPLOAD_MB) is one
failed line. Synchronous: no queue or worker is involved. Exit status 2 when any file failed (after the
others were processed), so scripts notice a partial import.
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("import", help="import annual report files into the library (年报库)")
    p.add_argument("files", nargs="+", metavar="FILE", help="report files (txt, html, pdf, docx, md) or ZIP archives of them")
    p.add_argument("--agency", help="file the reports under this agency instead of the one read from them")
    p.set_defaults(func=run)


def run(args) -> int:
    from . import django_setup

    django_setup()
    from django.conf import settings

    from gongkai.web.library.services import BatchRejected, max_upload_bytes
    from gongkai.web.library.staging import is_zip_name, zip_members

    failed = total = 0
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            failed, total = failed + 1, total + 1
            print(f"failed     {name}: 无法打开文件（{exc.strerror or exc}）")
            continue
        if not is_zip_name(name):
            total += 1
            failed += not _import_one(data, name, path.name, args.agency)
            continue
        try:
            for member in zip_members(data, max_files=settings.MAX_BATCH_FILES, max_bytes=max_upload_bytes()):
                total += 1
                shown = f"{name}/{member.name}"
                if member.error:
                    failed += 1
                    print(f"failed     {shown}: {member.error} [{member.reason}]")
                else:
                    failed += not _import_one(member.data, shown, member.name, args.agency)
        except BatchRejected as exc:
            failed, total = failed + 1, total + 1
            print(f"failed     {name}: {exc.message} [{exc.code}]")
    if failed:
        print(f"{failed} of {total} files failed", file=sys.stderr)
        return 2
    return 0


def _import_one(data: bytes, shown: str, name: str, agency: str | None) -> bool:
    """Import one file and print its line; False when it failed."""
    from gongkai.web.library.services import ReportRejected, report_import

    try:
        result = report_import(data=data, name=name, agency=agency)
    except ReportRejected as exc:
        print(f"failed     {shown}: {exc.message} [{exc.reason}]")
        return False
    r = result.report
    what = "created" if result.created else "duplicate"
    summary = f"{r.agency_display} {r.year or '—'} {r.template_label}"
    if result.created:
        summary += f", {r.figures_count} figures, {r.error_count} errors, {r.warning_count} warnings"
    # A duplicate says which report it is and why (same file, or the same report in another file); a new
    # report says when the library already holds another version of it.
    note = f" — {result.message}" if result.duplicate or result.other_versions else ""
    print(f"{what:<10} {shown}: #{r.pk} {summary}{note}")
    return True
