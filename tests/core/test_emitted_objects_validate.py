"""Every statistics object the reader emits validates against the shared contract (../shared/schema), not
only against the project's own generated copy."""

from __future__ import annotations

import json

import jsonschema
import pytest

from gongkai.core.report import read_report, read_report_file
from gongkai.core.stats.schema import shipped_schema
from gongkai.corpus import FORMATS, generate, render
from tests.conftest import DOCUMENTS, REPO

SHARED = REPO.parent / "shared" / "schema" / "annual-stats.schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SHARED.read_text("utf-8")) if SHARED.exists() else shipped_schema()
    return jsonschema.Draft202012Validator(schema)


def _errors(validator, obj) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(obj)]


def test_real_and_realistic_documents(validator):
    paths = sorted((DOCUMENTS / "seeds").glob("*.txt")) + sorted(
        p for p in (DOCUMENTS / "realistic").iterdir() if not p.name.endswith(".json")
    )
    assert len(paths) >= 20
    for path in paths:
        obj = json.loads(json.dumps(read_report_file(path).to_json(), ensure_ascii=False))
        assert _errors(validator, obj) == [], path.name


def test_generated_reports_in_every_format(validator):
    for i, report in enumerate(generate(6, seed=11)):
        fmt = FORMATS[i % len(FORMATS)]
        obj = json.loads(json.dumps(read_report(render(report, fmt), f"{report.name}.{fmt}").to_json()))
        assert _errors(validator, obj) == [], f"{report.name}.{fmt}"
