"""The pre-2019 statistics table (政府信息公开情况统计表, 2008–2018): one figure per indicator row.

    read_legacy_table(doc, stats) -> None

The table has the columns 统计指标 | 单位 | 本年度 (and often 累计, the total since 2008). Only 本年度 is a
figure of the report's year. Rows come as text lines (tables of HTML/DOCX are rendered one row per line with
tab-separated cells), so the same code reads a grid, a tab-separated paste and a crawl that lost every
separator: `主动公开文件数条152346870` is 本年度 1523 | 累计 46870.

Such a run has several splits. They are narrowed by what the table itself says, never by guessing: 累计
includes 本年度 (累计 ≥ 本年度), the channel rows (政府公报/政府网站/政务微博/政务微信/其他方式) add up to
主动公开政府信息数 in both columns, the ways of asking (当面/传真/网络/信函) add up to 收到申请数, 按时 and 延期
办结 to 办结数, the outcomes of review and litigation to their totals, and a 其中 row never exceeds its parent.
A row whose consistent readings still disagree stays empty, with an `ambiguous_digit_run` warning.

Rows that are parts the national figures have no place for (其中：主要负责同志参加新闻发布会次数, 微博微信回应
事件数, 涉及国家秘密…) are read for the identities only, never written: a sub-count is not the figure.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..reading.document import Document
from ..stats import AnnualStats, Evidence

_TITLE = re.compile(r"统计表|统计指标")
_UNITS = ("人次", "万元", "条", "件", "次", "篇", "人", "元", "个", "期", "场", "项")
_NUMBERING = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十]+[）)、.．]|\d{1,2}\s*[.、．](?!\d)|[（(]\d{1,2}[）)])\s*"
)
_CELLS = re.compile(r"(?P<cells>(?:[\s\u3000]*(?:\d{1,3}(?:,\d{3})+|\d+|[-—–/／])){1,3})[\s\u3000]*$")
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|\d+|[-—–/／]")
_MAX_DIGITS = 8
_MAX_COMBINATIONS = 200_000

# (key, pattern on the label): first match wins. Keys starting with "_" are parts kept for the identities only.
_ROWS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (k, re.compile(p))
    for k, p in (
        ("_leader", r"主要负责同志"),
        ("_response_channel", r"回应事件|回应解读"),
        ("/responses/online_interviews", r"访谈"),
        ("/responses/press_conferences", r"发布会"),
        ("/responses/interpretations", r"解读"),
        ("/responses/hotspot_responses", r"热点|舆情"),
        ("/capacity/meetings", r"会议"),
        ("/capacity/trainings", r"培训班|培训次数"),
        ("/capacity/trainees", r"培训人|参训"),
        ("_staff", r"机构|查阅|人员|经费"),
        ("/fees/collected_yuan", r"费用|收费"),
        ("/complaints", r"举报|投诉"),
        ("/review/total", r"行政复议"),
        ("/litigation/total", r"行政诉讼"),
        ("_outcome_upheld", r"维持"),
        ("_outcome_corrected", r"纠错"),
        ("_outcome_other", r"其他情形"),
        ("/applications/legacy/received_in_person", r"当面"),
        ("/applications/legacy/received_fax", r"传真"),
        ("/applications/legacy/received_online", r"网络申请|网上申请|电子邮件"),
        ("/applications/legacy/received_letter", r"信函|邮寄"),
        ("/applications/legacy/completed_on_time", r"按时办结|按期办结"),
        ("/applications/legacy/completed_extended", r"延期办结"),
        ("/applications/legacy/completed", r"办结"),
        ("_answers", r"^申请答复数|答复总数"),
        ("/applications/legacy/already_public", r"已主动公开"),
        ("/applications/legacy/partially_granted", r"部分公开"),
        ("/applications/legacy/refused", r"不同意公开|不予公开"),
        ("/applications/legacy/not_this_agency", r"不属于本"),
        ("/applications/legacy/not_exist", r"不存在"),
        ("/applications/legacy/asked_to_amend", r"更改|补充"),
        ("/applications/legacy/other_route", r"其他途径"),
        ("/applications/legacy/granted", r"同意公开"),
        ("_refused_reason", r"秘密|隐私|国家安全|所指政府信息|其他情形"),
        ("/applications/received", r"收到申请|申请总数|受理申请|申请数$"),
        ("/proactive/normative_documents", r"规范性文件"),
        ("/proactive/by_channel/gazette", r"公报|政报"),
        ("/proactive/by_channel/weibo", r"微博"),
        ("/proactive/by_channel/wechat", r"微信"),
        ("/proactive/by_channel/new_media", r"客户端|新媒体"),
        ("/proactive/by_channel/website", r"网站"),
        ("/proactive/by_channel/other", r"其他方式|其他渠道|其它方式"),
        ("/proactive/total", r"主动公开"),
    )
)
_CHANNELS = tuple(k for k, _ in _ROWS if k.startswith("/proactive/by_channel/"))
_LEGACY = "/applications/legacy/"
# parent: parts that add up to it, column by column (when every part row is in the table)
_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("/proactive/total", _CHANNELS),
    ("/applications/received", tuple(_LEGACY + k for k in ("received_in_person", "received_fax", "received_online",
                                                        "received_letter"))),
    (_LEGACY + "completed", (_LEGACY + "completed_on_time", _LEGACY + "completed_extended")),
    ("_answers", tuple(_LEGACY + k for k in ("already_public", "granted", "partially_granted", "refused",
                                            "not_this_agency", "not_exist", "asked_to_amend", "other_route"))),
    ("/review/total", ("/review/upheld", "/review/corrected", "/review/other")),
    ("/litigation/total", ("/litigation/upheld", "/litigation/corrected", "/litigation/other")),
)
# part: parent it can never exceed
_AT_MOST = {
    "/proactive/normative_documents": "/proactive/total",
    "_leader": "/responses/press_conferences",
    **{c: "/proactive/total" for c in _CHANNELS},
}


@dataclass
class _Row:
    key: str
    label: str
    unit: str
    # candidate (本年度, 累计) readings; 累计 None when the table has no such column; a None value is a dash
    options: list[tuple[int | None, int | None]]
    # for each option, the document span of its 本年度 cell
    spans: list[tuple[int, int]]
    run: str = ""
    chosen: int | None = None  # index into options once decided


def _label_key(label: str, group: str | None) -> str | None:
    for key, pattern in _ROWS:
        if pattern.search(label):
            if key.startswith("_outcome_"):
                if not group:
                    continue
                return f"/{group}/{key[len('_outcome_'):]}"
            return key
    return None


def _header(lines: list[tuple[int, str]]) -> tuple[int, bool, bool] | None:
    """(index of the header line, has a 累计 column, 累计 comes before 本年度)."""
    for i, (_, raw) in enumerate(lines):
        line = re.sub(r"\s", "", raw)  # 统 计 指 标
        if ("本年" in line and re.search(r"指标|单位|累计", line)) or ("指标" in line and "单位" in line):
            cum = "累计" in line
            return i, cum, cum and "本年" in line and line.index("累计") < line.index("本年")
    return None


def _cells(body: str, offset: int) -> tuple[str, list[tuple[str, int]]] | None:
    """The label text and the trailing figure tokens (text, document offset) of a row line."""
    m = _CELLS.search(body)
    if not m:
        return None
    label = body[: m.start()].strip(" \t\u3000：:")
    if not label or label[-1].isdigit():
        return None
    tokens = [(t.group(0), offset + m.start("cells") + t.start()) for t in _TOKEN.finditer(m.group("cells"))]
    return label, tokens


def _value(token: str) -> int | None:
    return None if not token[0].isdigit() else int(token.replace(",", ""))


def _splits(run: str) -> list[tuple[int, int]]:
    """(本年度 length, value pairs) of a run holding both columns; 累计 includes 本年度."""
    out = []
    for k in range(1, len(run)):
        a, b = run[:k], run[k:]
        if len(a) > _MAX_DIGITS or len(b) > _MAX_DIGITS:
            continue
        if (len(a) > 1 and a[0] == "0") or (len(b) > 1 and b[0] == "0"):
            continue
        if int(b) < int(a):
            continue
        out.append((k, int(a), int(b)))
    return out


def _rows(doc: Document) -> list[_Row]:
    text = doc.simplified
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    # The first title followed by a header row: a short line naming the table may come before the table itself.
    for start in (i for i, (_, line) in enumerate(lines) if _TITLE.search(line) and len(line.strip()) <= 40):
        found = _header(lines[start : start + 8])
        if found is not None:
            break
    else:
        return []
    head, cumulative, reversed_ = found
    columns = 2 if cumulative else 1
    rows: list[_Row] = []
    group: str | None = None
    misses = 0
    for offset, line in lines[start + head + 1 :]:
        body = line.strip()
        if not body:
            continue
        if "。" in body or len(re.sub(r"\s+", "", body)) > 60:
            break  # the prose after the table
        lead = len(line) - len(line.lstrip())
        parsed = _cells(line[lead:], offset + lead)
        # A grid row may carry its category cell (行政复议情况 | 维持具体行政行为数 | 件 | …): the indicator is
        # the last label cell, the unit may be a cell of its own.
        cells = [c.strip() for c in (parsed[0] if parsed else body).split("\t") if c.strip()] or [""]
        unit = cells.pop() if len(cells) > 1 and cells[-1] in _UNITS else ""
        label = cells[-1]
        label = _NUMBERING.sub("", re.sub(r"^其中[：:]?", "", _NUMBERING.sub("", label))).strip()
        for u in _UNITS if not unit else ():
            if label.endswith(u) and len(label) > len(u):
                label, unit = label[: -len(u)].rstrip(), u
                break
        category = " ".join(cells[:-1])
        if "复议" in label or "复议" in category:
            group = "review"
        elif "诉讼" in label or "诉讼" in category:
            group = "litigation"
        elif not re.search(r"维持|纠错|其他情形", label):
            group = None if "申请" in label or "公开" in label else group
        if not parsed:
            misses += 1
            if misses > 6:
                break
            continue
        misses = 0
        key = _label_key(label, group)
        if key is None:
            continue
        tokens = parsed[1]
        options: list[tuple[int | None, int | None]] = []
        spans: list[tuple[int, int]] = []
        run = ""
        if len(tokens) == columns:
            this, cum = (tokens[1], tokens[0]) if reversed_ and columns == 2 else (tokens[0], tokens[-1])
            options.append((_value(this[0]), _value(cum[0]) if columns == 2 else None))
            spans.append((this[1], this[1] + len(this[0])))
        elif columns == 2 and len(tokens) == 1 and tokens[0][0].isdigit() and "," not in tokens[0][0]:
            run, at = tokens[0]
            for k, a, b in _splits(run):
                this, cum = (b, a) if reversed_ else (a, b)
                if reversed_:
                    continue  # 累计 first: its digits cannot be told from 本年度's by size; left to the identities
                options.append((this, cum))
                spans.append((at, at + k))
        else:
            continue
        rows.append(_Row(key, label, unit, options, spans, run))
    return rows


def _decide(rows: list[_Row], stats: AnnualStats) -> None:
    by_key: dict[str, _Row] = {}
    for r in rows:
        by_key.setdefault(r.key, r)
    for r in rows:
        if len(r.options) == 1:
            r.chosen = 0
    for parent, parts in _SUMS:
        top = by_key.get(parent)
        if top is None and parent == "_answers":
            top = by_key.get("/applications/received")  # 申请答复数 left out: every application was answered
        present = [by_key[p] for p in parts if p in by_key]
        if top is None or len(present) < 2 or all(m.chosen is not None for m in (top, *present)):
            continue
        _solve(top, present)
    for part, parent in _AT_MOST.items():
        r, p = by_key.get(part), by_key.get(parent)
        if r is None or p is None or r.chosen is not None or p.chosen is None:
            continue
        top = p.options[p.chosen]
        ok = [i for i, o in enumerate(r.options) if _fits_under(o, top)]
        if len(ok) == 1:
            r.chosen = ok[0]
    for r in rows:
        if r.chosen is None and r.options:
            values = {o[0] for o in r.options}
            if len(values) == 1:
                r.chosen = 0


def _fits_under(option: tuple[int | None, int | None], top: tuple[int | None, int | None]) -> bool:
    return all(v is None or t is None or v <= t for v, t in zip(option, top, strict=True))


def _solve(parent: _Row, parts: list[_Row]) -> None:
    """Choose the readings of a parent row and its parts: the combinations where the parts add up to the
    parent in both columns, otherwise (a part row missing, or the report's own figures not adding up) those
    where no part exceeds the parent; a row is decided only when every such combination agrees on its 本年度
    figure."""
    members = [parent, *parts]
    choices = [[r.chosen] if r.chosen is not None else list(range(len(r.options))) for r in members]
    total = 1
    for c in choices:
        total *= len(c)
    if total > _MAX_COMBINATIONS:
        return
    exact, bounded = [], []
    for combo in itertools.product(*choices):
        opts = [m.options[i] for m, i in zip(members, combo, strict=True)]
        top, rest = opts[0], opts[1:]
        if not all(_fits_under(o, top) for o in rest):
            continue
        bounded.append(combo)
        if all(
            top[col] is not None and all(o[col] is not None for o in rest) and sum(o[col] for o in rest) == top[col]
            for col in (0, 1)
            if top[col] is not None
        ):
            exact.append(combo)
    pool = exact or bounded
    if not pool:
        return
    for j, m in enumerate(members):
        if m.chosen is not None:
            continue
        values = {m.options[combo[j]][0] for combo in pool}
        if len(values) == 1:
            m.chosen = pool[0][j]


def read_legacy_table(doc: Document, stats: AnnualStats) -> list[_Row]:
    """Write the figures the table decides; return the rows it could not (see `finish_legacy_table`)."""
    rows = _rows(doc)
    if not rows:
        return []
    _decide(rows, stats)
    for r in rows:
        if r.key.startswith("_") or r.chosen is None:
            continue
        value = r.options[r.chosen][0]
        if value is None:
            continue  # a dash: not stated
        try:
            if stats.get(r.key) is not None:
                continue
        except AttributeError:
            pass
        start, end = r.spans[r.chosen]
        if r.key == "/fees/collected_yuan":
            factor = 10000 if r.unit == "万元" else 1
            stats.set(r.key, float(value * factor), Evidence(doc.text[start:end], start))
            if factor != 1 and value:
                stats.warn("unit_converted", f"统计表“{r.label}”单位为万元，按元折算为{value * factor:g}", r.key)
            continue
        stats.set(r.key, value, Evidence(doc.text[start:end], start))
    return [r for r in rows if r.chosen is None and r.run and not r.key.startswith("_")]


def finish_legacy_table(stats: AnnualStats, undecided: list[_Row]) -> None:
    """After the prose has been read: a run the prose states one reading of is settled by it (the narrative
    figure is already set, with its own evidence); any other undecided run is a warning."""
    for r in undecided:
        try:
            stated = stats.get(r.key)
        except AttributeError:
            stated = None
        readings = sorted({o[0] for o in r.options if o[0] is not None})
        if stated is not None and stated in readings:
            continue
        if stated is not None:
            stats.warn(
                "narrative_table_mismatch",
                f"统计表“{r.label}”一行的数字“{r.run}”无论怎样拆分，本年度都不是正文所述的{stated}",
                r.key,
            )
            continue
        stats.warn(
            "ambiguous_digit_run",
            f"统计表“{r.label}”一行的本年度与累计数字连在一起（“{r.run}”），可拆为本年度"
            f"{'、'.join(str(v) for v in readings)}等，无法唯一确定，留空",
            r.key,
        )
