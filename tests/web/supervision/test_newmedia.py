"""New-media accounts: entry, import (all or nothing), feed reading, history at past dates, pages."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from tests.web.agencies.world import make_world

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


@pytest.fixture
def w(db):
    return make_world()


def client_for(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def create(w, agency=None, **fields):
    from gongkai.web.supervision.platform_services import account_create

    values = {"platform": "wechat", "name": "示例甲局发布", "has_interaction": True,
              "last_update_on": date(2026, 11, 20), **fields}
    return account_create(agency=agency or w.dept_a, fields=values, actor=w.alice, today=TODAY)


def test_account_history_gives_the_state_known_at_a_past_date(w):
    from gongkai.web.supervision.platform_selectors import platform_check
    from gongkai.web.supervision.platform_services import account_observe

    acc = create(w, last_update_on=date(2026, 1, 5))
    # a later observation: updated recently, but the interaction function was removed
    account_observe(account=acc, fields={"last_update_on": date(2026, 11, 24), "has_interaction": False},
                    actor=w.alice, today=date(2026, 11, 25))
    (acc_now, result), = platform_check(w.dept_a, date(2026, 11, 25)).accounts
    assert [v.label for v in result.vetoes] == ["未提供有效互动功能"] and result.deductions == ()
    # the account was first observed on 2026-11-25: it did not exist for a check before that
    assert platform_check(w.dept_a, date(2026, 11, 24)).accounts == []


def test_stale_account_is_a_deduction_closed_one_is_not_checked(w):
    from gongkai.web.supervision.platform_selectors import platform_check
    from gongkai.web.supervision.platform_services import account_observe

    acc = create(w, last_update_on=date(2026, 10, 1))
    (_, r), = platform_check(w.dept_a, TODAY).accounts
    assert [f.label for f in r.deductions] == ["内容更新不及时"] and r.passed
    assert r.deductions[0].refs[0].key == str(acc.pk)
    account_observe(account=acc, fields={"status": "closed"}, actor=w.alice, today=TODAY)
    acc.refresh_from_db()
    assert acc.closed_on == TODAY
    (_, r), = platform_check(w.dept_a, TODAY).accounts
    assert r.verdict == "不检查"


def test_duplicate_account_and_future_date_are_refused_in_chinese(w):
    from gongkai.web.supervision.platform_services import NewMediaError

    create(w)
    with pytest.raises(NewMediaError) as e:
        create(w)
    assert "已登记" in e.value.message
    with pytest.raises(NewMediaError) as e:
        create(w, name="另一个", last_update_on=date(2027, 1, 1))
    assert "不能晚于今天" in e.value.message


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
<item><title>a</title><pubDate>Mon, 16 Nov 2026 08:00:00 +0800</pubDate></item>
<item><title>b</title><pubDate>Fri, 27 Nov 2026 08:00:00 +0800</pubDate></item></channel></rss>"""


def test_update_from_feed_takes_the_newest_entry_up_to_the_date_and_never_goes_back(w):
    from gongkai.core.monitor.feeds import FeedError
    from gongkai.web.supervision.platform_services import newmedia_update_from_feed

    acc = create(w, last_update_on=date(2026, 11, 1))
    obs = newmedia_update_from_feed(acc, RSS, date(2026, 11, 20), actor=w.alice)
    assert acc.last_update_on == date(2026, 11, 16) and obs.entries == 2 and obs.source == "feed"
    newmedia_update_from_feed(acc, RSS, date(2026, 11, 28))
    assert acc.last_update_on == date(2026, 11, 27)
    old = b"<rss><channel><title>x</title><item><pubDate>2026-01-01</pubDate></item></channel></rss>"
    newmedia_update_from_feed(acc, old, date(2026, 11, 28))
    assert acc.last_update_on == date(2026, 11, 27)
    count = acc.observations.count()
    with pytest.raises(FeedError):
        newmedia_update_from_feed(acc, b"<html/>", date(2026, 11, 28))
    assert acc.observations.count() == count


