"""The region dashboard: every figure equals a count of the test database's records made here in Python,
every drill-down list holds as many rows as its figure and no personal data, other regions' supervisors and
department staff get a 404, and the CSV/XLSX exports carry the same numbers."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.core.applications.outcomes import GROUPS, OUTCOMES
from gongkai.core.engagement.messages import unanswered_too_long
from gongkai.core.registry.vocab import CHANNELS
from tests.web.agencies.world import make_user, make_world
from tests.web.reports.conftest import random_records

pytestmark = pytest.mark.django_db

YEAR = 2024
SECRET_NAME = "欧阳秘密"
SECRET_ID = "110101199003071234"
SECRET_PHONE = "13912345678"
SECRET_TITLE = "关于欧阳秘密住址的信息"
WRITER = "司马留言人"
WRITER_CONTACT = "13800001111"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _messages(rng, agencies):
    from gongkai.web.engagement.models import Message, MessageBox

    rows = []
    for a in agencies:
        box = MessageBox.objects.create(agency=a, kind="consult", name=f"{a.name}咨询")
        for i in range(rng.randint(3, 12)):
            received = date(YEAR, 1, 1) + timedelta(days=rng.randint(-40, 370))
            due = received + timedelta(days=14)
            replied = None if rng.random() < 0.3 else received + timedelta(days=rng.choice([2, 10, 14, 30, 120]))
            state = rng.choice(["replied"] * 5 + ["invalid", "received"]) if replied else rng.choice(
                ["received", "assigned", "invalid"])
            rows.append(Message(box=box, agency=a, tracking_code=f"M{a.pk}-{i}", writer_name=WRITER,
                                contact=WRITER_CONTACT, subject=f"{WRITER}的问题", body=f"{WRITER}写的内容",
                                received_at=timezone.make_aware(datetime.combine(received, time(9))),
                                received_on=received, due_on=due, state=state, replied_on=replied))
    Message.objects.bulk_create(rows)
    return rows


def _records(rng, agencies):
    from gongkai.web.engagement.models import RECORD_KINDS, EngagementRecord

    rows = []
    for a in agencies:
        for i in range(rng.randint(2, 8)):
            kind = rng.choice(list(RECORD_KINDS))
            held = date(YEAR, 1, 1) + timedelta(days=rng.randint(-30, 390))
            rows.append(EngagementRecord(agency=a, kind=kind, held_on=held, topic=f"主题{i}",
                                         participants=rng.randint(5, 60) if kind == "training" else None))
    EngagementRecord.objects.bulk_create(rows)
    return rows


def _items(rng, agencies):
    from gongkai.web.registry.models import Item

    rows = []
    for a in agencies:
        for i in range(rng.randint(3, 15)):
            state = rng.choice(["published"] * 5 + ["withdrawn", "draft"])
            published = date(YEAR, 1, 1) + timedelta(days=rng.randint(-60, 400))
            chans = rng.sample(list(CHANNELS), rng.randint(0, 3))
            rows.append(Item(agency=a, title=f"{a.code}文件{i}", subject="0203", genre="notice", state=state,
                             published_on=published if state != "draft" else None, channels=chans,
                             index_no=f"{a.code}/{i}" if state != "draft" else None))
    Item.objects.bulk_create(rows)
    return rows


@pytest.fixture
def dw(db):
    """The world with a year of records in every organ of the region, and a second region X with its own."""
    w = make_world()
    x = make_world(prefix="X")
    rng = random.Random(12)
    organs = [w.gov, w.dept_a, w.dept_b]
    random_records(rng, organs, n=260, years=(YEAR - 5, YEAR))
    random_records(rng, [x.gov, x.dept_a], n=40, years=(YEAR - 1, YEAR))
    from gongkai.web.applications.models import Application

    # Personal data on every application, and late replies and corrections the counting must see.
    apps = list(Application.objects.all())
    for app in apps:
        app.applicant_name, app.id_number, app.phone, app.title = SECRET_NAME, SECRET_ID, SECRET_PHONE, SECRET_TITLE
        if app.received_on:
            app.due_date = app.received_on + timedelta(days=28)
            if app.concluded_on:
                app.replied_on = app.concluded_on if rng.random() < 0.85 else None
            if rng.random() < 0.2:
                app.correction_requested_on = app.received_on + timedelta(days=3)
    Application.objects.bulk_update(apps, ["applicant_name", "id_number", "phone", "title", "due_date",
                                           "replied_on", "correction_requested_on"])
    w.messages = _messages(rng, organs)
    _messages(rng, [x.gov])
    w.records = _records(rng, organs)
    _records(rng, [x.gov])
    w.items = _items(rng, organs)
    _items(rng, [x.dept_a])
    w.x = x
    return w


def _in_year(d, year=YEAR) -> bool:
    return d is not None and d.year == year


def _expected(w) -> dict[str, object]:
    """The figures counted in Python from the region's records (the reference the database must equal)."""
    from gongkai.web.applications.models import Application, FeeCharge, ReviewCase

    organs = {w.gov.pk, w.dept_a.pk, w.dept_b.pk}
    apps = [a for a in Application.objects.all() if a.agency_id in organs]
    concluded = [a for a in apps if _in_year(a.concluded_on)]
    received = [a for a in apps if _in_year(a.received_on)]
    cases = [c for c in ReviewCase.objects.select_related("application") if c.application.agency_id in organs]
    fees = [f for f in FeeCharge.objects.select_related("application") if f.application.agency_id in organs
            and _in_year(f.paid_on)]
    out: dict[str, object] = {
        "applications_received": len(received),
        "applications_concluded": len(concluded),
        "late": sum(1 for a in concluded if a.replied_on and a.due_date and a.replied_on > a.due_date),
        "correction": sum(1 for a in received if a.correction_requested_on),
        "fees_collected": sum(f.amount_yuan for f in fees),
    }
    for g in GROUPS:
        out[g] = sum(1 for a in concluded if OUTCOMES[a.outcome].group == g)
    for kind in ("reconsideration", "litigation"):
        mine = [c for c in cases if c.kind == kind]
        out[f"{kind}_filed"] = sum(1 for c in mine if _in_year(c.filed_on))
        out[f"{kind}_decided"] = sum(1 for c in mine if _in_year(c.decided_on))
        out[f"{kind}_corrected"] = sum(1 for c in mine if _in_year(c.decided_on) and c.result == "corrected")
    items = [i for i in w.items if i.state == "published" and _in_year(i.published_on)]
    out["items_published"] = len(items)
    for code in CHANNELS:
        out[f"ch_{code}"] = sum(1 for i in items if code in i.channels)
    valid = [m for m in w.messages if m.state != "invalid"]
    out["messages_received"] = sum(1 for m in valid if _in_year(m.received_on))
    out["messages_replied"] = sum(1 for m in valid if _in_year(m.received_on) and m.replied_on)
    due = [m for m in valid if _in_year(m.due_on)]
    out["due"] = len(due)
    out["in_time"] = sum(1 for m in due if m.replied_on and m.replied_on <= m.due_on)
    out["messages_unanswered_3m"] = sum(  # the 19号 rule of the core, at the year's end
        1 for m in valid if _in_year(m.received_on) and unanswered_too_long(
            state=m.state, received_on=m.received_on, replied_on=m.replied_on, today=date(YEAR, 12, 31)))
    recs = [r for r in w.records if _in_year(r.held_on)]
    for kind in ("hotspot_response", "press_conference", "online_interview", "training"):
        out[kind] = sum(1 for r in recs if r.kind == kind)
    out["trainees"] = sum(r.participants or 0 for r in recs if r.kind == "training")
    return out


