"""Which columns an agency's platform carries, from its place in the administrative hierarchy.

条例 art. 21 adds items for 设区的市级、县级人民政府及其部门 (one list) and 乡（镇）人民政府 (another); the 26 key-area
catalogues of 国办发〔2019〕54号 are kept by grassroots agencies: county-level governments and their departments,
and townships (乡镇、街道). The tier comes from the agency's own `tier` field or its nearest ancestor's; where
no node records one, from the name of the nearest government (…县/区/旗人民政府 county, …乡/镇人民政府 and
…街道办事处 township, …市/州/盟 city) — an approximation stated here so that a region whose tree records tiers
never depends on it.

>>> platform_tier([("示例县农业农村局", "department", ""), ("示例县人民政府", "government", "")])
'county'
>>> statutory_list("county"), has_catalogue("county"), has_catalogue("prefecture")
('city_county', True, False)
"""

from __future__ import annotations

from collections.abc import Iterable

# A node of the chain from the agency up to the root: (name, level, tier).
Node = tuple[str, str, str]

_COUNTY_SUFFIXES = ("县人民政府", "区人民政府", "旗人民政府", "自治县人民政府", "县级市人民政府")
_TOWNSHIP_SUFFIXES = ("乡人民政府", "镇人民政府", "街道办事处", "苏木人民政府")
_CITY_SUFFIXES = ("市人民政府", "州人民政府", "盟行政公署", "地区行政公署")


def _tier_from_name(name: str) -> str:
    if name.endswith(_TOWNSHIP_SUFFIXES):
        return "township"
    if name.endswith(_COUNTY_SUFFIXES):
        return "county"
    if name.endswith(_CITY_SUFFIXES):
        return "prefecture"
    return ""


def platform_tier(chain: Iterable[Node]) -> str:
    """The tier ("national", "province", "prefecture", "county", "township" or "") of the first node of
    `chain` (the agency, then its parent, …): the nearest recorded tier, else read from the nearest
    government's name."""
    nodes = list(chain)
    for _name, _level, tier in nodes:
        if tier:
            return tier
    for name, level, _tier in nodes:
        if level == "government" or name.endswith(("人民政府", "街道办事处", "行政公署")):
            found = _tier_from_name(name)
            if found:
                return found
    return ""


def statutory_list(tier: str) -> str:
    """The argument for gongkai.core.registry.vocab.statutory_items: which art. 21 list applies."""
    if tier in ("prefecture", "county"):
        return "city_county"
    if tier == "township":
        return "township"
    return ""


def has_catalogue(tier: str) -> bool:
    """Grassroots agencies (county and township) keep the 26 key-area standard catalogues."""
    return tier in ("county", "township")
