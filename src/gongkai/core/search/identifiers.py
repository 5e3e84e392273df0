"""文号 and 索引号: recognised in queries and normalised, so exact lookups find the item first.

文号 ("document number"): issuing-organ abbreviation, year in brackets, serial, 号 — 某政发〔2024〕3号. People
type the brackets as 〔〕, [], (), 【】, （）, ［］ or 〈〉, sometimes 第3号 or 03号; all normalise to
`某政发〔2024〕3号` (simplified script, half-width digits).

索引号 ("index number", regulation §5): `{agency code}/{YYYY or YYYYMM}-{5 digits}` where the agency code is
an 18-character 统一社会信用代码 or a 9-character organisation code, the latter often written 12345678-9;
normalised upper case without that hyphen: `123456789/2024-00001`.
"""

from __future__ import annotations

import re

from gongkai.core.search.text import HAN, fold

_OPEN = r"〔\[(【〈<［（"
_CLOSE = r"〕\])】〉>］）"
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[{HAN}A-Za-z]{{1,20}})\s*[{_OPEN}]\s*(?P<year>\d{{4}})\s*[{_CLOSE}]\s*第?\s*(?P<serial>\d{{1,6}})\s*号"
)
INDEX_NO = re.compile(
    r"(?<![0-9A-Za-z])(?P<code>[0-9A-Za-z]{18}|[0-9A-Za-z]{8}-?[0-9A-Za-z])\s*/\s*(?P<period>\d{6}|\d{4})\s*-\s*(?P<serial>\d{5})(?![0-9])"
)


def _doc_number_key(m: re.Match) -> str:
    return f"{m['prefix']}〔{m['year']}〕{int(m['serial'])}号"


def normalise_doc_number(text: str) -> str:
    """The normalised 文号 in `text` (the first one), or "" when there is none.

    >>> normalise_doc_number("某政發[2024]第03號")
    '某政发〔2024〕3号'
    """
    m = DOC_NUMBER.search(fold(text).replace("號", "号"))
    return _doc_number_key(m) if m else ""


def normalise_index_no(text: str) -> str:
    """The normalised 索引号 in `text`, or "".

    >>> normalise_index_no("12345678-9/2024-00012")
    '123456789/2024-00012'
    """
    m = INDEX_NO.search(fold(text))
    if not m:
        return ""
    return f"{m['code'].replace('-', '').upper()}/{m['period']}-{m['serial']}"


def find_identifiers(query: str) -> tuple[str, str, str]:
    """(文号 key, 索引号 key, the query with both removed) for a folded query."""
    rest = query
    doc = idx = ""
    m = INDEX_NO.search(rest)
    if m:
        idx = f"{m['code'].replace('-', '').upper()}/{m['period']}-{m['serial']}"
        rest = rest[:m.start()] + " " + rest[m.end():]
    m = DOC_NUMBER.search(rest)
    if m:
        doc = _doc_number_key(m)
    return doc, idx, rest
