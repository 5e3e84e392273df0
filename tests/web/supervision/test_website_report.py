"""The 政府网站工作年度报表 in the web: generated from the registry, the engagement records and the messages;
staff's figures marked entered and kept over a regeneration; publication refused while rows are blank, then
frozen; corrections as new versions; Word and PDF downloads; the public page; isolation."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from gongkai.core.supervision import website_report as form
from gongkai.web.engagement import services_records
from gongkai.web.supervision import services_website_report as services
from gongkai.web.supervision.models import WebsiteReport, WebsiteReportEvent
from tests.web.registry.conftest import publish_item

pytestmark = pytest.mark.django_db
YEAR = 2026


def _fill_required(report, actor):
    values = {}
    for row in form.ROWS:
        if row.required and report.values.get(row.key, {}).get("value") is None:
            values[row.key] = {"int": "3", "decimal": "1.5", "text": "填写", "bool": "否",
                               "choice": row.choices[0] if row.choices else ""}[row.kind]
    return services.website_report_update(report=report, actor=actor, values=values)


def _world_with_data(world):
    publish_item(world)
    publish_item(world, title="甲局召开年度工作会议", genre="news", doc_number="", art20=[],
                 written_on=date(2026, 11, 9), formed_on=date(2026, 11, 9))
    services_records.record_create(agency=world.dept_a, actor=world.alice, values={
        "kind": "hotspot_response", "held_on": date(2026, 6, 1), "topic": "回应积水"})
    services_records.record_create(agency=world.dept_a, actor=world.alice, values={
        "kind": "online_interview", "held_on": date(2026, 7, 1), "topic": "局长在线访谈"})


def test_generate_counts_the_records_and_marks_every_figure(world):
    _world_with_data(world)
    report = services.website_report_generate(agency=world.dept_a, year=YEAR, actor=world.alice)
    v = report.values
    assert v["info_total"] == {"value": 2, "origin": "generated"}
    assert v["info_news"]["value"] == 1 and v["info_catalogue"]["value"] == 1
    assert v["hotspot"]["value"] == 1 and v["interview_rounds"]["value"] == 1
    assert v["site_type"]["value"] == "部门网站" and v["sponsor"]["value"] == "示例市甲局"
    assert "total_visits" not in v
    assert WebsiteReportEvent.objects.filter(report=report, action="generated").exists()


def test_entered_figures_survive_regeneration_and_bad_input_saves_nothing(world):
    _world_with_data(world)
    report = services.website_report_generate(agency=world.dept_a, year=YEAR, actor=world.alice)
    with pytest.raises(services.InvalidWebsiteReport) as exc:
        services.website_report_update(report=report, actor=world.alice,
                                       values={"total_visits": "很多", "hotspot": "5", "sec_drills": "也许"})
    assert set(exc.value.problems) == {"total_visits", "sec_drills"}
    assert WebsiteReport.objects.get(pk=report.pk).values["hotspot"]["value"] == 1  # nothing saved
    services.website_report_update(report=report, actor=world.alice, values={"total_visits": "98765", "hotspot": "5"})
    services_records.record_create(agency=world.dept_a, actor=world.alice, values={
        "kind": "online_interview", "held_on": date(2026, 8, 1), "topic": "第二期访谈"})
    report = services.website_report_generate(agency=world.dept_a, year=YEAR, actor=world.alice)
    assert report.values["hotspot"] == {"value": 5, "origin": "entered"}
    assert report.values["total_visits"] == {"value": 98765, "origin": "entered"}
    assert report.values["interview_rounds"] == {"value": 2, "origin": "generated"}


def test_publish_refuses_blanks_then_freezes_and_corrections_make_versions(world):
    _world_with_data(world)
    report = services.website_report_generate(agency=world.dept_a, year=YEAR, actor=world.alice)
    with pytest.raises(services.WebsiteReportRefused) as exc:
        services.website_report_publish(report=report, actor=world.alice)
    assert "未填写" in exc.value.message and "网站总访问量" in exc.value.message
    report = _fill_required(report, world.alice)
    with pytest.raises(services.WebsiteReportRefused):
        services.website_report_publish(report=report, actor=world.amy)  # a handler does not sign
    report = services.website_report_publish(report=report, actor=world.alice)
    assert report.is_published and report.published_on == date(2026, 11, 25)
    with pytest.raises(services.WebsiteReportRefused):
        services.website_report_update(report=report, actor=world.alice, values={"hotspot": "9"})
    with pytest.raises(services.WebsiteReportRefused):
        services.website_report_generate(agency=world.dept_a, year=YEAR, actor=world.alice)
    with pytest.raises(services.WebsiteReportRefused):
        services.website_report_correct(report=report, actor=world.alice, reason=" ")
    v2 = services.website_report_correct(report=report, actor=world.alice, reason="访问量统计有误")
    assert (v2.version, v2.status, v2.values) == (2, "draft", report.values)
    services.website_report_update(report=v2, actor=world.alice, values={"total_visits": "5"})
    assert WebsiteReport.objects.get(pk=report.pk).values["total_visits"]["value"] == 3  # v1 frozen


def test_only_the_agencys_staff_write(world):
    for actor in (world.bob, world.sue, world.root):
        with pytest.raises(services.WebsiteReportRefused):
            services.website_report_generate(agency=world.dept_a, year=YEAR, actor=actor)


def test_staff_pages_generate_edit_publish_and_download(world, world_clients):
    _world_with_data(world)
    c = world_clients["alice"]
    page = reverse("supervision:website_report", args=[world.dept_a.pk, YEAR])
    assert c.post(reverse("supervision:website_report_generate", args=[world.dept_a.pk, YEAR])).status_code == 302
    report = WebsiteReport.objects.get()
    body = c.get(page).content.decode()
    assert "系统生成" in body and "未填" in body and 'class="gen" data-key="hotspot"' in body
    bad = c.post(reverse("supervision:website_report_edit", args=[report.pk]), {"total_visits": "-1"})
    assert bad.status_code == 400 and "应为不小于0的整数" in bad.content.decode()
    assert c.post(reverse("supervision:website_report_edit", args=[report.pk]),
                  {"total_visits": "1000", "innovation": ["无障碍浏览"]}).status_code == 302
    report.refresh_from_db()
    assert report.values["total_visits"] == {"value": 1000, "origin": "entered"}
    assert report.values["innovation"]["value"] == ["无障碍浏览"]
    refused = c.post(reverse("supervision:website_report_publish", args=[report.pk]))
    assert refused.status_code == 400 and "未填写" in refused.content.decode()
    docx = c.get(reverse("supervision:website_report_download", args=[report.pk, "docx"]))
    assert docx.status_code == 200 and "attachment" in docx["Content-Disposition"]
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "草稿（未发布）" in xml and "1000" in xml
    pdf = c.get(reverse("supervision:website_report_download", args=[report.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    public = reverse("website_report_public:page", args=[world.dept_a.code, YEAR])
    assert c.get(public).status_code == 404  # not published yet
    _fill_required(report, world.alice)
    assert c.post(reverse("supervision:website_report_publish", args=[report.pk])).status_code == 302
    from django.test import Client

    anonymous = Client()
    shown = anonymous.get(public)
    assert shown.status_code == 200 and "政府网站工作年度报表" in shown.content.decode()
    assert "1000" in shown.content.decode() and "草稿" not in shown.content.decode()
    assert anonymous.get(reverse("website_report_public:file", args=[world.dept_a.code, YEAR, "pdf"])
                         ).content.startswith(b"%PDF")


def test_isolation_and_supervisor_reads(world, world_clients):
    report = services.website_report_generate(agency=world.dept_a, year=YEAR, actor=world.alice)
    page = reverse("supervision:website_report", args=[world.dept_a.pk, YEAR])
    for name in ("bob", "root"):
        c = world_clients[name]
        assert c.get(page).status_code == 404
        assert c.post(reverse("supervision:website_report_edit", args=[report.pk]), {"hotspot": "1"}).status_code == 404
        assert c.get(reverse("supervision:website_report_download", args=[report.pk, "docx"])).status_code == 404
    sue = world_clients["sue"]
    assert sue.get(page).status_code == 200 and "填写与修改" not in sue.get(page).content.decode()
    assert sue.post(reverse("supervision:website_report_edit", args=[report.pk]),
                    {"hotspot": "7"}).status_code == 400
    assert WebsiteReport.objects.get(pk=report.pk).values["hotspot"]["value"] == 0
    listing = sue.get(reverse("supervision:website_reports") + f"?year={YEAR}").content.decode()
    assert "示例市甲局" in listing and "示例市乙局" in listing
    assert "示例市乙局" not in world_clients["alice"].get(reverse("supervision:website_reports")).content.decode()


def test_the_pages_stylesheet_carries_the_pdfs_rules():
    """The web pages cannot use the PDF's inline CSS (the Content-Security-Policy forbids inline styles): their
    stylesheet repeats its rules, which must not drift apart."""
    from pathlib import Path

    from gongkai.core.supervision.website_report_render import CSS
    from gongkai.web import supervision

    sheet = (Path(supervision.__file__).parent / "static/supervision/website_report.css").read_text("utf-8")
    for line in CSS.strip().splitlines():
        if not line.startswith(("@page", "body ")):
            assert line in sheet, line


def test_january_prepares_last_years_drafts_for_every_agency_with_a_website(world):
    world.dept_a.website = "https://a.example.gov.cn/"
    world.dept_a.save()
    assert services.website_reports_prepare(today=date(2026, 12, 30)) == 0  # only in January
    assert services.website_reports_prepare(today=date(2027, 1, 4)) == 1
    draft = WebsiteReport.objects.get()
    assert (draft.agency, draft.year, draft.status, draft.created_by) == (world.dept_a, 2026, "draft", None)
    assert WebsiteReportEvent.objects.filter(report=draft, action="generated", actor=None).exists()
    assert services.website_reports_prepare(today=date(2027, 1, 5)) == 0  # once
