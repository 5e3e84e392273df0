"""Flattened table rows, as crawlers produce them: a label followed by its numbers with no separators.

`一、本年新收政府信息公开申请数量640020470` can be split in several ways. A reader may only report a row
when exactly one split satisfies the row's identity; `splits()` enumerates them so the expected figures
of a flattened report list only the rows that are uniquely determined.

>>> list(splits("1234", 3, rule=None))
[[1, 2, 34], [1, 23, 4], [12, 3, 4]]
>>> list(splits("640020470", 7, rule="table3"))
[[64, 0, 0, 2, 0, 4, 70]]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_INT = re.compile(r"0|[1-9]\d*")
_SIGNED = re.compile(r"[+-]?(?:0|[1-9]\d*)")
_DECIMAL = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")


def _parse(token: str, kind: str):
    pattern = {"int": _INT, "signed": _SIGNED, "decimal": _DECIMAL}[kind]
    if not pattern.fullmatch(token):
        return None
    return float(token) if "." in token else int(token)


def splits(digits: str, n: int, *, rule: str | None, kinds: list[str] | None = None) -> Iterator[list]:
    """Every way to cut `digits` into n well-formed numbers that satisfy `rule`.

    rule "table3": the last number is the sum of the others (总计). rule "table4": in each group of five,
    the fifth is the sum of the first four. None: no identity.
    """
    kinds = kinds or ["int"] * n

    def rec(pos: int, i: int, acc: list) -> Iterator[list]:
        if i == n:
            if pos == len(digits) and _holds(acc, rule):
                yield list(acc)
            return
        remaining = n - i - 1
        for end in range(pos + 1, len(digits) - remaining + 1):
            value = _parse(digits[pos:end], kinds[i])
            if value is None:
                continue
            acc.append(value)
            # Prune early at group boundaries so 15-number rows stay cheap.
            if rule == "table4" and (i + 1) % 5 == 0 and not _holds(acc[-5:], "table3"):
                acc.pop()
                continue
            yield from rec(end, i + 1, acc)
            acc.pop()

    yield from rec(0, 0, [])


def _holds(values: list, rule: str | None) -> bool:
    if rule == "table3":
        return values[-1] == sum(values[:-1])
    if rule == "table4":
        return all(values[g + 4] == sum(values[g : g + 4]) for g in range(0, len(values), 5))
    return True


def unique_split(digits: str, n: int, *, rule: str | None, kinds: list[str] | None = None) -> bool:
    found = 0
    for _ in splits(digits, n, rule=rule, kinds=kinds):
        found += 1
        if found > 1:
            return False
    return found == 1
