"""`gongkai assess run`: the preview's scores from the terminal, read-only; one Chinese line and exit 2 on
anything missing."""

from __future__ import annotations

import json
from datetime import date

import pytest

from gongkai.cli import main
from gongkai.web.supervision.assessment import services
from gongkai.web.supervision.models import AssessmentEvent, AssessmentPublication
from tests.web.supervision.conftest import late_app, make_app

pytestmark = pytest.mark.django_db

LATE = {"key": "late", "name": "超期答复", "full_marks": 100, "formula": "applications_late_share",
        "rule": {"kind": "deduct", "per_unit": 1}, "na": "full"}


def test_json_and_table(world, capsys):
    make_app(world, "replied", received=date(2026, 3, 2))
    late_app(world, received=date(2026, 4, 1))
    draft = services.set_create(region=world.region, year=2026, actor=world.sue, source="empty")
    services.indicator_save(draft=draft, actor=world.sue, data=LATE)
    events = AssessmentEvent.objects.count()
    assert main(["assess", "run", "--region", "W", "--year", "2026", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    by_code = {a["agency"]: a for a in out["agencies"]}
    assert by_code["W-A"]["total"] == 50.0 and by_code["W-A"]["rank"] == 3
    assert by_code["W-A"]["values"]["late"] == 50.0
    assert by_code["W-B"]["total"] == 100.0 and by_code["W-B"]["rank"] == 1
    assert main(["assess", "run", "--region", "W", "--year", "2026"]) == 0
    table = capsys.readouterr().out
    assert "示例市甲局（W-A）" in table and "3\t50\t50\t" in table
    assert not AssessmentPublication.objects.exists() and AssessmentEvent.objects.count() == events


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--region", "NOPE", "--year", "2026"], "没有代码为“NOPE”的机关"),
    (["--region", "W", "--year", "2030"], "尚无考核指标体系"),
])
def test_errors(world, capsys, argv, fragment):
    assert main(["assess", "run", *argv]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1


def test_the_default_set_runs_and_a_metric_without_a_source_is_refused(world, capsys, monkeypatch):
    from gongkai.web.supervision import metrics as providers

    services.set_create(region=world.region, year=2026, actor=world.sue, source="default")
    assert main(["assess", "run", "--region", "W", "--year", "2026"]) == 0
    capsys.readouterr()
    # Were a metric's source removed (a provider not registered), scoring stops and names it.
    monkeypatch.delitem(providers.PROVIDERS, "website_check_score")
    assert main(["assess", "run", "--region", "W", "--year", "2026"]) == 2
    assert "“网站检查得分”（website_check_score）尚无数据来源" in capsys.readouterr().err
