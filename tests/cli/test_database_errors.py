"""A command that needs the database and finds it unmigrated or unreachable says so in one line (exit 2),
with what to do, instead of a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _run(tmp_path, *args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    clean.update(GONGKAI_DEBUG="1", GONGKAI_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], env=clean, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("args", [("audit", "verify"), ("pii", "rotate-keys"), ("agencies",)])
def test_an_unmigrated_database_is_one_line(tmp_path, args):
    result = _run(tmp_path, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not migrated" in lines[0] and "gongkai manage migrate" in lines[0]


def test_an_unreachable_database_is_one_line(tmp_path):
    result = _run(tmp_path, "agencies", DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "cannot open the database" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_database_error_the_command_does_not_foresee_is_one_line_too(tmp_path):
    # `import` stores into tables nobody checked for: the CLI's own net catches the database error.
    report = tmp_path / "report.txt"
    report.write_text("某某局2023年政府信息公开工作年度报告", encoding="utf-8")
    result = _run(tmp_path, "import", str(report))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "database error" in result.stderr and "gongkai manage migrate" in result.stderr
