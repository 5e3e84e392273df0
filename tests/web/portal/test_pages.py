"""The public platform: the four columns of 61号 per agency, item pages with their metadata block, withdrawn
items (410), versions, attachments, traditional script and large text, feeds and the sitemap."""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from gongkai.web.registry import services
from tests.web.registry.conftest import POLICY, publish_item

pytestmark = pytest.mark.django_db


def get(url: str, client: Client | None = None, status: int = 200, **extra):
    r = (client or Client()).get(url, **extra)
    assert r.status_code == status, (url, r.status_code)
    return r


def text_of(response) -> str:
    return lxml.html.document_fromstring(response.content.decode()).text_content()


def test_agency_platform_has_the_four_standard_columns(world):
    publish_item(world)
    page = get(reverse("portal:agency", args=["W-A"]))
    nav = lxml.html.document_fromstring(page.content.decode()).xpath("//nav[contains(@class, 'platform-nav')]//a")
    assert [a.text_content() for a in nav] == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容",
                                                "政府信息公开年报"]
    assert "示例市甲局关于进一步优化营商环境的若干措施" in text_of(page)
    for name in ("guide", "system", "statutory", "annual"):
        get(reverse(f"portal:{name}", args=["W-A"]))
    get(reverse("portal:agency", args=["NOPE"]), status=404)
    get(reverse("portal:agency", args=["W"]), status=404)  # a region is not an organ with a platform


def test_index_lists_agencies_with_links(world):
    page = text_of(get(reverse("portal:index")))
    assert "示例市甲局" in page and "示例市乙局" in page


def test_statutory_item_lists_only_its_published_items_newest_first(world):
    older = publish_item(world, title="甲局2025年度财政预算公开", art20=["7"], on=date(2026, 11, 4))
    newer = publish_item(world, title="甲局2026年度财政预算调整", art20=["7"], on=date(2026, 11, 12))
    publish_item(world, title="甲局行政许可事项清单", art20=["5"])
    draft = services.item_create(agency=world.dept_a, actor=world.alice,
                                 fields={**dict(title="未公开的预算草稿", subject="0302", genre="other_document",
                                                art20=["7"]), "body_html": "x"}, today=date(2026, 11, 20))
    page = get(reverse("portal:statutory_item", args=["W-A", "7"])).content.decode()
    assert page.index(newer.title) < page.index(older.title)
    assert "行政许可事项清单" not in page and draft.title not in page
    statutory = get(reverse("portal:statutory", args=["W-A"])).content.decode()
    assert reverse("portal:statutory_item", args=["W-A", "7"]) in statutory and newer.title in statutory
    # "1" must not match "11" or "14" (the SQLite text match keeps the quotes)
    eleven = publish_item(world, title="甲局就业补贴政策", art20=["11"])
    assert eleven.title not in get(reverse("portal:statutory_item", args=["W-A", "1"])).content.decode()
    assert eleven.title in get(reverse("portal:statutory_item", args=["W-A", "11"])).content.decode()
    # a department of a city government (示例市人民政府) has art. 21's city/county items, not the township's
    get(reverse("portal:statutory_item", args=["W-A", "c1"]))
    get(reverse("portal:statutory_item", args=["W-A", "t1"]), status=404)


def test_item_page_metadata_block_and_apply_link(world):
    item = publish_item(world)
    page = get(reverse("portal:item", args=[item.pk]))
    doc = lxml.html.document_fromstring(page.content.decode())
    meta = {th.text_content(): th.getnext().text_content().strip() for th in doc.xpath("//table[contains(@class, 'meta-block')]//th")}
    assert meta["索引号"] == item.index_no
    assert meta["文号"] == "示甲发〔2026〕12号"
    assert meta["成文日期"] == "2026-11-02" and meta["发布日期"] == "2026-11-10"
    assert meta["发布机构"] == "示例市甲局" and meta["有效性"] == "有效"
    apply = doc.xpath("//*[contains(@class, 'apply-hint')]//a")[0]
    assert apply.get("href") == reverse("public:apply_form", args=["W-A"])
    assert "申请政府信息公开" in apply.text_content()
    # the 索引号 leads to the same page
    r = get(reverse("portal:item_by_index", args=[item.index_no]), status=302)
    assert r["Location"] == reverse("portal:item", args=[item.pk])


