"""Report HTML carried inside JavaScript or JSON rather than in the page's visible markup.

CMS and single-page-app pages deliver the article as data: `var content = "<p>…"`, `window.__INITIAL_STATE__
= {...}`, `document.write('<table>…')`, a `<script type="application/json">` island, or a whole API response
(`{"data": {"title": "…", "content": "<table>…"}}`) saved as .json or .html. The strings are decoded exactly
as a JavaScript engine would (`\\n`, `\\"`, `\\/`, `\\uXXXX` with surrogate pairs, `\\xHH`, line continuations);
entity-escaped markup (`&lt;table&gt;`) is unescaped once. What comes out is plain HTML text for the HTML
reader, so offsets and evidence refer to the rendered text like any other page.
"""

from __future__ import annotations

import html as _html
import json
import re
from dataclasses import dataclass

# String literals, comments and parentheses of JavaScript, in one pass (strings first, so quotes inside
# comments and comment markers inside strings are each seen in their own context).
_JS_TOKEN = re.compile(
    r"""(?P<s>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)"""
    r"""|(?P<c>//[^\n]*|/\*.*?\*/|<!--|-->)|(?P<o>\()|(?P<x>\))|(?P<plus>\+)|(?P<other>[^\s"'`/()+]+|/)""",
    re.S,
)
_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3})|(\r\n|[\s\S]))")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}
_LINE_TERMINATORS = ("\n", "\r", "\r\n", "\u2028", "\u2029")
_TAG = re.compile(
    r"<(?:p|div|table|tbody|thead|tr|td|th|span|br|h[1-6]|strong|b|font|section|article|ul|ol|li|center)\b[^<>]{0,2000}>",
    re.I,
)
_ESCAPED_TAG = re.compile(r"&lt;(?:p|div|table|tr|td|span|br|h[1-6])\b", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TITLE_KEY = re.compile(r"title|^bt$|biaoti|headline|subject", re.I)
_KEY_BEFORE = re.compile(r"""["']?([A-Za-z_$][\w$]*)["']?\s*[:=]\s*$""")
_DOC_WRITE = re.compile(r"document\s*\.\s*write(?:ln)?\s*\(")
_TAGS_OR_WS = re.compile(r"<[^<>]*>|&nbsp;|&#160;|\s+")
# Plain-text article bodies (no tags) are taken only when long and about disclosure.
_PLAIN_MIN_CJK = 200
_DISCLOSURE = re.compile(r"信息公开|政务公开|信息公開|政務公開")


def decode_js_string(body: str) -> str:
    """The value of a JavaScript string literal's body (without its quotes)."""
    if "\\" not in body:
        return body

    def one(m: re.Match) -> str:
        braced, u4, x2, octal, other = m.groups()
        if braced or u4:
            return chr(int(braced or u4, 16))
        if x2:
            return chr(int(x2, 16))
        if octal:
            return chr(int(octal, 8)) if octal != "0" else "\0"
        if other in _LINE_TERMINATORS:
            return ""  # a line continuation
        return _SIMPLE_ESCAPES.get(other, other)

    out = _ESCAPE.sub(one, body)
    # \uD83D\uDE00: two escapes for one character outside the BMP.
    if any("\ud800" <= ch <= "\udfff" for ch in out):
        out = out.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return out


@dataclass
class Embedded:
    title: str | None
    html: str  # the content pieces joined, as HTML


def _key_before(source: str, pos: int) -> str | None:
    m = _KEY_BEFORE.search(source, max(0, pos - 80), pos)
    return m.group(1) if m else None


def js_strings(source: str) -> list[tuple[str | None, str]]:
    """(key, value) for each string expression in a script, in order; `"a" + "b"` is one value."""
    out: list[tuple[str | None, str]] = []
    pending: list[str] | None = None  # pieces of a concatenation in progress
    key: str | None = None
    after_plus = False
    for m in _JS_TOKEN.finditer(source):
        kind = m.lastgroup
        if kind == "c":
            continue
        if kind == "s":
            value = decode_js_string(m.group()[1:-1])
            if pending is not None and after_plus:
                pending.append(value)
            else:
                if pending is not None:
                    out.append((key, "".join(pending)))
                pending, key = [value], _key_before(source, m.start())
            after_plus = False
        elif kind == "plus":
            after_plus = pending is not None
        elif pending is not None:  # `;`, `,`, `)` or a variable: the expression of literals ends
            out.append((key, "".join(pending)))
            pending, after_plus = None, False
    if pending is not None:
        out.append((key, "".join(pending)))
    return out


def document_writes(source: str) -> list[str] | None:
    """The HTML each `document.write(...)` of a script writes, or None when the script writes nothing."""
    calls = list(_DOC_WRITE.finditer(source))
    if not calls:
        return None
    out = []
    for call in calls:
        depth = 1
        pieces: list[str] = []
        for m in _JS_TOKEN.finditer(source, call.end()):
            kind = m.lastgroup
            if kind == "o":
                depth += 1
            elif kind == "x":
                depth -= 1
                if depth == 0:
                    break
            elif kind == "s":
                pieces.append(decode_js_string(m.group()[1:-1]))
        out.append("".join(pieces))
    return out


def json_strings(value, key: str | None = None) -> list[tuple[str | None, str]]:
    """(key, value) for every string in a parsed JSON value, in document order."""
    out: list[tuple[str | None, str]] = []
    stack = [(key, value)]
    while stack:
        k, v = stack.pop()
        if isinstance(v, str):
            out.append((k, v))
        elif isinstance(v, dict):
            stack.extend(reversed([(str(kk), vv) for kk, vv in v.items()]))
        elif isinstance(v, list):
            stack.extend(reversed([(k, vv) for vv in v]))
    return out


def _strings_of(source: str, *, json_first: bool) -> list[tuple[str | None, str]]:
    stripped = source.strip()
    if json_first and stripped[:1] in "{[":
        try:
            return _expand(json_strings(json.loads(stripped)))
        except (ValueError, RecursionError):
            pass
    return _expand(js_strings(source))


def _expand(strings: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """A string that is itself a JSON document (`JSON.parse("{\\"content\\":…}")`) stands for its strings."""
    out = []
    for k, v in strings:
        s = v.strip()
        if len(s) > 20 and s[:1] in "{[" and s[-1:] in "}]":
            try:
                out.extend(json_strings(json.loads(s), k))
                continue
            except (ValueError, RecursionError):
                pass
        out.append((k, v))
    return out


def _as_html(value: str) -> str | None:
    """The string as report HTML, or None when it is not article content."""
    if _TAG.search(value):
        return value
    if _ESCAPED_TAG.search(value):
        return _html.unescape(value)
    if len(_CJK.findall(value)) >= _PLAIN_MIN_CJK and _DISCLOSURE.search(value):
        return "".join(f"<p>{_html.escape(line)}</p>" for line in value.splitlines())
    return None


def _plain(html_text: str) -> str:
    return _TAGS_OR_WS.sub("", html_text)


def extract(sources: list[str], *, json_first: bool = False) -> Embedded | None:
    """The article HTML and title carried by the given scripts (or one JSON/JS document), if any."""
    title: str | None = None
    pieces: list[str] = []
    for source in sources:
        for key, value in _strings_of(source, json_first=json_first):
            if title is None and key and _TITLE_KEY.search(key) and not _TAG.search(value):
                t = " ".join(value.split())
                if 6 <= len(t) <= 120 and _CJK.search(t):
                    title = t
                    continue
            content = _as_html(value)
            if content is not None:
                pieces.append(content)
    if not pieces:
        return None
    # The same article often travels twice (server props and client state) or with a summary that is its
    # first paragraph: keep a piece only when its text is not already part of a longer one.
    plains = [_plain(p) for p in pieces]
    kept = []
    for i, (piece, plain) in enumerate(zip(pieces, plains, strict=True)):
        if not plain:
            continue
        if any(j != i and plain in other and (len(other) > len(plain) or j < i) for j, other in enumerate(plains)):
            continue
        kept.append(piece)
    if not kept:
        return None
    return Embedded(title, "\n".join(kept))
