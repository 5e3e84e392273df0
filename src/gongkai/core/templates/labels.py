"""Normalising labels so that the many ways real reports write a template label compare equal.

Real reports write `1、` or `1．` for the template's `1.`, mix full- and half-width brackets and punctuation,
break labels over lines, and drop the curly quotes in `危及“三安全一稳定”`. Matching is done on a normal form:
NFKC (full-width -> half-width), no whitespace, no quotes, item markers unified.

>>> normalize_label("1、属于国家\\n秘密")
'1.属于国家秘密'
>>> normalize_label("（三）不予公开") == normalize_label("(三)不予公开")
True
>>> normalize_label("3.危及“三安全一稳定”")
'3.危及三安全一稳定'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
_ITEM_MARK = re.compile(r"^(\d{1,2})[、,，.．:：]")


# Parsers compare the same few hundred cell and label strings many times per document.
@lru_cache(maxsize=65536)
def normalize_label(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = _SPACE.sub("", s)
    s = _QUOTES.sub("", s)
    s = _ITEM_MARK.sub(r"\1.", s)
    return s


_LEADING_MARKS = re.compile(r"^(?:[一二三四五六七八九十]+[、.,，]|\([一二三四五六七八九十]+\)|\d{1,2}[.、,，:：])+")


@lru_cache(maxsize=65536)
def strip_item_marks(text: str) -> str:
    """The label without its numbering: `（三）1.属于国家秘密` -> `属于国家秘密`."""
    return _LEADING_MARKS.sub("", normalize_label(text))
