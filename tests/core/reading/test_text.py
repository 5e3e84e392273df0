"""Decoding (BOMs, UTF-8, GB18030 vs Big5) and script detection with offset-aligned simplified text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core import errors
from gongkai.core.reading import read_bytes
from gongkai.core.reading.text import decode, detect_script, simplify

SIMPLIFIED = (
    "某市人民政府2021年政府信息公开工作年度报告\n"
    "一、总体情况\n本年度共收到政府信息公开申请128件，已全部按期答复。\n"
    "二、主动公开政府信息情况\n全年主动公开政府信息3456条，其中规范性文件12件。\n"
)
TRADITIONAL = (
    "寶雞市人民政府2016年政府信息公開工作年度報告\n"
    "根據《中華人民共和國政府信息公開條例》要求，現向社會公開本報告。\n"
    "全年共受理政府信息公開申請86件，辦結率100%。\n"
)


def test_utf8_is_read_verbatim_with_newlines_normalised():
    doc = read_bytes(SIMPLIFIED.replace("\n", "\r\n").encode("utf-8"))
    assert doc.text == SIMPLIFIED
    assert doc.encoding == "utf-8" and doc.format == "txt" and doc.script == "simplified"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-16-le"])
def test_unicode_with_and_without_bom(codec):
    data = SIMPLIFIED.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    doc = read_bytes(data)
    assert doc.text == SIMPLIFIED
    assert doc.encoding.startswith("utf-")


def test_utf16_without_bom_is_recognised_by_its_nul_pattern():
    text = "Annual report 2021\n" + SIMPLIFIED
    assert read_bytes(text.encode("utf-16-le")).text == text


@pytest.mark.parametrize("codec", ["gb2312", "gbk", "gb18030"])
def test_gb_encodings(codec):
    doc = read_bytes(SIMPLIFIED.encode(codec))
    assert doc.text == SIMPLIFIED
    assert doc.encoding == "gb18030"


@pytest.mark.parametrize("codec", ["big5", "cp950"])
def test_big5_is_not_mistaken_for_gb18030(codec):
    data = TRADITIONAL.encode(codec)
    data.decode("gb18030")  # the trap: these bytes are also valid GB18030
    doc = read_bytes(data)
    assert doc.text == TRADITIONAL
    assert doc.encoding in ("cp950", "big5hkscs")
    assert doc.script == "traditional"


def test_traditional_text_in_gbk_stays_gbk():
    # GBK encodes traditional characters too; such a file must not flip to Big5.
    doc = read_bytes(TRADITIONAL.encode("gbk"))
    assert doc.text == TRADITIONAL and doc.encoding == "gb18030"


def test_replacement_characters_make_text_undecodable():
    with pytest.raises(errors.UndecodableText):
        read_bytes(("\ufffd" * 50 + "报告").encode("utf-8"))


def test_control_characters_make_text_undecodable():
    with pytest.raises(errors.UndecodableText):
        read_bytes(b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20 + "报告".encode())


def test_a_few_stray_controls_are_tolerated():
    text = SIMPLIFIED * 5 + "\x0c"
    assert read_bytes(text.encode()).text == text


def test_decode_notes_low_confidence_guess():
    text, encoding, notes = decode("Résumé of the année: café, naïve, déjà vu. ".encode("cp1252") * 5)
    assert "é" in text
    assert [code for code, _ in notes] == ["encoding_guessed"]


def test_script_detection():
    assert read_bytes(TRADITIONAL.encode()).script == "traditional"
    assert read_bytes(SIMPLIFIED.encode()).script == "simplified"
    doc = read_bytes(TRADITIONAL.encode())
    i = doc.simplified.index("政府信息公开申请")
    assert doc.quote(i, i + 8) == "政府信息公開申請"


def test_simplified_of_phrase_heavy_text_keeps_offsets():
    # OpenCC's phrase tables are where length could change; offsets must still line up.
    text = "乾隆年間，著作權與計畫書。蘋果電腦的滑鼠和印表機，乾燥的天氣裡著涼了。" * 3
    out = simplify(text)
    assert len(out) == len(text)
    assert out.count("，") == text.count("，")
    assert "计划书" in out or "计画书" in out


_NON_CJK = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_CHARS = st.sampled_from(
    list("國務院辦公廳關於開展政府信息公開工作報告數據統計乾隆著作後發麵鬆臺灣裡製憂鬱")
    + list("国务院办公厅关于年度报告的一是在了有和人")
    + list("0123456789abc ,.%\n\t，。、（）《》「」〔〕﹝﹞·—…") + ["\U00020000", "\u3000", "\ufeff"]
)


@settings(max_examples=400, deadline=None)
@given(st.text(_CHARS, max_size=300))
def test_simplified_has_same_length_and_same_non_cjk_characters(text):
    out = simplify(text)
    assert len(out) == len(text)
    for i in (m.start() for m in _NON_CJK.finditer(text)):
        assert out[i] == text[i]


def test_script_of_mixed_text_follows_the_majority():
    mixed = SIMPLIFIED * 10 + "國務院"
    assert detect_script(mixed, simplify(mixed)) == "simplified"
