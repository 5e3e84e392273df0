"""The registry's controlled vocabularies, read from `data/`: 公开属性 and the legal bases for not disclosing
proactively, 体裁 (genres), channels, 有效性, the platform columns of 61号, the art. 20 and art. 21 items, the 26
key areas of 国办发〔2019〕54号 with their catalogue columns, and the national 主题分类 with sub-classes.

Codes are stable identifiers stored in the database; labels are the verbatim Chinese the law or the national
practice uses. A subject is coded by its class ("02" 综合政务) or class + sub-class ("0203" 政务公开).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@cache
def _load(name: str) -> dict:
    return json.loads(resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8"))


def _vocab() -> dict:
    return _load("vocab.json")


@dataclass(frozen=True)
class Genre:
    code: str
    label: str
    has_validity: bool          # 规章 and 行政规范性文件 carry 有效/失效/废止/已修改
    needs_interpretation: bool  # published without a linked 政策解读 → a warning
    table2_row: str | None      # the 表二 row it counts in (本年制发/本年废止/现行有效), if any


@cache
def genres() -> dict[str, Genre]:
    return {code: Genre(code, g["label"], bool(g["validity"]), bool(g["needs_interpretation"]),
                        g.get("counts_table2"))
            for code, g in _vocab()["genres"].items()}


def _section(name: str) -> dict[str, str]:
    return dict(_vocab()[name])


ATTRIBUTES: dict[str, str] = _section("attributes")
WITHHOLDING_BASES: dict[str, str] = _section("withholding_bases")
CHANNELS: dict[str, str] = _section("channels")
VALIDITY: dict[str, str] = _section("validity")
PLATFORM_COLUMNS: dict[str, str] = _section("platform_columns")
ART20: dict[str, str] = _section("art20")
ART21_CITY_COUNTY: dict[str, str] = _section("art21_city_county")
ART21_TOWNSHIP: dict[str, str] = _section("art21_township")
KEY_AREAS: dict[str, str] = _section("key_areas")
CATALOGUE_COLUMNS: tuple[str, ...] = tuple(_vocab()["catalogue_columns"])
CATALOGUE_CHANNEL_OPTIONS: tuple[str, ...] = tuple(_vocab()["catalogue_channel_options"])
CATALOGUE_DEFAULT_TIME_LIMIT: str = _vocab()["catalogue_default_time_limit"]
ACTIVE = "active"


def genre_label(code: str) -> str:
    g = genres().get(code)
    return g.label if g else code


@dataclass(frozen=True)
class Subject:
    code: str
    label: str       # "综合政务" or "综合政务/政务公开"
    parent: str | None


@cache
def subjects() -> dict[str, Subject]:
    out: dict[str, Subject] = {}
    for code, label, subs in _load("subjects.json")["classes"]:
        out[code] = Subject(code, label, None)
        for i, sub in enumerate(subs, start=1):
            sub_code = f"{code}{i:02d}"
            out[sub_code] = Subject(sub_code, f"{label}/{sub}", code)
    return out


def subject_label(code: str) -> str:
    s = subjects().get(code)
    return s.label if s else code


def subject_choices() -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in subjects().values()]


def art21_items(tier: str) -> dict[str, str]:
    """The art. 21 items an agency of this level discloses besides art. 20: 设区的市级、县级人民政府及其部门 one
    list, 乡（镇）人民政府 another; none for provincial and central organs. `tier` is "city_county", "township" or
    anything else."""
    return {"city_county": ART21_CITY_COUNTY, "township": ART21_TOWNSHIP}.get(tier, {})


def statutory_items(tier: str) -> dict[str, str]:
    """Every item of 法定主动公开内容 for an agency of `tier`: art. 20's fifteen, then art. 21's."""
    return {**ART20, **{code: f"（第二十一条）{label}" for code, label in art21_items(tier).items()}}
