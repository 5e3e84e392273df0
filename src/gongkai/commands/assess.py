"""`gongkai assess run --region CODE --year YYYY [--json]`: score every agency of a region against its indicator
set for the year, read-only (what the preview page shows): ranks, totals and points per indicator.

A region without a set for the year, a set whose weights do not add up, or one that uses a metric without a
data source prints one line on stderr (the Chinese message) and exits 2. Publishing stays on the pages, where
the supervisor who publishes is recorded."""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser("assess", help="score a region's agencies against its assessment indicator set (read-only)")
    actions = p.add_subparsers(dest="assess_action", metavar="ACTION", required=True)
    run_p = actions.add_parser("run", help="score every agency of the region for the year, without publishing")
    run_p.add_argument("--region", required=True, help="the region's (or government's) agency code")
    run_p.add_argument("--year", type=int, required=True, help="the assessment year")
    run_p.add_argument("--json", action="store_true", help="print the results as JSON")
    run_p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"gongkai assess: {message}", file=sys.stderr)
    return 2


def run(args) -> int:
    from . import django_setup

    django_setup()
    from ..core.assessment import AssessmentError
    from ..web.agencies.models import Agency
    from ..web.supervision.assessment import services
    from ..web.supervision.models import IndicatorSetDraft

    region = Agency.objects.filter(code=args.region).first()
    if region is None:
        return _fail(f"没有代码为“{args.region}”的机关。")
    draft = IndicatorSetDraft.objects.filter(region=region, year=args.year).first()
    if draft is None:
        return _fail(f"{region.name}{args.year}年度尚无考核指标体系，请先在“考核”页面创建。")
    try:
        result = services.run(draft)
    except AssessmentError as e:
        return _fail(e.message)
    keys = [i.key for i in result.indicator_set.indicators]
    rows = [{"rank": r.rank, "agency": result.agencies[r.agency].code, "name": result.agencies[r.agency].name,
             "total": r.total, "failed": r.failed, "vetoed": r.vetoed,
             "points": {sc.key: sc.points for sc in r.indicators},
             "values": {sc.key: sc.value for sc in r.indicators}} for r in result.results]
    if args.json:
        print(json.dumps({"region": region.code, "year": args.year, "title": draft.title,
                          "total": result.indicator_set.total, "indicators": keys, "agencies": rows},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"{draft.title}（{len(rows)} 个机关，满分 {result.indicator_set.total:g}，未发布的试算）")
    print("名次\t总分\t" + "\t".join(keys) + "\t机关")
    for r in rows:
        points = "\t".join("—" if r["points"][k] is None else f"{r['points'][k]:g}" for k in keys)
        total = "—" if r["total"] is None else f"{r['total']:g}"
        mark = " 不合格" if r["failed"] else ""
        print(f"{r['rank'] or '—'}\t{total}\t{points}\t{r['name']}（{r['agency']}）{mark}")
    return 0
