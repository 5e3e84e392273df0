"""The new-media account import file (CSV or XLSX): its columns and the per-row checks, in Chinese.

    read(data, filename) -> Table          header problems raise NewMediaFileError with every line
    parse_row(row, today) -> ParsedRow     values checked; `errors` are lines "第N行：…"

Columns: 机关代码, 平台, 账号名称 (required); 账号ID或链接, 订阅源地址, 提供互动功能 (是/否, default 是), 最近更新日期,
最近互动回应日期, 状态 (运营中/已关停, default 运营中). A platform is written as its label (政务微博) or short
form (微博) or code (weibo).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gongkai.core import tabular

PLATFORMS = {"weibo": "政务微博", "wechat": "政务微信", "app": "政务客户端", "douyin": "政务抖音",
             "toutiao": "政务头条号", "other": "其他"}
STATUSES = {"active": "运营中", "closed": "已关停"}
ROW = "第{n}行："

COLUMNS = {
    "agency": ("机关代码", "agency", "agency_code"),
    "platform": ("平台", "platform", "类型"),
    "name": ("账号名称", "name", "名称"),
    "account_id": ("账号ID或链接", "账号id", "链接", "account_id", "url"),
    "feed_url": ("订阅源地址", "订阅源", "feed_url", "feed"),
    "interaction": ("提供互动功能", "互动功能", "interaction"),
    "last_update": ("最近更新日期", "last_update"),
    "last_interaction": ("最近互动回应日期", "last_interaction"),
    "status": ("状态", "status"),
}
LABELS = {k: v[0] for k, v in COLUMNS.items()}
REQUIRED = ("agency", "platform", "name")


class NewMediaFileError(tabular.TableFileError):
    code = "newmedia_file"
    default_message = "无法读取政务新媒体导入文件。"


SPEC = tabular.TableSpec(columns=COLUMNS, labels=LABELS, required=REQUIRED, max_bytes=5 * 1024 * 1024,
                         max_rows=5000, what="导入文件", row_noun="个账号", data_noun="账号数据", row_format=ROW)


def read(data: bytes, filename: str = "") -> tabular.Table:
    return tabular.read_table(data, filename, SPEC, NewMediaFileError)


@dataclass
class ParsedRow:
    number: int
    agency_code: str = ""
    fields: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


_PLATFORM_ALIASES = {**{v: k for k, v in PLATFORMS.items()}, **{k: k for k in PLATFORMS},
                     "微博": "weibo", "微信": "wechat", "微信公众号": "wechat", "客户端": "app", "app": "app",
                     "抖音": "douyin", "头条": "toutiao", "头条号": "toutiao"}
_YES = {"是", "有", "y", "yes", "true", "1"}
_NO = {"否", "无", "n", "no", "false", "0"}


def _date(text: str, label: str, today: date, errors: list[str], at: str) -> date | None:
    if not text:
        return None
    try:
        d = date.fromisoformat(text.strip().replace("/", "-").replace(".", "-")[:10])
    except ValueError:
        errors.append(f"{at}{label}“{text}”不是有效日期（应为 YYYY-MM-DD）")
        return None
    if d > today:
        errors.append(f"{at}{label}{d.isoformat()}晚于今天")
        return None
    return d


def parse_row(row: tabular.Row, *, today: date) -> ParsedRow:
    v = {k: (row.values.get(k) or "").strip() for k in COLUMNS}
    at = ROW.format(n=row.number)
    out = ParsedRow(row.number, v["agency"])
    errors = out.errors
    if not v["agency"]:
        errors.append(f"{at}机关代码不能为空")
    platform = _PLATFORM_ALIASES.get(v["platform"].lower() if v["platform"].isascii() else v["platform"])
    if not v["platform"]:
        errors.append(f"{at}平台不能为空")
    elif platform is None:
        errors.append(f"{at}平台“{v['platform']}”无法识别（可填：{'、'.join(PLATFORMS.values())}）")
    if not v["name"]:
        errors.append(f"{at}账号名称不能为空")
    elif len(v["name"]) > 100:
        errors.append(f"{at}账号名称超过100个字")
    interaction = True
    if v["interaction"]:
        low = v["interaction"].lower()
        if low in _YES:
            interaction = True
        elif low in _NO:
            interaction = False
        else:
            errors.append(f"{at}提供互动功能应填“是”或“否”，不是“{v['interaction']}”")
    status = "active"
    if v["status"]:
        status = next((k for k, label in STATUSES.items() if v["status"] in (k, label)), "")
        if not status:
            errors.append(f"{at}状态应为“运营中”或“已关停”，不是“{v['status']}”")
    for key, label in (("account_id", "账号ID或链接"), ("feed_url", "订阅源地址")):
        if len(v[key]) > (300 if key == "account_id" else 500):
            errors.append(f"{at}{label}过长")
    if v["feed_url"] and not v["feed_url"].lower().startswith(("http://", "https://")):
        errors.append(f"{at}订阅源地址应以 http:// 或 https:// 开头")
    out.fields = {"platform": platform, "name": v["name"], "account_id": v["account_id"], "feed_url": v["feed_url"],
                  "has_interaction": interaction, "status": status,
                  "last_update_on": _date(v["last_update"], "最近更新日期", today, errors, at),
                  "last_interaction_on": _date(v["last_interaction"], "最近互动回应日期", today, errors, at)}
    return out
