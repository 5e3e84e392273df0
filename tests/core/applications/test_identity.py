from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.applications import identity as ident
from gongkai.core.errors import InvalidApplication

# GB 11643-1999's own worked example and a widely published real USCC.
GB_EXAMPLE_ID = "11010519491231002X"
REAL_USCC = "91350100M000100Y43"


def test_published_examples_are_valid():
    assert ident.resident_id_checksum(GB_EXAMPLE_ID[:17]) == "X"
    assert ident.valid_resident_id(GB_EXAMPLE_ID)
    assert ident.uscc_checksum(REAL_USCC[:17]) == "3"
    assert ident.valid_uscc(REAL_USCC)


def test_lowercase_x_and_spaces_are_normalised():
    assert ident.valid_resident_id("110105 19491231 002x")
    assert ident.check_identity("natural_person", "resident_id", " 11010519491231002x ") == GB_EXAMPLE_ID
    assert ident.check_identity("commercial", "uscc", "91350100m000100y43") == REAL_USCC
    assert ident.valid_uscc("９１３５０１００Ｍ０００１００Ｙ４３")  # full-width


@pytest.mark.parametrize("number, message", [
    ("110105194912310021", "校验位不正确，请核对最后一位"),
    ("11010519491231002", "应为18位，当前为17位"),
    ("110105194902300024", "出生日期"),
    ("910105194912310021", "地址码"),
    ("11010519491231002A", "最后一位为数字或X"),
    ("110105491231002", "15位"),
    ("", "请填写身份证号码"),
])
def test_resident_id_messages_are_specific(number, message):
    with pytest.raises(InvalidApplication) as e:
        ident.check_identity("natural_person", "resident_id", number)
    assert message in e.value.message
    assert e.value.field == "id_number"


def test_birth_date_in_the_future_is_rejected_only_when_today_is_given():
    body = "11010520300101001"
    number = body + ident.resident_id_checksum(body)
    assert ident.valid_resident_id(number)
    assert not ident.valid_resident_id(number, today=date(2026, 11, 1))
    assert ident.valid_resident_id(GB_EXAMPLE_ID, today=date(2026, 11, 1))


@pytest.mark.parametrize("code, message", [
    ("91350100M000100Y44", "校验位不正确"),
    ("91350100M000100I43", "不允许的字符“I”"),
    ("91350100M000100Y4", "当前为17位"),
])
def test_uscc_messages(code, message):
    with pytest.raises(InvalidApplication) as e:
        ident.check_identity("research", "uscc", code)
    assert message in e.value.message


def test_free_document_numbers_only_length_checked():
    assert ident.check_identity("natural_person", "passport", "e 1234 5678") == "E12345678"
    assert ident.check_identity("natural_person", "hk_macao_taiwan", "H1234567890") == "H1234567890"
    with pytest.raises(InvalidApplication) as e:
        ident.check_identity("natural_person", "passport", "E1")
    assert "长度应在5至30位之间" in e.value.message
    with pytest.raises(InvalidApplication) as e:
        ident.check_identity("natural_person", "driving_licence", "E12345678")
    assert e.value.field == "id_kind"
    with pytest.raises(InvalidApplication) as e:  # organisations cannot use a personal document
        ident.check_identity("legal_services", "passport", "E12345678")
    assert "统一社会信用代码" in e.value.message


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_any_single_digit_change_breaks_the_resident_id_checksum(body):
    number = body + ident.resident_id_checksum(body)
    for i in range(17):
        altered = body[:i] + str((int(body[i]) + 1) % 10) + body[i + 1:]
        assert ident.resident_id_checksum(altered) != number[17]


@given(st.text(alphabet=ident.USCC_ALPHABET, min_size=17, max_size=17))
def test_uscc_round_trip_and_single_change_detected(body):
    code = body + ident.uscc_checksum(body)
    assert ident.uscc_problem(code) is None
    i = len(body) // 2
    other = ident.USCC_ALPHABET[(ident.USCC_ALPHABET.index(body[i]) + 1) % 31]
    assert ident.uscc_problem(body[:i] + other + body[i + 1:] + code[17]) is not None


def test_checksum_rejects_bad_bodies():
    with pytest.raises(ValueError):
        ident.resident_id_checksum("1234")
    with pytest.raises(ValueError):
        ident.uscc_checksum("9135010OM000100Y4")  # letter O is not in the alphabet


def test_masks():
    assert ident.mask_id(GB_EXAMPLE_ID) == "110105********002X"
    assert ident.mask_id("E12345678") == "*******78"
    assert ident.mask_phone("138 1234 5678") == "138****5678"
    assert ident.mask_phone("010-6512345") == "******2345"
    assert ident.mask_name("张三") == "张*"
    assert ident.mask_name("李小龙") == "李**"
    assert ident.mask_name("欧阳娜娜") == "欧阳**"
    assert ident.mask_name("张") == "张*"
    assert ident.mask_address("北京市朝阳区建国路88号院3号楼") == "北京市朝阳区****"
    assert ident.mask_email("alice@example.com") == "a***@example.com"
    assert ident.mask_name("") == ""
