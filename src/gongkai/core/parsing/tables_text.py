"""Tables 二/三/四 written as text: crawled pages, txt/md files, PDFs without ruling lines.

Rows are found by their labels (aligned with the template order, see tables_locate) and the figures of a
row are whatever follows its label up to the next row's label, in any of the shapes `read_stretch` accepts.
"""

from __future__ import annotations

import re

from ..reading.document import Document
from ..stats.model import APPLICANT_COLUMNS, OUTCOME_COLUMNS
from ..templates import Label, Template, get_template
from .tables_locate import Projection, align, hits_for
from .tables_values import COUNT, Column, RawRow, read_stretch

ROW_WINDOW = 400  # characters after the last row label that may still hold its figures

# Column words of table 三's header (the template's column aliases; both formats share the columns), with the
# non-official subtotal some reports add, placed before 总计 as reports place it.
T3_HEADER_WORDS = {
    **{c.key: c.aliases for c in get_template("2021").table3.columns if c.key != "total"},
    "subtotal": ("小计",),
    "total": get_template("2021").table3.columns[-1].aliases,
}
T4_GROUP_WORDS = ("行政复议", "行政诉讼", "未经复议直接起诉", "直接起诉", "复议后起诉")
T4_OUTCOME_WORDS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
# Narrow PDF columns stack a header word over two lines (`结果  结果  其他  尚未  总计` / `维持  纠正  结果  审结`),
# so the projection holds the halves, not the words.
T4_HEADER_HALVES = ("结果", "维持", "纠正", "其他", "尚未", "审结")


def table3_span(proj: Projection, template: Template) -> dict[int, tuple[int, int, int]] | None:
    """Matched table 三 rows: template row index -> (projected start, projected end, score)."""
    rows = list(template.table3.rows)
    chain = align(hits_for(proj, rows))
    strong = [h for h in chain.values() if h.score >= 6]
    if len(chain) < 3 or len(strong) < 2:
        return None
    return {r: (h.start, h.end, h.score) for r, h in chain.items()}


def text_table3(
    doc: Document, proj: Projection, template: Template, chain: dict[int, tuple[int, int, int]]
) -> list[RawRow]:
    rows = list(template.table3.rows)
    order = sorted(chain)
    first = chain[order[0]][0]
    layout = _t3_layout(proj, max(0, first - 300), first)
    columns = [COUNT] * len(layout)
    out: list[RawRow] = []
    for n, r in enumerate(order):
        _, end, _ = chain[r]
        a = proj.doc_span(chain[r][0], end)[1]
        if n + 1 < len(order):
            b = proj.offsets[chain[order[n + 1]][0]]
        else:
            b = min(len(doc.text), a + ROW_WINDOW)
        stretch = read_stretch(doc, a, b, columns)
        out.append(_raw(rows[r].key, layout, stretch))
    return out


def _raw(key: str, layout: tuple[str | None, ...], stretch) -> RawRow:
    if stretch is None:
        return RawRow(key, layout, None)
    if len(stretch.cells) == len(layout):
        return RawRow(key, layout, stretch.cells, None, stretch.raw, (stretch.start, stretch.end))
    return RawRow(key, layout, None, stretch.run, stretch.raw, (stretch.start, stretch.end))


def _t3_layout(proj: Projection, lo: int, hi: int) -> tuple[str | None, ...]:
    """Column order from the header text before the first row; the official order when unclear."""
    official = tuple(APPLICANT_COLUMNS)
    found: dict[str, int] = {}
    for key, words in T3_HEADER_WORDS.items():
        for w in words:
            for i in proj.find_all(w, lo, hi):
                # `其他` inside `法人或其他组织` / `其他结果` is not the column.
                if key == "other_org" and (proj.chars.startswith("组织", i + 2) or proj.chars.startswith("结果", i + 2)):
                    continue
                found.setdefault(key, i)
                break
    if "subtotal" not in found:
        return official
    if all(k in found for k in official):
        ordered = sorted(found, key=found.__getitem__)
    else:
        ordered = [*official[:-1], "subtotal", "total"]
    return tuple(None if k == "subtotal" else k for k in ordered)


