"""Building annual reports from the records, and the draft → checked → approved → published workflow."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from gongkai.core.annual import aggregate
from gongkai.core.checks import Finding, run_checks
from gongkai.core.stats import AnnualStats
from gongkai.core.stats.model import APPLICANT_COLUMNS
from gongkai.web.reports import selectors, services
from gongkai.web.reports.models import AnnualReport, PublishedReportImmutable, YearlyFigure

from .conftest import fill_table2, local_time, publish_at, random_records

pytestmark = pytest.mark.django_db


def _errors(findings) -> list:
    return [f for f in findings if (f["severity"] if isinstance(f, dict) else f.severity) == "error"]


# --- the figures -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [11, 12])
def test_identities_hold_on_every_built_report(world, seed):
    random_records(random.Random(seed), [world.gov, world.dept_a, world.dept_b], n=200)
    for year in range(2019, 2026):
        for agency, subtree in ((world.dept_a, False), (world.gov, False), (world.region, True)):
            stats = services.compute_stats(agency=agency, year=year, subtree=subtree)
            assert stats.template == ("2021" if year >= 2021 else "2019")
            assert _errors(run_checks(stats)) == []
            t3 = stats.applications.table3
            for col in APPLICANT_COLUMNS:
                assert t3.cell("new", col) + t3.cell("carried_over", col) == \
                    t3.cell("results_total", col) + t3.cell("carried_forward", col)
            assert stats.applications.received == t3.cell("new", "total")


def test_subtree_report_is_the_cell_by_cell_sum_of_its_members(world, rng):
    random_records(rng, [world.gov, world.dept_a, world.dept_b], n=300)
    services.figure_set(agency=world.dept_a, year=2023, pointer="/table2/licensing/decisions", value=12,
                        source="审批系统导出", actor=world.alice)
    services.figure_set(agency=world.dept_b, year=2023, pointer="/table2/licensing/decisions", value=5,
                        source="审批台账", actor=world.bob)
    services.figure_set(agency=world.dept_b, year=2023, pointer="/table2/admin_fees/amount_10k_yuan",
                        value=Decimal("1.25"), source="财务报表", actor=world.bob)
    for year in (2020, 2023):
        members = [services.compute_stats(agency=a, year=year) for a in (world.region, world.gov, world.dept_a,
                                                                       world.dept_b)]
        whole = services.compute_stats(agency=world.region, year=year, subtree=True)
        assert whole.to_json() == aggregate(members, agency=world.region.name).to_json()
    whole = services.compute_stats(agency=world.region, year=2023, subtree=True)
    assert whole.get("/table2/licensing/decisions") == 17
    assert whole.get("/table2/admin_fees/amount_10k_yuan") == pytest.approx(1.25)
    assert whole.get("/table2/punishment/decisions") is None  # never entered: unknown, not zero


def test_carry_over_is_continuous_across_years(world, rng):
    random_records(rng, [world.dept_a, world.dept_b], n=300)
    for agency, subtree in ((world.dept_a, False), (world.region, True)):
        by_year = {y: services.compute_stats(agency=agency, year=y, subtree=subtree) for y in range(2019, 2026)}
        for y in range(2019, 2025):
            assert by_year[y].applications.table3.carried_forward.to_json() == \
                by_year[y + 1].applications.table3.carried_over.to_json()
        assert any(by_year[y].applications.table3.carried_over.total for y in range(2020, 2026))


def test_fees_collected_go_into_the_report(world, rng):
    _, _, fee_total = random_records(rng, [world.dept_a], n=200)
    year = max(fee_total, key=lambda k: fee_total[k])[1]
    stats = services.compute_stats(agency=world.dept_a, year=year)
    assert stats.fees.collected_yuan == fee_total[(world.dept_a.pk, year)] > 0


def test_years_before_2019_are_refused(world):
    with pytest.raises(services.ReportRefused) as exc:
        services.report_build(agency=world.dept_a, year=2018, actor=world.alice)
    assert "2019" in exc.value.message
    assert not AnnualReport.objects.exists()


# --- building and rebuilding -------------------------------------------------------------------------------

def test_build_prefills_sections_and_keeps_staff_text_on_rebuild(world, mkapp):
    fill_table2(world.dept_a, 2026, world.alice)
    report = services.report_build(agency=world.dept_a, year=2026, actor=world.alice)
    assert report.version == 1 and report.status == "checked" and report.checked_at is not None
    assert report.stats["template"] == "2021" and report.stats["agency"] == "示例市甲局"
    assert report.sections["overview"]  # a factual draft from the figures
    first_overview = report.sections["overview"]
    services.report_update_sections(report=report, actor=world.amy, overview=first_overview,
                                    problems="部分申请登记不及时。", other="")
    mkapp("replied")  # one more application, received and answered in 2026
    rebuilt = services.report_build(agency=world.dept_a, year=2026, actor=world.amy)
    assert rebuilt.pk == report.pk and rebuilt.version == 1
    assert AnnualReport.objects.count() == 1
    assert rebuilt.stats["applications"]["received"] == 1
    assert rebuilt.sections["problems"] == "部分申请登记不及时。"  # staff text kept
    assert rebuilt.sections["overview"] != first_overview  # the untouched draft follows the new figures


def test_only_the_agencys_staff_build(world):
    with pytest.raises(services.ReportRefused):
        services.report_build(agency=world.dept_a, year=2025, actor=world.bob)
    with pytest.raises(services.ReportRefused):
        services.report_build(agency=world.dept_a, year=2025, actor=world.root)
    # the region's supervisor builds its compiled report, not an agency's own
    assert services.report_build(agency=world.region, year=2025, subtree=True, actor=world.sue).scope == "subtree"
    with pytest.raises(services.ReportRefused):
        services.report_build(agency=world.dept_a, year=2025, actor=world.sue)


# --- the workflow --------------------------------------------------------------------------------------------

def test_a_report_with_an_error_finding_cannot_be_approved(world, monkeypatch):
    fill_table2(world.dept_a, 2025, world.alice)

    def broken(stats, *, previous=None, from_records=False, **_):
        return [Finding("t3.column_identity", "error", "/applications/table3/new/total", "表三总计不符。")]

    monkeypatch.setattr(services, "run_checks", broken)
    report = services.report_build(agency=world.dept_a, year=2025, actor=world.amy)
    assert report.status == "draft" and report.error_count == 1
    with pytest.raises(services.ReportRefused) as exc:
        services.report_approve(report=report, actor=world.alice)
    assert "错误" in exc.value.message and "表三总计不符。" in exc.value.message
    report.refresh_from_db()
    assert report.status == "draft" and report.approved_at is None
    monkeypatch.undo()
    report = services.report_check(report=report, actor=world.alice)
    assert report.status == "checked"
    assert services.report_approve(report=report, actor=world.alice).status == "approved"


def test_approval_needs_a_reviewer_or_agency_admin(world):
    fill_table2(world.dept_a, 2025, world.alice)
    report = services.report_build(agency=world.dept_a, year=2025, actor=world.amy)
    with pytest.raises(services.ReportRefused) as exc:
        services.report_approve(report=report, actor=world.amy)  # a handler only
    assert "审核人" in exc.value.message
    with pytest.raises(services.ReportRefused):
        services.report_publish(report=report, actor=world.alice)  # not approved yet
    assert services.report_approve(report=report, actor=world.alice).approved_by == world.alice


def test_publish_freezes_and_correction_makes_a_second_version(world):
    fill_table2(world.dept_a, 2025, world.alice)
    report = services.report_build(agency=world.dept_a, year=2025, actor=world.amy)
    services.report_approve(report=report, actor=world.alice)
    published = services.report_publish(report=report, actor=world.alice)
    assert published.status == "published" and published.published_by == world.alice

    published.sections = {"overview": "改过"}
    with pytest.raises(PublishedReportImmutable):
        published.save()
    with pytest.raises(PublishedReportImmutable):
        published.delete()
    with pytest.raises(services.ReportRefused):
        services.report_update_sections(report=published, actor=world.alice, overview="x", problems="", other="")
    with pytest.raises(services.ReportRefused) as exc:
        services.report_build(agency=world.dept_a, year=2025, actor=world.alice)
    assert "更正" in exc.value.message
    assert AnnualReport.objects.count() == 1

    with pytest.raises(services.ReportRefused):
        services.report_correct(report=published, actor=world.alice, reason="  ")
    with pytest.raises(services.ReportRefused):
        services.report_correct(report=published, actor=world.amy, reason="数字有误")
    v2 = services.report_correct(report=published, actor=world.alice, reason="表三“予以公开”一栏录入有误")
    assert (v2.version, v2.status, v2.correction_reason) == (2, "draft", "表三“予以公开”一栏录入有误")
    assert v2.sections == AnnualReport.objects.get(pk=published.pk).sections
    with pytest.raises(services.ReportRefused):  # only the latest version is corrected
        services.report_correct(report=published, actor=world.alice, reason="再次更正")

    assert selectors.current_report(world.dept_a, 2025, "agency") == v2
    assert [r.version for r in selectors.published_reports(agency=world.dept_a, year=2025)] == [1]
    v2 = services.report_build(agency=world.dept_a, year=2025, actor=world.amy)  # rebuilds v2, not v1
    assert v2.version == 2 and v2.status == "checked"
    services.report_approve(report=v2, actor=world.alice)
    services.report_publish(report=v2, actor=world.alice)
    assert [r.version for r in selectors.published_reports(agency=world.dept_a, year=2025)] == [2, 1]
    assert AnnualReport.objects.get(version=1).status == "published"


def test_editing_an_approved_report_withdraws_the_approval(world):
    fill_table2(world.dept_a, 2025, world.alice)
    report = services.report_build(agency=world.dept_a, year=2025, actor=world.amy)
    services.report_approve(report=report, actor=world.alice)
    report = services.report_update_sections(report=report, actor=world.amy, overview="新的总体情况。",
                                             problems="", other="")
    assert report.status == "checked" and report.approved_by is None


def test_previous_years_published_report_feeds_the_year_over_year_checks(world, monkeypatch):
    seen = []

    def spy(stats, *, previous=None, from_records=False, **kwargs):
        seen.append((previous, from_records))
        return run_checks(stats, previous=previous, from_records=from_records, **kwargs)

    monkeypatch.setattr(services, "run_checks", spy)
    fill_table2(world.dept_a, 2024, world.alice)
    r24 = services.report_build(agency=world.dept_a, year=2024, actor=world.amy)
    services.report_build(agency=world.dept_a, year=2025, actor=world.alice)
    assert seen[-1] == (None, True)  # 2024 is not published yet; built reports are checked as built
    services.report_approve(report=r24, actor=world.alice)
    services.report_publish(report=r24, actor=world.alice)
    services.report_build(agency=world.dept_a, year=2025, actor=world.alice)
    assert isinstance(seen[-1][0], AnnualStats) and seen[-1][0].year == 2024


# --- yearly figures ------------------------------------------------------------------------------------------

def test_figures_need_a_source_a_valid_pointer_and_a_fitting_value(world):
    ok = services.figure_set(agency=world.dept_a, year=2025, pointer="/table2/regulations/issued", value="3",
                             source="规章备案登记", actor=world.alice)
    assert ok.value == 3 and YearlyFigure.objects.count() == 1
    bad = [("/table2/regulations/issued", "3", ""), ("/table2/regulations/issued", "1.5", "x"),
           ("/table2/regulations/issued", "-1", "x"), ("/table2/regulations/new_made", "1", "x"),
           ("/table3/new/total", "1", "x"), ("/table2/licensing/decisions", "很多", "x")]
    for pointer, value, source in bad:
        with pytest.raises(services.InvalidFigure):
            services.figure_set(agency=world.dept_a, year=2025, pointer=pointer, value=value, source=source,
                                actor=world.alice)
    # the 2019 template has other columns, and 本年增/减 may be negative
    services.figure_set(agency=world.dept_a, year=2020, pointer="/table2/licensing/change", value=-4,
                        source="审批台账", actor=world.alice)
    with pytest.raises(services.ReportRefused):
        services.figure_set(agency=world.dept_a, year=2025, pointer="/table2/regulations/issued", value=1,
                            source="x", actor=world.bob)
    assert services.figure_set(agency=world.dept_a, year=2025, pointer="/table2/regulations/issued", value="",
                               source="", actor=world.alice) is None
    assert not YearlyFigure.objects.filter(year=2025).exists()
    stats = services.compute_stats(agency=world.dept_a, year=2020)
    assert stats.get("/table2/licensing/change") == -4


# --- rendering -----------------------------------------------------------------------------------------------

def test_report_document_and_render(world):
    report = services.report_build(agency=world.dept_a, year=2025, actor=world.alice)
    doc = services.report_document(report)
    assert doc.title == "示例市甲局2025年政府信息公开工作年度报告"
    assert (doc.agency, doc.year, doc.version, doc.published_on) == ("示例市甲局", 2025, 1, None)
    assert set(doc.sections) == {"overview", "problems", "other"}
    data, content_type, filename = services.render(report, "html")
    assert content_type.startswith("text/html") and "示例市甲局" in data.decode("utf-8")
    assert filename == "示例市甲局2025年政府信息公开工作年度报告.html"
    with pytest.raises(services.ReportRefused):
        services.render(report, "odt")


def test_region_board(world):
    today = date(2026, 2, 10)
    fill_table2(world.dept_a, 2025, world.alice)
    r = publish_at(world.dept_a, 2025, builder=world.amy, signer=world.alice, at=local_time(2026, 1, 31, 23, 30))
    rows = {row.agency.code: row for row in selectors.region_board(world.region, 2025, today)}
    assert set(rows) == {"W-GOV", "W-A", "W-B"}  # the region node itself publishes nothing
    # 23:30 on the deadline day in Asia/Shanghai (15:30 UTC) is on time.
    assert rows["W-A"].status == "published" and rows["W-A"].report == r
    assert rows["W-A"].published_on == date(2026, 1, 31) and rows["W-A"].days_late == 0
    assert rows["W-B"].status == "late" and rows["W-B"].deadline == date(2026, 1, 31)
    assert rows["W-B"].status_label == "逾期未发布" and rows["W-B"].published_on is None
    assert rows["W-GOV"].status == "not_started" and rows["W-GOV"].deadline == date(2026, 3, 31)
    services.report_build(agency=world.gov, year=2025)
    rows = {row.agency.code: row for row in selectors.region_board(world.region, 2025, today)}
    assert rows["W-GOV"].status == "in_progress"
    rows = {row.agency.code: row for row in selectors.region_board(world.region, 2025, date(2026, 4, 1))}
    assert rows["W-GOV"].status == "late" and rows["W-A"].status == "published"


def test_board_marks_a_publication_after_the_deadline_as_late_with_its_date(world):
    fill_table2(world.dept_b, 2025, world.bob)
    # Ten minutes past midnight on 1 February, Asia/Shanghai (still 31 January in UTC): one day late.
    publish_at(world.dept_b, 2025, builder=None, signer=world.bob, at=local_time(2026, 2, 1, 0, 10))
    row = next(r for r in selectors.region_board(world.region, 2025, date(2026, 3, 1)) if r.agency == world.dept_b)
    assert (row.status, row.status_label, row.is_published) == ("published_late", "逾期发布", True)
    assert (row.published_on, row.days_late, row.published_late) == (date(2026, 2, 1), 1, True)
    # A correction published on time later cannot make the first publication timely, nor a late one later.
    v1 = row.published
    v2 = services.report_correct(report=v1, actor=world.bob, reason="表二数字有误")
    services.report_build(agency=world.dept_b, year=2025, now=local_time(2026, 3, 2, 9))
    v2 = services.report_approve(report=v2, actor=world.bob, now=local_time(2026, 3, 2, 10))
    services.report_publish(report=v2, actor=world.bob, now=local_time(2026, 3, 3, 10), render=False)
    row = next(r for r in selectors.region_board(world.region, 2025, date(2026, 4, 1)) if r.agency == world.dept_b)
    assert row.status == "published_late" and row.published_on == date(2026, 2, 1) and row.report.version == 2


def test_library_counterpart_by_agency_name_and_year(world):
    from gongkai.web.library.models import ReportFile, ReportStats

    report = services.report_build(agency=world.dept_a, year=2025, actor=world.alice)
    assert selectors.library_counterpart(report) is None
    for i, (name, year) in enumerate([("示例市甲局", 2024), ("示例市乙局", 2025), ("示例市甲局", 2025)]):
        f = ReportFile.objects.create(sha256=f"{i:064d}", original_name="a.pdf", detected_format="pdf", size=1,
                                      stored_path="x", parser_version="1")
        ReportStats.objects.create(file=f, agency=name, year=year, template="2021", stats={})
    found = selectors.library_counterpart(report)
    assert (found.agency, found.year) == ("示例市甲局", 2025)


# --- four eyes ---------------------------------------------------------------------------------------------

def test_four_eyes_refuses_the_builders_own_approval_by_default(world):
    from gongkai.web.agencies.services import agency_upsert

    assert world.dept_a.report_four_eyes  # on by default
    fill_table2(world.dept_a, 2025, world.alice)
    report = services.report_build(agency=world.dept_a, year=2025, actor=world.alice)
    assert report.built_by == world.alice
    with pytest.raises(services.ReportRefused) as exc:
        services.report_approve(report=report, actor=world.alice)
    assert exc.value.message == ("示例市甲局要求年度报告由生成人以外的人员审核：第1版由您生成，"
                                 "请由本机关其他审核人或机关管理员审核。")
    report.refresh_from_db()
    assert report.status == "checked" and report.approved_by is None
    # Whoever rebuilds last is the builder: after amy's rebuild alice is the second person.
    report = services.report_build(agency=world.dept_a, year=2025, actor=world.amy)
    assert report.built_by == world.amy and report.created_by == world.alice
    assert services.report_approve(report=report, actor=world.alice).approved_by == world.alice
    # The corrector opens the next version, so they are its builder too.
    services.report_publish(report=report, actor=world.alice, render=False)
    v2 = services.report_correct(report=report, actor=world.alice, reason="表二数字有误")
    v2 = services.report_check(report=v2, actor=world.alice)
    assert v2.built_by == world.alice
    with pytest.raises(services.ReportRefused):
        services.report_approve(report=v2, actor=world.alice)
    # An agency may turn it off (a one-person office): then the builder approves.
    agency_upsert(code=world.dept_a.code, name=world.dept_a.name, level="department", report_four_eyes=False)
    assert services.report_approve(report=v2, actor=world.alice).status == "approved"


def test_four_eyes_does_not_apply_to_reports_the_system_built(world):
    fill_table2(world.dept_a, 2025, world.alice)
    report = services.report_build(agency=world.dept_a, year=2025, actor=None)
    assert report.built_by is None
    assert services.report_approve(report=report, actor=world.alice).status == "approved"


# --- published files ---------------------------------------------------------------------------------------

def _approved(world, year=2025):
    fill_table2(world.dept_a, year, world.alice)
    report = services.report_build(agency=world.dept_a, year=year, actor=world.amy)
    return services.report_approve(report=report, actor=world.alice)


def test_publishing_renders_every_format_once_and_downloads_serve_the_stored_files(world, monkeypatch):
    from gongkai.web.reports.models import RenderingImmutable, ReportRendering

    report = services.report_publish(report=_approved(world), actor=world.alice, now=local_time(2026, 1, 20, 10))
    stored = {r.fmt: r for r in ReportRendering.objects.filter(report=report)}
    assert set(stored) == {"html", "docx", "xlsx", "pdf"}
    assert bytes(stored["pdf"].data).startswith(b"%PDF") and bytes(stored["docx"].data).startswith(b"PK")
    assert "2026年1月20日" in bytes(stored["html"].data).decode("utf-8")  # the publication date is in the file
    assert all(r.size == len(bytes(r.data)) and len(r.sha256) == 64 for r in stored.values())

    def no_rendering(document, fmt):
        raise AssertionError("a published version is never rendered again")

    monkeypatch.setattr(services, "render_document", no_rendering)
    for fmt, row in stored.items():
        data, content_type, filename = services.render(report, fmt)
        assert data == bytes(row.data) and content_type == services.FORMATS[fmt][0]
        assert filename == f"示例市甲局2025年政府信息公开工作年度报告.{fmt}"
    # The stored files are insert-only.
    row = stored["pdf"]
    row.data = b"changed"
    with pytest.raises(RenderingImmutable):
        row.save()
    with pytest.raises(RenderingImmutable):
        row.delete()


@pytest.mark.parametrize("where", ["rendering", "storing"])
def test_a_publication_whose_files_fail_publishes_nothing(world, monkeypatch, where):
    from gongkai.core.annual.render_pdf import PdfRenderingUnavailable
    from gongkai.web.reports.models import ReportRendering

    report = _approved(world)
    real = services.render_document

    def failing_pdf(document, fmt):
        if fmt == "pdf":
            raise PdfRenderingUnavailable("no pango")
        return real(document, fmt)

    def failing_insert(objs, *args, **kwargs):
        raise RuntimeError("disk full")

    if where == "rendering":
        monkeypatch.setattr(services, "render_document", failing_pdf)
        with pytest.raises(services.ReportRefused) as exc:
            services.report_publish(report=report, actor=world.alice)
        assert exc.value.message.startswith("生成报告文件失败，报告未发布：无法生成 PDF")
    else:
        monkeypatch.setattr(ReportRendering.objects, "bulk_create", failing_insert)
        with pytest.raises(RuntimeError):
            services.report_publish(report=report, actor=world.alice)
    report.refresh_from_db()
    assert (report.status, report.published_at, report.published_by) == ("approved", None, None)
    assert not ReportRendering.objects.exists()
    assert not selectors.published_reports().exists()
    monkeypatch.undo()
    assert services.report_publish(report=report, actor=world.alice).status == "published"  # retry works
    assert ReportRendering.objects.filter(report=report).count() == 4


def test_a_version_published_without_files_renders_each_once_at_first_download(world, monkeypatch):
    from gongkai.web.reports.models import ReportRendering

    report = services.report_publish(report=_approved(world), actor=world.alice, render=False,
                                     now=local_time(2026, 1, 20, 10))
    assert not ReportRendering.objects.exists()
    calls = []
    real = services.render_document

    def counting(document, fmt):
        calls.append((fmt, document.published_on))
        return real(document, fmt)

    monkeypatch.setattr(services, "render_document", counting)
    first = services.render(report, "docx")[0]
    again = services.render(report, "docx")[0]
    assert first == again == bytes(ReportRendering.objects.get(report=report, fmt="docx").data)
    assert calls == [("docx", date(2026, 1, 20))]  # rendered from the frozen content with its date
    # Unpublished versions are rendered from their current content every time, never stored.
    draft = services.report_correct(report=report, actor=world.alice, reason="更正")
    services.render(draft, "html")
    services.render(draft, "html")
    assert [c[0] for c in calls] == ["docx", "html", "html"] and not ReportRendering.objects.filter(report=draft).exists()
    with pytest.raises(ValueError):
        services.rendering_for(report=draft, fmt="html")
