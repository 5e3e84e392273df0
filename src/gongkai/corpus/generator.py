"""Deterministic synthetic annual reports with known figures.

>>> reports = generate(3, seed=7)
>>> [r.template for r in reports]
['2021', '2019', 'pre2019']
>>> generate(3, seed=7)[0].stats.figures() == reports[0].stats.figures()
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from gongkai.core.stats import AnnualStats
from gongkai.core.stats.model import APPLICANT_TYPES
from gongkai.core.templates import get_template, template_for_year

from . import figures, prose
from .agencies import Agency, make_agency
from .layout import Block, Heading, Paragraph
from .tables import LabelStyle, table2, table3, table4

YEARS = {"2021": (2021, 2025), "2019": (2019, 2020), "pre2019": (2013, 2018)}

# Section titles as published, besides the template's own (spec §3.1 and real reports).
_SECTION_VARIANTS = {
    "review_litigation": ("因政府信息公开工作被申请行政复议、提起行政诉讼情况",),
    "problems": ("政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况"),
}
_PRE2019_SECTION_VARIANTS = {
    "overview": ("概述", "总体情况", "工作开展情况"),
    "proactive": ("主动公开政府信息的情况", "主动公开政府信息情况"),
    "applications": ("依申请公开政府信息的情况", "依申请公开情况"),
    "fees": ("政府信息公开的收费及减免情况",),
    "review_litigation": ("因政府信息公开申请行政复议、提起行政诉讼的情况", "行政复议、行政诉讼情况"),
    "problems": ("政府信息公开工作存在的主要问题及改进情况", "存在的主要问题和改进措施", "存在问题及工作打算"),
    "other": ("其他需要报告的事项",),
}


@dataclass
class SyntheticReport:
    name: str
    stats: AnnualStats  # exactly the figures the report states
    template: str
    variants: dict[str, object] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    agency: Agency | None = None

    def expected(self) -> dict[str, object]:
        """The expected figures in gold.json's shape: pointer -> value, plus /agency, /year, /template."""
        out: dict[str, object] = {"/agency": self.stats.agency, "/year": self.stats.year, "/template": self.template}
        out.update(self.stats.figures())
        return out


def generate(count: int, *, seed: int = 0, templates=("2021", "2019", "pre2019")) -> list[SyntheticReport]:
    """`count` reports, cycling through `templates`; the same seed always gives the same reports."""
    templates = tuple(templates)
    for t in templates:
        get_template(t)  # fail early on an unknown id
    return [_one(i, templates[i % len(templates)], seed) for i in range(count)]


def _one(index: int, template_id: str, seed: int) -> SyntheticReport:
    # A string seed makes each report independent of how many reports come before it.
    rng = random.Random(f"gongkai-corpus:{seed}:{index}")
    agency = make_agency(rng)
    year = rng.randint(*YEARS[template_id])
    return _build(rng, f"{index:04d}_{template_id}", template_id, agency, year)


def generate_series(
    agencies: int, *, first_year: int, last_year: int, seed: int = 0
) -> list[SyntheticReport]:
    """The reports of `agencies` agencies for every year from first_year to last_year.

    Each year uses the format in force that year, and table 三's 上年结转 continues the previous year's
    结转下年度, as the reports of one agency do — what comparisons across years and the year-over-year
    checks need.

    >>> series = generate_series(2, first_year=2020, last_year=2022, seed=1)
    >>> [(r.stats.year, r.template) for r in series[:3]]
    [(2020, '2019'), (2021, '2021'), (2022, '2021')]
    >>> series[0].stats.agency == series[2].stats.agency
    True
    """
    if first_year > last_year:
        raise ValueError("first_year must not be after last_year")
    out: list[SyntheticReport] = []
    for a in range(agencies):
        agency = make_agency(random.Random(f"gongkai-series:{seed}:{a}"))
        carried: dict[str, int] | None = None
        in_force: dict[str, int] | None = None
        for year in range(first_year, last_year + 1):
            template_id = template_for_year(year).id
            rng = random.Random(f"gongkai-series:{seed}:{a}:{year}")
            name = f"s{a:03d}_{year}_{template_id}"
            report = _build(rng, name, template_id, agency, year, carried, in_force if template_id == "2021" else None)
            forward = report.stats.get("/applications/table3/carried_forward")
            carried = None if forward is None else {c: getattr(forward, c) for c in APPLICANT_TYPES}
            if template_id == "2021":
                in_force = {row: report.stats.get(f"/table2/{row}/in_force") for row in ("regulations", "normative_documents")}
            out.append(report)
    return out


