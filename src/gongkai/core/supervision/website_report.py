"""《政府网站工作年度报表》 (国办函〔2018〕12号 附件): the form as data, what the system fills from its records, the
values staff enter, and the table the web page, the Word file and the PDF draw.

Every government website publishes its form of the past year on its home page before 31 January
(`deadline`). The labels, units and order below are the national form's; `key`s are stable identifiers.

    SECTIONS / ROWS / ROW_BY_KEY       the form
    SiteFacts                          what the records say of a site's year (web layer counts it)
    generate(facts) -> {key: value}    the figures the system can know (the rest is entered by staff)
    merge(current, generated) -> values        refresh generated figures, keep what staff entered
    parse_value(row, text) -> value            staff input, ValueError with a Chinese reason
    missing(values) -> [label]                 required rows still blank (publishing is refused)
    display(row, value) -> str                 how a value is written in the form
    table(values) -> list[list[Cell]]          the form as a table with merged cells (4 columns)
    deadline(year) / deadline_state(year, today)

Values are stored as {key: {"value": v, "origin": "generated" | "entered"}}: every figure shows where it
came from. A derived row (a 总数 over its parts) is generated when all of its parts are known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from gongkai.core.annual.engagement import EngagementYear

TITLE = "政府网站工作年度报表"
BASIS = "国办函〔2018〕12号"
SITE_TYPES = ("政府门户网站", "部门网站", "专项网站")
INNOVATIONS = ("搜索即服务", "多语言版本", "无障碍浏览", "千人千网", "其他")
GENERATED, ENTERED = "generated", "entered"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    kind: str = "int"  # int | decimal | text | bool | choice | multi
    unit: str = ""  # 单位, as the form writes it after the label: （单位：条）
    group: str = ""  # the middle label (留言办理, 微博 …), "" when the row sits under its section directly
    group_unit: str = ""  # a unit the form writes on the group instead (信息发布（单位：条）)
    choices: tuple[str, ...] = ()
    required: bool = True
    parts: tuple[str, ...] = ()  # a 总数 row: the sum of these rows
    source: str = ""  # what fills it when generated (shown to staff); "" when only staff know it


@dataclass(frozen=True)
class Section:
    key: str
    label: str  # "" for the site's identity rows, which stand alone in the form
    rows: tuple[Row, ...]
    unit: str = ""


SECTIONS: tuple[Section, ...] = (
    Section("site", "", (
        Row("site_name", "网站名称", "text", source="机关名录"),
        Row("home_url", "首页网址", "text", source="机关名录（网站）"),
        Row("sponsor", "主办单位", "text", source="机关名录"),
        Row("site_type", "网站类型", "choice", choices=SITE_TYPES, source="机关级别"),
        Row("site_code", "政府网站标识码", "text"),
        Row("icp", "ICP备案编号", "text"),
        Row("police", "公安机关备案号", "text"),
        Row("unique_visitors", "独立用户访问总量", unit="个"),
        Row("total_visits", "网站总访问量", unit="次"),
    )),
    Section("publishing", "信息发布", (
        Row("info_total", "总数", source="主动公开登记：本年发布的政府信息"),
        Row("info_overview", "概况类信息更新量", source="主动公开登记：机关职能、机构设置等（条例第二十条第二项）"),
        Row("info_news", "政务动态信息更新量", source="主动公开登记：体裁为工作动态"),
        Row("info_catalogue", "信息公开目录信息更新量", source="主动公开登记：工作动态以外的政府信息"),
    ), unit="条"),
    Section("topics", "专栏专题", (
        Row("topics_maintained", "维护数量"),
        Row("topics_new", "新开设数量"),
    ), unit="个"),
    Section("responses", "解读回应", (
        Row("interp_total", "总数", group="解读信息发布", group_unit="条",
            parts=("interp_materials", "interp_products", "interp_media")),
        Row("interp_materials", "解读材料数量", group="解读信息发布", group_unit="条",
            source="主动公开登记：体裁为政策解读"),
        Row("interp_products", "解读产品数量", group="解读信息发布", group_unit="条"),
        Row("interp_media", "媒体评论文章数量", group="解读信息发布", group_unit="条"),
        Row("hotspot", "回应公众关注热点或重大舆情数量", unit="次", source="回应关切记录"),
    )),
    Section("services", "办事服务", (
        Row("svc_catalogue", "是否发布服务事项目录", "bool"),
        Row("svc_users", "注册用户数", unit="个"),
        Row("svc_items", "政务服务事项数量", unit="项"),
        Row("svc_online", "可全程在线办理政务服务事项数量", unit="项"),
        Row("svc_cases", "总数", group="办件量", group_unit="件", parts=("svc_cases_person", "svc_cases_legal")),
        Row("svc_cases_person", "自然人办件量", group="办件量", group_unit="件"),
        Row("svc_cases_legal", "法人办件量", group="办件量", group_unit="件"),
    )),
    Section("interaction", "互动交流", (
        Row("unified_platform", "是否使用统一平台", "bool"),
        Row("msg_received", "收到留言数量", unit="条", group="留言办理", source="留言信箱：本年收到"),
        Row("msg_done", "办结留言数量", unit="条", group="留言办理", source="留言信箱：本年收到并已答复"),
        Row("msg_avg_days", "平均办理时间", "decimal", unit="天", group="留言办理",
            source="留言信箱：收到至答复的平均工作日"),
        Row("msg_published", "公开答复数量", unit="条", group="留言办理", source="留言信箱：已公开答复"),
        Row("survey_rounds", "征集调查期数", unit="期", group="征集调查"),
        Row("survey_opinions", "收到意见数量", unit="条", group="征集调查"),
        Row("survey_results", "公布调查结果期数", unit="期", group="征集调查"),
        Row("interview_rounds", "访谈期数", unit="期", group="在线访谈", source="在线访谈记录"),
        Row("interview_messages", "网民留言数量", unit="条", group="在线访谈"),
        Row("interview_answers", "答复网民提问数量", unit="条", group="在线访谈"),
        Row("smart_qa", "是否提供智能问答", "bool"),
    )),
    Section("security", "安全防护", (
        Row("sec_checks", "安全检测评估次数", unit="次"),
        Row("sec_found", "发现问题数量", unit="个"),
        Row("sec_fixed", "问题整改数量", unit="个"),
        Row("sec_monitoring", "是否建立安全监测预警机制", "bool"),
        Row("sec_drills", "是否开展应急演练", "bool"),
        Row("sec_officer", "是否明确网站安全责任人", "bool"),
    )),
    Section("media", "移动新媒体", (
        Row("media_has", "是否有移动新媒体", "bool"),
        Row("weibo_name", "名称", "text", group="微博", required=False),
        Row("weibo_posts", "信息发布量", unit="条", group="微博", required=False),
        Row("weibo_followers", "关注量", unit="个", group="微博", required=False),
        Row("wechat_name", "名称", "text", group="微信", required=False),
        Row("wechat_posts", "信息发布量", unit="条", group="微信", required=False),
        Row("wechat_subscribers", "订阅数", unit="个", group="微信", required=False),
        Row("media_other", "其他", "text", required=False),
    )),
    Section("innovation", "创新发展", (
        Row("innovation", "创新发展", "multi", choices=INNOVATIONS, required=False),
        Row("innovation_other", "其他（请注明）", "text", required=False),
    )),
    Section("signature", "", (
        Row("head", "单位负责人", "text"),
        Row("reviewer", "审核人", "text"),
        Row("filler", "填报人", "text"),
        Row("phone", "联系电话", "text"),
    )),
)
ROWS: tuple[Row, ...] = tuple(r for s in SECTIONS for r in s.rows)
ROW_BY_KEY: dict[str, Row] = {r.key: r for r in ROWS}
SECTION_OF: dict[str, Section] = {r.key: s for s in SECTIONS for r in s.rows}


def unit_of(row: Row) -> str:
    return row.unit or row.group_unit or SECTION_OF[row.key].unit


def full_label(row: Row) -> str:
    """The row's label with the section and group it sits under, e.g. 互动交流·留言办理·收到留言数量（单位：条）."""
    section = SECTION_OF[row.key]
    parts = [p for p in (section.label, row.group) if p and p != row.label]
    unit = unit_of(row)
    return "·".join([*parts, row.label]) + (f"（单位：{unit}）" if unit else "")


