"""The statistics of one agency for one year: the typed form of `gongkai.annual-stats/1`.

The same object comes out of reading a published report and out of building a report from records.
Conventions that matter everywhere:

* `None` means "not stated / unknown"; `0` means "stated as zero". Never conflate them.
* A figure read from a document has an `Evidence` entry keyed by its JSON pointer (`/review/total`).
* Warnings describe doubts about the source (ambiguous split, approximations, contradictions); they are
  never used to silently change a figure.

The JSON Schema the project ships (`annual-stats.schema.json`) is generated from these classes by
`gongkai.core.stats.schema` and a test checks it against the shared contract.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar

SCHEMA_ID = "gongkai.annual-stats/1"
TEMPLATES = ("2021", "2019", "pre2019", "unknown")


def count(description: str | None = None, *, signed: bool = False):
    """A field holding a count (non-negative unless `signed`)."""
    meta = {"minimum": None if signed else 0}
    if description:
        meta["description"] = description
    return field(default=None, metadata=meta)


def amount(description: str | None = None):
    return field(default=None, metadata={"minimum": 0, **({"description": description} if description else {})})


def section(cls, description: str | None = None):
    return field(default=None, metadata={"description": description} if description else {})


class Record:
    """Mixin for the nested statistics records: JSON conversion and pointer access."""

    DESCRIPTION: ClassVar[str | None] = None

    def to_json(self) -> dict[str, Any] | None:
        """Plain JSON; a record with no known figure at all becomes None (null)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, Record):
                v = v.to_json()
            out[f.name] = v
        if all(v is None for v in out.values()):
            return None
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any] | None):
        if data is None:
            return None
        hints = _hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            sub = _record_type(hints[f.name])
            kwargs[f.name] = sub.from_json(data[f.name]) if sub else data[f.name]
        unknown = set(data) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ValueError(f"{cls.__name__}: unknown keys {sorted(unknown)}")
        return cls(**kwargs)


@functools.lru_cache(maxsize=2048)
def _pointer_parts(pointer: str) -> tuple[tuple[str, ...], str]:
    # The parser sets the same few hundred pointers for every report.
    parts = tuple(pointer.strip("/").split("/"))
    return parts, "/" + "/".join(parts)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """Resolved annotations of a model class; resolving them is costly and `set` runs per figure."""
    return typing.get_type_hints(cls)


def _record_type(hint) -> type[Record] | None:
    """The Record class in `X | None`, if any."""
    args = typing.get_args(hint) if isinstance(hint, types.UnionType) or typing.get_origin(hint) else (hint,)
    for a in args:
        if isinstance(a, type) and issubclass(a, Record):
            return a
    return None


# --- proactive disclosure ------------------------------------------------------------------------------

@dataclass
class Channels(Record):
    DESCRIPTION = (
        "Items disclosed per channel: 政府网站, 政府公报, 政务微博, 政务微信, other new media "
        "(客户端/抖音/头条…), 其他方式."
    )
    website: int | None = count()
    gazette: int | None = count()
    weibo: int | None = count()
    wechat: int | None = count()
    new_media: int | None = count()
    other: int | None = count()


@dataclass
class Proactive(Record):
    total: int | None = count("主动公开政府信息 total for the year, all channels.")
    by_channel: Channels | None = section(Channels)
    normative_documents: int | None = count("主动公开规范性文件数 (pre-2019 indicator).")


# --- table 二 -----------------------------------------------------------------------------------------

@dataclass
class DocumentCounts(Record):
    issued: int | None = count()
    repealed: int | None = count()
    in_force: int | None = count()
    new_made: int | None = count()
    new_published: int | None = count()
    total_public: int | None = count()


@dataclass
class DecisionCounts(Record):
    decisions: int | None = count()
    prev_year_items: int | None = count()
    change: int | None = count(signed=True)


@dataclass
class FeeFigures(Record):
    amount_10k_yuan: float | None = amount()
    prev_year_items: int | None = count()
    change: int | None = count(signed=True)


@dataclass
class Procurement(Record):
    items: int | None = count()
    amount_yuan: float | None = amount()


