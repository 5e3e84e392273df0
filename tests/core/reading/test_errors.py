"""The hostile corpus: every bad input ends in its specific typed error, and nothing else ever escapes."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core import errors
from gongkai.core.reading import Document, read_bytes, read_path

from .makers import pdf

HOSTILE = Path(__file__).resolve().parents[2] / "documents" / "hostile"


def _generator():
    spec = importlib.util.spec_from_file_location("hostile_generate", HOSTILE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()
CORPUS = GEN.build()


@pytest.mark.parametrize("name", sorted(GEN.EXPECTED))
def test_hostile_file_ends_in_its_typed_error(name):
    expected = getattr(errors, GEN.EXPECTED[name])
    max_bytes = GEN.SIZE_LIMIT_CASES.get(name, 200 * 1024 * 1024)
    with pytest.raises(expected) as info:
        read_bytes(CORPUS[name], name, max_bytes=max_bytes)
    assert type(info.value) is expected  # the specific error, not just a parent class
    assert info.value.message and any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)


def test_committed_corpus_matches_the_generator():
    for name, data in CORPUS.items():
        path = HOSTILE / name
        assert path.exists(), f"run tests/documents/hostile/generate.py ({name} missing)"
        assert path.read_bytes() == data, name


def test_unsupported_format_names_the_format():
    with pytest.raises(errors.UnsupportedFormat) as info:
        read_bytes(CORPUS["old-word.doc"])
    assert "Word" in info.value.message and ".doc" in info.value.message
    with pytest.raises(errors.UnsupportedFormat) as info:
        read_bytes(CORPUS["spreadsheet.xlsx"])
    assert "Excel" in info.value.message


def test_format_is_decided_by_content_not_name():
    data = pdf([["某县2021年政府信息公开工作年度报告"]])
    assert read_bytes(data, "report.txt").format == "pdf"
    assert read_bytes("纯文本的报告内容".encode(), "report.pdf").format == "txt"


def test_pdf_with_leading_junk_is_still_a_pdf():
    data = b"\x00junk from a mail gateway\r\n" * 20 + pdf([["某县2021年政府信息公开工作年度报告"]])
    doc = read_bytes(data)
    assert doc.format == "pdf" and "年度报告" in doc.text


def test_read_path_refuses_a_large_file_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # sparse: 300 MB on paper, nothing on disk
        f.truncate(300 * 1024 * 1024)
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    with pytest.raises(errors.DocumentTooLarge):
        read_path(big)
    assert opened == []
    assert os.path.getsize(big) == 300 * 1024 * 1024


def test_read_path_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(errors.ReadError):
        read_path(tmp_path / "nope.txt")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_fuzz_random_bytes_give_a_document_or_a_read_error(data):
    try:
        doc = read_bytes(data)
    except errors.ReadError:
        return
    assert isinstance(doc, Document)
    assert len(doc.simplified) == len(doc.text)


_PREFIXES = [b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html><body>", b"\xef\xbb\xbf",
             b"\xff\xfe", b"| a | b |\n|---|---|\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_PREFIXES), st.binary(max_size=1024))
def test_fuzz_format_prefixes_with_junk(prefix, data):
    try:
        read_bytes(prefix + data)
    except errors.ReadError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=100), st.data())
def test_fuzz_damaged_real_files(cut, data):
    name = data.draw(st.sampled_from(["truncated-valid.pdf", "docx"]))
    if name == "docx":
        from .makers import docx_bytes

        original = docx_bytes(lambda d: d.add_paragraph("年度报告"))
    else:
        original = pdf([["某县2021年政府信息公开工作年度报告", [["a", "1"], ["b", "2"]]]])
    position = len(original) * cut // 101
    flipped = bytearray(original)
    flipped[position] ^= 0xFF
    for candidate in (original[:position], bytes(flipped)):
        try:
            read_bytes(candidate)
        except errors.ReadError:
            pass


def test_the_encrypted_fixture_is_really_encrypted_not_broken():
    import pypdfium2

    data = CORPUS["encrypted.pdf"]
    pdf = pypdfium2.PdfDocument(data, password="secret")
    try:
        assert "年度报告" in pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
