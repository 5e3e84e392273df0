"""`gongkai metrics [--markdown | --json]`: the metric dictionary (what each supervision figure counts)."""

from __future__ import annotations

import dataclasses
import json


def register(sub) -> None:
    p = sub.add_parser("metrics", help="print the metric dictionary (numerator, denominator, period, N/A rule)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--markdown", action="store_true", help="print docs/metrics.md")
    fmt.add_argument("--json", action="store_true", help="print the dictionary as a JSON array")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..core.metrics import METRICS
    from ..core.metrics.markdown import metrics_markdown

    if args.markdown:
        print(metrics_markdown(), end="")
    elif args.json:
        print(json.dumps([dataclasses.asdict(m) for m in METRICS], ensure_ascii=False, indent=2))
    else:
        width = max(len(m.key) for m in METRICS)
        for m in METRICS:
            print(f"{m.key:<{width}}  {m.label}")
    return 0
