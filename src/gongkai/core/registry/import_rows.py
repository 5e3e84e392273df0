"""Rows of a bulk item import (`gongkai items import FILE`), read and checked without a database.

    SPEC                                  the columns (Chinese or English header), caps
    read(data, filename) -> Table         the file's rows (gongkai.core.tabular), ItemFileError on a bad file
    parse_row(row, today) -> ParsedRow    one row's values, or its Chinese errors
    duplicate_index_numbers(rows)         (row, error) for an 索引号 repeated within the file
    export_row(values, fmt) -> dict       one item as an export row with the same columns (so it re-imports)

Columns (key: header spellings):
    index_no 索引号 (optional; assigned when empty), title 标题, agency 发布机构 (the agency's code in gongkai),
    doc_number 文号, written 成文日期, published 发布日期, subject 主题分类 (code, "综合政务/政务公开", or the
    sub-class label alone when only one class has it), genre 体裁 (code or label), validity 有效性 (code or
    label; empty for genres without validity), body 正文 (HTML or plain text).

An error line is `第N行：<message>`, N as the spreadsheet shows it (the header is row 1). The database
checks (agency exists and has a code, 索引号 not used yet) and the service's rules run in the web layer
(gongkai.web.registry.bulk).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from gongkai.core import tabular
from gongkai.core.registry import index_no as index_numbers
from gongkai.core.registry import rules, vocab

MAX_ROWS = 10_000
MAX_BYTES = 50 * 1024 * 1024

# key -> (Chinese header, English header, other accepted spellings...). The first two are what exports write.
COLUMNS: dict[str, tuple[str, ...]] = {
    "index_no": ("索引号", "index_no", "索引编号"),
    "title": ("标题", "title", "名称", "文件名称"),
    "agency": ("发布机构", "agency", "发文机关", "发布机关", "机关代码"),
    "doc_number": ("文号", "doc_number", "发文字号"),
    "written": ("成文日期", "written", "written_on"),
    "published": ("发布日期", "published", "published_on", "公开日期"),
    "subject": ("主题分类", "subject", "主题"),
    "genre": ("体裁", "genre", "体裁分类", "信息类别"),
    "validity": ("有效性", "validity"),
    "body": ("正文", "body", "内容"),
}
LABELS = {key: names[0] for key, names in COLUMNS.items()}
ENGLISH = {key: names[1] for key, names in COLUMNS.items()}
REQUIRED = ("title", "agency", "published", "subject", "genre")
IGNORED = frozenset({"序号", "备注", "说明", "no", "#", "remark", "remarks", "note", "notes"})
ROW = "第{n}行："


class ItemFileError(tabular.TableFileError):
    code = "item_file"
    default_message = "无法读取政府信息导入文件。"


SPEC = tabular.TableSpec(columns=COLUMNS, labels=LABELS, required=REQUIRED, ignored=IGNORED,
                         max_bytes=MAX_BYTES, max_rows=MAX_ROWS, what="导入文件", row_noun="条信息",
                         data_noun="政府信息数据", row_format=ROW)


def read(data: bytes, filename: str = "") -> tabular.Table:
    return tabular.read_table(data, filename, SPEC, ItemFileError)


@dataclass
class ParsedRow:
    number: int
    agency_code: str = ""
    index_no: str = ""  # canonical form, or "" to assign
    published_on: date | None = None
    fields: dict = field(default_factory=dict)  # services.EDITABLE_FIELDS keys
    errors: list[str] = field(default_factory=list)  # complete lines, "第N行：…"

    def error(self, message: str) -> None:
        self.errors.append(ROW.format(n=self.number) + message)


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(text: str) -> date | None:
    """2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, with or without a time of day after it (CMS
    exports write "2024-03-05 10:23:11"; an XLSX date-time cell reads the same). None for empty text;
    ValueError when it is not a date."""
    text = (text or "").strip()
    if not text:
        return None
    text = text.translate(str.maketrans("０１２３４５６７８９－／．", "0123456789-/."))
    text = re.sub(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$", "", text)
    m = _DATE.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if not m:
        raise ValueError(text)
    return date(int(m[1]), int(m[2]), int(m[3]))


@cache
def _subject_lookup() -> tuple[dict[str, str], dict[str, list[str]]]:
    full: dict[str, str] = {}
    short: dict[str, list[str]] = {}
    for s in vocab.subjects().values():
        full[s.code] = s.code
        full[s.label] = s.code
        short.setdefault(s.label.rsplit("/", 1)[-1], []).append(s.code)
    return full, short


def parse_subject(text: str) -> str:
    """The subject code of a code or label; ValueError with the Chinese reason otherwise."""
    text = re.sub(r"\s*[/／]\s*", "/", (text or "").strip())
    full, short = _subject_lookup()
    if text in full:
        return full[text]
    codes = short.get(text, [])
    if len(codes) == 1:
        return codes[0]
    if len(codes) > 1:
        options = "、".join(f"“{vocab.subject_label(c)}”" for c in codes)
        raise ValueError(f"主题分类“{text}”不明确，请写全：{options}。")
    raise ValueError(f"主题分类“{text}”无法识别（可填代码如 0203，或名称如“综合政务/政务公开”）。")


def _by_code_or_label(text: str, table: dict[str, str]) -> str | None:
    text = (text or "").strip()
    if text in table:
        return text
    return next((code for code, label in table.items() if label == text), None)


def parse_row(row: tabular.Row, *, today: date) -> ParsedRow:
    v = {k: (row.values.get(k) or "").strip() for k in COLUMNS}
    out = ParsedRow(number=row.number, agency_code=v["agency"])
    for key in REQUIRED:
        if not v[key]:
            out.error(f"{LABELS[key]}不能为空。")
    dates: dict[str, date | None] = {}
    for key in ("written", "published"):
        try:
            dates[key] = parse_date(v[key])
        except ValueError:
            dates[key] = None
            out.error(f"{LABELS[key]}“{v[key]}”不是有效的日期（应写成 2024-03-05 这样的格式）。")
    subject = ""
    if v["subject"]:
        try:
            subject = parse_subject(v["subject"])
        except ValueError as exc:
            out.error(str(exc))
    genres = {code: g.label for code, g in vocab.genres().items()}
    genre = _by_code_or_label(v["genre"], genres) if v["genre"] else None
    if v["genre"] and genre is None:
        out.error(f"体裁“{v['genre']}”无法识别（可填：{'、'.join(genres.values())}）。")
    validity = ""
    if v["validity"]:
        validity = _by_code_or_label(v["validity"], vocab.VALIDITY) or ""
        if not validity:
            out.error(f"有效性“{v['validity']}”无法识别（可填：{'、'.join(vocab.VALIDITY.values())}）。")
    if v["index_no"]:
        try:
            out.index_no = str(index_numbers.parse(v["index_no"]))
        except index_numbers.InvalidIndexNumber as exc:
            message = exc.message if v["index_no"] in exc.message else f"索引号“{v['index_no']}”：{exc.message}"
            out.error(message)
    if len(v["doc_number"]) > 100:
        out.error("文号过长（不超过100字）。")
    out.published_on = dates["published"]
    out.fields = {"title": v["title"], "doc_number": v["doc_number"], "written_on": dates["written"],
                  "subject": subject, "genre": genre or "", "validity": validity, "body_html": v["body"]}
    if genre is not None and subject:
        genre_info = vocab.genres()[genre]
        facts = rules.ItemFacts(title=v["title"], genre=genre, subject=subject, written_on=dates["written"],
                                published_on=dates["published"],
                                validity=validity or ("valid" if genre_info.has_validity else ""))
        named = {"title", "written_on", "published_on", "validity"}
        for name, message in rules.problems(facts, today=today).items():
            if name in named and not (name == "title" and not v["title"]):
                out.error(message)
    return out


def duplicate_index_numbers(rows: list[ParsedRow]) -> list[tuple[int, str]]:
    """(row number, error line) for each row repeating an earlier row's 索引号."""
    first: dict[str, int] = {}
    errors: list[tuple[int, str]] = []
    for row in rows:
        if not row.index_no:
            continue
        if row.index_no in first:
            errors.append((row.number, ROW.format(n=row.number)
                           + f"索引号“{row.index_no}”与第{first[row.index_no]}行重复。"))
        else:
            first[row.index_no] = row.number
    return errors


def export_row(values: dict, *, fmt: str) -> dict:
    """An item's values (keys of COLUMNS; dates as date, codes for subject/genre/validity) as one export
    row: CSV with the Chinese headers and labels (what an office reads in Excel), JSON Lines with the English
    keys and codes. Both import again."""
    def iso(d):
        return d.isoformat() if d else ""
    if fmt == "csv":
        return {LABELS["index_no"]: values["index_no"], LABELS["title"]: values["title"],
                LABELS["agency"]: values["agency"], LABELS["doc_number"]: values["doc_number"],
                LABELS["written"]: iso(values["written"]), LABELS["published"]: iso(values["published"]),
                LABELS["subject"]: vocab.subject_label(values["subject"]),
                LABELS["genre"]: vocab.genre_label(values["genre"]),
                LABELS["validity"]: vocab.VALIDITY.get(values["validity"], ""), LABELS["body"]: values["body"]}
    return {ENGLISH[k]: (iso(values[k]) if k in ("written", "published") else values[k]) for k in COLUMNS}
