"""The synthetic corpus itself: identities hold, output is deterministic, files are what they claim."""

from __future__ import annotations

import io
import json
import re

import pytest

from gongkai.core.stats.model import APPLICANT_COLUMNS, APPLICANT_TYPES, OUTCOME_COLUMNS
from gongkai.core.templates import get_template
from gongkai.corpus import ambiguous_flattened, expected_figures, generate, render
from gongkai.corpus.flatten import splits
from gongkai.corpus.prose import cn_numeral

REPORTS = generate(30, seed=11)
NATIONAL = [r for r in REPORTS if r.template != "pre2019"]
PRE2019 = [r for r in REPORTS if r.template == "pre2019"]


def test_templates_and_years_cycle_as_asked():
    assert [r.template for r in REPORTS[:3]] == ["2021", "2019", "pre2019"]
    for r in REPORTS:
        assert get_template(r.template).covers(r.stats.year)
        lo, hi = {"2021": (2021, 2025), "2019": (2019, 2020), "pre2019": (2013, 2018)}[r.template]
        assert lo <= r.stats.year <= hi
        assert re.fullmatch(r"[\u4e00-\u9fff]+", r.stats.agency)
    assert len({r.stats.agency for r in REPORTS}) > 20


@pytest.mark.parametrize("report", NATIONAL, ids=lambda r: r.name)
def test_table3_identities(report):
    t3 = get_template(report.template).table3
    cell = lambda row, col: report.stats.get(f"/applications/table3/{row}/{col}")  # noqa: E731
    for col in APPLICANT_COLUMNS:
        assert cell("new", col) + cell("carried_over", col) == cell("results_total", col) + cell("carried_forward", col)
        assert cell("results_total", col) == sum(cell(k, col) for k in t3.result_row_keys)
    for row in t3.row_keys:
        assert cell(row, "total") == sum(cell(row, c) for c in APPLICANT_TYPES)
    assert report.stats.get("/applications/received") == cell("new", "total")


@pytest.mark.parametrize("report", NATIONAL, ids=lambda r: r.name)
def test_table4_groups_add_up(report):
    for group in ("review", "litigation_direct", "litigation_after_review"):
        values = [report.stats.get(f"/{group}/{c}") for c in OUTCOME_COLUMNS]
        assert values[-1] == sum(values[:-1])


def test_figures_are_realistic_in_size():
    cells = [v for r in NATIONAL for p, v in r.stats.figures().items() if p.startswith("/applications/table3/")]
    assert sum(1 for v in cells if v == 0) / len(cells) > 0.6
    natural = sum(r.stats.get("/applications/table3/new/natural_person") for r in NATIONAL)
    total = sum(r.stats.get("/applications/table3/new/total") for r in NATIONAL)
    assert total and natural / total > 0.7
    big = generate(400, seed=2, templates=("2021",))
    assert any(r.stats.get("/applications/received") >= 100 for r in big)


def test_template_specific_table2():
    r21 = next(r for r in NATIONAL if r.template == "2021")
    r19 = next(r for r in NATIONAL if r.template == "2019")
    assert r21.stats.get("/table2/admin_fees/amount_10k_yuan") is not None
    assert r21.stats.get("/table2/central_procurement") is None
    assert r19.stats.get("/table2/central_procurement/items") is not None
    assert r19.stats.get("/table2/licensing/change") is not None


@pytest.mark.parametrize("fmt", ["txt", "html", "md"])
def test_same_seed_same_bytes(fmt):
    a = generate(6, seed=99)
    b = generate(6, seed=99)
    for x, y in zip(a, b, strict=True):
        assert render(x, fmt) == render(y, fmt)
        assert render(x, fmt, traditional=True) == render(y, fmt, traditional=True)
    assert render(a[0], fmt) != render(generate(6, seed=100)[0], fmt)


def test_expected_json_round_trips():
    for r in REPORTS[:6]:
        exp = expected_figures(r)
        assert json.loads(json.dumps(exp, ensure_ascii=False)) == exp
        assert exp["/agency"] == r.stats.agency and exp["/template"] == r.template


def test_txt_states_every_table_figure():
    r = NATIONAL[0]
    lines = render(r, "txt").decode().splitlines()
    row = next(line for line in lines if line.startswith("一、本年新收"))
    values = [int(v) for v in row.split("\t")[1:]]
    assert values == [r.stats.get(f"/applications/table3/new/{c}") for c in APPLICANT_COLUMNS]


def test_pre2019_text_states_its_figures_and_distractors():
    for r in PRE2019:
        text = render(r, "txt").decode()
        assert "三、本年度办理结果" not in text
        for pointer, value in r.stats.figures().items():
            if isinstance(value, int) and value >= 100:
                assert str(value) in text, pointer
    assert any("12345" in render(r, "txt").decode() for r in PRE2019)
    assert any(r.variants["chinese_numerals"] for r in generate(60, seed=1, templates=("pre2019",)))


def test_national_reports_have_the_six_sections():
    for r in NATIONAL:
        text = render(r, "txt").decode()
        for number in "一二三四五六":
            assert re.search(rf"^{number}、", text, re.M), number
        assert len(text) > 3500  # long narrative: ~6 PDF pages with the tables


def test_cn_numeral():
    assert [cn_numeral(n) for n in (0, 3, 10, 12, 20, 25, 99, 100, 105, 120)] == [
        "零", "三", "十", "十二", "二十", "二十五", "九十九", "一百", "一百零五", "一百二十"]


