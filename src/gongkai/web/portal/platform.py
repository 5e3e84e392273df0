"""What an agency's platform carries: its tier, the 法定主动公开内容 items (art. 20, and art. 21 for city,
county and township agencies) and whether it keeps the key-area catalogues."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.portal import tiers
from gongkai.core.registry import vocab

COLUMNS = {  # the four standard first-level columns of 61号, in their order, plus the grassroots catalogue
    "guide": "政府信息公开指南",
    "system": vocab.PLATFORM_COLUMNS["system"],
    "statutory": vocab.PLATFORM_COLUMNS["statutory"],
    "annual": "政府信息公开年报",
    "catalogue": "基层政务公开标准目录",
}


@dataclass(frozen=True)
class PlatformInfo:
    tier: str
    statutory_list: str           # "city_county", "township" or ""
    statutory: dict[str, str]     # code -> label, art. 20 then art. 21
    has_catalogue: bool


def _chain(agency, by_id):
    node, seen = agency, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        yield (node.name, node.level, node.tier)
        node = node.parent if by_id is None else by_id.get(node.parent_id)


def info(agency, by_id: dict | None = None) -> PlatformInfo:
    """`by_id` (every agency by pk) walks the ancestors in memory: the sitemap asks this of thousands of
    agencies, and following `parent` costs a query per ancestor."""
    tier = tiers.platform_tier(_chain(agency, by_id))
    which = tiers.statutory_list(tier)
    return PlatformInfo(tier=tier, statutory_list=which, statutory=vocab.statutory_items(which),
                        has_catalogue=tiers.has_catalogue(tier))


def has_catalogue(agency, by_id: dict) -> bool:
    """info(agency, by_id).has_catalogue without building the statutory list (the sitemap asks it of every
    agency)."""
    return tiers.has_catalogue(tiers.platform_tier(_chain(agency, by_id)))
