"""`gongkai import FILE... [--agency NAME]`: put report files into the library (the same service as upload).

One line per file: created / duplicate / failed with the reason. Exit status 2 when any file failed (after
the others were processed), so scripts notice a partial import.
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("import", help="import annual report files into the library (年报库)")
    p.add_argument("files", nargs="+", metavar="FILE", help="report files (txt, html, pdf, docx, md)")
    p.add_argument("--agency", help="file the reports under this agency instead of the one read from them")
    p.set_defaults(func=run)


def run(args) -> int:
    from . import django_setup

    django_setup()
    from gongkai.web.library.services import ReportRejected, report_import

    failed = 0
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            failed += 1
            print(f"failed     {name}: 无法打开文件（{exc.strerror or exc}）")
            continue
        try:
            result = report_import(data=data, name=path.name, agency=args.agency)
        except ReportRejected as exc:
            failed += 1
            print(f"failed     {name}: {exc.message} [{exc.reason}]")
            continue
        r = result.report
        what = "created" if result.created else "duplicate"
        summary = f"{r.agency_display} {r.year or '—'} {r.template_label}"
        if result.created:
            summary += f", {r.figures_count} figures, {r.error_count} errors, {r.warning_count} warnings"
        print(f"{what:<10} {name}: #{r.pk} {summary}")
    if failed:
        print(f"{failed} of {len(args.files)} files failed", file=sys.stderr)
        return 2
    return 0