def test_feed_url_is_fetched_through_the_safe_fetcher_daily_and_on_request(w, monkeypatch):
    from gongkai.web.supervision.fetcher import RefusedAddress
    from gongkai.web.supervision.platform_services import newmedia_refresh_feed, newmedia_refresh_feeds

    from .servers import page, serve

    with serve({"/feed.xml": page(RSS, content_type="application/rss+xml")}) as server:
        url = f"http://127.0.0.1:{server.httpd.server_address[1]}/feed.xml"
        acc = create(w, last_update_on=date(2026, 11, 1), feed_url=url)
        broken = create(w, name="另一个账号", feed_url=url.replace("feed.xml", "gone.xml"))
        # Loopback is refused unless allowed, like any monitored site: nothing is recorded.
        monkeypatch.setenv("GONGKAI_MONITOR_ALLOW_PRIVATE", "0")
        count = acc.observations.count()
        with pytest.raises(RefusedAddress):
            newmedia_refresh_feed(acc, date(2026, 11, 20))
        assert acc.observations.count() == count
        monkeypatch.setenv("GONGKAI_MONITOR_ALLOW_PRIVATE", "1")
        monkeypatch.setenv("GONGKAI_MONITOR_HOST_INTERVAL_MS", "0")
        assert newmedia_refresh_feeds(date(2026, 11, 28)) == {"read": 1, "failed": 1}  # the 404 is skipped
        acc.refresh_from_db()
        assert acc.last_update_on == date(2026, 11, 27) and acc.observations.latest("id").source == "feed"
        assert broken.observations.filter(source="feed").count() == 0

        alice = client_for(w.alice)
        r = alice.post(reverse("supervision:newmedia_account", args=[broken.pk]), {"action": "feed_url"})
        assert r.status_code == 400 and "HTTP 404" in r.content.decode()
        r = alice.post(reverse("supervision:newmedia_account", args=[acc.pk]), {"action": "feed_url"})
        assert r.status_code == 302


CSV_OK = ("机关代码,平台,账号名称,账号ID或链接,提供互动功能,最近更新日期,状态\n"
          "W-A,微信,示例甲局发布,gh_123,是,2026-11-20,运营中\n"
          "W-A,政务微博,示例甲局微博,https://weibo.example/1,否,2026-10-01,\n")


def test_import_is_all_or_nothing_with_row_errors(w):
    from gongkai.web.supervision.models import NewMediaAccount
    from gongkai.web.supervision.platform_services import NewMediaImportError, newmedia_import

    bad = CSV_OK + "W-B,抖音,乙局抖音,,也许,2026-13-01,\nW-A,快手,,,,,\n"
    with pytest.raises(NewMediaImportError) as e:
        newmedia_import(bad.encode(), "a.csv", agency_ids=[w.dept_a.pk], actor=w.alice, today=TODAY)
    assert e.value.errors == [
        "第4行：提供互动功能应填“是”或“否”，不是“也许”",
        "第4行：最近更新日期“2026-13-01”不是有效日期（应为 YYYY-MM-DD）",
        "第4行：机关代码“W-B”不存在或不是您所在的机关",
        "第5行：平台“快手”无法识别（可填：政务微博、政务微信、政务客户端、政务抖音、政务头条号、其他）",
        "第5行：账号名称不能为空",
    ]
    assert NewMediaAccount.objects.count() == 0
    assert newmedia_import(CSV_OK.encode(), "a.csv", agency_ids=[w.dept_a.pk], actor=w.alice, today=TODAY) == 2
    weibo = NewMediaAccount.objects.get(platform="weibo")
    assert (weibo.has_interaction, weibo.last_update_on) == (False, date(2026, 10, 1))
    # importing again observes the known accounts anew instead of duplicating them
    newmedia_import(CSV_OK.encode(), "a.csv", agency_ids=[w.dept_a.pk], actor=w.alice, today=TODAY)
    assert NewMediaAccount.objects.count() == 2 and weibo.observations.count() == 2


