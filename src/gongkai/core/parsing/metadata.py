"""Who reports, for which year, in which national format.

    read_metadata(doc, stats) -> None   # sets stats.agency, stats.year, stats.template; adds warnings

The agency is taken only from places where a report names itself (its title line, its first lines, "本报告由…编制",
"现将…报告如下", the closing signature) and only when the name looks like a Chinese administrative name. Scraped
pages sometimes carry injected spam in place of the name; such a candidate is refused and the agency stays None
with a warning — an honest unknown beats a guess.

The year is the statistical year (title, "统计时限自2017年1月1日至…"), never the publication date of the page.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ..reading.document import Document
from ..stats import AnnualStats
from ..templates import get_template, template_for_year
from ..templates.labels import normalize_label

_CJK = r"\u4e00-\u9fff"
_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年(?:度)?"
_BODY = r"(?:的)?(?P<body>(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报))"
_BODY_YEARLESS = r"(?:政府信息公开|政务公开|信息公开)(?:工作)?"
_RUN = rf"(?P<name>[{_CJK}（）()]{{2,40}})"

_TITLE_PATTERNS = (
    # 兴安盟2017年政府信息公开工作年度报告 / 宝鸡市人民政府2016年政府信息公开工作年度报告
    re.compile(rf"{_RUN}\s*{_YEAR}{_BODY}"),
    # 2017年兴安盟政府信息公开工作年度报告 (the name is the shortest run before the body)
    re.compile(rf"{_YEAR}\s*(?P<name>[{_CJK}（）()]{{2,40}}?){_BODY}"),
    # 兴安盟政府信息公开工作2017年度报告
    re.compile(rf"(?P<name>[{_CJK}（）()]{{2,40}}?)(?P<body>{_BODY_YEARLESS})\s*{_YEAR}(?:报告|年报)"),
)
_COMPILED_BY = (
    re.compile(rf"本(?:年度)?报告(?:是)?由(?P<name>[{_CJK}（）()]{{2,40}}?)(?:负责|牵头|组织)?(?:编制|编写|起草|汇总|制作)"),
    re.compile(rf"由(?P<name>[{_CJK}（）()]{{2,40}}?)(?:负责|牵头|组织)?(?:编制|编写|起草)(?:完成|而成)?本(?:年度)?报告"),
)
_NOW_REPORT = re.compile(rf"现将(?P<name>[{_CJK}]{{2,40}})")

# Navigation, portal and gambling spam that scraped pages put where a name should be.
_SPAM = re.compile(
    r"官网|入口|平台|首页|登录|登陆|app|下载|娱乐|彩票|棋牌|真人|博彩|赌|投注|开户|注册|网址|电竞|百家乐|老虎机|捕鱼"
    r"|·|\(中国\)|（中国）|官方网站|网站|当前位置|体育(?!局|总局|委|和|与|旅游|事业)",
    re.IGNORECASE,
)
# Longest first: the suffix decides whether a string can be an agency's name at all.
_SUFFIXES = (
    "街道办事处", "管理委员会", "特别行政区", "人民政府", "行政公署", "自治区", "自治州", "自治县", "办事处", "委员会",
    "管委会", "办公厅", "办公室", "总局", "总署", "政府", "行署", "街道", "苏木", "中心", "局", "委", "办", "厅", "部",
    "署", "院", "所", "站", "队", "馆", "市", "县", "区", "旗", "盟", "州", "省", "乡", "镇", "司",
)
_DEICTIC = ("我", "本", "全", "各", "该", "此", "其", "贵", "上级", "同级", "有关", "相关", "下级", "所属")
# 贵 is deictic in 贵单位 but the first character of places: 贵州省, 贵阳市, 贵港市, 贵溪市, 贵定县, 贵德县, 贵南县.
_GUI_PLACE = re.compile(r"贵(?:州|阳|港|溪|定|德|南)")
_NOT_IN_NAME = re.compile(r"关于|印发|转发|报告|通知|意见|方案|年度|[0-9０-９]|的")
_CUT_WORDS = re.compile(r"关于|印发|转发|公布|发布|的|：|:")
# Administrative units, for reading a name off the front of a phrase ("额尔古纳市推进基层…" -> 额尔古纳市).
_LEADING_NAME = re.compile(
    rf"^(?:[{_CJK}]{{1,12}}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|县|旗|区|乡|镇|苏木|街道))+"
    r"(?:人民政府|政府|行政公署)?(?:办公厅|办公室)?"
)

_ANNUAL_SIGNAL = re.compile(r"年度报告|年报|年度報告")
_DISCLOSURE_SIGNAL = re.compile(r"信息公开|政务公开")
_PERIOD = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年\s*(?:1|一|01)\s*月\s*(?:1|一|01)\s*日\s*(?:起)?\s*(?:至|到|—|–|-|－|~|～|止)"
)
_YEAR_DU = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度")
_YEAR_ANY = re.compile(r"(?<![0-9])(?P<year>(?:19|20)\d{2})\s*年(?![0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日\s*(?:发布|印发))")
_DOC_NUMBER_YEAR = re.compile(r"[〔［\[﹝【(（](?P<year>(?:19|20)\d{2})[〕］\]﹞】)）]")

_FIRST_YEAR, _LAST_YEAR = 2007, 2099


def read_metadata(doc: Document, stats: AnnualStats) -> None:
    text = doc.simplified
    title = _find_title(text)
    _read_agency(doc, stats, title)
    _read_year(text, stats, title)
    _read_template(text, stats, title)


# --- agency ---------------------------------------------------------------------------------------------

def validate_agency(name: str) -> str | None:
    """Why `name` cannot be an agency's name (a short Chinese reason), or None when it can."""
    if _SPAM.search(name):
        return "含有网站导航或广告文字"
    if not 2 <= len(name) <= 30:
        return "长度不合理"
    if name.startswith(_DEICTIC) and not _GUI_PLACE.match(name):
        return "是指代词而非名称"
    if _NOT_IN_NAME.search(name):
        return "不是机关名称"
    suffix = next((s for s in _SUFFIXES if name.endswith(s)), None)
    if suffix is None:
        return "不以行政区划或机关名称结尾"
    stem = name[: -len(suffix)]
    if len(stem) < 1 or stem in ("市", "县", "区", "省", "镇", "乡", "旗", "盟", "人民", "市人民", "县人民", "区人民"):
        return "缺少具体地名"
    if len(name) == 2 and suffix in ("局", "委", "办", "厅", "部", "署", "院", "所", "站", "队", "馆", "司", "中心"):
        return "缺少具体地名"
    return None


