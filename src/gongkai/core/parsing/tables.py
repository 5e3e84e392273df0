"""The national tables of a 2019+ annual report: 表二 (主动公开), 表三 (依申请), 表四 (复议诉讼).

    read_tables(doc, stats) -> None

Tables are read from the document's grid tables when it has them, otherwise from its text (tab- or
space-separated lines, one cell per line, or rows whose figures were run together). Which national format
the tables follow is decided by their layout, not by the year (a 2020 report may already use the 2021
layout); a disagreement with the year's format is reported as a warning.

Policies (the figures are never "fixed"; a doubt becomes a None and a warning):

* A blank cell in table 三/四 is 0 when the table holds figures elsewhere (one info warning per table);
  a table of labels without a single figure is a blank template: all None.
* "-", "—", "/" … count as 0 only when the report uses them as zeros consistently: every row total of
  table 三/四 that involves them still adds up with them read as 0. Table 二 follows tables 三/四's usage.
* Runs of digits without separators are split only where the identities admit exactly one reading
  (gongkai.core.parsing.digits).
"""

from __future__ import annotations

from decimal import Decimal

from ..reading.document import Document
from ..stats.model import APPLICANT_COLUMNS, APPLICANT_TYPES, OUTCOME_COLUMNS, AnnualStats, Evidence
from ..templates import Template, get_template, template_for_year
from . import tables_grid, tables_text
from .digits import COUNT_CELL, MONEY_CELL, SIGNED_CELL, solve_rows, split_run, split_text
from .table2_split import candidates_note, format_values, rank_splits, stated_in_prose
from .tables_locate import project
from .tables_values import YUAN, CellValue, Column, RawRow, fold

_SIGNALS = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "未按收费通知要求缴纳费用"),
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购", "采购项目数量"),
}
_TEMPLATE_NAMES = {"2021": "2021年版", "2019": "2019年（试行）版"}
T4_GROUPS = ("review", "litigation_direct", "litigation_after_review")


def read_tables(doc: Document, stats: AnnualStats) -> None:
    # Page numbers and running headers between table rows are not figures; offsets stay those of doc.text.
    doc = tables_text.without_page_furniture(doc)
    proj = project(doc.simplified)
    template = _choose_template(doc, proj, stats)
    ctx = _Context(doc, stats, template)

    grid3 = tables_grid.grid_table3(doc, template) if doc.tables else None
    t3_lo = t3_hi = None
    if grid3 is not None:
        rows3, notes = grid3
        if tables_grid.SUBTOTAL in notes:
            ctx.warn_subtotal()
        for note in notes:
            if note.startswith(tables_grid.ROW_BY_ORDER):
                key = note[len(tables_grid.ROW_BY_ORDER) :]
                stats.warn("row_by_order", "表三有一行缺少栏目名称，已按国家格式的行序认定", f"/applications/table3/{key}")
    else:
        chain = tables_text.table3_span(proj, template)
        rows3 = tables_text.text_table3(doc, proj, template, chain) if chain else []
        if chain:
            t3_lo = min(s for s, _, _ in chain.values())
            t3_hi = max(e for _, e, _ in chain.values())
            if any(None in r.columns for r in rows3):
                ctx.warn_subtotal()

    row4 = tables_grid.grid_table4(doc) if doc.tables else None
    if row4 is None:
        row4 = tables_text.text_table4(doc, proj, t3_hi or 0)

    rows2 = tables_grid.grid_table2(doc, template) if doc.tables else []
    if not rows2:
        hi = t3_lo if t3_lo is not None else len(proj.chars)
        rows2 = tables_text.text_table2(doc, proj, template, 0, hi)

    spans2 = [r.span for r in rows2 if r.span is not None]
    if spans2:
        ctx.table2_span = (min(a for a, _ in spans2), max(b for _, b in spans2))
    dash_zero = ctx.dash_policy(rows3, row4)
    ctx.write_table3(rows3, dash_zero)
    ctx.write_table4(row4, dash_zero)
    ctx.write_table2(rows2, dash_zero)


# --- which format ---------------------------------------------------------------------------------------------


