"""`gongkai items import FILE [--json]` and `gongkai items export`: hand-written files as offices export them
from old CMSs (CSV with a BOM, GB18030 from a Chinese Excel, XLSX with real date cells), one error line
`第N行：…` per problem with spreadsheet row numbers, all or nothing, exit 2; exports that import again."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
import time_machine

from gongkai.cli import main
from tests.web.conftest import TEST_NOW

HEADER_ZH = "索引号,标题,发布机构,文号,成文日期,发布日期,主题分类,体裁,有效性,正文"


@pytest.fixture
def world(db):
    from tests.web.agencies.world import make_world
    from tests.web.registry.conftest import with_codes

    with time_machine.travel(TEST_NOW, tick=False):
        yield with_codes(make_world())


def _items():
    from gongkai.web.registry.models import Item

    return Item.objects.order_by("id")


def _counters():
    from gongkai.web.registry.models import SerialCounter

    return sorted(SerialCounter.objects.values_list("agency__code", "year", "value"))


def _run(capsys, *args):
    code = main(["items", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_csv_with_bom_chinese_header(world, tmp_path, capsys):
    a_code = world.dept_a.uscc
    text = "\n".join([
        HEADER_ZH,
        f"{a_code}/2024-00007,示例市甲局关于印发《政务公开工作要点》的通知,W-A,示甲发〔2024〕3号,2024-03-01,2024/3/5,"
        "综合政务/政务公开,行政规范性文件,有效,<p>各科室：</p><p>现将工作要点印发给你们。</p>",
        ',甲局召开2024年政务公开工作会议,W-A,,2024年4月2日,2024年4月3日,政务公开,工作动态,,"4月2日，甲局召开会议。\n会议部署了全年工作。"',
        ",乙局2024年部门预算,W-B,,2024-02-01,2024-02-05,0501,budget,,乙局2024年部门预算公开如下。",
    ])
    path = tmp_path / "旧网站导出.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    code, out, err = _run(capsys, "import", str(path))
    assert (code, err) == (0, "")
    assert out.strip() == "旧网站导出.csv：导入 3 条政府信息（W-A 2 条，W-B 1 条），其中 2 条新编索引号。"
    items = list(_items())
    assert [i.state for i in items] == ["published"] * 3 and all(i.imported for i in items)
    policy, news, budget = items
    assert policy.index_no == f"{a_code}/2024-00007" and policy.validity == "valid" and policy.genre == "normative"
    assert policy.doc_number == "示甲发〔2024〕3号" and str(policy.written_on) == "2024-03-01"
    # The next serial of 2024 follows the imported one; plain text became paragraphs.
    assert news.index_no == f"{a_code}/2024-00008" and news.subject == "0203" and news.genre == "news"
    assert news.body_html == "<p>4月2日，甲局召开会议。</p><p>会议部署了全年工作。</p>"
    assert budget.index_no.startswith(world.dept_b.index_code + "/2024-") and budget.subject == "0501"
    assert budget.versions.count() == 1 and budget.validity == ""


def test_gb18030_english_header_and_json_summary(world, tmp_path, capsys):
    text = ("title,agency,doc_number,written,published,subject,genre,validity,body\r\n"
            "示例市甲局关于规范行政执法的规定,W-A,示甲规〔2025〕1号,2025-06-01,2025-06-10,0203,normative,valid,正文。\r\n"
            "甲局2025年行政处罚结果公示（第一批）,W-A,,2025-07-01,2025-07-02,综合政务/其他,行政处罚和行政强制,,公示如下。\r\n")
    path = tmp_path / "export-gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    code, out, err = _run(capsys, "import", str(path), "--json")
    assert code == 0 and err == ""
    summary = json.loads(out)
    assert summary == {"imported": 2, "agencies": {"W-A": 2}, "assigned_index_no": 2,
                       "first_index_no": f"{world.dept_a.uscc}/2025-00001",
                       "last_index_no": f"{world.dept_a.uscc}/2025-00002"}
    assert [i.title for i in _items()][1] == "甲局2025年行政处罚结果公示（第一批）"


def test_xlsx_with_date_cells(world, tmp_path, capsys):
    from datetime import date, datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "标题", "发布机构", "文号", "成文日期", "发布日期", "主题分类", "体裁", "有效性", "正文"])
    ws.append([1, "示例市人民政府关于2025年度重点工作的通知", "W-GOV", "示政发〔2025〕2号", date(2025, 1, 10),
               datetime(2025, 1, 15, 9, 30), "综合政务/政务督查", "其他文件", None, "各区人民政府，市政府各部门："])
    ws.append([2, "示例市人民政府2025年第一季度新闻发布会", "W-GOV", None, "2025-03-20", "2025-03-20", "综合政务/政务公开",
               "工作动态", None, "发布会实录。"])
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "公文.xlsx"
    path.write_bytes(buffer.getvalue())
    code, out, err = _run(capsys, "import", str(path), "--json")
    assert code == 0, err
    first, second = _items()
    assert str(first.written_on) == "2025-01-10" and str(first.published_on) == "2025-01-15"
    assert first.doc_number == "示政发〔2025〕2号" and second.doc_number == ""
    assert json.loads(out)["agencies"] == {"W-GOV": 2}


def test_every_bad_row_is_reported_and_nothing_is_stored(world, tmp_path, capsys):
    ok = ",合格的一行,W-A,,2026-01-05,2026-01-06,0203,工作动态,,正文"
    used = f"{world.dept_a.uscc}/2026-00001"
    lines = [
        HEADER_ZH,
        ok,                                                                          # row 2: fine
        ",未知机关,W-X,,2026-01-05,2026-01-06,0203,工作动态,,正文",                   # 3
        ",机关没有代码,W,,2026-01-05,2026-01-06,0203,工作动态,,正文",                # 4: the region has no code
        ",未来的日期,W-A,,2026-01-05,2027-01-06,0203,工作动态,,正文",                # 5
        ",日期顺序颠倒,W-A,,2026-02-05,2026-01-06,0203,工作动态,,正文",              # 6
        f"{used},重复索引号一,W-A,,2026-01-05,2026-01-06,0203,工作动态,,正文",       # 7: taken by the DB row below
        f"{world.dept_a.uscc}/2026-00050,重复索引号二,W-A,,2026-01-05,2026-01-06,0203,工作动态,,正文",  # 8
        f"{world.dept_a.uscc}/2026-00050,重复索引号三,W-A,,2026-01-05,2026-01-06,0203,工作动态,,正文",  # 9
        ",未知主题,W-A,,2026-01-05,2026-01-06,火星事务,工作动态,,正文",              # 10
        ",未知体裁,W-A,,2026-01-05,2026-01-06,0203,诗歌,,正文",                      # 11
        ",新闻不标有效性,W-A,,2026-01-05,2026-01-06,0203,工作动态,有效,正文",        # 12
        ",,W-A,,2026-01-05,2026-01-06,0203,工作动态,,没有标题",                      # 13
        ",日期写错,W-A,,2026-13-45,2026年1月6日,0203,工作动态,,正文",                # 14
        "11100000X/2026-1,索引号格式错,W-A,,2026-01-05,2026-01-06,0203,工作动态,,正文",  # 15
        ",规范性文件缺成文日期,W-A,,,2026-01-06,0203,行政规范性文件,,正文",          # 16
        ",索引号与机关不符,W-A,,2026-01-05,2026-01-06,0203,工作动态,,正文".replace(
            ",索引号与机关不符", f"{world.dept_b.index_code}/2026-00003,索引号与机关不符"),  # 17
    ]
    from gongkai.web.registry import services

    with time_machine.travel(TEST_NOW, tick=False):
        services.item_import(agency=world.dept_a, fields={"title": "已有的信息", "subject": "0203", "genre": "news"},
                             published_on=__import__("datetime").date(2026, 1, 2), index_no=used)
    before_items, before_counters = list(_items().values_list("id", flat=True)), _counters()
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = _run(capsys, "import", str(path))
    assert code == 2 and out == ""
    errors = err.strip().splitlines()
    assert errors[-1] == "bad.csv：14 处错误，未导入任何内容。"
    by_row = {}
    for line in errors[:-1]:
        assert line.startswith("第") and "行：" in line
        by_row.setdefault(int(line[1:line.index("行")]), []).append(line)
    assert set(by_row) == set(range(3, 18)) - {8}, by_row.keys()
    assert by_row[3] == ["第3行：发布机构代码“W-X”不存在（应填写机关名录中的机关代码）。"]
    assert "尚未设置统一社会信用代码或组织机构代码" in by_row[4][0]
    assert by_row[5] == ["第5行：发布日期不能晚于今天（2026-11-25）。"]
    assert by_row[6] == ["第6行：发布日期不能早于成文日期。"]
    assert by_row[7] == [f"第7行：索引号“{used}”已被使用。"]
    assert by_row[9] == [f"第9行：索引号“{world.dept_a.uscc}/2026-00050”与第8行重复。"]
    assert "主题分类“火星事务”无法识别" in by_row[10][0]
    assert "体裁“诗歌”无法识别" in by_row[11][0]
    assert by_row[12] == ["第12行：工作动态不标注有效性。"]
    assert by_row[13] == ["第13行：标题不能为空。"]
    assert by_row[14] == ["第14行：成文日期“2026-13-45”不是有效的日期（应写成 2024-03-05 这样的格式）。"]
    assert by_row[15][0].startswith("第15行：索引号“11100000X/2026-1”格式不正确：应为") and by_row[15][0].count("索引号“") == 1
    assert by_row[16] == ["第16行：行政规范性文件须填写成文日期。"]
    assert "机关代码与发布机构" in by_row[17][0]
    # Row 8 is fine on its own (the duplicate is reported on the later row only). Nothing was stored.
    assert list(_items().values_list("id", flat=True)) == before_items and _counters() == before_counters


def test_errors_as_json(world, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("标题,发布机构,发布日期,主题分类,体裁\n好,W-A,2026-01-06,0203,news\n坏,W-A,明天,0203,news\n",
                    encoding="utf-8")
    code, out, err = _run(capsys, "import", str(path), "--json")
    assert code == 2
    assert json.loads(out) == {"imported": 0, "errors": [
        {"row": 3, "message": "发布日期“明天”不是有效的日期（应写成 2024-03-05 这样的格式）。"}]}
    assert err.strip() == "第3行：发布日期“明天”不是有效的日期（应写成 2024-03-05 这样的格式）。"
    assert not _items().exists()


def test_header_problems_and_caps(world, tmp_path, capsys, monkeypatch):
    from gongkai.core.registry import import_rows

    path = tmp_path / "h.csv"
    path.write_text("标题,发布单位,发布日期\n甲,W-A,2026-01-01\n", encoding="utf-8")
    code, _, err = _run(capsys, "import", str(path))
    assert code == 2
    assert "第1行：无法识别的列「发布单位」" in err and "第1行：缺少必需的列：发布机构、主题分类、体裁" in err

    row = ",标题,W-A,,2026-01-05,2026-01-06,0203,工作动态,,正文\n"
    path.write_text(HEADER_ZH + "\n" + row * 4, encoding="utf-8")
    monkeypatch.setattr(import_rows, "SPEC", dataclasses.replace(import_rows.SPEC, max_rows=3))
    code, _, err = _run(capsys, "import", str(path))
    assert code == 2 and "行数过多：一次最多导入 3 条信息。" in err
    monkeypatch.setattr(import_rows, "SPEC", dataclasses.replace(import_rows.SPEC, max_bytes=1024 * 1024))
    path.write_bytes((HEADER_ZH + "\n").encode() + b"x" * (1024 * 1024))
    code, _, err = _run(capsys, "import", str(path))
    assert code == 2 and "文件过大：导入文件不能超过 1 MB。" in err
    assert not _items().exists()
    code, _, err = _run(capsys, "import", str(tmp_path / "missing.csv"))
    assert code == 2 and "无法打开文件" in err


def test_export_then_import_again(world, tmp_path, capsys):
    from gongkai.web.registry.models import Item

    source = tmp_path / "src.csv"
    source.write_text("\n".join([
        HEADER_ZH,
        ",甲局关于开展安全生产检查的通知,W-A,示甲〔2025〕9号,2025-05-06,2025-05-08,综合政务/应急管理,通知公告,,<p>检查安排如下。</p>",
        ",示例市甲局行政规范性文件管理办法,W-A,示甲规〔2025〕2号,2025-05-01,2025-05-09,0203,行政规范性文件,有效,<p>第一条</p>",
    ]), encoding="utf-8")
    assert _run(capsys, "import", str(source))[0] == 0
    csv_out, jsonl_out = tmp_path / "a.csv", tmp_path / "a.jsonl"
    assert _run(capsys, "export", "--agency", "W-A", "--output", str(csv_out))[0] == 0
    assert _run(capsys, "export", "--agency", "W-A", "--format", "jsonl", "--output", str(jsonl_out))[0] == 0
    exported = csv_out.read_text(encoding="utf-8-sig").splitlines()
    assert exported[0] == HEADER_ZH and len(exported) == 3
    assert "综合政务/应急管理,通知公告," in exported[1]
    rows = [json.loads(line) for line in jsonl_out.read_text(encoding="utf-8").splitlines()]
    assert [r["genre"] for r in rows] == ["notice", "normative"]
    # Importing the export again: the 索引号 are taken (the same items), so every row says so.
    code, _, err = _run(capsys, "import", str(csv_out))
    assert code == 2 and err.count("已被使用") == 2
    # Moved to B without the 索引号: the export's columns import as they are.
    moved = tmp_path / "moved.csv"
    reader = csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8-sig")))
    with moved.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows({**row, "索引号": "", "发布机构": "W-B"} for row in reader)
    code, out, err = _run(capsys, "import", str(moved), "--json")
    assert code == 0, err
    assert json.loads(out)["agencies"] == {"W-B": 2}
    a_items = {(i.title, i.doc_number, i.written_on, i.published_on, i.subject, i.genre, i.validity, i.body_html)
               for i in Item.objects.filter(agency__code="W-A")}
    b_items = {(i.title, i.doc_number, i.written_on, i.published_on, i.subject, i.genre, i.validity, i.body_html)
               for i in Item.objects.filter(agency__code="W-B")}
    assert a_items == b_items
    code, _, err = _run(capsys, "export", "--agency", "NOPE")
    assert code == 2 and "NOPE" in err


def test_export_to_stdout_jsonl(world, capsys):
    assert _run(capsys, "export", "--agency", "W-A", "--format", "jsonl") == (0, "", "")


@pytest.mark.parametrize("args", [("items", "export", "--agency", "W-A"), ("items", "import", "FILE")])
def test_an_unmigrated_database_is_one_line(tmp_path, args):
    import os
    import subprocess
    import sys

    (tmp_path / "FILE").write_text("标题\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_"))}
    env.update(GONGKAI_DEBUG="1", GONGKAI_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "gongkai.cli", *args], env=env, capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "gongkai items: the database is not migrated; run `gongkai manage migrate` first"]