def _clean_candidate(run: str) -> str:
    """The name part of a run of characters before a year or a verb."""
    parts = [p for p in _CUT_WORDS.split(run) if p]
    name = parts[-1] if parts else ""
    return name.strip("（）() ")


def _find_title(text: str) -> re.Match | None:
    """The first line that reads as the title of a disclosure annual report."""
    pos = 0
    first: tuple[str, int] | None = None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and first is None:
            first = (line, pos)
        if 6 <= len(stripped) <= 90:
            for pattern in _TITLE_PATTERNS:
                m = pattern.search(line)
                if m:
                    return _Shifted(m, pos)
        pos += len(line)
    # A page that lost its line breaks runs the title into the body: a title at the very start of the first
    # line still counts.
    if first is not None and len(first[0].strip()) > 90:
        line, pos = first
        lead = len(line) - len(line.lstrip(" \t\u3000#"))
        for pattern in _TITLE_PATTERNS:
            m = pattern.match(line[: lead + 90], lead)
            if m:
                return _Shifted(m, pos)
    return None


class _Shifted:
    """A match on one line seen with offsets in the whole text."""

    def __init__(self, m: re.Match, offset: int):
        self._m, self._offset = m, offset

    def group(self, name: str) -> str:
        return self._m.group(name)

    def start(self, name: str = 0) -> int:  # type: ignore[assignment]
        return self._m.start(name) + self._offset

    def end(self, name: str = 0) -> int:  # type: ignore[assignment]
        return self._m.end(name) + self._offset


def _agency_candidates(text: str, title) -> list[tuple[str, str]]:
    """(candidate, where) in order of trust."""
    out: list[tuple[str, str]] = []
    if title is not None:
        name = _clean_candidate(title.group("name"))
        if name.endswith("人民") and title.group("body").startswith("政府"):
            name += "政府"  # 宝鸡市人民政府信息公开… written without repeating 政府
        out.append((name, "标题"))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in lines[:6]:
        if len(ln) <= 30:
            out.append((ln, "首行"))
    head = text[:3000]
    for pattern in _COMPILED_BY:
        for m in pattern.finditer(head):
            out.append((_clean_candidate(m.group("name")), "编制说明"))
    for m in _NOW_REPORT.finditer(head):
        lead = _LEADING_NAME.match(m.group("name"))
        if lead:
            out.append((lead.group(0), "正文“现将…”"))
    for ln in reversed(lines[-8:]):
        if (
            len(ln) <= 30
            and not _HEADING_MARK.match(ln)
            and not re.search(r"来源|编辑|主办|电话|地址|版权|Copyright", ln, re.IGNORECASE)
        ):
            out.append((re.sub(r"\s+", "", ln), "落款"))
    return out


_SPAM_RUN = re.compile(r"[^\s，。,、；;《》“”\"]{0,12}(?:官网|官方网站|娱乐|彩票|棋牌|博彩|百家乐|投注)[^\s，。,、；;《》“”\"]{0,12}")


def _read_agency(doc: Document, stats: AnnualStats, title) -> None:
    for name, _where in _agency_candidates(doc.simplified, title):
        if validate_agency(name) is None:
            stats.agency = name
            return
    spam = Counter(m.group(0) for m in _SPAM_RUN.finditer(doc.simplified))
    if spam:
        run, times = spam.most_common(1)[0]
        stats.warn(
            "agency_spam",
            f"文中有{times}处疑似注入的广告文字（“{run}”），可能替换了机关名称；报告机关不明。",
            "/agency",
        )
    else:
        stats.warn("agency_unknown", "未能从标题、开头、编制说明或落款中确定报告机关名称。", "/agency")


