"""`gongkai agencies [--json]` and `gongkai agencies import FILE`."""

from __future__ import annotations

import json

import pytest

from gongkai.cli import main
from gongkai.web.agencies.models import Agency
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.django_db
SAMPLES = DOCUMENTS / "agencies"


def test_import_then_list_as_json(capsys):
    assert main(["agencies", "import", str(SAMPLES / "示例市.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "新增 59 个机关" in out

    assert main(["agencies", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert all(list(item) == ["code", "name", "parent", "level"] for item in listed)
    assert len(listed) == Agency.objects.count() == 59
    by_code = {item["code"]: item for item in listed}
    assert by_code["SL"] == {"code": "SL", "name": "示例市", "parent": None, "level": "region"}
    assert by_code["SL-00-02"] == {"code": "SL-00-02", "name": "示例市教育局", "parent": "SL-00", "level": "department"}
    assert by_code["SL-00-03-01"]["level"] == "office"
    # Depth-first: every parent comes before its children, and a subtree is contiguous.
    position = {item["code"]: i for i, item in enumerate(listed)}
    assert all(item["parent"] is None or position[item["parent"]] < position[item["code"]] for item in listed)
    county = [item["code"] for item in listed if item["code"].startswith("SL-04")]
    start = position["SL-04"]
    assert [item["code"] for item in listed[start:start + len(county)]] == sorted(county)


def test_list_as_indented_tree(capsys):
    main(["agencies", "import", str(SAMPLES / "示例市.csv")])
    capsys.readouterr()
    assert main(["agencies"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "示例市  [SL · 地区]"
    assert "  示例市人民政府  [SL-00 · 人民政府]" in lines
    assert "      北山县教育局  [SL-04-01 · 部门]" in lines


def test_empty_list(capsys):
    assert main(["agencies", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_import_errors_go_to_stderr_exit_2_and_store_nothing(capsys):
    assert main(["agencies", "import", str(SAMPLES / "错误示例.csv")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert "第 7 行：上级代码「SL-99」不存在" in err
    assert err[-1] == "错误示例.csv：7 处错误，未导入任何内容。"
    assert not Agency.objects.exists()


def test_import_json_summary_and_missing_file(capsys, tmp_path):
    assert main(["agencies", "import", str(SAMPLES / "示例市-gb18030.csv"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"rows": 59, "created": 59, "updated": 0, "unchanged": 0}
    assert main(["agencies", "import", str(tmp_path / "missing.csv")]) == 2
    assert "无法打开文件" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["agencies", "import"], ["agencies", "some.csv"], ["agencies", "delete"]])
def test_bad_arguments_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage" in capsys.readouterr().err
