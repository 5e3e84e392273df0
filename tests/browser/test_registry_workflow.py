"""The publishing workflow in a real browser, as agency staff do it: log in, draft an item in the form
(the 公开属性 fields appear only when they apply), have it pass 保密审查, approve and publish it, and read the
索引号 on the item page. Screenshots of the queue, the form and the item page go to /tmp/shots-staff/."""

from __future__ import annotations

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


def _dated_drafts(world, today):
    """Two drafts whose art. 26 due dates are past and near, found on the same calendar the pages use."""
    from datetime import timedelta

    from gongkai.core.registry import timeliness
    from gongkai.web.applications.clock import current_calendar
    from gongkai.web.registry import services

    calendar = current_calendar()

    def formed_with(status: str):
        day = today
        while timeliness.art26_status(day, None, today=today, calendar=calendar).status != status:
            day -= timedelta(days=1)
        return day

    made = []
    for title, status in (("关于调整城区停车收费标准的通知", "overdue"), ("关于开展安全生产大检查的通知", "due_soon")):
        formed = formed_with(status)
        made.append(services.item_create(agency=world.dept_a, actor=world.amy, today=today, fields={
            "title": title, "genre": "notice", "subject": "0302", "written_on": formed, "formed_on": formed,
            "channels": ["portal"], "body_html": "正文。"}))
    return made


def _registry_content(world, today):
    """What the warnings, gazette and catalogue pages show: a policy without an interpretation, an item
    published late, a gazette issue with it, a catalogue line (dates from today: any day works)."""
    from datetime import timedelta

    from gongkai.web.registry import services

    def publish(**fields):
        item = services.item_create(agency=world.dept_a, actor=world.alice, today=today, fields={
            "subject": "0302", "channels": ["portal"], "body_html": "正文。", **fields})
        services.item_review(item=item, actor=world.alice, passed=True, on=today)
        services.item_approve(item=item, actor=world.alice, on=today)
        return services.item_publish(item=item, actor=world.alice, on=today)

    policy = publish(title="示例市甲局关于进一步优化营商环境的若干措施", genre="normative",
                     doc_number=f"示甲发〔{today.year}〕12号", written_on=today, formed_on=today)
    late = publish(title="关于公布第一批历史建筑名录的通知", genre="notice", written_on=today - timedelta(days=90),
                   formed_on=today - timedelta(days=90))
    issue = services.gazette_issue_save(agency=world.dept_a, actor=world.alice, year=today.year, number=1,
                                        published_on=today)
    for item, section in ((policy, "部门文件"), (late, "通知公告")):
        services.gazette_entry_add(issue=issue, item=item, actor=world.alice, section=section)
    services.catalogue_entry_save(agency=world.dept_a, actor=world.alice, area="k01", first_level="政策文件",
                                  second_level="规范性文件", content="文件名称、文号、正文", basis="《中华人民共和国政府信息公开条例》",
                                  responsible="示例市甲局", channels=["政府网站"])
    return policy, late


