"""Agency codes that prefix a 索引号: the 18-character 统一社会信用代码 (GB 32100-2015) and the older 9-character
组织机构代码 (GB 11714-1997), both with their check characters.

>>> uscc_valid("11100000000013338W")   # 国务院办公厅
True
>>> org_code_valid("00001333-8")
True
"""

from __future__ import annotations

# GB 32100-2015: 31 characters (digits and upper-case letters without I, O, Z, S, V), weights 3^(i) mod 31.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997: eight body characters (digits or upper-case letters, A=10 … Z=35) and a check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_check_char(body: str) -> str | None:
    """The check character of a 17-character USCC body, or None when the body has a character outside the
    alphabet."""
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
    code = (code or "").strip().upper()
    if len(code) != 18 or uscc_check_char(code[:17]) != code[17]:
        return False
    return org_code_valid(code[8:17])


def normalise_org_code(code: str) -> str:
    """Upper case, surrounding spaces and the printed hyphen (`XXXXXXXX-X`) removed."""
    return (code or "").strip().upper().replace("-", "").replace("－", "")


def org_code_check_char(body: str) -> str | None:
    if len(body) != 8:
        return None
    total = 0
    for ch, weight in zip(body, _ORG_WEIGHTS, strict=True):
        if ch.isdigit():
            value = int(ch)
        elif "A" <= ch <= "Z":
            value = ord(ch) - ord("A") + 10
        else:
            return None
        total += value * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def org_code_valid(code: str) -> bool:
    """Whether `code` is a 9-character 组织机构代码 (hyphen optional) with the right GB 11714 check character."""
    code = normalise_org_code(code)
    return len(code) == 9 and org_code_check_char(code[:8]) == code[8]


def make_uscc(body17: str) -> str:
    """A USCC from its first 17 characters (the demo region's agencies and tests need valid codes)."""
    check = uscc_check_char(body17.upper())
    if check is None:
        raise ValueError(f"not a USCC body: {body17!r}")
    return body17.upper() + check


def make_org_code(body8: str) -> str:
    check = org_code_check_char(body8.upper())
    if check is None:
        raise ValueError(f"not an organisation code body: {body8!r}")
    return body8.upper() + check
