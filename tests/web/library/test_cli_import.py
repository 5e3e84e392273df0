"""`gongkai import`: one line per file, exit 2 when any failed (after the rest were imported)."""

from __future__ import annotations

import re

import pytest

from gongkai.cli import main
from gongkai.web.library.models import ReportStats

from .conftest import PRE2019_SEED, SEEDS

pytestmark = pytest.mark.django_db


def test_import_reports_each_file_and_exits_2_when_one_failed(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n%truncated")
    good = SEEDS / PRE2019_SEED
    other = SEEDS / "002_1c8630f468bb139b.txt"

    code = main(["import", str(good), str(bad), str(other), str(good), str(tmp_path / "missing.txt")])

    lines = capsys.readouterr().out.splitlines()
    assert code == 2
    assert [line.split()[0] for line in lines] == ["created", "failed", "created", "duplicate", "failed"]
    assert "broken.pdf" in lines[1] and re.search(r"[\u4e00-\u9fff]", lines[1])  # the reader's Chinese reason
    assert "无法打开文件" in lines[4]
    assert ReportStats.objects.count() == 2


def test_import_all_good_exits_0_and_agency_option_files_them(capsys):
    code = main(["import", str(SEEDS / PRE2019_SEED), "--agency", "兴安盟行政公署"])
    assert code == 0
    assert "created" in capsys.readouterr().out
    r = ReportStats.objects.get()
    assert r.agency == "兴安盟行政公署" and r.agency_overridden

    assert main(["import", str(SEEDS / PRE2019_SEED)]) == 0
    assert capsys.readouterr().out.startswith("duplicate")
