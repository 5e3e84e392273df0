"""Marking figures read by OCR: confidence and page box on their evidence, and identity repairs.

A figure whose evidence quotes text recognised on a scanned page gets the box's confidence and its place on
the page (`Evidence.ocr_confidence`, `Evidence.page_box`). Because the JSON contract has no evidence keys for
them, each is also stated in an `ocr_evidence` warning whose pointer is the figure, in a fixed form the UI
can parse: `OCR 第 2 页 置信度 0.973 区域 [x0, y0, x1, y1] pt`.

OCR drops digits and whole cells (a faint "0" or "1" in a table). The table identities (表三: the six
applicant columns add up to the total; the results add up to (七)总计; new + carried over = results + carried
forward; 表四: each group's outcomes add up to its total) locate such a drop: a figure missing where exactly
one value restores every identity is stated in a warning with that candidate and left None; a figure read
wrong by one digit (dropped or misread) where exactly one such change restores every identity is corrected,
with a warning giving the value read. Nothing is changed silently.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import statistics

from ..reading.document import Document
from ..stats import AnnualStats
from ..stats.model import APPLICANT_COLUMNS, OCR_EVIDENCE, TABLE3_ROWS, Evidence, ocr_evidence_message

_T3 = "/applications/table3/"
_APPLICANTS = tuple(c for c in APPLICANT_COLUMNS if c != "total")
_NUMBER = re.compile(r"^\d+$")
# new + carried over = results total + carried forward (the 勾稽关系 printed in the table's corner).
_BALANCE_ROWS = ("new", "carried_over", "results_total", "carried_forward")


def mark_ocr_evidence(doc: Document, stats: AnnualStats) -> None:
    if not doc.ocr_spans:
        return
    for pointer, ev in sorted(stats.evidence.items()):
        if ev.start is None:
            continue
        span = doc.ocr_span_at(ev.start)
        if span is None:
            continue
        x0, y0, x1, y1 = span.box
        length = max(span.end - span.start, 1)
        # A box may hold several figures (adjacent cells recognised as one run): give the figure its share.
        a = (ev.start - span.start) / length
        b = (min(ev.start + len(ev.quote), span.end) - span.start) / length
        box = (span.page, round(x0 + (x1 - x0) * a, 1), y0, round(x0 + (x1 - x0) * max(b, a), 1), y1)
        stats.evidence[pointer] = dataclasses.replace(ev, ocr_confidence=span.confidence, page_box=box)
        stats.warn(OCR_EVIDENCE, ocr_evidence_message(span.confidence, box), pointer)


def identities() -> list[tuple[str, list[str]]]:
    """(total pointer, part pointers) for the sum identities of 表三 (2019/2021 formats) and 表四."""
    out: list[tuple[str, list[str]]] = []
    for row in TABLE3_ROWS:
        out.append((f"{_T3}{row}/total", [f"{_T3}{row}/{c}" for c in _APPLICANTS]))
    # other_total is the (六) subtotal some reports print: counted in its parts, not again.
    results = [r for r in TABLE3_ROWS if r not in _BALANCE_ROWS and r != "other_total"]
    for column in APPLICANT_COLUMNS:
        out.append((f"{_T3}results_total/{column}", [f"{_T3}{r}/{column}" for r in results]))
    for group in ("review", "litigation_direct", "litigation_after_review"):
        out.append((f"/{group}/total", [f"/{group}/{k}" for k in ("upheld", "corrected", "other", "pending")]))
    return out


def flag_dropouts(stats: AnnualStats) -> None:
    """Warn about OCR drop-outs the identities pin down to one value; never change a figure."""
    sums = identities()
    figures = stats.figures()
    reported: set[str] = set()
    for total, parts in sums:
        values = {p: figures.get(p) for p in (total, *parts)}
        if all(v is None for v in values.values()):
            continue
        missing = [p for p, v in values.items() if v is None]
        if len(missing) == 1:
            gap = missing[0]
            rest = sum(v for p, v in values.items() if p not in (gap, total) and v is not None)
            candidate = rest if gap == total else values[total] - rest
            if candidate >= 0 and gap not in reported and _holds(gap, candidate, figures, sums):
                reported.add(gap)
                stats.warn("ocr_dropout",
                           f"扫描件中该数字未能识别；按表格勾稽关系，唯一可能的值是 {candidate}"
                           "（未自动填入，请对照原件核实）。", gap)
            continue
        if missing or values[total] == sum(values[p] for p in parts):
            continue
        fixes = [(p, v) for p in values for v in _one_digit_off(values[p]) if _holds(p, v, figures, sums)]
        if len(fixes) == 1 and fixes[0][0] not in reported:
            pointer, value = fixes[0]
            reported.add(pointer)
            read = values[pointer]
            # One figure, one digit, and every identity it takes part in agrees: the scan says `value`.
            stats.set(pointer, value, stats.evidence.get(pointer))
            figures[pointer] = value
            stats.warn("ocr_corrected",
                       f"扫描件 OCR 读出 {read}，与表格勾稽关系不符；只改一位数字能使所有勾稽关系成立的唯一值是 "
                       f"{value}，已按此更正，请对照原件核实。", pointer)
        elif total not in reported:
            reported.add(total)
            stats.warn("ocr_identity_broken",
                       "扫描件 OCR 读出的数字不满足表格勾稽关系，可能有数字识别错误，请对照原件核实。", total)


def _one_digit_off(value) -> list[int]:
    """Every number `value` was if OCR dropped one digit of it or misread one digit."""
    if not isinstance(value, int) or isinstance(value, bool):
        return []
    digits = str(value)
    dropped = {digits[:i] + d + digits[i:] for i in range(len(digits) + 1) for d in "0123456789"}
    misread = {digits[:i] + d + digits[i + 1 :] for i in range(len(digits)) for d in "0123456789"}
    out = {int(t) for t in dropped | misread if t == "0" or not t.startswith("0")}
    out.discard(value)
    return sorted(out)


def _holds(pointer: str, value: int, figures: dict, sums) -> bool:
    """True when `value` at `pointer` satisfies every identity it is part of that is otherwise fully known,
    and it is part of at least one."""
    trial = dict(figures)
    trial[pointer] = value
    checked = 0
    for total, parts in sums:
        if pointer not in (total, *parts):
            continue
        values = [trial.get(p) for p in (total, *parts)]
        if any(v is None for v in values):
            continue
        checked += 1
        if values[0] != sum(values[1:]):
            return False
    for column in APPLICANT_COLUMNS:
        keys = [f"{_T3}{r}/{column}" for r in _BALANCE_ROWS]
        if pointer in keys:
            v = [trial.get(k) for k in keys]
            if all(x is not None for x in v):
                checked += 1
                if v[0] + v[1] != v[2] + v[3]:
                    return False
    return checked > 0


def recover_rows(doc: Document, stats: AnnualStats) -> None:
    """Read 表三 rows the text parser gave up on by the x position of each OCR figure.

    OCR misses a faint cell now and then; the row's figures then no longer match the seven columns and the
    text parser leaves the whole row empty (`unsplittable_digit_run`). On a scan the columns are where the
    rows read in full put their figures, so each figure of such a row is put in the column whose centre it
    sits under; the cell OCR missed stays None (flag_dropouts may name its value).
    """
    if not doc.ocr_spans:
        return
    figures = stats.figures()
    newlines = [i for i, ch in enumerate(doc.text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_left(newlines, offset)

    keys = [r for r in TABLE3_ROWS if r != "other_total"]
    row_line: dict[str, int] = {}
    centres: dict[str, list[float]] = {c: [] for c in APPLICANT_COLUMNS}
    used: set[int] = set()
    for pointer, ev in stats.evidence.items():
        if ev.start is not None:
            used.update(range(ev.start, ev.start + len(ev.quote)))
        if not pointer.startswith(_T3) or ev.start is None:
            continue
        row, column = pointer[len(_T3):].split("/")
        row_line.setdefault(row, line_of(ev.start))
        span = doc.ocr_span_at(ev.start)
        if span is not None and span.end - span.start == len(ev.quote) and column in centres:
            centres[column].append((span.box[0] + span.box[2]) / 2)
    if len(row_line) < 2 or any(len(v) < 2 for v in centres.values()):
        return
    centre = {c: statistics.median(v) for c, v in centres.items()}
    ordered = sorted(centre.values())
    reach = min(b - a for a, b in zip(ordered, ordered[1:], strict=False)) * 0.45
    numbers: dict[int, list] = {}
    for span in doc.ocr_spans:
        text = doc.text[span.start : span.end]
        if _NUMBER.match(text) and span.start not in used:
            numbers.setdefault(line_of(span.start), []).append(span)
    read = [k for k in keys if k in row_line]
    for before, after in zip(read, read[1:], strict=False):
        gap = keys[keys.index(before) + 1 : keys.index(after)]
        lo, hi = row_line[before], row_line[after]
        if len(gap) != 1 or hi <= lo or any(p.startswith(f"{_T3}{gap[0]}/") for p in figures):
            continue
        spans = [s for line in range(lo + 1, hi) for s in numbers.get(line, ())]
        placed: dict[str, object] = {}
        for span in spans:
            x = (span.box[0] + span.box[2]) / 2
            column = min(centre, key=lambda c: abs(centre[c] - x))
            if abs(centre[column] - x) > reach or column in placed:
                placed = {}
                break
            placed[column] = span
        if len(placed) < 2:
            continue
        row = gap[0]
        for column, span in placed.items():
            quote = doc.text[span.start : span.end]
            stats.set(f"{_T3}{row}/{column}", int(quote), Evidence(quote, span.start))
        stats.warnings = [w for w in stats.warnings
                          if not (w.code == "unsplittable_digit_run" and w.pointer == f"{_T3}{row}")]
        missing = [c for c in APPLICANT_COLUMNS if c not in placed]
        stats.warn("ocr_row_by_position",
                   "扫描件中该行的数字按其在页面上的位置对齐到各栏读取"
                   + (f"；{len(missing)} 栏 OCR 未能识别，留空。" if missing else "。"), f"{_T3}{row}")