def text_table4(doc: Document, proj: Projection, lo: int = 0) -> RawRow | None:
    """The 15 figures after table 四's header (行政复议 … 结果维持 … 总计)."""
    anchor = -1
    for i in proj.find_all("行政复议", lo):
        reach = _reach(proj.chars, i, 80)
        if proj.chars.find("结果维持", i, reach) >= 0 or (
            proj.chars.find("维持", i, reach) >= 0 and proj.chars.find("审结", i, reach) >= 0
        ):
            anchor = i
            break
    if anchor < 0:
        return None
    pos = anchor
    words = T4_GROUP_WORDS + T4_OUTCOME_WORDS + T4_HEADER_HALVES
    while True:
        reach = _reach(proj.chars, pos, 40)
        nxt = [(proj.chars.find(w, pos, reach), w) for w in words]
        nxt = [(i, w) for i, w in nxt if i >= 0]
        if not nxt:
            break
        i, w = min(nxt)
        if re.search(r"\d", proj.chars[pos:i]):
            break
        pos = i + len(w)
    start = proj.doc_span(anchor, pos)[1]
    layout = tuple(f"{g}/{c}" for g in ("review", "litigation_direct", "litigation_after_review") for c in OUTCOME_COLUMNS)
    stretch = read_stretch(doc, start, min(len(doc.text), start + ROW_WINDOW), [COUNT] * 15)
    if stretch is None:
        return RawRow("table4", layout, None)
    return _raw("table4", layout, stretch)


_RULING = re.compile(r"[|｜:：\-=+]{2,}")


def _reach(chars: str, pos: int, width: int) -> int:
    """The index `width` characters after `pos`, not counting runs of table ruling (`|---|---|`, `+===+`)
    that text renderings of tables put between header rows."""
    end = pos
    counted = 0
    while end < len(chars) and counted < width:
        m = _RULING.match(chars, end)
        if m:
            end = m.end()
            continue
        end += 1
        counted += 1
    return end


def text_table2(
    doc: Document, proj: Projection, template: Template, lo: int, hi: int
) -> list[RawRow]:
    """Table 二 rows between `lo` and `hi` (projected), each read with its block's columns."""
    labels: list[Label] = []
    block_of: list[int] = []
    for b, block in enumerate(template.table2):
        for row in block.rows:
            labels.append(row)
            block_of.append(b)
    # A table row's label is followed by its figures; the same words in prose (`开展行政规范性文件清理工作`)
    # are not a row, and keeping them would let the prose outscore the table in the alignment.
    chain = align([h for h in hits_for(proj, labels, lo, hi) if _figures_follow(proj, h.end)])
    if not chain:
        return []
    order = sorted(chain)
    out: list[RawRow] = []
    for n, r in enumerate(order):
        h = chain[r]
        block = template.table2[block_of[r]]
        cols = [column_of(c, _header_unit(proj, c, lo, hi)) for c in block.columns]
        a = proj.doc_span(h.start, h.end)[1]
        b = proj.offsets[chain[order[n + 1]].start] if n + 1 < len(order) else min(len(doc.text), a + ROW_WINDOW)
        stretch = read_stretch(doc, a, b, cols)
        layout = tuple(c.key for c in block.columns)
        row = _raw(labels[r].key, layout, stretch)
        row.kinds = tuple(cols)
        out.append(row)
    return out


_AFTER_LABEL = re.compile(r"(?:\([^()]{0,30}\))?[|｜:：]*[\d\-—–―‐‑/\\─━+]")


def _figures_follow(proj: Projection, end: int) -> bool:
    """Whether a label ending at projected index `end` is followed by a figure (or a dash cell), allowing a
    parenthetical such as （单位：万元） and cell separators in between."""
    return _AFTER_LABEL.match(proj.chars, end) is not None


def column_of(label: Label, header_unit: str | None = None) -> Column:
    if label.key == "amount_10k_yuan":
        return Column(money_unit="万元", header_unit=header_unit or "万元")
    if label.key == "amount_yuan":
        return Column(money_unit="元", header_unit=header_unit or "元")
    return Column(signed=label.signed)


def _header_unit(proj: Projection, label: Label, lo: int, hi: int) -> str | None:
    if not label.decimal:
        return None
    core = re.sub(r"\(.*?\)", "", label.match_forms[0])
    for i in proj.find_all(core, lo, hi):
        m = re.match(r"\((?:单位:)?(万元|元|亿元)\)", proj.chars[i + len(core) : i + len(core) + 10])
        if m:
            return m.group(1)
    return None
