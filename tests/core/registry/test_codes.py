"""Checksums of the codes that prefix the 索引号: GB 32100-2015 (USCC) and GB 11714-1997 (organisation code):
presentation, hand-computed check characters and properties over generated codes. Real codes are in
test_codes_and_numbers.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.applications.identity import uscc_checksum as applications_uscc_checksum
from gongkai.core.registry.codes import (
    make_org_code,
    make_uscc,
    normalise_org_code,
    org_code_check_char,
    org_code_valid,
    uscc_check_char,
    uscc_valid,
)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# A published example code: characters 9–17 are the organisation code M000100Y-4.
REAL_USCC = "91350100M000100Y43"


def test_a_published_code_and_its_embedded_organisation_code():
    assert uscc_valid(REAL_USCC)
    assert org_code_valid(REAL_USCC[8:17]) and org_code_valid("M000100Y-4")


def test_uscc_check_character_computed_by_hand():
    # 9 1 3 5 0 1 0 0 M(21) 0 0 0 1 0 0 Y(30) 4 · weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    # = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
    assert uscc_check_char(REAL_USCC[:17]) == "3"


@pytest.mark.parametrize("code", [
    "91350100M000100Y44",   # wrong check character
    "91350100M000100Y4",    # 17 characters
    "91350100M000100Y433",  # 19 characters
    "91350100I000100Y43",   # I is not in the alphabet
    "91350100O000100Y43",   # neither is O
    "", "   ", "九一三五",
])
def test_bad_usccs_are_refused(code):
    assert not uscc_valid(code)


def test_a_uscc_whose_embedded_organisation_code_is_wrong_is_refused():
    body = "91350100M000100Y5"  # the organisation code's check character changed…
    code = body + uscc_check_char(body)  # …and the USCC check character made to match
    assert uscc_check_char(code[:17]) == code[17] and not uscc_valid(code)


def test_uscc_presentation_is_forgiven():
    assert uscc_valid(" 9135 0100 m000 100y 43 ")
    assert uscc_valid("９１３５０１００Ｍ０００１００Ｙ４３")  # full-width


@pytest.mark.parametrize("junk", [None, 123, "\x00" * 18, "-" * 18, "９" * 40])
def test_predicates_never_raise(junk):
    assert uscc_valid(junk) is False and org_code_valid(junk) is False
    assert uscc_check_char("I" * 17) is None and org_code_check_char("#" * 8) is None


# An organisation code embedded in a USCC can only use the USCC alphabet (no I, O, Z, S, V).
@given(st.text(alphabet=ALPHABET, min_size=8, max_size=8), st.text(alphabet=ALPHABET, min_size=8, max_size=8))
def test_generated_usccs_verify_agree_with_the_applications_checksum_and_catch_single_changes(prefix, org_body):
    code = make_uscc(prefix + make_org_code(org_body))
    assert uscc_valid(code) and code[17] == applications_uscc_checksum(code[:17])
    # Every weight is non-zero mod the prime 31, so one changed character always breaks the USCC check.
    for i in range(18):
        other = ALPHABET[(ALPHABET.index(code[i]) + 1) % 31] if code[i] in ALPHABET else "0"
        assert not uscc_valid(code[:i] + other + code[i + 1:])


@pytest.mark.parametrize("body,check", [
    ("00000000", "0"),  # Σ = 0 → 11 − 0 = 11 → "0"
    ("M000100Y", "4"),  # 22·3 + 1·5 + 34·2 = 139 ≡ 7 → 4
    ("00000001", "9"),  # 1·2 = 2 → 9
    ("00000005", "1"),  # 5·2 = 10 → 1
    ("40000000", "X"),  # 4·3 = 12 ≡ 1 → 10 → "X"
])
def test_org_check_character(body, check):
    assert org_code_check_char(body) == check
    assert org_code_valid(body + check) and org_code_valid(f"{body}-{check}")


@pytest.mark.parametrize("code", [
    "M000100Y-5", "M000100Y5", "M000100Y", "M000100Y-44", "M00-0100Y4", "M000100y-", "", "M000100Y—4X",
    "M000100#-4",
])
def test_bad_organisation_codes_are_refused(code):
    assert not org_code_valid(code)


def test_organisation_code_hyphen_case_and_width():
    assert org_code_valid("m000100y-4") and org_code_valid("M000100Y4")
    assert org_code_valid("Ｍ０００１００Ｙ－４") and org_code_valid("M000100Y‐4")  # full-width, U+2010
    assert normalise_org_code(" m000100y-4 ") == "M000100Y4"
    assert normalise_org_code("Ｍ０００１００Ｙ－４") == "M000100Y4"


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=8, max_size=8))
def test_organisation_code_round_trip(body):
    code = make_org_code(body)
    assert org_code_valid(code) and org_code_valid(f"{code[:8]}-{code[8]}")
    assert normalise_org_code(f"{body.lower()}-{code[8].lower()}") == code
    assert not org_code_valid(body + ("0" if code[8] != "0" else "1"))
