"""The website monitor in the web app: validation (nothing saved on an error), access (region supervisors
and agency admins; everyone else 404), checks through the real fetcher against a loopback fixture site,
visits and the weekly veto from stored visits, the schedule's spread over the day and the workers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.web.supervision.models import MonitoredColumn, MonitoredSite, MonitorEvent, SiteCheck, SiteVisit
from gongkai.web.supervision.sites import services, tasks
from gongkai.web.supervision.sites.services import ColumnInput, MonitorInputError
from tests.conftest import DOCUMENTS
from tests.web.conftest import TEST_NOW, TEST_TODAY

from .servers import page, serve

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def fixture(name):
    return (DOCUMENTS / "sites" / name).read_text(encoding="utf-8")


@pytest.fixture
def local(settings):
    settings.GONGKAI_MONITOR_ALLOW_PRIVATE = True
    settings.GONGKAI_MONITOR_HOST_INTERVAL_MS = 0
    return settings


@pytest.fixture
def fixture_site(local):
    d = TEST_TODAY
    news = "".join(f"<li><a href='/zwdt/{i}.html'>动态{i}</a><span>{(d - timedelta(days=i * 3)).isoformat()}</span></li>"
                   for i in range(1, 5))
    routes = {"/": page(fixture("navigation_home.html")), "/zwdt/": page(f"<ul>{news}</ul>"),
              "/tzgg/": page(fixture("table_list.html"))}
    for i in (1, 2, 3):
        routes[f"/zwdt/{i}.html"] = page("正文")
    with serve(routes) as server:
        yield server


def test_save_validates_everything_and_saves_nothing_on_error(world):
    before = (MonitoredSite.objects.count(), MonitoredColumn.objects.count(), MonitorEvent.objects.count())
    with pytest.raises(MonitorInputError) as exc:
        services.site_save(actor=world.sue, owner=world.region, name="", url="ftp://x.gov.cn/", columns=[
            ColumnInput(url="https://x.gov.cn/a/", kind="news", selector="ul[["),
            ColumnInput(url="http://10.0.0.1/b/", kind="notices"),
            ColumnInput(url="https://x.gov.cn/c d/", kind="other"),
        ])
    errors = exc.value.errors
    assert "网站名称不能为空。" in errors
    assert any("首页网址" in e and "http" in e for e in errors)
    assert any("选择器“ul[[”格式不正确" in e for e in errors)
    assert any("内网地址" in e for e in errors)
    assert any("空格" in e for e in errors)
    assert (MonitoredSite.objects.count(), MonitoredColumn.objects.count(), MonitorEvent.objects.count()) == before


def test_parse_columns_lines():
    cols = services.parse_columns("工作动态 | 动态 | https://x.gov.cn/zwdt/\n\nnotices | https://x.gov.cn/tzgg/\n"
                                  "专题 | 其他 | https://x.gov.cn/zt/ | div.cards section.card")
    assert [(c.name, c.kind, c.url, c.selector) for c in cols] == [
        ("工作动态", "news", "https://x.gov.cn/zwdt/", ""), ("", "notices", "https://x.gov.cn/tzgg/", ""),
        ("专题", "other", "https://x.gov.cn/zt/", "div.cards section.card")]
    with pytest.raises(MonitorInputError) as exc:
        services.parse_columns("a | 每周 | https://x.gov.cn/\njust-a-url")
    assert exc.value.errors == ["栏目第1行：类型“每周”无效，应为 动态（news）、通知公告（notices）或 其他（other）。",
                                "栏目第2行：应写作“栏目名称 | 类型 | 网址 | CSS 选择器”，选择器可省略。"]


def test_save_and_change_are_audited_and_duplicates_refused(world):
    site = services.site_save(actor=world.sue, owner=world.region, name="示例县", url="https://www.example.gov.cn/",
                              columns=[ColumnInput(url="https://www.example.gov.cn/zwdt/", kind="news")])
    services.site_save(actor=world.sue, owner=world.region, name="示例县政府", url="https://www.example.gov.cn/",
                       columns=[], site=site)
    assert site.columns.count() == 0
    assert list(MonitorEvent.objects.filter(site=site).values_list("action", flat=True)) == ["created", "changed"]
    with pytest.raises(MonitorInputError) as exc:
        services.site_save(actor=world.sue, owner=world.region, name="重复", url="https://www.example.gov.cn/",
                           columns=[])
    assert "已在监测中" in exc.value.message


def test_check_through_the_fetcher_on_loopback(world, fixture_site):
    site = services.site_save(actor=world.sue, owner=world.region, name="示例县", url=fixture_site.url("/"),
                              columns=[ColumnInput(url=fixture_site.url("/zwdt/"), kind="news", name="工作动态"),
                                       ColumnInput(url=fixture_site.url("/tzgg/"), kind="notices", name="通知公告")])
    stored = services.check(site, at=TEST_NOW)
    assert stored.reachable and stored.check_date == TEST_TODAY
    assert stored.last_update == TEST_TODAY - timedelta(days=3)
    obs = {o.column.name: o for o in stored.observations.select_related("column")}
    assert not obs["工作动态"].stale and obs["工作动态"].items == 4
    assert obs["工作动态"].broken_links == [fixture_site.url("/zwdt/4.html")]
    assert obs["通知公告"].stale  # the fixture's newest notice is from 2023
    codes = {f["code"] for f in stored.findings}
    assert {"column.stale", "links.broken", "site.availability_incomplete"} <= codes
    assert SiteVisit.objects.filter(site=site, ok=True).count() == 1


def test_loopback_refused_without_the_setting(world, fixture_site, settings):
    site = services.site_save(actor=world.sue, owner=world.region, name="示例县", url=fixture_site.url("/"),
                              columns=[])
    settings.GONGKAI_MONITOR_ALLOW_PRIVATE = False
    v = services.visit(site, at=TEST_NOW)
    assert not v.ok and v.error_code == "address.refused" and "本机回环地址" in v.error
    assert fixture_site.hits == []


def _visits(site, *, per_day, failures, days=7):
    rows = []
    for day in range(days):
        for i in range(per_day):
            at = datetime.combine(TEST_TODAY - timedelta(days=day), datetime.min.time(), tzinfo=SH) + timedelta(
                minutes=i * (1440 // per_day))
            bad = day == 0 and i < failures
            rows.append(SiteVisit(site=site, at=at, ok=not bad, elapsed_ms=15_000 if bad else 200))
    SiteVisit.objects.bulk_create(rows)


def test_weekly_veto_from_stored_visits(world):
    site = services.site_save(actor=world.sue, owner=world.region, name="甲", url="https://a.example.gov.cn/",
                              columns=[])
    _visits(site, per_day=24, failures=9)  # 9 of 168 = 5.4 %
    week = services.availability(site, last_day=TEST_TODAY)
    assert week.complete and week.visits == 168 and week.failures == 9 and week.veto
    other = services.site_save(actor=world.sue, owner=world.region, name="乙", url="https://b.example.gov.cn/",
                               columns=[])
    _visits(other, per_day=24, failures=8)  # 4.8 %
    assert not services.availability(other, last_day=TEST_TODAY).veto


def test_schedule_spreads_sites_and_every_site_gets_its_visits(world, settings):
    settings.GONGKAI_MONITOR_VISIT_MINUTES = 60
    sites = [MonitoredSite.objects.create(name=f"站{i}", url=f"https://s{i}.example.gov.cn/", owner=world.region)
             for i in range(120)]
    MonitoredSite.objects.filter(pk=sites[0].pk).update(active=False)
    start = datetime(2026, 11, 25, 0, 0, tzinfo=SH)
    per_minute = [services.due_site_ids(start + timedelta(minutes=m)) for m in range(60)]
    seen = [pk for ids in per_minute for pk in ids]
    assert sorted(seen) == sorted(s.pk for s in sites[1:])  # each active site exactly once an hour: 24 a day
    assert max(len(ids) for ids in per_minute) <= 4  # spread over the hour, not 119 at once
    assert tasks.batches(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert tasks.minute_claim_key(start) == "gongkai-monitor-202611250000"


def test_visit_batch_task_checks_once_a_day_then_visits(world, fixture_site):
    site = services.site_save(actor=world.sue, owner=world.region, name="示例县", url=fixture_site.url("/"),
                              columns=[ColumnInput(url=fixture_site.url("/zwdt/"), kind="news")])
    tasks.monitor_visit_batch.call_local([site.pk])
    tasks.monitor_visit_batch.call_local([site.pk])
    assert SiteCheck.objects.filter(site=site).count() == 1
    assert SiteVisit.objects.filter(site=site).count() == 2


# --- pages --------------------------------------------------------------------------------------------------

def test_pages_for_supervisor_and_admin_404_for_others(world, world_clients, fixture_site):
    site = services.site_save(actor=world.sue, owner=world.region, name="示例县网站", url=fixture_site.url("/"),
                              columns=[ColumnInput(url=fixture_site.url("/zwdt/"), kind="news", name="工作动态")])
    b_site = services.site_save(actor=world.bob, owner=world.dept_b, name="乙局网站", url="https://b.example.gov.cn/",
                                columns=[])
    services.check(site, at=TEST_NOW)
    sue, bob, alice = world_clients["sue"], world_clients["bob"], world_clients["alice"]
    r = sue.get(reverse("supervision:sites_list"))
    assert r.status_code == 200 and "示例县网站" in r.content.decode() and "乙局网站" in r.content.decode()
    r = sue.get(reverse("supervision:sites_detail", args=[site.pk]))
    body = r.content.decode()
    assert r.status_code == 200 and "<svg" in body and "工作动态" in body and "近14天每日可用率" in body
    # bob (agency_admin of B) sees B's site only
    assert "示例县网站" not in bob.get(reverse("supervision:sites_list")).content.decode()
    assert bob.get(reverse("supervision:sites_detail", args=[site.pk])).status_code == 404
    assert bob.get(reverse("supervision:sites_detail", args=[b_site.pk])).status_code == 200
    # alice (staff without admin or supervisor role) and root see nothing
    for client in (alice, world_clients["root"]):
        assert client.get(reverse("supervision:sites_list")).status_code == 404
        assert client.get(reverse("supervision:sites_new")).status_code == 404
        assert client.post(reverse("supervision:sites_check", args=[site.pk])).status_code == 404


def test_add_form_errors_in_chinese_nothing_saved(world, world_clients):
    sue = world_clients["sue"]
    r = sue.post(reverse("supervision:sites_new"), {
        "name": "示例县", "url": "www.example.gov.cn", "owner": world.region.pk, "active": "on",
        "columns": "工作动态 | 动态 | https://www.example.gov.cn/zwdt/ | ul..list"})
    body = r.content.decode()
    assert r.status_code == 200 and "未保存" in body
    assert "不是 http 或 https 网址" in body and "选择器“ul..list”格式不正确" in body
    assert MonitoredSite.objects.count() == 0
    # a bad line does not hide the other lines' problems
    r = sue.post(reverse("supervision:sites_new"), {
        "name": "示例县", "url": "http://10.0.0.1/", "owner": world.region.pk,
        "columns": "工作动态 | 每周 | https://x.gov.cn/\n政策 | 通知公告 | https://x.gov.cn/zc/ | ul[["})
    body = r.content.decode()
    assert "类型“每周”无效" in body and "内网地址" in body and "选择器“ul[[”格式不正确" in body
    assert MonitoredSite.objects.count() == 0
    r = sue.post(reverse("supervision:sites_new"), {
        "name": "示例县", "url": "https://www.example.gov.cn/", "owner": world.region.pk, "active": "on",
        "columns": "工作动态 | 动态 | https://www.example.gov.cn/zwdt/ | ul.list li"})
    site = MonitoredSite.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("supervision:sites_detail", args=[site.pk])
    assert site.columns.get().selector == "ul.list li"
    # bob may not file a site under the region
    r = world_clients["bob"].post(reverse("supervision:sites_new"), {
        "name": "x", "url": "https://x.example.gov.cn/", "owner": world.region.pk, "columns": ""})
    assert r.status_code == 200 and MonitoredSite.objects.count() == 1


def test_edit_and_check_now(world, world_clients, fixture_site, settings):
    settings.HUEY = {**settings.HUEY, "immediate": True}
    site = services.site_save(actor=world.sue, owner=world.region, name="示例县", url=fixture_site.url("/"),
                              columns=[])
    sue = world_clients["sue"]
    r = sue.get(reverse("supervision:sites_edit", args=[site.pk]))
    assert r.status_code == 200 and fixture_site.url("/") in r.content.decode()
    r = sue.post(reverse("supervision:sites_edit", args=[site.pk]), {
        "name": "示例县人民政府", "url": fixture_site.url("/"), "owner": world.region.pk, "active": "on",
        "columns": f"工作动态 | 动态 | {fixture_site.url('/zwdt/')}"})
    assert r.status_code == 302
    site.refresh_from_db()
    assert site.name == "示例县人民政府" and site.columns.count() == 1
    r = sue.post(reverse("supervision:sites_check", args=[site.pk]))
    assert r.status_code == 302
    check = SiteCheck.objects.get(site=site)
    assert check.manual and check.reachable
    assert list(MonitorEvent.objects.filter(site=site).values_list("action", flat=True)) == [
        "created", "changed", "check_requested"]


def test_demo_pages_only_in_demo_mode(client, settings):
    settings.DEMO = False
    assert client.get("/work/supervision/sites/demo-web/county/").status_code == 404
    settings.DEMO = True
    r = client.get("/work/supervision/sites/demo-web/county/zwdt/")
    assert r.status_code == 200 and (TEST_TODAY - timedelta(days=1)).isoformat() in r.content.decode()
    assert client.get("/work/supervision/sites/demo-web/town/xzdt/20261101/art_5_1.html").status_code == 404
    assert client.get("/work/supervision/sites/demo-web/county/zwdt/202611/t20261101_1.html").status_code == 200
    assert client.get("/work/supervision/sites/demo-web/county/../../etc/passwd").status_code == 404


def test_demo_sites_load_with_history_and_their_findings(world, settings):
    from gongkai.web.supervision.sites import demo

    settings.DEMO = True
    lines = []
    created, existing = demo.load(owner=world.region, now=TEST_NOW, out=lines.append)
    assert (created, existing) == (3, 0) and len(lines) == 3
    assert demo.load(owner=world.region, now=TEST_NOW, out=lines.append) == (0, 3)
    checks = {c.site.name: c for c in SiteCheck.objects.select_related("site")}
    county, archives, town = (checks[n] for n in ("示例县人民政府门户网站", "示例市档案馆网站", "示例镇人民政府网站"))
    codes = lambda c: {f["code"] for f in c.findings}  # noqa: E731
    assert not county.veto and county.last_update == TEST_TODAY - timedelta(days=1)
    assert "links.broken" not in codes(county) and "column.stale" not in codes(county)
    assert archives.veto and {"columns.not_updated", "home.not_updated"} <= codes(archives)
    assert town.veto and {"site.unavailable", "links.broken"} <= codes(town)
    week = services.availability(town.site, last_day=TEST_TODAY - timedelta(days=1))
    assert week.complete and week.failures == 14


def test_robots_disallowed_is_no_failure_and_no_sample(world, local):
    routes = {"/robots.txt": page("User-agent: *\nDisallow: /\n", content_type="text/plain"), "/": page("x")}
    with serve(routes) as server:
        site = services.site_save(actor=world.sue, owner=world.region, name="不许抓取", url=server.url("/"),
                                  columns=[ColumnInput(url=server.url("/zwdt/"), kind="news")])
        assert services.visit(site, at=TEST_NOW) is None
        stored = services.check(site, at=TEST_NOW)
        assert server.hits == ["/robots.txt"]
    assert SiteVisit.objects.filter(site=site).count() == 0
    codes = [f["code"] for f in stored.findings]
    assert "home.robots_disallowed" in codes and "column.robots_disallowed" in codes
    assert "home.unreachable" not in codes and "column.unreachable" not in codes and not stored.veto


def test_cache_limiter_spaces_requests_to_one_host(settings):
    import time

    from django.core.cache import cache

    cache.clear()
    limiter = services.CacheLimiter()
    t0 = time.monotonic()
    for _ in range(3):
        limiter.wait("a.example.gov.cn:80", 0.2)
    limiter.wait("b.example.gov.cn:80", 0.2)  # another host does not wait
    assert 0.4 <= time.monotonic() - t0 < 1.5


def test_audit_verify_walks_the_monitor_chain(world, capsys):
    from gongkai.cli import main

    site = services.site_save(actor=world.sue, owner=world.region, name="甲", url="https://a.example.gov.cn/",
                              columns=[])
    services.request_check(actor=world.sue, site=site)
    assert main(["audit", "verify"]) == 0
    assert "audit verify: monitor: 2 event(s), chain intact" in capsys.readouterr().out
    MonitorEvent.objects.filter(action="created").update(data={"name": "乙"})  # an edit behind the services' back
    assert main(["audit", "verify"]) == 1
    assert "monitor: chain broken" in capsys.readouterr().err


def test_demo_load_step(world, settings):
    from types import SimpleNamespace

    from gongkai.commands.demo import load_monitored_sites
    from gongkai.web.agencies.services import agency_upsert

    settings.DEMO = False
    assert load_monitored_sites(SimpleNamespace(), print).skipped.startswith("demo mode only")
    settings.DEMO = True
    assert load_monitored_sites(SimpleNamespace(), print).skipped == "no region GK"
    region, _ = agency_upsert(code="GK", name="示例市", level="region")
    summary = load_monitored_sites(SimpleNamespace(sites_base="http://127.0.0.1:8123"), print)
    assert (summary.created, summary.existing) == (3, 0)
    assert set(MonitoredSite.objects.filter(owner=region).values_list("demo", flat=True)) == {True}
    assert MonitoredSite.objects.filter(url="http://127.0.0.1:8123/work/supervision/sites/demo-web/town/").exists()


def test_a_demo_site_reaches_loopback_only_on_its_own_fixture_pages(world, settings):
    from gongkai.web.supervision.sites import demo

    settings.DEMO = True
    demo.load(owner=world.region, now=TEST_NOW, out=lambda line: None)
    site = MonitoredSite.objects.get(url__endswith="/demo-web/county/")
    assert site.demo and services.policy_for(site).allow_private
    # edited to point at another private address: refused, nothing saved
    with pytest.raises(MonitorInputError) as exc:
        services.site_save(actor=world.sue, owner=world.region, name=site.name, url="http://169.254.169.254/",
                           columns=[], site=site, demo=True)
    assert "链路本地地址" in exc.value.message
    site.refresh_from_db()
    assert site.demo and site.url.endswith("/demo-web/county/")
    # edited to a public site: no longer a demo site, no private exception
    services.site_save(actor=world.sue, owner=world.region, name=site.name, url="https://www.example.gov.cn/",
                       columns=[], site=site, demo=True)
    site.refresh_from_db()
    assert not site.demo and not services.policy_for(site).allow_private
    settings.DEMO = False
    other = MonitoredSite.objects.get(url__endswith="/demo-web/town/")
    assert not services.policy_for(other).allow_private  # outside demo mode nothing is excepted


def test_week_counts_match_the_per_site_availability(world):
    a = services.site_save(actor=world.sue, owner=world.region, name="甲", url="https://a.example.gov.cn/", columns=[])
    b = services.site_save(actor=world.sue, owner=world.region, name="乙", url="https://b.example.gov.cn/", columns=[])
    _visits(a, per_day=24, failures=9)
    SiteVisit.objects.create(site=b, at=TEST_NOW - timedelta(days=1), ok=True, elapsed_ms=16_000)  # slow = failed
    counts = services.week_counts([a.pk, b.pk], last_day=TEST_TODAY)
    week = services.availability(a, last_day=TEST_TODAY)
    assert counts[a.pk] == {"visits": week.visits, "failures": week.failures, "percent": week.failure_percent}
    assert counts[b.pk] == {"visits": 1, "failures": 1, "percent": 100.0}