@dataclass
class Table2(Record):
    DESCRIPTION = (
        "表二 主动公开政府信息情况. 2021 template columns: issued/repealed/in_force, decisions, "
        "amount_10k_yuan. 2019 template columns: new_made/new_published/total_public "
        "(本年新制作数量/本年新公开数量/对外公开总数量), prev_year_items/change/decisions "
        "(上一年项目数量/本年增/减/处理决定数量), central_procurement items/amount_yuan."
    )
    regulations: DocumentCounts | None = section(DocumentCounts, "规章")
    normative_documents: DocumentCounts | None = section(DocumentCounts, "行政规范性文件 (2019: 规范性文件)")
    licensing: DecisionCounts | None = section(DecisionCounts, "行政许可")
    other_external_services: DecisionCounts | None = section(DecisionCounts, "其他对外管理服务事项 (2019 only)")
    punishment: DecisionCounts | None = section(DecisionCounts, "行政处罚")
    coercion: DecisionCounts | None = section(DecisionCounts, "行政强制")
    admin_fees: FeeFigures | None = section(
        FeeFigures, "行政事业性收费: 本年收费金额（万元） (2021) or item counts (2019)"
    )
    central_procurement: Procurement | None = section(Procurement, "政府集中采购 (2019 only)")


# --- table 三 -----------------------------------------------------------------------------------------

@dataclass
class ApplicantCounts(Record):
    """One row of table 三 across the applicant columns."""

    natural_person: int | None = count()
    commercial: int | None = count()
    research: int | None = count()
    public_interest: int | None = count()
    legal_services: int | None = count()
    other_org: int | None = count()
    total: int | None = count()


APPLICANT_COLUMNS = tuple(f.name for f in dataclasses.fields(ApplicantCounts))
APPLICANT_TYPES = APPLICANT_COLUMNS[:-1]  # without the 总计 column


@dataclass
class Table3(Record):
    DESCRIPTION = "表三 收到和处理政府信息公开申请情况: rows x applicant columns (keys as in the templates)."
    new: ApplicantCounts | None = None
    carried_over: ApplicantCounts | None = None
    disclosed: ApplicantCounts | None = None
    partially_disclosed: ApplicantCounts | None = None
    withheld_state_secret: ApplicantCounts | None = None
    withheld_prohibited_by_law: ApplicantCounts | None = None
    withheld_security_stability: ApplicantCounts | None = None
    withheld_third_party: ApplicantCounts | None = None
    withheld_internal_affairs: ApplicantCounts | None = None
    withheld_process_info: ApplicantCounts | None = None
    withheld_enforcement_file: ApplicantCounts | None = None
    withheld_admin_query: ApplicantCounts | None = None
    unable_not_held: ApplicantCounts | None = None
    unable_needs_creation: ApplicantCounts | None = None
    unable_unclear_after_correction: ApplicantCounts | None = None
    not_processed_petition: ApplicantCounts | None = None
    not_processed_duplicate: ApplicantCounts | None = None
    not_processed_publication: ApplicantCounts | None = None
    not_processed_mass_repeated: ApplicantCounts | None = None
    not_processed_confirm_reissue: ApplicantCounts | None = None
    other_no_correction: ApplicantCounts | None = None
    other_fee_unpaid: ApplicantCounts | None = None
    other_other: ApplicantCounts | None = None
    other_total: ApplicantCounts | None = None
    results_total: ApplicantCounts | None = None
    carried_forward: ApplicantCounts | None = None

    def cell(self, row: str, column: str) -> int | None:
        r = getattr(self, row)
        return None if r is None else getattr(r, column)

    def set_cell(self, row: str, column: str, value: int | None) -> None:
        r = getattr(self, row)
        if r is None:
            r = ApplicantCounts()
            setattr(self, row, r)
        setattr(r, column, value)


TABLE3_ROWS = tuple(f.name for f in dataclasses.fields(Table3))


@dataclass
class LegacyApplications(Record):
    DESCRIPTION = "Pre-2019 statistics-table breakdown of applications (收到申请数 by channel, 办结数, 答复数 by type)."
    received_in_person: int | None = count()
    received_fax: int | None = count()
    received_online: int | None = count()
    received_letter: int | None = count()
    completed: int | None = count()
    completed_on_time: int | None = count()
    completed_extended: int | None = count()
    already_public: int | None = count()
    granted: int | None = count()
    partially_granted: int | None = count()
    refused: int | None = count()
    not_this_agency: int | None = count()
    not_exist: int | None = count()
    asked_to_amend: int | None = count()
    other_route: int | None = count()


@dataclass
class Applications(Record):
    received: int | None = count(
        "Applications newly received in the year, all applicants (表三 一、总计 column; pre-2019: 收到申请数)."
    )
    table3: Table3 | None = section(Table3)
    legacy: LegacyApplications | None = section(LegacyApplications)


