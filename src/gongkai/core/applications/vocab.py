"""The closed vocabularies of an application form (条例 arts. 29 and 31).

Applicant types are the columns of the annual report's table 三, read from the 2021 template data so the
labels stay byte-for-byte the official ones. Channels carry the art. 31 rule for the receipt date:

    receipt_rule   收到申请之日
    submitted      the day it is handed in (当面提交; 口头申请 transcribed by the office)
    signed         the day the office signs for it (邮寄, 需签收)
    confirmed      the day the office and the applicant confirm it (平常信函, 网上, 电子邮件, 传真)
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.templates import get_template


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    group: str | None = None


@dataclass(frozen=True)
class Channel:
    key: str
    label: str
    receipt_rule: str  # "submitted" | "signed" | "confirmed"


ORGANISATION_GROUP = "法人或其他组织"

APPLICANT_TYPES: tuple[Term, ...] = tuple(
    Term(c.key, c.label, c.group) for c in get_template("2021").table3.columns if c.key != "total"
)
APPLICANT_TYPE_KEYS = frozenset(t.key for t in APPLICANT_TYPES)
assert [t.key for t in APPLICANT_TYPES] == [
    "natural_person", "commercial", "research", "public_interest", "legal_services", "other_org"]
assert all(t.group == ORGANISATION_GROUP for t in APPLICANT_TYPES[1:])

CHANNELS: tuple[Channel, ...] = (
    Channel("in_person", "当面提交", "submitted"),
    Channel("oral", "口头申请", "submitted"),
    Channel("registered_post", "邮寄（需签收）", "signed"),
    Channel("ordinary_post", "平常信函", "confirmed"),
    Channel("online", "网上申请", "confirmed"),
    Channel("email", "电子邮件", "confirmed"),
    Channel("fax", "传真", "confirmed"),
)
CHANNEL_KEYS = frozenset(c.key for c in CHANNELS)
RECEIPT_RULES = ("submitted", "signed", "confirmed")

# Identity documents (身份证明). Natural persons: the resident card is checked by its checksum, the others
# are free document numbers; organisations use the unified social credit code.
ID_KINDS: tuple[Term, ...] = (
    Term("resident_id", "居民身份证", "natural_person"),
    Term("passport", "护照", "natural_person"),
    Term("hk_macao_taiwan", "港澳台居民往来内地（大陆）通行证或居住证", "natural_person"),
    Term("foreign_permanent", "外国人永久居留身份证", "natural_person"),
    Term("other", "其他有效身份证件", "natural_person"),
    Term("uscc", "统一社会信用代码", "organisation"),
)
ID_KIND_KEYS = frozenset(t.key for t in ID_KINDS)

# 条例 art. 29 ¶2(三) and art. 40: the form of the information and how the applicant obtains it.
DELIVERY_FORMS: tuple[Term, ...] = (
    Term("paper", "纸质文本"),
    Term("electronic", "电子数据"),
    Term("inspect", "查阅、抄录"),
)
DELIVERY_FORM_KEYS = frozenset(t.key for t in DELIVERY_FORMS)

DELIVERY_METHODS: tuple[Term, ...] = (
    Term("post", "邮寄"),
    Term("email", "电子邮件"),
    Term("pickup", "当面领取"),
    Term("online", "网上获取"),
)
DELIVERY_METHOD_KEYS = frozenset(t.key for t in DELIVERY_METHODS)

# How a letter or notice reached its addressee (送达方式), recorded with the delivery date.
DELIVERY_CHANNELS: tuple[Term, ...] = (
    Term("in_person", "直接送达（当面签收）"),
    Term("post", "邮寄送达"),
    Term("email", "电子邮件送达"),
    Term("online", "网上送达（在线平台）"),
    Term("fax", "传真送达"),
)
DELIVERY_CHANNEL_KEYS = frozenset(t.key for t in DELIVERY_CHANNELS)


def _lookup(items, key: str, what: str):
    for item in items:
        if item.key == key:
            return item
    raise KeyError(f"unknown {what}: {key!r}")


def applicant_type(key: str) -> Term:
    return _lookup(APPLICANT_TYPES, key, "applicant type")


def channel(key: str) -> Channel:
    return _lookup(CHANNELS, key, "channel")


def delivery_form(key: str) -> Term:
    return _lookup(DELIVERY_FORMS, key, "delivery form")


def delivery_method(key: str) -> Term:
    return _lookup(DELIVERY_METHODS, key, "delivery method")


def delivery_channel(key: str) -> Term:
    return _lookup(DELIVERY_CHANNELS, key, "delivery channel")


def id_kind(key: str) -> Term:
    return _lookup(ID_KINDS, key, "identity document kind")


def is_organisation(applicant_type_key: str) -> bool:
    return applicant_type(applicant_type_key).group == ORGANISATION_GROUP
