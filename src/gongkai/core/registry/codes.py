"""Agency codes that prefix a 索引号: the 18-character 统一社会信用代码 (GB 32100-2015) and the older 9-character
组织机构代码 (GB 11714-1997), both with their check characters.

* USCC: 18 characters over "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, Z, S, V), valued by their position;
  the 18th is 31 − (Σ value·weight mod 31) with weights 3^i mod 31, where 31 becomes 0. Characters 9–17 are
  the organisation's GB 11714 code (主体标识码), so its own check character must hold too.
* Organisation code: 8 body characters (digits, upper-case letters A=10 … Z=35) and a check character
  11 − (Σ value·weight mod 11) with weights 3, 7, 9, 10, 5, 8, 4, 2, where 10 is "X" and 11 is "0";
  printed XXXXXXXX-X.

Presentation is forgiven, content is not: spaces (ASCII or full-width) are ignored, full-width characters
count as ASCII (NFKC), letters are compared upper-case, and an organisation code may carry its hyphen (of
any dash width) before the check character only. The predicates never raise, whatever they are given.

>>> uscc_valid("11100000000013338W")   # 国务院办公厅
True
>>> org_code_valid("00001333-8")
True
"""

from __future__ import annotations

import re
import unicodedata

# GB 32100-2015: 31 characters (digits and upper-case letters without I, O, Z, S, V), weights 3^(i) mod 31.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997: eight body characters (digits or upper-case letters, A=10 … Z=35) and a check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY = re.compile(r"[0-9A-Z]{8}")
# Dashes people (and Word's autocorrect) put before the check character: NFKC folds the full-width one.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def _clean(code) -> str:
    """NFKC (full-width → ASCII), no whitespace, upper case; "" for anything that is not a string."""
    if not isinstance(code, str):
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", code)).upper()


def uscc_check_char(body: str) -> str | None:
    """The check character of a 17-character USCC body, or None when the body has a character outside the
    alphabet or the wrong length."""
    body = _clean(body)
    if len(body) != 17:
        return None
    total = 0
    for ch, weight in zip(body, _USCC_WEIGHTS, strict=True):
        value = _USCC_ALPHABET.find(ch)
        if value < 0:
            return None
        total += value * weight
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(code: str) -> bool:
    """Whether `code` is an 18-character 统一社会信用代码 whose check character (GB 32100-2015) is right.
    Positions 9–17 are the organisation code, so its own GB 11714 check character must hold too."""
    code = _clean(code)
    if len(code) != 18 or uscc_check_char(code[:17]) != code[17]:
        return False
    return org_code_valid(code[8:17])


def normalise_org_code(code: str) -> str:
    """Upper case, without spaces and without the printed hyphen (`XXXXXXXX-X`, any dash width): the stored
    form. Content is not checked here (see `org_code_valid`)."""
    return re.sub(f"[{_DASHES}]", "", _clean(code))


def org_code_check_char(body: str) -> str | None:
    """The check character of an 8-character organisation code body, or None for a bad body."""
    body = _clean(body)
    if not _ORG_BODY.fullmatch(body):
        return None
    total = sum(int(ch, 36) * weight for ch, weight in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def org_code_valid(code: str) -> bool:
    """Whether `code` is a 9-character 组织机构代码 with the right GB 11714 check character, written with or
    without the hyphen before the check character (a dash anywhere else is refused)."""
    code = _clean(code)
    if len(code) == 10 and code[8] in _DASHES:
        code = code[:8] + code[9]
    return len(code) == 9 and org_code_check_char(code[:8]) == code[8]


def make_uscc(body17: str) -> str:
    """A USCC from its first 17 characters (the demo region's agencies and tests need valid codes)."""
    check = uscc_check_char(body17)
    if check is None:
        raise ValueError(f"not a USCC body: {body17!r}")
    return _clean(body17) + check


def make_org_code(body8: str) -> str:
    check = org_code_check_char(body8)
    if check is None:
        raise ValueError(f"not an organisation code body: {body8!r}")
    return _clean(body8) + check
