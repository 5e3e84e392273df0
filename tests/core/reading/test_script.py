"""OpenCC converters: created once, in one module."""

from __future__ import annotations

from pathlib import Path

import gongkai
from gongkai.core.reading.script import converter, to_simplified, to_traditional


def test_converters_are_created_once_per_configuration():
    assert converter("t2s") is converter("t2s")
    assert converter("s2t") is converter("s2t")
    assert converter("t2s") is not converter("s2t")


def test_conversion_both_ways():
    assert to_simplified("寶雞市人民政府") == "宝鸡市人民政府"
    assert to_traditional("宝鸡市人民政府") == "寶雞市人民政府"


def test_no_other_module_creates_an_opencc_converter():
    src = Path(gongkai.__file__).parent
    creators = [
        str(p.relative_to(src)) for p in src.rglob("*.py") if "OpenCC(" in p.read_text("utf-8")
    ]
    assert creators == ["core/reading/script.py"]
