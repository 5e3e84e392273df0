"""Decoding bytes into text, and deciding and normalising the script.

Decoding order: BOM, strict UTF-8, then the Chinese legacy encodings (GB18030, a superset of GBK/GB2312, and
Big5) scored by how much the result looks like Chinese text, then charset-normalizer as a last resort. Apart
from newline normalisation the decoded text is never altered: evidence quotes must be verbatim.

`simplify(text)` builds the same-length simplified copy that `Document.simplified` promises.
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from operator import ne

from ..errors import EmptyDocument, UndecodableText
from .script import converter, to_simplified, to_traditional

# The most frequent Chinese characters (simplified); their traditional forms are added at first use. A
# correct decoding of a Chinese report has roughly half its characters in this set; a wrong one (Big5 bytes
# read as GB18030 or the reverse) yields mostly rare characters and symbols.
_FREQUENT = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业"
    "本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利"
    "比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文"
    "总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干"
    "做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共"
    "权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张"
    "信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验"
    "连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写"
    "存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
    "申请息告答复诉讼依据政府信息公开件条项予办理年度报告工作情况主动统计"
)
_PUNCT = "，。、；：？！“”‘’（）《》〔〕【】—…·０１２３４５６７８９"

_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Above these shares of the text, the bytes are not text in the chosen encoding.
_MAX_CONTROL_RATIO = 0.02
_MIN_CHINESE_SCORE = 0.12


@cache
def _frequent_chars() -> frozenset[str]:
    return frozenset(_FREQUENT) | frozenset(to_traditional(_FREQUENT)) | frozenset(_PUNCT)


def chinese_score(text: str) -> float:
    """Share of the non-ASCII characters that are frequent Chinese characters or Chinese punctuation."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if non_ascii == 0:
        return 0.0
    frequent = _frequent_chars()
    return sum(map(frequent.__contains__, text)) / non_ascii


def normalize_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def bad_char_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_BAD_CHARS.findall(text)) / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM shows NULs in every other byte for ASCII; decide LE/BE from where they sit."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[tuple[str, str]]]:
    """Return (text, encoding, notes). `declared` is an encoding named by the document itself (HTML meta).

    Raises EmptyDocument for nothing but whitespace, UndecodableText when no encoding gives plausible text.
    """
    notes: list[tuple[str, str]] = []
    text: str | None = None
    encoding = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom):], name)
            if text is None:
                raise UndecodableText(f"invalid {name} after its byte order mark")
            encoding = name
            break
    if text is None:
        utf16 = _utf16_without_bom(data)
        if utf16:
            text = _try(data, utf16)
            encoding = utf16 if text is not None else ""
    if text is None:
        text = _try(data, "utf-8")
        encoding = "utf-8" if text is not None else ""
    if text is None and declared:
        declared = canonical_encoding(declared)
        if declared and declared != "utf-8":
            text = _try(data, declared)
            if text is not None:
                encoding = declared
    if text is None:
        text, encoding = _decode_chinese_legacy(data, notes)
    if text is None:
        text, encoding = _decode_fallback(data, notes)

    text = normalize_newlines(text)
    if not text.strip():
        raise EmptyDocument("only whitespace after decoding")
    if bad_char_ratio(text) > _MAX_CONTROL_RATIO:
        raise UndecodableText(f"too many control or replacement characters as {encoding}")
    return text, encoding, notes


def canonical_encoding(name: str) -> str | None:
    """Map a declared charset to the codec that reads what such pages really contain."""
    name = name.strip().strip("\"'").lower().replace("_", "-")
    if name in ("gb2312", "gbk", "x-gbk", "gb-2312", "gb2312-80", "gb18030", "cp936", "euc-cn", "hz-gb-2312"):
        return "gb18030"  # pages declared GB2312 routinely contain GBK-only characters
    if name in ("big5", "big-5", "cp950", "x-x-big5", "big5-hkscs"):
        return "big5hkscs"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_chinese_legacy(data: bytes, notes: list[tuple[str, str]]) -> tuple[str | None, str]:
    candidates: list[tuple[float, str, str]] = []
    # UTF-16 without a BOM and without ASCII has no NUL pattern; it competes on the same score.
    encodings = ("gb18030", "cp950", "big5hkscs") + (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ())
    for encoding in encodings:
        if encoding == "big5hkscs" and any(c[1] == "cp950" for c in candidates):
            continue  # it only adds characters cp950 lacks
        text = _try(data, encoding)
        if text is not None:
            candidates.append((chinese_score(text), encoding, text))
    if not candidates:
        return None, ""
    score, encoding, text = max(candidates, key=lambda c: c[0])
    if score >= _MIN_CHINESE_SCORE:
        return text, encoding
    return None, ""


def _decode_fallback(data: bytes, notes: list[tuple[str, str]]) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is None or best.encoding is None:
        raise UndecodableText("no encoding gives readable text")
    try:
        text = data.decode(best.encoding, errors="replace")
    except LookupError as e:
        raise UndecodableText(f"unknown codec {best.encoding}") from e
    notes.append(
        ("encoding_guessed", f"文件编码无法确定，按 {best.encoding} 猜测读取，个别文字可能有误。")
    )
    return text, best.encoding


# --- script --------------------------------------------------------------------------------------------

# Above this share of changed CJK characters the document is written in traditional script. Simplified text
# converted with t2s changes well under 1% (a few characters such as 著/乾 are both); traditional text 15%+.
_TRADITIONAL_RATIO = 0.05


def simplify(text: str) -> str:
    """`text` converted to simplified script, same length, position by position.

    OpenCC converts phrases, which can change the length; the whole text is converted at once and only the
    lines whose length changed are redone character by character.
    """
    cc = converter("t2s")
    converted = cc.convert(text)
    if converted == text:
        # Already simplified, the usual case. Converting is cheap (OpenCC's C++ matcher); checking the
        # alignment of a changed result is what costs, and an unchanged text needs no check.
        return text
    if _aligned(text, converted):
        return converted
    src_lines = text.split("\n")
    out_lines = converted.split("\n")
    if len(out_lines) != len(src_lines):
        out_lines = [cc.convert(line) for line in src_lines]
    result = []
    for src, out in zip(src_lines, out_lines, strict=True):
        if not _aligned(src, out):
            out = "".join(_convert_char(c) for c in src)
        result.append(out)
    return "\n".join(result)


def _aligned(a: str, b: str) -> bool:
    # Non-CJK characters are never converted. Same line lengths and the same non-CJK content leave only
    # compensating length changes inside one line undetected, which t2s's phrase tables do not produce.
    if len(a) != len(b):
        return False
    if "\n" in a and list(map(len, a.split("\n"))) != list(map(len, b.split("\n"))):
        return False
    return _CJK_RUN.sub("", a) == _CJK_RUN.sub("", b)


@cache
def _convert_char(c: str) -> str:
    out = to_simplified(c)
    return out if len(out) == 1 else c


def detect_script(text: str, simplified: str) -> str:
    if text == simplified:
        return "simplified"
    cjk = len(text) - len(_CJK_RUN.sub("", text))
    if cjk == 0:
        return "simplified"
    changed = sum(map(ne, text, simplified))
    return "traditional" if changed / cjk >= _TRADITIONAL_RATIO else "simplified"
