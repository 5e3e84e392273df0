"""Who reviews an agency's acts (行政复议机关), derived from 《中华人民共和国行政复议法》 (2023 revision, in force
2024-01-01), for the remedy statement of its letters.

    art. 24 ¶1(一)  a department of a local people's government     → that government (the same level)
    art. 24 ¶1(二)  a local people's government                      → the people's government one level up
    art. 24 ¶1(三)  an agency set up by a government (派出机关, e.g. 盟行政公署) → the government that set it up
    art. 24 ¶2      a province-level people's government             → itself
    art. 24 ¶3      派出机关 of a province (盟、地区行政公署)          → reviews its departments like a city government
    art. 24 ¶4      an office set up by a department (派出机构)       → the department's people's government
    art. 25         a State Council department                       → itself
    art. 27         vertically managed organs (海关、税务、国家安全 ...) → their superior organ: set explicitly

The agency tree gives the chain of ancestors. Where it holds no people's government above an agency, the
administrative area (a `region` node of the tree, e.g. 示例市) names the government of that area: a
department of 示例市 is reviewed by 示例市人民政府 even when the tree has no government node. When even
that is missing the body cannot be derived and `derive_reconsideration_body` raises: a letter must never name
a reviewer the law does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.core.errors import InvalidApplication

# The tier of a government or department (行政层级), which the chain alone does not tell.
TIERS: dict[str, str] = {
    "national": "国务院部门",
    "province": "省级",
    "prefecture": "地市级",
    "county": "县级",
    "township": "乡镇级",
}


@dataclass(frozen=True)
class Organ:
    """One node of the agency tree, as far as jurisdiction cares."""

    name: str
    level: str  # region | government | department | office (gongkai.web.agencies.models.LEVELS)
    tier: str = ""  # a TIERS key, or "" when not recorded


@dataclass(frozen=True)
class ReviewBody:
    name: str
    basis: str  # the article, in Chinese, for the agency settings page


def _area_government(area: Organ) -> str:
    """The people's government of an administrative area: 盟 and 地区 are governed by a 行政公署 (派出机关)."""
    if area.name.endswith(("盟", "地区")):
        return f"{area.name}行政公署"
    return f"{area.name}人民政府"


def derive_reconsideration_body(agency: Organ, ancestors: Sequence[Organ],
                                area_governments: Sequence[Organ] = ()) -> ReviewBody:
    """The reconsideration body of `agency`, whose ancestors are `ancestors` (parent first).

    `area_governments[i]` is the people's government that a region node `ancestors[i]` contains as a child,
    when the tree has one (a region node groups its own government with the governments below it); pass
    `Organ("", "")` for a region without one. InvalidApplication when the law's body cannot be named.
    """
    chain = list(ancestors)
    own = {i: g for i, g in enumerate(area_governments) if g.name}

    def resolve(start: int) -> ReviewBody | None:
        for i in range(start, len(chain)):
            node = chain[i]
            if node.level == "government":
                return ReviewBody(node.name, "")
            if node.level == "region":
                gov = own.get(i)
                return ReviewBody(gov.name if gov is not None and gov.name != agency.name
                                  else _area_government(node), "")
        return None

    if agency.level in ("department", "office"):
        if agency.tier == "national":
            return ReviewBody(agency.name, "《中华人民共和国行政复议法》第二十五条：国务院部门管辖对本部门作出的行政行为不服的行政复议案件。")
        body = resolve(0)
        if body is not None:
            return ReviewBody(body.name, f"《中华人民共和国行政复议法》{_office_article(agency)}")
    elif agency.level == "government":
        if agency.tier == "province":
            return ReviewBody(agency.name, "《中华人民共和国行政复议法》第二十四条第二款：省、自治区、直辖市人民政府"
                                           "同时管辖对本机关作出的行政行为不服的行政复议案件。")
        # The government one level up: skip the area the government itself governs (its own region node).
        start = 0
        if chain and chain[0].level == "region" and not _is_above(chain[0], agency, own.get(0)):
            start = 1
        body = resolve(start)
        if body is not None:
            article = ("第二十四条第一款第（三）项：对本级人民政府依法设立的派出机关作出的行政行为不服的，由本级人民政府管辖。"
                       if agency.name.endswith("行政公署") else
                       "第二十四条第一款第（二）项：对下一级人民政府作出的行政行为不服的，由上一级人民政府管辖。")
            return ReviewBody(body.name, f"《中华人民共和国行政复议法》{article}")
    raise InvalidApplication(
        f"no reconsideration body derivable for {agency.name}", field="reconsideration_body",
        message=f"无法确定“{agency.name}”的行政复议机关：机关树中没有其上级（或本级）人民政府。"
                "请在机关设置中填写“复议机关”。")


def _office_article(agency: Organ) -> str:
    # Offices in the tree are of three legal kinds: township governments and street offices (派出机关 of the
    # county government) and offices set up by a department (派出机构).
    if agency.level == "department":
        return "第二十四条第一款第（一）项：对本级人民政府工作部门作出的行政行为不服的，由本级人民政府管辖。"
    if agency.name.endswith("人民政府"):
        return "第二十四条第一款第（二）项：对下一级人民政府作出的行政行为不服的，由上一级人民政府管辖。"
    if agency.name.endswith("办事处"):
        return "第二十四条第一款第（三）项：对本级人民政府依法设立的派出机关作出的行政行为不服的，由本级人民政府管辖。"
    return "第二十四条第四款：对工作部门依法设立的派出机构作出的行政行为不服的，由本级人民政府管辖。"


def _is_above(region: Organ, government: Organ, region_government: Organ | None) -> bool:
    """Whether a government's parent region is an area above it rather than the area it governs itself.

    A region node groups its own government (示例市 → 示例市人民政府); a county government placed directly
    under the city's region node belongs to the area below. The government governs the region when it is
    the region's own government, or when its name is the region's name followed by 人民政府/行政公署.
    """
    if region_government is not None and region_government.name:
        return region_government.name != government.name
    return government.name not in (f"{region.name}人民政府", f"{region.name}行政公署")
