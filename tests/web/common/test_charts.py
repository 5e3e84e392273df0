"""The server-side SVG chart: valid, escaped, honest about gaps."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from gongkai.web.common.charts import line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str):
    return ET.fromstring(str(svg))


def test_chart_is_well_formed_svg_with_one_point_per_stated_value():
    svg = line_chart(
        series=[("甲市人民政府", {2019: 10, 2020: 30, 2021: 20}), ("乙县人民政府", {2019: 5, 2021: 8})],
        x_values=[2019, 2020, 2021],
        title="收到申请数",
    )
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f"{SVG}circle")) == 5
    texts = "".join(root.itertext())
    assert "收到申请数" in texts and "甲市人民政府" in texts and "2020" in texts


def test_a_missing_year_breaks_the_line_instead_of_drawing_zero():
    root = _parse(line_chart(series=[("乙", {2019: 5, 2020: None, 2021: 8})], x_values=[2019, 2020, 2021]))
    assert root.findall(f"{SVG}polyline") == []  # two one-point segments: no line through the gap
    assert len(root.findall(f"{SVG}circle")) == 2


def test_names_are_escaped():
    svg = str(line_chart(series=[('<script>alert("x")</script>', {2020: 1})], x_values=[2020], title="a&b"))
    assert "<script>" not in svg
    _parse(svg)


def test_no_values_says_so():
    texts = "".join(_parse(line_chart(series=[("甲", {2020: None})], x_values=[2020])).itertext())
    assert "未说明" in texts


# --- bars, stacked bars, donuts, data tables ----------------------------------------------------------------------

def test_bar_chart_draws_one_bar_per_value_and_highlights_one():
    from gongkai.web.common.charts import PALETTE, bar_chart

    root = _parse(bar_chart(bars=[("2022", 5), ("2023", 0), ("2024", 12)], title="收到申请数", highlight="2024"))
    rects = root.findall(f"{SVG}rect")
    assert len(rects) == 3
    assert [r.get("fill") for r in rects] == [PALETTE[0], PALETTE[0], PALETTE[1]]
    assert float(rects[1].get("height")) == 0 and float(rects[2].get("height")) > float(rects[0].get("height"))
    assert root.get("role") == "img" and root.get("aria-labelledby")
    title = root.find(f"{SVG}title")
    assert title.get("id") == root.get("aria-labelledby") and title.text == "收到申请数"


def test_hbar_and_stacked_and_donut_are_valid_and_escaped():
    from gongkai.web.common.charts import donut_chart, hbar_chart, stacked_bar

    evil = '<script>alert("x")</script>&'
    for svg in (hbar_chart(bars=[(evil, 3), ("b", 1)], title=evil),
                stacked_bar(parts=[(evil, 3), ("b", 1)], title=evil),
                donut_chart(parts=[(evil, 3), ("b", 1)], title=evil)):
        text = str(svg)
        assert "<script>" not in text
        root = _parse(text)
        assert evil in "".join(root.itertext())


def test_stacked_bar_widths_are_proportional_and_zero_says_so():
    from gongkai.web.common.charts import stacked_bar

    root = _parse(stacked_bar(parts=[("甲", 3), ("乙", 1), ("丙", 0)], width=416))
    filled = [r for r in root.findall(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [round(float(r.get("width"))) for r in filled] == [300, 100]
    empty = _parse(stacked_bar(parts=[("甲", 0)]))
    assert "无数据" in "".join(empty.itertext())


def test_donut_has_one_slice_per_nonzero_part_and_a_full_ring_for_one():
    from gongkai.web.common.charts import donut_chart

    root = _parse(donut_chart(parts=[("甲", 2), ("乙", 0), ("丙", 6)]))
    assert len(root.findall(f"{SVG}path")) == 2
    assert "8" in "".join(root.itertext())  # the total in the centre
    whole = _parse(donut_chart(parts=[("甲", 5)]))
    assert whole.findall(f"{SVG}path") == [] and len(whole.findall(f"{SVG}circle")) == 1


def test_data_table_escapes_and_formats():
    from gongkai.web.common.charts import data_table

    html = str(data_table(caption="a<b", headers=["名称", "数"], rows=[["<i>甲</i>", 1234], ["乙", 0.5]]))
    assert "<i>" not in html and "&lt;i&gt;" in html and "1,234" in html and "a&lt;b" in html
    root = ET.fromstring(html)
    assert root.tag == "table" and len(root.findall("./tbody/tr")) == 2