def test_import_reads_xlsx(w):
    from openpyxl import Workbook

    from gongkai.web.supervision.models import NewMediaAccount
    from gongkai.web.supervision.platform_services import newmedia_import

    wb = Workbook()
    ws = wb.active
    ws.append(["机关代码", "平台", "账号名称", "最近更新日期"])
    ws.append(["W-A", "抖音", "示例甲局", date(2026, 11, 2)])
    buf = io.BytesIO()
    wb.save(buf)
    assert newmedia_import(buf.getvalue(), "a.xlsx", agency_ids=[w.dept_a.pk], actor=w.alice, today=TODAY) == 1
    assert NewMediaAccount.objects.get().last_update_on == date(2026, 11, 2)


def test_pages_entry_import_and_isolation(w):
    from gongkai.web.supervision.models import NewMediaAccount

    url = reverse("supervision:newmedia")
    alice = client_for(w.alice)
    r = alice.post(url, {"agency": w.dept_a.pk, "platform": "weibo", "name": "甲局微博", "has_interaction": "on",
                         "last_update_on": "2026-11-20", "status": "active"})
    assert r.status_code == 302
    acc = NewMediaAccount.objects.get()
    r = alice.post(url, {"agency": w.dept_a.pk, "action": "import",
                         "file": _upload("a.csv", "机关代码,平台,账号名称\nW-B,微信,乙局\n")})
    assert r.status_code == 400 and "不是您所在的机关" in r.content.decode()
    assert "甲局微博" in alice.get(url).content.decode()
    # bob (B) sees neither A's list nor the account; the supervisor sees both, read-only
    assert client_for(w.bob).get(url, {"agency": w.dept_a.pk}).status_code == 404
    assert client_for(w.bob).get(reverse("supervision:newmedia_account", args=[acc.pk])).status_code == 404
    sue = client_for(w.sue)
    assert "甲局微博" in sue.get(url).content.decode()
    assert sue.get(reverse("supervision:newmedia_account", args=[acc.pk])).status_code == 200
    assert sue.post(url, {"agency": w.dept_a.pk, "platform": "weibo", "name": "x"}).status_code == 404
    assert client_for(w.root).get(url).status_code == 404
    # the feed document upload on the account page
    r = alice.post(reverse("supervision:newmedia_account", args=[acc.pk]),
                   {"action": "feed", "file": _upload("f.xml", RSS.decode())})
    assert r.status_code == 302
    acc.refresh_from_db()
    assert acc.last_update_on == date(2026, 11, 20)  # 11-16 is older; 11-27 is after today
    r = alice.post(reverse("supervision:newmedia_account", args=[acc.pk]), {"action": "feed",
                                                                            "file": _upload("f.xml", "<html/>")})
    assert r.status_code == 400 and "不支持的订阅文档类型" in r.content.decode()
    # the agency check page shows the account
    page = alice.get(reverse("supervision:platform_agency", args=[w.dept_a.pk])).content.decode()
    assert "甲局微博" in page


def _upload(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="application/octet-stream")


def test_renaming_an_account_to_a_taken_name_is_refused_in_chinese(w):
    from gongkai.web.supervision.platform_services import NewMediaError, account_observe

    create(w, name="甲")
    b = create(w, name="乙")
    with pytest.raises(NewMediaError) as e:
        account_observe(account=b, fields={"name": "甲"}, actor=w.alice, today=TODAY)
    assert "已登记" in e.value.message
    r = client_for(w.alice).post(reverse("supervision:newmedia_account", args=[b.pk]), {
        "platform": "wechat", "name": "甲", "has_interaction": "on", "status": "active"})
    assert r.status_code == 400 and "已登记" in r.content.decode()