def test_flattened_rows_and_uniqueness():
    r = NATIONAL[0]
    text = render(r, "txt", flattened=True).decode()
    new = [r.stats.get(f"/applications/table3/new/{c}") for c in APPLICANT_COLUMNS]
    assert "一、本年新收政府信息公开申请数量" + "".join(map(str, new)) in text.splitlines()
    assert list(splits("1234", 3, rule=None)) == [[1, 2, 34], [1, 23, 4], [12, 3, 4]]
    assert list(splits("11213", 7, rule="table3")) == []
    # Most table 三 rows split uniquely; ambiguous ones are dropped from the expected figures only.
    t3_rows = ambiguous = 0
    for rep in NATIONAL:
        amb = set(ambiguous_flattened(rep))
        t3_rows += 25
        ambiguous += len({p.rsplit("/", 1)[0] for p in amb if p.startswith("/applications/table3/")})
        exp = expected_figures(rep, flattened=True)
        assert not amb & set(exp)
        assert set(exp) | amb == set(expected_figures(rep))
    assert ambiguous / t3_rows < 0.2


def test_html_declares_its_encoding():
    seen = set()
    for r in REPORTS:
        data = render(r, "html")
        charset = re.search(rb"charset=([\w-]+)", data).group(1).decode()
        seen.add(charset)
        text = data.decode("gbk" if charset in ("gb2312", "gbk") else charset)
        assert r.stats.agency in text and "当前位置" in text and "网站标识码" in text
        if r.template != "pre2019":
            assert 'rowspan="3" colspan="3"' in text
    assert "utf-8" in seen and seen & {"gb2312", "gbk"}


def test_traditional_converts_text_but_not_expected_agency():
    r = NATIONAL[0]
    text = render(r, "txt", traditional=True).decode()
    assert "政府信息公開" in text and "政府信息公开" not in text
    assert expected_figures(r)["/agency"] == r.stats.agency


def test_docx_has_merged_tables():
    import docx

    r = NATIONAL[0]
    d = docx.Document(io.BytesIO(render(r, "docx")))
    assert len(d.tables) == 3
    t3 = d.tables[1]
    assert len(t3.columns) == 10
    first = t3.rows[0].cells
    assert first[0]._tc is first[2]._tc  # the 3x3 note cell
    assert t3.rows[2].cells[0]._tc is first[0]._tc


def test_pdf_is_about_six_pages_with_extractable_chinese():
    import pdfplumber
    import pypdfium2

    for r in NATIONAL[:4]:
        data = render(r, "pdf")
        pdf = pypdfium2.PdfDocument(data)
        pages = len(pdf)
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(pages))
        pdf.close()
        assert 5 <= pages <= 8
        assert "本年新收政府信息公开申请数量" in text and r.stats.agency in text
        with pdfplumber.open(io.BytesIO(data)) as doc:
            assert any("未经复议直接起诉" in (p.extract_text() or "") for p in doc.pages)


def test_cli_writes_files_and_expected_json(tmp_path):
    from gongkai.cli import main

    assert main(["corpus", str(tmp_path), "--count", "3", "--formats", "txt,md", "--flattened", "--seed", "5"]) == 0
    expected = json.loads((tmp_path / "expected.json").read_text("utf-8"))
    files = sorted(p.name for p in tmp_path.iterdir() if p.name not in ("expected.json", "manifest.json"))
    assert files == sorted(expected) and len(files) == 3 * 3
    report = generate(3, seed=5)[0]
    assert expected["0000_2021.txt"] == expected_figures(report)
    assert (tmp_path / "0000_2021.txt").read_bytes() == render(report, "txt")
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert manifest["0000_2021.flat.txt"]["flattened"] is True
    assert main(["corpus", str(tmp_path), "--formats", "doc"]) == 2


def test_series_follow_one_agency_with_continuous_carry_over():
    import itertools

    from gongkai.core.stats.model import APPLICANT_COLUMNS
    from gongkai.corpus import generate_series

    series = generate_series(3, first_year=2019, last_year=2023, seed=5)
    assert len(series) == 15
    for a in range(3):
        years = series[a * 5 : a * 5 + 5]
        assert len({r.stats.agency for r in years}) == 1
        assert [r.stats.year for r in years] == [2019, 2020, 2021, 2022, 2023]
        assert [r.template for r in years] == ["2019", "2019", "2021", "2021", "2021"]
        for before, after in itertools.pairwise(years):
            for col in APPLICANT_COLUMNS:
                assert after.stats.get(f"/applications/table3/carried_over/{col}") == before.stats.get(
                    f"/applications/table3/carried_forward/{col}"
                )
            if before.template == after.template == "2021":
                for row in ("regulations", "normative_documents"):
                    assert after.stats.get(f"/table2/{row}/in_force") == (
                        before.stats.get(f"/table2/{row}/in_force")
                        + after.stats.get(f"/table2/{row}/issued")
                        - after.stats.get(f"/table2/{row}/repealed")
                    )


def test_docx_rendering_is_reproducible():
    import io
    import zipfile

    from gongkai.corpus import generate, render

    report = generate(1, seed=3)[0]
    data = render(report, "docx")
    # Same second or not, entries carry a fixed time, so the bytes cannot depend on the clock.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2020, 1, 1, 0, 0, 0)}
        assert b"2020-01-01" in z.read("docProps/core.xml")