def _build(
    rng: random.Random, name: str, template_id: str, agency: Agency, year: int,
    carried: dict[str, int] | None = None, in_force: dict[str, int] | None = None,
) -> SyntheticReport:
    stats = AnnualStats(agency=agency.name, year=year, template=template_id)
    report = SyntheticReport(name=name, stats=stats, template=template_id, agency=agency)
    if template_id == "pre2019":
        figures.fill_pre2019(stats, rng, agency)
        report.variants = {"chinese_numerals": rng.random() < 0.35, "distractors": rng.randint(2, 6)}
        report.blocks = _pre2019_blocks(report, rng)
    else:
        figures.fill_table2(stats, rng, template_id, agency, in_force)
        figures.fill_table3(stats, rng, template_id, agency, carried)
        figures.fill_table4(stats, rng, agency)
        figures.fill_narrative_common(stats, rng, agency)
        style = LabelStyle(
            item_mark=rng.choice((".", ".", "、", "．")),
            half_width_brackets=rng.random() < 0.25,
            drop_quotes=rng.random() < 0.15,
            break_long_labels=rng.random() < 0.4,
        )
        report.variants = {"label_style": style.__dict__.copy()}
        report.blocks = _national_blocks(report, rng, style)
    return report


def _prune(stats: AnnualStats, stated: set[str], keep_prefixes: tuple[str, ...]) -> None:
    """Drop figures the text does not state (tables state all of theirs)."""
    for pointer in list(stats.figures()):
        if pointer not in stated and not pointer.startswith(keep_prefixes):
            stats.set(pointer, None)


def _short(agency: str) -> str:
    return "我局" if agency.endswith("局") else "我委" if agency.endswith("委员会") else "我办" if agency.endswith("办公室") else "我单位" if not agency.endswith(("政府", "处")) else "我" + ("区" if "区" in agency[-6:] else "县" if "县" in agency[-6:] else "市" if "市" in agency[-6:] else "镇")


def _national_blocks(report: SyntheticReport, rng: random.Random, style: LabelStyle) -> list[Block]:
    stats, tpl = report.stats, get_template(report.template)
    st = prose.Stated(stats, rng)
    fmt = {"agency": stats.agency, "year": stats.year}
    short = _short(stats.agency)
    titles = {}
    for s in tpl.sections:
        options = (s.title,) * 3 + _SECTION_VARIANTS.get(s.key, ())
        titles[s.key] = f"{s.number}、{rng.choice(options)}"
    report.variants["section_titles"] = titles
    blocks: list[Block] = [
        Heading(f"{stats.agency}{stats.year}年政府信息公开工作年度报告", 0),
        Paragraph("".join(x.format(**fmt) for x in prose.INTRO)),
        Heading(titles["overview"]),
        Paragraph(prose.paragraph(rng, prose.OVERVIEW, 3, **fmt) + prose.national_overview_figures(st, short, stats.year)),
    ]
    subsections = [
        ("（一）主动公开", prose.PROACTIVE, ""),
        ("（二）依申请公开", prose.APPLICATIONS, prose.national_application_sentence(st)),
        ("（三）政府信息管理", prose.MANAGEMENT, ""),
        ("（四）政府信息公开平台建设", prose.PLATFORM, ""),
        ("（五）监督保障", prose.SUPERVISION, prose.national_training_sentence(st)),
    ]
    for title, pool, fig in subsections:
        blocks.append(Heading(title, 2))
        texts = prose.paragraphs(rng, pool, (3, 2, 2), **fmt)
        texts[0] = fig + texts[0] if fig and rng.random() < 0.5 else texts[0] + fig
        blocks += [Paragraph(t) for t in texts]
    blocks += [Heading(titles["proactive"]), table2(stats, report.template, style)]
    blocks += [Heading(titles["applications"]), table3(stats, report.template, style)]
    blocks += [Heading(titles["review_litigation"]), table4(stats, report.template, style)]
    blocks += [Heading(titles["problems"])]
    problems = prose.PROBLEMS
    blocks += [Paragraph("".join(s.format(**fmt) for s in problems[:5])), Paragraph("".join(problems[5:]))]
    blocks += [Heading(titles["other"]), Paragraph(prose.national_fee_sentence(st) + prose.paragraph(rng, prose.OTHER[:2], 2, **fmt))]
    blocks += [Paragraph(stats.agency), Paragraph(f"{stats.year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")]
    _prune(stats, st.pointers, ("/table2/", "/applications/table3/", "/review/", "/litigation_direct/", "/litigation_after_review/"))
    return blocks


