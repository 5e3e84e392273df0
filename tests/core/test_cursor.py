"""The API's opaque cursors round-trip and refuse anything that is not one of ours."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core import cursor


@given(st.dates().map(lambda d: d.isoformat()), st.integers(min_value=1, max_value=2**53))
def test_round_trip(day, pk):
    text = cursor.encode("items", day, pk)
    assert cursor.decode("items", text, 2) == (day, pk)
    assert "=" not in text and "/" not in text and "+" not in text  # URL-safe as it is


def test_unicode_keys_round_trip():
    assert cursor.decode("agencies", cursor.encode("agencies", "示例-A"), 1) == ("示例-A",)


@pytest.mark.parametrize("text", ["", "not-a-cursor", "%%%", cursor.encode("agencies", "W"),
                                  cursor.encode("items", "2026-01-01"), cursor.encode("items", [1], 2),
                                  cursor.encode("items", "2026-01-01", True)])
def test_foreign_or_broken_cursors_are_refused(text):
    with pytest.raises(cursor.InvalidCursor) as err:
        cursor.decode("items", text, 2)
    assert err.value.message.startswith("分页游标（cursor）无效")
