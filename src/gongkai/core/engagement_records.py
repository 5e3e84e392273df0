"""Records of responses to the public and of capacity building (回应关切、新闻发布会、在线访谈、工作会议、培训), checked
without a database: the rules a record must meet and the rows of a CSV/XLSX import.

    KINDS                                      kind code -> the label the annual report and 年度报表 use
    problems(values, today) -> {field: message}   a record's Chinese problems ({} when it may be saved)
    read(data, filename) -> Table              an import file's rows (gongkai.core.tabular), RecordFileError
    parse_row(row, today) -> ParsedRecord      one row's values, or its `第N行：…` errors

Import columns (Chinese or English header): 类型 kind (code, label or a common short name), 日期 held_on,
主题 topic, 发布人/嘉宾/主讲人 speakers, 人数 participants (人次; required for 培训班), 渠道 channel, 链接 url,
内容摘要 summary, 相关政府信息 items (索引号, several separated by 、 ， ; or spaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from gongkai.core import tabular
from gongkai.core.registry.import_rows import parse_date

KINDS: dict[str, str] = {
    "hotspot_response": "回应公众关注热点或重大舆情",
    "press_conference": "新闻发布会",
    "online_interview": "在线访谈",
    "meeting": "政府信息公开工作会议",
    "training": "培训班",
}
# What offices write in their own spreadsheets for each kind.
KIND_ALIASES: dict[str, str] = {
    "舆情回应": "hotspot_response", "回应关切": "hotspot_response", "热点回应": "hotspot_response",
    "回应": "hotspot_response", "发布会": "press_conference", "新闻发布": "press_conference",
    "访谈": "online_interview", "网上访谈": "online_interview", "会议": "meeting", "工作会议": "meeting",
    "培训": "training", "培训会": "training",
}
MAX_TOPIC, MAX_SPEAKERS, MAX_CHANNEL, MAX_URL = 300, 300, 100, 500
MAX_PARTICIPANTS = 1_000_000
ROW = "第{n}行："

COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("类型", "kind", "记录类型", "类别"),
    "held_on": ("日期", "held_on", "时间", "举办日期", "发布日期"),
    "topic": ("主题", "topic", "标题", "名称"),
    "speakers": ("发布人/嘉宾/主讲人", "speakers", "发布人", "嘉宾", "主讲人"),
    "participants": ("人数", "participants", "参加人数", "培训人数", "人次"),
    "channel": ("渠道", "channel", "发布渠道"),
    "url": ("链接", "url", "网址"),
    "summary": ("内容摘要", "summary", "摘要", "内容"),
    "items": ("相关政府信息", "items", "索引号", "相关信息"),
}
LABELS = {key: names[0] for key, names in COLUMNS.items()}
REQUIRED = ("kind", "held_on", "topic")


class RecordFileError(tabular.TableFileError):
    code = "record_file"
    default_message = "无法读取记录导入文件。"


SPEC = tabular.TableSpec(columns=COLUMNS, labels=LABELS, required=REQUIRED,
                         ignored=frozenset({"序号", "备注", "no", "#", "remark", "note"}),
                         max_bytes=10 * 1024 * 1024, max_rows=5_000, what="导入文件", row_noun="条记录",
                         data_noun="记录", row_format=ROW)


def kind_code(text: str) -> str | None:
    text = (text or "").strip()
    if text in KINDS:
        return text
    for code, label in KINDS.items():
        if text == label:
            return code
    return KIND_ALIASES.get(text)


def problems(values: dict, *, today: date) -> dict[str, str]:
    """The problems of a record's values (kind, held_on, topic, speakers, participants, channel, url), each
    as a Chinese sentence under its field name."""
    out: dict[str, str] = {}
    if values.get("kind") not in KINDS:
        out["kind"] = "请选择记录类型。"
    held = values.get("held_on")
    if held is None:
        out["held_on"] = "请填写日期。"
    elif held > today:
        out["held_on"] = f"日期{held.isoformat()}晚于今天：只能登记已经举办或发布的事项。"
    topic = (values.get("topic") or "").strip()
    if not topic:
        out["topic"] = "主题不能为空。"
    elif len(topic) > MAX_TOPIC:
        out["topic"] = f"主题过长（不超过{MAX_TOPIC}字）。"
    if len(values.get("speakers") or "") > MAX_SPEAKERS:
        out["speakers"] = f"发布人/嘉宾/主讲人过长（不超过{MAX_SPEAKERS}字）。"
    if len(values.get("channel") or "") > MAX_CHANNEL:
        out["channel"] = f"渠道过长（不超过{MAX_CHANNEL}字）。"
    url = (values.get("url") or "").strip()
    if url and (len(url) > MAX_URL or not re.match(r"^(https?://\S+|/\S*)$", url)):
        out["url"] = "链接应以 http:// 或 https:// 开头（不超过500字）。"
    n = values.get("participants")
    if n is not None and (not isinstance(n, int) or n < 0 or n > MAX_PARTICIPANTS):
        out["participants"] = "人数应为不小于0的整数。"
    elif values.get("kind") == "training" and not n:
        out["participants"] = "培训班须填写培训人数（人次）。"
    return out


def read(data: bytes, filename: str = "") -> tabular.Table:
    return tabular.read_table(data, filename, SPEC, RecordFileError)


@dataclass
class ParsedRecord:
    number: int
    values: dict = field(default_factory=dict)  # kind, held_on, topic, speakers, participants, channel, url, summary
    index_nos: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors.append(ROW.format(n=self.number) + message)


def parse_row(row: tabular.Row, *, today: date) -> ParsedRecord:
    v = {k: (row.values.get(k) or "").strip() for k in COLUMNS}
    out = ParsedRecord(number=row.number)
    kind = kind_code(v["kind"]) if v["kind"] else None
    if v["kind"] and kind is None:
        out.error(f"类型“{v['kind']}”无法识别（可填：{'、'.join(KINDS.values())}）。")
    held = None
    if v["held_on"]:
        try:
            held = parse_date(v["held_on"])
        except ValueError:
            out.error(f"日期“{v['held_on']}”不是有效的日期（应写成 2024-03-05 这样的格式）。")
    participants: int | None = None
    if v["participants"]:
        text = v["participants"].removesuffix("人次").removesuffix("人").strip()
        if re.fullmatch(r"\d+", text):
            participants = int(text)
        else:
            out.error(f"人数“{v['participants']}”应为整数。")
            participants = 0
    out.values = {"kind": kind or "", "held_on": held, "topic": v["topic"], "speakers": v["speakers"],
                  "participants": participants, "channel": v["channel"], "url": v["url"], "summary": v["summary"]}
    for name, message in problems(out.values, today=today).items():
        if name == "kind" and v["kind"]:
            continue  # already said why
        if name == "held_on" and v["held_on"] and held is None:
            continue
        if name == "participants" and v["participants"] and participants == 0 and not v["participants"].isdigit():
            continue
        out.error(message)
    out.index_nos = [p for p in re.split(r"[、，,；;\s]+", v["items"]) if p]
    return out
