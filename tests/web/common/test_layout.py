"""The base layout: header, navigation and footer on every page; the home page leads everyone on."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_leads_to_applying_tracking_agencies_and_the_library(client):
    page = client.get("/").content.decode()
    for name in ("public:apply", "public:track", "agencies:directory", "library:list"):
        assert f'href="{reverse(name)}"' in page
    assert f'href="{reverse("work:queue")}"' not in page  # the staff entrance shows once logged in


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


def test_demo_mode_says_so_on_every_page_and_points_to_the_login(client, settings):
    settings.DEMO = True
    for url in ("/", reverse("public:apply"), reverse("library:list")):
        page = client.get(url).content.decode()
        assert "演示站点" in page and "不会送达任何机关" in page
        assert f'<a href="{reverse("work:login")}">登录页</a>' in page
    settings.DEMO = False
    assert "演示站点" not in client.get("/").content.decode()
