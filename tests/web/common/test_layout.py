"""The base layout: header, navigation and footer on every page; the home page leads to the library."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_redirects_to_the_library(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("library:list")


def test_layout_has_header_nav_footer_and_local_assets_only(client):
    page = client.get(reverse("library:list")).content.decode()
    assert "gongkai" in page and "政府信息公开" in page
    for label, name in (("年报库", "library:list"), ("比较", "library:compare"), ("上传", "library:upload")):
        assert f'href="{reverse(name)}"' in page and label in page
    assert "<footer" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page


def test_static_assets_exist():
    from django.contrib.staticfiles import finders

    for asset in ("gongkai/site.css", "gongkai/report.js", "gongkai/upload.js"):
        assert finders.find(asset), asset
