"""The Content-Security-Policy: a header without 'unsafe-inline' on every page, and pages that need none.

The main public and staff pages (and the admin's) are walked with the test client over a small demo region;
each must carry the policy and contain no inline <script>, <style>, on*= handler or style= attribute, which
the policy would block in the browser.
"""

from __future__ import annotations

from argparse import Namespace

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from gongkai.commands.demo import load_annual_reports, load_corpus_reports, load_region
from gongkai.web.applications.models import Application
from gongkai.web.library.models import ReportStats
from gongkai.web.reports.models import AnnualReport

pytestmark = pytest.mark.django_db

DIRECTIVES = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
    "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'", "frame-ancestors": "'none'",
}


def inline_problems(html: str) -> list[str]:
    """Everything in a page that a policy without 'unsafe-inline' blocks."""
    problems = []
    root = lxml.html.document_fromstring(html)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments, processing instructions
        if el.tag == "script" and not el.get("src"):
            if (el.get("type") or "").lower() not in ("application/json", "application/ld+json"):
                problems.append(f"inline <script>: {(el.text or '')[:60]!r}")
        if el.tag == "style":
            problems.append(f"<style>: {(el.text or '')[:60]!r}")
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"<{el.tag} {name}={value!r}>")
            if name.lower() == "style":
                problems.append(f"<{el.tag} style={value!r}>")
            if name.lower() in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
                problems.append(f"<{el.tag} {name}={value!r}>")
    return problems


def check_page(client: Client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    policy = r["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (url, policy)
    directives = {part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
                  for part in policy.split(";") if part.strip()}
    assert directives == DIRECTIVES, (url, policy)
    html = r.content.decode()
    assert inline_problems(html) == [], url
    return html


def test_inline_problems_finds_what_the_policy_blocks():
    # The checker itself: each kind is found, the allowed forms are not.
    page = ('<html><head><style>p{}</style><script>x()</script><script src="/s.js"></script>'
            '<script type="application/json">{}</script></head><body><p style="color:red">a</p>'
            '<button onclick="f()">b</button><a href="javascript:f()">c</a>'
            '<svg><rect fill="red" width="1" height="1"/></svg></body></html>')
    found = inline_problems(page)
    assert len(found) == 5, found


def test_main_pages_carry_the_policy_and_need_no_inline_code(settings):
    settings.DEMO = True  # demo accounts exist only in demo mode
    args = Namespace(count=2, seed=7, region_scale=0.01)
    load_corpus_reports(args, lambda _: None)
    load_region(args, lambda _: None)
    load_annual_reports(args, lambda _: None)

    public = Client()
    for url in ("/", "/apply/", "/track/", "/annual/", "/reports/", "/agencies/", "/reports/compare/",
                reverse("work:login"), "/admin/login/"):
        check_page(public, url)
    report = ReportStats.objects.order_by("pk").first()
    check_page(public, reverse("library:detail", args=[report.pk]))
    html = check_page(public, reverse("library:compare") + "?agency=" + report.agency)
    assert "<svg" in html  # the comparison chart: SVG presentation attributes, no style=
    published = AnnualReport.objects.filter(status="published").select_related("agency").first()
    assert published is not None
    check_page(public, reverse("annual:report", args=[published.agency.code, published.year]))
    agency_code = Application.objects.order_by("pk").first().agency.code
    check_page(public, reverse("public:apply_form", args=[agency_code]))

    users = get_user_model().objects
    handler = Client()
    handler.force_login(users.get(username="gk-gov-handler"))
    check_page(handler, reverse("work:queue"))
    app = Application.objects.filter(agency__code="GK-GOV").order_by("pk").first()
    check_page(handler, reverse("work:detail", args=[app.pk]))
    check_page(handler, reverse("reports_work:index"))
    # The registry's staff pages (主动公开), with a draft of the handler's agency.
    from gongkai.web.registry import services as registry

    item = registry.item_create(
        agency=app.agency, actor=users.get(username="gk-gov-handler"),
        fields={"title": "关于做好冬季供暖保障工作的通知", "genre": "notice", "subject": "0302",
                "channels": ["portal"], "body_html": "<p>正文。</p>"})
    for url in (reverse("registry_work:queue"), reverse("registry_work:new"),
                reverse("registry_work:detail", args=[item.pk]), reverse("registry_work:edit", args=[item.pk]),
                reverse("registry_work:warnings"), reverse("registry_work:gazette"),
                reverse("registry_work:catalogue"), reverse("registry_work:catalogue_new")):
        check_page(handler, url)

    supervisor = Client()
    supervisor.force_login(users.get(username="gk-supervisor"))
    check_page(supervisor, reverse("work:supervision"))

    admin = Client()
    admin.force_login(users.create_superuser("csp-admin", password="x-not-used"))
    for url in (reverse("library:upload"), reverse("library:batch_new"), "/admin/", "/admin/agencies/agency/", "/admin/agencies/agency/tree/",
                "/admin/applications/calendaryear/", "/admin/auth/user/", "/admin/axes/accessattempt/",
                "/admin/registry/item/", "/admin/registry/itemevent/", f"/admin/registry/item/{item.pk}/change/"):
        check_page(admin, url)


def test_public_platform_pages_need_no_inline_code():
    from datetime import date

    from gongkai.web.agencies.services import agency_upsert
    from gongkai.web.registry import services
    from tests.web.agencies.world import make_world
    from tests.web.registry.conftest import publish_item, with_codes

    world = with_codes(make_world())
    policy = publish_item(world)
    publish_item(world, title="《若干措施》政策解读", genre="interpretation", doc_number="", interprets=policy)
    withdrawn = publish_item(world, title="将被撤回的信息")
    services.item_withdraw(item=withdrawn, actor=world.alice, reason="内容有误", on=date(2026, 11, 20))
    services.catalogue_entry_save(agency=world.dept_a, actor=world.alice, area="k19", first_level="最低生活保障",
                                  content="保障标准", basis="《社会救助暂行办法》", responsible="示例市甲局")
    county, _ = agency_upsert(code="W-CTY", name="示例县人民政府", level="government", parent=world.region)

    public = Client()
    for url in ("/gk/", "/gk/W-A/", "/gk/W-A/guide/", "/gk/W-A/system/", "/gk/W-A/statutory/",
                "/gk/W-A/statutory/1/", "/gk/W-A/annual/", "/gk/W-A/catalogue/", "/gk/W-A/catalogue/k19/",
                "/gk/W-CTY/catalogue/", f"/gk/items/{policy.pk}/", f"/gk/items/{policy.pk}/v/1/",
                f"/gk/items/{policy.pk}/?script=traditional", "/gk/W-A/?size=large"):
        check_page(public, url)
    r = public.get(f"/gk/items/{withdrawn.pk}/")
    assert r.status_code == 410 and inline_problems(r.content.decode()) == []
    head = Client()
    head.force_login(world.alice)  # office head of A: the guide editor
    check_page(head, "/gk/W-A/guide/edit/")
