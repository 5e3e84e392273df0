
import pytest

from gongkai.core.registry import index_no
from gongkai.core.registry.codes import make_org_code, make_uscc, org_code_valid, uscc_valid
from gongkai.core.registry.doc_number import normalise_doc_number

# 索引号 prefixes seen on real government pages (regulation.md §8.3).
REAL_USCC = ["11100000000013338W", "11441700007280420Y", "11370812004339255B", "11341702486344515H"]


@pytest.mark.parametrize("code", REAL_USCC)
def test_real_codes_verify(code):
    assert uscc_valid(code)
    assert not uscc_valid(code[:-1] + ("0" if code[-1] != "0" else "1"))


def test_org_codes_with_and_without_hyphen():
    assert org_code_valid("000013338") and org_code_valid("00001333-8") and org_code_valid("014416330")
    assert not org_code_valid("000013337") and not org_code_valid("0000133")
    assert org_code_valid(make_org_code("W000000A"))


def test_every_single_character_change_of_a_uscc_is_caught():
    code = make_uscc("11999900" + make_org_code("W000000A"))
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for i in range(18):
        for ch in alphabet:
            if ch != code[i]:
                assert not uscc_valid(code[:i] + ch + code[i + 1:]), (i, ch)


def test_index_numbers_format_and_parse():
    assert index_no.format_index_no("11100000000013338W", 2024, 79) == "11100000000013338W/2024-00079"
    assert index_no.format_index_no("00001333-8", 2017, 110) == "000013338/2017-00110"
    parsed = index_no.parse("11341702486344515H/202110-00013")
    assert (parsed.year, parsed.month, parsed.serial) == (2021, 10, 13)
    assert str(index_no.parse("００００１３３３８／２０１７－００１１０")) == "000013338/2017-00110"
    for bad in ("", "11100000000013338W/2024-79", "11100000000013338X/2024-00079", "abc/2024-00001",
                "000013338/2024-00000", "11341702486344515H/202113-00013"):
        with pytest.raises(index_no.InvalidIndexNumber) as err:
            index_no.parse(bad)
        assert "索引号" in err.value.message
    with pytest.raises(index_no.InvalidIndexNumber):
        index_no.format_index_no("000013338", 2024, 100000)


def test_doc_numbers_fold_brackets_and_width():
    key = "京政发〔2024〕3号"
    for variant in ("京政发[2024]3号", "京政发（2024）3号", "京政发【2024】3号", "京政发［２０２４］ 3 号", key):
        assert normalise_doc_number(variant) == key
