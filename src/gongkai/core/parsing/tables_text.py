"""Tables 二/三/四 written as text: crawled pages, txt/md files, PDFs without ruling lines.

Rows are found by their labels (aligned with the template order, see tables_locate) and the figures of a
row are whatever follows its label up to the next row's label, in any of the shapes `read_stretch` accepts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..reading.document import Document
from ..stats.model import APPLICANT_COLUMNS, OUTCOME_COLUMNS
from ..templates import Label, Template, get_template
from .tables_locate import Projection, align, hits_for
from .tables_values import COUNT, CellValue, Column, RawRow, fold, is_value_text, read_cell, read_stretch

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
    stacked: list[int] = []  # rows whose label is followed by the next label: their figures come later
    for n, r in enumerate(order):
        _, end, _ = chain[r]
        a = proj.doc_span(chain[r][0], end)[1]
        if n + 1 < len(order):
            b = proj.offsets[chain[order[n + 1]][0]]
        else:
            b = min(len(doc.text), a + ROW_WINDOW * (len(stacked) + 1))
        stretch = read_stretch(doc, a, b, columns)
        if (stretch is None or _item_mark_only(doc, stretch)) and n + 1 < len(order):
            stacked.append(r)
            continue
        if stacked:
            group = [rows[k].key for k in (*stacked, r)]
            block = _stacked_rows(doc, a, b, group, layout, _t3_identities(layout))
            stacked = []
            if block is not None:
                out.extend(block)
                continue
            chunks = figure_chunks(doc, a, b)
            if chunks and sum(map(len, chunks)) == len(group) * len(layout):
                # The block's figures are there but their reading is in doubt: none of them is this row's.
                lo, hi = chunks[0][0][0], chunks[-1][-1][1]
                out.append(RawRow(group[0], layout, None, None, doc.text[lo:hi], (lo, hi)))
                out.extend(RawRow(k, layout, None) for k in group[1:])
                continue
            out.extend(RawRow(k, layout, None) for k in group[:-1])
        out.append(_raw(rows[r].key, layout, stretch))
    out.extend(RawRow(rows[k].key, layout, None) for k in stacked)
    return out


def _item_mark_only(doc: Document, stretch) -> bool:
    """A lone `1.` / `2、` before a label's text: the item mark of a label the alignment matched by an alias
    further on (`1.申请人无正当理由…` cut by a line break), not a figure."""
    if len(stretch.cells) != 1 or stretch.cells[0].kind != "number":
        return False
    after = doc.simplified[stretch.end:stretch.end + 2]
    return len(after) == 2 and after[0] in ".．、" and not after[1].isspace() and not after[1].isdigit()


def _t3_identities(layout: tuple[str | None, ...]) -> list[tuple[int, tuple[int, ...]]]:
    idents = []
    if "total" in layout and all(k in layout for k in APPLICANT_COLUMNS[:-1]):
        idents.append((layout.index("total"), tuple(layout.index(k) for k in APPLICANT_COLUMNS[:-1])))
    if None in layout and all(k in layout for k in APPLICANT_COLUMNS[1:-1]):
        idents.append((layout.index(None), tuple(layout.index(k) for k in APPLICANT_COLUMNS[1:-1])))
    return idents


# -- raw reading order ------------------------------------------------------------------------------------------
#
# `pdftotext` without -layout (and copy-paste from a PDF viewer) writes every table cell on its own line, in
# the order of the PDF's text blocks: a row's label may be followed by its cells, or a run of labels by the
# cells of all their rows, written column by column (each column of a ruled block is one text block) or row
# by row, and a block may be cut by a page break. The rows' order is the template's, so only the reading of
# the figures (row-major, column-major, column-major per block of rows) is open; the table's row identities
# pick it, and a doubt leaves the rows unread.


def figure_chunks(doc: Document, a: int, b: int) -> list[list[tuple[int, int]]] | None:
    """The figure tokens (document offsets) in doc.text[a:b] up to the first line that is not figures,
    grouped in chunks separated by blank lines. None when text other than a short label remainder comes
    before the first figure."""
    simp = fold(doc.simplified[a:b])
    chunks: list[list[tuple[int, int]]] = [[]]
    skipped = ""
    pos = 0
    for line in simp.splitlines(keepends=True):
        body = line.strip()
        if not body:
            if chunks[-1]:
                chunks.append([])
        elif all(is_value_text(t) for t in body.split()):
            chunks[-1].extend((a + pos + m.start(), a + pos + m.end()) for m in re.finditer(r"\S+", line))
        elif any(chunks):
            break
        else:
            skipped += body
            if len(skipped) > 40 or "。" in skipped:
                return None
        pos += len(line)
    chunks = [c for c in chunks if c]
    return chunks or None


def _readings(chunks: list[list[tuple[int, int]]], rows: int, width: int) -> list[list[list[tuple[int, int]]]]:
    """Ways to lay `rows` x `width` tokens out as rows: row by row, column by column, and column by column
    in blocks of rows (each column of a block one chunk)."""
    tokens = [t for c in chunks for t in c]
    if len(tokens) != rows * width:
        return []
    out = [[tokens[r * width:(r + 1) * width] for r in range(rows)]]
    if width > 1 and rows > 1:
        out.append([[tokens[c * rows + r] for c in range(width)] for r in range(rows)])
        blocked: list[list[tuple[int, int]]] = []
        k = 0
        while k < len(chunks):
            size = len(chunks[k])
            cols = chunks[k:k + width]
            if len(cols) < width or any(len(c) != size for c in cols):
                break
            blocked.extend([[cols[c][r] for c in range(width)] for r in range(size)])
            k += width
        if k == len(chunks) and len(blocked) == rows and k > width:
            out.append(blocked)
    return out


def _stacked_rows(
    doc: Document,
    a: int,
    b: int,
    keys: list[str],
    layout: tuple[str | None, ...],
    identities: list[tuple[int, tuple[int, ...]]],
    columns: list[Column] | None = None,
) -> list[RawRow] | None:
    """Rows whose labels came one after another, read from the figures after the last label; None when no
    reading, or more than one with different values, satisfies the row identities."""
    chunks = figure_chunks(doc, a, b)
    if chunks is None:
        return None
    width = len(layout)
    columns = columns or [COUNT] * width
    one_per_line = all(len(line) == 1 for line in _lines(doc, chunks))
    good: list[list[list[CellValue]]] = []
    for reading in _readings(chunks, len(keys), width):
        cells = [[read_cell(doc, s, e, columns[c]) for c, (s, e) in enumerate(row)] for row in reading]
        if all(_holds(row, identities) for row in cells):
            good.append(cells)
    if not good:
        return None
    if identities and any(_values(g) != _values(good[0]) for g in good[1:]):
        return None
    # Without identities (table 二), or when they cannot tell (a block of zeros), the line structure does:
    # a PDF renderer writes a ruled block column by column when each line holds one figure, and row by row
    # when a line holds a row's figures.
    pick = good[-1] if one_per_line else good[0]
    out = []
    for key, cells in zip(keys, pick, strict=True):
        lo, hi = min(c.start for c in cells), max(c.start + len(c.quote) for c in cells)
        out.append(RawRow(key, layout, cells, None, doc.text[lo:hi], (lo, hi)))
    return out


def _lines(doc: Document, chunks: list[list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    lines: dict[int, list[tuple[int, int]]] = {}
    for c in chunks:
        for s, e in c:
            lines.setdefault(doc.text.rfind("\n", 0, s), []).append((s, e))
    return list(lines.values())


def _values(rows: list[list[CellValue]]) -> list[list[object]]:
    return [[(c.kind, c.value) for c in row] for row in rows]


def _holds(cells: list[CellValue], identities: list[tuple[int, tuple[int, ...]]]) -> bool:
    if any(c.kind == "bad" for c in cells):
        return False
    v = [c.value or 0 for c in cells]
    return all(v[t] == sum(v[k] for k in srcs) for t, srcs in identities)


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
    ordered = sorted(found, key=found.__getitem__)
    # 总计 is the last column of every layout; found earlier, the header was written in raw PDF order (a
    # merged header cell's text block before the cells under it), which tells nothing about the columns.
    if not all(k in found for k in official) or ordered[-1] != "total":
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
    if stretch is None or len(stretch.cells) != 15:
        cells = _t4_cell_lines(doc, proj.offsets[anchor], layout)
        if cells is not None:
            lo, hi = cells[0].start, cells[-1].start + len(cells[-1].quote)
            return RawRow("table4", layout, cells, None, doc.text[lo:hi], (lo, hi))
    if stretch is None:
        return RawRow("table4", layout, None)
    return _raw("table4", layout, stretch)


# Narrow header cells break the group names too (`未经复议直接` / `起诉`, `复议后` / `起诉`).
_T4_WORDS = tuple(sorted({*T4_GROUP_WORDS, *T4_OUTCOME_WORDS, *T4_HEADER_HALVES, "行政诉讼", "未经复议直接", "未经复议",
                          "复议后", "起诉"}, key=len, reverse=True))
_T4_GROUP_OF = {"行政复议": 0, "未经复议直接起诉": 1, "直接起诉": 1, "复议后起诉": 2}


def _t4_cell_lines(doc: Document, start: int, layout: tuple[str, ...]) -> list[CellValue] | None:
    """Table 四 in raw reading order: header words and figures on lines of their own, each group's figures
    possibly after its own header (行政复议 … 4 1 0 2 7, 未经复议直接起诉 … ), across page breaks. The 15
    figures are taken group by group in the order their group headers precede them (the official order when
    the headers all come first); a reading that breaks a group's 总计 is tried column by column instead."""
    text = fold(doc.simplified[start:min(len(doc.text), start + 3 * ROW_WINDOW)])
    tokens: list[tuple[int, int, int]] = []  # (start, end, group header seen last)
    group = -1
    skipped = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        body = re.sub(r"\s+", "", line)
        if body and all(is_value_text(t) for t in line.split()):
            tokens.extend((start + pos + m.start(), start + pos + m.end(), group) for m in re.finditer(r"\S+", line))
        elif body:
            rest = body
            while rest:
                word = next((w for w in _T4_WORDS if rest.startswith(w)), None)
                if word is None:
                    break
                if word in _T4_GROUP_OF and (word != "行政复议" or not tokens):
                    group = _T4_GROUP_OF[word]
                rest = rest[len(word):]
            if rest:
                # Before the figures, the section heading (四、…行政复议、行政诉讼情况) may still stand.
                skipped += rest
                if tokens or len(skipped) > 40 or "。" in skipped:
                    break
        if len(tokens) >= 15:
            break
        pos += len(line)
    if len(tokens) != 15:
        return None
    cells = [read_cell(doc, a, b) for a, b, _ in tokens]
    orders: list[list[int]] = []
    blocks = [tokens[k * 5][2] for k in range(3)]
    if sorted(blocks) == [0, 1, 2] and all(t[2] == tokens[k * 5][2] for k in range(3) for t in tokens[k * 5:k * 5 + 5]):
        orders.append([blocks.index(g) * 5 + c for g in range(3) for c in range(5)])
    orders.append(list(range(15)))
    orders.append([c * 3 + g for g in range(3) for c in range(5)])
    idents = [(g * 5 + 4, tuple(g * 5 + c for c in range(4))) for g in range(3)]
    for order in orders:
        picked = [cells[k] for k in order]
        if _holds(picked, idents):
            return picked
    return None


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
    hits = hits_for(proj, labels, lo, hi)
    # In raw PDF reading order the labels of a block may stand one after another, their figures after the
    # last of them (`规章` / `行政规范性文件` / 0 / 3 / …).
    starts = {(block_of[h.row], h.start) for h in hits}
    chain = align([h for h in hits if _figures_follow(proj, h.end) or (block_of[h.row], h.end) in starts])
    if not chain:
        return []
    order = sorted(chain)
    out: list[RawRow] = []
    stacked: list[int] = []
    for n, r in enumerate(order):
        h = chain[r]
        block = template.table2[block_of[r]]
        cols = [column_of(c, _header_unit(proj, c, lo, hi)) for c in block.columns]
        layout = tuple(c.key for c in block.columns)
        a = proj.doc_span(h.start, h.end)[1]
        nxt = order[n + 1] if n + 1 < len(order) else None
        b = proj.offsets[chain[nxt].start] if nxt is not None else min(len(doc.text), a + ROW_WINDOW)
        if nxt is not None and block_of[nxt] == block_of[r] and chain[nxt].start == h.end:
            stacked.append(r)
            continue
        if stacked:
            group = [*stacked, r]
            stacked = []
            rows = _stacked_rows(doc, a, b, [labels[k].key for k in group], layout, [], cols)
            if rows is not None:
                for row in rows:
                    row.kinds = tuple(cols)
                out.extend(rows)
                continue
        stretch = read_stretch(doc, a, b, cols)
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