# --- the deadline -------------------------------------------------------------------------------------------

def deadline(year: int) -> date:
    """国办函〔2018〕12号: the form of a year is published before 31 January of the next year."""
    return date(year + 1, 1, 31)


NEAR_DAYS = 15


def deadline_state(year: int, today: date, *, published_on: date | None = None) -> tuple[str, str]:
    """(state, Chinese sentence): ok | near | past | late (published after the deadline) | published."""
    due = deadline(year)
    if published_on is not None:
        if published_on > due:
            return "late", f"已于{published_on.isoformat()}发布，晚于{due.isoformat()}的期限{(published_on - due).days}天。"
        return "published", f"已于{published_on.isoformat()}按期发布。"
    left = (due - today).days
    if left < 0:
        return "past", f"已超过发布期限（{due.isoformat()}）{-left}天，尚未发布。"
    if left <= NEAR_DAYS:
        return "near", f"距发布期限（{due.isoformat()}）还有{left}天。"
    return "ok", f"发布期限：{due.isoformat()}。"


# --- generation ---------------------------------------------------------------------------------------------

@dataclass
class SiteFacts:
    """What the records say of an agency's site in a year (counted in the web layer)."""

    year: int
    agency_name: str
    agency_level: str  # region | government | department | …
    website: str = ""
    items_total: int = 0
    items_overview: int = 0
    items_news: int = 0
    interpretations: int = 0
    engagement: EngagementYear | None = None
    extra: dict = field(default_factory=dict)


