"""Markdown pipe tables with <br> in their cells are Markdown, not HTML."""

from gongkai.core.reading import read_bytes

MD = """# 某县人民政府2022年政府信息公开工作年度报告

## 三、收到和处理政府信息公开申请情况

| 本列数据的勾稽关系 | 自然人 | 商业<br>企业 | 科研<br>机构 | 社会公益<br>组织 | 法律服务<br>机构 | 其他 | 总计 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息<br>公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |
| 二、上年结转政府信息<br>公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""


def test_pipe_tables_with_br_are_markdown():
    doc = read_bytes(MD.encode(), "report.md")
    assert doc.format == "md"
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == 3  # header + 2 rows; the |---| line is no row


def test_an_html_page_stays_html():
    page = "<div><p>一</p><p>二</p><table><tr><td>1</td></tr></table></div>" + "<p>正文</p>" * 3
    assert read_bytes(page.encode(), "x").format == "html"
