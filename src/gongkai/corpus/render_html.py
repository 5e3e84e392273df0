"""A government CMS article page around the report, in the shapes such sites really have.

Chrome (breadcrumbs, navigation, share buttons, 【字体：大 中 小】, 打印本页/关闭窗口, footer with 网站标识码
and ICP number) carries numbers and words that are not figures; the report itself sits in the article
body with its tables as real <table> elements with the official merged cells.
"""

from __future__ import annotations

import random
from html import escape

from .layout import Block, Heading, Paragraph, Table

_PROVINCE_ABBR = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云陕甘青宁新"


def _cell_html(text: str, rng_word: bool) -> str:
    parts = [escape(p) for p in text.split("\n")]
    if rng_word:
        # Word-exported HTML wraps each line in its own paragraph/span.
        return "".join(f'<p class="MsoNormal" align="center"><span style="font-family:宋体">{p}</span></p>' for p in parts)
    return "<br/>".join(parts)


def _table(t: Table, word_style: bool) -> str:
    attrs = (
        'class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;border:none"'
        if word_style
        else 'border="1" cellspacing="0" cellpadding="4" width="100%"'
    )
    rows = []
    for row in t.rows:
        cells = []
        for c in row:
            span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            align = ' align="center"' if c.numeric or c.header else ""
            cells.append(f"<td{span}{align}>{_cell_html(c.text, word_style)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table {attrs}><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


def render_html(blocks: list[Block], *, title: str, agency: str, year: int, seed: str) -> tuple[str, str]:
    """The page as text and the charset it declares (the caller encodes it)."""
    rng = random.Random(seed)
    charset = rng.choice(("utf-8", "utf-8", "utf-8", "gb2312", "gbk"))
    word_style = rng.random() < 0.5
    site = agency if agency.endswith("政府") else agency + "门户网站"
    published = f"{year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
    body = []
    for b in blocks:
        if isinstance(b, Heading):
            if b.level == 0:
                body.append(f'<p style="text-align:center"><strong>{escape(b.text)}</strong></p>')
            elif rng.random() < 0.5:
                body.append(f"<h{b.level + 2}>{escape(b.text)}</h{b.level + 2}>")
            else:
                body.append(f'<p style="text-indent:2em"><strong>{escape(b.text)}</strong></p>')
        elif isinstance(b, Paragraph):
            body.append(f'<p style="text-indent:2em">{escape(b.text)}</p>')
        elif isinstance(b, Table):
            body.append(_table(b, word_style))
    nav = "".join(f'<li><a href="/{i}/">{n}</a></li>' for i, n in enumerate(["首页", "政务公开", "政务服务", "互动交流", "走进本地", "专题专栏"]))
    code = f"{rng.randint(1100, 6599)}{rng.randint(0, 999999):06d}"
    icp = f"{rng.choice(_PROVINCE_ABBR)}ICP备{rng.randint(5000000, 19999999)}号-{rng.randint(1, 3)}"
    index_no = f"{rng.randint(10000000, 99999999)}-{rng.randint(0, 9)}/{year + 1}-{rng.randint(1, 500):05d}"
    meta_block = (
        f'<table class="xxgk-meta"><tr><td>索引号：</td><td>{index_no}</td><td>主题分类：</td><td>政务公开</td></tr>'
        f"<tr><td>发布机构：</td><td>{escape(agency)}</td><td>成文日期：</td><td>{published[:10]}</td></tr>"
        f"<tr><td>名　　称：</td><td colspan=\"3\">{escape(title)}</td></tr></table>"
        if rng.random() < 0.5
        else f'<div class="xxgk-meta"><span>索引号：{index_no}</span><span>发布机构：{escape(agency)}</span>'
        f"<span>公开方式：主动公开</span></div>"
    )
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta name="SiteName" content="{escape(site)}" />
<meta name="ArticleTitle" content="{escape(title)}" />
<title>{escape(title)}_{escape(site)}</title>
<link rel="stylesheet" type="text/css" href="/images/style.css" />
<script type="text/javascript">var hits = {rng.randint(100, 9999)}; function doZoom(size){{document.getElementById('zoom').style.fontSize=size+'px';}}</script>
</head>
<body>
<div class="top"><span>{escape(site)}</span><a href="#">无障碍</a> | <a href="#">长者模式</a> | <a href="#">登录</a></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; <a href="/xxgk/ndbg/">年度报告</a></div>
{meta_block}
<div class="article">
<h1 class="title">{escape(title)}</h1>
<div class="info">发布时间：{published}　来源：{escape(agency)}　浏览次数：<span id="hits">{rng.randint(100, 9999)}</span>　【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
<div class="share">分享到：<a class="wx" href="#">微信</a><a class="wb" href="#">微博</a><a class="qz" href="#">QQ空间</a></div>
<div id="zoom" class="TRS_Editor">
{chr(10).join(body)}
</div>
<div class="print"><a href="javascript:window.print()">打印本页</a>　<a href="javascript:window.close()">关闭窗口</a></div>
</div>
<div class="footer">
<p>主办单位：{escape(agency)}　承办单位：{escape(agency)}信息中心</p>
<p>网站标识码：{code}　<a href="https://beian.miit.gov.cn/">{icp}</a>　联系电话：0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}</p>
<p>版权所有 © {year + 1} {escape(site)}　建议使用1920×1080分辨率浏览</p>
</div>
</body>
</html>
"""
    return page, charset


def encode(page: str, charset: str) -> bytes:
    # CMS pages declared as gb2312 are in practice GBK; characters outside it become numeric references.
    codec = "gbk" if charset in ("gb2312", "gbk") else "utf-8"
    return page.encode(codec, errors="xmlcharrefreplace")
