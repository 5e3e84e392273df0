"""索引号: `{agency code}/{year}-{serial}`, the identity every disclosed item carries for life.

The agency code is the agency's 18-character 统一社会信用代码 or, where it has none yet, its 9-character 组织机构代码;
the year is the year of publication and the serial five digits, assigned at publication per agency and year
without gaps or reuse (the web layer holds the counter row locked while it assigns). Observed real forms also
write the organisation code as `XXXXXXXX-X` or the period as `YYYYMM`; `parse` accepts those when reading
imported numbers, `format` always writes the canonical form.

>>> format_index_no("11100000000013338W", 2024, 79)
'11100000000013338W/2024-00079'
>>> parse("00001333-8/2017-00110").serial
110
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.core.errors import GongkaiError

from .codes import normalise_org_code, org_code_valid, uscc_valid

MAX_SERIAL = 99999
_PATTERN = re.compile(r"^(?P<code>[0-9A-Z]{8}-?[0-9A-Z](?:[0-9A-Z]{9})?)/(?P<year>\d{4})(?P<month>\d{2})?-(?P<serial>\d{5})$")


class InvalidIndexNumber(GongkaiError):
    code = "invalid_index_no"
    default_message = "索引号格式不正确：应为“机关代码/年份-五位流水号”，例如 11100000000013338W/2024-00079。"


class InvalidAgencyCode(GongkaiError):
    code = "invalid_agency_code"
    default_message = "机关代码不正确：应为18位统一社会信用代码或9位组织机构代码，且校验位正确。"


@dataclass(frozen=True)
class IndexNumber:
    agency_code: str
    year: int
    serial: int
    month: int | None = None

    def __str__(self) -> str:
        return format_index_no(self.agency_code, self.year, self.serial)


def agency_code_valid(code: str) -> bool:
    code = (code or "").strip().upper()
    return uscc_valid(code) if len(code) == 18 else org_code_valid(code)


def canonical_agency_code(code: str) -> str:
    """The code as an index number writes it; InvalidAgencyCode when it is neither valid form."""
    code = (code or "").strip().upper()
    if len(code) == 18 and uscc_valid(code):
        return code
    if org_code_valid(code):
        return normalise_org_code(code)
    raise InvalidAgencyCode(f"bad agency code {code!r}",
                            message=f"机关代码“{code}”不正确：应为18位统一社会信用代码或9位组织机构代码，且校验位正确。")


def format_index_no(agency_code: str, year: int, serial: int) -> str:
    if not 1 <= serial <= MAX_SERIAL:
        raise InvalidIndexNumber(f"serial {serial} out of range",
                                 message=f"流水号 {serial} 超出范围（1–{MAX_SERIAL}）。")
    return f"{canonical_agency_code(agency_code)}/{year:04d}-{serial:05d}"


def parse(text: str) -> IndexNumber:
    """An index number as typed or imported (full-width characters and spaces tolerated)."""
    cleaned = (text or "").strip().upper().translate(str.maketrans("／－０１２３４５６７８９", "/-0123456789"))
    cleaned = re.sub(r"\s+", "", cleaned)
    m = _PATTERN.match(cleaned)
    if not m:
        raise InvalidIndexNumber(f"malformed index number {text!r}",
                                 message=f"索引号“{text}”格式不正确：应为“机关代码/年份-五位流水号”，例如 11100000000013338W/2024-00079。")
    code = m["code"]
    if not agency_code_valid(code):
        raise InvalidIndexNumber(f"bad agency code in {text!r}",
                                 message=f"索引号“{text}”中的机关代码校验位不正确。")
    serial = int(m["serial"])
    if serial == 0:
        raise InvalidIndexNumber(f"serial 0 in {text!r}", message=f"索引号“{text}”的流水号不能为 00000。")
    month = int(m["month"]) if m["month"] else None
    if month is not None and not 1 <= month <= 12:
        raise InvalidIndexNumber(f"bad month in {text!r}", message=f"索引号“{text}”中的月份不正确。")
    return IndexNumber(canonical_agency_code(code), int(m["year"]), serial, month)