def test_unpublished_item_is_not_found_and_withdrawn_item_says_why(world):
    draft = services.item_create(agency=world.dept_a, actor=world.alice,
                                 fields=dict(title="草稿", subject="0302", genre="other_document", body_html="x"),
                                 today=date(2026, 11, 20))
    get(reverse("portal:item", args=[draft.pk]), status=404)
    item = publish_item(world)
    services.item_withdraw(item=item, actor=world.alice, reason="发现内容有误，撤回核实", on=date(2026, 11, 20))
    r = get(reverse("portal:item", args=[item.pk]), status=410)
    text = text_of(r)
    assert "已撤回" in text and "2026年11月20日" in text and "发现内容有误，撤回核实" in text
    assert "压减审批时限" not in text  # no content
    assert item.title not in text_of(get(reverse("portal:statutory", args=["W-A"])))


def test_hostile_body_stored_through_the_service_cannot_inject_script(world):
    hostile = ('<p>正文</p><script>alert(1)</script><img src="x" onerror="alert(2)">'
               '<a href="javascript:alert(3)">链接</a><p style="display:none">隐藏</p>'
               '<iframe src="https://evil.example/"></iframe>')
    item = publish_item(world, body_html=hostile)
    html = get(reverse("portal:item", args=[item.pk])).content.decode()
    body = lxml.html.document_fromstring(html).xpath("//article//div[@class='body']")[0]
    assert body.xpath(".//script|.//iframe") == []
    for el in body.iter():
        assert not any(k.startswith("on") or k == "style" for k in el.attrib), el.attrib
        assert not (el.get("href") or "").startswith("javascript:")
    assert "alert(1)" not in html and "正文" in html


def test_validity_shown_prominently_with_successor(world):
    old = publish_item(world, title="示例市甲局旧办法", doc_number="示甲发〔2020〕1号")
    new = publish_item(world, title="示例市甲局新办法", doc_number="示甲发〔2026〕20号")
    services.item_set_validity(item=old, actor=world.alice, validity="repealed", on=date(2026, 11, 20),
                               successor=new)
    doc = lxml.html.document_fromstring(get(reverse("portal:item", args=[old.pk])).content.decode())
    banner = doc.xpath("//*[contains(@class, 'validity-banner')]")[0]
    assert "本文件废止" in banner.text_content() and "2026年11月20日" in banner.text_content()
    assert banner.xpath(".//a")[0].get("href") == reverse("portal:item", args=[new.pk])
    new_doc = text_of(get(reverse("portal:item", args=[new.pk])))
    assert "本文件修改或替代的文件" in new_doc and "旧办法" in new_doc


def test_policy_and_interpretation_link_each_other(world):
    policy = publish_item(world)
    interp = publish_item(world, title="《若干措施》政策解读", genre="interpretation", doc_number="",
                          interprets=policy, art20=["1"])
    assert interp.title in text_of(get(reverse("portal:item", args=[policy.pk])))
    assert "所解读的政策文件" in text_of(get(reverse("portal:item", args=[interp.pk])))


def test_versions_listed_and_each_viewable_from_its_snapshot(world):
    item = publish_item(world)
    correction = services.correction_propose(item=item, actor=world.alice, changes={"title": "更正后的标题"},
                                             reason="标题有误", today=date(2026, 11, 20))
    services.correction_review(correction=correction, actor=world.alice, passed=True, on=date(2026, 11, 20))
    services.correction_apply(correction=correction, actor=world.alice, on=date(2026, 11, 20))
    current = text_of(get(reverse("portal:item", args=[item.pk])))
    assert "更正后的标题" in current and "第1版" in current and "标题有误" in current
    v1 = text_of(get(reverse("portal:item_version", args=[item.pk, 1])))
    assert "示例市甲局关于进一步优化营商环境的若干措施" in v1 and "已被更正" in v1
    get(reverse("portal:item_version", args=[item.pk, 9]), status=404)


