"""Made-up but plausible agency names.

Place names are composed from common toponym syllables, so they read like real Chinese places without
pointing at a real agency's report; every name is checked to be pure CJK (no spam-like Latin text).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_FIRST = "安宝长昌永丰兴平新清宁阳东西南北临泰和华嘉康庆瑞德福云江河山湖海青金石白龙凤"
_SECOND = "安宁阳平川州城源山溪河泉林丰兴江宁德远原乐化口台峰桥沙水都"

# (suffix, level, size) — size scales the figures: a city government receives far more applications
# than a township.
_GOVERNMENTS = (
    ("市人民政府", "city", 3.0),
    ("县人民政府", "county", 1.0),
    ("区人民政府", "district", 1.2),
    ("市人民政府办公室", "city", 1.5),
    ("县人民政府办公室", "county", 0.6),
    ("区人民政府办公室", "district", 0.7),
)
_DEPARTMENTS = (
    ("生态环境局", 0.6),
    ("自然资源和规划局", 2.5),
    ("住房和城乡建设局", 1.8),
    ("人力资源和社会保障局", 1.2),
    ("公安局", 1.5),
    ("市场监督管理局", 1.0),
    ("交通运输局", 0.7),
    ("教育局", 0.6),
    ("卫生健康委员会", 0.6),
    ("财政局", 0.5),
    ("民政局", 0.4),
    ("农业农村局", 0.5),
    ("应急管理局", 0.3),
    ("水利局", 0.3),
    ("统计局", 0.2),
    ("司法局", 0.3),
)
_TOWNS = ("镇人民政府", "乡人民政府", "街道办事处")


@dataclass(frozen=True)
class Agency:
    name: str
    kind: str  # government | office | department | township
    size: float  # relative workload, 1.0 = a typical county


def _place(rng: random.Random) -> str:
    return rng.choice(_FIRST) + rng.choice(_SECOND)


def make_agency(rng: random.Random) -> Agency:
    roll = rng.random()
    if roll < 0.35:
        suffix, level, size = rng.choice(_GOVERNMENTS)
        name = _place(rng) + suffix
        kind = "office" if suffix.endswith("办公室") else "government"
    elif roll < 0.85:
        dept, size = rng.choice(_DEPARTMENTS)
        level = rng.choice(("市", "县", "区"))
        size *= {"市": 2.0, "县": 0.8, "区": 1.0}[level]
        name = _place(rng) + level + dept
        kind = "department"
    else:
        name = _place(rng) + rng.choice(("县", "市", "区")) + _place(rng) + rng.choice(_TOWNS)
        kind, size = "township", 0.15
    # A few agencies are very busy (land and housing in big cities): hundreds of applications.
    if rng.random() < 0.08:
        size *= rng.uniform(8, 20)
    return Agency(name=name, kind=kind, size=size)
