"""Figures as reports write them: Arabic or Chinese numerals, 万/亿 units, and rounding words.

Works on simplified text (callers match on `Document.simplified`; offsets are the same in `Document.text`).

>>> q = find_quantities("全年累计公开各类政府信息14万余条，召开新闻发布会二十一次", ("条", "次"))
>>> [(x.value, x.approximate, x.unit) for x in q]
[(140000, True, '条'), (21, False, '次')]
>>> parse_number("1，234")
Number(value=1234, approximate=False, start=0, end=5)
>>> find_zero("未发生因政府信息公开引起的行政复议和行政诉讼", ("行政复议", "行政诉讼"))
[('行政复议', 0, 3), ('行政诉讼', 0, 3)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_FULLWIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")

_ARABIC = r"[0-9０-９]+(?:[,，][0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?"
# A Chinese numeral must hold a digit or 十: 百姓, 千方百计, 万人 are words, not numbers.
_CHINESE = r"[零〇一二两三四五六七八九十百千万亿]*[〇零一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
_PREFIX_APPROX = r"(?:大约|将近|接近|超过|多于|不少于|不低于|不下|约|近|逾|超)"
_SUFFIX_APPROX = r"(?:余|多|来)"
_AFTER_UNIT_APPROX = ("以上", "左右", "有余", "余", "多")

_NUMBER = re.compile(
    # Every match starts with one of these; saying so up front lets the scan skip other characters quickly
    # (about twice as fast on a whole report, where most characters start no number).
    r"(?=[大将接超多不约近逾0-9０-９零〇一二两三四五六七八九十百千万亿])"
    rf"(?P<prefix>{_PREFIX_APPROX})?"
    rf"(?:(?P<arabic>{_ARABIC})(?P<mult>[万亿])?|(?P<chinese>{_CHINESE}))"
    rf"(?P<suffix>{_SUFFIX_APPROX})?"
)

# Characters that glue a numeral into something that is not a count: codes, phone numbers, versions,
# document numbers (〔2017〕81号), ordinals (第12个), years in brackets.
_GLUE_BEFORE = set("-－_/／.．:：〔［[〖【第#＃№") | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_GLUE_AFTER = set("-－_/／:：〕］]〗】") | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Words where a Chinese numeral is not a count (统一, 进一步, 唯一, 一把手, 一站式, 一条龙, 一次性 …).
_CN_WORD_BEFORE = set("统唯进同逐单专万之第届")
_CN_IDIOM_AFTER = ("龙", "式", "性", "把手", "张网", "网通", "窗", "体化", "些", "定", "直", "律", "般", "起来", "道", "线")


@dataclass(frozen=True)
class Number:
    value: int | float
    approximate: bool
    start: int  # span in the searched string, qualifiers included
    end: int


@dataclass(frozen=True)
class Quantity:
    """A number followed by its unit (`73360条`, `三例`, `90余人`)."""

    value: int | float
    approximate: bool
    start: int
    end: int  # end of the unit and of any trailing 以上/左右
    unit: str
    number_end: int  # where the numeral (and its 余/多) ends


def _to_value(m: re.Match) -> int | float | None:
    if m.group("arabic"):
        raw = m.group("arabic").translate(_FULLWIDTH).replace(",", "")
        value: float = float(raw)
        if m.group("mult"):
            value *= 10_000 if m.group("mult") == "万" else 100_000_000
    else:
        value = _chinese_value(m.group("chinese"))
        if value is None:
            return None
    if value == int(value):
        return int(value)
    return value


def _simple_numerals() -> dict[str, int]:
    """The numerals nearly every report uses (一 … 九, 十, 十二, 三十, 三十一), read without cn2an: importing
    cn2an costs ~150 ms, a third of a `gongkai parse` of one file. Equal to cn2an's reading (tested)."""
    digits = dict(zip("一二三四五六七八九", range(1, 10), strict=True))
    simple = {"零": 0, "〇": 0, "两": 2, "十": 10, **digits}
    for d, v in digits.items():
        simple["十" + d] = 10 + v
        simple[d + "十"] = 10 * v
        for e, w in digits.items():
            simple[d + "十" + e] = 10 * v + w
    return simple


_SIMPLE_NUMERALS = _simple_numerals()


@lru_cache(maxsize=4096)
def _chinese_value(numeral: str) -> int | float | None:
    # cn2an validates its input with several regexes per call (~0.15 ms); reports repeat the same few
    # numerals (一, 两, 十二 …) many times.
    simple = _SIMPLE_NUMERALS.get(numeral)
    if simple is not None:
        return simple
    import cn2an  # only for the rarer numerals (二〇一九, 三百零五 …)

    try:
        return cn2an.cn2an(numeral.replace("〇", "零"), "smart")
    except (ValueError, KeyError, TypeError):
        return None