def test_staff_draft_review_approve_and_publish(page, live_server, shots):
    from tests.web.agencies.world import PASSWORD, make_world
    from tests.web.registry.conftest import with_codes

    world = with_codes(make_world())
    today = timezone.localdate()
    base = live_server.url

    page.goto(f"{base}/work/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/work/registry/new/?agency={world.dept_a.pk}")
    # Progressive enhancement: with 主动公开 chosen the reason, basis and review date are hidden…
    assert page.is_hidden(".field-withholding_reason")
    page.check("input[name=attribute][value=withheld]")
    assert page.is_visible(".field-withholding_reason") and page.is_visible(".field-attribute_review_on")
    page.check("input[name=attribute][value=active]")
    assert page.is_hidden(".field-withholding_reason")
    page.fill("input[name=title]", "示例市甲局关于做好冬季供暖保障工作的通知")
    page.fill("input[name=doc_number]", f"示甲发〔{today.year}〕30号")
    page.fill("input[name=written_on]", today.isoformat())
    page.fill("input[name=formed_on]", today.isoformat())
    page.select_option("select[name=genre]", "notice")
    assert page.is_hidden(".field-validity")  # 有效性 only for 规章 and 规范性文件
    page.select_option("select[name=subject]", "0302")
    page.check("input[name=channels][value=portal]")
    page.check("input[name=art20][value='1']")
    page.fill("textarea[name=body_html]", "为保障群众温暖过冬，现就有关事项通知如下。\n\n一、落实供暖责任。")
    page.screenshot(path=str(shots / "form.png"), full_page=True)
    page.click("form.js-item-form button[type=submit]")
    page.wait_for_load_state()
    assert "草稿已保存" in page.inner_text(".messages")

    def act(action: str, fill=None):
        page.click(f"#act-{action} > summary")
        if fill:
            fill()
        page.click(f"#act-{action} button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".alert.sev-error").count() == 0, page.inner_text("main")

    page.click("#act-review > summary")
    page.screenshot(path=str(shots / "detail-draft.png"), full_page=True)
    page.click("#act-review > summary")
    act("review", lambda: (page.check("#act-review input[value=pass]"),
                           page.fill("#act-review textarea[name=opinion]", "不涉及国家秘密，可以公开")))
    assert "保密审查通过" in page.inner_text(".messages")
    act("approve")
    act("publish")
    expected = f"{world.dept_a.uscc}/{today.year}-00001"
    assert page.inner_text(".index-no") == expected
    assert "已公开发布" in page.inner_text(".messages") and expected in page.inner_text(".messages")
    assert "不涉及国家秘密，可以公开" in page.inner_text("main")  # the 保密审查 record
    page.screenshot(path=str(shots / "detail.png"), full_page=True)

    page.goto(f"{base}/work/registry/?tab=published")
    assert expected in page.inner_text("table.registry-queue")

    # The queue with the art. 26 box: one draft overdue, one due within 5 working days.
    overdue, soon = _dated_drafts(world, today)
    page.goto(f"{base}/work/registry/")
    box = page.inner_text(".due-box")
    assert overdue.title in box and soon.title in box and "已超期" in box and "即将到期" in box
    page.screenshot(path=str(shots / "queue.png"), full_page=True)
    assert page.csp_violations == []


def test_rule_sentences_stay_visible_and_the_other_pages_render(page, live_server, shots):
    """A withheld item without its reason: the form comes back with the sentences beside the fields, which
    the script does not hide. Then the warnings, gazette and catalogue pages, and the queue on a phone."""
    from tests.web.agencies.world import PASSWORD, make_world
    from tests.web.registry.conftest import with_codes

    world = with_codes(make_world())
    today = timezone.localdate()
    base = live_server.url
    page.goto(f"{base}/work/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/work/registry/new/?agency={world.dept_a.pk}")
    page.fill("input[name=title]", "关于某企业经营情况的报告")
    page.select_option("select[name=genre]", "other_document")
    page.select_option("select[name=subject]", "0302")
    page.fill("input[name=written_on]", today.isoformat())
    page.check("input[name=attribute][value=withheld]")
    page.click("form.js-item-form button[type=submit]")
    page.wait_for_load_state()
    reason = page.locator(".field-withholding_reason")
    assert reason.is_visible() and "须说明理由" in reason.inner_text()
    assert "须选择法律依据" in page.inner_text(".field-withholding_basis")
    assert "请填写复核日期" in page.inner_text(".field-attribute_review_on")
    page.screenshot(path=str(shots / "form-errors.png"), full_page=True)

    _registry_content(world, today)
    for name in ("warnings", "gazette", "catalogue"):
        page.goto(f"{base}/work/registry/{name}/?agency={world.dept_a.pk}")
        assert page.locator("h1").count() == 1
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/work/registry/")
    page.screenshot(path=str(shots / "queue-phone.png"), full_page=True)
    assert page.csp_violations == []
