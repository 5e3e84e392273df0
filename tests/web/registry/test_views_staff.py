"""The registry's staff pages through the test client: drafting with the rules' sentences beside their
fields, the whole workflow by buttons, isolation (another agency's staff, the supervisor, anonymous users)
and roles (what a handler may not do), the queue's tabs and art. 26 box, versions, warnings, the gazette and
the catalogue. Tests run at TEST_NOW (2026-11-25, tests/web/conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.web.registry import services
from gongkai.web.registry.models import CatalogueEntry, GazetteIssue, Item
from tests.web.common.test_csp import inline_problems
from tests.web.registry.conftest import POLICY, publish_item

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 10)


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def form_data(agency=None, **overrides) -> dict:
    data = {"title": "示例市甲局关于做好冬季供暖保障工作的通知", "doc_number": "示甲发〔2026〕30号",
            "written_on": "2026-11-20", "formed_on": "2026-11-20", "subject": "0302", "genre": "notice",
            "art20": ["1"], "platform_column": "statutory", "summary": "", "body_html": "第一段。\n\n第二段。",
            "channels": ["portal"], "attribute": "active", "withholding_reason": "", "withholding_basis": "",
            "attribute_review_on": "", "validity": "", "effective_from": "", "interprets": "",
            "catalogue_entry": ""}
    if agency is not None:
        data["agency"] = agency.pk
    data.update(overrides)
    return data


def draft(world, actor=None, **fields) -> Item:
    return services.item_create(agency=world.dept_a, actor=actor or world.amy, fields={**POLICY, **fields},
                                today=date(2026, 11, 25))


def test_anonymous_users_are_sent_to_login(world):
    item = draft(world)
    anonymous = Client()
    for url in (reverse("registry_work:queue"), reverse("registry_work:new"),
                reverse("registry_work:detail", args=[item.pk]), reverse("registry_work:warnings"),
                reverse("registry_work:gazette"), reverse("registry_work:catalogue")):
        r = anonymous.get(url)
        assert r.status_code == 302 and r["Location"].startswith(reverse("work:login")), url
    r = anonymous.post(reverse("registry_work:act", args=[item.pk, "review"]), {"conclusion": "pass"})
    assert r.status_code == 302 and Item.objects.get(pk=item.pk).state == "draft"


def test_the_whole_workflow_by_the_pages(world):
    alice = client_for(world.alice)
    r = alice.post(reverse("registry_work:new"), form_data(world.dept_a))
    assert r.status_code == 302, r.content.decode()[:3000]
    item = Item.objects.get(title__startswith="示例市甲局关于做好冬季供暖")
    assert item.body_html == "<p>第一段。</p><p>第二段。</p>" and item.created_by == world.alice
    detail = reverse("registry_work:detail", args=[item.pk])
    page = alice.get(detail).content.decode()
    assert "保密审查" in page and inline_problems(page) == []
    steps = [("review", {"conclusion": "pass", "opinion": "不涉密", "referred_to": "", "on": "2026-11-24"}),
             ("approve", {"on": "2026-11-24"}), ("publish", {"on": "2026-11-25"})]
    for action, data in steps:
        r = alice.post(reverse("registry_work:act", args=[item.pk, action]), data)
        assert r.status_code == 302, (action, r.content.decode()[:2000])
    item.refresh_from_db()
    assert item.state == "published" and item.index_no == f"{world.dept_a.uscc}/2026-00001"
    page = alice.get(detail).content.decode()
    assert item.index_no in page and "公开发布" in page and "保密审查通过" in page  # the audit trail, in Chinese
    assert alice.get(reverse("registry_work:version", args=[item.pk, 1])).status_code == 200


def test_rule_sentences_appear_beside_their_fields(world):
    alice = client_for(world.alice)
    r = alice.post(reverse("registry_work:new"), form_data(
        world.dept_a, title="", attribute="withheld", formed_on="2026-12-30", genre="normative"))
    assert r.status_code == 400
    page = r.content.decode()
    assert "请填写标题。" in page
    assert "公开属性为“不予公开”的，须说明理由" in page and "请填写复核日期" in page
    assert "形成或者变更日期不能晚于今天" in page
    assert "行政规范性文件须标明有效性" not in page or "field-validity" in page
    assert Item.objects.count() == 0
    # Each sentence sits in its own field's block.
    block = page.split('field-title', 1)[1].split('<div class="field', 1)[0]
    assert "请填写标题。" in block


def test_withholding_fields_are_kept_and_the_item_filed(world):
    alice = client_for(world.alice)
    r = alice.post(reverse("registry_work:new"), form_data(
        world.dept_a, attribute="withheld", withholding_reason="涉及第三方商业秘密",
        withholding_basis="art15_third_party", attribute_review_on="2027-06-30"))
    assert r.status_code == 302
    item = Item.objects.get()
    assert item.attribute == "withheld" and item.attribute_review_on == date(2027, 6, 30)
    act = lambda action, **data: alice.post(reverse("registry_work:act", args=[item.pk, action]),  # noqa: E731
                                            {"on": "2026-11-25", **data})
    assert act("review", conclusion="pass").status_code == 302
    page = alice.get(reverse("registry_work:detail", args=[item.pk])).content.decode()
    assert "act-file" in page and "act-publish" not in page
    assert act("file").status_code == 302
    assert Item.objects.get().state == "filed"


def test_staff_of_another_agency_get_404_everywhere(world):
    item = publish_item(world)
    open_draft = draft(world)
    bob = client_for(world.bob)
    urls = [reverse("registry_work:detail", args=[item.pk]), reverse("registry_work:edit", args=[open_draft.pk]),
            reverse("registry_work:version", args=[item.pk, 1]),
            reverse("registry_work:new") + f"?agency={world.dept_a.pk}",
            reverse("registry_work:warnings") + f"?agency={world.dept_a.pk}",
            reverse("registry_work:gazette") + f"?agency={world.dept_a.pk}",
            reverse("registry_work:catalogue") + f"?agency={world.dept_a.pk}",
            reverse("registry_work:queue") + f"?agency={world.dept_a.pk}"]
    for url in urls:
        assert bob.get(url).status_code == 404, url
    for action in ("review", "approve", "withdraw", "publish", "no-such-action"):
        r = bob.post(reverse("registry_work:act", args=[open_draft.pk, action]), {"conclusion": "pass"})
        assert r.status_code == 404, action
    assert bob.post(reverse("registry_work:edit", args=[open_draft.pk]), form_data()).status_code == 404
    assert bob.post(reverse("registry_work:attachment_upload", args=[open_draft.pk])).status_code == 404
    assert bob.post(reverse("registry_work:new"), form_data(world.dept_a)).status_code == 404
    issue = services.gazette_issue_save(agency=world.dept_a, actor=world.alice, year=2026, number=1,
                                        published_on=ON)
    entry = services.catalogue_entry_save(agency=world.dept_a, actor=world.alice, area="k01", first_level="事项",
                                          content="内容", basis="依据", responsible="甲局")
    for url in (reverse("registry_work:gazette_issue", args=[issue.pk]),
                reverse("registry_work:catalogue_edit", args=[entry.pk])):
        assert bob.get(url).status_code == 404, url
    assert bob.post(reverse("registry_work:gazette_publish", args=[issue.pk])).status_code == 404
    # B's own queue does not list A's items.
    page = bob.get(reverse("registry_work:queue")).content.decode()
    assert item.title not in page and open_draft.title not in page
    assert Item.objects.get(pk=open_draft.pk).state == "draft"


def test_the_supervisor_and_a_superuser_see_no_drafts(world):
    item = draft(world)
    for user in (world.sue, world.root):
        c = client_for(user)
        page = c.get(reverse("registry_work:queue")).content.decode()
        assert item.title not in page and "没有任何机关的工作人员角色" in page
        assert c.get(reverse("registry_work:detail", args=[item.pk])).status_code == 404
        assert c.get(reverse("registry_work:new")).status_code == 404


def test_a_handler_cannot_pass_review_or_approve(world):
    item = draft(world)
    amy = client_for(world.amy)
    page = amy.get(reverse("registry_work:detail", args=[item.pk])).content.decode()
    assert "act-review" not in page and "修改草稿" in page  # a handler edits, a reviewer reviews
    r = amy.post(reverse("registry_work:act", args=[item.pk, "review"]), {"conclusion": "pass", "on": "2026-11-25"})
    assert r.status_code == 400 and "只有本机关的审核人可以进行该操作" in r.content.decode()
    services.item_review(item=item, actor=world.alice, passed=True, on=ON)
    r = amy.post(reverse("registry_work:act", args=[item.pk, "approve"]), {"on": "2026-11-25"})
    assert r.status_code == 400 and "公开工作机构负责人" in r.content.decode()
    assert Item.objects.get(pk=item.pk).state == "reviewed"


def test_a_failed_review_needs_an_opinion_and_returns_the_draft(world):
    item = draft(world)
    alice = client_for(world.alice)
    url = reverse("registry_work:act", args=[item.pk, "review"])
    r = alice.post(url, {"conclusion": "fail", "opinion": "", "on": "2026-11-25"})
    assert r.status_code == 400 and "审查未通过的，请填写审查意见。" in r.content.decode()
    r = alice.post(url, {"conclusion": "fail", "opinion": "含个人信息", "referred_to": "市保密局", "on": "2026-11-25"})
    assert r.status_code == 302
    queue = alice.get(reverse("registry_work:queue") + "?tab=draft").content.decode()
    assert "已退回" in queue and item.title in queue
    to_review = alice.get(reverse("registry_work:queue") + "?tab=to_review").content.decode()
    assert "没有符合条件的信息" in to_review
    page = alice.get(reverse("registry_work:detail", args=[item.pk])).content.decode()
    assert "市保密局" in page and "未通过，不得公开" in page


def test_queue_tabs_filters_and_the_art26_box(world):
    # Today 2026-11-25. Formed 2026-10-20: due 2026-11-17, overdue. Formed 2026-10-30: due in ≤ 5 working days.
    overdue = draft(world, title="已超期的通知", genre="notice", written_on=date(2026, 10, 20),
                    formed_on=date(2026, 10, 20))
    soon = draft(world, title="即将到期的通知", genre="notice", written_on=date(2026, 10, 30),
                 formed_on=date(2026, 10, 30))
    fresh = draft(world, title="刚形成的通知", genre="notice", doc_number="", written_on=date(2026, 11, 24),
                  formed_on=date(2026, 11, 24))
    late = publish_item(world, title="超期公开的文件", written_on=date(2026, 9, 1), formed_on=date(2026, 9, 1),
                        on=date(2026, 11, 10))
    assert late.published_late
    alice = client_for(world.alice)
    page = alice.get(reverse("registry_work:queue")).content.decode()
    box = page.split('class="card due-box"', 1)[1].split("</section>", 1)[0]
    assert overdue.title in box and soon.title in box and fresh.title not in box
    assert "已超期" in box and "即将到期" in box
    assert "超期公开" in page and inline_problems(page) == []
    published = alice.get(reverse("registry_work:queue") + "?tab=published").content.decode()
    assert late.title in published and fresh.title not in published and late.index_no in published
    by_genre = alice.get(reverse("registry_work:queue") + "?genre=normative").content.decode()
    assert late.title in by_genre and fresh.title not in by_genre
    by_text = alice.get(reverse("registry_work:queue") + "?q=" + "示甲发[2026]12号").content.decode()
    assert late.title in by_text and fresh.title not in by_text  # 文号 folded: [] finds 〔〕
    by_year = alice.get(reverse("registry_work:queue") + "?year=2025").content.decode()
    assert late.title not in by_year


def _png() -> bytes:
    """A valid one-pixel PNG (chunk CRCs right: attachments are scrubbed, and a damaged image is refused)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff"))
            + chunk(b"IEND", b""))


