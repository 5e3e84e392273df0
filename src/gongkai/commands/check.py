"""`gongkai check FILE.json [--json]`: run the quality checks on statistics printed by `gongkai parse --json`.

Input: one gongkai.annual-stats/1 object or an array of them (`-` reads stdin). Each object is validated
against the schema, then checked; when the input holds the same agency's report for the year before, that
one is passed as `previous` so the year-over-year rules run. Exit status: 1 when any finding is an error,
0 otherwise, 2 when the input cannot be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..core.errors import GongkaiError


class CheckInputError(GongkaiError):
    code = "bad_input"
    default_message = "无法读取待检查的统计数据。"


def register(sub) -> None:
    p = sub.add_parser(
        "check",
        help="run the quality checks on parsed statistics; exit 1 when any finding is an error",
        description="Validate gongkai.annual-stats/1 objects (as printed by `gongkai parse --json`) and run the "
        "quality checks (docs/checks.md).",
    )
    p.add_argument("file", metavar="FILE.json", help="one object or an array of objects; - for stdin")
    p.add_argument("--json", action="store_true", help="print a JSON array of {source, findings}")
    p.set_defaults(func=run)


def _load(path: str) -> list[Any]:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise CheckInputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise CheckInputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise CheckInputError(f"{path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CheckInputError(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    objects = data if isinstance(data, list) else [data]
    for i, obj in enumerate(objects):
        if not isinstance(obj, dict):
            raise CheckInputError(f"{path}: item {i} is a {type(obj).__name__}, not a JSON object")
    return objects


def _key(obj: dict) -> tuple[str, int] | None:
    agency, year = obj.get("agency"), obj.get("year")
    if isinstance(agency, str) and agency and isinstance(year, int) and not isinstance(year, bool):
        return agency, year
    return None


def check_objects(objects: list[dict], name: str) -> list[dict[str, Any]]:
    """[{source, findings}] for each object, in input order."""
    from ..core.checks import check_json, schema_findings
    from ..core.stats import AnnualStats

    # Valid objects by (agency, year), so each report can be compared with its predecessor; with duplicates
    # the first one wins.
    by_year: dict[tuple[str, int], AnnualStats] = {}
    for obj in objects:
        key = _key(obj)
        if key and key not in by_year and not schema_findings(obj):
            by_year[key] = AnnualStats.from_json(obj)

    out = []
    for i, obj in enumerate(objects):
        key = _key(obj)
        previous = by_year.get((key[0], key[1] - 1)) if key else None
        _, findings = check_json(obj, previous=previous)
        source = obj.get("source") if isinstance(obj.get("source"), str) else None
        out.append({"source": source or f"{name}[{i}]", "findings": [f.to_json() for f in findings]})
    return out


def _print_human(results: list[dict[str, Any]]) -> None:
    for r in results:
        counts = {s: sum(f["severity"] == s for f in r["findings"]) for s in ("error", "warning", "info")}
        print(f"{r['source']}: {counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info")
        for f in r["findings"]:
            print(f"  {f['severity']:<7} {f['code']}  {f['pointer'] or '-'}  {f['message']}")


def run(args) -> int:
    objects = _load(args.file)
    results = check_objects(objects, "stdin" if args.file == "-" else Path(args.file).name)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        _print_human(results)
    has_error = any(f["severity"] == "error" for r in results for f in r["findings"])
    return 1 if has_error else 0
