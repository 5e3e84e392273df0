"""Staff pages for annual reports (/work/reports/, namespace "reports_work").

Isolation over every route, enumerated from the URLconf; the life of a report through the pages (build, edit
the narrative, an error finding blocks approval, approve, publish, correct into a second version while the
first stays public); table 二 figures entered on the page; downloads; comparison with the library; the region
board's statuses with frozen dates.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, include, path, reverse

from gongkai.web.reports import services, urls_staff
from gongkai.web.reports import views_staff as views
from gongkai.web.reports.models import AnnualReport, YearlyFigure
from tests.web.agencies.world import make_world
from tests.web.applications.conftest import make_app

from .conftest import fill_table2, local_time, publish_at

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def _urlpatterns():
    from gongkai.web.urls import urlpatterns as project

    mounted = {getattr(p, "namespace", None) for p in project}
    extra = []
    if "reports_work" not in mounted:
        extra.append(path("work/reports/", include("gongkai.web.reports.urls_staff")))
    if "annual" not in mounted:
        extra.append(path("annual/", include("gongkai.web.reports.urls_public")))
    return [*extra, *project]


urlpatterns = _urlpatterns()

YEAR = 2025
CONTENT_TYPES = {
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
MAGIC = {"docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF"}


@pytest.fixture
def w():
    return make_world()


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def page(agency, year=YEAR, **query) -> str:
    url = reverse("reports_work:report", args=[agency.code, year])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def act(name, agency, year=YEAR) -> str:
    return reverse(f"reports_work:{name}", args=[agency.code, year])


def applications_2025(w):
    """A's 2025 records: two concluded applications and one still open at the end of the year."""
    make_app(w, "archived", received=date(2025, 3, 3))
    make_app(w, "replied", received=date(2025, 6, 2), applicant_name="李四")
    make_app(w, "received", received=date(2025, 12, 22))


# --- isolation ----------------------------------------------------------------------------------------------

def route_kwargs(pattern: URLPattern, w) -> dict:
    names = set(pattern.pattern.converters)
    kwargs = {}
    if "code" in names:
        kwargs["code"] = w.region.code if pattern.name == "board" else w.dept_a.code
    if "year" in names:
        kwargs["year"] = YEAR
    if "fmt" in names:
        kwargs["fmt"] = "pdf"
    assert set(kwargs) == names, f"route {pattern.name}: unknown arguments {names - set(kwargs)}"
    return kwargs


def test_every_staff_route_is_404_for_anyone_without_a_role_there(w):
    applications_2025(w)
    report = services.report_build(agency=w.dept_a, year=YEAR, actor=w.alice)
    assert report.status in ("draft", "checked")
    patterns = [p for p in urls_staff.urlpatterns if isinstance(p, URLPattern)]
    assert len(patterns) >= 10
    alice = client_for(w.alice)
    outsiders = {"bob": client_for(w.bob), "root": client_for(w.root)}
    for p in patterns:
        url = reverse(f"reports_work:{p.name}", kwargs=route_kwargs(p, w))
        if "code" not in p.pattern.converters:  # the list of one's own agencies (test_index_lists_own_...)
            continue
        # alice (A's staff) reaches every GET route except the region board, which is the supervisor's.
        if p.name != "board":
            got = alice.get(url)
            assert got.status_code in (200, 405), (p.name, got.status_code)
        for name, c in outsiders.items():
            for method in ("get", "post"):
                r = getattr(c, method)(url, {"scope": "agency", "reason": "x", "overview": "x"})
                if r.status_code == 405:
                    continue
                assert r.status_code == 404, (name, p.name, method, r.status_code)
        # The supervisor sees the board and compiled reports, never one agency's own report.
        if p.name != "board":
            sue = client_for(w.sue)
            r = sue.get(url) if p.name in ("report", "download") else sue.post(url, {"scope": "agency"})
            assert r.status_code == 404, ("sue", p.name, r.status_code)
        anonymous = Client().get(url)
        assert anonymous.status_code in (302, 405), (p.name, anonymous.status_code)
    # Nothing a refused user sent changed A's report.
    report.refresh_from_db()
    assert report.version == 1 and report.status in ("draft", "checked")
    assert AnnualReport.objects.filter(agency=w.dept_a).count() == 1


def test_index_lists_own_agencies_only(w):
    services.report_build(agency=w.dept_a, year=YEAR, actor=w.alice)
    body = client_for(w.bob).get(reverse("reports_work:index")).content.decode()
    assert "示例市乙局" in body and "示例市甲局" not in body
    body = client_for(w.alice).get(reverse("reports_work:index")).content.decode()
    assert "示例市甲局" in body and "示例市乙局" not in body
    assert page(w.dept_a) in body