def _board(w, year=YEAR):
    from gongkai.web.supervision.dashboard import sections
    from gongkai.web.supervision.dashboard import selectors as s
    from gongkai.web.supervision.dashboard.views import _drill_for

    return sections.build(s.Scope.of(w.region, year, date(2026, 11, 25)), _drill_for(w.region, year))


def _figures(board) -> dict:
    return {f.key: f for sec in board.sections for f in sec.figures}


def test_figures_equal_the_counts_of_the_records(dw):
    exp = _expected(dw)
    assert exp["applications_received"] > 10 and exp["late"] > 0 and exp["correction"] > 0  # the data exercises it
    f = _figures(_board(dw))
    assert f["applications_received"].value == exp["applications_received"]
    assert f["applications_concluded"].value == exp["applications_concluded"]
    late = f["applications_late_share"]
    assert (late.numerator, late.denominator) == (exp["late"], exp["applications_concluded"])
    assert late.value == pytest.approx(exp["late"] / exp["applications_concluded"])
    corr = f["applications_correction_share"]
    assert (corr.numerator, corr.denominator) == (exp["correction"], exp["applications_received"])
    assert f["fees_collected"].value == exp["fees_collected"]
    rev, lit = f["review_correction_rate"], f["litigation_correction_rate"]
    assert f["review_cases"].value == exp["reconsideration_filed"]
    assert f["litigation_cases"].value == exp["litigation_filed"]
    assert (rev.numerator, rev.denominator) == (exp["reconsideration_corrected"], exp["reconsideration_decided"])
    assert (lit.numerator, lit.denominator) == (exp["litigation_corrected"], exp["litigation_decided"])
    assert f["items_published"].value == exp["items_published"]
    assert f["messages_received"].value == exp["messages_received"]
    assert f["messages_replied"].value == exp["messages_replied"]
    timely = f["messages_in_time_share"]
    assert (timely.numerator, timely.denominator) == (exp["in_time"], exp["due"])
    assert f["messages_unanswered_3m"].value == exp["messages_unanswered_3m"]
    assert f["hotspot_responses"].value == exp["hotspot_response"]
    assert f["press_conferences"].value == exp["press_conference"]
    assert f["online_interviews"].value == exp["online_interview"]
    assert f["trainings"].value == exp["training"]
    assert f["trainees"].value == exp["trainees"]


