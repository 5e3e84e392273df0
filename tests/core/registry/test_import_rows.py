"""Rows of a bulk item import, parsed without a database: header spellings, dates, subject/genre/validity by
code or label, the service's date rules, per-row Chinese errors with spreadsheet row numbers."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.registry import import_rows, vocab
from gongkai.core.tabular import Row

TODAY = date(2026, 11, 25)


def _row(number=2, **values):
    base = {"title": "甲局关于做好2026年政务公开工作的通知", "agency": "SL-A", "published": "2026-03-05",
            "subject": "0203", "genre": "notice"}
    return import_rows.parse_row(Row(number, {**base, **values}), today=TODAY)


@pytest.mark.parametrize("text, expected", [
    ("2024-03-05", date(2024, 3, 5)), ("2024/3/5", date(2024, 3, 5)), ("2024.03.05", date(2024, 3, 5)),
    ("2024年3月5日", date(2024, 3, 5)), ("20240305", date(2024, 3, 5)), ("２０２４－０３－０５", date(2024, 3, 5)),
    ("2024-03-05 00:00:00", date(2024, 3, 5)), ("2024-03-05 10:23:11", date(2024, 3, 5)),
    ("2024/3/5 9:05", date(2024, 3, 5)), ("2024-03-05T10:23:11", date(2024, 3, 5)), ("", None),
])
def test_dates(text, expected):
    assert import_rows.parse_date(text) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "3/5/2024", "明天", "2024-03", "2024-03-05 25"])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        import_rows.parse_date(text)


def test_subject_by_code_full_label_or_unambiguous_sub_label():
    assert import_rows.parse_subject("0203") == "0203"
    assert import_rows.parse_subject("综合政务/政务公开") == "0203"
    assert import_rows.parse_subject("综合政务 / 政务公开") == "0203"
    assert import_rows.parse_subject("政务公开") == "0203"
    assert import_rows.parse_subject("综合政务") == "02"
    with pytest.raises(ValueError, match="无法识别"):
        import_rows.parse_subject("火星事务")


def test_a_good_row():
    row = _row(genre="行政规范性文件", validity="有效", written="2026-03-01", doc_number="示甲规〔2026〕1号",
               index_no="11999900w000000a53/2026-00007")
    assert row.errors == []
    assert row.fields["genre"] == "normative" and row.fields["validity"] == "valid"
    assert row.fields["written_on"] == date(2026, 3, 1) and row.published_on == date(2026, 3, 5)
    assert row.index_no == "11999900W000000A53/2026-00007"


def test_each_problem_is_its_own_line_with_the_row_number():
    row = _row(7, title="", published="2027-01-01", genre="诗歌", subject="火星事务", validity="永久")
    assert row.errors == [
        "第7行：标题不能为空。",
        "第7行：主题分类“火星事务”无法识别（可填代码如 0203，或名称如“综合政务/政务公开”）。",
        f"第7行：体裁“诗歌”无法识别（可填：{'、'.join(g.label for g in vocab.genres().values())}）。",
        "第7行：有效性“永久”无法识别（可填：有效、失效、废止、已修改）。",
    ]
    # The date rules of the service apply once the genre and subject are known.
    assert _row(published="2027-01-01").errors == ["第2行：发布日期不能晚于今天（2026-11-25）。"]
    assert _row(written="2026-04-01").errors == ["第2行：发布日期不能早于成文日期。"]
    assert _row(genre="news", validity="有效").errors == ["第2行：工作动态不标注有效性。"]
    assert _row(genre="rule").errors == ["第2行：规章须填写成文日期。"]


def test_duplicate_index_numbers_name_the_first_row():
    rows = [_row(2, index_no="W000000B3/2026-00001"), _row(3), _row(4, index_no=" w000000b3／2026-00001 ")]
    assert import_rows.duplicate_index_numbers(rows) == [
        (4, "第4行：索引号“W000000B3/2026-00001”与第2行重复。")]


def test_read_header_in_english_with_spacing_and_case():
    table = import_rows.read("Title,AGENCY,Published_On,Subject,Genre\n标题,SL-A,2026-01-01,0203,news\n".encode())
    assert table.columns == ["title", "agency", "published", "subject", "genre"]
    assert table.rows[0].number == 2 and table.rows[0].values["agency"] == "SL-A"


def test_export_rows_use_the_import_columns():
    values = {"index_no": "X/2026-00001", "title": "t", "agency": "SL-A", "doc_number": "", "written": None,
              "published": date(2026, 1, 2), "subject": "0203", "genre": "normative", "validity": "valid",
              "body": "<p>b</p>"}
    csv_row = import_rows.export_row(values, fmt="csv")
    assert list(csv_row) == list(import_rows.LABELS.values())
    assert csv_row["主题分类"] == "综合政务/政务公开" and csv_row["体裁"] == "行政规范性文件" and csv_row["有效性"] == "有效"
    json_row = import_rows.export_row(values, fmt="jsonl")
    assert json_row["published"] == "2026-01-02" and json_row["written"] == "" and json_row["genre"] == "normative"
    # Both read back through the same parser.
    for row in (Row(2, {k: csv_row[import_rows.LABELS[k]] for k in import_rows.COLUMNS}),
                Row(2, {k: json_row[import_rows.ENGLISH[k]] for k in import_rows.COLUMNS})):
        parsed = import_rows.parse_row(row, today=TODAY)
        assert parsed.fields["subject"] == "0203" and parsed.fields["genre"] == "normative"