def _choose_template(doc: Document, proj, stats: AnnualStats) -> Template:
    found = {tid: sum(1 for w in words if w in proj.chars) for tid, words in _SIGNALS.items()}
    # 2019: （六）其他处理 is a row of its own, followed (after its figures) by （七）总计.
    import re

    # A label wrapped in a PDF laid out as text has the row's figures inside it (`(六)其他处0000000理`).
    if re.search(r"[\d\-—–/]*".join(map(re.escape, "(六)其他处理")) + r"[\d\-—–/]*\(七\)总计", proj.chars):
        found["2019"] += 1
    if re.search(r"\(六\)其他处理1\.申请人", proj.chars):
        found["2021"] += 1
    layout = None
    if found["2021"] > found["2019"]:
        layout = "2021"
    elif found["2019"] > found["2021"]:
        layout = "2019"
    meta = stats.template
    if layout:
        if meta in _TEMPLATE_NAMES and meta != layout:
            stats.warn(
                "template_layout_mismatch",
                f"表格版式为{_TEMPLATE_NAMES[layout]}，与按年度推定的{_TEMPLATE_NAMES[meta]}不一致，"
                f"按表格版式读取",
                "/template",
            )
        stats.template = layout
        return get_template(layout)
    if meta in _TEMPLATE_NAMES:
        return get_template(meta)
    if stats.year and stats.year >= 2019:
        return template_for_year(stats.year)
    return get_template("2021")


# --- writing ------------------------------------------------------------------------------------------------