def test_outcome_groups_and_channels_equal_the_records(dw):
    exp = _expected(dw)
    board = _board(dw)
    apps = next(s for s in board.sections if s.key == "applications")
    mix = {row[0].text: int(row[1].text.replace(",", "")) for row in apps.tables[0].rows}
    assert mix == {g: exp[g] for g in GROUPS}
    assert sum(mix.values()) == exp["applications_concluded"]
    proactive = next(s for s in board.sections if s.key == "proactive")
    chans = {row[0].text: int(row[1].text.replace(",", "")) for row in proactive.tables[0].rows}
    assert chans == {label: exp[f"ch_{code}"] for code, label in CHANNELS.items()}


def test_channel_totals_agree_with_the_registry_counting(dw):
    """The dashboard counts channels in its per-agency query by the registry's rule: the same totals as
    reports.registry_counts.registry_year, which the annual report uses."""
    from gongkai.web.reports.registry_counts import registry_year

    facts = registry_year([dw.gov.pk, dw.dept_a.pk, dw.dept_b.pk], YEAR).facts
    proactive = next(s for s in _board(dw).sections if s.key == "proactive")
    chans = {row[0].text: int(row[1].text.replace(",", "")) for row in proactive.tables[0].rows}
    assert chans == {label: facts.channels.get(code, 0) for code, label in CHANNELS.items()}
    assert proactive.figures[0].value == facts.total


def test_per_agency_rows_sum_to_the_region_figures(dw):
    board = _board(dw)
    f = _figures(board)
    cols = {c.key: c for c in board.columns}
    ids = [dw.gov.pk, dw.dept_a.pk, dw.dept_b.pk]
    assert set(board.scope.agencies) == set(ids)
    assert sum(cols["received"].figure(pk).value for pk in ids) == f["applications_received"].value
    assert sum(cols["items"].figure(pk).value for pk in ids) == f["items_published"].value
    assert sum(cols["messages"].figure(pk).value for pk in ids) == f["messages_received"].value
    assert sum(cols["fees"].figure(pk).value for pk in ids) == f["fees_collected"].value


def _count_on(page: str) -> int:
    m = re.search(r"共 (\d+) 条", page)
    assert m, page[:500]
    return int(m.group(1))


def _all_pages(client: Client, url: str) -> str:
    body, page = "", 1
    while True:
        r = client.get(url + f"&page={page}")
        assert r.status_code == 200
        text = r.content.decode()
        body += text
        if "下一页" not in text:
            return body
        page += 1


