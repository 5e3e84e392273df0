"""Every library page through the test client, on real imported reports."""

from __future__ import annotations

import csv
import email.message
import html
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.core.stats import AnnualStats, figure_pointers
from gongkai.core.templates import get_template
from gongkai.web.library.models import ReportStats
from gongkai.web.library.services import report_import

from .conftest import PRE2019_SEED, seed_bytes, synthetic

pytestmark = pytest.mark.django_db


def _import_synthetic(template: str, index: int = 0, fmt: str = "txt", agency: str | None = None) -> ReportStats:
    name, data, _report = synthetic(template, index, fmt)
    return report_import(data=data, name=name, agency=agency).report


@pytest.fixture
def library():
    """One report of each format: 2021 and 2019 synthetic, the pre-2019 seed."""
    return {
        "2021": _import_synthetic("2021"),
        "2019": _import_synthetic("2019"),
        "pre2019": report_import(data=seed_bytes(), name=PRE2019_SEED).report,
    }


def _text(response) -> str:
    return html.unescape(response.content.decode())


# --- list ------------------------------------------------------------------------------------------------

def test_list_shows_every_report_with_its_columns(client, library):
    page = _text(client.get(reverse("library:list")))
    for r in library.values():
        assert r.agency in page and r.file.original_name in page
    assert "2021格式" in page and "2019格式" in page and "2019年以前" in page
    assert "73,360" not in page  # figures are counted on the list, not shown


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"template": "pre2019"}, {"pre2019"}),
        ({"template": "2021"}, {"2021"}),
        ({"q": "兴安"}, {"pre2019"}),
        ({"year": "2017"}, {"pre2019"}),
    ],
)
def test_list_filters(client, library, params, expected):
    response = client.get(reverse("library:list"), params)
    shown = {t for t, r in library.items() if reverse("library:detail", args=[r.pk]) in response.content.decode()}
    assert shown == expected


def test_list_filter_with_errors(client, library):
    with_errors = {t for t, r in library.items() if r.error_count}
    response = client.get(reverse("library:list"), {"errors": "1"})
    shown = {t for t, r in library.items() if reverse("library:detail", args=[r.pk]) in response.content.decode()}
    assert shown == with_errors


def test_list_paginates(client, monkeypatch):
    from gongkai.web.library import views

    for i in range(3):
        _import_synthetic("2021", i)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first = client.get(reverse("library:list")).content.decode()
    second = client.get(reverse("library:list"), {"page": 2}).content.decode()
    assert "第 1 / 2 页" in first and "下一页" in first
    assert len(re.findall(r'href="/reports/\d+/"', first)) == 2
    assert len(re.findall(r'href="/reports/\d+/"', second)) == 1


# --- detail ------------------------------------------------------------------------------------------------

def _t3_total_cells(page: str) -> int:
    return len(re.findall(r'data-pointer="/applications/table3/\w+/total"', page))


def test_detail_2021_shows_the_official_tables_with_verbatim_labels(client, library):
    r = library["2021"]
    page = _text(client.get(reverse("library:detail", args=[r.pk])))
    t = get_template("2021")
    for row in t.table3.rows:
        assert row.label in page
    for label in ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "总计"):
        assert label in page
    assert t.table3.note in page
    assert _t3_total_cells(page) == 25
    assert "信息内容" in page and "第二十条第（八）项" in page and "本年收费金额（单位：万元）" in page
    for label in ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结"):
        assert label in page
    assert "第二十条第（九）项" not in page  # 2019 only


def _table_cells(page: str, css_class: str) -> list[list[tuple[str, int, int]]]:
    """The rows of the page's table `css_class` as (text, rowspan, colspan) per cell."""
    from lxml import html as lxml_html

    (table,) = lxml_html.fromstring(page).xpath(f'//table[contains(concat(" ", @class, " "), " {css_class} ")]')
    return [
        [(c.text_content().strip(), int(c.get("rowspan", 1)), int(c.get("colspan", 1))) for c in tr.xpath("th|td")]
        for tr in table.xpath(".//tr")
    ]


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_detail_tables_are_the_core_layout_grids(client, library, template):
    """The page draws gongkai.core.annual.layout's grids, merged cells and all (one layout for every format)."""
    from gongkai.core.annual.layout import table_grids

    r = library[template]
    page = client.get(reverse("library:detail", args=[r.pk])).content.decode()
    for grid in table_grids(AnnualStats.from_json(r.stats)).values():
        expected = [[(c.display, c.rowspan, c.colspan) for c in row] for row in grid.rows()]
        assert _table_cells(page, grid.key.replace("table", "t")) == expected, grid.key


