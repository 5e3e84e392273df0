"""`gongkai fee`: exactly one of --items/--pages; JSON contract; one-line errors (exit 2)."""

from __future__ import annotations

import json

import pytest

from gongkai.cli import main


@pytest.mark.parametrize(
    "args, method, amount",
    [
        (["--items", "35"], "per_item", 3000),
        (["--pages", "250"], "per_page", 4700),
        (["--items", "0"], "per_item", 0),
    ],
)
def test_json_contract(capsys, args, method, amount):
    assert main(["fee", *args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == method and data["amount_yuan"] == amount
    assert "国办函〔2020〕109号" in data["basis"]


def test_text_output(capsys):
    assert main(["fee", "--pages", "250"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "信息处理费 fee: 4700 元 (按量计收 per page, 250)"
    assert "  - 第 201 页及以上：50 页 × 40 元 = 2000 元" in out


@pytest.mark.parametrize(
    "args", [["--items", "-1"], ["--pages", "-30"], ["--pages", "3.5"], ["--items", "many"]]
)
def test_bad_numbers_exit_2_with_one_line(capsys, args):
    assert main(["fee", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("gongkai fee: invalid_fee_units: ")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


@pytest.mark.parametrize("args", [[], ["--items", "3", "--pages", "4"]])
def test_exactly_one_method(capsys, args):
    with pytest.raises(SystemExit) as info:
        main(["fee", *args])
    assert info.value.code == 2
    assert "--items" in capsys.readouterr().err
