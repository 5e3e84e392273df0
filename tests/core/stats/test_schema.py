"""The statistics model is the contract: same shape as the shared schema, shipped copy current."""

import json

from gongkai.core.stats import AnnualStats, Evidence
from gongkai.core.stats.schema import build_schema, shipped_schema, validate
from tests.conftest import REPO

SHARED = REPO.parent / "shared" / "schema" / "annual-stats.schema.json"


def _shape(node):
    if isinstance(node, dict):
        return {k: _shape(v) for k, v in node.items() if k not in ("description", "title")}
    if isinstance(node, list):
        return [_shape(x) for x in node]
    return node


def test_generated_schema_has_the_shape_of_the_shared_contract():
    import pytest

    if not SHARED.exists():
        pytest.skip("shared/ contract not beside the repository")
    assert _shape(build_schema()) == _shape(json.loads(SHARED.read_text("utf-8")))


def test_shipped_schema_is_generated_from_the_model():
    assert shipped_schema() == build_schema(), "run `make schema` after changing the model"


def test_round_trip_and_validation():
    s = AnnualStats(agency="巴彦淖尔市", year=2017, template="pre2019", source="x.txt")
    s.set("/review/total", 3, Evidence("行政复议三例", 120))
    s.set("/applications/table3/new/total", 5)
    s.set("/table2/admin_fees/amount_10k_yuan", 12.5)
    s.warn("approximate", "约数", "/review/total")
    data = s.to_json()
    assert validate(data) == []
    assert data["proactive"] is None  # nothing known -> null, not a tree of nulls
    again = AnnualStats.from_json(json.loads(json.dumps(data)))
    assert again.to_json() == data
    assert again.get("/applications/table3/new/total") == 5
    assert again.get("/applications/table3/carried_over/total") is None
    assert s.figures() == {"/review/total": 3, "/applications/table3/new/total": 5, "/table2/admin_fees/amount_10k_yuan": 12.5}


def test_validation_rejects_negative_counts():
    s = AnnualStats()
    s.set("/review/total", -1)
    assert any("review" in e for e in validate(s.to_json()))
