"""Identity documents on an application (条例 art. 29: 身份证明) and the masked forms shown in lists.

* Resident identity card number, GB 11643-1999: 17 digits (6-digit area code, 8-digit birth date, 3-digit
  sequence) and an ISO 7064 MOD 11-2 check character from "10X98765432".
* Unified social credit code, GB 32100-2015: 18 characters over "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O,
  Z, S, V); the 18th is the check character, 31 − (Σ value·weight mod 31), where 31 becomes 0.

Inputs are normalised before checking: spaces (ASCII and full-width) are removed, full-width letters and
digits become ASCII, letters are upper-cased (a lower-case final "x" is accepted).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from gongkai.core.errors import InvalidApplication

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}

# Document kinds a natural person may use besides the resident identity card (free-form numbers).
FREE_ID_KINDS = ("passport", "hk_macao_taiwan", "foreign_permanent", "other")
FREE_ID_MIN, FREE_ID_MAX = 5, 30


def normalise(s: str) -> str:
    """NFKC (full-width → ASCII), drop every kind of space, upper-case."""
    s = unicodedata.normalize("NFKC", s or "")
    return re.sub(r"\s+", "", s).upper()


# --- checksums ---------------------------------------------------------------------------------------------

def resident_id_checksum(body17: str) -> str:
    """The 18th character for the first 17 digits of a resident ID number. ValueError unless 17 digits."""
    if len(body17) != 17 or not body17.isascii() or not body17.isdigit():
        raise ValueError("a resident ID body is 17 ASCII digits")
    total = sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def uscc_checksum(body17: str) -> str:
    """The 18th character for the first 17 characters of a unified social credit code."""
    body17 = body17.upper()
    if len(body17) != 17 or any(c not in _USCC_VALUE for c in body17):
        raise ValueError("a USCC body is 17 characters of the GB 32100 alphabet")
    total = sum(_USCC_VALUE[c] * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


# --- validation --------------------------------------------------------------------------------------------

def resident_id_problem(s: str, *, today: date | None = None) -> str | None:
    """None when `s` is a valid resident ID number, else the Chinese reason (specific to the first fault)."""
    n = normalise(s)
    if not n:
        return "请填写身份证号码。"
    if len(n) == 15 and n.isdigit():
        return "请填写18位居民身份证号码（15位的旧号码已停止使用）。"
    if len(n) != 18:
        return f"身份证号码应为18位，当前为{len(n)}位。"
    if not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        return "身份证号码前17位应为数字，最后一位为数字或X。"
    if n[0] not in "12345678":
        return "身份证号码前6位（地址码）不正确。"
    try:
        born = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return "身份证号码中的出生日期（第7至14位）不是有效日期。"
    if born.year < 1900 or (today is not None and born > today):
        return "身份证号码中的出生日期（第7至14位）不正确。"
    if resident_id_checksum(n[:17]) != n[17]:
        return "身份证号码校验位不正确，请核对最后一位。"
    return None


def uscc_problem(s: str) -> str | None:
    """None when `s` is a valid unified social credit code, else the Chinese reason."""
    n = normalise(s)
    if not n:
        return "请填写统一社会信用代码。"
    if len(n) != 18:
        return f"统一社会信用代码应为18位，当前为{len(n)}位。"
    bad = [c for c in n if c not in _USCC_VALUE]
    if bad:
        return f"统一社会信用代码含有不允许的字符“{bad[0]}”（代码中不使用I、O、Z、S、V）。"
    if uscc_checksum(n[:17]) != n[17]:
        return "统一社会信用代码校验位不正确，请核对最后一位。"
    return None


def valid_resident_id(s: str, *, today: date | None = None) -> bool:
    return resident_id_problem(s, today=today) is None


def valid_uscc(s: str) -> bool:
    return uscc_problem(s) is None


def check_identity(applicant_type: str, id_kind: str, id_number: str, *, today: date | None = None) -> str:
    """Validate the identity document of an application and return its normalised number.

    Natural persons: `id_kind` "resident_id" (or empty) → a GB 11643 number, checked; one of FREE_ID_KINDS
    (passport, 港澳台 permits, foreign permanent residence card, other) → a free document number, only its
    length is checked. Organisations (every other applicant type): a unified social credit code, checked.
    Raises InvalidApplication(field="id_number") with a specific Chinese message."""
    def fail(message: str, field: str = "id_number") -> InvalidApplication:
        return InvalidApplication(field, message=message, field=field)

    n = normalise(id_number)
    if applicant_type == "natural_person":
        kind = id_kind or "resident_id"
        if kind == "resident_id":
            problem = resident_id_problem(n, today=today)
            if problem:
                raise fail(problem)
            return n
        if kind not in FREE_ID_KINDS:
            raise fail("请选择证件类型。", "id_kind")
        if not n:
            raise fail("请填写证件号码。")
        if not FREE_ID_MIN <= len(n) <= FREE_ID_MAX:
            raise fail(f"证件号码长度应在{FREE_ID_MIN}至{FREE_ID_MAX}位之间，请核对。")
        if not re.fullmatch(r"[0-9A-Z()\-]+", n):
            raise fail("证件号码只能包含数字、字母、括号和连字符，请核对。")
        return n
    if id_kind and id_kind != "uscc":
        raise fail("法人或其他组织请填写统一社会信用代码。", "id_kind")
    problem = uscc_problem(n)
    if problem:
        raise fail(problem)
    return n


# --- masking (lists, logs, exports) -----------------------------------------------------------------------

def mask_id(s: str) -> str:
    """110105********1234: the first 6 and the last 4 characters stay; short numbers keep only the last 2."""
    n = normalise(s)
    if len(n) >= 12:
        return n[:6] + "*" * (len(n) - 10) + n[-4:]
    if len(n) > 2:
        return "*" * (len(n) - 2) + n[-2:]
    return "*" * len(n)


def mask_phone(s: str) -> str:
    """138****5678: the first 3 and the last 4 digits stay (other lengths: the last 4 only)."""
    digits = re.sub(r"[\s\-]", "", s or "")
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)


# Common two-character surnames (复姓): for these the whole surname stays visible.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 西门 南宫 独孤 百里 呼延 "
    "澹台 公冶 太史 申屠 钟离 闻人 赫连 万俟 第五 司空 东郭 拓跋".split()
)


def mask_name(s: str) -> str:
    """张* / 李** / 欧阳** / 某***: the first character (a compound surname: both) stays, the rest become *."""
    s = (s or "").strip()
    if not s:
        return ""
    keep = 2 if len(s) >= 3 and s[:2] in COMPOUND_SURNAMES else 1
    return s[:keep] + "*" * max(len(s) - keep, 1)


def mask_address(s: str, keep: int = 6) -> str:
    """北京市朝阳区****: the first `keep` characters (about the district) stay."""
    s = (s or "").strip()
    if not s:
        return ""
    if len(s) <= keep:
        return s[: max(len(s) // 2, 1)] + "****"
    return s[:keep] + "****"


def mask_email(s: str) -> str:
    """a***@example.com: the first character of the local part and the domain stay."""
    s = (s or "").strip()
    local, at, domain = s.partition("@")
    if not at:
        return mask_name(s)
    return (local[:1] or "*") + "***@" + domain
