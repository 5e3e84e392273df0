"""`gongkai agencies [--json]` lists the agency tree; `gongkai agencies import FILE` loads a CSV/XLSX list.

Listing: depth-first (siblings by sort order, then code). With --json, one array of
{"code", "name", "parent", "level"} objects (parent = the parent's code, null for a root; level = the key:
region, government, department, office); without it, an indented tree.

Import: the same service as the admin's import page. All or nothing: on any problem every error is printed
to stderr with its row number, nothing is stored and the exit status is 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser(
        "agencies", help="list the agency tree, or import agencies from a CSV/XLSX file (机关名录)",
        description="gongkai agencies [--json] | gongkai agencies import FILE",
    )
    p.add_argument("action", nargs="?", choices=["list", "import"], default="list",
                   help="list (default) or import")
    p.add_argument("file", nargs="?", metavar="FILE", help="CSV (UTF-8 or GB18030) or XLSX file to import")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run, _parser=p)


def run(args) -> int:
    parser = args._parser
    if args.action == "import" and not args.file:
        parser.error("import needs a FILE")
    if args.action == "list" and args.file:
        parser.error(f"unexpected argument {args.file!r} (did you mean `gongkai agencies import {args.file}`?)")

    from . import require_database

    require_database("agencies_agency")
    if args.action == "import":
        return _import(Path(args.file), as_json=args.json)
    return _list(as_json=args.json)


def _list(*, as_json: bool) -> int:
    from gongkai.web.agencies.selectors import agency_tree

    entries = agency_tree()
    if as_json:
        out = [{"code": e.agency.code, "name": e.agency.name, "parent": e.parent_code, "level": e.agency.level}
               for e in entries]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not entries:
        print("（尚无机关：用 `gongkai agencies import FILE` 或管理后台导入机关名录）")
    for e in entries:
        a = e.agency
        flag = "" if a.active else "  （停用）"
        print(f"{'  ' * e.depth}{a.name}  [{a.code} · {a.level_label}]{flag}")
    return 0


def _import(path: Path, *, as_json: bool) -> int:
    from gongkai.web.agencies.services import AgencyImportError, agencies_import

    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"gongkai agencies import: 无法打开文件 {path}（{exc.strerror or exc}）", file=sys.stderr)
        return 2
    try:
        summary = agencies_import(data, path.name)
    except AgencyImportError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        print(f"{path.name}：{len(exc.errors)} 处错误，未导入任何内容。", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(summary.to_json(), ensure_ascii=False))
    else:
        print(f"{path.name}：{summary.line()}")
    return 0