# --- year ----------------------------------------------------------------------------------------------

def _plausible(year: int) -> bool:
    return _FIRST_YEAR <= year <= _LAST_YEAR


def _read_year(text: str, stats: AnnualStats, title) -> None:
    title_year = int(title.group("year")) if title is not None else None
    period = _PERIOD.search(text[:5000])
    period_year = int(period.group("year")) if period else None
    candidates = [y for y in (title_year, period_year) if y is not None and _plausible(y)]
    if candidates:
        stats.year = candidates[0]
        if len(set(candidates)) > 1:
            stats.warn(
                "year_conflict",
                f"标题年份（{title_year}年）与统计时限（{period_year}年）不一致，采用标题年份。",
                "/year",
            )
        return
    du = [int(m.group("year")) for m in _YEAR_DU.finditer(text[:2000]) if _plausible(int(m.group("year")))]
    if du:
        stats.year = Counter(du).most_common(1)[0][0]
        return
    # No title and no statistical period: the report is about the year it mentions most; without any such
    # mention, the newest document it cites is the best clue (a report cannot cite a document from its future).
    mentioned = [int(m.group("year")) for m in _YEAR_ANY.finditer(text) if _plausible(int(m.group("year")))]
    if mentioned:
        stats.year = Counter(mentioned).most_common(1)[0][0]
        stats.warn("year_inferred", f"未找到标题或统计时限，按正文中最常提及的年份推定为{stats.year}年。", "/year")
        return
    cited = [int(m.group("year")) for m in _DOC_NUMBER_YEAR.finditer(text) if _plausible(int(m.group("year")))]
    if cited:
        stats.year = max(cited)
        stats.warn("year_inferred", f"未找到标题或统计时限，按所引文件的最新文号年份推定为{stats.year}年。", "/year")
        return
    stats.warn("year_unknown", "未能确定报告的统计年度。", "/year")


# --- template -----------------------------------------------------------------------------------------

@cache
def _table_cues() -> dict[str, tuple[str, ...]]:
    """Table labels that only one national format has, from the template data."""

    def columns(tid: str) -> set[str]:
        return {normalize_label(c.label) for block in get_template(tid).table2 for c in block.columns}

    c2019, c2021 = columns("2019"), columns("2021")
    rows = [normalize_label(r.label) for r in get_template("2021").table3.rows]
    common = tuple(r.split(".", 1)[-1].lstrip("一二三四五六七八九十、") for r in rows[:2])
    return {
        "2019": tuple(sorted(c2019 - c2021, key=len, reverse=True)),
        "2021": tuple(sorted(c2021 - c2019, key=len, reverse=True)),
        "2019+": tuple(c for c in common if len(c) >= 8),
    }


def _read_template(text: str, stats: AnnualStats, title) -> None:
    flat = normalize_label(text)
    cues = _table_cues()
    found = {k for k, labels in cues.items() if any(label in flat for label in labels)}
    by_year = None
    if stats.year is not None:
        try:
            by_year = template_for_year(stats.year).id
        except KeyError:
            by_year = None
    if found:
        if "2021" in found and "2019" not in found:
            tid = "2021"
        elif "2019" in found and "2021" not in found:
            tid = "2019"
        else:
            tid = by_year if by_year in ("2019", "2021") else "2021"
        stats.template = tid
        if by_year is not None and by_year != tid:
            stats.warn(
                "template_year_mismatch",
                f"表格格式为{tid}年版，与统计年度{stats.year}年应使用的格式（{by_year}）不一致，按表格格式处理。",
                "/template",
            )
        return
    if not _DISCLOSURE_SIGNAL.search(text):
        stats.template = "unknown"
        stats.warn("not_a_report", "文档中没有政府信息公开或政务公开的内容，不像是政府信息公开工作年度报告。")
        return
    if title is None and not _ANNUAL_SIGNAL.search(text) and not _has_pre2019_sections(text):
        stats.template = "unknown"
        stats.warn(
            "not_annual_report",
            "文档涉及政务公开，但不是国家统一格式的政府信息公开工作年度报告（如工作进展汇报），格式未定。",
            "/template",
        )
        return
    if by_year is None:
        stats.template = "unknown"
        stats.warn("template_unknown", "统计年度不明，无法确定年度报告格式。", "/template")
        return
    stats.template = by_year


_HEADING_MARK = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}\s*[、.．])")


def _has_pre2019_sections(text: str) -> bool:
    titles = [a for s in get_template("pre2019").sections for a in (s.title, *s.aliases)]
    hits = {
        a
        for line in text.splitlines()
        if _HEADING_MARK.match(line)
        for a in titles
        if a in line
    }
    return len(hits) >= 2
