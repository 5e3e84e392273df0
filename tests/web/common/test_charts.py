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
