"""`gongkai sites check`: the JSON contract against a fixture site on loopback (GONGKAI_MONITOR_ALLOW_PRIVATE=1
for the test), the text report, and the one-line refusals (exit 2)."""

from __future__ import annotations

import json

import pytest

from gongkai.cli import main
from tests.conftest import DOCUMENTS
from tests.web.supervision.servers import page, serve

SITES = DOCUMENTS / "sites"


def fixture(name: str) -> str:
    return (SITES / name).read_text(encoding="utf-8")


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setenv("GONGKAI_MONITOR_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("GONGKAI_MONITOR_HOST_INTERVAL_MS", "0")
    routes = {
        "/": page(fixture("navigation_home.html")),
        "/zwdt/gzdt/": page(fixture("trs_ul_list.html")),
        "/tzgg/": page(fixture("table_list.html").encode("gbk"), content_type="text/html"),
        "/xwzx/ywdt/": page(fixture("bracket_list.html")),
    }
    # Items of the 动态 column that exist; /zwdt/gzdt/202403/t20240305_4413301.html and the rest 404.
    for path in ("202403/t20240318_4417211.html", "202403/t20240315_4416987.html", "202403/t20240311_4415520.html"):
        routes["/zwdt/gzdt/" + path] = page("<p>正文</p>")
    with serve(routes) as server:
        yield server


def test_json_contract(site, capsys):
    code = main(["sites", "check", site.url("/"), "--column", f"news:{site.url('/zwdt/gzdt/')}",
                 "--column", f"notices:{site.url('/tzgg/')}", "--column", f"other:{site.url('/xwzx/ywdt/')}",
                 "--at", "2024-04-10", "--json"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"url", "reachable", "last_update", "columns", "findings"}
    assert data["url"] == site.url("/") and data["reachable"] is True
    assert data["last_update"] == "2024-03-18"
    assert data["columns"] == [
        {"url": site.url("/zwdt/gzdt/"), "kind": "news", "last_update": "2024-03-18", "stale": True},
        {"url": site.url("/tzgg/"), "kind": "notices", "last_update": "2023-12-08", "stale": False},
        {"url": site.url("/xwzx/ywdt/"), "kind": "other", "last_update": "2024-03-12", "stale": False},
    ]
    codes = [f["code"] for f in data["findings"]]
    assert "column.stale" in codes  # news: nothing since 2024-03-27
    assert "home.not_updated" in codes  # a navigation home page judged by its columns: newest 2024-03-18
    broken = {f["url"]: f["message"] for f in data["findings"] if f["code"] == "links.broken"}
    assert "抽查5个链接，2个无法访问" in broken[site.url("/zwdt/gzdt/")]  # 3 of the first 5 items exist
    assert "抽查4个链接，4个无法访问" in broken[site.url("/tzgg/")]
    assert all(f["message"] for f in data["findings"])


def test_fresh_site_has_no_stale_column(site, capsys):
    assert main(["sites", "check", site.url("/"), "--column", f"news:{site.url('/zwdt/gzdt/')}",
                 "--at", "2024-03-20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["columns"][0]["stale"] is False
    assert "home.not_updated" not in [f["code"] for f in data["findings"]]


def test_text_report(site, capsys):
    assert main(["sites", "check", site.url("/"), "--column", f"news:{site.url('/zwdt/gzdt/')}",
                 "--at", "2024-04-10"]) == 0
    out = capsys.readouterr().out
    assert f"网站 site: {site.url('/')}（检查日期 2024-04-10）" in out
    assert "未按时更新 STALE" in out and "结论 verdict: 不合格" in out


def test_unreachable_site_is_a_result(site, capsys):
    url = site.url("/")
    site.httpd.shutdown()
    site.httpd.server_close()
    assert main(["sites", "check", url, "--at", "2024-04-10", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reachable"] is False and data["last_update"] is None and data["columns"] == []
    assert [f["code"] for f in data["findings"]] == ["home.unreachable"]


@pytest.mark.parametrize("args, words", [
    (["ftp://example.gov.cn/"], "http"),
    (["not a url"], "网址"),
    (["http://127.0.0.1:9/"], "本机回环地址"),
    (["http://192.168.1.1/"], "内网地址"),
    (["https://www.gov.cn/", "--column", "weekly:https://www.gov.cn/x/"], "news, notices, other"),
    (["https://www.gov.cn/", "--column", "https://www.gov.cn/x/"], "KIND:URL"),
    (["https://www.gov.cn/", "--at", "2024-13-01"], "YYYY-MM-DD"),
    (["https://www.gov.cn/", "--column", "news:http://10.0.0.1/"], "内网地址"),
])
def test_refusals_exit_2_with_one_line(monkeypatch, capsys, args, words):
    monkeypatch.delenv("GONGKAI_MONITOR_ALLOW_PRIVATE", raising=False)
    assert main(["sites", "check", *args, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("gongkai sites: ") and captured.err.count("\n") == 1
    assert words in captured.err


def test_bad_setting_exits_2(monkeypatch, capsys):
    monkeypatch.setenv("GONGKAI_MONITOR_ALLOW_PRIVATE", "maybe")
    assert main(["sites", "check", "https://www.gov.cn/"]) == 2
    assert "GONGKAI_MONITOR_ALLOW_PRIVATE" in capsys.readouterr().err
