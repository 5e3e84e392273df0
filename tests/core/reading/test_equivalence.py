"""Reading output is pinned on a generated sample, so that speed work cannot change what comes out.

`equivalence.json` holds, for each sample file, a digest of the input bytes and a digest of the whole
Document read from it (text, simplified copy, tables with every cell's text and offset and which grid
positions share a Cell, pages, script, encoding, notes). It was recorded with the reader as it was before
DOCX stopped going through python-docx and the HTML walk was trimmed.

If the corpus generator changes, the input digests no longer match and the test says so: re-record with

    .venv/bin/python -m tests.core.reading.test_equivalence

but only after checking on a full corpus, with the reader of the previous commit, that the Documents are
unchanged (the recording is only as good as the reader that made it).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import pytest

from gongkai.core.errors import ReadError
from gongkai.core.reading import Document, read_bytes

RECORDING = Path(__file__).with_name("equivalence.json")
SEED = 20240611
COUNT = 6  # cycles the 2021, 2019 and pre-2019 templates twice


@cache
def sample() -> dict[str, bytes]:
    from gongkai.corpus import file_name, generate, render

    files: dict[str, bytes] = {}
    for i, report in enumerate(generate(COUNT, seed=SEED)):
        for fmt in ("txt", "html", "md", "docx"):
            files[file_name(report, fmt)] = render(report, fmt)
        files[file_name(report, "html").replace(".html", ".zht.html")] = render(report, "html", traditional=True)
        files[file_name(report, "txt").replace(".txt", ".zht.txt")] = render(report, "txt", traditional=True)
        files[file_name(report, "txt").replace(".txt", ".flat.txt")] = render(report, "txt", flattened=True)
        page = files[file_name(report, "html")]
        if b"charset=utf-8" in page[:2000]:  # the same page as a GB2312 CMS serves it, and without a declaration
            legacy = page.decode("utf-8").encode("gb18030")
            files[f"{report.name}.gb2312.html"] = legacy.replace(b"charset=utf-8", b"charset=gb2312", 1)
            files[f"{report.name}.undeclared.html"] = legacy.replace(b"charset=utf-8", b"", 1)
        if i < 2:  # PDFs are slow to render and were not touched; two keep the check honest
            files[file_name(report, "pdf")] = render(report, "pdf")
    return files


def canonical(doc: Document) -> list:
    tables = []
    for t in doc.tables:
        ids: dict[int, int] = {}
        shape = [[ids.setdefault(id(c), len(ids)) for c in row] for row in t.rows]
        tables.append([t.start, t.end, t.page, t.origin, [[[c.text, c.start] for c in row] for row in t.rows], shape])
    return [doc.format, doc.text, doc.simplified, tables, doc.pages, doc.script, doc.encoding,
            [list(n) for n in doc.notes]]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_digest(data: bytes) -> str:
    try:
        value: object = canonical(read_bytes(data))
    except ReadError as e:
        value = ["error", type(e).__name__]
    return digest(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def recorded() -> dict[str, dict[str, str]]:
    return json.loads(RECORDING.read_text()) if RECORDING.exists() else {}


def record() -> None:
    out = {name: {"input": digest(data), "document": document_digest(data)} for name, data in sample().items()}
    RECORDING.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"recorded {len(out)} files in {RECORDING}")


def test_sample_has_every_kind_of_file():
    names = list(sample())
    for suffix in (".txt", ".html", ".md", ".docx", ".pdf", ".zht.html", ".flat.txt"):
        assert any(n.endswith(suffix) for n in names), suffix
    html = [d for n, d in sample().items() if n.endswith(".html")]
    assert any(b"charset=gb2312" in d[:2000].lower() for d in html)
    assert any(b"charset=gbk" in d[:2000].lower() for d in html)
    assert any(b"charset=utf-8" in d[:2000].lower() for d in html)


@pytest.mark.parametrize("name", sorted(recorded()))
def test_document_is_what_the_recorded_reader_produced(name):
    expected = recorded()[name]
    data = sample().get(name)
    assert data is not None and digest(data) == expected["input"], (
        f"{name}: the corpus generator's output changed; re-record (see this module's docstring)"
    )
    assert document_digest(data) == expected["document"]


def test_recording_covers_the_whole_sample():
    assert set(recorded()) == set(sample())


if __name__ == "__main__":
    record()