class _Context:
    def __init__(self, doc: Document, stats: AnnualStats, template: Template):
        self.doc = doc
        self.stats = stats
        self.template = template
        self.table2_span: tuple[int, int] | None = None

    def warn_subtotal(self) -> None:
        self.stats.warn(
            "nonstandard_column",
            "表三含有国家格式中没有的“法人或其他组织小计”一列，已忽略该列",
            "/applications/table3",
        )

    # -- evidence of a cell -----------------------------------------------------------------------------

    def _set(self, pointer: str, value, cell: CellValue | tuple[int, int]) -> None:
        if isinstance(cell, CellValue):
            ev = Evidence(cell.quote, cell.start)
        else:
            a, b = cell
            ev = Evidence(self.doc.text[a:b], a)
        self.stats.set(pointer, value, ev)

    # -- dashes ---------------------------------------------------------------------------------------------

    def dash_policy(self, rows3: list[RawRow], row4: RawRow | None) -> bool | None:
        """True: the report's dashes are zeros; False: they are not; None: no dash in tables 三/四."""
        checks: list[bool] = []
        for row in [*rows3, *([row4] if row4 else [])]:
            if not row.cells or not any(c.kind == "dash" for c in row.cells):
                continue
            values = {k: (0 if c.kind in ("dash", "blank") else c.value) for k, c in zip(row.columns, row.cells, strict=True) if k}
            for target, sources in _row_identities(row):
                involved = [target, *sources]
                if not any(row.cells[row.columns.index(k)].kind == "dash" for k in involved if k in row.columns):
                    continue
                if any(values.get(k) is None for k in involved):
                    continue
                checks.append(values[target] == sum(values[k] for k in sources))
        if not checks:
            return None
        if all(checks):
            return True
        self.stats.warn(
            "dash_not_zero",
            "表格中的“—”“/”等符号不能一致地按0理解（按0计算时合计不符），相关单元格留空",
        )
        return False

    def _value(self, cell: CellValue, blank_zero: bool, dash_zero: bool | None) -> int | float | None:
        if cell.kind == "number":
            return cell.value
        if cell.kind == "blank":
            return 0 if blank_zero else None
        if cell.kind == "dash":
            return 0 if dash_zero else None
        return None

    # -- table 三 -------------------------------------------------------------------------------------------

    def write_table3(self, rows: list[RawRow], dash_zero: bool | None) -> None:
        if not rows:
            return
        t3 = self.template.table3
        labels = {r.key: r.label for r in t3.rows}
        has_figures = any(
            (r.cells and any(c.kind == "number" for c in r.cells)) or (r.run and any(s.isdigit() for s in r.run.symbols))
            for r in rows
        )
        if not has_figures:
            self.stats.warn("blank_template", "表三只有表头和栏目，没有填写任何数字，全部按未填报处理", "/applications/table3")
            return
        blanks = 0
        domains: dict[str, list[tuple]] = {}
        sources: dict[str, list[dict[str, CellValue | tuple[int, int]]]] = {}
        for row in rows:
            if row.cells is not None:
                vec, ev = [], {}
                for col in APPLICANT_COLUMNS:
                    if col not in row.columns:
                        vec.append(None)
                        continue
                    cell = row.cells[row.columns.index(col)]
                    blanks += cell.kind == "blank"
                    if cell.kind == "bad":
                        self.stats.warn(
                            "unreadable_cell",
                            f"表三“{labels[row.key]}”行的“{cell.quote}”不是数字，留空",
                            f"/applications/table3/{row.key}/{col}",
                        )
                    vec.append(self._value(cell, True, dash_zero))
                    ev[col] = cell
                domains[row.key] = [tuple(vec)]
                sources[row.key] = [ev]
            elif row.run is not None and row.run.symbols:
                cands, evs = self._split(row, labels[row.key], f"/applications/table3/{row.key}", dash_zero)
                domains[row.key] = cands
                sources[row.key] = evs
            elif row.run is None and row.span is not None:
                # Figures written after a run of labels (PDF raw reading order) that no single reading fits.
                self.stats.warn(
                    "ambiguous_reading_order",
                    f"表三“{labels[row.key]}”等行的栏目名称集中在前、数字集中在后，按行或按列读取都符合勾稽关系，"
                    f"无法确定各数字属于哪一格，相关单元格留空",
                    f"/applications/table3/{row.key}",
                )
        keys = t3.row_keys
        constraints = [
            (("new", 1), ("carried_over", 1), ("results_total", -1), ("carried_forward", -1)),
            (("results_total", 1), *((k, -1) for k in t3.result_row_keys)),
        ]
        solved = solve_rows(domains, constraints, len(APPLICANT_COLUMNS))
        for key in keys:
            if key not in solved.values:
                continue
            values = solved.values[key]
            # Which candidate readings agree with the solved row does not depend on the column: found once
            # per row, not once per cell (the test ran over every candidate's every column for each cell).
            agreeing = [
                ev
                for cand, ev in zip(domains[key], sources[key], strict=True)
                if all(v is None or cand[i] == v for i, v in enumerate(values))
            ]
            for c, col in enumerate(APPLICANT_COLUMNS):
                v = values[c]
                if v is None:
                    continue
                ev = _evidence_for(agreeing, col)
                if ev is None:
                    continue
                self._set(f"/applications/table3/{key}/{col}", v, ev)
            if key in solved.ambiguous:
                row = next(r for r in rows if r.key == key)
                digits = row.run.symbols.replace("D", "-") if row.run else row.raw
                why = "表三的勾稽关系无法成立" if not solved.consistent else "有多种拆分都符合表三的勾稽关系"
                self.stats.warn(
                    "ambiguous_digit_run",
                    f"表三“{labels[key]}”一行的数字连在一起（“{digits}”），{why}，无法唯一拆分，相关单元格留空",
                    f"/applications/table3/{key}",
                )
        if blanks:
            self.stats.warn("blank_as_zero", f"表三有{blanks}个空白单元格，按0计", "/applications/table3")
        total = self.stats.get("/applications/table3/new/total")
        if total is not None:
            self.stats.set("/applications/received", total, self.stats.evidence["/applications/table3/new/total"])

    def _split(self, row: RawRow, label: str, pointer: str, dash_zero: bool | None):
        """Candidate vectors (official column order) and their evidence spans for a run."""
        run = row.run
        assert run is not None
        layout = row.columns
        idents = [
            (layout.index(t), tuple(layout.index(s) for s in srcs))
            for t, srcs in _row_identities(row)
            if t in layout and all(s in layout for s in srcs)
        ]
        ordered = [(t, s) for t, s in idents if all(x < t for x in s)]
        if None in layout:
            # The subtotal column: the five organisation columns add up to it.
            sub = layout.index(None)
            orgs = tuple(layout.index(k) for k in APPLICANT_TYPES[1:] if k in layout)
            if all(x < sub for x in orgs):
                ordered.append((sub, orgs))
        result = split_run(run, len(layout), sorted(ordered))
        if not result.complete:
            self.stats.warn(
                "digit_run_search_limit",
                f"“{label}”一行的数字串过长（“{run.symbols.replace('D', '-')}”），超出拆分搜索上限，相关单元格留空",
                pointer,
            )
            return [], []
        cands: list[tuple] = []
        evs: list[dict] = []
        for split in result.splits:
            vals = dict(zip(layout, split.values, strict=True))
            if not all(vals.get(t) == sum(vals.get(s) or 0 for s in srcs) for t, srcs in _row_identities(row) if t in vals):
                continue
            vec, ev = [], {}
            keys = APPLICANT_COLUMNS if row.key != "table4" else row.columns
            for col in keys:
                if col not in layout:
                    vec.append(None)
                    continue
                p = layout.index(col)
                a, b = split.spans[p]
                dash = run.symbols[a:b] == "D"
                vec.append(None if dash and not dash_zero else split.values[p])
                ev[col] = (run.starts[a], run.ends[b - 1])
            cands.append(tuple(vec))
            evs.append(ev)
        if not cands:
            self.stats.warn(
                "unsplittable_digit_run",
                f"“{label}”一行的数字串“{run.symbols.replace('D', '-')}”无法拆分成符合勾稽关系的各栏数字，相关单元格留空",
                pointer,
            )
        return cands, evs

    # -- table 四 -------------------------------------------------------------------------------------------

    def write_table4(self, row: RawRow | None, dash_zero: bool | None) -> None:
        if row is None:
            return
        values: dict[str, int | None] = {}
        evidence: dict[str, CellValue | tuple[int, int]] = {}
        if row.cells is not None:
            if not any(c.kind == "number" for c in row.cells):
                self.stats.warn("blank_template", "表四只有表头，没有填写任何数字，全部按未填报处理", "/review")
                return
            blanks = 0
            for key, cell in zip(row.columns, row.cells, strict=True):
                blanks += cell.kind == "blank"
                if cell.kind == "bad":
                    self.stats.warn("unreadable_cell", f"表四的“{cell.quote}”不是数字，留空", "/" + key)
                values[key] = self._value(cell, True, dash_zero)
                evidence[key] = cell
            if blanks:
                self.stats.warn("blank_as_zero", f"表四有{blanks}个空白单元格，按0计", "/review")
        elif row.run is not None and row.run.symbols:
            cands, evs = self._split(row, "行政复议、行政诉讼", "/review", dash_zero)
            if len(cands) == 1:
                values = dict(zip(row.columns, cands[0], strict=True))
                evidence = evs[0]
            elif len(cands) > 1:
                for i, key in enumerate(row.columns):
                    seen = {(c[i], tuple(e[key])) for c, e in zip(cands, evs, strict=True)}
                    if len(seen) == 1:
                        values[key] = cands[0][i]
                        evidence[key] = evs[0][key]
                self.stats.warn(
                    "ambiguous_digit_run",
                    f"表四的数字连在一起（“{row.run.symbols.replace('D', '-')}”），有多种拆分都符合合计关系，"
                    f"无法唯一拆分，相关单元格留空",
                    "/review",
                )
        for key, v in values.items():
            if v is not None:
                self._set("/" + key, v, evidence[key])
        derived = 0
        for col in OUTCOME_COLUMNS:
            a = values.get(f"litigation_direct/{col}")
            b = values.get(f"litigation_after_review/{col}")
            if a is None or b is None:
                continue
            ea, eb = _span(evidence[f"litigation_direct/{col}"]), _span(evidence[f"litigation_after_review/{col}"])
            lo, hi = min(ea[0], eb[0]), max(ea[1], eb[1])
            self.stats.set(f"/litigation/{col}", a + b, Evidence(self.doc.text[lo:hi], lo))
            derived += 1
        if derived:
            self.stats.warn(
                "note.derived_figure",
                "行政诉讼合计由表四“未经复议直接起诉”与“复议后起诉”两栏相加得出（证据引文涵盖这两栏）",
                "/litigation",
            )

    # -- table 二 -------------------------------------------------------------------------------------------

    def write_table2(self, rows: list[RawRow], dash_zero: bool | None) -> None:
        labels = {r.key: r.label for b in self.template.table2 for r in b.rows}
        blanks = 0
        dashes = 0
        for row in rows:
            if row.cells is None:
                if row.run is not None and row.run.symbols and row.span is not None and row.kinds is not None:
                    dashes += self._table2_run(row, row.kinds, labels[row.key], dash_zero)
                continue
            for key, cell in zip(row.columns, row.cells, strict=True):
                pointer = f"/table2/{row.key}/{key}"
                if cell.kind == "blank":
                    blanks += 1
                    continue
                if cell.kind == "dash":
                    if dash_zero:
                        self._set(pointer, 0.0 if key.startswith("amount") else 0, cell)
                    else:
                        dashes += 1
                    continue
                if cell.kind == "bad":
                    self.stats.warn("unreadable_cell", f"表二“{labels[row.key]}”的“{cell.quote}”无法识别为数字，留空", pointer)
                    continue
                self._set(pointer, cell.value, cell)
                if cell.note:
                    self.stats.warn("unit_converted", f"表二“{labels[row.key]}”：{cell.note}", pointer)
        if blanks:
            self.stats.warn("blank_cell", f"表二有{blanks}个空白单元格，无法确定是0还是未填报，留空", "/table2")
        if dashes:
            self.stats.warn(
                "dash_cell", f"表二有{dashes}个“—”“/”等符号，本报告未表明其含义为0，留空", "/table2"
            )

    def _table2_run(self, row: RawRow, block_columns: tuple[Column, ...], label: str, dash_zero: bool | None) -> int:
        """A table 二 row whose separators were lost: kept only when exactly one reading exists (table 二 has
        no identity to check a split against; signs and decimal points are what usually make it unique), or
        when the document's own evidence leaves one (table2_split.rank_splits: its prose, the 2019 format's
        column meanings). Otherwise the cells stay empty and the warning lists the candidate splits.
        Returns the number of dash cells left empty."""
        run = row.run
        assert run is not None and row.span is not None
        a, b = row.span
        text = fold(self.doc.simplified[a:b])
        kinds = [
            MONEY_CELL if c.money_unit else SIGNED_CELL if c.signed else COUNT_CELL for c in block_columns
        ]
        # A "-" may be a dash cell only in a report that writes dash cells in its tables at all.
        dashes_allowed = dash_zero is not None
        splits = split_text(text, kinds, dashes=dashes_allowed)
        if len(splits) == 1:
            return self._table2_values(row, block_columns, label, dash_zero, text, splits[0].values, splits[0].spans)
        if not splits:
            self.stats.warn(
                "unsplittable_digit_run",
                f"表二“{label}”一行的“{self.doc.text[a:b].strip()}”无法拆分成各栏数字，相关单元格留空",
                f"/table2/{row.key}",
            )
            return 0
        # Several readings: weigh them with what this document itself says (its prose, the format's meaning).
        stated = stated_in_prose(self.doc.simplified, row.key, row.columns, exclude=self.table2_span)
        ranked = rank_splits(
            text, row.key, row.columns, template=self.template.id, kinds=kinds, dashes=dashes_allowed, stated=stated
        )
        if ranked.chosen is not None:
            self.stats.warn(
                "table2_split_resolved",
                f"表二“{label}”一行的数字连在一起（“{self.doc.text[a:b].strip()}”），按"
                f"{format_values(ranked.chosen.values, row.columns)}拆分：{ranked.decided_by}",
                f"/table2/{row.key}",
            )
            return self._table2_values(
                row, block_columns, label, dash_zero, text, ranked.chosen.values, ranked.chosen.spans
            )
        why = "表二没有勾稽关系可以核对" if ranked.candidates else "各种拆分都与报告中的其他信息矛盾"
        note = f"。{candidates_note(ranked)}" if ranked.candidates and ranked.complete else ""
        self.stats.warn(
            "ambiguous_digit_run",
            f"表二“{label}”一行的数字连在一起（“{self.doc.text[a:b].strip()}”），{why}，"
            f"无法唯一拆分，相关单元格留空{note}",
            f"/table2/{row.key}",
        )
        return 0

    def _table2_values(self, row: RawRow, block_columns, label: str, dash_zero, text: str, values, spans) -> int:
        a = row.span[0]  # type: ignore[index]
        dashes = 0
        for key, col, value, (x, y) in zip(row.columns, block_columns, values, spans, strict=True):
            pointer = f"/table2/{row.key}/{key}"
            if value is None:
                if not dash_zero:
                    dashes += 1
                    continue
                value = 0
            if col.money_unit and col.header_unit and col.header_unit != col.money_unit:
                value = float(Decimal(str(value)) * YUAN[col.header_unit] / YUAN[col.money_unit])
                self.stats.warn("unit_converted", f"表二“{label}”：“{text[x:y]}”按{col.money_unit}折算为{value:g}", pointer)
            elif col.money_unit:
                value = float(value)
            self._set(pointer, value, (a + x, a + y))
        return dashes


def _row_identities(row: RawRow) -> list[tuple[str, tuple[str, ...]]]:
    if row.key == "table4":
        return [(f"{g}/total", tuple(f"{g}/{c}" for c in OUTCOME_COLUMNS[:-1])) for g in T4_GROUPS]
    return [("total", tuple(APPLICANT_TYPES))]


def _span(ev: CellValue | tuple[int, int]) -> tuple[int, int]:
    if isinstance(ev, CellValue):
        return ev.start, ev.start + len(ev.quote)
    return ev


def _evidence_for(agreeing: list[dict], col: str):
    """The evidence of a cell: the span shared by every candidate agreeing with the solved row (`agreeing`:
    those candidates' evidence by column)."""
    spans = set()
    for ev in agreeing:
        if col in ev:
            spans.add(ev[col] if isinstance(ev[col], tuple) else (ev[col].start, ev[col].start + len(ev[col].quote)))
            first = ev[col]
    if not spans:
        return None
    return first if len(spans) == 1 else None

