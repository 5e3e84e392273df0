"""The public agency directory."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.web.agencies.services import agencies_import, agency_upsert
from tests.conftest import DOCUMENTS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.agencies.urls_for_tests")]


def test_directory_lists_active_agencies_with_their_contact(client):
    agencies_import((DOCUMENTS / "agencies" / "示例市.csv").read_bytes(), "示例市.csv")
    agency_upsert(code="SL-00-20", name="示例市城市管理局", level="department", active=False)
    html = client.get(reverse("agencies:directory")).content.decode()
    assert "示例市人民政府办公室" in html  # a government answers through its general office
    assert "示例市人民路102号" in html and "gk02@shili.example" in html
    assert html.index("示例市人民政府") < html.index("北山县人民政府") < html.index("北山县教育局")
    assert "示例市城市管理局" not in html  # inactive


def test_directory_search_keeps_the_path_to_a_match(client):
    agencies_import((DOCUMENTS / "agencies" / "示例市.csv").read_bytes(), "示例市.csv")
    html = client.get(reverse("agencies:directory"), {"q": "石桥"}).content.decode()
    assert "石桥镇人民政府" in html and "北山县人民政府" in html and "示例市" in html
    assert "青河县人民政府" not in html and "示例市教育局" not in html
    assert "没有名称包含" in client.get(reverse("agencies:directory"), {"q": "火星"}).content.decode()
