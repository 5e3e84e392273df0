"""`gongkai search QUERY [--agency CODE] [--json]`: the registry's full-text search from the terminal.

--json prints an array, best first, of {"index_no", "title", "agency", "doc_number", "published", "url",
"snippet"} (`url` is the public item page, `published` YYYY-MM-DD, `snippet` plain text).
"""

from __future__ import annotations

import json
import sys

from . import require_database


def register(sub) -> None:
    p = sub.add_parser("search", help="search the published items of the registry (Chinese full text, 文号, 索引号)")
    p.add_argument("query", help="words (all must match), a 文号 or a 索引号")
    p.add_argument("--agency", metavar="CODE", help="only this agency and its subordinate agencies")
    p.add_argument("--limit", type=int, default=20, help="at most this many results (default 20)")
    p.add_argument("--json", action="store_true", help="print a JSON array instead of lines")
    p.set_defaults(func=run)


def run(args) -> int:
    require_database("registry_item", "search_searchentry")
    from gongkai.web.search.public import hits_for

    results = hits_for(args.query, agency_code=args.agency, limit=max(1, min(args.limit, 200)))
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for r in results:
        print(f"{r['published']}  {r['index_no']}  {r['title']}" + (f"（{r['doc_number']}）" if r["doc_number"] else ""))
        print(f"    {r['agency']}  {r['url']}")
        if r["snippet"]:
            print(f"    {r['snippet']}")
    if not results:
        print("没有找到符合条件的信息。", file=sys.stderr)
    return 0
