"""HTML pages, typically government CMS articles saved from a browser.

The page is parsed with lxml's tolerant HTML parser; scripts, navigation and other chrome are dropped; the
main article container is preferred when one is clear (without losing the report title); block elements
become line breaks; data tables become grid-aligned `Table`s rendered as tab-separated lines at their place.
Tables used for page layout (a cell holding a nested table or a long text) are walked as blocks instead.

Report content delivered as script data (`document.write`, `var content = "…"`, app state, a JSON API response)
is read through `embedded`: what `document.write` writes takes the script's place; HTML held in script strings
replaces a visible body that lacks the report, or supplies the tables a body lacks.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import CorruptDocument, EmptyDocument
from . import embedded
from .layout import TextBuilder, cell_text, expand_spans

_ALWAYS_DROP = {
    "script", "style", "noscript", "iframe", "frame", "frameset", "template", "svg", "math", "object", "embed",
    "select", "option", "button", "input", "textarea", "canvas", "audio", "video", "map", "head",
}
# Chrome by tag: dropped only when small, since ASP.NET pages wrap everything in one <form> and HTML5
# articles put the title in a <header>.
_CHROME_TAGS = {"nav", "header", "footer", "aside", "form", "menu"}
_CHROME_NAME = re.compile(
    r"breadcrumb|crumb|bdshare|share|(?<![a-z])nav|menu|footer|copyright|toolbar|print|sidebar|related|comment"
    r"|position|location|dqwz|(?<![a-z])foot|topbar|top-bar|login|search|friendlink|links?-?box|qrcode|ewm"
    r"|fontsize|font-size|zihao|pager|(?<![a-z])tools?(?![a-z])",
    re.I,
)
_CHROME_MAX_CHARS = 400
_ARTICLE_NAME = re.compile(
    r"TRS_Editor|TRS_UEDITOR|(?<![a-z])zoom|article|content|detail|main-?text|maintext|news_?text|text_?con"
    r"|con_?text|(?<![a-z])con(?![a-z])|wzy|xxgk_?content|view|neirong|nr(?![a-z])",
    re.I,
)
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "main", "blockquote", "pre", "address", "center", "hr", "tr", "table", "caption", "figure",
    "figcaption", "fieldset", "legend", "body", "html", "tbody", "thead", "tfoot", "title",
}
_WS = re.compile(r"[ \t\n\r\f\v\xa0]+")
# Lines made only of page chrome: share/print/close links, font-size switches, "current position" bars.
_CHROME_WORD = (
    r"分享(?:到)?|打印(?:本页|此页|文章|页面)?|关闭(?:本页|窗口|此页)?|收藏(?:本页)?|返回(?:顶部|首页|列表)?|"
    r"字(?:体|号)\s*[:：]?\s*(?:[大中小]\s*)+|默认|扫一扫(?:在手机(?:上)?(?:打开|查看)(?:当前页)?)?|"
    r"(?:微信|微博|QQ空间|QQ好友|新浪微博|腾讯微博|人人网|豆瓣)|保存|纠错|背景色|下载本页|浏览次数|"
    r"访问量|点击(?:数|量|率)\s*[:：]?\s*\d*|【|】|\[|\]|\||/|丨|\s"
)
_CHROME_LINE = re.compile(rf"^(?:{_CHROME_WORD})+$")
# Chrome phrases sharing a line with real metadata ("发布日期：2022-01-20 【字体：大 中 小】 打印本页").
_CHROME_INLINE = re.compile(
    r"[【\[(（]?\s*字(?:体|号)\s*[:：]\s*(?:[大中小默认]\s*)+[】\])）]?"
    r"|[【\[]?\s*(?:打印本页|打印此页|关闭窗口|关闭本页|收藏本页|返回顶部|分享到\s*[:：]?|扫一扫在手机(?:上)?(?:打开|查看)当前页)\s*[】\]]?"
    r"|[【\[]\s*(?:打印|关闭|收藏|分享|纠错)\s*[】\]]"
)
_POSITION_LINE = re.compile(r"^\s*(?:当前位置|您(?:当前)?的位置|你的位置|您现在的位置|所在位置)\s*[:：]")
_TITLE_HINT = re.compile(r"年度报告|年报|工作报告|信息公开")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")


# Plain lxml elements: lxml.html's element-class lookup costs more than the rest of the walk.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    if m is None:
        m = re.search(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", data[:512])
    return m.group(1).decode("ascii", "ignore") if m else None


_WS_CHARS = " \t\n\r\f\v\xa0"  # exactly the characters of _WS


# The text under an element, concatenated in C: the same string as "".join(el.itertext()) on our trees
# (comments and processing instructions are dropped by the parser), without a Python step per text node.
_STRING = etree.XPath("string()", smart_strings=False)


def _text_len(el: etree._Element) -> int:
    """Characters of text under `el` other than whitespace (_WS)."""
    s = _STRING(el)
    return len(s) - sum(map(s.count, _WS_CHARS))


def _named(elements):
    """(element, name) for the elements that have an id or a class, in the given order.

    No name pattern matches the " " of a nameless element, so only these need the per-element regexes.
    (An XPath selecting them is slower than this loop: libxml2 evaluates predicates per node too.)
    """
    for el in elements:
        i = el.get("id")
        c = el.get("class")
        if i is not None or c is not None:
            yield el, f"{i or ''} {c or ''}"


def _drop(el: etree._Element) -> None:
    # Keep the tail: it is text that follows the element in its parent, not part of the element.
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _clean(root: etree._Element) -> None:
    # One walk for both: dropping in document order moves tails exactly as comments-then-elements did.
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction, *_ALWAYS_DROP)):
        if el.getparent() is not None:
            _drop(el)
    candidates = []
    for el in root.iter(etree.Element):
        tag = el.tag
        if tag in _CHROME_TAGS:
            candidates.append(el)
            continue
        i = el.get("id")
        c = el.get("class")
        if (i is None and c is None) or tag in ("html", "body"):
            continue
        name = f"{i or ''} {c or ''}"
        if _CHROME_NAME.search(name) and not _ARTICLE_NAME.search(name):
            candidates.append(el)
    for el in candidates:
        if el.getparent() is None or _dropped(el):
            continue
        if el.find(".//table") is None and _text_len(el) <= _CHROME_MAX_CHARS and not _holds_title(el):
            _drop(el)


def _dropped(el: etree._Element) -> bool:
    while el is not None:
        parent = el.getparent()
        if parent is None:
            return el.tag != "html"
        el = parent
    return False


def _holds_title(el: etree._Element) -> bool:
    for h in el.iter("h1", "h2"):
        if _TITLE_HINT.search("".join(h.itertext())):
            return True
    return False


def _main_container(body: etree._Element) -> etree._Element:
    total = _text_len(body)
    best, best_len = None, 0
    for el, name in _named(body.iter("div", "td", "article", "section", "main")):
        if _ARTICLE_NAME.search(name) and not _CHROME_NAME.search(el.get("class") or ""):
            n = _text_len(el)
            # The innermost container holding nearly all of an outer one's text wins (iteration is top-down).
            if n > best_len * 1.0 or (best is not None and n >= 0.9 * best_len and _is_inside(el, best)):
                best, best_len = el, n
    if best is not None and best_len >= 50 and best_len >= 0.4 * total:
        return best
    return body


def _is_inside(el: etree._Element, ancestor: etree._Element) -> bool:
    p = el.getparent()
    while p is not None:
        if p is ancestor:
            return True
        p = p.getparent()
    return False


def _title(body: etree._Element, container: etree._Element, head_title: str) -> str | None:
    """The report title when the chosen container does not include it."""
    if container is body:
        return None
    headings = [h for h in body.iter("h1", "h2", "h3") if not _is_inside(h, container)]
    titled = [h for h, name in _named(body.iter(etree.Element)) if "title" in name.lower()
              and not _is_inside(h, container) and not _is_inside(container, h) and h is not container]
    for h in headings + titled:
        text = _WS.sub(" ", "".join(h.itertext())).strip()
        if text and len(text) <= 120 and _TITLE_HINT.search(text):
            return text
    if head_title and _TITLE_HINT.search(head_title):
        return head_title
    return None


class _Renderer:
    def __init__(self) -> None:
        self.out = TextBuilder()
        self._inline: list[str] = []

    def flush(self) -> None:
        if self._inline:
            line = _WS.sub(" ", "".join(self._inline)).strip(" ")
            self._inline.clear()
            if "字" in line or "打印" in line or "关闭" in line or "分享" in line or "收藏" in line or "扫一扫" in line:
                line = _WS.sub(" ", _CHROME_INLINE.sub(" ", line)).strip(" ")
            if line and not _CHROME_LINE.match(line) and not _POSITION_LINE.match(line):
                self.out.line(line)

    def inline(self, s: str | None) -> None:
        if s:
            self._inline.append(s)

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and not _is_layout_table(el):
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.inline(el.text)
        for child in el:
            self.walk(child)
            self.inline(child.tail)
            if child.tag in ("td", "th"):
                self.flush()  # cells of a layout table are blocks
        if block:
            self.flush()

    def table(self, el: etree._Element) -> None:
        rows = []
        texts = {}
        for tr in _rows(el):
            cells = []
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                key = td
                texts[key] = cell_text(_cell_raw_text(td))
                cells.append((key, _int(td.get("colspan")), _int(td.get("rowspan"))))
            rows.append(cells)
        grid = expand_spans(rows)
        # Decorative tables with no text at all carry nothing.
        if any(texts.values()):
            self.out.table(grid, texts, origin="html")


def _int(v: str | None) -> int:
    try:
        return int(str(v).strip().rstrip(";")) if v is not None else 1
    except ValueError:
        return 1


def _rows(table: etree._Element) -> list[etree._Element]:
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if c.tag == "tr")
    return rows


def _cell_raw_text(td: etree._Element) -> str:
    if not len(td):
        return td.text or ""  # most cells: text only
    parts: list[str] = []

    def collect(el: etree._Element) -> None:
        if el is not td and el.tag in _BLOCK:
            parts.append(" ")  # paragraphs inside a cell: keep numbers in separate paragraphs apart
        if el.text:
            parts.append(el.text)
        for child in el:
            collect(child)
            if child.tail:
                parts.append(child.tail)

    collect(td)
    return "".join(parts)


# A cell holding a nested table, or a long text, means the table lays out the page rather than holding data.
_LAYOUT_CELL = etree.XPath(
    "boolean((./tr | ./*/tr)/*[self::td or self::th][.//table or string-length(normalize-space()) > 600"
    " or (.//p and string-length(normalize-space()) > 300)])"
)


def _is_layout_table(table: etree._Element) -> bool:
    return bool(_LAYOUT_CELL(table))


_EMBEDDED_MIN_CHARS = 100
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# A document that is data rather than markup: JSON, JSONP (`cb({...})`) or a script assigning the article.
_DATA_START = re.compile(r"\A\s*(?:[\[{]|[\w$.]{1,80}\s*\(\s*[\[{]|(?:var|let|const|window\.)\s*[\w$.]*\s*=)")
_REPORT_WORDS = re.compile(r"公开|公開")
_EMBEDDED_RATIO = 1.5


def _parse(text: str) -> etree._Element:
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        if not text.strip():
            raise EmptyDocument("empty html") from e
        raise CorruptDocument(f"html parse failed: {e}") from e
    if root is None:
        raise EmptyDocument("html without elements")
    return root


def _fragment(html_text: str) -> etree._Element:
    """`html_text` parsed as the content of a <div>."""
    root = _parse(f"<html><body><div>{html_text}</div></body></html>")
    body = root.find("body")
    div = etree.Element("div")
    for child in list(body if body is not None else root):
        div.append(child)
    div.text = body.text if body is not None else None
    return div


def _page_of(found: embedded.Embedded) -> str:
    title = f"<h1>{_escape(found.title)}</h1>" if found.title else ""
    return f"<html><body>{title}<div class=\"content\">{found.html}</div></body></html>"


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _scripts(root: etree._Element) -> list[str]:
    """Run the document.write calls in place and return the other scripts' sources, in document order."""
    sources = []
    for script in list(root.iter("script")):
        source = script.text
        if not source or not source.strip():
            continue
        written = embedded.document_writes(source) if "write" in source else None
        if written is None:
            sources.append(source)
            continue
        parent = script.getparent()
        # Analytics badges write percent-encoded markup (unescape("%3Cspan…")): neither tags nor words.
        if parent is None or not any("<" in w or _CJK_CHAR.search(w) for w in written):
            continue
        div = _fragment("".join(written))
        div.tail = script.tail
        parent.replace(script, div)
    return sources


