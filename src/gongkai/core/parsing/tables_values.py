"""Cell values of the national tables as the source wrote them, before any policy is applied.

A cell is a number, blank, a dash-like mark ("-", "—", "/", …) or something unreadable. Whether a blank or
a dash means 0 depends on the table and on the report (see tables.py); here they are only classified.
Money cells may carry a unit (`12.5万元`, `3000元`): the value is converted to the column's unit and the
conversion is noted so the caller can say so in a warning.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from ..reading.document import Document
from .digits import Run

Kind = Literal["number", "blank", "dash", "bad"]

_DASH = re.compile(r"^[-—–―‐‑/\\─━]+$")
_NUMBER = re.compile(
    r"^(?P<sign>[+\-])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>亿元|万元|元|件|项|个|条|次|宗|起)?$"
)
# Characters that may appear among the figures of a row written as text.
VALUE_CHARS = re.compile(r"[\d.,+\-—–―‐‑/\\─━万亿元件项个条次宗起\s]")
TOKEN = re.compile(
    r"[+\-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:亿元|万元|元|件|项|个|条|次|宗|起)?"
    r"|[+\-]?\d+(?:\.\d+)?(?:亿元|万元|元|件|项|个|条|次|宗|起)?"
    r"|[-—–―‐‑/\\─━]+"
)
# Where a row's figures begin: a digit, a dash standing alone, or the tab before a blank first cell.
_FIRST_FIGURE = re.compile(r"\d|[-—–―‐‑/\\─━](?=[\s\d]|$)|\t")
_SPACES = re.compile(r"\s+")
YUAN = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


def fold(text: str) -> str:
    """Full-width digits and signs to ASCII without changing the length (offsets keep matching)."""
    if text.isascii():  # NFKC leaves ASCII as it is; most cells are plain digits
        return text
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 and (n.isdigit() or n in "+-./,") else ("-" if ch == "－" else ch)


@dataclass
class CellValue:
    kind: Kind
    value: int | float | None
    quote: str  # the cell's text in Document.text (original script)
    start: int
    note: str | None = None  # e.g. a unit conversion the caller should report


@dataclass
class Column:
    """What a cell must hold: a count, a signed change, or money in `unit` (元 or 万元)."""

    signed: bool = False
    money_unit: str | None = None  # "元" or "万元": the unit the figure is stored in
    header_unit: str | None = None  # the unit the table header gives, for cells that state none


COUNT = Column()


_MD_ESCAPE = re.compile(r"\\(?=[.,+\-])")


def read_cell(doc: Document, start: int, end: int, column: Column = COUNT) -> CellValue:
    """Classify the text doc.text[start:end] (matched on doc.simplified) as a cell of `column`."""
    raw = doc.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    quote = raw.strip()
    qstart = start + lead
    s = _SPACES.sub("", fold(doc.simplified[start:end]))
    if "\\" in s:
        # Markdown escapes (`386\\.52`, `\\-12` from PDF converters): a backslash is never part of a figure.
        s = _MD_ESCAPE.sub("", s)
    if not s:
        return CellValue("blank", None, quote, qstart)
    if s.isdigit() and s.isascii() and not column.money_unit:
        # Plain ASCII digits, most cells: what the general path below gives them, without regex and Decimal.
        return CellValue("number", int(s), quote, qstart)
    if _DASH.match(s):
        return CellValue("dash", None, quote, qstart)
    m = _NUMBER.match(s)
    if not m:
        return CellValue("bad", None, quote, qstart)
    sign, num, unit = m.group("sign"), m.group("num").replace(",", ""), m.group("unit")
    if sign and not column.signed:
        return CellValue("bad", None, quote, qstart)
    try:
        value = Decimal(num)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return CellValue("bad", None, quote, qstart)
    if sign == "-":
        value = -value
    note = None
    if column.money_unit:
        unit = unit or column.header_unit
        if unit in YUAN and unit != column.money_unit:
            value = value * YUAN[unit] / YUAN[column.money_unit]
            note = f"“{quote}”按{column.money_unit}折算为{_plain(value)}"
        elif unit not in (None, *YUAN):
            return CellValue("bad", None, quote, qstart)
        return CellValue("number", float(value), quote, qstart, note)
    if unit in YUAN or value != value.to_integral_value():
        return CellValue("bad", None, quote, qstart)
    return CellValue("number", int(value), quote, qstart)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


@dataclass
class RawRow:
    """One table row as found: cells aligned with `columns`, or a run whose separators were lost."""

    key: str
    columns: tuple[str | None, ...]  # field key per position; None for a column the template lacks
    cells: list[CellValue] | None
    run: Run | None = None
    raw: str = ""
    span: tuple[int, int] | None = None  # where `raw` stands in Document.text
    kinds: tuple[Column, ...] | None = None  # what each cell must hold, when not plain counts (table 二)


@dataclass
class Stretch:
    """The figures that follow a row label in text: either one value per cell, or a run to split."""

    cells: list[CellValue]
    run: Run | None  # digits and dashes of the stretch, for rows whose cells lost their separators
    raw: str
    start: int
    end: int


def read_stretch(doc: Document, start: int, end: int, columns: list[Column]) -> Stretch | None:
    """The figures in doc.text[start:end] right after a row label.

    Accepted shapes: tab- or pipe-separated cells (blank fields are blank cells), figures separated by spaces or
    line breaks, and runs without separators. Leading non-figure text (the rest of a long label, a
    parenthetical such as （区分处理的……）) is skipped; reading stops at the first text that is not a figure,
    so a following heading or paragraph is never taken for figures.
    """
    # A pipe (Markdown or a crawl of one) separates cells like a tab.
    simp = fold(doc.simplified[start:end]).replace("|", "\t").replace("｜", "\t")
    m = _FIRST_FIGURE.search(simp)
    if m is None:
        return None
    i = m.start()
    skipped = _SPACES.sub("", simp[:i])
    if len(skipped) > 40 or "。" in skipped:
        return None
    # Tab-separated cells on one line keep their blanks.
    line_start = simp.rfind("\n", 0, i) + 1
    width = len(columns)
    if "\t" in simp[line_start:i + 1] or simp[i] == "\t":
        cells = _tab_cells(doc, start, simp, i, columns)
        if cells is not None:
            return cells
    j = i
    while j < len(simp) and VALUE_CHARS.match(simp[j]):
        j += 1
    # Trailing spaces and a dangling separator do not belong to the row.
    while j > i and simp[j - 1] in " \t\n\r\u3000,.":
        j -= 1
    if j == i:
        return None
    tokens = [(m.start() + i, m.end() + i) for m in TOKEN.finditer(simp[i:j])]
    if not tokens:
        return None
    if len(tokens) > width:
        # Figures of the next block (a page number, a footnote) sometimes follow on a new line.
        cut = tokens[width - 1][1]
        if "\n" in simp[cut:tokens[width][0]]:
            tokens = tokens[:width]
            j = cut
    cells = [
        read_cell(doc, start + a, start + b, columns[k] if len(tokens) == width else COUNT)
        for k, (a, b) in enumerate(tokens)
    ]
    run_text = "".join(ch if (ch.isdigit() or ch.isspace()) else ("-" if _DASH.match(ch) else " ") for ch in simp[i:j])
    run = Run.from_text(run_text, start + i)
    return Stretch(cells, run, doc.text[start + i:start + j], start + i, start + j)


def _tab_cells(doc: Document, start: int, simp: str, i: int, columns: list[Column]) -> Stretch | None:
    width = len(columns)
    line_start = simp.rfind("\n", 0, i) + 1
    line_end = simp.find("\n", i)
    line_end = len(simp) if line_end < 0 else line_end
    fields: list[tuple[int, int]] = []
    pos = line_start
    for part in simp[line_start:line_end].split("\t"):
        fields.append((pos, pos + len(part)))
        pos += len(part) + 1
    if line_start == 0:
        fields.pop(0)  # the rest of the label's own cell
    # Merged label cells repeated by the renderer.
    while fields and not is_value_text(simp[fields[0][0]:fields[0][1]]):
        fields.pop(0)
    while fields and len(fields) > width and not simp[fields[-1][0]:fields[-1][1]].strip():
        fields.pop()
    if len(fields) != width or not all(is_value_text(simp[a:b]) for a, b in fields):
        return None
    cells = [read_cell(doc, start + a, start + b, col) for (a, b), col in zip(fields, columns, strict=True)]
    a, b = fields[0][0], fields[-1][1]
    return Stretch(cells, None, doc.text[start + a:start + b], start + a, start + b)


@lru_cache(maxsize=8192)
def is_value_text(text: str) -> bool:
    # Cached: every field of every tab-separated row is asked, and cells ("0", "12", "—") repeat.
    t = text.strip()
    return not t or bool(_NUMBER.match(_SPACES.sub("", t))) or bool(_DASH.match(t))
