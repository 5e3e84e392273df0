"""Every route of the site, walked from the URL configuration: each page that needs a login sends a
logged-out visitor to the staff login /work/login/ (settings.LOGIN_URL) with `next`, never to the admin's
login; every other page answers without asking for one. Only the admin (/admin/) keeps its own login."""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Namespaces whose every page needs a login (except the login and logout pages themselves).
LOGIN_NAMESPACES = {"work", "reports_work", "registry_work", "engagement", "supervision",
                    "assessment", "dashboard"}  # supervision's assessment (/work/supervision/assessment/)
# The website monitor's demo fixture sites are public web pages like any site (404 outside demo mode).
LOGIN_FREE = {"work:login", "work:logout", "supervision:sites_demo_home", "supervision:sites_demo_page"}
# The library's staff pages (uploading, bulk imports); the rest of the library is public.
LIBRARY_STAFF_PAGES = {"library:upload", "library:batch_new", "library:batches", "library:batch",
                       "library:batch_resume", "library:split_choose"}
# The platform's one staff page: an agency's guide editor (and its regenerate action).
PORTAL_STAFF_PAGES = {"portal:guide_edit", "portal:guide_regenerate"}
# The own-platform and new-media checks (/work/supervision/platform/): staff and supervisors only.
PLATFORM_CHECK_PAGES = {"supervision:platform_index", "supervision:platform_agency", "supervision:platform_column",
                        "supervision:platform_messages", "supervision:platform_record", "supervision:platform_run",
                        "supervision:platform_region", "supervision:newmedia", "supervision:newmedia_account"}
# fetch() endpoints answer a logged-out caller with JSON (401) it can show, not with a login page.
JSON_ENDPOINTS = {"library:upload_api", "library:batch_status"}

SAMPLE = {"int": "1", "str": "X", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}


def _routes():
    """(namespaced name, example path) for every route outside the admin."""
    out = []

    def walk(patterns, prefix: str, namespace: str | None):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.app_name == "admin":
                    continue
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern):
                route = re.sub(r"<(\w+):\w+>", lambda m: SAMPLE[m.group(1)], prefix + str(p.pattern))
                assert "<" not in route, f"a parameter without a converter in {route}"
                out.append((f"{namespace}:{p.name}", "/" + route))

    walk(get_resolver().url_patterns, "", None)
    return out


ROUTES = _routes()


def _needs_login(name: str) -> bool:
    return ((name.split(":")[0] in LOGIN_NAMESPACES and name not in LOGIN_FREE) or name in LIBRARY_STAFF_PAGES
            or name in PORTAL_STAFF_PAGES or name in PLATFORM_CHECK_PAGES)


def _anonymous(path: str):
    """GET, or POST when the route takes POST only (the login check comes first for most views)."""
    client = Client()
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path)
    return response


def test_the_walk_covers_every_area():
    names = {name for name, _ in ROUTES}
    assert {"work:queue", "work:supervision", "reports_work:board", "library:upload", "public:apply",
            "agencies:directory", "annual:index", "common:home", "assessment:set", "assessment:card",
            "dashboard:dashboard", "dashboard:list", "dashboard:export"} <= names
    assert LIBRARY_STAFF_PAGES | JSON_ENDPOINTS | LOGIN_FREE | PLATFORM_CHECK_PAGES <= names
    assert sum(_needs_login(n) for n in names) >= 25


@pytest.mark.parametrize(("name", "path"), [r for r in ROUTES if _needs_login(r[0])], ids=lambda v: v)
def test_a_page_that_needs_a_login_sends_to_the_staff_login(name, path):
    response = _anonymous(path)
    assert response.status_code == 302, f"{name} answered {response.status_code} to a logged-out visitor"
    assert response["Location"] == f"{reverse('work:login')}?next={quote(path)}"


@pytest.mark.parametrize(("name", "path"), [r for r in ROUTES if not _needs_login(r[0]) and r[0] != "work:logout"],
                         ids=lambda v: v)
def test_every_other_page_asks_for_no_login(name, path):
    response = _anonymous(path)
    location = response.get("Location", "")
    assert "login" not in location, f"{name} sent a logged-out visitor to {location}"
    if name in JSON_ENDPOINTS:
        assert response.status_code in (401, 405)


def test_logging_out_leads_back_to_the_staff_login():
    assert Client().post(reverse("work:logout"))["Location"] == reverse("work:login")


def test_the_admin_keeps_its_own_login():
    response = Client().get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
