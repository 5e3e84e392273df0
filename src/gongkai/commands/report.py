"""`gongkai report build --agency CODE --year YYYY [--subtree] --format json|html|docx|xlsx|pdf [-o FILE]`.

Builds the annual report of one agency (or, with --subtree, of the agency and all its descendants) from the
records, without storing anything: the same figures as the staff pages' 生成报告, computed read-only. The
narrative sections are the factual drafts pre-filled from the figures.

--format json prints one gongkai.annual-stats/1 object (template "2021" from 2021, "2019" for 2019–2020) on
stdout, or writes it to -o. html goes to stdout or -o; docx, xlsx and pdf need -o. Errors (unknown agency,
a year before 2019, a binary format without -o, an unmigrated database) print one line on stderr and exit 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FORMATS = ("json", "html", "docx", "xlsx", "pdf")
BINARY = ("docx", "xlsx", "pdf")


def register(sub) -> None:
    p = sub.add_parser(
        "report", help="build an annual disclosure report (年度报告) from the records, without storing it",
        description="gongkai report build --agency CODE --year YYYY [--subtree] --format FORMAT [-o FILE]",
    )
    p.add_argument("action", choices=["build"], help="build: compute the report from the records")
    p.add_argument("--agency", required=True, metavar="CODE", help="the agency's code (机关代码)")
    p.add_argument("--year", required=True, metavar="YYYY", help="the reporting year (2019 or later)")
    p.add_argument("--subtree", action="store_true", help="the agency and all its descendants (汇总报告)")
    p.add_argument("--format", default="json", metavar="FORMAT",
                   help="json (default), html, docx, xlsx or pdf")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (required for docx, xlsx, pdf)")
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"gongkai report: {message}", file=sys.stderr)
    return 2


def run(args) -> int:
    fmt = (args.format or "").lower()
    if fmt not in FORMATS:
        return _fail(f"unknown format {args.format!r}: use one of {', '.join(FORMATS)}")
    if fmt in BINARY and not args.output:
        return _fail(f"--format {fmt} writes a binary file: give it with -o FILE")
    try:
        year = int(args.year)
    except ValueError:
        return _fail(f"--year {args.year!r} is not a year")
    if year < 2019:
        return _fail(f"no national report format before 2019 (got {year})")

    from . import require_database

    require_database("agencies_agency", "applications_application", "reports_yearlyfigure")

    from gongkai.web.agencies.models import Agency
    from gongkai.web.reports import services

    agency = Agency.objects.filter(code=args.agency).first()
    if agency is None:
        return _fail(f"no agency with code {args.agency!r} (see `gongkai agencies`)")
    stats = services.compute_stats(agency=agency, year=year, subtree=args.subtree)
    if fmt == "json":
        data = (json.dumps(stats.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        from gongkai.core.annual import narrative_drafts

        data = services.render_document(services.document_for(stats, narrative_drafts(stats)), fmt)
    if args.output:
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            return _fail(f"cannot write {args.output} ({exc.strerror or exc})")
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0
