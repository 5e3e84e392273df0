"""`gongkai fee (--items N | --pages N) [--json]`: the information processing fee (国办函〔2020〕109号).

`--items N` is one applicant's cumulative item count in a calendar month (per-item method); `--pages N` is
one application's page count (per-page method). Core-only: no Django, no database.
"""

from __future__ import annotations

import json

from ..core.errors import FeeError


def register(sub) -> None:
    p = sub.add_parser(
        "fee",
        help="compute the information processing fee (信息处理费) by item or by page",
        description="Compute the information processing fee per 国办函〔2020〕109号: per item (one applicant's "
        "cumulative items in a calendar month) or per page (one application).",
    )
    method = p.add_mutually_exclusive_group(required=True)
    method.add_argument(
        "--items", metavar="N", help="items of one applicant in one calendar month (按件计收)"
    )
    method.add_argument("--pages", metavar="N", help="pages of one application (按量计收)")
    p.add_argument("--json", action="store_true", help='print {"method", "amount_yuan", ...} as JSON')
    p.set_defaults(func=run)


def _count(value: str, option: str, label: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = None
    if n is None or n < 0:
        raise FeeError(
            f"{option}: {value!r} is not a whole number >= 0",
            message=f"{label}应为不小于 0 的整数，不能是“{value}”。",
        )
    return n


def run(args) -> int:
    from ..core.fees import quote_per_item, quote_per_page

    if args.items is not None:
        quote = quote_per_item(_count(args.items, "--items", "件数"))
    else:
        quote = quote_per_page(_count(args.pages, "--pages", "页数"))
    if args.json:
        print(json.dumps(quote.to_json(), ensure_ascii=False, indent=2))
        return 0
    method = "按件计收 per item" if quote.method == "per_item" else "按量计收 per page"
    print(f"信息处理费 fee: {quote.amount_yuan} 元 ({method}, {quote.units})")
    for line in quote.explanation():
        print(f"  - {line}")
    return 0
