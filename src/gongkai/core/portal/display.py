"""Traditional-script display of a rendered page: the text a reader sees is converted, the markup is not.

Only text between tags and the human-readable attributes (title, alt, aria-label, placeholder) change; tag
names, URLs (href, src, action), class names, form values and the contents of <script>, <style> and
<textarea> (code, and text a user typed) do not. Entities and ASCII pass through untouched, so a converted page
has the same structure and the same links.

>>> to_traditional_html('<a href="/gk/机关/" title="政府信息">政府信息公开</a>', lambda s: s.replace("信息", "資訊"))
'<a href="/gk/机关/" title="政府資訊">政府資訊公开</a>'
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TOKEN = re.compile(r"<!--.*?-->|<(script|style|textarea)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_ATTR = re.compile(r"""(\s(?:title|alt|aria-label|placeholder)\s*=\s*)("[^"]*"|'[^']*')""", re.I)


def _convert_tag(tag: str, convert: Callable[[str], str]) -> str:
    if tag.startswith("<!--") or not _needs(tag):
        return tag
    return _ATTR.sub(lambda m: m.group(1) + convert(m.group(2)), tag)


def _needs(text: str) -> bool:
    return any(ord(ch) > 0x2E7F for ch in text)


def to_traditional_html(page: str, convert: Callable[[str], str] | None = None) -> str:
    """`page` with its visible text in traditional script. `convert` defaults to OpenCC's s2t (phrase
    level); it is a parameter so the splitting can be tested with a transparent stand-in."""
    if convert is None:
        from gongkai.core.reading.script import to_traditional as convert
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(page):
        text = page[pos:m.start()]
        out.append(convert(text) if _needs(text) else text)
        token = m.group(0)
        if m.group(1):  # <script>/<style>/<textarea>…</…>: only the opening tag's attributes
            end = token.index(">") + 1
            out.append(_convert_tag(token[:end], convert) + token[end:])
        else:
            out.append(_convert_tag(token, convert))
        pos = m.end()
    tail = page[pos:]
    out.append(convert(tail) if _needs(tail) else tail)
    return "".join(out)
