"""The public platform in a real browser: axe-core finds no serious or critical accessibility violation, and
the browser reports no Content-Security-Policy violation, on the platform index, an agency's four columns, a
statutory item list, a key-area catalogue and an item page, in the normal, traditional-script and large-text
modes.

The data is created through the registry services (as staff would) before the browser starts: Playwright's
sync API runs an event loop in this thread, where Django refuses database calls.

Set GONGKAI_SCREENSHOTS=/some/dir to also save screenshots of the main pages (desktop 1280 px and phone
390 px; normal, large text, traditional, print).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

IMPACTS = ("serious", "critical")


def build_platform() -> dict:
    """A city department with policies, interpretations, a repealed rule, its system column and a catalogue;
    a county government; and an annual report in the library."""
    from gongkai.web.agencies.services import agency_upsert
    from gongkai.web.library.models import ReportFile, ReportStats
    from gongkai.web.registry import services
    from gongkai.web.registry.models import Item
    from tests.web.agencies.world import make_world
    from tests.web.registry.conftest import publish_item, with_codes

    world = with_codes(make_world())
    policy = publish_item(world, on=date(2026, 11, 10))
    publish_item(world, title="《示例市甲局关于进一步优化营商环境的若干措施》政策解读", genre="interpretation",
                 doc_number="", interprets=policy, on=date(2026, 11, 10))
    old = publish_item(world, title="示例市甲局行政规范性文件管理办法", doc_number="示甲发〔2020〕3号",
                       on=date(2026, 11, 5))
    new = publish_item(world, title="示例市甲局行政规范性文件管理办法（2026年修订）", doc_number="示甲发〔2026〕21号",
                       on=date(2026, 11, 12))
    services.item_set_validity(item=old, actor=world.alice, validity="repealed", on=date(2026, 11, 12),
                               successor=new)
    for i, (code, title) in enumerate([("7", "示例市甲局2026年部门预算"), ("7", "示例市甲局2025年部门决算"),
                                       ("5", "示例市甲局行政许可事项清单（2026年版）"),
                                       ("9", "示例市甲局2026年政府集中采购目录及标准"),
                                       ("14", "示例市甲局2026年度考试录用公务员拟录用人员公示")]):
        publish_item(world, title=title, doc_number="", genre="notice", art20=[code], on=date(2026, 11, 3 + i))
    publish_item(world, title="示例市甲局政府信息公开保密审查制度", doc_number="示甲办〔2026〕5号", genre="other_document",
                 platform_column="system", art20=[], on=date(2026, 11, 6))
    entry = services.catalogue_entry_save(
        agency=world.dept_a, actor=world.alice, area="k19", first_level="最低生活保障", second_level="审核确认",
        content="申请条件、申请材料、办理流程、保障标准、审核确认结果", basis="《社会救助暂行办法》《最低生活保障审核确认办法》",
        responsible="示例市甲局", channels=["政府网站", "公开查阅点", "社区/企事业单位/村公示栏（电子屏）"])
    listed = publish_item(world, title="2026年第四季度最低生活保障对象名单公示", doc_number="", genre="notice",
                          art20=["11"], on=date(2026, 11, 11))
    Item.objects.filter(pk=listed.pk).update(catalogue_entry=entry)
    agency_upsert(code="W-CTY", name="示例县人民政府", level="government", parent=world.region,
                  address="示例县城关镇府前路8号", phone="0999-66100000")
    f = ReportFile.objects.create(sha256="b" * 64, original_name="甲局2024年报.pdf", detected_format="pdf", size=1,
                                  stored_path="x", parser_version="1")
    ReportStats.objects.create(file=f, agency="示例市甲局", year=2024, template="2021", stats={})
    return {"policy": policy.pk, "old": old.pk}


PAGES = [
    ("index", "/gk/"),
    ("agency", "/gk/W-A/"),
    ("guide", "/gk/W-A/guide/"),
    ("system", "/gk/W-A/system/"),
    ("statutory", "/gk/W-A/statutory/"),
    ("statutory-item", "/gk/W-A/statutory/7/"),
    ("annual", "/gk/W-A/annual/"),
    ("catalogue", "/gk/W-A/catalogue/"),
    ("catalogue-area", "/gk/W-A/catalogue/k19/"),
    ("item", "/gk/items/{policy}/"),
    ("item-repealed", "/gk/items/{old}/"),
]
MODES = {"normal": "", "traditional": "script=traditional", "large": "size=large"}


def _url(base: str, path: str, mode: str, ids: dict) -> str:
    path = path.format(**ids)
    query = MODES[mode]
    return f"{base}{path}{'?' + query if query else ''}"


def test_public_platform_pages_have_no_serious_accessibility_violation(live_server, browser_tools):
    from playwright.sync_api import sync_playwright

    ids = build_platform()
    problems: list[str] = []
    shots = os.environ.get("GONGKAI_SCREENSHOTS")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_tools["chromium"], args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            csp_errors: list[str] = []
            page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
            for name, path in PAGES:
                for mode in MODES:
                    url = _url(live_server.url, path, mode, ids)
                    response = page.goto(url)
                    assert response is not None and response.status == 200, (url, response and response.status)
                    # Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) allows it.
                    page.evaluate(browser_tools["axe"])
                    result = page.evaluate("""async () => {
                        const r = await axe.run(document, {resultTypes: ['violations']});
                        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
                    }""")
                    for v in result:
                        if v["impact"] in IMPACTS:
                            problems.append(f"{name} [{mode}] {v['impact']} {v['id']}: {v['help']} at {v['nodes']}")
                    if mode == "traditional":
                        assert page.locator("html").get_attribute("lang") == "zh-Hant"
            assert csp_errors == [], csp_errors
            if shots:
                _screenshots(browser, live_server.url, ids, Path(shots))
        finally:
            browser.close()
    assert problems == [], "\n".join(problems)


def _screenshots(browser, base: str, ids: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    main = ("agency", "statutory", "statutory-item", "catalogue-area", "item", "item-repealed", "guide", "index")
    for device, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        page = browser.new_page(viewport=viewport)
        for name, path in PAGES:
            if name not in main:
                continue
            for mode in MODES:
                page.goto(_url(base, path, mode, ids))
                page.screenshot(path=str(out / f"{name}-{device}-{mode}.png"), full_page=True)
        page.emulate_media(media="print")
        for name in ("item", "statutory-item"):
            page.goto(_url(base, dict(PAGES)[name], "normal", ids))
            page.screenshot(path=str(out / f"{name}-{device}-print.png"), full_page=True)
        page.close()
