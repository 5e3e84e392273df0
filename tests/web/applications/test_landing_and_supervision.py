"""What a user meets after logging in: a supervisor lands on the region's figures (never an empty queue),
staff on the queue; the figures for a year chosen among the years with data; in demo mode, the login page
names the demo accounts."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.web.agencies.services import membership_grant
from gongkai.web.applications import views_staff
from tests.web.agencies.world import PASSWORD, make_user

from .conftest import make_app

pytestmark = pytest.mark.django_db


def _login(username: str, **extra) -> Client:
    client = Client()
    response = client.post(reverse("work:login"), {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 302, "login failed"
    client.landed = response["Location"]
    return client


def _on(monkeypatch, day: date) -> None:
    """The staff pages' today (views_staff._today, the one place they read the date from)."""
    monkeypatch.setattr(views_staff, "_today", lambda: day)


# --- where a login lands ----------------------------------------------------------------------------------

def test_a_supervisor_lands_on_the_region_figures(world):
    assert _login("sue").landed == reverse("work:supervision")


def test_staff_land_on_the_queue_even_when_they_also_supervise(world):
    assert _login("alice").landed == reverse("work:queue")
    membership_grant(user=world.alice, agency=world.region, role="supervisor")
    assert _login("alice").landed == reverse("work:queue")  # the deadlines come first; the menu links the figures
    page = _login("alice").get(reverse("work:queue")).content.decode()
    assert f'href="{reverse("work:supervision")}"' in page


def test_next_wins_over_the_landing_page(world):
    assert _login("sue", next=reverse("reports_work:index")).landed == reverse("reports_work:index")


def test_a_logged_in_supervisor_opening_the_login_page_is_taken_to_the_figures(world):
    client = _login("sue")
    response = client.get(reverse("work:login"))
    assert response.status_code == 302 and response["Location"] == reverse("work:supervision")


def test_a_supervisor_opening_the_queue_is_pointed_to_the_figures(world):
    response = _login("sue").get(reverse("work:queue"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "您的账号是监督员" in page and f'class="button-link" href="{reverse("work:supervision")}"' in page
    assert "共 0 件" not in page and "还没有任何机关的办理权限" not in page


def test_an_account_without_roles_is_told_why_its_queue_is_empty(world):
    assert _login("root").landed == reverse("work:queue")
    page = _login("root").get(reverse("work:queue")).content.decode()
    assert "还没有任何机关的办理权限" in page and f'href="{reverse("library:upload")}"' in page


# --- the supervision figures, by year ---------------------------------------------------------------------

@pytest.fixture
def two_years(world):
    """A's application received and replied in 2024; B's received in 2026 and still open."""
    make_app(world, "replied", agency=world.dept_a, received=date(2024, 3, 4))
    make_app(world, "received", agency=world.dept_b, received=date(2026, 3, 2))
    return world


def _figures(client, **query):
    response = client.get(reverse("work:supervision"), query)
    assert response.status_code == 200
    return response.context


def test_the_year_defaults_to_the_current_year_when_it_has_data(two_years, monkeypatch):
    _on(monkeypatch, date(2026, 5, 4))
    ctx = _figures(_login("sue"))
    assert ctx["year"] == 2026 and ctx["years"] == [2026, 2024]
    rows = {r["agency"].pk: r for r in ctx["rows"]}
    assert rows[two_years.dept_b.pk]["received"] == 1 and rows[two_years.dept_a.pk]["received"] == 0
    assert ctx["totals"]["open"] == 1  # open counts are as of today, whatever the year


def test_a_year_without_data_yet_shows_the_latest_year_with_data(two_years, monkeypatch):
    _on(monkeypatch, date(2027, 1, 6))
    ctx = _figures(_login("sue"))
    assert ctx["year"] == 2026 and 2027 not in ctx["years"]


def test_no_data_at_all_shows_the_current_year(world, monkeypatch):
    _on(monkeypatch, date(2026, 5, 4))
    ctx = _figures(_login("sue"))
    assert ctx["year"] == 2026 and ctx["years"] == [2026]
    assert ctx["totals"]["received"] == 0


def test_the_picker_chooses_a_year_with_data(two_years, monkeypatch):
    _on(monkeypatch, date(2026, 5, 4))
    client = _login("sue")
    ctx = _figures(client, year=2024)
    rows = {r["agency"].pk: r for r in ctx["rows"]}
    assert ctx["year"] == 2024
    assert rows[two_years.dept_a.pk]["received"] == 1 and rows[two_years.dept_b.pk]["received"] == 0
    page = client.get(reverse("work:supervision"), {"year": 2024}).content.decode()
    assert '<option value="2024" selected>' in page and '<option value="2026">' in page
    # The region's annual report board of that year (reports about 2024 were published in 2025).
    assert f'href="{reverse("reports_work:board", args=[two_years.region.code, 2024])}"' in page
    for wrong in ("2019", "abc", ""):
        assert _figures(client, year=wrong)["year"] == 2026


def test_the_board_link_of_the_current_year_is_last_years_reports(two_years, monkeypatch):
    _on(monkeypatch, date(2026, 5, 4))
    page = _login("sue").get(reverse("work:supervision")).content.decode()
    assert f'href="{reverse("reports_work:board", args=[two_years.region.code, 2025])}"' in page


def test_rows_follow_the_tree_with_their_depth(two_years, monkeypatch):
    _on(monkeypatch, date(2026, 5, 4))
    rows = _figures(_login("sue"))["rows"]
    w = two_years
    assert [(r["agency"].pk, r["depth"]) for r in rows] == [(w.region.pk, 0), (w.gov.pk, 1), (w.dept_a.pk, 2),
                                                          (w.dept_b.pk, 2)]


# --- the login page in demo mode --------------------------------------------------------------------------

@pytest.fixture
def demo_users(world):
    handler = make_user("gk-gov-handler")
    membership_grant(user=handler, agency=world.gov, role="handler")
    supervisor = make_user("gk-supervisor")
    membership_grant(user=supervisor, agency=world.region, role="supervisor")
    make_user("demo", is_staff=True, is_superuser=True)
    locked = make_user("gk-gov-reviewer")
    locked.set_unusable_password()
    locked.save()
    return world


def test_demo_mode_names_the_demo_accounts_on_the_login_page(demo_users, settings):
    settings.DEMO, settings.DEBUG = True, False
    page = Client().get(reverse("work:login")).content.decode()
    assert "演示账号" in page and "<code>gongkai-demo</code>" in page
    assert "<code>gk-gov-handler</code> — 承办人（示例市人民政府）" in page
    assert "<code>gk-supervisor</code> — 监督员（示例市）" in page
    assert "<code>demo</code> — 系统管理员" in page
    assert "gk-gov-reviewer" not in page.split("其他机关")[0]  # it cannot log in with the demo password


def test_without_demo_mode_the_login_page_names_no_account(demo_users, settings):
    settings.DEMO, settings.DEBUG = False, True
    page = Client().get(reverse("work:login")).content.decode()
    assert "演示账号" not in page and "gk-gov-handler" not in page and "gongkai-demo" not in page
