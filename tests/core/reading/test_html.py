"""HTML: chrome removed, main content and title kept, tables grid-aligned and rendered at their place."""

from __future__ import annotations

from gongkai.core.reading import read_bytes

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某县2021年政府信息公开工作年度报告_某县人民政府</title>
<script>var x = "本年新收 999";</script><style>.a{color:red}</style></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<ul class="nav"><li>首页</li><li>政务公开</li><li>互动交流</li></ul>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="main">
  <h1 class="title">某县2021年政府信息公开工作年度报告</h1>
  <div class="info">发布日期：2022-01-20 【字体：<a>大</a> <a>中</a> <a>小</a>】 <a>打印本页</a></div>
  <div class="bdsharebuttonbox"><a>分享到</a><a>微信</a><a>微博</a></div>
  <div class="TRS_Editor">
    <p>&nbsp;&nbsp;根据《中华人民共和国政府信息公开条例》，现公布本报告。</p>
    <p>一、总体情况<br>全年主动公开信息1234条。</p>
    <table border="1">
      <tr><td rowspan="2">本年新收政府信息公开申请数量</td><td colspan="2">申请人情况</td><td rowspan="2">总计</td></tr>
      <tr><td>自然人</td><td>法人</td></tr>
      <tr><td>数量</td><td>12</td><td>3</td><td>15</td></tr>
    </table>
    <p>三、存在的主要问题</p>
  </div>
  <div class="print"><a href="javascript:window.print()">打印</a> <a>关闭窗口</a></div>
