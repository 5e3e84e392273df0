"""Item bodies are rich text from editors, Word pastes and old CMS exports: kept as HTML, but only the safe
subset (nh3, the ammonia sanitiser), so a body can never carry a script, an event handler, a style that hides
text or a link to `javascript:`. Plain text for search, feeds and snippets comes from the cleaned HTML."""

from __future__ import annotations

import re

import nh3
from lxml import html as lxml_html

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "strong", "b", "em", "i", "u", "sub", "sup", "span", "div",
    "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "colgroup", "col", "a", "img", "hr", "pre", "code",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean(body: str) -> str:
    """The safe HTML of a body (idempotent). Plain text without tags is turned into paragraphs."""
    body = (body or "").strip()
    if body and "<" not in body:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
        body = "".join(f"<p>{_escape(p)}</p>" for p in paragraphs)
    return nh3.clean(body, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True).strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_BLOCKS = ("p", "div", "li", "tr", "h2", "h3", "h4", "h5", "blockquote", "pre", "table", "br")


def text_of(body_html: str) -> str:
    """Readable plain text of a (cleaned) body: one line per block, cells separated by spaces."""
    if not body_html.strip():
        return ""
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter("td", "th"):
        el.tail = " " + (el.tail or "")
    text = root.text_content()
    lines = [re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
