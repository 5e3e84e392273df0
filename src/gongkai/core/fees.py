"""Information processing fees (信息处理费) per 国办函〔2020〕109号 (regulation.md §2).

Two progressive methods; an application is charged by one of them only:

- per item (按件计收, art. 4): one applicant's cumulative items in a calendar month — 1–10 free, 11–30 at
  100 元 each, then bands of 10 items each 100 元 per item dearer than the one before (31–40 at 200 元,
  41–50 at 300 元, ...). 35 items → 20×100 + 5×200 = 3,000 元.
- per page (按量计收, art. 5): one application's pages — 1–30 free, 31–100 at 10 元, 101–200 at 20 元,
  201 and over at 40 元. 250 pages → 70×10 + 100×20 + 50×40 = 4,700 元.

The regulation does not say how a monthly per-item fee is split over the month's applications;
`item_fee_for_application` charges each application the increase it causes (the marginal fee).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import FeeError

FEE_BASIS = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

# A month's items beyond this are refused as a typing error rather than priced band by band.
MAX_ITEMS = 100_000

PER_PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)
FREE_ITEMS = 10
FIRST_PAID_ITEMS = (11, 30, 100)  # then bands of ITEM_BAND from 31, each ITEM_STEP_YUAN dearer
ITEM_BAND = 10
ITEM_STEP_YUAN = 100


@dataclass(frozen=True)
class FeeBand:
    first: int
    last: int | None
    rate_yuan: int
    units: int
    subtotal_yuan: int

    def to_json(self) -> dict:
        return {
            "first": self.first,
            "last": self.last,
            "rate_yuan": self.rate_yuan,
            "units": self.units,
            "subtotal_yuan": self.subtotal_yuan,
        }


@dataclass(frozen=True)
class FeeQuote:
    method: str  # "per_item" | "per_page"
    units: int
    amount_yuan: int
    bands: tuple[FeeBand, ...]

    def to_json(self) -> dict:
        return {
            "method": self.method,
            "amount_yuan": self.amount_yuan,
            "units": self.units,
            "bands": [b.to_json() for b in self.bands],
            "basis": FEE_BASIS,
        }

    def explanation(self) -> tuple[str, ...]:
        """One Chinese line per band used, then the total."""
        unit = "件" if self.method == "per_item" else "页"
        lines = []
        for b in self.bands:
            span = f"第 {b.first} {unit}及以上" if b.last is None else f"第 {b.first}–{b.last} {unit}"
            if b.rate_yuan == 0:
                lines.append(f"{span}：{b.units} {unit}，免费")
            else:
                lines.append(f"{span}：{b.units} {unit} × {b.rate_yuan} 元 = {b.subtotal_yuan} 元")
        lines.append(f"合计：{self.amount_yuan} 元（依据{FEE_BASIS}）")
        return tuple(lines)


def _units(value, what: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FeeError(
            f"{what} must be a whole number >= 0, not {value!r}",
            message=f"{label}应为不小于 0 的整数，不能是 {value}。",
        )
    return value


def _bands(units: int, table) -> tuple[FeeBand, ...]:
    out = []
    for first, last, rate in table:
        if units < first:
            break
        n = (units if last is None else min(units, last)) - first + 1
        out.append(FeeBand(first, last, rate, n, n * rate))
    return tuple(out)


def _item_table(units: int):
    yield 1, FREE_ITEMS, 0
    yield FIRST_PAID_ITEMS
    first, rate = FIRST_PAID_ITEMS[1] + 1, FIRST_PAID_ITEMS[2] + ITEM_STEP_YUAN
    while first <= units:
        yield first, first + ITEM_BAND - 1, rate
        first, rate = first + ITEM_BAND, rate + ITEM_STEP_YUAN


def quote_per_item(items_in_month: int) -> FeeQuote:
    """The cumulative per-item fee for one applicant's items in one calendar month."""
    units = _units(items_in_month, "items", "件数")
    if units > MAX_ITEMS:
        raise FeeError(f"items {units} > {MAX_ITEMS}", message=f"件数 {units} 超过上限 {MAX_ITEMS}，请核对。")
    bands = _bands(units, _item_table(units))
    return FeeQuote("per_item", units, sum(b.subtotal_yuan for b in bands), bands)


def quote_per_page(pages: int) -> FeeQuote:
    """The per-page fee of one application."""
    units = _units(pages, "pages", "页数")
    bands = _bands(units, PER_PAGE_BANDS)
    return FeeQuote("per_page", units, sum(b.subtotal_yuan for b in bands), bands)


def item_fee_for_application(items_before: int, items: int) -> int:
    """The per-item fee one application adds to its applicant's month.

    That is quote(before + items) − quote(before): the marginal fee.
    """
    before = _units(items_before, "items_before", "本月此前的件数")
    n = _units(items, "items", "件数")
    return quote_per_item(before + n).amount_yuan - quote_per_item(before).amount_yuan
