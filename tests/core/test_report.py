import pytest

from gongkai.core.errors import NotAReport
from gongkai.core.report import read_report, require_report


def test_a_readable_document_that_is_no_report_is_refused():
    stats = read_report("今天天气很好，我们去公园散步，然后一起吃午饭。".encode(), "note.txt")
    assert any(w.code == "not_a_report" for w in stats.warnings)
    with pytest.raises(NotAReport) as info:
        require_report(stats)
    assert "不像是政府信息公开工作年度报告" in info.value.message or "年度报告" in info.value.message


def test_a_report_passes():
    text = "某县人民政府2018年政府信息公开工作年度报告\n一、概述\n2018年全县主动公开政府信息1200条。全年收到政府信息公开申请5件。"
    stats = require_report(read_report(text.encode(), "r.txt"))
    assert stats.get("/applications/received") == 5