def test_attachment_errors_are_in_chinese_and_good_files_are_kept(world):
    item = draft(world)
    alice = client_for(world.alice)
    url = reverse("registry_work:attachment_upload", args=[item.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("通知.pdf", b"<html><body>not a pdf</body></html>", content_type="application/pdf")
    r = alice.post(url, {"file": bad})
    assert r.status_code == 400 and "附件“通知.pdf”" in r.content.decode()
    png = _png()
    r = alice.post(url, {"file": SimpleUploadedFile("示意图.png", png, content_type="image/png")})
    assert r.status_code == 302
    attachment = item.attachments.get()
    download = alice.get(reverse("registry_work:attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == png
    assert client_for(world.bob).get(reverse("registry_work:attachment", args=[attachment.pk])).status_code == 404


def test_a_correction_makes_a_second_viewable_version(world):
    item = publish_item(world)
    alice = client_for(world.alice)
    act = lambda action, data: alice.post(reverse("registry_work:act", args=[item.pk, action]), data)  # noqa: E731
    data = {"title": "示例市甲局关于进一步优化营商环境的若干措施（修订）", "doc_number": item.doc_number,
            "written_on": "2026-11-02", "subject": item.subject, "summary": "", "body_html": item.body_html,
            "effective_from": "", "reason": "标题漏写“修订”"}
    assert act("correct_propose", data).status_code == 302
    correction = item.corrections.get()
    assert correction.changes == {"title": data["title"]}
    assert act("correct_review", {"correction": correction.pk, "conclusion": "pass", "on": "2026-11-25"}
               ).status_code == 302
    assert act("correct_apply", {"correction": correction.pk, "on": "2026-11-25"}).status_code == 302
    first = alice.get(reverse("registry_work:version", args=[item.pk, 1])).content.decode()
    second = alice.get(reverse("registry_work:version", args=[item.pk, 2])).content.decode()
    assert "若干措施（修订）" not in first.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "若干措施（修订）" in second and "标题漏写" in second
    assert alice.get(reverse("registry_work:version", args=[item.pk, 3])).status_code == 404


def test_validity_change_and_withdrawal_by_the_office_head(world):
    old = publish_item(world)
    new = publish_item(world, title="新的措施", doc_number="示甲发〔2026〕20号")
    alice = client_for(world.alice)
    r = alice.post(reverse("registry_work:act", args=[old.pk, "set_validity"]),
                   {"validity": "amended", "successor": "", "on": "2026-11-25"})
    assert r.status_code == 400 and "须关联修改后的文件" in r.content.decode()
    r = alice.post(reverse("registry_work:act", args=[old.pk, "set_validity"]),
                   {"validity": "amended", "successor": new.pk, "on": "2026-11-25"})
    assert r.status_code == 302
    old.refresh_from_db()
    assert old.validity == "amended" and old.successor == new
    amy = client_for(world.amy)
    r = amy.post(reverse("registry_work:act", args=[new.pk, "withdraw"]), {"reason": "错发", "on": "2026-11-25"})
    assert r.status_code == 400 and Item.objects.get(pk=new.pk).state == "published"
    r = alice.post(reverse("registry_work:act", args=[new.pk, "withdraw"]), {"reason": "", "on": "2026-11-25"})
    assert r.status_code == 400 and "请填写撤回原因。" in r.content.decode()
    r = alice.post(reverse("registry_work:act", args=[new.pk, "withdraw"]), {"reason": "错发", "on": "2026-11-25"})
    assert r.status_code == 302 and Item.objects.get(pk=new.pk).state == "withdrawn"


def test_warnings_page_lists_missing_interpretations_late_items_and_overdue_reviews(world, settings):
    policy = publish_item(world, title="需要解读的规范性文件", on=date(2026, 11, 10))
    late_policy = publish_item(world, title="解读晚了的规范性文件", doc_number="示甲发〔2026〕13号",
                               written_on=date(2026, 10, 30), formed_on=date(2026, 10, 30), on=date(2026, 11, 2))
    publish_item(world, title="关于解读晚了的规范性文件的解读", genre="interpretation", doc_number="", validity="",
                 interprets=late_policy, on=date(2026, 11, 10))
    late = publish_item(world, title="超期公开的文件", doc_number="", genre="notice", written_on=date(2026, 9, 1),
                        formed_on=date(2026, 9, 1), on=date(2026, 11, 10), validity="")
    alice = client_for(world.alice)
    page = alice.get(reverse("registry_work:warnings")).content.decode()
    assert policy.title in page and "尚未关联政策解读" in page
    assert "解读晚了的规范性文件" in page and "晚于文件" in page
    assert late.title in page and inline_problems(page) == []
    settings.GONGKAI_INTERPRETATION_MAX_LAG_WORKDAYS = 10
    page = alice.get(reverse("registry_work:warnings")).content.decode()
    assert "晚于文件" not in page and "文件发布后10个工作日内" in page
    detail = alice.get(reverse("registry_work:detail", args=[policy.pk])).content.decode()
    assert "尚未关联政策解读" in detail


def test_an_interpretation_is_linked_through_the_form(world):
    policy = publish_item(world)
    alice = client_for(world.alice)
    page = alice.get(reverse("registry_work:new")).content.decode()
    assert policy.title in page  # offered in the policy select
    r = alice.post(reverse("registry_work:new"), form_data(world.dept_a, title="解读", genre="interpretation",
                                                           interprets=str(policy.pk)))
    assert r.status_code == 302
    assert Item.objects.get(title="解读").interprets == policy


def test_gazette_issue_entries_and_publication(world):
    item = publish_item(world)
    alice = client_for(world.alice)
    r = alice.post(reverse("registry_work:gazette"), {"agency": world.dept_a.pk, "year": 2026, "number": 11,
                                                      "total_number": "", "published_on": "2026-11-25"})
    assert r.status_code == 302
    issue = GazetteIssue.objects.get()
    r = alice.post(reverse("registry_work:gazette_publish", args=[issue.pk]))
    assert r.status_code == 400 and "还没有目录条目" in r.content.decode()
    r = alice.post(reverse("registry_work:gazette_entry_add", args=[issue.pk]), {"item": item.pk, "section": "部门文件"})
    assert r.status_code == 302
    assert alice.post(reverse("registry_work:gazette_publish", args=[issue.pk])).status_code == 302
    issue.refresh_from_db()
    assert issue.published and "gazette" in Item.objects.get(pk=item.pk).channels
    page = alice.get(reverse("registry_work:gazette_issue", args=[issue.pk])).content.decode()
    assert item.index_no in page and "部门文件" in page and inline_problems(page) == []


def test_catalogue_entries_are_created_and_edited(world):
    alice = client_for(world.alice)
    data = {"agency": world.dept_a.pk, "area": "k01", "first_level": "", "second_level": "", "content": "c",
            "basis": "b", "time_limit": "信息形成或者变更之日起20个工作日内", "responsible": "甲局",
            "channels": ["政府网站"], "audience": "全社会", "method": "主动", "level": "县级"}
    r = alice.post(reverse("registry_work:catalogue_new"), data)
    assert r.status_code == 400 and "请填写一级事项。" in r.content.decode()
    assert alice.post(reverse("registry_work:catalogue_new"), {**data, "first_level": "政策文件"}).status_code == 302
    entry = CatalogueEntry.objects.get()
    r = alice.post(reverse("registry_work:catalogue_edit", args=[entry.pk]), {**data, "first_level": "政策解读"})
    assert r.status_code == 302 and CatalogueEntry.objects.get().first_level == "政策解读"
    page = alice.get(reverse("registry_work:catalogue")).content.decode()
    assert "政策解读" in page and inline_problems(page) == []
    # The draft form offers the agency's entries.
    assert "政策解读" in alice.get(reverse("registry_work:new")).content.decode()


def test_art21_items_follow_the_agencys_tier(world):
    from gongkai.web.agencies.models import Agency

    alice = client_for(world.alice)
    assert "第二十一条" not in alice.get(reverse("registry_work:new")).content.decode()
    Agency.objects.filter(pk=world.gov.pk).update(tier="county")  # A's government is a county's
    page = alice.get(reverse("registry_work:new")).content.decode()
    assert "（第二十一条）" in page


def test_a_reviewer_reviews_but_neither_drafts_nor_publishes(world):
    from gongkai.web.agencies.services import membership_grant
    from tests.web.agencies.world import make_user

    rita = make_user("rita")
    membership_grant(user=rita, agency=world.dept_a, role="reviewer")
    c = client_for(rita)
    r = c.post(reverse("registry_work:new"), form_data(world.dept_a))
    assert r.status_code == 400 and "只有本机关的承办人可以进行该操作" in r.content.decode()
    item = draft(world)
    page = c.get(reverse("registry_work:detail", args=[item.pk])).content.decode()
    assert "act-review" in page and "修改草稿" not in page
    assert c.post(reverse("registry_work:act", args=[item.pk, "review"]),
                  {"conclusion": "pass", "on": "2026-11-25"}).status_code == 302
    services.item_approve(item=item, actor=world.alice, on=date(2026, 11, 25))
    r = c.post(reverse("registry_work:act", args=[item.pk, "publish"]), {"on": "2026-11-25"})
    assert r.status_code == 400 and Item.objects.get(pk=item.pk).state == "approved"