def _png() -> bytes:
    """A valid 1×1 PNG, made by hand (signature, IHDR, IDAT, IEND with their CRCs)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def test_attachment_download_only_for_public_items(world):
    from gongkai.web.registry.models import ItemAttachment

    item = services.item_create(agency=world.dept_a, actor=world.alice,
                                fields=dict(POLICY),
                                today=date(2026, 11, 10))
    att = services.attachment_add(item=item, actor=world.alice, name="附件1.png", data=_png())
    url = reverse("portal:item_file", args=[item.pk, att.pk])
    get(url, status=404)  # not yet published
    services.item_review(item=item, actor=world.alice, passed=True, on=date(2026, 11, 10))
    services.item_approve(item=item, actor=world.alice, on=date(2026, 11, 10))
    services.item_publish(item=item, actor=world.alice, on=date(2026, 11, 10))
    r = get(url)
    assert r["Content-Type"] == "image/png"
    assert "filename" in r["Content-Disposition"]
    assert b"".join(r.streaming_content) == _png()
    assert "附件1.png" in text_of(get(reverse("portal:item", args=[item.pk])))
    other = ItemAttachment.objects.exclude(pk=att.pk).first()
    assert other is None
    get(reverse("portal:item_file", args=[item.pk, att.pk + 999]), status=404)


def test_traditional_script_converts_text_not_markup(world):
    item = publish_item(world)
    r = get(reverse("portal:item", args=[item.pk]) + "?script=traditional")
    html = r.content.decode()
    assert '<html lang="zh-Hant"' in html
    assert "營商環境" in html and "營商環境" in text_of(r)
    doc = lxml.html.document_fromstring(html)
    # links and classes untouched: the apply link still points at the form
    assert doc.xpath("//*[contains(@class, 'apply-hint')]//a")[0].get("href") == reverse("public:apply_form", args=["W-A"])
    assert "Cookie" in r["Vary"]
    # the cookie set by the display view applies to later pages
    c = Client()
    r = get(reverse("portal:display") + "?script=traditional&next=" + reverse("portal:agency", args=["W-A"]), c,
            status=302)
    assert r["Location"] == reverse("portal:agency", args=["W-A"])
    assert "政府信息公開" in get(reverse("portal:agency", args=["W-A"]), c).content.decode()
    # no open redirect
    r = get(reverse("portal:display") + "?size=large&next=https://evil.example/", c, status=302)
    assert r["Location"] == reverse("portal:index")
    body = lxml.html.document_fromstring(get(reverse("portal:index"), c).content.decode()).xpath("//body")[0]
    assert "large-text" in body.get("class") and "traditional" in body.get("class")


def test_feeds_rss_and_atom_per_agency_column_and_item(world):
    item = publish_item(world, title="甲局2026年度财政预算调整", art20=["7"])
    publish_item(world, agency=world.dept_b, title="乙局的信息")
    rss = get(reverse("portal:agency_rss", args=["W-A"]))
    assert rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert item.title in body and "乙局的信息" not in body and item.index_no in body
    atom = get(reverse("portal:agency_atom", args=["W-A"]))
    assert atom["Content-Type"].startswith("application/atom+xml") and item.title in atom.content.decode()
    assert item.title in get(reverse("portal:statutory_rss", args=["W-A", "7"])).content.decode()
    assert item.title not in get(reverse("portal:statutory_rss", args=["W-A", "5"])).content.decode()
    assert item.title not in get(reverse("portal:column_atom", args=["W-A", "system"])).content.decode()
    get(reverse("portal:column_rss", args=["W-A", "nope"]), status=404)


def test_sitemap_lists_platform_pages_and_public_items(world):
    item = publish_item(world)
    withdrawn = publish_item(world, title="将被撤回")
    services.item_withdraw(item=withdrawn, actor=world.alice, reason="错误", on=date(2026, 11, 20))
    index = get("/sitemap.xml").content.decode()
    assert "sitemap-items.xml" in index and "sitemap-platform.xml" in index
    platform = get("/sitemap-platform.xml").content.decode()
    assert reverse("portal:guide", args=["W-A"]) in platform
    items = get("/sitemap-items.xml").content.decode()
    assert reverse("portal:item", args=[item.pk]) in items
    assert reverse("portal:item", args=[withdrawn.pk]) not in items


def test_sitemap_item_sections_are_id_ranges_each_url_once(world, monkeypatch):
    import lxml.etree

    from gongkai.web.portal.sitemaps import ItemSitemap

    items = [publish_item(world, title=f"分段{i}") for i in range(5)]
    withdrawn = items[2]
    services.item_withdraw(item=withdrawn, actor=world.alice, reason="错误", on=date(2026, 11, 20))
    monkeypatch.setattr(ItemSitemap, "limit", 2)
    top = max(i.pk for i in items)
    index = get("/sitemap.xml").content.decode()
    sections = -(-top // 2)
    assert f"sitemap-items.xml?p={sections}" in index and f"p={sections + 1}<" not in index
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    seen = []
    for p in range(1, sections + 1):
        response = get(f"/sitemap-items.xml?p={p}")
        assert response["Content-Type"].startswith("application/xml")
        tree = lxml.etree.fromstring(response.content)
        urls = tree.findall("s:url", ns)
        assert len(urls) <= 2
        for url in urls:
            assert url.find("s:lastmod", ns).text and url.find("s:changefreq", ns).text == "monthly"
            seen.append(url.find("s:loc", ns).text.split("testserver", 1)[1])
    public = [reverse("portal:item", args=[i.pk]) for i in items if i.pk != withdrawn.pk]
    assert sorted(seen) == sorted(public)
    get(f"/sitemap-items.xml?p={sections + 1}", status=404)
    get("/sitemap-items.xml?p=x", status=404)
    get("/sitemap-nope.xml", status=404)


def test_township_has_art21_township_items_and_the_key_area_catalogue(world):
    from gongkai.web.agencies.services import agency_upsert
    from gongkai.web.registry.models import Item

    county, _ = agency_upsert(code="W-CTY", name="示例县人民政府", level="government", parent=world.region)
    town, _ = agency_upsert(code="W-TOWN", name="示例县城关镇人民政府", level="government", parent=county)
    nav = text_of(get(reverse("portal:agency", args=["W-TOWN"])))
    assert "基层政务公开标准目录" in nav
    get(reverse("portal:statutory_item", args=["W-TOWN", "t3"]))
    get(reverse("portal:statutory_item", args=["W-TOWN", "c1"]), status=404)
    get(reverse("portal:catalogue", args=["W-A"]), status=404)  # a city department keeps no grassroots catalogue
    entry = services.catalogue_entry_save(agency=world.dept_a, actor=world.alice, area="k19", first_level="最低生活保障",
                                          second_level="审核确认", content="申请条件、办理流程、保障标准",
                                          basis="《社会救助暂行办法》", responsible="示例市甲局",
                                          channels=["政府网站", "公开查阅点"])
    item = publish_item(world, title="2026年第四季度低保对象名单公示", genre="notice", art20=["11"],
                        doc_number="")
    Item.objects.filter(pk=item.pk).update(catalogue_entry=entry)
    # an agency with entries shows them even when its tier is not recorded as grassroots
    page = get(reverse("portal:catalogue_area", args=["W-A", "k19"]))
    doc = lxml.html.document_fromstring(page.content.decode())
    heads = [th.text_content() for th in doc.xpath("//table[contains(@class, 'catalogue-table')]//th")]
    for column in ("序号", "公开事项", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
                   "公开渠道和载体", "公开对象", "公开方式", "公开层级"):
        assert column in heads
    row = " ".join(text_of(page).split())
    assert "最低生活保障" in row and "政府网站、公开查阅点" in row and "信息形成或者变更之日起20个工作日内" in row
    assert doc.xpath(f"//a[@href='{reverse('portal:item', args=[item.pk])}']")
    assert "社会救助 1 项" in " ".join(text_of(get(reverse("portal:catalogue", args=["W-A"]))).split())


def test_guide_generated_from_agency_data_then_versioned(world, settings):
    from gongkai.web.portal import services as portal_services

    page = text_of(get(reverse("portal:guide", args=["W-B"])))
    assert "示例市乙局" in page and "示例市人民路102号" in page and "0999-88100002" in page
    assert "20个工作日" in page and "国办函〔2020〕109号" in page and "行政复议" in page
    doc = lxml.html.document_fromstring(get(reverse("portal:guide", args=["W-B"])).content.decode())
    assert doc.xpath(f"//div[@class='body']//a[@href='{reverse('public:apply_form', args=['W-B'])}']")

    bob = Client()
    bob.force_login(world.bob)  # agency_admin of B
    r = bob.post(reverse("portal:guide_regenerate", args=["W-B"]))
    assert r.status_code == 302
    r = bob.post(reverse("portal:guide_edit", args=["W-B"]),
                 {"body_html": "<h2>一、概述</h2><p>第二版指南。</p><script>alert(1)</script>", "note": "修订"})
    assert r.status_code == 302
    latest = get(reverse("portal:guide", args=["W-B"])).content.decode()
    assert "第二版指南" in latest and "alert(1)" not in latest and "第2版" in latest
    v1 = text_of(get(reverse("portal:guide_version", args=["W-B", 1])))
    assert "示例市人民路102号" in v1 and "历史版本" in v1
    # alice is office head of A, not of B: the edit page does not exist for her there
    alice = Client()
    alice.force_login(world.alice)
    assert alice.get(reverse("portal:guide_edit", args=["W-B"])).status_code == 404
    assert alice.get(reverse("portal:guide_edit", args=["W-A"])).status_code == 200
    amy = Client()
    amy.force_login(world.amy)  # a handler only
    assert amy.post(reverse("portal:guide_regenerate", args=["W-A"])).status_code == 404
    with pytest.raises(portal_services.GuideRefused):
        portal_services.guide_save(agency=world.dept_a, actor=world.amy, body_html="<p>x</p>")
    with pytest.raises(portal_services.GuideRefused) as exc:
        portal_services.guide_save(agency=world.dept_a, actor=world.alice, body_html="<script>x</script>")
    assert "不能为空" in exc.value.message


def test_annual_column_links_published_reports_from_the_records_and_the_library(world):
    from gongkai.web.library.models import ReportFile, ReportStats

    f = ReportFile.objects.create(sha256="a" * 64, original_name="乙局2024年报.pdf", detected_format="pdf", size=1,
                                  stored_path="x", parser_version="1")
    stats = ReportStats.objects.create(file=f, agency="示例市乙局", year=2024, template="2021", stats={})
    page = get(reverse("portal:annual", args=["W-B"]))
    doc = lxml.html.document_fromstring(page.content.decode())
    assert doc.xpath(f"//a[@href='{reverse('library:detail', args=[stats.pk])}']")
    assert "暂无已发布的年度报告" in text_of(get(reverse("portal:annual", args=["W-A"])))


def test_annual_column_links_the_latest_published_report_built_from_the_records(world):
    from tests.web.reports.conftest import fill_table2, local_time, publish_at

    fill_table2(world.dept_a, 2025, world.alice)
    publish_at(world.dept_a, 2025, builder=world.amy, signer=world.alice, at=local_time(2026, 1, 20, 10, 0))
    doc = lxml.html.document_fromstring(get(reverse("portal:annual", args=["W-A"])).content.decode())
    link = doc.xpath(f"//a[@href='{reverse('annual:report', args=['W-A', 2025])}']")
    assert link and link[0].text_content() == "示例市甲局2025年政府信息公开工作年度报告"
    assert "2026-01-20" in doc.text_content()
