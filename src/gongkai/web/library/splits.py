"""Flattened 表二 rows in the library: what a single file could not split, the library settles with the same
agency's neighbouring reports, or a person settles on the report page.

    pending_from_parse(doc_text, stats) -> list[entry]      # at import, from the parse's warnings
    settle(report, stats) -> bool                           # try the neighbouring years; True when one settled
    settle_neighbours_of(report)                            # a new report may settle its neighbours' rows
    table2_split_choose(report=..., row=..., index=..., user=..., now=None)   # a person's choice

An entry of ReportStats.table2_splits (JSON): {row, label, columns, run, start, candidates: [{values, text,
reasons, doubts}], status: pending | resolved | chosen, decided_by, chosen_by, chosen_at}. The warnings of
the stored statistics follow the entry: a pending row keeps the parse's `ambiguous_digit_run` warning (its
message lists the candidates); a settled row loses it and gets `table2_split_resolved` (which evidence
decided) or `table2_split_manual` (who chose, and when).

Called from gongkai.web.library.services only (inside its transactions) and from the view through
`table2_split_choose`, which is its own transaction.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gongkai.core.parsing.table2_split import (
    Candidate,
    Neighbours,
    cell_spans,
    format_values,
    parse_candidates,
    weigh,
)
from gongkai.core.stats import AnnualStats
from gongkai.core.stats.model import Evidence
from gongkai.core.templates import get_template

from .models import ReportStats, Table2SplitChoice

PENDING, RESOLVED, CHOSEN = "pending", "resolved", "chosen"
_QUOTED_RUN = re.compile(r"数字连在一起（“(.+?)”）")


class SplitChoiceRejected(Exception):
    """A choice that cannot be applied; `message` (Chinese) is what the person sees."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _row_columns(template: str, row: str) -> tuple[str, tuple[str, ...], list[str]] | None:
    if template not in ("2019", "2021"):
        return None
    for block in get_template(template).table2:
        for r in block.rows:
            if r.key == row:
                return r.label, tuple(c.key for c in block.columns), [c.label for c in block.columns]
    return None


def pending_from_parse(text: str, stats: AnnualStats) -> list[dict]:
    """The 表二 rows the parse left blank with candidate splits, as entries (status pending)."""
    out = []
    for w in stats.warnings:
        if w.code != "ambiguous_digit_run" or not (w.pointer or "").startswith("/table2/"):
            continue
        row = w.pointer.split("/")[2]
        shape = _row_columns(stats.template, row)
        cands = parse_candidates(w.message)
        m = _QUOTED_RUN.search(w.message)
        if shape is None or not cands or m is None:
            continue
        label, columns, column_labels = shape
        run = m.group(1)
        if any(len(c) != len(columns) for c in cands):
            continue
        ranked = weigh([Candidate(c, ()) for c in cands], row, columns, template=stats.template)
        out.append({
            "row": row,
            "label": label,
            "columns": list(columns),
            "column_labels": column_labels,
            "run": run,
            "start": _locate(text, run, label),
            "candidates": [c.to_json(columns) for c in ranked.candidates],
            "status": PENDING,
        })
    return out


def _locate(text: str, run: str, label: str) -> int | None:
    """The run's offset in the document text: the occurrence closest after its row label."""
    best = None
    for m in re.finditer(re.escape(run), text):
        before = text[max(0, m.start() - 80) : m.start()]
        if label[-4:] in before:
            return m.start()
        if best is None:
            best = m.start()
    return best


def _figures(stats_json: dict, row: str) -> dict:
    return dict(((stats_json.get("table2") or {}).get(row)) or {})


def _neighbour(report: ReportStats, year: int) -> ReportStats | None:
    return (
        ReportStats.objects.filter(agency=report.agency, year=year, template=report.template)
        .exclude(pk=report.pk).order_by("-file__uploaded_at", "-id").first()
    )


