"""Every pointer a finding can carry has a Chinese name (the 年报库 shows names, never JSON pointers)."""

from __future__ import annotations

import doctest

import pytest

import gongkai.core.checks.labels as labels_module
from gongkai.core.checks import run_checks
from gongkai.core.checks.labels import figure_label
from gongkai.core.parsing import parse_document
from gongkai.core.reading import read_bytes
from gongkai.core.stats import figure_pointers
from tests.conftest import DOCUMENTS, SEEDS

TEMPLATES = [None, "2021", "2019", "pre2019", "unknown"]


def _every_pointer() -> set[str]:
    """Every figure, and every record above a figure (a table, a row, a group): what findings point at."""
    out = {"", "/agency", "/year", "/template"}
    for pointer in figure_pointers():
        parts = pointer.split("/")
        out.update("/".join(parts[:i]) for i in range(2, len(parts) + 1))
    return out


def _is_a_name(label: str, pointer: str) -> bool:
    return label != pointer and not label.startswith("/") and any("\u4e00" <= ch <= "\u9fff" for ch in label)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_figure_and_record_has_a_chinese_name(template):
    unnamed = sorted(p for p in _every_pointer() if not _is_a_name(figure_label(p, template), p))
    assert unnamed == []


def test_names_of_rows_tables_and_the_whole_report():
    assert figure_label("", "2021") == "整份报告"
    assert figure_label("/applications/table3/new", "2021") == "表三“一、本年新收政府信息公开申请数量”行"
    assert figure_label("/applications/table3", "2021") == "表三"
    assert figure_label("/table2/regulations", "2021") == "表二“规章”"
    assert figure_label("/review", "2021") == "表四“行政复议”"
    assert figure_label("/review", "pre2019") == "行政复议"
    assert figure_label("/year") == "统计年度"


def test_findings_on_real_reports_are_all_named():
    files = [p for p in (DOCUMENTS / "realistic").iterdir() if p.suffix != ".json"] + sorted(SEEDS.glob("*.txt"))
    seen = 0
    for path in files:
        stats = parse_document(read_bytes(path.read_bytes(), name=path.name))
        for f in run_checks(stats):
            assert _is_a_name(figure_label(f.pointer, stats.template), f.pointer), (path.name, f.pointer)
            seen += 1
    assert seen >= 20


def test_doctests():
    assert doctest.testmod(labels_module).failed == 0
