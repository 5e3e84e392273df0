"""`gongkai items import FILE [--json]` and `gongkai items export --agency CODE [--format csv|jsonl] [--output FILE]`.

Import: already-published items from an old CMS, CSV (UTF-8, UTF-8 with BOM, GB18030) or XLSX, header in
Chinese or English (docs/cli.md lists the columns). All or nothing: any bad row prints one line per error on
stderr, `第N行：<message>` (N as Excel shows it, the header is row 1), stores nothing, exit 2. With --json the
summary on success is {"imported", "agencies": {code: n}, "assigned_index_no", "first_index_no",
"last_index_no"} and on failure {"imported": 0, "errors": [{"row": N, "message": …}, …]} on stdout (exit 2).

Export: an agency's published items with the import's columns (so an export re-imports): CSV with the
Chinese headers and labels (UTF-8 with BOM, for Excel), or JSON Lines with the English keys and codes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("items", help="bulk import or export registry items (政府信息批量导入、导出)",
                       description="gongkai items import FILE [--json] | gongkai items export --agency CODE "
                                   "[--format csv|jsonl] [--output FILE]")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="import already-published items from a CSV/XLSX file (all or nothing)")
    imp.add_argument("file", metavar="FILE", help="CSV (UTF-8, UTF-8 BOM or GB18030) or XLSX file")
    imp.add_argument("--json", action="store_true", help="print the summary (or the errors) as JSON")
    imp.set_defaults(func=run_import)
    exp = actions.add_parser("export", help="export an agency's published items as CSV or JSON Lines")
    exp.add_argument("--agency", required=True, metavar="CODE", help="the agency's code (gongkai agencies)")
    exp.add_argument("--format", choices=["csv", "jsonl"], default="csv", help="csv (default) or jsonl")
    exp.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    exp.set_defaults(func=run_export)


def run_import(args) -> int:
    from . import require_database

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"gongkai items import: 无法打开文件 {path}（{exc.strerror or exc}）", file=sys.stderr)
        return 2
    require_database("registry_item", "agencies_agency")
    from gongkai.web.registry.bulk import ItemImportError, items_import

    try:
        summary = items_import(data, path.name)
    except ItemImportError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        if args.json:
            print(json.dumps({"imported": 0, "errors": [_error_json(e) for e in exc.errors]}, ensure_ascii=False))
        else:
            print(f"{path.name}：{len(exc.errors)} 处错误，未导入任何内容。", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False))
    else:
        print(f"{path.name}：{summary.line()}")
    return 0


def _error_json(line: str) -> dict:
    m = re.match(r"^第(\d+)行：(.*)$", line, re.S)
    return {"row": int(m[1]), "message": m[2]} if m else {"row": None, "message": line}


def run_export(args) -> int:
    from . import require_database

    require_database("registry_item", "agencies_agency")
    from gongkai.web.agencies.models import Agency
    from gongkai.web.registry.bulk import export_csv, export_jsonl

    agency = Agency.objects.filter(code=args.agency).first()
    if agency is None:
        print(f"gongkai items export: 机关代码“{args.agency}”不存在（见 gongkai agencies）。", file=sys.stderr)
        return 2
    chunks = export_csv(agency) if args.format == "csv" else export_jsonl(agency)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                for chunk in chunks:
                    out.write(chunk)
        except OSError as exc:
            print(f"gongkai items export: 无法写入 {args.output}（{exc.strerror or exc}）", file=sys.stderr)
            return 2
    else:
        for chunk in chunks:
            sys.stdout.write(chunk.lstrip("\ufeff") if chunk.startswith("\ufeff") else chunk)
    return 0
