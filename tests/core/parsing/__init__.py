"""Tests of gongkai.core.parsing; `make_doc` builds a Document from text the way the text reader does."""

from __future__ import annotations

import opencc

from gongkai.core.reading.document import Document

_T2S = opencc.OpenCC("t2s")


def simplified_copy(text: str) -> str:
    """Same-length simplified text: phrase conversion when it keeps the length, else character by character."""
    s = _T2S.convert(text)
    if len(s) != len(text):
        s = "".join(c if len(t := _T2S.convert(c)) != 1 else t for c in text)
    assert len(s) == len(text)
    return s


def make_doc(text: str, name: str = "test.txt") -> Document:
    simplified = simplified_copy(text)
    script = "simplified" if simplified == text else "traditional"
    return Document(name, "txt", text, simplified, script=script)
