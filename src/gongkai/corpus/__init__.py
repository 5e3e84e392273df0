"""A synthetic corpus of annual reports with known figures, for tests and the reading benchmark.

    reports = generate(12, seed=0)
    data = render(reports[0], "pdf")
    expected = expected_figures(reports[0], flattened=False)

Every report is built from figures first (consistent with the template's identities by construction),
then laid out once (`layout`) and drawn by five renderers, so the formats of one report agree exactly.
"""

from __future__ import annotations

import copy

from gongkai.core.reading.script import to_traditional

from .flatten import unique_split
from .generator import SyntheticReport, generate, generate_series
from .layout import Block, Heading, Paragraph, Table

FORMATS = ("txt", "html", "md", "docx", "pdf")

__all__ = ["FORMATS", "SyntheticReport", "ambiguous_flattened", "expected_figures", "file_name", "generate", "generate_series", "render", "true_figures"]


def _convert(blocks: list[Block], fn) -> list[Block]:
    out = copy.deepcopy(blocks)
    for b in out:
        if isinstance(b, Heading | Paragraph):
            b.text = fn(b.text)
        elif isinstance(b, Table):
            for row in b.rows:
                for c in row:
                    c.text = fn(c.text)
    return out


def file_name(report: SyntheticReport, fmt: str, *, flattened: bool = False, traditional: bool = False) -> str:
    return report.name + (".flat" if flattened else "") + (".zht" if traditional else "") + "." + fmt


def render(report: SyntheticReport, fmt: str, *, flattened: bool = False, traditional: bool = False) -> bytes:
    """The report as a file of format `fmt`. `flattened` applies to txt only (crawler-style digit runs)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if flattened and fmt != "txt":
        raise ValueError("flattened rendering exists only for txt")
    blocks = _convert(report.blocks, to_traditional) if traditional else report.blocks
    title = next(b.text for b in blocks if isinstance(b, Heading) and b.level == 0)
    if fmt == "txt":
        from .render_text import render_txt

        return render_txt(blocks, flattened=flattened).encode("utf-8")
    if fmt == "md":
        from .render_text import render_md

        return render_md(blocks).encode("utf-8")
    if fmt == "html":
        from .render_html import encode, render_html

        page, charset = render_html(
            blocks, title=title, agency=_convert([Heading(report.stats.agency)], to_traditional)[0].text
            if traditional else report.stats.agency, year=report.stats.year, seed=f"{report.name}:{report.stats.agency}",
        )
        return encode(page, charset)
    if fmt == "docx":
        from .render_docx import render_docx

        return render_docx(blocks)
    from .render_pdf import render_pdf

    return render_pdf(blocks, title=title)


def true_figures(report: SyntheticReport) -> dict[str, object]:
    """Every figure the report states, with /agency, /year, /template (gold.json's `figures` shape)."""
    return report.expected()


def _kind(pointer: str) -> str:
    if pointer.endswith("/change"):
        return "signed"
    if pointer.endswith(("/amount_10k_yuan", "/amount_yuan")):
        return "decimal"
    return "int"


def ambiguous_flattened(report: SyntheticReport) -> list[str]:
    """Pointers of table rows whose flattened digit run splits in more than one way under the row's identity."""
    out: list[str] = []
    for b in report.blocks:
        if not isinstance(b, Table):
            continue
        for r, pointers in b.figure_rows:
            digits = "".join(c.text for c in b.rows[r] if c.numeric)
            kinds = [_kind(p) for p in pointers]
            if not unique_split(digits, len(pointers), rule=b.row_rule, kinds=kinds):
                out += pointers
    return out


def expected_figures(report: SyntheticReport, *, flattened: bool = False) -> dict[str, object]:
    """What a correct reader reports for the file: in a flattened txt, rows that cannot be split uniquely
    must stay null (with a warning), so their cells are not expected."""
    expected = true_figures(report)
    if flattened:
        for p in ambiguous_flattened(report):
            expected.pop(p, None)
    return expected
