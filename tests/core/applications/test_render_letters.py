"""Letter PDFs as printed: every kind, with long realistic content, set in the one 仿宋 family (FandolFang) with a
FandolSong Bold title, every font embedded; no line starts with closing punctuation; the signature is never
separated from the last paragraph; page numbers only on letters longer than a page; PNG pages via pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont

from gongkai.core import pdf as engine
from gongkai.core.applications import gbt9704
from gongkai.core.applications.letters import PROCEDURAL_KINDS, Letter, LetterContext, cn_date, compose
from gongkai.core.applications.outcomes import OUTCOMES
from gongkai.core.applications.render_pdf import render_pdf
from tests.pdf_glyphs import Glyph, glyphs, line_text, lines

BODY_FAMILY = ("FandolFang R", "Regular")
TITLE_FAMILY = ("FandolSong", "Bold")
CLOSING = set("，。、；：？！）》」』〕】〉”’…·%")
OPENING = set("（《「『〔【〈“‘")

REASONS = ("该信息包含被征收人的姓名、身份证号码、家庭住址、银行账号和补偿金额等个人信息；经书面征求第三方意见，"
           "第三方于2026年3月10日回复不同意公开（理由：涉及家庭财产状况和个人隐私）。本机关认为，不公开不会对公共利益"
           "造成重大影响：依照《中华人民共和国个人信息保护法》第十三条、第二十五条，处理个人信息应当取得个人同意！"
           "所涉“补偿协议”“资金拨付凭证”中的个人信息无法作区分处理？经核查，确实无法区分。")
LONG = LetterContext(
    agency_name="示例市城南区自然资源和规划分局", date=date(2026, 3, 20),
    applicant_name="示例市城南区恒泰房地产开发集团有限公司第三项目分公司", addressee_kind="organisation",
    agency_contact="示例市城南区人民路188号政务服务中心三楼（邮编310000），电话0571-12345678，"
                   "电子邮箱gongkai@example.gov.cn",
    reconsideration_body="示例市城南区人民政府", court="示例市铁路运输法院", number="示城南自然资依申复〔2026〕128号",
    received=date(2026, 3, 2), correction_received=date(2026, 3, 9),
    request_text="2019年至2025年示例市城南区范围内全部国有土地上房屋征收项目的征收决定、补偿方案、评估报告、"
                 "补偿协议以及资金拨付凭证（含各项目的附件、附表和会议纪要）",
    reasons=REASONS, provision_form="纸质文本", provision_route="邮寄", provision_date=date(2026, 4, 3),
    other_agency_name="示例市城南区住房和城乡建设局（区房屋征收管理办公室）",
    other_agency_contact="示例市城南区建设路66号，0571-87654321",
    correction_items="请写明所需信息的名称、文号或者其他特征描述，例如征收项目的名称、征收决定的文号"
                     "（如示城南征〔2023〕5号）和形成时间；申请获取多个项目信息的，请逐项列明。",
    correction_notice_date=date(2026, 3, 4), correction_deadline=date(2026, 3, 18), extension_days=20,
    delay_workdays=45, new_due=date(2026, 5, 12), due=date(2026, 3, 30),
    third_party="示例市城南区恒泰置业有限公司（统一社会信用代码91330100MA2B3C4D5E）",
    consultation_sent=date(2026, 3, 5), third_party_reply_due=date(2026, 3, 26), fee_method="per_page",
    fee_units=1250, fee_amount_yuan=18700, fee_payment_due=date(2026, 4, 20), fee_notice_date=date(2026, 3, 20),
    fee_payment_instructions="请通过非税收入缴款码或者到示例市城南区政务服务中心一楼财政窗口缴纳，缴款时请注明"
                             "申请编号和“信息处理费”字样。",
    tracking_code="K7QX-94HD-2MWP")


def _letters() -> dict[str, Letter]:
    out = {kind: compose(kind, LONG) for kind in PROCEDURAL_KINDS}
    for key, outcome in OUTCOMES.items():
        out[key] = compose("reply", replace(LONG, outcome=key))
        for v in outcome.variants:
            out[f"{key}/{v.key}"] = compose("reply", replace(LONG, outcome=key, variant=v.key))
    return out


LETTERS = _letters()


@cache
def rendered(name: str) -> bytes:
    return render_pdf(LETTERS[name])


@cache
def placed(name: str) -> tuple[Glyph, ...]:
    return tuple(glyphs(rendered(name)))


def test_every_letter_kind_is_covered():
    kinds = {letter.kind for letter in LETTERS.values()}
    assert {"receipt", "correction", "extension", "delay", "consultation", "third_party", "fee", "disclosure",
            "partial_disclosure", "non_disclosure", "not_exist", "not_this_agency", "unable", "not_processed",
            "termination", "other"} == kinds


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_body_in_one_embedded_fang_family_and_title_in_the_title_face(name):
    items = placed(name)
    title = [g for g in items if g.page == 0 and g.y == max(x.y for x in items if x.page == 0)]
    assert "".join(g.char for g in title) == LETTERS[name].title
    assert {(g.font.family, g.font.subfamily) for g in title} == {TITLE_FAMILY}
    rest = [g for g in items if g not in title]
    assert {(g.font.family, g.font.subfamily) for g in rest} == {BODY_FAMILY}, name
    assert all(g.font.embedded for g in items)


def test_the_wording_of_every_letter_stays_inside_the_fang_face():
    """Characters are chosen deliberately: every character any letter prints (fixed wording, dates, numbers,
    〔〕, quotes, dashes) is in FandolFang, so nothing falls back to another family."""
    cmap = TTFont(engine.font_file(engine.FACE_FILES[engine.BODY_FACE]), lazy=True).getBestCmap()
    page_number = "— 1 —"
    printed = {ch for letter in LETTERS.values() for ch in letter.text() + page_number if not ch.isspace()}
    assert sorted(ch for ch in printed if ord(ch) not in cmap) == []


def test_a_character_outside_the_fang_face_falls_back_to_a_song_face_only_for_itself():
    letter = compose("correction", replace(LONG, applicant_name="王喆", addressee_kind="person"))
    items = glyphs(render_pdf(letter))
    others = {g.char: g.font.family for g in items if (g.font.family, g.font.subfamily) not in (BODY_FAMILY,
                                                                                               TITLE_FAMILY)}
    assert others == {"喆": "Noto Serif CJK SC"}
    assert all(g.font.embedded for g in items)


def _assert_no_forbidden_line_edges(name: str, items) -> int:
    body = lines(list(items))[1:]  # the title is centred on its own line
    for line in body:
        text = line_text(line)
        assert text[0] not in CLOSING, f"{name}: line starts with {text[0]!r}: {text}"
        assert text[-1] not in OPENING, f"{name}: line ends with {text[-1]!r}: {text}"
    return len(body)


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_no_line_starts_with_closing_punctuation(name):
    assert _assert_no_forbidden_line_edges(name, placed(name)) > 8


def test_every_punctuation_mark_meets_the_end_of_a_line():
    """The same punctuation-dense paragraph shifted by one character at a time, so that every mark in it lands
    in the last position of a line at least once: Pango must carry the character before it over instead."""
    base = compose("reply", replace(LONG, outcome="withheld_third_party"))
    sample = REASONS + "其中——“征收决定”〔2023〕5号……附件（一）、（二）。"
    letter = Letter(**{**base.to_json(), "date": base.date,
                       "paragraphs": tuple("国" * shift + sample for shift in range(gbt9704.CHARS_PER_LINE))})
    items = glyphs(render_pdf(letter))
    assert _assert_no_forbidden_line_edges("shifted", items) > 150
    width = gbt9704.CHARS_PER_LINE
    full = [line for line in lines(items) if len(line) >= width - 1]
    assert len(full) > 100  # most lines run to the margin: breaks were really decided at the line end


def _page_of(items, text: str) -> int:
    joined = "".join(g.char for g in items)
    start = joined.rindex(text)
    return items[start].page


@cache
def _signature_case(extra: int) -> tuple[Letter, tuple[Glyph, ...]]:
    letter = compose("reply", replace(LONG, outcome="withheld_third_party", reasons=(REASONS * 3)[:extra]))
    return letter, tuple(glyphs(render_pdf(letter)))


SIGNATURE_RANGE = range(20, 580, 20)


@pytest.mark.parametrize("extra", SIGNATURE_RANGE)
def test_signature_stays_on_the_page_of_the_last_paragraph(extra):
    letter, items = _signature_case(extra)
    last = letter.body()[-1]
    assert _page_of(items, last[-8:]) == _page_of(items, letter.issuer) == _page_of(items, cn_date(letter.date))
    assert _page_of(items, last[:8]) == _page_of(items, letter.issuer)  # the last paragraph is not split


BOTTOM = gbt9704.MARGIN_MM["bottom"] * 72 / 25.4  # the text area's lower edge, pt from the page's bottom


def test_the_signature_range_crosses_the_page_end_and_the_rule_moves_paragraphs():
    counts = {_signature_case(n)[1][-1].page + 1 for n in SIGNATURE_RANGE}
    assert len(counts) == 2 and max(counts) - min(counts) == 1  # the letters end on either side of a page end
    moved = 0
    for n in SIGNATURE_RANGE:
        letter, items = _signature_case(n)
        last = letter.body()[-1]
        page = _page_of(items, last[:8])
        if page != min(counts):  # the last paragraph begins on the letter's last page, after a page end
            continue
        before = [g for g in items if g.page == page - 1 and g.y > BOTTOM]  # not the page number
        room = min(g.y for g in before) - BOTTOM  # space left under the previous page's last line
        last_lines = [line for line in lines(list(items)) if line[0].page == page and line_text(line) in last]
        if room >= (len(last_lines) + 1) * gbt9704.LINE_PT:
            moved += 1  # the paragraph alone would have fitted there: it moved to keep the signature company
    assert moved >= 1


def test_page_numbers_only_when_the_letter_runs_over_a_page():
    short = compose("receipt", replace(LONG, request_text="2025年部门预算", agency_contact=""))
    one = glyphs(render_pdf(short))
    assert {g.page for g in one} == {0} and "—" not in "".join(g.char for g in one)
    long_letter = [n for n in LETTERS if len({g.page for g in placed(n)}) > 1]
    assert long_letter
    items = placed(long_letter[0])
    width = gbt9704.PAGE_MM[0] * 72 / 25.4
    for page in sorted({g.page for g in items}):
        number = [line for line in lines([g for g in items if g.page == page]) if line_text(line).startswith("—")]
        assert [line_text(line) for line in number] == [f"—{page + 1}—"]
        middle = (number[0][0].x + number[0][-1].x) / 2
        assert (middle > width / 2) == (page % 2 == 0)  # odd pages on the right, even pages on the left


def test_same_letter_same_bytes_and_dates_from_the_letter():
    letter = LETTERS["withheld_process_info"]
    data = render_pdf(letter)
    assert data == rendered("withheld_process_info")
    doc = pdfium.PdfDocument(data)
    meta = doc.get_metadata_dict()
    assert meta["Title"] == letter.title and meta["Author"] == letter.issuer
    assert meta["CreationDate"].startswith("D:20260320") and meta["ModDate"].startswith("D:20260320")
    assert tuple(round(v) for v in doc[0].get_size()) == (595, 842)


def test_missing_font_files_give_a_clear_chinese_error(monkeypatch, tmp_path):
    monkeypatch.setattr(engine, "FANDOL_DIRS", (str(tmp_path),))
    engine._font_faces.cache_clear()
    try:
        with pytest.raises(engine.FontsMissing) as e:
            render_pdf(LETTERS["receipt"])
        assert "texlive-lang-chinese" in e.value.message and "字体" in e.value.message
        assert isinstance(e.value, engine.PdfRenderingUnavailable)
    finally:
        engine._font_faces.cache_clear()


PNG_KINDS = ("receipt", "correction", "extension", "delay", "consultation", "third_party", "fee",
             "withheld_third_party", "partially_disclosed", "unable_needs_creation", "other_fee_unpaid")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("name", PNG_KINDS)
def test_every_kind_renders_to_png_pages_with_title_and_signature_inked(name, tmp_path):
    from PIL import Image

    data = rendered(name)
    (tmp_path / "letter.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(tmp_path / "letter.pdf"), str(tmp_path / "page")],
                   check=True, timeout=60)
    pngs = sorted(Path(tmp_path).glob("page-*.png"))
    assert len(pngs) == len(pdfium.PdfDocument(data))
    first = Image.open(pngs[0]).convert("L")
    w, h = first.size
    assert (w, h) == (331, 468)  # A4 at 40 dpi

    def inked(img, box) -> int:
        return sum(img.crop(box).histogram()[:128])  # pixels darker than mid-grey

    top = round(gbt9704.MARGIN_MM["top"] / 25.4 * 40)
    assert inked(first, (0, top - 2, w, top + 16)) > 50  # the title's first line
    last = Image.open(pngs[-1]).convert("L")
    items = [g for g in placed(name) if g.page == len(pngs) - 1]
    date_y = h - round(min(g.y for g in items if g.y > BOTTOM) / 72 * 40)
    assert inked(last, (w // 2, date_y - 40, w, date_y + 4)) > 40  # the signature, right half