def _wide_tables_outside_a_scroll_box(page: str) -> list[str]:
    """Tables that would push a 390 px page wider: every table must sit in its own .scroll-x box."""
    from lxml import html as lxml_html

    return [
        t.get("class") for t in lxml_html.fromstring(page).xpath("//main//table")
        if not t.xpath('ancestor::div[contains(concat(" ", @class, " "), " scroll-x ")]')
    ]


def test_pages_keep_wide_tables_in_their_own_scroll_box(client, library):
    """The structure behind the 390 px layout (screens checked in Chromium): no table widens the page."""
    for r in library.values():
        page = client.get(reverse("library:detail", args=[r.pk])).content.decode()
        assert _wide_tables_outside_a_scroll_box(page) == []
    assert _wide_tables_outside_a_scroll_box(client.get(reverse("library:list")).content.decode()) == []
    compare = client.get(reverse("library:compare"), {"agency": [r.agency for r in library.values()]})
    assert _wide_tables_outside_a_scroll_box(compare.content.decode()) == []


def test_findings_name_their_cell_in_chinese_and_keep_the_pointer_to_jump_to_it(client):
    r = _import_synthetic("2021")
    # A finding on a cell, one on a whole row and one on the report: names, never pointers, on the page.
    r.findings = [
        {"code": "t3.row_total", "severity": "error", "pointer": "/applications/table3/new/total", "message": "甲"},
        {"code": "t3.x", "severity": "warning", "pointer": "/applications/table3/carried_over", "message": "乙"},
        {"code": "source.year_inferred", "severity": "info", "pointer": "/year", "message": "丙"},
        {"code": "x", "severity": "info", "pointer": "", "message": "丁"},
    ]
    r.save()
    page = _text(client.get(reverse("library:detail", args=[r.pk])))
    where = re.findall(r'<span class="finding-where muted">([^<]*)</span>', page)
    assert where == ["表三“一、本年新收政府信息公开申请数量”行“总计”列", "表三“二、上年结转政府信息公开申请数量”行",
                     "统计年度", "整份报告"]
    assert 'data-pointer="/applications/table3/new/total" data-finding="0"' in page  # the button jumps there
    assert re.search(r'class="num fig[^"]*has-finding sev-error[^"]*"[^>]*data-pointer="/applications/table3/new/total"', page)
    assert ">/applications/" not in page


def test_detail_2019_has_23_rows_and_the_2019_blocks(client, library):
    page = _text(client.get(reverse("library:detail", args=[library["2019"].pk])))
    assert _t3_total_cells(page) == 23
    assert "（六）其他处理" in page and "3.其他" not in page
    assert "第二十条第（九）项" in page and "其他对外管理服务事项" in page and "本年增/减" in page


def test_detail_pre2019_lists_the_indicators_with_values_and_evidence(client, library):
    r = library["pre2019"]
    response = client.get(reverse("library:detail", args=[r.pk]))
    page = _text(response)
    for ind in get_template("pre2019").indicators:
        assert ind.label in page
    assert "表三" not in page and "信息内容" not in page
    stats = AnnualStats.from_json(r.stats)
    # 73360 is stated (printed as the official form and the source print it, without separators); review/total
    # is stated as zero; something else is not stated at all.
    assert re.search(r'data-pointer="/proactive/total"[^>]*>(<span class="approx">约</span>)?73360<', page)
    assert re.search(r'data-pointer="/review/total"[^>]*>0<', page)
    unstated = next(i.pointer for i in get_template("pre2019").indicators if stats.get(i.pointer) is None)
    assert re.search(rf'data-pointer="{unstated}"[^>]*>—<', page)


def test_detail_evidence_offsets_point_at_the_quote_in_the_source_pane(client, library):
    r = library["pre2019"]
    page = client.get(reverse("library:detail", args=[r.pk])).content.decode()
    stats = AnnualStats.from_json(r.stats)
    text = r.file.extracted_text
    source = html.unescape(re.search(r'<pre id="source-text"[^>]*>\n(.*?)</pre>', page, re.S).group(1))
    assert source == text
    checked = 0
    for m in re.finditer(r'data-pointer="([^"]+)" data-ev-start="(-?\d+)" data-ev-len="(\d+)" data-ev-quote="([^"]*)"', page):
        pointer, start, length, quote = m.group(1), int(m.group(2)), int(m.group(3)), html.unescape(m.group(4))
        assert quote == stats.evidence[pointer].quote
        utf16 = text.encode("utf-16-le")
        assert utf16[2 * start : 2 * (start + length)].decode("utf-16-le") == quote
        checked += 1
    assert checked >= 5