def _numbers(
    text: str, start: int = 0, end: int | None = None, *, after_colon: bool = False
) -> Iterable[tuple[Number, re.Match]]:
    """`after_colon`: a full-width colon after a word introduces the number (`主动公开政府信息数：5,842条`);
    only callers that then require a unit ask for it (a bare number after a colon is a code, a phone…)."""
    end = len(text) if end is None else end
    for m in _NUMBER.finditer(text, start, end):
        core_start = m.start("arabic") if m.group("arabic") else m.start("chinese")
        before = text[core_start - 1] if core_start > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if after_colon and before == "：" and core_start > 1 and "\u4e00" <= text[core_start - 2] <= "\u9fff":
            before = ""
        if before in _GLUE_BEFORE or after in _GLUE_AFTER:
            continue
        if m.group("arabic") and (before.isdigit() or after.isdigit()):
            continue
        if m.group("chinese"):
            if before in _CN_WORD_BEFORE:
                continue
        value = _to_value(m)
        if value is None:
            continue
        approx = bool(m.group("prefix") or m.group("suffix"))
        yield Number(value, approx, m.start(), m.end()), m


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every number in `text[start:end]`, with offsets into `text`."""
    return [n for n, _ in _numbers(text, start, end)]


def parse_number(text: str) -> Number | None:
    """`text` read as a single number (qualifiers allowed), else None."""
    s = text.strip()
    for n, _ in _numbers(s):
        if n.start == 0 and n.end == len(s):
            return n
    return None


@lru_cache(maxsize=64)
def _longest_first(units: tuple[str, ...] | frozenset[str]) -> tuple[str, ...]:
    # Called once per clause with the same few unit sets.
    return tuple(sorted(set(units), key=len, reverse=True))


def find_quantities(text: str, units: Iterable[str], start: int = 0, end: int | None = None) -> list[Quantity]:
    """Numbers followed (after optional spaces) by one of `units` (longest unit wins)."""
    end = len(text) if end is None else end
    ordered = _longest_first(units if isinstance(units, tuple | frozenset) else tuple(units))
    out: list[Quantity] = []
    for n, m in _numbers(text, start, end, after_colon=True):
        pos = n.end
        while pos < end and text[pos] in " \u3000\xa0":
            pos += 1
        unit = next((u for u in ordered if text.startswith(u, pos)), None)
        if unit is None:
            continue
        unit_end = pos + len(unit)
        if m.group("chinese") and any(text.startswith(w, unit_end) for w in _CN_IDIOM_AFTER):
            continue
        approx = n.approximate
        tail_end = unit_end
        for word in _AFTER_UNIT_APPROX:
            if text.startswith(word, unit_end):
                # 10次以上 / 100人左右 are bounds; but 余 after a unit only when nothing follows it that reads
                # as a word of its own (条余 is rare, 余下 is not a qualifier).
                if word in ("余", "多") and unit_end + 1 < len(text) and text[unit_end + 1] in "下年家个项":
                    break
                approx = True
                tail_end = unit_end + len(word)
                break
        out.append(Quantity(n.value, approx, n.start, tail_end, unit, n.end))
    return out


# --- stated zero ---------------------------------------------------------------------------------------

# "None happened" forms. 无 is only a negation when it is not the first character of another word.
_NEGATION = re.compile(
    r"(?:未收取|没有收取|不收取|未向|未发生|未出现|未收到|未接到|未受理|未产生|未有|没有发生|没有出现|没有收到|没有产生|没有|均未|尚未发生"
    r"|无(?![论法需须偿缝纸障碍误一不线人序限疑关异常效视意形]))"
)
_ZERO_AFTER = re.compile(r"(?:均|皆|都)?(?:为|是)?(?:零|0|０)(?:件|起|次|例|宗|个)?(?![0-9０-９.．])")


def may_state_zero(text: str) -> bool:
    """False when `text` holds neither a negation nor a zero, so `find_zero` finds nothing in it whatever the
    keywords (callers trying several keyword sets on one clause ask once)."""
    return "0" in text or "零" in text or "０" in text or _NEGATION.search(text) is not None


def find_zero(text: str, keywords: Iterable[str]) -> list[tuple[str, int, int]]:
    """Keywords the clause `text` states as none, with the span of the negation.

    `未发生行政复议、行政诉讼` -> both; `行政复议、行政诉讼均为零` -> both. A number between the negation and
    the keyword ends the negation's reach (`未发生行政复议，行政诉讼2件` negates only 复议).
    """
    out: list[tuple[str, int, int]] = []
    kws = [k for k in keywords if k in text]
    if not kws:
        return out
    # Without a negation or a zero neither loop below can find anything: skip reading the clause's numbers
    # (most clauses that name 申请 or 费用 state neither).
    if not may_state_zero(text):
        return out
    numbers = find_numbers(text)
    for neg in _NEGATION.finditer(text):
        for kw in kws:
            pos = text.find(kw, neg.end())
            if pos < 0 or any(neg.end() <= n.start < pos + len(kw) + 4 for n in numbers):
                continue
            if any(k == kw for k, _, _ in out):
                continue
            out.append((kw, neg.start(), neg.end()))
    for kw in kws:
        if any(k == kw for k, _, _ in out):
            continue
        pos = text.find(kw)
        rest_start = pos + len(kw)
        m = _ZERO_AFTER.search(text, rest_start)
        if m and not any(rest_start <= n.start < m.start() and n.value != 0 for n in numbers):
            # Only a zero that closes the statement: 行政复议、行政诉讼均为零 / 收费为0元.
            between = text[rest_start : m.start()]
            if len(between) <= 12 and not re.search(r"[0-9０-９一二三四五六七八九十]", between):
                out.append((kw, m.start(), m.end()))
    return out
