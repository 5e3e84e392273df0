"""Docs that tests keep true: every CLI command and every setting is documented."""

import re

from gongkai.cli import build_parser
from tests.conftest import REPO


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


def test_every_cli_command_is_in_the_readme_and_the_cli_reference():
    readme = (REPO / "README.md").read_text("utf-8")
    reference = (REPO / "docs" / "cli.md").read_text("utf-8")
    for name in _subcommands():
        assert f"gongkai {name}" in readme, f"README does not mention `gongkai {name}`"
        assert re.search(rf"^#+ .*gongkai {name}\b", reference, re.M), f"docs/cli.md has no section for {name}"


def test_every_setting_is_documented():
    settings_src = (REPO / "src" / "gongkai" / "web" / "settings.py").read_text("utf-8")
    used = set(re.findall(r'env_\w+\("([A-Z_]+)"', settings_src)) | set(re.findall(r'env_str\("([A-Z_]+)"', settings_src))
    docs = (REPO / "docs" / "settings.md").read_text("utf-8")
    readme = (REPO / "README.md").read_text("utf-8")
    for name in used:
        assert f"## {name}" in docs, f"{name} is not documented in docs/settings.md"
        assert name in readme, f"{name} is not in the README configuration table"