def _pre2019_blocks(report: SyntheticReport, rng: random.Random) -> list[Block]:
    stats = report.stats
    st = prose.Stated(stats, rng, chinese_numerals=bool(report.variants["chinese_numerals"]))
    fmt = {"agency": stats.agency, "year": stats.year}
    numbers = "一二三四五六七"
    keys = ["overview", "proactive", "applications", "fees", "review_litigation", "problems", "other"]
    if rng.random() < 0.3:
        keys.remove("fees")  # some reports fold fees into the applications section
    titles = {k: f"{numbers[i]}、{rng.choice(_PRE2019_SECTION_VARIANTS[k])}" for i, k in enumerate(keys)}
    distract = prose.distractor_values(rng)
    distractors = [d.format(**distract) for d in rng.sample(prose.DISTRACTORS, int(report.variants["distractors"]))]

    def filler(pool: list[str], n: int, ordered: bool = False) -> str:
        text = "".join(x.format(**fmt) for x in pool[:n]) if ordered else prose.paragraph(rng, pool, n, **fmt)
        if distractors and rng.random() < 0.7:
            text += distractors.pop()
        return text

    body: dict[str, list[str]] = {
        "overview": [filler(prose.PRE_OVERVIEW, 3), filler(prose.PRE_MISC, 2) + prose.pre_capacity(st)],
        "proactive": [*prose.pre_proactive(st), filler(prose.PRE_MISC, 2)],
        "applications": prose.pre_applications(st),
        "review_litigation": prose.pre_review(st),
        "problems": [filler(prose.PRE_PROBLEMS, 4, ordered=True)],
        "other": [filler(prose.PRE_MISC, 1) + "".join(distractors)],
    }
    fees = prose.pre_fees_complaints(st)
    if "fees" in keys:
        body["fees"] = fees
    else:
        body["applications"] += fees
    blocks: list[Block] = [
        Heading(f"{stats.agency}{stats.year}年政府信息公开工作年度报告", 0),
        Paragraph(
            f"本报告根据《中华人民共和国政府信息公开条例》要求，由{stats.agency}编制。全文包括概述，主动公开政府信息情况，"
            f"依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请行政复议、提起行政诉讼的情况，"
            f"政府信息公开工作存在的主要问题及改进情况等。本报告中所列数据的统计期限自{stats.year}年1月1日起至{stats.year}年12月31日止。"
        ),
    ]
    for k in keys:
        blocks.append(Heading(titles[k]))
        blocks += [Paragraph(p) for p in body[k] if p]
    blocks += [Paragraph(stats.agency), Paragraph(f"{stats.year + 1}年3月{rng.randint(1, 30)}日")]
    _prune(stats, st.pointers, ())
    return blocks