# --- table 四 -----------------------------------------------------------------------------------------

@dataclass
class Outcomes(Record):
    upheld: int | None = count()
    corrected: int | None = count()
    other: int | None = count()
    pending: int | None = count()
    total: int | None = count()


OUTCOME_COLUMNS = tuple(f.name for f in dataclasses.fields(Outcomes))


@dataclass
class Fees(Record):
    DESCRIPTION = "信息处理费 / 依申请公开收费 actually collected, in yuan."
    collected_yuan: float | None = amount()


@dataclass
class Responses(Record):
    DESCRIPTION = "回应解读: 新闻发布会次数, 政策解读 (稿件/次), 在线访谈次数, 回应公众关注热点或重大舆情数."
    press_conferences: int | None = count()
    interpretations: int | None = count()
    online_interviews: int | None = count()
    hotspot_responses: int | None = count()


@dataclass
class Capacity(Record):
    DESCRIPTION = "召开政府信息公开工作会议数, 举办培训班数, 接受培训人员数 (人次)."
    meetings: int | None = count()
    trainings: int | None = count()
    trainees: int | None = count()


# The warning that carries an OCR figure's confidence and page box through the JSON contract, whose evidence
# objects allow no other keys. One fixed form, written and read only here.
OCR_EVIDENCE = "ocr_evidence"
_OCR_EVIDENCE_FORM = re.compile(
    r"^OCR 第 (\d+) 页 置信度 ([0-9.]+) 区域 \[([-0-9.]+), ([-0-9.]+), ([-0-9.]+), ([-0-9.]+)\] pt$"
)


def ocr_evidence_message(confidence: float, box: tuple[int, float, float, float, float]) -> str:
    return f"OCR 第 {box[0]} 页 置信度 {confidence:.3f} 区域 [{box[1]}, {box[2]}, {box[3]}, {box[4]}] pt"


def read_ocr_evidence(message: str) -> tuple[float, tuple[int, float, float, float, float]] | None:
    """(confidence, page box) from an `ocr_evidence` warning's message, or None if it is not in the form."""
    m = _OCR_EVIDENCE_FORM.match(message)
    if m is None:
        return None
    page, conf, *xy = m.groups()
    x0, y0, x1, y1 = (float(v) for v in xy)
    return float(conf), (int(page), x0, y0, x1, y1)


@dataclass
class Evidence:
    """Where a figure was read: the quote in the document's own script and its offset in the plain text.

    A figure read by OCR from a scanned page also carries the recogniser's confidence (0..1) and `page_box`:
    (page, x0, y0, x1, y1), the 1-based page and the box in PDF points from the page's top-left corner, so
    the image crop can be shown as the evidence. The shared JSON contract allows no other evidence keys, so
    `to_json` leaves them out; `AnnualStats` repeats them in an `ocr_evidence` warning per figure.
    """

    quote: str
    start: int | None = None
    approximate: bool = False
    ocr_confidence: float | None = None
    page_box: tuple[int, float, float, float, float] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"quote": self.quote}
        if self.start is not None:
            out["start"] = self.start
        if self.approximate:
            out["approximate"] = True
        return out


# The JSON contract gives warnings no severity field, so the code carries it: `note.*` is information (a figure
# derived from two stated ones, not a doubt), `check.*` is a consistency finding of `gongkai.core.checks` about
# the figures as read (the report contradicts itself), anything else is a doubt the reader had while reading.
NOTE_PREFIX = "note."
CHECK_PREFIX = "check."


@dataclass
class Warning:  # noqa: A001 - the schema's name for it
    code: str
    message: str
    pointer: str | None = None

    @property
    def is_note(self) -> bool:
        return self.code.startswith(NOTE_PREFIX)

    @property
    def is_check(self) -> bool:
        return self.code.startswith(CHECK_PREFIX)

    def to_json(self) -> dict[str, Any]:
        out = {"code": self.code, "message": self.message}
        if self.pointer:
            out["pointer"] = self.pointer
        return out


