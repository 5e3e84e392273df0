"""Information processing fees (国办函〔2020〕109号)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.errors import FeeError
from gongkai.core.fees import (
    FEE_BASIS,
    MAX_ITEMS,
    FeeBand,
    item_fee_for_application,
    quote_per_item,
    quote_per_page,
)


def item_rate(k: int) -> int:
    """The k-th item's rate, straight from the text: 1–10 free, 11–30 at 100, then +100 per band of 10."""
    if k <= 10:
        return 0
    if k <= 30:
        return 100
    return 100 + 100 * ((k - 31) // 10 + 1)


def page_rate(k: int) -> int:
    return 0 if k <= 30 else 10 if k <= 100 else 20 if k <= 200 else 40


@pytest.mark.parametrize(
    "items, amount",
    [
        (0, 0),
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 2000),
        (31, 2200),
        (35, 3000),
        (40, 4000),
        (41, 4300),
        (50, 7000),
        (51, 7400),
        (60, 11000),
    ],
)
def test_per_item_amounts(items, amount):
    # e.g. 35 = 10 free + 20×100 + 5×200 = 3000; 60 = 2000 + 10×200 + 10×300 + 10×400 = 11000.
    assert quote_per_item(items).amount_yuan == amount


@pytest.mark.parametrize(
    "pages, amount",
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_per_page_amounts(pages, amount):
    # 250 = 70×10 + 100×20 + 50×40 = 4700.
    assert quote_per_page(pages).amount_yuan == amount


def test_bands_and_json():
    q = quote_per_page(250)
    assert q.bands == (
        FeeBand(1, 30, 0, 30, 0),
        FeeBand(31, 100, 10, 70, 700),
        FeeBand(101, 200, 20, 100, 2000),
        FeeBand(201, None, 40, 50, 2000),
    )
    data = q.to_json()
    assert (data["method"], data["amount_yuan"], data["units"], data["basis"]) == (
        "per_page",
        4700,
        250,
        FEE_BASIS,
    )
    assert data["bands"][-1] == {
        "first": 201,
        "last": None,
        "rate_yuan": 40,
        "units": 50,
        "subtotal_yuan": 2000,
    }
    assert quote_per_item(35).to_json()["bands"][-1] == {
        "first": 31,
        "last": 40,
        "rate_yuan": 200,
        "units": 5,
        "subtotal_yuan": 1000,
    }
    assert quote_per_item(35).explanation()[-1] == f"合计：3000 元（依据{FEE_BASIS}）"
    assert quote_per_item(0).bands == ()


@given(st.integers(0, 2000))
def test_per_item_is_the_sum_of_each_items_rate(n):
    q = quote_per_item(n)
    assert q.amount_yuan == sum(item_rate(k) for k in range(1, n + 1))
    assert sum(b.units for b in q.bands) == n
    assert q.method == "per_item"


@given(st.integers(0, 5000))
def test_per_page_is_the_sum_of_each_pages_rate(n):
    assert quote_per_page(n).amount_yuan == sum(page_rate(k) for k in range(1, n + 1))


@given(st.integers(0, 300), st.integers(0, 300))
def test_marginal_item_fee_adds_up_over_a_month(before, items):
    # Applications of a month charged one after another pay exactly the month's cumulative fee.
    first = item_fee_for_application(0, before)
    second = item_fee_for_application(before, items)
    assert first + second == quote_per_item(before + items).amount_yuan
    assert second >= 0


def test_marginal_example():
    # 8 items earlier in the month, 5 now: items 9 and 10 free, 11–13 at 100 each.
    assert item_fee_for_application(8, 5) == 300


@pytest.mark.parametrize(
    "call",
    [
        lambda: quote_per_item(-1),
        lambda: quote_per_page(-5),
        lambda: quote_per_item(True),
        lambda: quote_per_page(3.0),
        lambda: item_fee_for_application(-1, 3),
        lambda: item_fee_for_application(1, -3),
        lambda: quote_per_item(MAX_ITEMS + 1),
    ],
)
def test_bad_counts_are_typed_errors(call):
    with pytest.raises(FeeError) as info:
        call()
    assert info.value.code == "invalid_fee_units"
    assert "件数" in info.value.message or "页数" in info.value.message
