"""gongkai's own error pages: what a visitor of the demo (GONGKAI_DEMO on, DEBUG off) sees when a page is
missing, forbidden, a form has expired, or a view fails; never Django's technical pages."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.web.agencies.world import make_user


@pytest.fixture
def demo_mode(settings):
    settings.DEMO, settings.DEBUG = True, False


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_a_missing_page_is_the_chinese_404_page(demo_mode):
    response = Client().get("/no-such-page/")
    page = _text(response)
    assert response.status_code == 404
    assert "页面不存在" in page and '<html lang="zh-Hans">' in page
    assert 'href="/apply/"' in page and 'href="/"' in page  # the site's layout, with ways on
    assert "Page not found" not in page and "URLconf" not in page


@pytest.mark.django_db
@pytest.mark.urls("tests.web.common.urls_for_tests")
def test_a_failing_view_is_the_chinese_500_page(demo_mode):
    response = Client(raise_request_exception=False).get("/boom/")
    page = _text(response)
    assert response.status_code == 500
    assert "服务器出错了" in page and '<html lang="zh-Hans">' in page
    assert "RuntimeError" not in page and "Traceback" not in page and "Server Error (500)" not in page


def test_the_500_page_needs_no_database_and_no_request_context():
    # No django_db mark: pytest-django refuses any query, so a template touching the database would fail.
    response = server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500 and "服务器出错了" in _text(response)


@pytest.mark.django_db
def test_an_expired_form_is_the_chinese_csrf_page(demo_mode):
    response = Client(enforce_csrf_checks=True).post("/work/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403 and "表单已失效" in _text(response)
    assert "CSRF verification failed" not in _text(response)


@pytest.mark.django_db
def test_a_forbidden_page_is_the_chinese_403_page(demo_mode):
    client = Client()
    client.force_login(make_user("reader"))  # logged in, but not staff: may not upload reports
    response = client.get("/reports/upload/")
    assert response.status_code == 403 and "没有访问权限" in _text(response)
