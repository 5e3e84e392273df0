"""The admin: import page, tree page, agency form validation and memberships, as a superuser."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.web.agencies.models import Agency, Membership
from gongkai.web.agencies.services import agency_upsert
from tests.conftest import DOCUMENTS

from .world import make_user

pytestmark = pytest.mark.django_db
SAMPLES = DOCUMENTS / "agencies"


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    return client


def _upload(client, name):
    f = SimpleUploadedFile(name, (SAMPLES / name).read_bytes())
    return client.post(reverse("admin:agencies_agency_import"), {"file": f})


def test_import_page_imports_a_file(admin_client):
    page = admin_client.get(reverse("admin:agencies_agency_import"))
    assert page.status_code == 200 and "导入机关名录" in page.content.decode()
    response = _upload(admin_client, "示例市.xlsx")
    assert response.status_code == 302 and response.url == reverse("admin:agencies_agency_changelist")
    assert Agency.objects.count() == 59
    listing = admin_client.get(response.url).content.decode()
    assert "新增 59 个机关" in listing and "导入机关名录（CSV/XLSX）" in listing


def test_import_page_shows_row_errors_and_stores_nothing(admin_client):
    response = _upload(admin_client, "错误示例.csv")
    assert response.status_code == 200
    html = response.content.decode()
    assert "导入失败，未保存任何内容" in html
    assert "第 7 行：上级代码「SL-99」不存在" in html
    assert "第 9 行：上级关系形成循环" in html
    assert not Agency.objects.exists()


def test_import_page_needs_staff(client):
    client.force_login(make_user("plain"))
    response = client.get(reverse("admin:agencies_agency_import"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_tree_and_changelist_pages(admin_client):
    _upload(admin_client, "示例市.csv")
    tree = admin_client.get(reverse("admin:agencies_agency_tree")).content.decode()
    assert tree.index("示例市人民政府") < tree.index("北山县人民政府") < tree.index("北山县教育局")
    assert "共 59 个机关" in tree
    changelist = admin_client.get(reverse("admin:agencies_agency_changelist") + "?level__exact=government")
    html = changelist.content.decode()
    assert "北山县人民政府" in html and "示例市教育局" not in html
    search = admin_client.get(reverse("admin:agencies_agency_changelist") + "?q=教育局").content.decode()
    assert "北山县教育局" in search and "白石县民政局" not in search


def test_agency_form_refuses_a_cycle_and_saves_through_the_service(admin_client):
    a, _ = agency_upsert(code="A", name="甲", level="region")
    b, _ = agency_upsert(code="B", name="乙", level="government", parent=a)
    url = reverse("admin:agencies_agency_change", args=[a.pk])
    form = {"name": "甲", "short_name": "", "level": "region", "parent": b.pk, "sort": 0, "active": "on",
            "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0}
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "形成循环" in response.content.decode()
    a.refresh_from_db()
    assert a.parent is None

    add = admin_client.post(reverse("admin:agencies_agency_add"), {
        "code": "B-1", "name": "乙局", "level": "department", "parent": b.pk, "sort": 0, "active": "on",
        "email": "gk@shili.example", "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0})
    assert add.status_code == 302, add.content.decode()[:2000]
    created = Agency.objects.get(code="B-1")
    assert created.parent == b and created.reconsideration_body_effective == "乙"

    bad = admin_client.post(reverse("admin:agencies_agency_add"), {
        "code": "B 2", "name": "x", "level": "department", "sort": 0,
        "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0})
    assert bad.status_code == 200 and "代码「B 2」无效" in bad.content.decode()


def test_membership_admin_grants_and_revokes(admin_client):
    agency, _ = agency_upsert(code="A", name="甲局", level="department")
    staff = make_user("clerk")
    response = admin_client.post(reverse("admin:agencies_membership_add"),
                                 {"user": staff.pk, "agency": agency.pk, "role": "registrar"})
    assert response.status_code == 302
    m = Membership.objects.get()
    assert (m.user, m.agency, m.role, m.granted_by.username) == (staff, agency, "registrar", "admin")
    response = admin_client.post(reverse("admin:agencies_membership_delete", args=[m.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Membership.objects.exists()
