"""Table 二's 规章 / 行政规范性文件 rows from the registry, and the proactive paragraph of section 一."""

from __future__ import annotations

from datetime import date

from gongkai.core.annual import narrative_drafts
from gongkai.core.registry.table2 import DocumentFacts, ProactiveYear, count_table2
from gongkai.core.stats import AnnualStats

N = "/table2/normative_documents"
R = "/table2/regulations"


def doc(genre="normative", written=None, published=None, validity="valid", since=None):
    return DocumentFacts(genre, written, published, validity, since)


def test_made_counts_by_written_date_else_by_publication_date():
    docs = [doc(written=date(2024, 12, 28), published=date(2025, 1, 5)),  # signed in 2024: made in 2024
            doc(written=None, published=date(2025, 3, 1)),  # an import without 成文日期: its publication
            doc("rule", written=date(2025, 6, 1), published=date(2025, 6, 3))]
    y24, y25 = count_table2(docs, 2024), count_table2(docs, 2025)
    assert (y24[f"{N}/issued"], y25[f"{N}/issued"], y25[f"{R}/issued"]) == (1, 1, 1)
    assert (y24[f"{N}/in_force"], y25[f"{N}/in_force"], y25[f"{R}/in_force"]) == (1, 2, 1)


def test_repealed_and_expired_leave_the_stock_in_their_year_amended_stays():
    docs = [doc(written=date(2023, 2, 1), validity="repealed", since=date(2025, 4, 1)),
            doc(written=date(2023, 3, 1), validity="expired", since=date(2025, 5, 1)),
            doc(written=date(2023, 4, 1), validity="amended", since=date(2025, 6, 1)),
            doc(written=date(2025, 6, 1))]  # the amending document, made in 2025
    y24, y25 = count_table2(docs, 2024), count_table2(docs, 2025)
    assert (y24[f"{N}/in_force"], y24[f"{N}/repealed"]) == (3, 0)  # repealed later: in force at the end of 2024
    assert (y25[f"{N}/issued"], y25[f"{N}/repealed"], y25[f"{N}/in_force"]) == (1, 2, 2)
    # The stock identity of the template holds by construction.
    assert y25[f"{N}/in_force"] == y24[f"{N}/in_force"] + y25[f"{N}/issued"] - y25[f"{N}/repealed"]


def test_every_cell_is_stated_even_without_documents():
    assert count_table2([], 2025) == {f"{row}/{c}": 0 for row in (R, N) for c in ("issued", "repealed", "in_force")}


def test_proactive_facts_round_trip_and_map_channels():
    facts = ProactiveYear(2025, total=10, channels={"portal": 10, "app": 2, "press_conference": 1, "newspaper_tv": 1},
                          interpretations=3, gazette_issues=12)
    assert ProactiveYear.from_json(facts.to_json()) == facts
    assert ProactiveYear.from_json(None) is None
    assert facts.stats_channels() == {"website": 10, "new_media": 2, "other": 2}


def _stats(year=2025) -> AnnualStats:
    stats = AnnualStats(agency="示例市甲局", year=year, template="2021")
    for pointer, v in {f"{R}/issued": 0, f"{R}/repealed": 0, f"{R}/in_force": 0, f"{N}/issued": 5,
                       f"{N}/repealed": 2, f"{N}/in_force": 41}.items():
        stats.set(pointer, v)
    return stats


def test_section_one_states_the_years_proactive_disclosure_from_the_registry():
    facts = ProactiveYear(2025, total=812, channels={"portal": 812, "gazette": 24, "wechat": 130, "press_conference": 4},
                          interpretations=6, gazette_issues=12)
    overview = narrative_drafts(_stats(), registry=facts)["overview"]
    first = overview.split("\n\n")[0]
    assert first.startswith("2025年，本机关通过政府信息公开平台主动公开政府信息812条，其中通过政府门户网站公开812条，"
                            "通过政府公报刊登24条，通过政务微信发布130条，通过新闻发布会发布4条。")
    assert "发布政策解读6篇" in first
    assert "制发行政规范性文件5件、废止（失效）2件，截至2025年底现行有效行政规范性文件41件" in first
    assert "规章0件" not in first  # a row of zeros says nothing
    assert "编辑出版政府公报12期" in first
    # Without registry data (or for another year) the draft is as before.
    assert narrative_drafts(_stats())["overview"] == narrative_drafts(_stats(), registry=None)["overview"]
    assert "主动公开" not in narrative_drafts(_stats(), registry=ProactiveYear(2024, total=3))["overview"]