def test_every_drill_down_list_holds_its_figure_and_no_personal_data(dw):
    sue = _client(dw.sue)
    board = _board(dw)
    checked = 0
    figures = [f for sec in board.sections for f in sec.figures if "/records/" in f.drill]
    for col in board.columns:  # one agency's cells too
        cells = [col.figure(pk, with_drill=True) for pk in board.scope.agencies]
        figures += [f for f in cells if "/records/" in f.drill]
    for f in figures:
        expected = f.numerator if f.metric.kind == "rate" else f.value
        if f.key in ("fees_collected", "applications_by_outcome_group"):  # an amount / the concluded total
            continue
        if f.key == "trainees":
            continue  # people, not records: its list is the trainings
        body = _all_pages(sue, f.drill)
        assert _count_on(body) == expected, f.key
        for secret in (SECRET_NAME, SECRET_ID, SECRET_PHONE, SECRET_TITLE, WRITER, WRITER_CONTACT):
            assert secret not in body, (f.key, secret)
        checked += 1
    assert checked > 20
    # The outcome mix cells of the table drill too.
    apps = next(s for s in board.sections if s.key == "applications")
    for row in apps.tables[0].rows:
        if row[1].url:
            assert _count_on(sue.get(row[1].url).content.decode()) == int(row[1].text.replace(",", ""))


