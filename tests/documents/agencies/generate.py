"""Writes the sample agency lists of this directory (run: .venv/bin/python tests/documents/agencies/generate.py).

示例市 (a fictional city): the region, the city government with 20 working departments, a vertically managed
tax bureau with its own reconsideration body (复议法 art. 27), a police office (内设机构), and seven county-level
governments (3 districts, 3 counties, 1 county-level city), each with departments, a sub-district office and,
for the counties, a township government.

    示例市.csv           UTF-8 with a BOM (what Excel writes as "CSV UTF-8"); Chinese headers; parents sometimes
                         after their children (the city government after its departments, counties last)
    示例市-gb18030.csv   the same rows encoded in GB18030 (Excel's plain "CSV" on Chinese Windows)
    示例市.xlsx          the same agencies sorted by code, English headers, first sheet
    错误示例.csv         a list with known mistakes (tests pin its row-numbered errors)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER_ZH = ["代码", "名称", "上级代码", "级别", "简称", "复议机关", "地址", "电话", "电子邮箱"]
HEADER_EN = ["code", "name", "parent", "level", "short_name", "reconsideration_body", "address", "phone", "email"]

CITY_DEPARTMENTS = [
    ("示例市发展和改革委员会", "市发展改革委"), ("示例市教育局", "市教育局"), ("示例市公安局", "市公安局"),
    ("示例市民政局", "市民政局"), ("示例市司法局", "市司法局"), ("示例市财政局", "市财政局"),
    ("示例市人力资源和社会保障局", "市人社局"), ("示例市自然资源和规划局", "市自然资源规划局"),
    ("示例市生态环境局", "市生态环境局"), ("示例市住房和城乡建设局", "市住建局"), ("示例市交通运输局", "市交通运输局"),
    ("示例市水务局", "市水务局"), ("示例市农业农村局", "市农业农村局"), ("示例市商务局", "市商务局"),
    ("示例市文化广电和旅游局", "市文广旅局"), ("示例市卫生健康委员会", "市卫生健康委"),
    ("示例市应急管理局", "市应急管理局"), ("示例市市场监督管理局", "市市场监管局"), ("示例市医疗保障局", "市医保局"),
    ("示例市城市管理局", "市城管局"),
]
COUNTIES = [  # (code suffix, name, short name, (sub-district office or township, its level))
    ("01", "示例市东城区人民政府", "东城区政府", ("东华街道办事处", "office")),
    ("02", "示例市西城区人民政府", "西城区政府", ("西关街道办事处", "office")),
    ("03", "示例市南湖区人民政府", "南湖区政府", ("湖滨街道办事处", "office")),
    ("04", "北山县人民政府", "北山县政府", ("石桥镇人民政府", "government")),
    ("05", "青河县人民政府", "青河县政府", ("河口乡人民政府", "government")),
    ("06", "白石县人民政府", "白石县政府", ("白石镇人民政府", "government")),
    ("07", "云岭市人民政府", "云岭市政府", ("云岭街道办事处", "office")),
]
COUNTY_DEPARTMENTS = ["教育局", "民政局", "自然资源局"]


def rows() -> list[list[str]]:
    """The rows in the CSV's order (a parent sometimes after its children, as lists are kept by hand)."""
    out = [["SL", "示例市", "", "地区", "", "", "", "", ""]]
    for i, (name, short) in enumerate(CITY_DEPARTMENTS, start=1):
        out.append([f"SL-00-{i:02d}", name, "SL-00", "部门", short, "", f"示例市人民路{100 + i}号", f"0999-8810{i:04d}",
                    f"gk{i:02d}@shili.example"])
    out.append(["SL-00", "示例市人民政府", "SL", "人民政府", "市政府", "示例省人民政府", "示例市人民路1号",
                "0999-88100000", "zfxxgk@shili.example"])
    out.append(["SL-00-03-01", "示例市公安局交通警察支队", "SL-00-03", "派出机构/内设机构", "市交警支队", "", "", "", ""])
    out.append(["SL-SW", "国家税务总局示例市税务局", "SL", "department", "市税务局", "国家税务总局示例省税务局",
                "示例市税务路8号", "0999-12366", ""])
    for suffix, name, short, (unit, unit_level) in COUNTIES:
        base = name.removesuffix("人民政府")
        code = f"SL-{suffix}"
        for j, dep in enumerate(COUNTY_DEPARTMENTS, start=1):
            out.append([f"{code}-{j:02d}", f"{base}{dep}", code, "部门", "", "", "", "", ""])
        unit_name = unit if unit_level == "government" else f"{base}{unit}"
        out.append([f"{code}-11", unit_name, code, "人民政府" if unit_level == "government" else "派出机构",
                    "", "", "", "", ""])
        out.append([code, name, "SL-00", "政府", short, "", f"{base}政府路{suffix}号", f"0999-87{suffix}0000",
                    f"zfxxgk{suffix}@shili.example"])
    return out


def csv_text(header: list[str], body: list[list[str]]) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(body)
    return buf.getvalue()


ERRORS_CSV = """代码,名称,上级代码,级别,电子邮箱
SL,示例市,,地区,
SL-00,示例市人民政府,SL,人民政府,zfxxgk@shili.example
SL 01,东城区人民政府,SL-00,人民政府,
SL-02,西城区人民政府,SL-00,省政府,
SL-03,,SL-00,人民政府,
SL-04,北山县人民政府,SL-99,人民政府,
SL-00,示例市人民政府（重复）,SL,人民政府,
SL-05,青河县人民政府,SL-06,人民政府,
SL-06,白石县人民政府,SL-05,人民政府,
SL-07,云岭市人民政府,SL-00,人民政府,不是邮箱
"""
# Expected errors, by row: 4 bad code, 5 bad level, 6 no name, 7 unknown parent, 8 duplicate code,
# 9 cycle SL-05 -> SL-06 -> SL-05, 11 bad e-mail.


def main() -> None:
    body = rows()
    text = csv_text(HEADER_ZH, body)
    (HERE / "示例市.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (HERE / "示例市-gb18030.csv").write_bytes(text.encode("gb18030"))
    (HERE / "错误示例.csv").write_bytes(ERRORS_CSV.encode("utf-8"))

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "机关名录"
    ws.append(HEADER_EN)
    for r in sorted(body, key=lambda r: r[0]):
        ws.append(r)
    wb.properties.creator = "gongkai tests"
    wb.save(HERE / "示例市.xlsx")


if __name__ == "__main__":
    main()
