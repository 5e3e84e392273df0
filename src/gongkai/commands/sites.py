"""`gongkai sites check URL [--column KIND:URL]... [--at DATE] [--json]`: one check of another government
website now, by the 国办秘函〔2019〕19号 rules a monitor can see from outside (docs/cli.md).

No database: the page is fetched through the safe fetcher (gongkai.web.supervision.fetcher, which imports no
Django) with the GONGKAI_MONITOR_* settings. A malformed or refused URL, a bad KIND or a bad --at exits 2 with
one line; a site that does not answer is a result (`"reachable": false`), exit 0.
"""

from __future__ import annotations

import json
import sys
from datetime import date

KINDS = ("news", "notices", "other")


def register(sub) -> None:
    p = sub.add_parser(
        "sites",
        help="check other government websites (column updates, availability) per 国办秘函〔2019〕19号",
        description="Monitor of other government websites. `sites check` fetches a site's home page and "
        "columns now and reports their last update and the 19号 findings.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = actions.add_parser(
        "check",
        help="check one site now",
        description="Fetch the home page and each --column, find their dated lists, and report the last "
        "update, stale columns (news: 2 weeks, notices: 6 months) and broken links.",
    )
    c.add_argument("url", metavar="URL", help="the site's home page (http or https)")
    c.add_argument("--column", action="append", default=[], metavar="KIND:URL",
                   help="a column to check; KIND is news (动态/要闻, 2 weeks), notices (通知公告/政策文件, 6 months) "
                   "or other (never stale by rule); repeatable")
    c.add_argument("--at", metavar="DATE", help="the check date YYYY-MM-DD (default today)")
    c.add_argument("--json", action="store_true",
                   help='print {"url", "reachable", "last_update", "columns": [...], "findings": [...]}')
    c.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"gongkai sites: {message}", file=sys.stderr)
    return 2


def _columns(values: list[str]):
    from ..web.supervision.monitoring import ColumnSpec

    specs = []
    for value in values:
        kind, sep, url = value.partition(":")
        if not sep or kind not in KINDS:
            raise ValueError(f"--column {value!r}: expected KIND:URL with KIND one of news, notices, other "
                             f"（栏目类型应为 news、notices 或 other）")
        specs.append(ColumnSpec(url=url.strip(), kind=kind))
    return specs


def run(args) -> int:
    from ..web.env import SettingError
    from ..web.supervision.fetcher import DnsFailure, FetchError, FetchPolicy, check_url
    from ..web.supervision.monitoring import Fetcher, run_check

    try:
        specs = _columns(args.column)
    except ValueError as exc:
        return _fail(str(exc))
    if args.at:
        try:
            today = date.fromisoformat(args.at)
        except ValueError:
            return _fail(f"--at {args.at!r}: expected a date YYYY-MM-DD（检查日期格式应为 YYYY-MM-DD）")
    else:
        today = date.today()
    try:
        policy = FetchPolicy.from_env()
    except SettingError as exc:
        return _fail(str(exc))
    for url in [args.url, *(s.url for s in specs)]:
        try:
            check_url(url, policy=policy)
        except DnsFailure:
            pass  # a site whose name does not resolve is unreachable: reported, not refused
        except FetchError as exc:
            return _fail(f"{exc.message} ({exc.code})")
    run_ = run_check(args.url, specs, today=today, fetcher=Fetcher(policy))
    result = run_.result
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    from ..core.monitor.rules import KINDS as KIND_LABELS
    from ..core.monitor.rules import SEVERITY_LABELS

    print(f"网站 site: {result.url}（检查日期 {today}）")
    if result.reachable:
        print(f"  首页可访问 reachable: 是（{run_.home.status}，{run_.home.elapsed_ms} ms）")
    else:
        print(f"  首页可访问 reachable: 否 — {run_.home.error}")
    print(f"  最近更新 last update: {result.last_update or '未找到带日期的信息'}")
    for state, stale in result.columns:
        if not state.reachable:
            status = f"无法打开：{state.error}"
        else:
            status = (f"{state.items} 条，{state.dated} 条带日期，最近 {state.last_update or '无'}"
                      f"{'，未按时更新 STALE' if stale else ''}")
            if state.links_checked:
                status += f"；抽查链接 {state.links_checked} 个，失效 {len(state.broken_links)} 个"
        print(f"  栏目 column [{state.kind} {KIND_LABELS[state.kind]}] {state.url}: {status}")
    if result.findings:
        print("  发现的问题 findings:")
        for f in result.findings:
            print(f"    - [{SEVERITY_LABELS[f.severity]}] {f.code}: {f.message}")
    else:
        print("  未发现问题 no findings")
    print(f"  结论 verdict: {result.verdict}")
    return 0
