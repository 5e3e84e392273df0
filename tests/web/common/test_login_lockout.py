"""Staff and admin logins lock after GONGKAI_LOGIN_FAILURE_LIMIT failures per username + client address
(django-axes), with a Chinese page, for the cool-off; an administrator unlocks through the admin or
`gongkai manage axes_reset_username`."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOCKED = "登录已暂时锁定"


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("alice", password=PASSWORD, is_staff=True)


def login(client: Client, password: str, url: str | None = None, username: str = "alice"):
    return client.post(url or reverse("work:login"), {"username": username, "password": password})


def lock(client: Client, url: str | None = None, times: int = 5):
    for i in range(times):
        r = login(client, "wrong", url)
        if i < times - 1:
            assert r.status_code == 200 and LOCKED not in r.content.decode()  # the form again, with its error
        else:  # the failure that reaches the limit already answers with the lock
            assert r.status_code == 429 and LOCKED in r.content.decode()


def test_five_failures_lock_even_the_right_password_with_a_chinese_page(staff, settings):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client(REMOTE_ADDR="203.0.113.20")
    lock(client)
    r = login(client, PASSWORD)
    html = r.content.decode()
    assert r.status_code == 429 and LOCKED in html
    assert "5 次登录失败" in html and "30 分钟后再试" in html and "系统管理员" in html
    assert int(r["Retry-After"]) == 30 * 60
    assert "_auth_user_id" not in client.session
    # The lock is per username and address: the same account from another address, and another account from
    # this address, still get in / still get the form.
    assert login(Client(REMOTE_ADDR="203.0.113.21"), PASSWORD).status_code == 302
    get_user_model().objects.create_user("bob", password=PASSWORD, is_staff=True)
    assert login(client, PASSWORD, username="bob").status_code == 302


def test_the_command_unlocks(staff, settings):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client(REMOTE_ADDR="203.0.113.22")
    lock(client)
    assert login(client, PASSWORD).status_code == 429
    call_command("axes_reset_username", "alice", verbosity=0)
    assert login(client, PASSWORD).status_code == 302


def test_an_administrator_unlocks_in_the_admin(staff, settings):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client(REMOTE_ADDR="203.0.113.23")
    lock(client)
    assert login(client, PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", password="x"))
    attempt = AccessAttempt.objects.get(username="alice")
    changelist = admin.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200 and "alice" in changelist.content.decode()
    r = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not AccessAttempt.objects.exists()
    assert login(client, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(staff, settings, time_machine):
    from django.utils import timezone

    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=10)
    client = Client(REMOTE_ADDR="203.0.113.24")
    lock(client, times=3)
    r = login(client, PASSWORD)
    assert r.status_code == 429 and "3 次登录失败" in r.content.decode() and "10 分钟后再试" in r.content.decode()
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=11))
    assert login(client, PASSWORD).status_code == 302


def test_the_admin_login_is_locked_too(settings):
    settings.AXES_FAILURE_LIMIT = 5
    get_user_model().objects.create_superuser("alice", password=PASSWORD)
    client = Client(REMOTE_ADDR="203.0.113.25")
    url = "/admin/login/?next=/admin/"
    lock(client, url)
    r = login(client, PASSWORD, url)
    assert r.status_code == 429 and LOCKED in r.content.decode()


def test_the_lock_follows_the_client_behind_a_trusted_proxy(staff, settings):
    from gongkai.web.common.clientip import parse_trusted_proxies

    settings.AXES_FAILURE_LIMIT = 5
    settings.GONGKAI_TRUSTED_PROXIES = parse_trusted_proxies(["10.0.0.1"])
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66")
    lock(attacker)
    assert login(attacker, PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().ip_address == "198.51.100.66"
    # another client through the same proxy is not locked out by the attacker's failures
    colleague = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert login(colleague, PASSWORD).status_code == 302


def test_the_test_clients_login_still_works_and_web_logins_stay_guarded(staff, settings):
    # Client.login() authenticates without a request: nothing to lock out, the password is checked as usual.
    settings.AXES_FAILURE_LIMIT = 5
    assert Client().login(username="alice", password=PASSWORD) is True
    assert Client().login(username="alice", password="wrong") is False
    client = Client(REMOTE_ADDR="203.0.113.26")
    lock(client)
    assert login(client, PASSWORD).status_code == 429
