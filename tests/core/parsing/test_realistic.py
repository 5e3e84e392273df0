"""Realistic report shapes (tests/documents/realistic) against the figures each document states.

Each document `NAME.ext` has `NAME.expected.json` beside it: `figures` (pointer -> value, only what the
document states), optionally `approximate` (pointers whose source is rounded: the evidence must say so),
`must_not_equal` (pointer -> values that must never come out: distractors) and `warnings` (warning codes the
parse must raise, e.g. a narrative contradicting the table). Every stated figure must be read right; every
figure read must quote the document at its offset; run_checks must accept the result.
"""

from __future__ import annotations

import json

import pytest

from gongkai.core.checks import run_checks
from gongkai.core.reading import read_path
from gongkai.core.report import read_report_file

from ...conftest import DOCUMENTS

REALISTIC = DOCUMENTS / "realistic"


def _cases() -> list[tuple[str, str]]:
    out = []
    for exp in sorted(REALISTIC.glob("*.expected.json")):
        stem = exp.name[: -len(".expected.json")]
        docs = [p for p in REALISTIC.glob(stem + ".*") if not p.name.endswith(".expected.json")]
        assert len(docs) == 1, f"{exp.name}: expected one document beside it, found {docs}"
        out.append((docs[0].name, exp.name))
    return out


CASES = _cases()


def _value(stats, pointer):
    if pointer in ("/agency", "/year", "/template"):
        return getattr(stats, pointer[1:])
    return stats.get(pointer)


@pytest.fixture(scope="module")
def parsed():
    cache = {}

    def get(name):
        if name not in cache:
            path = REALISTIC / name
            cache[name] = (read_path(path), read_report_file(path))
        return cache[name]

    return get


def test_corpus_is_there():
    assert len(CASES) >= 15


@pytest.mark.parametrize(("name", "expected_name"), CASES, ids=[c[0] for c in CASES])
def test_document(name, expected_name, parsed):
    expected = json.loads((REALISTIC / expected_name).read_text("utf-8"))
    doc, stats = parsed(name)
    approximate = set(expected.get("approximate", ()))
    misses = []
    figures = expected["figures"]
    for pointer, value in figures.items():
        got = _value(stats, pointer)
        good = got == value and isinstance(got, bool) == isinstance(value, bool)
        if good and pointer in approximate:
            ev = stats.evidence.get(pointer)
            good = ev is not None and ev.approximate
        if not good:
            misses.append(f"{pointer}: expected {value!r}, got {got!r}")
    for pointer, forbidden in expected.get("must_not_equal", {}).items():
        got = _value(stats, pointer)
        if got in forbidden:
            misses.append(f"{pointer}: forbidden value {got!r}")
    codes = {w.code for w in stats.warnings}
    for code in expected.get("warnings", ()):
        if code not in codes:
            misses.append(f"warning {code} missing (got {sorted(codes)})")
    for pointer in stats.figures():
        ev = stats.evidence.get(pointer)
        if ev is None or ev.start is None:
            misses.append(f"{pointer}: no evidence offset")
        elif doc.text[ev.start : ev.start + len(ev.quote)] != ev.quote:
            misses.append(f"{pointer}: evidence quote does not match the text at {ev.start}")
    run_checks(stats)  # must not raise
    right = len(figures) - sum(1 for m in misses if m.split(":")[0] in figures)
    assert not misses, f"{name}: {right}/{len(figures)} stated figures right\n  " + "\n  ".join(misses)
