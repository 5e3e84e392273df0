"""The real seed reports read as expected (they are plain-text saves of CMS pages)."""

from __future__ import annotations

import pytest

from gongkai.core.reading import read_path

TRADITIONAL = {"002", "003"}


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_seed_reads_verbatim_with_its_script(seeds_dir, number):
    path = next(seeds_dir.glob(f"{number}_*.txt"))
    doc = read_path(path)
    raw = path.read_bytes().decode("utf-8")
    assert doc.format == "txt" and doc.encoding == "utf-8"
    assert doc.text == raw.replace("\r\n", "\n").replace("\r", "\n")
    assert doc.name == path.name
    assert len(doc.simplified) == len(doc.text)
    assert doc.script == ("traditional" if number in TRADITIONAL else "simplified")
    assert doc.notes == []
    if doc.script == "traditional":
        i = doc.simplified.index("政务公开")
        assert doc.text[i:i + 4] == "政務公開"