def test_detail_outlines_cells_a_finding_points_at(client, library):
    r = next((r for r in library.values() if any(f["pointer"] for f in r.findings)), None)
    if r is None:
        pytest.skip("no finding with a pointer in this sample")
    page = client.get(reverse("library:detail", args=[r.pk])).content.decode()
    f = next(f for f in r.findings if f["pointer"])
    assert html.escape(f["message"], quote=False) in page or f["message"] in html.unescape(page)
    assert f'data-pointer="{f["pointer"]}" data-finding=' in page


def test_detail_unknown_report_is_404(client, db):
    assert client.get(reverse("library:detail", args=[999])).status_code == 404


def _disposition(response) -> tuple[str, str]:
    """(attachment|inline, the file name a browser saves under), read as RFC 6266/2231 say."""
    header = response["Content-Disposition"]
    assert header.isascii()  # HTTP headers carry no raw UTF-8; the name travels percent-encoded
    msg = email.message.Message()
    msg["Content-Disposition"] = header
    return msg.get_content_disposition(), msg.get_filename()


def test_downloads_name_chinese_files_correctly(client, library):
    chinese = report_import(data=seed_bytes("002_1c8630f468bb139b.txt"), name="宝鸡市2016年报告 “终稿”.txt").report
    response = client.get(reverse("library:download", args=[chinese.pk]))
    assert _disposition(response) == ("attachment", "宝鸡市2016年报告 “终稿”.txt")
    assert _disposition(client.get(reverse("library:export", args=["csv"]))) == ("attachment", "年报库.csv")
    compare = client.get(reverse("library:compare_export", args=["xlsx"]), {"agency": [chinese.agency]})
    assert _disposition(compare) == ("attachment", "年报比较.xlsx")
    assert _disposition(client.get(reverse("library:json", args=[chinese.pk]))) == (
        "inline", f"report-{chinese.pk}.json",
    )