def _has_data_table(el: etree._Element) -> bool:
    return any(re.search(r"\d", _STRING(t)) for t in el.iter("table"))


def _from_scripts(sources: list[str], container: etree._Element) -> tuple[etree._Element, bool] | None:
    """(content, replaces) when scripts carry the report the visible container lacks.

    The scripts' HTML replaces the container when it holds clearly more text (an app shell, a page whose
    article is rendered by JavaScript); it is added after the container when it holds the tables the
    container lacks (the narrative in the page, the tables in a script)."""
    visible = _text_len(container)
    if sum(map(len, sources)) <= visible * _EMBEDDED_RATIO and _has_data_table(container):
        return None
    found = embedded.extract(sources, json_first=True)
    if found is None:
        return None
    root = _parse(_page_of(found))
    _clean(root)
    body = root.find("body")
    if body is None:
        return None
    n = _text_len(body)
    # Menus, tips and widgets built by scripts are not the report: the replacement must speak of disclosure.
    if n >= _EMBEDDED_MIN_CHARS and n > visible * _EMBEDDED_RATIO and _REPORT_WORDS.search(_STRING(body)):
        return body, True
    if _has_data_table(body) and not _has_data_table(container):
        visible_text = _WS.sub("", _STRING(container))
        tables = [t for t in body.iter("table") if _WS.sub("", _STRING(t)) not in visible_text]
        if tables:
            return body, False
    return None


def read_html_text(text: str) -> tuple[str, list]:
    """Render decoded HTML (or a JSON/JavaScript document carrying HTML); returns (text, tables)."""
    text = _XML_DECL.sub("", text, count=1)
    if _DATA_START.match(text):
        found = embedded.extract([text], json_first=True)
        if found is not None:
            text = _page_of(found)
    root = _parse(text)
    title_el = root.find(".//title")
    title_text = _WS.sub(" ", "".join(title_el.itertext())).strip() if title_el is not None else ""
    sources = _scripts(root)
    _clean(root)
    body = root.find("body")
    if body is None:
        body = root
    container = _main_container(body)
    extra = None
    if sources:
        scripted = _from_scripts(sources, container)
        if scripted is not None and scripted[1]:
            body = scripted[0]
            container = _main_container(body)
        elif scripted is not None:
            extra = scripted[0]
    title = _title(body, container, title_text)
    if title is None and container is body and body.find(".//h1") is None and _TITLE_HINT.search(title_text):
        title = title_text
    r = _Renderer()
    if title and title not in _STRING(container)[:2000]:
        r.out.line(title)
    r.walk(container)
    if extra is not None:
        r.walk(extra)
    r.flush()
    return r.out.text(), r.out.tables