def settle(report: ReportStats, stats: AnnualStats) -> bool:
    """Weigh the pending rows again with the same agency's reports of the year before and after (same national
    format, the library's agency name). A row whose split that makes unique is filled in `stats`; the entries
    are updated either way (the neighbours' reasons show on the page). True when a row was settled."""
    if not report.table2_splits or not report.agency or not report.year:
        return False
    prev = _neighbour(report, report.year - 1)
    nxt = _neighbour(report, report.year + 1)
    if prev is None and nxt is None:
        return False
    settled = False
    for entry in report.table2_splits:
        if entry["status"] != PENDING:
            continue
        row, columns = entry["row"], tuple(entry["columns"])
        nb = Neighbours(
            previous=_figures(prev.stats, row) if prev else None,
            following=_figures(nxt.stats, row) if nxt else None,
        )
        cands = [Candidate(tuple(c["values"][k] for k in columns), ()) for c in entry["candidates"]]
        ranked = weigh(cands, row, columns, template=report.template, neighbours=nb)
        if ranked.chosen is None:
            entry["candidates"] = [c.to_json(columns) for c in ranked.candidates] or entry["candidates"]
            continue
        text = format_values(ranked.chosen.values, columns)
        _apply(report, stats, entry, ranked.chosen.values)
        sources = "、".join(
            f"{r.year}年报告" for r, word in ((prev, "上一年度"), (nxt, "下一年度")) if r is not None and word in ranked.decided_by
        )
        stats.warn(
            "table2_split_resolved",
            f"表二“{entry['label']}”一行的数字连在一起（“{entry['run']}”），参照同一机构{sources or '相邻年度报告'}"
            f"按{text}拆分：{ranked.decided_by}",
            f"/table2/{row}",
        )
        entry.update(status=RESOLVED, decided_by=ranked.decided_by, values=dict(zip(columns, ranked.chosen.values, strict=True)))
        settled = True
    return settled


def _apply(report: ReportStats, stats: AnnualStats, entry: dict, values) -> None:
    """Fill the row's figures, quoting the run (each cell's own digits when they spell it), and drop the
    pending warning of that row."""
    row, columns, run, start = entry["row"], entry["columns"], entry["run"], entry.get("start")
    spans = cell_spans(run, values, columns)
    for i, (col, value) in enumerate(zip(columns, values, strict=True)):
        if value is None:
            continue
        if col.startswith("amount"):
            value = float(value)
        if spans is not None:
            a, b = spans[i]
            ev = Evidence(run[a:b], None if start is None else start + a)
        else:
            ev = Evidence(run, start)
        stats.set(f"/table2/{row}/{col}", value, ev)
    pointer = f"/table2/{row}"
    stats.warnings = [w for w in stats.warnings if not (w.code == "ambiguous_digit_run" and w.pointer == pointer)]


def settle_neighbours_of(report: ReportStats) -> None:
    """`report` is new in the library: the same agency's reports of the year before and after may now settle
    their pending rows."""
    from .services import _recheck_after_figures_changed

    if not report.agency or not report.year:
        return
    for other in ReportStats.objects.select_for_update().filter(
        agency=report.agency, year__in=(report.year - 1, report.year + 1)
    ).exclude(pk=report.pk):
        if not any(e.get("status") == PENDING for e in other.table2_splits or ()):
            continue
        stats = AnnualStats.from_json(other.stats)
        if settle(other, stats):
            _recheck_after_figures_changed(other, stats)


def table2_split_choose(*, report: ReportStats, row: str, index: int, user, now: datetime | None = None) -> ReportStats:
    """A staff member picks candidate `index` of a pending 表二 row: the figures are set, the warning replaced
    by one naming who chose and when, and the choice recorded (Table2SplitChoice). Raises SplitChoiceRejected."""
    from .services import _recheck_after_figures_changed

    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        raise SplitChoiceRejected("只有工作人员可以选定拆分。")
    now = now or timezone.now()
    with transaction.atomic():
        report = ReportStats.objects.select_for_update().select_related("file").get(pk=report.pk)
        entry = next((e for e in report.table2_splits if e["row"] == row), None)
        if entry is None or entry["status"] != PENDING:
            raise SplitChoiceRejected("该行没有待选定的拆分（可能已由他人选定），请刷新页面。")
        if not 0 <= index < len(entry["candidates"]):
            raise SplitChoiceRejected("所选的拆分不存在，请刷新页面后重选。")
        columns = entry["columns"]
        chosen = entry["candidates"][index]
        values = tuple(chosen["values"][k] for k in columns)
        stats = AnnualStats.from_json(report.stats)
        _apply(report, stats, entry, values)
        # Chinese names read family name first (李晓), not as Django's get_full_name joins them.
        who = f"{user.last_name}{user.first_name}".strip() or user.get_username()
        when = timezone.localtime(now).strftime("%Y-%m-%d %H:%M")
        stats.warn(
            "table2_split_manual",
            f"表二“{entry['label']}”一行的数字连在一起（“{entry['run']}”），由{who}于{when}人工选定按"
            f"{chosen['text']}拆分",
            f"/table2/{row}",
        )
        entry.update(
            status=CHOSEN, values=chosen["values"], decided_by="人工选定", chosen_by=user.get_username(),
            chosen_at=now.isoformat(),
        )
        Table2SplitChoice.objects.create(
            report=report, row=row, values=chosen["values"], offered=entry["candidates"], chosen_by=user,
            chosen_at=now,
        )
        _recheck_after_figures_changed(report, stats)
    return report
