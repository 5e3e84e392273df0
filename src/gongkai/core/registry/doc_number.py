"""文号 (document numbers) folded to one key, so 某政发〔2024〕3号, 某政发[2024]3号, 某政发（2024）3号 and the
full-width forms all find the same item.

>>> normalise_doc_number("京政发［２０２４］ 3 号")
'京政发〔2024〕3号'
"""

from __future__ import annotations

import re
import unicodedata

_OPEN = "[(（【［〔"
_CLOSE = "])）】］〕"
_YEAR_BRACKET = re.compile(r"[\[(（【［〔]\s*(\d{4})\s*[\])）】］〕]")


def normalise_doc_number(text: str) -> str:
    value = unicodedata.normalize("NFKC", text or "")  # full-width digits and brackets → ASCII
    value = re.sub(r"\s+", "", value)
    value = _YEAR_BRACKET.sub(r"〔\1〕", value)
    return value.translate(str.maketrans(_OPEN + _CLOSE, "〔" * len(_OPEN) + "〕" * len(_CLOSE)))
