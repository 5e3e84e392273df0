"""Public pages for published annual reports (/annual/, namespace "annual"): only published versions are shown;
the latest one is the report's page, a corrected report lists every version with its reason, and the downloads
have the right content types."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.web.reports import services
from tests.web.agencies.world import make_world
from tests.web.applications.conftest import make_app

from .conftest import fill_table2
from .test_views_staff import CONTENT_TYPES, MAGIC, YEAR
from .test_views_staff import urlpatterns as urlpatterns  # noqa: PLC0414  (this module is the test URLconf)

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def w():
    world = make_world()
    make_app(world, "archived", received=date(2025, 3, 3))
    make_app(world, "received", received=date(2025, 12, 22))
    fill_table2(world.dept_a, YEAR, world.alice)
    return world


def publish(report, actor, overview="本机关2025年依申请公开工作总体平稳。"):
    report = services.report_update_sections(report=report, actor=actor, overview=overview,
                                             problems="人员培训不足。", other="本年度未收取信息处理费。")
    report = services.report_approve(report=report, actor=actor)
    return services.report_publish(report=report, actor=actor)


def test_nothing_unpublished_is_public(w):
    services.report_build(agency=w.dept_a, year=YEAR, actor=w.amy)
    c = Client()
    assert "示例市甲局" not in c.get(reverse("annual:index")).content.decode()
    assert c.get(reverse("annual:report", args=[w.dept_a.code, YEAR])).status_code == 404
    assert c.get(reverse("annual:version", args=[w.dept_a.code, YEAR, 1])).status_code == 404
    assert c.get(reverse("annual:download", args=[w.dept_a.code, YEAR, 1, "pdf"])).status_code == 404
    assert c.get(reverse("annual:report", args=["NOPE", YEAR])).status_code == 404


def test_published_report_page_and_downloads(w):
    v1 = publish(services.report_build(agency=w.dept_a, year=YEAR, actor=w.amy), w.alice)
    c = Client()
    listing = c.get(reverse("annual:index")).content.decode()
    assert "示例市甲局2025年政府信息公开工作年度报告" in listing
    assert c.get(reverse("annual:index") + f"?year={YEAR - 1}").content.decode().count("示例市甲局") == 0

    r = c.get(reverse("annual:report", args=[w.dept_a.code, YEAR]))
    assert r.status_code == 200
    body = r.content.decode()
    # The national order: 一 … 六, the narrative, and the tables in the official layout.
    headings = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    positions = [body.index(f"<h2>{h}</h2>") for h in headings]
    assert positions == sorted(positions)
    assert "本机关2025年依申请公开工作总体平稳。" in body and "人员培训不足。" in body
    assert "一、本年新收政府信息公开申请数量" in body and "第二十条第（一）项" in body
    assert "全部版本" not in body  # one version: no version list

    for fmt in ("docx", "xlsx", "pdf"):
        r = c.get(reverse("annual:download", args=[w.dept_a.code, YEAR, v1.version, fmt]))
        assert r.status_code == 200, fmt
        assert r["Content-Type"].startswith(CONTENT_TYPES[fmt])
        assert r.content.startswith(MAGIC[fmt])
        assert r.content == bytes(v1.renderings.get(fmt=fmt).data)  # the file stored at publication
    assert c.get(reverse("annual:download", args=[w.dept_a.code, YEAR, v1.version, "exe"])).status_code == 404


def test_corrected_report_shows_every_version_with_its_reason(w):
    v1 = publish(services.report_build(agency=w.dept_a, year=YEAR, actor=w.amy), w.alice)
    v2 = services.report_correct(report=v1, actor=w.alice, reason="第一件申请的办理结果登记有误")
    c = Client()
    # While version 2 is a draft, version 1 is the public report and version 2 is not reachable.
    body = c.get(reverse("annual:report", args=[w.dept_a.code, YEAR])).content.decode()
    assert "第一件申请的办理结果登记有误" not in body
    assert c.get(reverse("annual:version", args=[w.dept_a.code, YEAR, v2.version])).status_code == 404
    assert c.get(reverse("annual:download", args=[w.dept_a.code, YEAR, v2.version, "pdf"])).status_code == 404

    v2 = services.report_build(agency=w.dept_a, year=YEAR, actor=w.amy)  # recheck the corrected version
    publish(v2, w.alice, overview="本机关2025年依申请公开工作总体平稳（更正）。")
    body = c.get(reverse("annual:report", args=[w.dept_a.code, YEAR])).content.decode()
    assert "（更正）" in body and "第2版" in body
    assert "全部版本" in body and "更正原因：第一件申请的办理结果登记有误" in body
    assert reverse("annual:version", args=[w.dept_a.code, YEAR, 1]) in body

    old = c.get(reverse("annual:version", args=[w.dept_a.code, YEAR, 1]))
    assert old.status_code == 200
    old_body = old.content.decode()
    assert "已被更正" in old_body and "本机关2025年依申请公开工作总体平稳。" in old_body
    listing = c.get(reverse("annual:index")).content.decode()
    assert "第2版（已更正）" in listing and listing.count("示例市甲局2025年") == 1