# -- page furniture ---------------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"第\s*\d+\s*页\s*[,，/／]?\s*(?:共\s*\d+\s*页)?|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页"
    r"|[-—–－]\s*\d+\s*[-—–－]|(?:page|Page|PAGE)\s*\d+(?:\s*(?:of|/)\s*\d+)?"
)
_RUNNING_TITLE = re.compile(r"年度报告|年报|工作报告")
_FURNITURE_REACH = 3  # non-blank lines next to a page break that may be a running header or footer


def without_page_furniture(doc: Document) -> Document:
    """The document with page numbers (`第 3 页 共 6 页`, `— 3 —`) and running headers/footers blanked out in
    `simplified` (same length, so offsets still hold). PDF text puts them between a table's rows, or between
    a row's label and its figures, where a page number would be read as a figure."""
    text = doc.simplified
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, pos + len(line), line.strip()))
        pos += len(line)
    blank = [k for k, (_, _, body) in enumerate(lines) if _PAGE_NUMBER.fullmatch(body)]
    if "\f" in text:
        # A line repeated next to several page breaks is a running header or footer.
        near: dict[str, int] = {}
        breaks = [k for k, (a, b, _) in enumerate(lines) if "\f" in text[a:b]]
        candidates: set[int] = set()
        for k in breaks:
            for step in (-1, 1):
                seen, m = 0, k
                while seen < _FURNITURE_REACH and 0 <= m + step < len(lines):
                    m += step
                    body = lines[m][2]
                    if body and not is_value_text(body):
                        seen += 1
                        candidates.add(m)
                        near[body] = near.get(body, 0) + 1
            body = lines[k][2]
            if body:
                candidates.add(k)
                near[body] = near.get(body, 0) + 1
        blank += [k for k in candidates if near[lines[k][2]] >= 2 and not is_value_text(lines[k][2])]
    # Without page breaks (PDF text joined page by page), a running header is the report's title repeated.
    titles: dict[str, list[int]] = {}
    for k, (_, _, body) in enumerate(lines):
        if len(body) >= 10 and _RUNNING_TITLE.search(body):
            titles.setdefault(body, []).append(k)
    blank += [k for ks in titles.values() if len(ks) >= 2 for k in ks]
    if not blank:
        return doc
    chars = list(text)
    for k in set(blank):
        a, b, _ = lines[k]
        for i in range(a, b):
            if not chars[i].isspace():
                chars[i] = " "
    return replace(doc, simplified="".join(chars))