def test_the_dashboard_page_and_its_exports(dw):
    sue = _client(dw.sue)
    url = reverse("supervision:dashboard:dashboard", args=[dw.region.code, YEAR])
    body = sue.get(url).content.decode()
    exp = _expected(dw)
    assert "超期答复率" in body and "办结申请中超过法定答复期限" in body  # the label and its definition
    assert "<svg" in body and "数据表" in body
    for name in ("示例市人民政府", "示例市甲局", "示例市乙局"):
        assert name in body
    for secret in (SECRET_NAME, SECRET_ID, SECRET_PHONE, SECRET_TITLE, WRITER):
        assert secret not in body
    # CSV: the figures with their definitions, then one row per agency.
    raw = sue.get(reverse("supervision:dashboard:export", args=[dw.region.code, YEAR, "csv"]))
    assert raw["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig"))))
    by_key = {r[1]: r for r in rows if len(r) > 3}
    assert int(by_key["applications_received"][3]) == exp["applications_received"]
    assert int(by_key["items_published"][3]) == exp["items_published"]
    late = by_key["applications_late_share"]
    assert (int(late[5]), int(late[6])) == (exp["late"], exp["applications_concluded"])
    assert "办结申请中超过法定答复期限" in late[8]
    agency_rows = [r for r in rows if r and r[0] in ("W-GOV", "W-A", "W-B")]
    assert len(agency_rows) == 3
    # XLSX: the same numbers, the per-agency sheet included.
    from openpyxl import load_workbook

    data = sue.get(reverse("supervision:dashboard:export", args=[dw.region.code, YEAR, "xlsx"])).content
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["说明", "指标", "各机关"]
    sheet = {r[1]: r for r in wb["指标"].iter_rows(min_row=2, values_only=True)}
    assert sheet["applications_received"][3] == exp["applications_received"]
    assert sheet["applications_late_share"][3] == pytest.approx(exp["late"] / exp["applications_concluded"])
    agencies = list(wb["各机关"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in agencies} == {"W-GOV", "W-A", "W-B"}
    header = next(wb["各机关"].iter_rows(max_row=1, values_only=True))
    col = header.index("收到申请")
    assert sum(r[col] for r in agencies) == exp["applications_received"]
    # Deterministic: the same bytes twice.
    again = sue.get(reverse("supervision:dashboard:export", args=[dw.region.code, YEAR, "xlsx"])).content
    assert again == data


def test_isolation(dw):
    x = dw.x
    mine = reverse("supervision:dashboard:dashboard", args=[dw.region.code, YEAR])
    theirs = reverse("supervision:dashboard:dashboard", args=[x.region.code, YEAR])
    sue = _client(dw.sue)
    assert sue.get(mine).status_code == 200
    assert sue.get(theirs).status_code == 404
    assert _client(x.sue).get(mine).status_code == 404
    # Department staff, even a department's agency_admin, get no region dashboard; the government's do.
    assert _client(dw.alice).get(mine).status_code == 404
    assert _client(dw.bob).get(mine).status_code == 404
    assert _client(dw.root).get(mine).status_code == 404
    from gongkai.web.agencies.services import membership_grant

    gov_admin = make_user("govadmin")
    membership_grant(user=gov_admin, agency=dw.gov, role="agency_admin")
    assert _client(gov_admin).get(mine).status_code == 200
    # Drill-down lists, exports: the same rule; another region's agency in the filter is a 404.
    lst = reverse("supervision:dashboard:list", args=[dw.region.code, YEAR, "applications"])
    assert _client(x.sue).get(lst + "?f=received").status_code == 404
    assert sue.get(lst + f"?f=received&agency={x.dept_a.pk}").status_code == 404
    assert sue.get(lst + "?f=nonsense").status_code == 404
    assert sue.get(reverse("supervision:dashboard:list", args=[dw.region.code, YEAR, "letters"])
                   + "?f=received").status_code == 404
    exp = reverse("supervision:dashboard:export", args=[dw.region.code, YEAR, "csv"])
    assert _client(dw.alice).get(exp).status_code == 404
    # A department is not a region: no dashboard of it, for anyone.
    assert sue.get(reverse("supervision:dashboard:dashboard", args=[dw.dept_a.code, YEAR])).status_code == 404
    # The index lists the user's regions only.
    index = sue.get(reverse("supervision:dashboard:index")).content.decode()
    assert dw.region.name in index and "X" not in re.findall(r"dashboard/(\w+)/", index)
    assert _client(dw.alice).get(reverse("supervision:dashboard:index")).status_code == 404


def test_sorting_puts_not_applicable_last(dw):
    from gongkai.web.applications.models import Application

    # 乙局 concluded nothing in the year: its late share is N/A, last whichever way the column is sorted.
    Application.objects.filter(agency=dw.dept_b, concluded_on__year=YEAR).update(concluded_on=date(YEAR - 1, 6, 1))
    board = _board(dw)
    for desc in (False, True):
        rows = board.agency_rows("late_share", desc)
        assert rows[-1][0] == dw.dept_b
    sue = _client(dw.sue)
    body = sue.get(reverse("supervision:dashboard:dashboard", args=[dw.region.code, YEAR]) + "?sort=late_share&dir=desc")
    assert body.status_code == 200 and "不适用" in body.content.decode()


def test_year_switcher_and_years_out_of_range(dw):
    sue = _client(dw.sue)
    body = sue.get(reverse("supervision:dashboard:dashboard", args=[dw.region.code, YEAR])).content.decode()
    assert reverse("supervision:dashboard:dashboard", args=[dw.region.code, YEAR - 1]) in body
    assert sue.get(reverse("supervision:dashboard:dashboard", args=[dw.region.code, 2018])).status_code == 404
    assert sue.get(reverse("supervision:dashboard:dashboard", args=[dw.region.code, 3000])).status_code == 404


def test_annual_report_section_lists_who_has_not_published(dw):
    board = _board(dw, 2026)  # reports on 2025, due in early 2026: by TEST_NOW all are late
    sec = next(s for s in board.sections if s.key == "annual_reports")
    assert sec.figures[0].value == 3
    assert sec.figures[0].drill == reverse("reports_work:board", args=[dw.region.code, 2025])
    names = {row[0].text for row in sec.tables[1].rows}
    assert names == {"示例市人民政府", "示例市甲局", "示例市乙局"}


def test_the_landing_pages_link_the_dashboard(dw):
    from gongkai.web.agencies.services import membership_grant

    sue = _client(dw.sue)
    landing = sue.get(reverse("work:supervision")).content.decode()
    assert "/work/supervision/dashboard/W/" in landing
    gov_admin = make_user("govadmin2")
    membership_grant(user=gov_admin, agency=dw.gov, role="agency_admin")
    index = _client(gov_admin).get(reverse("reports_work:index")).content.decode()
    assert "/work/supervision/dashboard/W-GOV/" in index or "/work/supervision/dashboard/W/" in index
    # Following the link works for them.
    url = re.search(r'href="(/work/supervision/dashboard/[^"]+)"', index).group(1)
    assert _client(gov_admin).get(url).status_code == 200


def test_trend_links_only_to_years_that_have_a_dashboard(dw):
    from gongkai.web.applications.models import Application

    Application.objects.filter(agency=dw.gov).update(received_on=date(2017, 3, 1))
    apps = next(s for s in _board(dw, 2020).sections if s.key == "applications")
    trend = apps.tables[1]
    assert [row[0].text for row in trend.rows] == ["2016年", "2017年", "2018年", "2019年", "2020年"]
    assert trend.rows[1][1].text != "0" and trend.rows[1][1].url == ""  # counted, but no 2017 dashboard
    sue = _client(dw.sue)
    for row in trend.rows:
        if row[1].url:
            assert sue.get(row[1].url).status_code == 200


def test_a_province_counts_past_the_in_list_limit_as_a_city_does(db):
    """Above LARGE_IN agencies the queries group every agency and keep the region's in Python: the province's
    per-agency figures of a city's agencies equal the city's own dashboard (counted with IN (…)), and its
    totals the records of the whole province."""
    from bench import province
    from gongkai.web.agencies.models import Agency
    from gongkai.web.agencies.selectors import subtree_ids
    from gongkai.web.applications.models import Application
    from gongkai.web.registry.models import Item
    from gongkai.web.reports.registry_counts import LARGE_IN
    from gongkai.web.supervision.dashboard import sections
    from gongkai.web.supervision.dashboard import selectors as s
    from gongkai.web.supervision.dashboard.views import _drill_for

    province.populate(agencies=LARGE_IN + 100, applications=3000, items=2000)
    y = province.YEAR

    def board(region):
        return sections.build(s.Scope.of(region, y, date(y + 1, 6, 30)), _drill_for(region, y))

    whole = board(Agency.objects.get(code=province.REGION))
    assert len(whole.scope.agencies) > LARGE_IN
    f = _figures(whole)
    assert f["applications_received"].value == Application.objects.filter(received_on__year=y).count()
    assert f["items_published"].value == Item.objects.filter(state="published", published_on__year=y).count()
    city = Agency.objects.get(code="P-C03")
    mine = board(city)
    ids = [pk for pk in subtree_ids(city) if pk in whole.scope.agencies]
    assert len(mine.scope.agencies) == len(ids) < LARGE_IN
    cols = {c.key: c for c in whole.columns}
    own = _figures(mine)
    for key, metric_key in (("received", "applications_received"), ("items", "items_published"),
                            ("messages", "messages_received"), ("concluded", "applications_concluded")):
        assert sum(cols[key].figure(pk).value for pk in ids) == own[metric_key].value, key


def test_website_check_and_assessment_sections_come_from_the_recorded_runs_and_the_published_scores(dw):
    from gongkai.web.supervision.assessment import services as assessment
    from gongkai.web.supervision.models import PlatformCheckRun
    from gongkai.web.supervision.platform_services import check_record

    board = _board(dw)
    sec = {s.key: s for s in board.sections}
    assert [f.value for f in sec["website_checks"].figures] == [0, 3]  # nobody checked yet
    assert "尚未发布" in str(sec["assessment"].notes[0])

    good = check_record(agency=dw.dept_a, at=date(YEAR, 12, 31), actor=dw.sue, note="年度末检查")
    bad = check_record(agency=dw.dept_b, at=date(YEAR, 6, 30), actor=dw.sue)
    PlatformCheckRun.objects.filter(pk=good.pk).update(verdict="合格", score=92, vetoes=0)
    PlatformCheckRun.objects.filter(pk=bad.pk).update(verdict="不合格", score=None, vetoes=2)
    draft = assessment.set_create(region=dw.region, year=YEAR, actor=dw.sue, source="default")
    pub = assessment.publish(draft=draft, actor=dw.sue)

    board = _board(dw)
    sec = {s.key: s for s in board.sections}
    checks = sec["website_checks"]
    assert [f.value for f in checks.figures] == [1, 1]  # B failed, the government unchecked
    assert [row[0].text for row in checks.tables[0].rows] == ["示例市乙局"]
    assert checks.tables[0].rows[0][0].url == reverse("supervision:platform_run", args=[bad.pk])
    column = {c.key: c for c in board.columns}
    assert column["website"].figure(dw.dept_a.pk).value == 92.0
    assert column["website"].figure(dw.dept_b.pk).value == 0.0
    assert column["website"].figure(dw.gov.pk).not_applicable

    ranking = sec["assessment"].tables[0]
    scores = {s.agency_id: s for s in pub.scores.all()}
    assert len(ranking.rows) == 3
    assert column["assessment"].figure(dw.dept_a.pk).value == scores[dw.dept_a.pk].total
    assert "不合格" in {row[3].text for row in ranking.rows}  # B's website check failed: the default set's veto
    page = _client(dw.sue).get(reverse("supervision:dashboard:dashboard", args=[dw.region.code, YEAR])).content.decode()
    assert "考核排名" in page and "网站检查得分" in page and "&lt;a href" not in page