def site_name(agency_name: str, level: str) -> str:
    return f"{agency_name}{'门户网站' if level == 'government' else '网站'}"


def generate(facts: SiteFacts) -> dict:
    e = facts.engagement or EngagementYear(year=facts.year)
    out = {
        "site_name": site_name(facts.agency_name, facts.agency_level),
        "sponsor": facts.agency_name,
        "site_type": "政府门户网站" if facts.agency_level == "government" else "部门网站",
        "info_total": facts.items_total,
        "info_overview": facts.items_overview,
        "info_news": facts.items_news,
        "info_catalogue": facts.items_total - facts.items_news,
        "interp_materials": facts.interpretations,
        "hotspot": e.hotspot_responses,
        "msg_received": e.messages_received,
        "msg_done": e.messages_answered,
        "msg_published": e.messages_published,
        "interview_rounds": e.online_interviews,
    }
    if facts.website:
        out["home_url"] = facts.website
    # No reply, no time to average: the form still wants a figure, and 0 is what an office writes then.
    out["msg_avg_days"] = e.messages_average_workdays if e.messages_average_workdays is not None else 0
    return out


def _with_totals(values: dict) -> dict:
    out = dict(values)
    for row in ROWS:
        if not row.parts:
            continue
        current = out.get(row.key)
        if current is not None and current.get("origin") == ENTERED:
            continue
        parts = [out.get(p, {}).get("value") for p in row.parts]
        if all(isinstance(v, int) for v in parts):
            out[row.key] = {"value": sum(parts), "origin": GENERATED}
        else:
            out.pop(row.key, None)
    return out


def merge(current: dict | None, generated: dict) -> dict:
    """The values after a (re)generation: what staff entered stays; every generated figure is refreshed."""
    out = {k: v for k, v in (current or {}).items() if v.get("origin") == ENTERED and k in ROW_BY_KEY}
    for key, value in generated.items():
        if key not in out:
            out[key] = {"value": value, "origin": GENERATED}
    return _with_totals(out)


def enter(current: dict, key: str, value) -> dict:
    """`current` with staff's value for `key` (None clears it: a generated row falls back to the system's
    figure at the next generation)."""
    out = dict(current)
    if value is None or value == [] or value == "":
        out.pop(key, None)
    elif out.get(key, {}).get("value") != value:
        out[key] = {"value": value, "origin": ENTERED}
    return _with_totals(out)


# --- input and display --------------------------------------------------------------------------------------

YES, NO = "是", "否"
MAX_TEXT = 300


def parse_value(row: Row, raw) -> object:
    """Staff's input for a row: int, Decimal-as-float, text, bool, a choice or a list of choices; None for
    blank. ValueError with the Chinese reason (naming the row)."""
    name = full_label(row)
    if row.kind == "multi":
        chosen = [c for c in (raw or []) if c]
        bad = [c for c in chosen if c not in row.choices]
        if bad:
            raise ValueError(f"{name}：“{bad[0]}”不是可选项。")
        return [c for c in row.choices if c in chosen] or None
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    if row.kind == "int":
        text = text.replace(",", "").replace("，", "")
        if not text.isdigit():
            raise ValueError(f"{name}应为不小于0的整数（“{text}”）。")
        if len(text) > 12:
            raise ValueError(f"{name}数值过大。")
        return int(text)
    if row.kind == "decimal":
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{name}应为数字（“{text}”）。") from None
        if not d.is_finite() or d < 0 or d > 10000:
            raise ValueError(f"{name}应为0到10000之间的数字。")
        return float(round(d, 1))
    if row.kind == "bool":
        if text in (YES, "1", "true", "True", "yes"):
            return True
        if text in (NO, "0", "false", "False", "no"):
            return False
        raise ValueError(f"{name}请选择“是”或“否”。")
    if row.kind == "choice":
        if text not in row.choices:
            raise ValueError(f"{name}请选择：{'、'.join(row.choices)}。")
        return text
    if len(text) > MAX_TEXT:
        raise ValueError(f"{name}过长（不超过{MAX_TEXT}字）。")
    return text


