"""docs/checks.md documents exactly the registered rules, each with its severity and an example."""

from __future__ import annotations

import re

from gongkai.core.checks import all_rules
from tests.conftest import REPO

DOC = REPO / "docs" / "checks.md"


def _sections() -> dict[str, str]:
    text = DOC.read_text("utf-8")
    parts = re.split(r"^### `([^`]+)`\s*$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_rule_is_documented_and_every_documented_rule_exists():
    documented = set(_sections())
    registered = {r.code for r in all_rules()}
    assert registered - documented == set(), "rules missing from docs/checks.md"
    assert documented - registered == set(), "docs/checks.md documents rules that do not exist"


def test_each_section_gives_severity_and_an_example():
    sections = _sections()
    for r in all_rules():
        body = sections[r.code]
        assert re.search(rf"^\* Severity: .*\b{r.severity}\b", body, re.M), f"{r.code}: severity not {r.severity}"
        assert "* Example: `" in body, f"{r.code}: no example message"
        assert "* Why:" in body and "* Checks:" in body, f"{r.code}: say what and why"
