"""OpenCC converters between traditional and simplified script: the one place they are created.

Creating a converter loads OpenCC's dictionaries, so each configuration is built once per process and shared
by the reader, the library (agency names typed in traditional script) and the synthetic corpus.
"""

from __future__ import annotations

from functools import cache


@cache
def converter(config: str):
    """The OpenCC converter for `config` ("t2s" traditional → simplified, "s2t" the other way)."""
    # Imported on first use: pages and migrations that never convert do not load the dictionaries.
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Phrase-level conversion; the length may change (use `reading.text.simplify` to keep offsets)."""
    return converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return converter("s2t").convert(text)