def test_subtree_scope_only_for_governments(w):
    c = client_for(w.alice)
    assert c.get(page(w.dept_a, scope="subtree")).status_code == 404
    assert c.get(page(w.dept_a, scope="nonsense")).status_code == 404


# --- the life of a report -----------------------------------------------------------------------------------

def test_build_edit_approve_publish_correct(w):
    applications_2025(w)
    alice, amy = client_for(w.alice), client_for(w.amy)

    body = alice.get(page(w.dept_a)).content.decode()
    assert "尚未生成" in body and "根据办理记录生成" in body

    r = alice.post(act("build", w.dept_a), {"scope": "agency"})
    assert r.status_code == 302
    report = AnnualReport.objects.get(agency=w.dept_a, year=YEAR)
    body = alice.get(page(w.dept_a)).content.decode()
    # The official tables, with the built figures.
    assert "三、收到和处理政府信息公开申请情况" in body
    assert "一、本年新收政府信息公开申请数量" in body
    assert "四、结转下年度继续办理" in body
    assert "行政复议" in body and "未经复议直接起诉" in body
    assert report.stats["applications"]["table3"]["new"]["total"] == 3
    # The narrative draft is in the textareas.
    assert 'name="overview"' in body and report.sections["overview"] and report.sections["overview"][:10] in body

    # Edit the narrative.
    text = "本机关认真贯彻《政府信息公开条例》。\n\n全年办理依申请公开三件。"
    r = amy.post(act("sections", w.dept_a), {"scope": "agency", "version": report.version, "overview": text,
                                            "problems": "培训不足。", "other": "本年度未收取信息处理费。"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.sections["overview"].replace("\r\n", "\n") == text
    assert report.sections["problems"] == "培训不足。"

    # A handler may not approve (amy is handler only).
    assert amy.post(act("approve", w.dept_a), {"scope": "agency"}).status_code == 403

    # Table 二 was never entered: an error finding names the blank cells, the page says approval is blocked
    # and offers no approve button; the service refuses a forced POST with its Chinese message.
    body = alice.get(page(w.dept_a)).content.decode()
    assert "表二有10项未填写" in body and "“规章”（本年制发件数、本年废止件数、现行有效件数）" in body
    assert "不能审核通过" in body and "全部检查通过" not in body
    assert act("approve", w.dept_a) not in body
    r = alice.post(act("approve", w.dept_a), {"scope": "agency", "version": report.version})
    assert r.status_code == 400
    assert 'role="alert"' in r.content.decode() and "表二有10项未填写" in r.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"

    # Figures entered on the page (0 = nothing happened), then rebuilt: no error is left.
    pointers = list(services.table2_pointers(YEAR))
    posted = {"scope": "agency", **{f"value:{p}": "0" for p in pointers},
              **{f"source:{p}": "法制科台账" for p in pointers}}
    assert alice.post(act("figures", w.dept_a), posted).status_code == 302
    alice.post(act("build", w.dept_a), {"scope": "agency"})
    report = AnnualReport.objects.filter(agency=w.dept_a, year=YEAR).order_by("-version").first()
    assert not [f for f in report.findings if f["severity"] == "error"]
    assert report.sections["problems"] == "培训不足。"  # edits survive a rebuild

    # Four-eyes (the agency's default): alice built this version, so she may not approve it.
    assert w.dept_a.report_four_eyes
    body = alice.get(page(w.dept_a)).content.decode()
    assert act("approve", w.dept_a) not in body and "本机关要求年度报告由生成人以外的人员审核" in body
    r = alice.post(act("approve", w.dept_a), {"scope": "agency", "version": report.version})
    assert r.status_code == 400 and "要求年度报告由生成人以外的人员审核" in r.content.decode()
    amy.post(act("build", w.dept_a), {"scope": "agency"})  # amy rebuilds: now alice is the second person
    body = alice.get(page(w.dept_a)).content.decode()
    assert act("approve", w.dept_a) in body
    assert alice.post(act("approve", w.dept_a), {"scope": "agency", "version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.status == "approved" and report.built_by == w.amy and report.approved_by == w.alice

    # Publishing asks for confirmation: the page links to a confirmation page (no script), and a POST
    # without confirm=yes only shows that page again.
    body = alice.get(page(w.dept_a)).content.decode()
    confirm_url = act("publish", w.dept_a)
    assert f'href="{confirm_url}?scope=agency"' in body
    confirm = alice.get(confirm_url + "?scope=agency")
    assert confirm.status_code == 200
    shown = confirm.content.decode()
    assert "确认发布第1版" in shown and 'name="confirm" value="yes"' in shown and "本版不能再修改" in shown
    # works without scripts (the site-wide site.js only adds conveniences), fits a strict CSP
    assert not re.search(r"<script(?![^>]*\bsrc=)", shown) and "onclick" not in shown
    r = alice.post(confirm_url, {"scope": "agency", "version": report.version})
    assert r.status_code == 200 and "确认发布第1版" in r.content.decode()
    report.refresh_from_db()
    assert report.status == "approved"
    assert amy.get(confirm_url + "?scope=agency").status_code == 403  # a handler signs nothing
    r = alice.post(confirm_url, {"scope": "agency", "version": report.version, "confirm": "yes"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.status == "published" and report.published_at
    assert report.renderings.count() == 4  # its files, rendered once at publication

    public = Client().get(reverse("annual:report", args=[w.dept_a.code, YEAR]))
    assert public.status_code == 200
    assert "全年办理依申请公开三件。" in public.content.decode()

    # A published version is immutable: editing is refused, not silently applied.
    body = alice.get(page(w.dept_a)).content.decode()
    assert 'name="overview"' not in body
    r = alice.post(act("sections", w.dept_a), {"scope": "agency", "overview": "改", "problems": "", "other": ""})
    assert r.status_code == 400
    report.refresh_from_db()
    assert report.sections["overview"].replace("\r\n", "\n") == text

    # Correct: a second version (draft) with the reason, while version 1 stays public.
    r = alice.post(act("correct", w.dept_a), {"scope": "agency", "version": report.version,
                                              "reason": "第三件申请的办理结果登记有误"})
    assert r.status_code == 302
    versions = list(AnnualReport.objects.filter(agency=w.dept_a, year=YEAR).order_by("version"))
    assert [v.status for v in versions][-2:] == ["published", "draft"] or versions[-1].status == "checked"
    v2 = versions[-1]
    assert v2.correction_reason == "第三件申请的办理结果登记有误"
    body = alice.get(page(w.dept_a)).content.decode()
    assert "第三件申请的办理结果登记有误" in body and f"第{v2.version}版" in body
    public = Client().get(reverse("annual:report", args=[w.dept_a.code, YEAR]))
    assert public.status_code == 200 and f"第{v2.version}版" not in public.content.decode()
    # The old version's staff page is read-only.
    old = alice.get(page(w.dept_a, v=report.version)).content.decode()
    assert "历史版本" in old and 'name="overview"' not in old


def test_downloads_have_the_right_content_types(w):
    applications_2025(w)
    services.report_build(agency=w.dept_a, year=YEAR, actor=w.alice)
    c = client_for(w.amy)
    for fmt, ctype in CONTENT_TYPES.items():
        r = c.get(reverse("reports_work:download", args=[w.dept_a.code, YEAR, fmt]))
        assert r.status_code == 200, fmt
        assert r["Content-Type"].startswith(ctype), (fmt, r["Content-Type"])
        if fmt in MAGIC:
            assert r.content.startswith(MAGIC[fmt])
            assert "attachment" in r["Content-Disposition"]
    assert c.get(reverse("reports_work:download", args=[w.dept_a.code, YEAR, "exe"])).status_code == 404


def test_table2_figures_entered_on_the_page_reach_the_report(w):
    c = client_for(w.alice)
    pointer = "/table2/licensing/decisions"
    r = c.post(act("figures", w.dept_a), {"scope": "agency", f"value:{pointer}": "1,234",
                                          f"source:{pointer}": "审批科台账"})
    assert r.status_code == 302
    fig = YearlyFigure.objects.get(agency=w.dept_a, year=YEAR, pointer=pointer)
    assert fig.value == 1234 and fig.source == "审批科台账"
    body = c.get(page(w.dept_a)).content.decode()
    assert 'value="1234"' in body and "审批科台账" in body
    # A bad number is refused in Chinese with the input kept.
    r = c.post(act("figures", w.dept_a), {"scope": "agency", f"value:{pointer}": "十二",
                                          f"source:{pointer}": "审批科台账"})
    assert r.status_code == 400
    assert "不是数字" in r.content.decode() and 'value="十二"' in r.content.decode()
    c.post(act("build", w.dept_a), {"scope": "agency"})
    report = AnnualReport.objects.get(agency=w.dept_a, year=YEAR)
    assert report.stats["table2"]["licensing"]["decisions"] == 1234


def test_comparison_with_the_library_copy(w):
    from gongkai.core.stats import AnnualStats
    from gongkai.web.library.models import ReportStats

    applications_2025(w)
    report = services.report_build(agency=w.dept_a, year=YEAR, actor=w.alice)
    body = client_for(w.alice).get(page(w.dept_a)).content.decode()
    assert "无法比对" in body

    published = AnnualStats.from_json(report.stats)
    published.set("/applications/table3/new/natural_person", 9)
    from gongkai.web.library.models import ReportFile

    f = ReportFile.objects.create(sha256="0" * 64, original_name="甲局2025年报.txt", detected_format="txt", size=1,
                                  stored_path="x", parser_version="test")
    ReportStats.objects.create(file=f, agency=w.dept_a.name, year=YEAR, template=published.template,
                               stats=published.to_json())
    body = client_for(w.alice).get(page(w.dept_a)).content.decode()
    assert "处不一致" in body and "自然人" in body and ">9<" in body

    ReportStats.objects.filter(file=f).update(stats=report.stats)
    body = client_for(w.alice).get(page(w.dept_a)).content.decode()
    assert "一致：全部数字与已发布报告相同" in body


# --- the region board ---------------------------------------------------------------------------------------

def test_board_statuses_with_frozen_dates(w, monkeypatch):
    from gongkai.web.agencies.services import membership_grant
    from tests.web.agencies.world import make_user

    applications_2025(w)
    fill_table2(w.dept_a, YEAR, w.alice)
    publish_at(w.dept_a, YEAR, builder=w.amy, signer=w.alice, at=local_time(2026, 1, 20, 10))
    board = reverse("reports_work:board", args=[w.region.code, YEAR])
    sue = client_for(w.sue)

    # 15 February 2026: departments are past their deadline (31 January), the government is not (31 March).
    monkeypatch.setattr(views, "_today", lambda: date(2026, 2, 15))
    body = sue.get(board).content.decode()
    rows = {line for line in body.split("<tr") if "示例市" in line}

    def status_of(name):
        row = next(r for r in rows if f"<td>{name}</td>" in r)
        return next(label for key, label in views.BOARD_LABELS.items() if f'bstatus-{key}">{label}</span>' in row)

    assert status_of("示例市甲局") == "已发布"
    assert status_of("示例市乙局") == "逾期未发布"
    assert status_of("示例市人民政府") == "未开始"
    assert "2026年1月31日" in body and "2026年3月31日" in body

    # 20 January 2026: nobody is late yet; B's draft is in progress.
    services.report_build(agency=w.dept_b, year=YEAR, actor=w.bob)
    monkeypatch.setattr(views, "_today", lambda: date(2026, 1, 20))
    body = sue.get(board).content.decode()
    rows = {line for line in body.split("<tr") if "示例市" in line}
    assert status_of("示例市乙局") == "编制中"
    assert "逾期未发布</span>" not in body.split("</thead>")[1]

    # B publishes on 20 February, 20 days late: 逾期发布, with the date, from then on. (B is a one-person
    # office that turned four-eyes off: bob builds and signs.)
    from gongkai.web.agencies.services import agency_upsert

    agency_upsert(code=w.dept_b.code, name=w.dept_b.name, level=w.dept_b.level, report_four_eyes=False)
    fill_table2(w.dept_b, YEAR, w.bob)
    publish_at(w.dept_b, YEAR, builder=w.bob, signer=w.bob, at=local_time(2026, 2, 20, 16, 5))
    monkeypatch.setattr(views, "_today", lambda: date(2026, 3, 1))
    body = sue.get(board).content.decode()
    rows = {line for line in body.split("<tr") if "示例市" in line}
    assert status_of("示例市乙局") == "逾期发布" and status_of("示例市甲局") == "已发布"
    b_row = next(r for r in rows if "<td>示例市乙局</td>" in r)
    assert "2026-02-20" in b_row and "逾期20天" in b_row
    assert "逾期发布 1" in body and "已发布 1" in body  # the summary counts them apart

    # Who sees the board: the supervisor and the top government's agency_admin; not department staff.
    assert client_for(w.bob).get(board).status_code == 404
    assert client_for(w.alice).get(board).status_code == 404
    gov_admin = make_user("gina")
    membership_grant(user=gov_admin, agency=w.gov, role="agency_admin")
    assert client_for(gov_admin).get(board).status_code == 200


def test_board_builds_the_compiled_report(w, monkeypatch):
    applications_2025(w)
    make_app(w, "received", agency=w.dept_b, received=date(2025, 5, 6))
    monkeypatch.setattr(views, "_today", lambda: date(2026, 2, 15))
    sue = client_for(w.sue)
    board = reverse("reports_work:board", args=[w.region.code, YEAR])
    assert "生成汇总报告" in sue.get(board).content.decode()
    r = sue.post(act("build", w.region), {"scope": "subtree"})
    assert r.status_code == 302
    compiled = AnnualReport.objects.get(agency=w.region, year=YEAR, scope="subtree")
    assert compiled.stats["applications"]["table3"]["new"]["total"] == 4
    body = sue.get(page(w.region)).content.decode()
    assert "汇总（含下级机关）" in body
    # The supervisor builds and reads the compiled report but does not sign it.
    assert sue.post(act("approve", w.region), {"scope": "subtree"}).status_code == 403
