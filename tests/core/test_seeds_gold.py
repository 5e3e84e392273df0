"""The real seed reports against their reader-verified figures (tests/documents/seeds/gold.json).

Score: the share of gold figures read right over all reports. A figure is right when it equals the gold value
and, for a pointer gold marks approximate, when its evidence says approximate too. Values gold lists under
must_not_equal must never come out, and every figure must quote the document where its evidence says.
"""

from __future__ import annotations

import json

import pytest

from gongkai.core.reading import read_path
from gongkai.core.report import read_report_file

from ..conftest import SEEDS

MIN_SCORE = 0.95
UNSCORED = {("003_bd91357e35894793.txt", "/template")}  # gold: "Template is not scored" for the progress report


def _gold() -> dict:
    return json.loads((SEEDS / "gold.json").read_text("utf-8"))["reports"]


@pytest.fixture(scope="module")
def results():
    out = {}
    for name in _gold():
        path = SEEDS / name
        out[name] = (read_path(path), read_report_file(path))
    return out


def _value(stats, pointer):
    if pointer in ("/agency", "/year", "/template"):
        return getattr(stats, pointer[1:])
    return stats.get(pointer)


def test_gold_score(results):
    gold = _gold()
    rows, misses, right, scored = [], [], 0, 0
    for name, expected in gold.items():
        _, stats = results[name]
        approximate = set(expected.get("approximate", ()))
        ok = n = 0
        for pointer, value in expected["figures"].items():
            if (name, pointer) in UNSCORED:
                continue
            got = _value(stats, pointer)
            good = got == value and isinstance(got, bool) == isinstance(value, bool)  # 0 == 0.0 for money
            if good and pointer in approximate:
                ev = stats.evidence.get(pointer)
                good = ev is not None and ev.approximate
            n += 1
            ok += good
            if not good:
                misses.append(f"  {name} {pointer}: gold {value!r}, got {got!r}")
        rows.append(f"  {name}  {ok:>3}/{n:<3} {ok / n:6.1%}")
        right += ok
        scored += n
    score = right / scored
    table = "\n".join(["per report:", *rows, f"  overall {right}/{scored} = {score:.1%}", "misses:", *misses])
    print(table)
    assert score >= MIN_SCORE, table


def test_must_not_equal(results):
    for name, expected in _gold().items():
        _, stats = results[name]
        for pointer, forbidden in expected.get("must_not_equal", {}).items():
            got = _value(stats, pointer)
            assert got not in forbidden, f"{name} {pointer} = {got!r}"


def test_evidence_quotes_the_document(results):
    for name, (doc, stats) in results.items():
        for pointer in stats.figures():
            ev = stats.evidence.get(pointer)
            assert ev is not None, f"{name} {pointer}: no evidence"
            assert ev.start is not None, f"{name} {pointer}: no offset"
            assert doc.text[ev.start : ev.start + len(ev.quote)] == ev.quote, f"{name} {pointer}"