def missing(values: dict) -> list[str]:
    """The required rows without a value (their full labels), in form order. The 微博/微信 rows are asked for
    only when the site has new media."""
    out = []
    for row in ROWS:
        if row.required and values.get(row.key, {}).get("value") is None:
            out.append(full_label(row))
    if values.get("media_has", {}).get("value") is True:
        named = [g for g in ("weibo", "wechat") if values.get(f"{g}_name", {}).get("value")]
        if not named and not values.get("media_other", {}).get("value"):
            out.append("移动新媒体：已选择“有移动新媒体”，请填写微博、微信或其他新媒体的名称。")
    return out


def display(row: Row, value) -> str:
    if value is None:
        return ""
    if row.kind == "bool":
        return YES if value else NO
    if row.kind == "multi":
        return "、".join(value)
    if row.kind == "decimal":
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def _boxes(row: Row, value) -> str:
    """A choice written the way the paper form does: ☑ the chosen, □ the others."""
    if row.kind == "bool":
        return f"{'☑' if value is True else '□'}是  {'☑' if value is False else '□'}否"
    chosen = value if isinstance(value, list) else [value]
    return "  ".join(f"{'☑' if c in chosen else '□'}{c}" for c in row.choices)


# --- the table ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    kind: str  # label | value
    rowspan: int = 1
    colspan: int = 1
    key: str = ""  # a value cell's row key
    origin: str = ""  # generated | entered | "" (blank)


NCOLS = 4  # section, group, item, value
WIDTHS = (1.9, 1.9, 4.4, 5.8)


def _label(text: str, unit: str) -> str:
    return f"{text}（单位：{unit}）" if unit else text


def table(values: dict, *, boxes: bool = True) -> list[Cell]:
    """The form (without its signature rows) as cells of a 4-column table: 1 section label (merged down over
    its rows), 2 group label (merged over the group), 3 item label, 4 value. A row under its section
    directly spans columns 2–3; an identity row (网站名称 …) spans 1–3."""
    cells: list[Cell] = []
    r = 0
    for section in SECTIONS:
        if section.key == "signature":
            continue
        rows = list(section.rows)
        if section.key == "innovation":  # one line in the form: the boxes, then 其他 with its text
            v = values.get("innovation", {}).get("value") or []
            other = values.get("innovation_other", {}).get("value") or ""
            text = _boxes(ROW_BY_KEY["innovation"], v) if boxes else display(ROW_BY_KEY["innovation"], v)
            if other:
                text += f"（{other}）"
            cells.append(Cell(r, 0, section.label, "label", colspan=3))
            origin = ENTERED if (v or other) else ""
            cells.append(Cell(r, 3, text, "value", key="innovation", origin=origin))
            r += 1
            continue
        start = r
        i = 0
        while i < len(rows):
            row = rows[i]
            if row.group:
                group_rows = [x for x in rows[i:] if x.group == row.group]
                n = len(group_rows)
                cells.append(Cell(r, 1, _label(row.group, row.group_unit), "label", rowspan=n))
                for k, g in enumerate(group_rows):
                    cells.append(Cell(r + k, 2, _label(g.label, g.unit), "label"))
                    cells.append(_value_cell(r + k, g, values, boxes))
                r += n
                i += n
                continue
            if not section.label:
                cells.append(Cell(r, 0, _label(row.label, row.unit), "label", colspan=3))
            else:
                cells.append(Cell(r, 1, _label(row.label, row.unit), "label", colspan=2))
            cells.append(_value_cell(r, row, values, boxes))
            r += 1
            i += 1
        if section.label:
            cells.append(Cell(start, 0, _label(section.label, section.unit), "label", rowspan=r - start))
    return sorted(cells, key=lambda c: (c.row, c.col))


def _value_cell(r: int, row: Row, values: dict, boxes: bool) -> Cell:
    entry = values.get(row.key) or {}
    value = entry.get("value")
    if boxes and row.kind in ("bool", "choice"):
        text = _boxes(row, value)
    else:
        text = display(row, value)
    return Cell(r, 3, text, "value", key=row.key, origin=entry.get("origin", "") if value is not None else "")


def nrows(cells: list[Cell]) -> int:
    return max((c.row + c.rowspan for c in cells), default=0)


def signature_lines(values: dict) -> list[tuple[str, str]]:
    return [(r.label, display(r, values.get(r.key, {}).get("value"))) for r in SECTIONS[-1].rows]
