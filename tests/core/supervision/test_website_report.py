"""The 政府网站工作年度报表 as data: the national form's rows and labels, generation from the records, staff's
values kept over a regeneration, required rows, the deadline, and the table/Word/PDF drawn from it."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from gongkai.core.annual.engagement import EngagementYear
from gongkai.core.supervision import website_report as form
from gongkai.core.supervision.website_report_render import WebsiteReportDocument, render_docx, render_html


def test_the_form_has_the_national_sections_and_labels_in_order():
    assert [s.label for s in form.SECTIONS if s.label] == [
        "信息发布", "专栏专题", "解读回应", "办事服务", "互动交流", "安全防护", "移动新媒体", "创新发展"]
    labels = [r.label for r in form.ROWS]
    for label in ("网站名称", "首页网址", "主办单位", "网站类型", "政府网站标识码", "ICP备案编号", "公安机关备案号",
                  "独立用户访问总量", "网站总访问量", "概况类信息更新量", "政务动态信息更新量", "信息公开目录信息更新量",
                  "解读材料数量", "回应公众关注热点或重大舆情数量", "收到留言数量", "办结留言数量", "平均办理时间",
                  "公开答复数量", "访谈期数", "网民留言数量", "答复网民提问数量", "安全检测评估次数", "发现问题数量",
                  "问题整改数量", "是否建立安全监测预警机制", "是否开展应急演练", "是否明确网站安全责任人"):
        assert label in labels
    assert labels[:9] == ["网站名称", "首页网址", "主办单位", "网站类型", "政府网站标识码", "ICP备案编号",
                          "公安机关备案号", "独立用户访问总量", "网站总访问量"]
    assert len({r.key for r in form.ROWS}) == len(form.ROWS)
    assert form.full_label(form.ROW_BY_KEY["msg_received"]) == "互动交流·留言办理·收到留言数量（单位：条）"
    assert form.full_label(form.ROW_BY_KEY["info_news"]) == "信息发布·政务动态信息更新量（单位：条）"


FACTS = form.SiteFacts(year=2025, agency_name="示例市人民政府", agency_level="government",
                       website="https://www.shili.example", items_total=420, items_overview=6, items_news=150,
                       interpretations=18,
                       engagement=EngagementYear(year=2025, hotspot_responses=31, online_interviews=4,
                                                 messages_received=120, messages_answered=110,
                                                 messages_average_workdays=5.2, messages_published=80))


def test_generation_fills_what_the_records_know_and_nothing_else():
    g = form.generate(FACTS)
    assert g["site_name"] == "示例市人民政府门户网站" and g["site_type"] == "政府门户网站"
    assert (g["info_total"], g["info_news"], g["info_catalogue"], g["info_overview"]) == (420, 150, 270, 6)
    assert (g["interp_materials"], g["hotspot"], g["interview_rounds"]) == (18, 31, 4)
    assert (g["msg_received"], g["msg_done"], g["msg_avg_days"], g["msg_published"]) == (120, 110, 5.2, 80)
    for unknown in ("unique_visitors", "total_visits", "icp", "police", "site_code", "sec_checks", "svc_users"):
        assert unknown not in g
    dept = form.generate(form.SiteFacts(year=2025, agency_name="示例市甲局", agency_level="department"))
    assert dept["site_type"] == "部门网站" and "home_url" not in dept and dept["msg_avg_days"] == 0


def test_merge_keeps_entered_values_and_refreshes_generated_ones():
    values = form.merge(None, form.generate(FACTS))
    assert values["hotspot"] == {"value": 31, "origin": "generated"}
    values = form.enter(values, "hotspot", 35)
    values = form.enter(values, "total_visits", 1_200_000)
    values = form.enter(values, "interp_products", 5)
    values = form.enter(values, "interp_media", 2)
    assert values["interp_total"] == {"value": 25, "origin": "generated"}  # 18 + 5 + 2
    again = form.merge(values, form.generate(form.SiteFacts(**{**FACTS.__dict__, "interpretations": 20})))
    assert again["hotspot"] == {"value": 35, "origin": "entered"}
    assert again["total_visits"]["value"] == 1_200_000 and again["interp_materials"]["value"] == 20
    assert again["interp_total"]["value"] == 27
    cleared = form.enter(again, "hotspot", None)
    assert "hotspot" not in cleared
    assert form.merge(cleared, form.generate(FACTS))["hotspot"] == {"value": 31, "origin": "generated"}


def test_parse_value_speaks_chinese():
    row = form.ROW_BY_KEY
    assert form.parse_value(row["total_visits"], "1,234") == 1234
    assert form.parse_value(row["msg_avg_days"], "3.24") == 3.2
    assert form.parse_value(row["sec_drills"], "是") is True and form.parse_value(row["sec_drills"], "") is None
    assert form.parse_value(row["innovation"], ["无障碍浏览", "搜索即服务"]) == ["搜索即服务", "无障碍浏览"]
    with pytest.raises(ValueError, match="网站总访问量（单位：次）应为不小于0的整数"):
        form.parse_value(row["total_visits"], "-3")
    with pytest.raises(ValueError, match="请选择：政府门户网站、部门网站、专项网站"):
        form.parse_value(row["site_type"], "门户")
    with pytest.raises(ValueError, match="是.*否"):
        form.parse_value(row["sec_officer"], "也许")


def test_missing_lists_required_rows_and_new_media_names():
    values = form.merge(None, form.generate(FACTS))
    gaps = form.missing(values)
    assert "网站总访问量（单位：次）" in gaps and "安全防护·是否开展应急演练" in gaps
    assert not any("网站名称" in g for g in gaps)
    full = dict(values)
    for row in form.ROWS:
        if row.required and row.key not in full:
            v = {"int": 1, "decimal": 1.0, "text": "x", "bool": True, "choice": row.choices[0] if row.choices else "x"}
            full = form.enter(full, row.key, v[row.kind])
    assert any("移动新媒体" in g for g in form.missing(full))  # media_has True without a name
    full = form.enter(full, "wechat_name", "示例发布")
    assert form.missing(full) == []


def test_deadline_is_31_january_with_near_and_past_warnings():
    assert form.deadline(2025) == date(2026, 1, 31)
    assert form.deadline_state(2025, date(2025, 12, 1))[0] == "ok"
    assert form.deadline_state(2025, date(2026, 1, 20)) == ("near", "距发布期限（2026-01-31）还有11天。")
    assert form.deadline_state(2025, date(2026, 2, 3)) == ("past", "已超过发布期限（2026-01-31）3天，尚未发布。")
    assert form.deadline_state(2025, date(2026, 3, 1), published_on=date(2026, 2, 2))[0] == "late"
    assert form.deadline_state(2025, date(2026, 3, 1), published_on=date(2026, 1, 30))[0] == "published"


def test_table_covers_every_row_once_with_consistent_spans():
    values = form.merge(None, form.generate(FACTS))
    cells = form.table(values)
    keys = [c.key for c in cells if c.kind == "value"]
    expected = [r.key for r in form.ROWS if form.SECTION_OF[r.key].key not in ("signature", "innovation")]
    assert keys == expected + ["innovation"]
    occupied = set()
    for c in cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                assert (r, k) not in occupied
                occupied.add((r, k))
    assert occupied == {(r, k) for r in range(form.nrows(cells)) for k in range(form.NCOLS)}
    value = {c.key: c for c in cells if c.kind == "value"}
    assert value["hotspot"].text == "31" and value["hotspot"].origin == "generated"
    assert value["site_type"].text.startswith("☑政府门户网站") and value["total_visits"].origin == ""


def test_renderings_carry_the_values_and_are_deterministic():
    values = form.enter(form.merge(None, form.generate(FACTS)), "icp", "示ICP备12345678号")
    doc = WebsiteReportDocument(agency="示例市人民政府", year=2025, values=values, published_on=date(2026, 1, 20))
    html = render_html(doc)
    assert "政府网站工作年度报表" in html and "（2025年度）" in html and "示ICP备12345678号" in html
    assert "2026年1月20日" in html and "草稿" not in html
    data = render_docx(doc)
    assert data == render_docx(doc)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "示ICP备12345678号" in xml and "回应公众关注热点或重大舆情数量" in xml
    assert "gridSpan" in xml and "vMerge" in xml  # the form's merged cells
    assert "草稿（未发布）" in render_html(WebsiteReportDocument(agency="x", year=2025, values=values))
