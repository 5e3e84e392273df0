"""The PDF engine keeps fontTools' subsetting chatter out of the logs."""

import logging

import gongkai.corpus as corpus


def test_font_subsetting_does_not_reach_the_root_logger(caplog):
    # A synthetic report's fonts go through WeasyPrint's fontTools subsetting, which lowers fontTools'
    # logger to DEBUG while it runs: `gongkai demo load` printed a thousand lines of it.
    caplog.set_level(logging.DEBUG)
    report = corpus.generate(1, seed=1)[0]
    assert corpus.render(report, "pdf").startswith(b"%PDF")
    assert not [r for r in caplog.records if r.name.startswith("fontTools")]
