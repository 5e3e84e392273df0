"""Importing table 二 yearly figures from XLSX: labels or pointers, all or nothing, row-numbered errors."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from gongkai.web.reports.figures_import import FiguresImportError, import_figures_xlsx
from gongkai.web.reports.models import YearlyFigure

pytestmark = pytest.mark.django_db
HEADER = ["机关代码", "年度", "项目", "数值", "来源"]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_labels_and_pointers_are_imported(world):
    data = xlsx([
        ["W-A", 2025, "规章·本年制发件数", 2, "规章备案系统"],
        ["W-A", 2025, "行政事业性收费·本年收费金额（单位：万元）", 12.35, "财务报表"],
        ["W-A", "2025", "/table2/licensing/decisions", "140", "审批系统导出"],
        ["W-A", 2020, "行政许可 / 本年增/减", -3, "审批台账"],  # 2019 template; signed column
        [None, None, None, None, None],
    ])
    assert import_figures_xlsx(data=data, actor=world.alice) == 4
    got = {(f.year, f.pointer): f.value for f in YearlyFigure.objects.all()}
    assert got == {(2025, "/table2/regulations/issued"): Decimal(2),
                   (2025, "/table2/admin_fees/amount_10k_yuan"): Decimal("12.35"),
                   (2025, "/table2/licensing/decisions"): Decimal(140),
                   (2020, "/table2/licensing/change"): Decimal(-3)}
    assert YearlyFigure.objects.get(pointer="/table2/licensing/decisions").entered_by == world.alice
    # importing again updates in place
    import_figures_xlsx(data=xlsx([["W-A", 2025, "规章·本年制发件数", 3, "更正后的备案数"]]), actor=world.alice)
    f = YearlyFigure.objects.get(pointer="/table2/regulations/issued")
    assert (f.value, f.source, YearlyFigure.objects.count()) == (3, "更正后的备案数", 4)


def test_all_or_nothing_with_row_numbers(world):
    data = xlsx([
        ["W-A", 2025, "规章·本年制发件数", 2, "备案"],
        ["W-X", 2025, "规章·本年制发件数", 2, "备案"],
        ["W-A", 2018, "规章·本年制发件数", 2, "备案"],
        ["W-A", 2025, "规章·本年新制作数量", 2, "备案"],
        ["W-A", 2025, "行政处罚·本年处理决定数量", 2.5, "备案"],
        ["W-A", 2025, "行政强制·本年处理决定数量", 1, ""],
        ["W-A", 2025, "规章·本年制发件数", 4, "备案"],
        ["W-B", 2025, "规章·本年制发件数", 4, "备案"],
    ])
    with pytest.raises(FiguresImportError) as exc:
        import_figures_xlsx(data=data, actor=world.alice)
    errors = exc.value.errors
    assert [e.split("：")[0] for e in errors] == [f"第 {n} 行" for n in range(3, 10)]
    assert "W-X" in errors[0] and "2018" in errors[1] and "本年新制作数量" in errors[2]
    assert "整数" in errors[3] and "来源" in errors[4] and "第 2 行" in errors[5] and "示例市乙局" in errors[6]
    assert "未导入" in exc.value.message
    assert not YearlyFigure.objects.exists()


def test_missing_columns_and_bad_files(world):
    with pytest.raises(FiguresImportError) as exc:
        import_figures_xlsx(data=xlsx([], header=["机关代码", "年度", "项目"]), actor=world.alice)
    assert "数值" in exc.value.errors[0] and "来源" in exc.value.errors[0]
    with pytest.raises(FiguresImportError):
        import_figures_xlsx(data=b"a,b,c\n", actor=world.alice)
    with pytest.raises(FiguresImportError):
        import_figures_xlsx(data=b"PK\x03\x04broken", actor=world.alice)
    with pytest.raises(FiguresImportError):
        import_figures_xlsx(data=xlsx([]), actor=world.alice)
