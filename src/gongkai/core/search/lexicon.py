"""The abbreviation lexicon (`abbreviations.json`): 低保 → 最低生活保障, used to expand query terms.

A term equal to an abbreviation, or containing one, also matches the text with the abbreviation replaced by
each full form: 低保 finds 最低生活保障; 低保标准 also finds 最低生活保障标准; and a full form also finds
the abbreviation (最低生活保障 finds 低保). Expansion is one level and query-side only, so the index does
not change when the lexicon does.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from gongkai.core.search.text import fold

LEXICON_PATH = Path(__file__).with_name("abbreviations.json")


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    raw = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    table: dict[str, tuple[str, ...]] = {}
    for key, forms in raw.items():
        if key.startswith("_"):
            continue
        folded = fold(key)
        table[folded] = tuple(dict.fromkeys(fold(f) for f in forms if fold(f) != folded))
    return table


def expand(term: str) -> tuple[str, ...]:
    """The folded term and its expansions, the term itself first.

    >>> expand("低保标准")
    ('低保标准', '最低生活保障标准')
    """
    variants = [term]
    table = abbreviations()
    # Longest abbreviations first, so 城乡居保 is not also expanded as a shorter key inside it.
    for key in sorted(table, key=len, reverse=True):
        if key in term:
            for form in table[key]:
                if form not in term:  # 老旧小区改造 already holds the full form of 老旧小区
                    variants.append(term.replace(key, form))
            break
    else:
        # And back: a full form also finds the abbreviation (最低生活保障 finds 低保).
        for form, key in sorted(_full_forms().items(), key=lambda kv: len(kv[0]), reverse=True):
            if form in term:
                variants.extend(term.replace(form, k) for k in key)
                break
    return tuple(dict.fromkeys(variants))


@cache
def _full_forms() -> dict[str, tuple[str, ...]]:
    back: dict[str, list[str]] = {}
    for key, forms in abbreviations().items():
        for form in forms:
            if key not in form:  # 养老保险 → 城乡居民基本养老保险 is not an abbreviation to reverse
                back.setdefault(form, []).append(key)
    return {form: tuple(keys) for form, keys in back.items()}
