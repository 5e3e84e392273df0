"""`gongkai deadline`: the JSON contract, the text form, calendar files, and one-line errors (exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gongkai.cli import main
from tests.core.clock.test_golden import YEAR_2027


def run_json(capsys, *args):
    assert main(["deadline", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_contract(capsys):
    data = run_json(capsys, "--received", "2025-09-26")
    assert data["due"] == "2025-10-30" and data["provisional"] is False
    assert data["explanation"][0] == "2025-09-26 收到申请，自次日起计算 20 个工作日"
    assert data["explanation"][-1] == "答复期限届满日：2025-10-30"
    assert {"due", "provisional", "explanation"} <= set(data)


def test_json_is_utf8_not_escaped(capsys):
    assert main(["deadline", "--received", "2025-09-26", "--json"]) == 0
    assert "收到申请" in capsys.readouterr().out


def test_pauses_correction_extension(capsys):
    data = run_json(
        capsys,
        "--received",
        "2026-09-28",
        "--pause",
        "2026-10-12:2026-10-16",
        "--pause-kind",
        "third_party",
        "--extension-days",
        "10",
    )
    assert (data["due"], data["original_due"]) == ("2026-11-20", "2026-11-06")
    assert "征求第三方意见 2026-10-12 至 2026-10-16（共 5 个工作日）不计入答复期限" in data["explanation"]
    data = run_json(capsys, "--received", "2026-03-02", "--correction-received", "2026-04-01")
    assert data["due"] == "2026-04-30"


def test_a_longer_reasonable_reply_period(capsys):
    data = run_json(capsys, "--received", "2026-03-02", "--reply-workdays", "60")
    assert data["due"] == "2026-05-28" and data["provisional"] is False
    assert data["explanation"][:2] == [
        "2026-03-02 收到申请，自次日起计算 60 个工作日",
        "依《政府信息公开条例》第三十五条，本机关确定的合理答复期限为 60 个工作日",
    ]
    assert run_json(capsys, "--received", "2026-03-02", "--reply-workdays", "20")["due"] == "2026-03-30"


def test_repeated_pauses(capsys):
    data = run_json(
        capsys,
        "--received",
        "2026-03-02",
        "--pause",
        "2026-03-09:2026-03-10",
        "--pause",
        "2026-03-16:2026-03-16",
    )
    assert data["due"] == "2026-04-02"  # 03-30 + 3 working days: 03-31, 04-01, 04-02


def test_open_pause_needs_as_of(capsys):
    data = run_json(capsys, "--received", "2026-03-02", "--pause", "2026-03-09:", "--as-of", "2026-03-13")
    assert data["due"] == "2026-04-07" and data["paused"] is True
    assert main(["deadline", "--received", "2026-03-02", "--pause", "2026-03-09:"]) == 2
    assert "invalid_period" in capsys.readouterr().err


def test_provisional_and_calendar_file(tmp_path, capsys):
    data = run_json(capsys, "--received", "2027-01-25")
    assert data["due"] == "2027-02-24" and data["provisional"] is True  # 春节 by statute only
    path = tmp_path / "2027.json"
    path.write_text(YEAR_2027, "utf-8")
    data = run_json(capsys, "--received", "2027-01-25", "--calendar-file", str(path))
    assert data["due"] == "2027-03-01" and data["provisional"] is False  # the (test) notice's arrangement


def test_strict_refuses_a_provisional_date(capsys):
    assert main(["deadline", "--received", "2026-12-15", "--strict"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gongkai deadline: calendar_missing:") and err.count("\n") == 1


def test_text_output(capsys):
    assert main(["deadline", "--received", "2026-12-15"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "答复期限届满日 due: 2027-01-13（暂定 provisional）"
    assert out[1] == "  - 2026-12-15 收到申请，自次日起计算 20 个工作日"


@pytest.mark.parametrize(
    "args, code",
    [
        (["--received", "2026-13-01"], "invalid_period: --received: '2026-13-01' is not a date"),
        (["--received", "yesterday"], "invalid_period: --received"),
        (["--received", "2026-3-1"], "invalid_period: --received"),
        (["--received", "2026-03-02", "--correction-received", "2026-02-01"], "invalid_period"),
        (
            ["--received", "2026-03-02", "--pause", "2026-03-10"],
            "invalid_period: --pause: '2026-03-10' is not START:END",
        ),
        (["--received", "2026-03-02", "--pause", "2026-03-10:2026-03-09"], "invalid_period: pause ends"),
        (["--received", "2026-03-02", "--pause", ":2026-03-09"], "invalid_period: --pause"),
        (["--received", "2026-03-02", "--extension-days", "-3"], "invalid_extension"),
        (["--received", "2026-03-02", "--extension-days", "21"], "invalid_extension"),
        (["--received", "2026-03-02", "--extension-days", "ten"], "invalid_extension"),
        (["--received", "2026-03-02", "--reply-workdays", "15"], "invalid_period: reply period of 15"),
        (["--received", "2026-03-02", "--reply-workdays", "121"], "invalid_period: reply period of 121"),
        (["--received", "2026-03-02", "--reply-workdays", "sixty"], "invalid_period: --reply-workdays"),
        (["--received", "2026-03-02", "--calendar-file", "/nonexistent/2027.json"], "calendar_file_invalid"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(capsys, args, code):
    assert main(["deadline", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"gongkai deadline: {code}")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


def test_invalid_calendar_file(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text('{"year": 2027}', "utf-8")
    assert main(["deadline", "--received", "2026-03-02", "--calendar-file", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"gongkai deadline: calendar_file_invalid: {path}: source")


def test_missing_received_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["deadline"])
    assert info.value.code == 2
    assert "--received" in capsys.readouterr().err


def test_real_process_exits_2_without_traceback_and_without_django():
    code = (
        "import sys; from gongkai.cli import main; rc = main(['deadline', '--received', '2026-02-30']); "
        "assert 'django' not in sys.modules, 'deadline imported Django'; sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert (
        proc.stderr.strip()
        == "gongkai deadline: invalid_period: --received: '2026-02-30' is not a date (YYYY-MM-DD)"
    )
