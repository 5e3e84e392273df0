"""`gongkai parse`: the JSON array is the contract; unreadable files are reported and do not stop the batch."""

from __future__ import annotations

import json
import shutil

import pytest

from gongkai.cli import main
from gongkai.core.stats.schema import validate
from tests.conftest import SEEDS

SEED = "004_259342f91a1e2370.txt"  # 巴彦淖尔市 2017, a plain-text narrative report


@pytest.fixture
def report(tmp_path):
    target = tmp_path / "baynnur-2017.txt"
    shutil.copy(SEEDS / SEED, target)
    return target


def test_parse_json_prints_schema_valid_objects_named_by_basename(report, capsys):
    assert main(["parse", "--json", str(report)]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 1
    assert validate(data[0]) == []
    assert data[0]["source"] == "baynnur-2017.txt"
    assert data[0]["schema"] == "gongkai.annual-stats/1"
    assert err == ""


def test_parse_output_is_readable_chinese_utf8(report, capsys):
    main(["parse", "--json", str(report)])
    out = capsys.readouterr().out
    assert "\\u" not in out  # ensure_ascii=False: agencies stay legible in the output


def test_unreadable_file_is_reported_and_the_rest_still_printed(report, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["parse", "--json", str(empty), str(report)]) == 2
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [d["source"] for d in data] == ["baynnur-2017.txt"]
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"gongkai parse: {empty}: empty: ")


def test_missing_path_and_directory_are_one_line_errors(report, tmp_path, capsys):
    missing = tmp_path / "nope.pdf"
    assert main(["parse", "--json", str(missing), str(tmp_path), str(report)]) == 2
    out, err = capsys.readouterr()
    assert len(json.loads(out)) == 1
    assert err.splitlines() == [
        f"gongkai parse: {missing}: not_found: no such file",
        f"gongkai parse: {tmp_path}: not_a_file: is a directory",
    ]


def test_human_summary(report, capsys):
    assert main(["parse", str(report)]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith("baynnur-2017.txt: agency=巴彦淖尔市 year=2017 template=pre2019 figures=")
    assert "warnings=" in first


def test_parse_never_imports_the_web_layer(report):
    import subprocess
    import sys

    code = (
        "import sys; from gongkai.cli import main; main(['parse', '--json', sys.argv[1]]); "
        "assert not any(m.startswith(('gongkai.web', 'django')) for m in sys.modules), 'web imported'"
    )
    done = subprocess.run([sys.executable, "-c", code, str(report)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
