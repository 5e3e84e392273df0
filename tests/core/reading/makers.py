"""Small documents built in memory for the reading tests (PDF with tests/minipdf.py, DOCX with python-docx)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.oxml.ns import qn


def pdf(pages: Sequence[Sequence[object]]) -> bytes:
    """Each page is a list of items: a str is a text line; a list of rows is a ruled table.

    Text is drawn in the non-embedded CID font STSong-Light (tests/minipdf.py), which PDFium maps to Unicode
    through the Adobe-GB1 CMap.
    """
    from tests.minipdf import Canvas

    c = Canvas()
    for items in pages:
        y = 780.0
        for item in items:
            if isinstance(item, str):
                c.text(72, y, item)
                y -= 20
                continue
            rows = item
            n_cols = max(len(r) for r in rows)
            xs = [72 + i * (450 / n_cols) for i in range(n_cols + 1)]
            ys = [y - i * 20 for i in range(len(rows) + 1)]
            for x in xs:
                c.line(x, ys[0], x, ys[-1])
            for yy in ys:
                c.line(xs[0], yy, xs[-1], yy)
            for i, row in enumerate(rows):
                for j, value in enumerate(row):
                    c.text(xs[j] + 4, ys[i] - 14, str(value))
            y = ys[-1] - 24
        c.show_page()
    return c.save()


def docx_bytes(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def set_cell(table, r: int, c: int, text: str) -> None:
    table.cell(r, c).text = text


def vmerge(cell, value: str | None) -> None:
    """Mark a cell as the start ("restart") or continuation (None) of a vertical merge, as Word writes it."""
    tc_pr = cell._tc.get_or_add_tcPr()
    el = tc_pr.makeelement(qn("w:vMerge"), {})
    if value:
        el.set(qn("w:val"), value)
    tc_pr.append(el)


WML_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx_from_body(body_xml: str, *, content_type: str = WML_MAIN, main_part: str = "word/document.xml",
                   extra_parts: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX package whose document body is `body_xml` (WordprocessingML, prefix w: and friends)."""
    import zipfile

    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps">'
        f"<w:body>{body_xml}</w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'officeDocument" Target="{main_part}"/></Relationships>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr(main_part, document)
        for name, data in (extra_parts or {}).items():
            z.writestr(name, data)
    return buf.getvalue()