@dataclass
class AnnualStats:
    """gongkai.annual-stats/1: one agency, one year."""

    agency: str | None = None
    year: int | None = None
    template: str = "unknown"
    source: str | None = None
    proactive: Proactive | None = None
    table2: Table2 | None = None
    applications: Applications | None = None
    review: Outcomes | None = None
    litigation: Outcomes | None = None
    litigation_direct: Outcomes | None = None
    litigation_after_review: Outcomes | None = None
    complaints: int | None = None
    fees: Fees | None = None
    responses: Responses | None = None
    capacity: Capacity | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)

    # -- pointer access -----------------------------------------------------------------------------

    def get(self, pointer: str) -> Any:
        """The value at a JSON pointer (`/review/total`), None when any part is absent."""
        obj: Any = self
        for part in pointer.strip("/").split("/"):
            if obj is None:
                return None
            obj = getattr(obj, part)
        return obj

    def set(self, pointer: str, value: Any, evidence: Evidence | None = None) -> None:
        """Set a figure, creating the records on the way; record its evidence when given."""
        parts, canonical = _pointer_parts(pointer)
        obj: Any = self
        for part in parts[:-1]:
            nxt = getattr(obj, part)
            if nxt is None:
                hint = _hints(type(obj))[part]
                nxt = _record_type(hint)()
                setattr(obj, part, nxt)
            obj = nxt
        if not hasattr(obj, parts[-1]):
            raise AttributeError(f"{pointer}: no such figure")
        setattr(obj, parts[-1], value)
        if evidence is not None:
            self.evidence[canonical] = evidence

    def warn(self, code: str, message: str, pointer: str | None = None) -> None:
        self.warnings.append(Warning(code, message, pointer))

    def figures(self) -> dict[str, Any]:
        """Every stated figure by pointer (None values left out)."""
        out: dict[str, Any] = {}

        def walk(prefix: str, data: Any) -> None:
            if isinstance(data, dict):
                for k, v in data.items():
                    walk(f"{prefix}/{k}", v)
            elif data is not None:
                out[prefix] = data

        # Only the figure records: the whole to_json() also serialised every evidence and warning, most
        # of the cost of a call the checks make several times per report.
        for key in _FIGURE_KEYS:
            v = getattr(self, key)
            walk(f"/{key}", v.to_json() if isinstance(v, Record) else v)
        return out

    # -- JSON -------------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA_ID,
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "source": self.source,
        }
        for key in _FIGURE_KEYS:
            v = getattr(self, key)
            out[key] = v.to_json() if isinstance(v, Record) else v
        out["evidence"] = {k: e.to_json() for k, e in sorted(self.evidence.items())}
        out["warnings"] = [w.to_json() for w in self.warnings]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnnualStats:
        if data.get("schema") != SCHEMA_ID:
            raise ValueError(f"not a {SCHEMA_ID} object (schema={data.get('schema')!r})")
        hints = _hints(cls)
        obj = cls(
            agency=data.get("agency"),
            year=data.get("year"),
            template=data.get("template") or "unknown",
            source=data.get("source"),
            complaints=data.get("complaints"),
        )
        for key in _FIGURE_KEYS:
            sub = _record_type(hints[key])
            if sub and data.get(key) is not None:
                setattr(obj, key, sub.from_json(data[key]))
        obj.evidence = {
            k: Evidence(v["quote"], v.get("start"), bool(v.get("approximate")))
            for k, v in (data.get("evidence") or {}).items()
        }
        obj.warnings = [Warning(w["code"], w["message"], w.get("pointer")) for w in data.get("warnings") or []]
        for w in obj.warnings:  # the OCR marks the contract carries as warnings go back onto their evidence
            mark = read_ocr_evidence(w.message) if w.code == OCR_EVIDENCE else None
            if mark is not None and w.pointer in obj.evidence:
                confidence, box = mark
                obj.evidence[w.pointer].ocr_confidence = confidence
                obj.evidence[w.pointer].page_box = box
        return obj


_FIGURE_KEYS = (
    "proactive", "table2", "applications", "review", "litigation", "litigation_direct",
    "litigation_after_review", "complaints", "fees", "responses", "capacity",
)


@functools.cache
def figure_pointers() -> tuple[str, ...]:
    """Every figure pointer of the model, in the model's order (e.g. the library export's column order)."""
    out: list[str] = []

    def walk(prefix: str, cls: type) -> None:
        hints = _hints(cls)
        for f in dataclasses.fields(cls):
            sub = _record_type(hints[f.name])
            if sub is not None:
                walk(f"{prefix}/{f.name}", sub)
            else:
                out.append(f"{prefix}/{f.name}")

    hints = _hints(AnnualStats)
    for key in _FIGURE_KEYS:
        sub = _record_type(hints[key])
        if sub is not None:
            walk(f"/{key}", sub)
        else:
            out.append(f"/{key}")
    return tuple(out)