</div>
<div class="footer">版权所有：某县人民政府 主办单位：某县政府办公室 ICP备案号 12345</div>
</body></html>"""


def _doc():
    return read_bytes(PAGE.encode("gb2312"), "page.html")


def test_html_uses_its_declared_charset_and_keeps_title_and_content():
    doc = _doc()
    assert doc.format == "html" and doc.encoding == "gb18030"
    assert doc.text.splitlines()[0] == "某县2021年政府信息公开工作年度报告"
    assert "根据《中华人民共和国政府信息公开条例》，现公布本报告。" in doc.text
    assert "一、总体情况\n全年主动公开信息1234条。" in doc.text
    assert "三、存在的主要问题" in doc.text


def test_html_chrome_is_removed():
    text = _doc().text
    for chrome in ("999", "color:red", "互动交流", "当前位置", "分享", "打印", "关闭窗口", "字体", "版权所有", "微博"):
        assert chrome not in text, chrome


def test_html_table_is_grid_aligned_with_spans_expanded():
    doc = _doc()
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.origin == "html"
    texts = [[c.text for c in row] for row in table.rows]
    assert texts == [
        ["本年新收政府信息公开申请数量", "申请人情况", "申请人情况", "总计"],
        ["本年新收政府信息公开申请数量", "自然人", "法人", "总计"],
        ["数量", "12", "3", "15"],
    ]
    assert table.rows[0][1] is table.rows[0][2]  # colspan: the same Cell object
    assert table.rows[0][0] is table.rows[1][0]  # rowspan
    for row in table.rows:
        for cell in row:
            assert doc.text[cell.start:cell.end] == cell.text
    lines = doc.text[table.start:table.end].split("\n")
    assert lines == ["本年新收政府信息公开申请数量\t申请人情况\t总计", "自然人\t法人", "数量\t12\t3\t15"]
    # The table sits between the paragraphs around it, and its figures appear once.
    assert doc.text.index("1234条") < table.start < doc.text.index("三、存在的主要问题")
    assert doc.text.count("15") == 1


def test_html_in_utf8_without_declaration_and_without_container():
    page = "<html><body><h1>某市2020年政府信息公开工作年度报告</h1><p>第一段。</p><div>第二段</div></body></html>"
    doc = read_bytes(page.encode("utf-8"))
    assert doc.text == "某市2020年政府信息公开工作年度报告\n第一段。\n第二段\n"


def test_asp_net_form_wrapping_the_page_is_not_dropped():
    body = "<p>" + "正文内容。" * 100 + "</p>"
    page = f"<html><body><form id='form1'><h1>年度报告</h1>{body}</form></body></html>"
    assert "正文内容。" in read_bytes(page.encode()).text


def test_layout_table_is_walked_as_blocks():
    data_table = "<table><tr><td>结果维持</td><td>2</td></tr><tr><td>结果纠正</td><td>1</td></tr></table>"
    long_text = "<p>" + "说明文字。" * 80 + "</p>"
    page = f"<html><body><table><tr><td>{long_text}{data_table}</td></tr></table></body></html>"
    doc = read_bytes(page.encode())
    assert len(doc.tables) == 1
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["结果维持", "2"], ["结果纠正", "1"]]


def test_title_from_head_when_the_body_has_no_heading():
    page = ("<html><head><title>某区2019年政府信息公开工作年度报告</title></head><body>"
            "<div class='content'><p>" + "内容。" * 100 + "</p></div></body></html>")
    doc = read_bytes(page.encode())
    assert doc.text.startswith("某区2019年政府信息公开工作年度报告\n")


def test_big5_html_page():
    page = ('<html><head><meta charset="big5"></head><body><h1>寶雞市政府信息公開工作年度報告</h1>'
            "<p>全年受理申請86件。</p></body></html>")
    doc = read_bytes(page.encode("big5"))
    assert "全年受理申請86件。" in doc.text and doc.script == "traditional"


# --- report HTML carried by scripts and JSON ------------------------------------------------------------

_REPORT_HTML = (
    "<p>一、总体情况</p><p>全年主动公开政府信息1234条。</p>"
    "<table border='1'><tr><td>自然人</td><td>商业企业</td><td>总计</td></tr>"
    "<tr><td>&nbsp;</td><td>3</td><td>3</td></tr></table><p>三、存在的主要问题</p>"
)


def _rows(doc):
    return [[c.text for c in r] for r in doc.tables[0].rows]


def _offsets_hold(doc):
    for table in doc.tables:
        for row in table.rows:
            for cell in row:
                assert doc.text[cell.start : cell.end] == cell.text


def test_document_write_is_rendered_in_place_of_its_script():
    page = (
        "<html><body><div class='content'><p>" + "前言。" * 40 + "</p>"
        "<script type='text/javascript'>\ndocument.write('<table><tr><td colspan=\\'2\\'>结果<\\/td><\\/tr>');\n"
        "document.write('<tr><td>\\u7ef4\\u6301<\\/td>'\n  + '<td>2<\\/td><\\/tr><\\/table>');\n</script>"
        "<p>结尾。</p></div></body></html>"
    )
    doc = read_bytes(page.encode())
    assert _rows(doc) == [["结果", "结果"], ["维持", "2"]]
    assert doc.text.index("前言") < doc.tables[0].start < doc.text.index("结尾。")
    _offsets_hold(doc)


def test_app_shell_is_replaced_by_the_article_in_its_state():
    import json

    state = json.dumps({"article": {"title": "某区2022年政府信息公开工作年度报告", "content": _REPORT_HTML}}, ensure_ascii=False)
    state = state.replace("/", "\\/")  # as PHP's json_encode writes it
    page = (
        "<html><head><title>某区人民政府</title></head><body><div id='app'></div>"
        f"<script>window.__INITIAL_STATE__={state};</script></body></html>"
    )
    doc = read_bytes(page.encode())
    assert doc.text.startswith("某区2022年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息1234条。\n")
    assert _rows(doc) == [["自然人", "商业企业", "总计"], ["", "3", "3"]]
    _offsets_hold(doc)


def test_js_string_escapes_are_decoded_like_javascript():
    from gongkai.core.reading.embedded import decode_js_string

    assert decode_js_string(r"a\"b\'c\\d\/e\n\tf") == "a\"b'c\\d/e\n\tf"
    assert decode_js_string(r"\u4fe1\u606f\x3cp\x3e\u{20BB7}") == "信息<p>𠮷"
    assert decode_js_string(r"\ud842\udfb7") == "𠮷"  # a surrogate pair is one character
    assert decode_js_string("line\\\ncontinued") == "linecontinued"


def test_var_content_page_with_escapes_and_entities():
    body = _REPORT_HTML.replace("<", "\\x3c", 1).replace("1234", "\\u0031234").replace("'", "\\\"")
    page = (
        "<html><head><title>某市人民政府办公室2023年政府信息公开工作年度报告_某市人民政府</title></head><body>"
        "<ul class='menu'><li>首页</li><li>政务公开</li></ul><div id='zoom'></div>"
        f'<script>var content = "{body}";document.getElementById("zoom").innerHTML = content;</script></body></html>'
    )
    doc = read_bytes(page.encode())
    assert doc.text.splitlines()[0] == "某市人民政府办公室2023年政府信息公开工作年度报告_某市人民政府"
    assert "全年主动公开政府信息1234条。" in doc.text and "首页" not in doc.text
    assert _rows(doc)[1] == ["", "3", "3"]


def test_json_api_response_is_read_as_html():
    import json

    response = {"code": 200, "data": {"title": "某开发区管理委员会2021年政府信息公开工作年度报告",
                                      "summary": "一、总体情况", "content": _REPORT_HTML, "hits": 642}}
    doc = read_bytes(json.dumps(response, ensure_ascii=True).encode(), "detail.json")
    assert doc.format == "html"
    assert doc.text.startswith("某开发区管理委员会2021年政府信息公开工作年度报告\n一、总体情况\n")
    assert doc.text.count("一、总体情况") == 1  # the summary repeats the article's start: taken once
    assert "642" not in doc.text
    _offsets_hold(doc)


def test_json_with_escaped_tags_and_entity_escaped_html():
    import json

    go_style = json.dumps({"html": _REPORT_HTML}).replace("<", "\\u003c").replace(">", "\\u003e")
    assert "全年主动公开政府信息1234条。" in read_bytes(go_style.encode()).text
    entities = json.dumps({"content": _REPORT_HTML.replace("<", "&lt;").replace(">", "&gt;")}, ensure_ascii=False)
    page = f"<html><body><div id='app'></div><script type='application/json'>{entities}</script></body></html>"
    doc = read_bytes(page.encode())
    assert _rows(doc) == [["自然人", "商业企业", "总计"], ["", "3", "3"]]


def test_visible_report_is_kept_and_script_strings_stay_out():
    page = (
        "<html><body><div class='content'>" + _REPORT_HTML + "</div>"
        "<script>var tip = '<p>请使用IE9以上浏览器访问本站</p>'; var related = '<p>上一篇：某区2021年报告</p>';</script>"
        "</body></html>"
    )
    doc = read_bytes(page.encode())
    assert "浏览器" not in doc.text and "上一篇" not in doc.text
    assert len(doc.tables) == 1


def test_tables_from_a_script_are_added_when_the_page_has_only_the_narrative():
    page = (
        "<html><body><div class='content'><p>" + "全年主动公开政府信息1234条。" * 20 + "</p><div id='t'></div></div>"
        "<script>var tableHtml = \"<table><tr><td>自然人</td><td>总计</td></tr><tr><td>2</td><td>2</td></tr></table>\";"
        "$('#t').html(tableHtml);</script></body></html>"
    )
    doc = read_bytes(page.encode())
    assert _rows(doc) == [["自然人", "总计"], ["2", "2"]]
    assert doc.text.index("1234条") < doc.tables[0].start


def test_a_menu_built_by_a_script_does_not_replace_a_short_page():
    menu = "".join(f"<li><a href='/l{i}'>乡镇街道栏目第{i}项</a></li>" for i in range(60))
    page = (
        "<html><body><div class='content'><p>附件：年度报告全文（PDF）请点击下载。</p></div>"
        f"<script>var menuHtml = \"<ul>{menu}</ul>\"; $('#menu').html(menuHtml);</script></body></html>"
    )
    doc = read_bytes(page.encode())
    assert "附件" in doc.text and "栏目" not in doc.text


def test_analytics_document_write_leaves_no_text():
    page = (
        "<html><body><div class='content'><p>全年主动公开政府信息1234条。</p>"
        "<script>document.write(unescape(\"%3Cspan id='cnzz_stat_icon_1279'%3E%3C/span%3E\"));"
        "document.write(new Date().getFullYear());</script></div></body></html>"
    )
    assert read_bytes(page.encode()).text == "全年主动公开政府信息1234条。\n"
