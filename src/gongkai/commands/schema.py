"""`gongkai schema [--write]`: print (or regenerate the shipped copy of) the statistics JSON Schema."""

from __future__ import annotations

import json


def register(sub) -> None:
    p = sub.add_parser("schema", help="print the gongkai.annual-stats/1 JSON Schema generated from the model")
    p.add_argument("--write", action="store_true", help="rewrite the schema file shipped in the package")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..core.stats.schema import build_schema, write_schema

    if args.write:
        print(write_schema())
    else:
        print(json.dumps(build_schema(), ensure_ascii=False, indent=2))
    return 0
