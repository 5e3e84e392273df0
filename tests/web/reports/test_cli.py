"""`gongkai report build`: one gongkai.annual-stats/1 object, rendered files, and one-line errors (exit 2)."""

from __future__ import annotations

import json

import pytest

from gongkai.cli import main
from gongkai.core.stats.schema import validate
from gongkai.web.reports import services
from gongkai.web.reports.models import AnnualReport

from .conftest import random_records

pytestmark = pytest.mark.django_db


def _json(capsys, argv):
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return json.loads(captured.out)


def test_json_is_one_valid_object_per_template_and_stores_nothing(world, rng, capsys):
    random_records(rng, [world.gov, world.dept_a, world.dept_b], n=150)
    for year, template in ((2020, "2019"), (2023, "2021")):
        obj = _json(capsys, ["report", "build", "--agency", "W-A", "--year", str(year), "--format", "json"])
        assert validate(obj) == []
        assert (obj["agency"], obj["year"], obj["template"]) == ("示例市甲局", year, template)
        assert obj == services.compute_stats(agency=world.dept_a, year=year).to_json()
    rows = _json(capsys, ["report", "build", "--agency", "W", "--year", "2023", "--subtree", "--format", "json"])
    assert validate(rows) == []
    assert rows["applications"]["table3"]["new"]["total"] == \
        services.compute_stats(agency=world.region, year=2023, subtree=True).applications.received
    assert "other_total" in json.dumps(_json(capsys, ["report", "build", "--agency", "W-A", "--year", "2019"]))
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("fmt, magic", [("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF")])
def test_binary_formats_write_the_file(world, tmp_path, capsys, fmt, magic):
    out = tmp_path / f"r.{fmt}"
    assert main(["report", "build", "--agency", "W-A", "--year", "2025", "--format", fmt, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)
    assert capsys.readouterr().out == ""


def test_html_goes_to_stdout(world, capsys):
    assert main(["report", "build", "--agency", "W-A", "--year", "2025", "--format", "html"]) == 0
    assert "示例市甲局2025年政府信息公开工作年度报告" in capsys.readouterr().out


@pytest.mark.parametrize("argv, needle", [
    (["--agency", "NOPE", "--year", "2025"], "NOPE"),
    (["--agency", "W-A", "--year", "2018"], "2019"),
    (["--agency", "W-A", "--year", "二〇二五"], "year"),
    (["--agency", "W-A", "--year", "2025", "--format", "odt"], "odt"),
    (["--agency", "W-A", "--year", "2025", "--format", "pdf"], "-o"),
])
def test_errors_are_one_line_on_stderr_with_exit_2(world, capsys, argv, needle):
    assert main(["report", "build", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in captured.err


def test_unmigrated_database_exit_2(monkeypatch, capsys, db):
    from django.db import connection

    monkeypatch.setattr(connection.introspection, "table_names", lambda *a, **k: ["django_migrations"])
    assert main(["report", "build", "--agency", "W-A", "--year", "2025"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "migrate" in err[0]