def test_download_and_json(client, library):
    r = library["pre2019"]
    response = client.get(reverse("library:download", args=[r.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == seed_bytes()
    assert PRE2019_SEED in response["Content-Disposition"]
    data = client.get(reverse("library:json", args=[r.pk])).json()
    assert data["schema"] == "gongkai.annual-stats/1" and data["proactive"]["total"] == 73360


# --- upload ------------------------------------------------------------------------------------------------

def _upload(client, name: str, data: bytes, headers=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("library:upload_api"), {"file": SimpleUploadedFile(name, data)}, headers=headers)


def test_upload_page_requires_staff_login(client, django_user_model):
    response = client.get(reverse("library:upload"))
    assert response.status_code == 302 and response["Location"] == "/work/login/?next=/reports/upload/"
    client.force_login(django_user_model.objects.create_user("citizen", password="pw"))
    refused = client.get(reverse("library:upload"))
    assert refused.status_code == 403 and "没有访问权限" in refused.content.decode()


def test_upload_page_renders_for_staff(staff_client):
    page = _text(staff_client.get(reverse("library:upload")))
    assert 'type="file"' in page and "multiple" in page and "csrfmiddlewaretoken" in page
    assert "upload.js" in page


def test_upload_api_requires_login_and_staff(client, django_user_model):
    response = _upload(client, "a.txt", seed_bytes())
    assert response.status_code == 401 and "登录" in response.json()["message"]
    client.force_login(django_user_model.objects.create_user("citizen", password="pw"))
    response = _upload(client, "a.txt", seed_bytes())
    assert response.status_code == 403 and "工作人员" in response.json()["message"]
    assert not ReportStats.objects.exists()


def test_upload_api_enforces_csrf(staff):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(staff)
    assert _upload(csrf_client, "a.txt", seed_bytes()).status_code == 403
    assert not ReportStats.objects.exists()
    page = csrf_client.get(reverse("library:upload")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = _upload(csrf_client, "a.txt", seed_bytes(), headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_upload_api_created_then_duplicate(staff_client, staff):
    first = _upload(staff_client, PRE2019_SEED, seed_bytes())
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "created" and body["agency"] == "兴安盟" and body["duplicate_of"] is None
    assert body["message"].startswith("已导入：兴安盟 2017年 · 2019年以前")
    assert ReportStats.objects.get().file.uploaded_by == staff
    again = _upload(staff_client, "copy.txt", seed_bytes()).json()
    assert again["status"] == "duplicate" and again["duplicate_of"] == "same_file" and again["url"] == body["url"]
    assert again["message"] == f"已存在：与已入库的“{PRE2019_SEED}”内容相同"


def test_upload_api_too_large(staff_client, settings):
    settings.MAX_UPLOAD_MB = 1
    response = _upload(staff_client, "big.txt", b"x" * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert response.json() == {
        "name": "big.txt", "status": "failed", "reason": "too_large", "message": "文件超过 1 MB 上限。",
    }
    assert not ReportStats.objects.exists()


def test_upload_api_unreadable_file_gets_the_readers_chinese_message(staff_client):
    from gongkai.core.errors import ReadError
    from gongkai.core.reading import read_bytes

    data = b"%PDF-1.7\n%truncated"
    with pytest.raises(ReadError) as info:
        read_bytes(data, name="broken.pdf")
    response = _upload(staff_client, "broken.pdf", data)
    assert response.status_code == 422
    assert response.json()["message"] == info.value.message
    assert not ReportStats.objects.exists()


def test_upload_without_javascript_processes_all_files(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff_client.post(
        reverse("library:upload"),
        {"files": [SimpleUploadedFile(PRE2019_SEED, seed_bytes()), SimpleUploadedFile("bad.bin", bytes(range(256)) * 8)]},
    )
    page = _text(response)
    assert response.status_code == 200
    assert "已导入" in page and "失败：" in page
    assert ReportStats.objects.count() == 1


def test_upload_without_files_says_so(staff_client):
    page = _text(staff_client.post(reverse("library:upload"), {}))
    assert "请选择至少一个文件" in page


# --- comparison and exports ----------------------------------------------------------------------------------

def test_compare_shows_table_and_inline_svg(client, library):
    a, b = library["2021"].agency, library["pre2019"].agency
    response = client.get(reverse("library:compare"), {"agency": [a, b], "figure": "proactive"})
    page = _text(response)
    assert "<svg" in page and "</svg>" in page
    assert a in page and b in page
    assert "73,360" in page or "73360" in page
    assert str(library["2021"].year) in page


def test_compare_ignores_unknown_agencies_and_asks_for_a_choice(client, library):
    page = _text(client.get(reverse("library:compare"), {"agency": ["不存在的机构"]}))
    assert "<svg" not in page and "请选择至少一个机构" in page


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_list_csv_export_follows_the_filter_and_has_every_pointer(client, library):
    response = client.get(reverse("library:export", args=["csv"]), {"template": "pre2019"})
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response.content)
    labels, keys, data = rows[0], rows[1], rows[2:]
    assert labels[:4] == ["机构", "年度", "格式", "来源文件"]
    assert keys[4:] == list(figure_pointers())
    assert len(data) == 1
    row = dict(zip(keys, data[0], strict=True))
    assert row["agency"] == "兴安盟" and row["year"] == "2017" and row["template"] == "2019年以前"
    assert row["/proactive/total"] == "73360" and row["/review/total"] == "0"
    assert row["/applications/table3/new/total"] == ""  # not stated ≠ 0


def test_list_xlsx_export_parses_back(client, library):
    response = client.get(reverse("library:export", args=["xlsx"]))
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    keys = list(rows[1])
    assert rows[0][0] == "机构" and keys[4:] == list(figure_pointers())
    assert len(rows) == 2 + 3
    by_agency = {r[0]: dict(zip(keys, r, strict=True)) for r in rows[2:]}
    for r in library.values():
        stats = AnnualStats.from_json(r.stats)
        got = by_agency[r.agency]
        for pointer, value in stats.figures().items():
            assert got[pointer] == value, pointer
    assert wb["列说明"]["B1"].value == "名称"


def test_compare_export_contains_only_the_chosen_agencies(client, library):
    response = client.get(reverse("library:compare_export", args=["xlsx"]), {"agency": [library["2019"].agency]})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert [r[0] for r in rows[2:]] == [library["2019"].agency]
    assert client.get(reverse("library:compare_export", args=["pdf"])).status_code == 404


def test_csv_export_neutralises_formula_injection(client):
    report_import(data=seed_bytes(), name="a.txt", agency="=HYPERLINK(\"x\")")
    rows = _csv_rows(client.get(reverse("library:export", args=["csv"])).content)
    assert rows[2][0].startswith("'=")


# --- admin --------------------------------------------------------------------------------------------------

def test_admin_lists_reports_read_only(admin_client, library):
    assert admin_client.get(reverse("admin:library_reportstats_changelist")).status_code == 200
    r = library["pre2019"]
    page = _text(admin_client.get(reverse("admin:library_reportstats_change", args=[r.pk])))
    assert "gongkai.annual-stats/1" in page
    assert admin_client.get(reverse("admin:library_reportstats_add")).status_code == 403
