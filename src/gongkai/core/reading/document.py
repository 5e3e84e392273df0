"""The one representation every reader produces and every parser consumes.

`Document.text` is the plain text of the document in its own script (what evidence quotes and offsets refer
to). Tables are rendered into `text` as one line per row with cells separated by a tab, so each `Cell`
knows its offset in `text`. `Document.simplified` is a copy of `text` converted to simplified Chinese
character by character, of exactly the same length, so a match found in `simplified` at offset i quotes
`text[i:j]` in the original script.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Format = Literal["txt", "html", "pdf", "docx", "md"]


@dataclass(frozen=True)
class Cell:
    text: str
    start: int  # offset of the cell's text in Document.text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Table:
    """A table as the source laid it out.

    For HTML and DOCX (and PDF tables found from ruling lines) rows are grid-aligned: a merged cell appears
    in every grid position it covers, as the same `Cell` object, so `rows[i][j]` is always column j.
    Tables reconstructed from text (Markdown pipes) may have ragged rows.
    """

    rows: list[list[Cell]]
    start: int  # offset of the first row in Document.text
    end: int
    page: int | None = None  # 1-based page for PDF
    origin: Literal["html", "docx", "pdf", "text"] = "text"


@dataclass
class Document:
    name: str
    format: Format
    text: str
    simplified: str
    tables: list[Table] = field(default_factory=list)
    pages: int | None = None
    script: Literal["simplified", "traditional"] = "simplified"
    encoding: str | None = None
    # Doubts found while reading (code, Chinese message), passed on to the statistics' warnings.
    notes: list[tuple[str, str]] = field(default_factory=list)
    # Text read by OCR from scanned pages: one span per text box (offsets into `text`), empty otherwise.
    ocr_spans: list = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages whose text came from OCR

    def ocr_span_at(self, offset: int):
        """The OCR box holding the character at `offset`, or None (text-layer or non-PDF text)."""
        import bisect

        spans = self.ocr_spans
        i = bisect.bisect_right([s.start for s in spans], offset) - 1
        if i >= 0 and spans[i].start <= offset < spans[i].end:
            return spans[i]
        return None

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]
