"""The registry's services: the workflow with its 保密审查 gate, 索引号 serials, versions, withdrawal, validity,
the 公开属性 rules and the audit chain."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.errors import GongkaiError, InvalidTransition
from gongkai.core.registry import index_no
from gongkai.core.registry.rules import InvalidItem
from gongkai.web.registry import services
from gongkai.web.registry.models import Item, ItemEvent, ItemVersion
from tests.web.registry.conftest import POLICY, publish_item

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 10)


def test_publishing_assigns_consecutive_serials_per_agency_and_year(world):
    first = publish_item(world)
    second = publish_item(world, title="第二件")
    other = publish_item(world, agency=world.dept_b, title="乙局的第一件")
    assert first.index_no == f"{world.dept_a.uscc}/2026-00001"
    assert second.index_no == f"{world.dept_a.uscc}/2026-00002"
    assert other.index_no.endswith("/2026-00001") and other.index_no.startswith(world.dept_b.org_code.replace("-", ""))
    next_year = publish_item(world, on=date(2027, 1, 5), title="次年", written_on=date(2027, 1, 4),
                             formed_on=date(2027, 1, 4))
    assert next_year.index_no.endswith("/2027-00001")
    assert index_no.parse(first.index_no).serial == 1


def test_serials_without_returning_and_when_exhausted(world, monkeypatch):
    """The counter's one-statement increment has a two-statement form for SQLite before 3.35 (no RETURNING);
    both continue the same counter, and the 99,999th serial is the last (the refusal rolls back)."""
    from gongkai.web.registry.models import SerialCounter

    assert publish_item(world).index_no.endswith("/2026-00001")
    monkeypatch.setattr(services, "_has_returning", lambda: False)
    assert publish_item(world, title="第二件").index_no.endswith("/2026-00002")
    assert publish_item(world, agency=world.dept_b, title="乙局").index_no.endswith("/2026-00001")
    monkeypatch.undo()
    SerialCounter.objects.filter(agency=world.dept_a, year=2026).update(value=index_no.MAX_SERIAL)
    with pytest.raises(services.RegistryRefused):
        publish_item(world, title="第十万件")
    assert SerialCounter.objects.get(agency=world.dept_a, year=2026).value == index_no.MAX_SERIAL


def test_index_entry_carries_the_agency_path(world):
    from gongkai.web.registry import search_sync
    from gongkai.web.search.models import SearchEntry

    item = publish_item(world)
    path, node = [], world.dept_a
    while node is not None:
        path.insert(0, node.pk)
        node = node.parent
    assert search_sync._agency_path(world.dept_a) == tuple(path) and len(path) > 1
    assert SearchEntry.objects.get(item_id=item.pk).agency_path == "/" + "".join(f"{a}/" for a in path)


def test_publishing_without_a_passed_review_is_refused(world):
    item = services.item_create(agency=world.dept_a, actor=world.amy, fields=POLICY, today=ON)
    with pytest.raises(InvalidTransition):
        services.item_publish(item=item, actor=world.amy, on=ON)
    services.item_review(item=item, actor=world.alice, passed=False, opinion="涉及尚未公开的内部讨论", on=ON)
    item.refresh_from_db()
    assert item.state == "draft" and item.index_no is None
    with pytest.raises(InvalidTransition):
        services.item_approve(item=item, actor=world.alice, on=ON)


def test_only_the_right_roles_act(world):
    item = services.item_create(agency=world.dept_a, actor=world.amy, fields=POLICY, today=ON)
    with pytest.raises(GongkaiError) as refused:
        services.item_review(item=item, actor=world.amy, passed=True, on=ON)  # amy is a handler only
    assert "审核人" in refused.value.message
    with pytest.raises(GongkaiError):
        services.item_create(agency=world.dept_a, actor=world.bob, fields=POLICY, today=ON)  # bob is in B


def test_editing_a_reviewed_item_sends_it_back_to_review(world):
    item = services.item_create(agency=world.dept_a, actor=world.amy, fields=POLICY, today=ON)
    services.item_review(item=item, actor=world.alice, passed=True, on=ON)
    services.item_update(item=item, actor=world.amy, fields={"title": "改过的标题"}, today=ON)
    item.refresh_from_db()
    assert item.state == "draft" and item.title == "改过的标题"


def test_not_proactive_needs_reason_basis_and_review_date(world):
    fields = {**POLICY, "attribute": "withheld"}
    with pytest.raises(InvalidItem) as bad:
        services.item_create(agency=world.dept_a, actor=world.amy, fields=fields, today=ON)
    assert set(bad.value.problems) >= {"withholding_reason", "withholding_basis", "attribute_review_on"}
    item = services.item_create(agency=world.dept_a, actor=world.amy, today=ON, fields={
        **fields, "withholding_reason": "涉及第三方商业秘密", "withholding_basis": "art15_third_party",
        "attribute_review_on": date(2027, 11, 1)})
    services.item_review(item=item, actor=world.alice, passed=True, on=ON)
    services.item_approve(item=item, actor=world.alice, on=ON)
    with pytest.raises(InvalidItem):
        services.item_publish(item=item, actor=world.alice, on=ON)
    services.item_file(item=item, actor=world.alice, on=ON)
    item.refresh_from_db()
    assert item.state == "filed" and item.index_no is None


def test_dates_in_the_future_or_out_of_order_are_refused(world):
    with pytest.raises(InvalidItem) as bad:
        services.item_create(agency=world.dept_a, actor=world.amy, today=ON,
                             fields={**POLICY, "written_on": date(2026, 12, 1)})
    assert "written_on" in bad.value.problems
    with pytest.raises(InvalidItem) as bad:
        services.item_create(agency=world.dept_a, actor=world.amy, today=ON,
                             fields={**POLICY, "written_on": date(2026, 11, 5), "formed_on": date(2026, 11, 1)})
    assert "formed_on" in bad.value.problems


def test_unsafe_html_is_sanitised(world):
    item = publish_item(world, body_html='<p onclick="x()">正文<script>alert(1)</script>'
                                         '<a href="javascript:alert(1)">链接</a><img src=x onerror=alert(1)></p>')
    assert "script" not in item.body_html and "onclick" not in item.body_html
    assert "javascript:" not in item.body_html and "onerror" not in item.body_html
    assert "正文" in item.body_text and "alert" not in item.body_text


def test_art26_late_publication_is_flagged(world):
    on_time = publish_item(world, formed_on=date(2026, 11, 3), on=date(2026, 11, 10))
    late = publish_item(world, title="迟到的文件", written_on=date(2026, 9, 1), formed_on=date(2026, 9, 1),
                        on=date(2026, 11, 10))
    assert not on_time.published_late and late.published_late
    event = late.events.get(action="publish")
    assert event.data["art26"]["status"] == "late"


def test_corrections_make_versions_only_after_review(world):
    item = publish_item(world)
    correction = services.correction_propose(item=item, actor=world.amy, changes={"title": "更正后的标题"},
                                             reason="标题错字", today=ON)
    with pytest.raises(GongkaiError):
        services.correction_apply(correction=correction, actor=world.amy, on=ON)
    services.correction_review(correction=correction, actor=world.alice, passed=True, on=ON)
    version = services.correction_apply(correction=correction, actor=world.amy, on=date(2026, 11, 11))
    item.refresh_from_db()
    assert version.number == 2 and item.version == 2 and item.title == "更正后的标题"
    titles = list(ItemVersion.objects.filter(item=item).order_by("number").values_list("snapshot__title", flat=True))
    assert titles == [POLICY["title"], "更正后的标题"]
    assert item.index_no.endswith("-00001")  # the 索引号 stays
    with pytest.raises(InvalidItem):
        services.correction_propose(item=item, actor=world.amy, changes={"genre": "notice"}, reason="x", today=ON)


def test_withdrawal_keeps_the_number(world):
    item = publish_item(world)
    services.item_withdraw(item=item, actor=world.alice, reason="内容有误，待更正后重新发布", on=date(2026, 11, 12))
    item.refresh_from_db()
    assert item.state == "withdrawn" and item.withdrawn_reason
    again = publish_item(world, title="重新发布")
    assert again.index_no.endswith("-00002")


def test_validity_changes_and_successor(world):
    old = publish_item(world)
    new = publish_item(world, title="修订后的措施", doc_number="示甲发〔2026〕20号")
    with pytest.raises(InvalidItem):
        services.item_set_validity(item=old, actor=world.amy, validity="amended", on=date(2026, 11, 12))
    services.item_set_validity(item=old, actor=world.amy, validity="amended", successor=new, on=date(2026, 11, 12))
    services.item_set_validity(item=old, actor=world.amy, validity="repealed", on=date(2026, 11, 13))
    old.refresh_from_db()
    assert old.validity == "repealed" and old.successor_id == new.pk
    with pytest.raises(InvalidItem):
        services.item_set_validity(item=old, actor=world.amy, validity="valid", on=date(2026, 11, 14))
    news = publish_item(world, title="工作动态", genre="news", doc_number="", written_on=None)
    with pytest.raises(InvalidItem):
        services.item_set_validity(item=news, actor=world.amy, validity="expired", on=date(2026, 11, 12))


def test_interpretation_links_a_published_policy(world):
    policy = publish_item(world)
    interp = publish_item(world, title="《关于进一步优化营商环境的若干措施》政策解读", genre="interpretation",
                          doc_number="", interprets=policy)
    assert interp.interprets_id == policy.pk and list(policy.interpretations.all()) == [interp]
    with pytest.raises(InvalidItem):
        services.item_create(agency=world.dept_a, actor=world.amy, today=ON,
                             fields={**POLICY, "interprets": policy})  # a policy cannot interpret


def test_agency_without_code_cannot_publish(world):
    from gongkai.web.agencies.models import Agency

    Agency.objects.filter(pk=world.dept_a.pk).update(uscc="", org_code="")
    world.dept_a.refresh_from_db()
    with pytest.raises(GongkaiError) as refused:
        publish_item(world)
    assert "统一社会信用代码" in refused.value.message
    assert not Item.objects.filter(index_no__isnull=False).exists()


def test_import_keeps_given_numbers_and_continues_after_them(world):
    code = world.dept_a.uscc
    old = {**POLICY, "written_on": date(2025, 2, 20), "formed_on": date(2025, 2, 20)}
    imported = services.item_import(agency=world.dept_a, fields=old, published_on=date(2025, 3, 1),
                                    index_no=f"{code}/2025-00041", today=ON)
    assert imported.state == "published" and imported.index_no == f"{code}/2025-00041"
    with pytest.raises(InvalidItem):
        services.item_import(agency=world.dept_a, fields=old, published_on=date(2025, 3, 1),
                             index_no=f"{code}/2025-00041", today=ON)
    after = services.item_import(agency=world.dept_a, fields=old, published_on=date(2025, 4, 1), today=ON)
    assert after.index_no == f"{code}/2025-00042"


def test_every_step_is_audited_in_a_chain(world):
    from gongkai.core import audit_chain

    item = publish_item(world)
    services.item_withdraw(item=item, actor=world.alice, reason="错发", on=date(2026, 11, 12))
    actions = list(item.events.values_list("action", flat=True))
    assert actions == ["create", "review_pass", "approve", "publish", "withdraw"]
    links = [audit_chain.Link(e.pk, e.chain_fields(), e.prev_hash, e.hash) for e in ItemEvent.objects.order_by("id")]
    count, broken = audit_chain.verify(iter(links))
    assert broken is None and count == 5
