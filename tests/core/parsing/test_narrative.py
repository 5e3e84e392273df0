"""Prose figures: one realistic sentence per figure type and per distractor, both scripts."""

from __future__ import annotations

import pytest

from gongkai.core.parsing.narrative import classify_heading, read_narrative
from gongkai.core.stats import AnnualStats

from . import make_doc


def read(text: str, stats: AnnualStats | None = None) -> AnnualStats:
    stats = stats or AnnualStats()
    doc = make_doc(text)
    before = set(stats.evidence)
    read_narrative(doc, stats)
    for pointer, ev in stats.evidence.items():
        if pointer in before:
            continue
        assert doc.text[ev.start : ev.start + len(ev.quote)] == ev.quote, pointer
    return stats


@pytest.mark.parametrize(
    ("text", "pointer", "value"),
    [
        ("2017年全盟主动公开政府信息数量达到73360条，较上年增长16%。", "/proactive/total", 73360),
        ("全年主动公开政府信息1，234条。", "/proactive/total", 1234),
        ("通过政府网站公开政府信息75257条。", "/proactive/by_channel/website", 75257),
        ("通过新闻客户端等新媒体发布215条。", "/proactive/by_channel/new_media", 215),
        ("盟行署门户网站和各旗县市门户网站2017年累计公开信息40168条。", "/proactive/by_channel/website", 40168),
        ("2017年全盟通过政府公报公开政府信息1509条。", "/proactive/by_channel/gazette", 1509),
        ("通过政务微博公开政府信息33485条。", "/proactive/by_channel/weibo", 33485),
        ("全盟通过微信公开政府信息12164条。", "/proactive/by_channel/wechat", 12164),
        ("政务新媒体公开信息2634 条。", "/proactive/by_channel/new_media", 2634),
        ("通过其他方式公开11470条。", "/proactive/by_channel/other", 11470),
        ("全市主动公开规范性文件107件。", "/proactive/normative_documents", 107),
        ("召开新闻发布会29次。", "/responses/press_conferences", 29),
        ("市政府新闻办共组织召开新闻发布会十五场次。", "/responses/press_conferences", 15),
        ("在市政府门户网站开展在线访谈19期。", "/responses/online_interviews", 19),
        ("共解读中央、区、盟文件243次。", "/responses/interpretations", 243),
        ("自制及转发政策解读24篇。", "/responses/interpretations", 24),
        ("全盟回应公众关注热点或重大舆情118次。", "/responses/hotspot_responses", 118),
        ("召开政府信息公开工作会议11次。", "/capacity/meetings", 11),
        ("举办各类培训班7次。", "/capacity/trainings", 7),
        ("组织政务公开业务培训1次。", "/capacity/trainings", 1),
        ("接受培训人员2722人次。", "/capacity/trainees", 2722),
        ("各乡镇、部门信息员共计90人参加了此次培训。", "/capacity/trainees", 90),
        ("2017年共收到依申请公开7件，均按照标准格式程序予以答复。", "/applications/received", 7),
        ("全年共收到群众政府信息公开申请信件3封，全部按时依法依规办理完成。", "/applications/received", 3),
        ("本年度共受理政府信息公开申请三十五件。", "/applications/received", 35),
        ("因政府信息公开申请行政复议1件。", "/review/total", 1),
        ("因政府信息公开被提起行政诉讼2件。", "/litigation/total", 2),
        ("因政府信息公开工作引起的举报投诉3件。", "/complaints", 3),
        ("依申请公开政府信息共收取信息处理费120元。", "/fees/collected_yuan", 120.0),
    ],
)
def test_figures(text, pointer, value):
    stats = read(text)
    assert stats.get(pointer) == value
    assert stats.evidence[pointer].approximate is False


@pytest.mark.parametrize(
    ("text", "pointer", "value"),
    [
        ("全年累計公開各類政府信息14萬餘條，有效保障了人民群眾的知情權。", "/proactive/total", 140000),
        ("各部門通過寶雞日報等媒體發表政策解讀文章70餘篇。", "/responses/interpretations", 70),
        ("今年以來，共回應處置各類較大輿情10餘起。", "/responses/hotspot_responses", 10),
        ("分管信息工作领导和信息员共计90余人参加了此次培训。", "/capacity/trainees", 90),
        ("全年主动公开政府信息近3000条。", "/proactive/total", 3000),
        ("接受培训人员200人次以上。", "/capacity/trainees", 200),
    ],
)
def test_approximate(text, pointer, value):
    stats = read(text)
    assert stats.get(pointer) == value
    assert stats.evidence[pointer].approximate is True


def test_traditional_quote_is_in_own_script():
    stats = read("其中，通過政府公報公開政府信息26條，通過政府網站公開政府信息75257條。")
    ev = stats.evidence["/proactive/by_channel/gazette"]
    assert "政府公報" in ev.quote and "26條" in ev.quote
    assert stats.get("/proactive/by_channel/website") == 75257


@pytest.mark.parametrize(
    "text",
    [
        "全年共收到群众来信50封，全部按时依规办理完成。",
        "共处理县长信箱群众来信11件。",
        "12345政务服务热线共受理群众诉求8560件。",
        "2017年度，全市政务服务中心共办理各类审批事项232.27万件。",
        "全年接受群众咨询1200人次。",
        "2017年，网站更新动态信息14611条。",
        "全年在政府网站发布工作动态2003条，转载上级信息1637条。",
        "盟直31个部门权责事项共6560项，其中，行政许可88项、行政处罚5216项。",
        "全盟共开通官方微信公众号209个，微博58个。",
        "网站日均访问量超过5万人次。",
        "政府信息公开工作经费预算12万元。",
        "按照《关于印发工作要点的通知》（内政办发〔2017〕81号）要求。",
        "咨询电话：0482-8266634，邮编：137400。",
        "盟档案馆共接待查档424人次，377卷次。",
        "市监察局问责处理242人次。",
        "代表建议已解决或列入计划解决的64件。",
        "盟本级自2017年7月5日开通微信公众号以来，共计发送信息133条。",
        "全年办理行政复议案件56件，其中维持38件。",
        "公开行政复议决定书12件。",
        "目前，该专栏共公开发布各类政府信息956条。",
        "在网站正面回应网民投诉、咨询等信息，共计21次。",
        "县十八届人大一次会议确立议案1件。",
        "全市共清理规范性文件85件。",
    ],
)
def test_distractors(text):
    stats = read(text)
    assert stats.figures() == {}, stats.figures()


def test_review_outcomes_in_chinese_numerals():
    stats = read(
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n"
        "2017年因政府信息公开申请发生的行政复议三例，其中二例已由自治区政府做出维持决定，一例正在审理中。\n"
        "2017年因政府信息公开申请发生的行政诉讼二例，全部诉至自治区高级人民法院，市政府全部终审胜诉。"
    )
    assert stats.review.total == 3 and stats.review.upheld == 2 and stats.review.pending == 1
    assert stats.litigation.total == 2 and stats.litigation.upheld == 2
    assert stats.litigation.pending is None


def test_review_corrected_traditional():
    stats = read("因政府信息公開被申請行政複議4件，其中維持原決定3件，被依法糾錯1件。")
    assert (stats.review.total, stats.review.upheld, stats.review.corrected) == (4, 3, 1)


@pytest.mark.parametrize(
    ("text", "pointers"),
    [
        ("2018年，我县未发生因政府信息公开而产生的投诉举报、行政复议、行政诉讼案件。",
         {"/complaints", "/review/total", "/litigation/total"}),
        ("四是依法规范依申请公开工作。2017年共收到依申请公开7件。未发生行政诉讼、行政复议事件。",
         {"/review/total", "/litigation/total"}),
        ("本年度未發生因政府信息公開引起的行政複議和行政訴訟。", {"/review/total", "/litigation/total"}),
        ("四、政府信息公开的收费及减免情况\n2017年度没有因政府信息公开而产生的收费。", {"/fees/collected_yuan"}),
        ("全年未收到政府信息公开申请。", {"/applications/received"}),
    ],
)
def test_stated_none(text, pointers):
    stats = read(text)
    for p in pointers:
        assert stats.get(p) == 0, p
        assert stats.evidence[p].quote


def test_fee_exception_is_not_zero():
    stats = read("目前，我市除市档案馆按规定收取成本费外，各部门均没有对政府信息公开申请收取费用。")
    assert stats.get("/fees/collected_yuan") is None


def test_applications_breakdown_does_not_replace_total():
    stats = read(
        "三、依申请公开政府信息情况\n全市共受理公民、法人和其他组织依申请公开政府信息130件。"
        "其中市政府办公室受理17件，县区受理44件，市级部门受理69件，均已按期答复。"
    )
    assert stats.get("/applications/received") == 130


def test_legacy_breakdown():
    stats = read(
        "三、依申请公开政府信息的情况\n2016年共收到政府信息公开申请25件，其中当面申请3件、网络申请20件、信函申请2件。"
        "已办结25件，其中同意公开18件，同意部分公开2件，不同意公开1件，信息不存在4件。"
    )
    legacy = stats.applications.legacy
    assert stats.applications.received == 25
    assert (legacy.received_in_person, legacy.received_online, legacy.received_letter) == (3, 20, 2)
    assert (legacy.completed, legacy.granted, legacy.partially_granted, legacy.refused, legacy.not_exist) == (
        25, 18, 2, 1, 4,
    )


def test_channels_are_not_made_to_add_up():
    stats = read(
        "全盟主动公开政府信息73360条。通过网站公开40168条。通过政府公报公开政府信息1509条。"
        "通过微信公开政府信息12164条，通过微博公开7942条，通过其他方式公开11470条。"
    )
    channels = stats.proactive.by_channel
    assert stats.proactive.total == 73360
    assert channels.website + channels.gazette + channels.wechat + channels.weibo + channels.other == 73253
    assert not [w for w in stats.warnings if w.code != "approximate"]


def test_several_channels_together_are_not_one_channel():
    stats = read("通过政府网站、政务微博、微信等平台公开政府信息5000条。")
    assert stats.proactive is None or stats.proactive.by_channel is None


def test_conflict_keeps_first_in_section_and_warns():
    stats = read(
        "一、概述\n全年共收到政府信息公开申请36件。\n"
        "三、依申请公开政府信息的情况\n全年共收到政府信息公开申请35件。"
    )
    assert stats.get("/applications/received") == 35
    (w,) = [w for w in stats.warnings if w.code == "narrative_conflict"]
    assert w.pointer == "/applications/received" and "36" in w.message


def test_table_figure_is_kept_and_mismatch_warned():
    from gongkai.core.stats import Evidence

    stats = AnnualStats(template="2021")
    stats.set("/applications/received", 36, Evidence("36", 0))
    read("本年度共收到政府信息公开申请35件。", stats)
    assert stats.get("/applications/received") == 36
    (w,) = [w for w in stats.warnings if w.code == "narrative_table_mismatch"]
    assert w.pointer == "/applications/received" and "35" in w.message and "36" in w.message


def test_not_a_report_reads_nothing():
    stats = AnnualStats()
    stats.warn("not_a_report", "…")
    read("全年主动公开政府信息100条。", stats)
    assert stats.figures() == {}


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("三、依申请公开政府信息的情况", "applications"),
        ("五、因政府信息公开申请行政复议、提起行政诉讼的情况", "review_litigation"),
        ("九、信息公开相关举报、复议、诉讼情况", "review_litigation"),
        ("四、政府信息公開收費及減免情況", "fees"),
        ("二、主动公开政府信息的情况", "proactive"),
        ("六、政府信息公开工作存在的主要问题和改进措施", "problems"),
    ],
)
def test_classify_heading(heading, key):
    from . import simplified_copy

    assert classify_heading(simplified_copy(heading)) == key


def test_table_rows_are_left_to_the_tables_parser():
    from gongkai.core.reading.document import Table

    text = "全年主动公开政府信息100条。\n召开新闻发布会\t3次\n"
    doc = make_doc(text)
    start = text.index("召开")
    doc.tables.append(Table(rows=[], start=start, end=len(text)))
    stats = AnnualStats()
    read_narrative(doc, stats)
    assert stats.get("/proactive/total") == 100
    assert stats.get("/responses/press_conferences") is None


@pytest.mark.parametrize(
    ("text", "pointer", "value"),
    [
        ("2020年，我局通过门户网站等渠道主动公开政府信息7588条。", "/proactive/total", 7588),
        ("全年召开专题会议一次研究部署政府信息公开工作，举办培训班四期，参训119人次。", "/capacity/meetings", 1),
        ("全年召开专题会议一次研究部署政府信息公开工作，举办培训班四期，参训119人次。", "/capacity/trainings", 4),
        ("全年召开专题会议一次研究部署政府信息公开工作，举办培训班四期，参训119人次。", "/capacity/trainees", 119),
        ("本年度未收取信息处理费。", "/fees/collected_yuan", 0),
        ("本年度在办理依申请公开过程中未收取任何费用。", "/fees/collected_yuan", 0),
        ("未向申请人收取检索、复制、邮寄等任何费用。", "/fees/collected_yuan", 0),
    ],
)
def test_more_phrasings(text, pointer, value):
    stats = read(text)
    assert stats.get(pointer) == value


def test_channel_named_as_example_is_not_that_channel():
    stats = read("2020年，我局通过门户网站等渠道主动公开政府信息7588条。")
    assert stats.proactive.by_channel is None


def test_hard_wrapped_lines_of_a_pdf_are_one_sentence():
    from gongkai.core.parsing.narrative import unwrap

    filler = "加强政务公开队伍建设，明确专人负责信息发布和依申请公开办理工作，保障。"
    lines = [filler[i : i + 30] for i in range(0, len(filler), 30)] * 8
    wrapped = "\n".join(lines) + "\n将政务公开纳入干部教育培训内容，举办政府信息公开专题培训班1\n— 2 —\n期，本年度本单位通过多种渠道累计主动公开各类政府信息912\n条。\n"
    text, offsets = unwrap(wrapped)
    assert "培训班1期" in text and "信息912条" in text and offsets is not None
    stats = read(wrapped)
    assert stats.get("/proactive/total") == 912
    assert stats.get("/capacity/trainings") == 1
    # One paragraph per line (txt, html, docx): nothing is joined.
    assert unwrap("第一段。\n第二段没有句号\n第三段。\n")[1] is None


def test_news_items_are_not_a_channel_but_the_news_app_is():
    stats = read("在门户网站发布新闻稿件300条。通过新闻客户端发布政府信息42条。")
    assert stats.proactive.by_channel.new_media == 42
    assert stats.proactive.by_channel.website is None


def test_a_wrapped_line_full_of_digits_is_still_a_wrap():
    # Found by the reading benchmark: in this PDF the line `报公开4977条，…，其他方式公开` / `18194条。` holds
    # more characters than the prose lines around it because digits print at half width.
    from gongkai.core.report import read_report
    from gongkai.corpus import generate, render

    report = generate(54, seed=0)[53]
    stats = read_report(render(report, "pdf"), "0053_pre2019.pdf")
    expected = report.stats.get("/proactive/by_channel/other")
    assert expected is not None
    assert stats.get("/proactive/by_channel/other") == expected


@pytest.mark.parametrize(
    "name",
    ["r12_city_2018_gbk.html", "r02_city_2020_format2019_tabs.txt", "r07_department_2023_markdown.md"],
)
def test_breakdowns_and_mixed_counts_raise_no_spurious_warning(name):
    # r12: "解读…146篇，其中多元化解读41篇"; r02: press conferences with a 其中 part; r07: "受理行政复议申请
    # 17件（含非信息公开类）" beside table 四's 7.
    from gongkai.core.report import read_report_file
    from tests.conftest import DOCUMENTS

    stats = read_report_file(DOCUMENTS / "realistic" / name)
    assert not [w for w in stats.warnings if w.code in ("narrative_conflict", "narrative_table_mismatch")]


def test_a_count_that_includes_other_matters_is_not_taken():
    stats = read("全年受理行政复议申请17件（含非信息公开类）。")
    assert stats.review is None or stats.review.total != 17


def _stats_2019plus(template: str = "2021") -> AnnualStats:
    stats = AnnualStats()
    stats.template = template
    return stats


def test_portal_total_of_a_2019plus_report_is_the_proactive_total():
    stats = read("2020年，通过门户网站主动公开政府信息3,205条，及时回应社会关切。", _stats_2019plus("2019"))
    assert stats.get("/proactive/total") == 3205
    assert stats.get("/proactive/by_channel/website") == 3205
    assert not stats.warnings


def test_portal_count_is_not_the_total_before_2019_or_beside_other_channels():
    assert read("通过政府网站公开政府信息75257条。", _stats_2019plus("pre2019")).get("/proactive/total") is None
    stats = read("全年通过区政府门户网站主动公开各类政府信息1,234条，政务微信公众号发布信息210条。", _stats_2019plus())
    assert stats.get("/proactive/total") is None


def test_portal_count_yields_to_a_total_stated_in_other_words():
    for text in ("通过门户网站主动公开政府信息1234条。全年主动公开政府信息1500条。",
                 "全年主动公开政府信息1500条。通过门户网站主动公开政府信息1234条。"):
        stats = read(text, _stats_2019plus())
        assert stats.get("/proactive/total") == 1500
        assert not [w for w in stats.warnings if w.code == "narrative_conflict"]


def test_total_over_channels_named_as_examples_and_departments_sub_count():
    stats = read(
        "2024年，全区通过政府门户网站、“平山发布”微信公众号等渠道主动公开政府信息3,658条，"
        "其中区教育局、区卫生健康局等部门主动公开政府信息1,120条。",
        _stats_2019plus(),
    )
    assert stats.get("/proactive/total") == 3658
    assert stats.proactive.by_channel is None


def test_figure_after_a_colon_is_read_but_times_are_not():
    assert read("全年主动公开政府信息：1234条。", _stats_2019plus()).get("/proactive/total") == 1234
    assert read("于10:30召开新闻发布会。", _stats_2019plus()).get("/responses/press_conferences") is None


# --- sub-counts are not the proactive total (pre-2019 narratives) ------------------------------------------


@pytest.mark.parametrize(
    ("text", "agency", "total"),
    [
        # one department's items before the report's own total
        ("县财政局主动公开政府信息1,215条。全县共主动公开政府信息12,486条。", "岳西县人民政府", 12486),
        # …and after it
        ("2014年，全县累计主动公开政府信息12,486条。县发改委主动公开重大项目信息264条。", "岳西县人民政府", 12486),
        # the compiling office's share, stated before the league total
        ("盟行署办公室主动公开政府信息1,032条。全盟共主动公开政府信息8,640条。", "阿拉善盟行政公署", 8640),
        # the government procurement platform's notices
        ("在省政府采购网主动公开政府采购信息312条。全年主动公开政府信息2,000条。", "某县人民政府", 2000),
        # the report's own agency as the subject is the total, not a department's share
        ("双河镇人民政府主动公开政府信息153条。", "双河镇", 153),
        ("2015年，市统计局主动公开政府信息420条。", "十堰市统计局", 420),
        # the total stated last, with 合计
        ("区教育局主动公开政府信息1,184条。区政府门户网站公开政府信息5,320条，政务微信推送政府信息1,306条，"
         "合计主动公开政府信息6,626条。", "成都市青白江区人民政府", 6626),
    ],
)
def test_a_sub_count_never_becomes_the_proactive_total(text, agency, total):
    stats = read(text, AnnualStats(agency=agency, template="pre2019"))
    assert stats.get("/proactive/total") == total
    assert not [w for w in stats.warnings if w.code == "narrative_conflict"]


def test_a_department_share_alone_gives_no_total():
    stats = read("县财政局主动公开部门预决算等政府信息1,215条。", AnnualStats(agency="岳西县人民政府"))
    assert stats.get("/proactive/total") is None


def test_microblog_posts_do_not_replace_its_disclosure_figure():
    stats = read(
        "“青白江发布”政务微博发布政府信息2,410条。“青白江发布”政务微博全年发布博文4,872条。",
        AnnualStats(agency="成都市青白江区人民政府"),
    )
    assert stats.get("/proactive/by_channel/weibo") == 2410
    assert not stats.warnings


def test_updates_of_a_portal_column_are_not_the_website_channel():
    stats = read("县政府门户网站“政务公开”栏目全年更新信息4,630条。通过县政府门户网站公开9,237条。")
    assert stats.get("/proactive/by_channel/website") == 9237
    assert not stats.warnings


# --- applications counted with the carried-over ones -----------------------------------------------------


def _with_table3(new: int, carried: int) -> AnnualStats:
    stats = AnnualStats(agency="某县", year=2021, template="2021")
    stats.set("/applications/table3/new/total", new)
    stats.set("/applications/table3/carried_over/total", carried)
    stats.set("/applications/received", new)
    return stats


@pytest.mark.parametrize(
    "sentence",
    [
        "全年共受理政府信息公开申请120件（含上年结转5件），办结116件。",
        "全年共收到政府信息公开申请120件，其中上年结转5件。",
        "全年共受理政府信息公开申请120件（包括上一年度结转的申请），均已办结。",
    ],
)
def test_new_plus_carried_over_agreeing_with_table3_is_no_mismatch(sentence):
    stats = read(sentence, _with_table3(115, 5))
    assert stats.get("/applications/received") == 115
    assert [w.code for w in stats.warnings] == []


@pytest.mark.parametrize(
    ("sentence", "new", "carried"),
    [
        ("全年共收到政府信息公开申请45件（含上年结转3件）。", 40, 5),  # 45 = 40+5, but 3 carried over is not 5
        ("全年共受理政府信息公开申请120件（含上年结转的申请）。", 110, 5),
    ],
)
def test_new_plus_carried_over_disagreeing_with_table3_is_a_mismatch(sentence, new, carried):
    stats = read(sentence, _with_table3(new, carried))
    assert [w.code for w in stats.warnings] == ["narrative_table_mismatch"]
    assert stats.get("/applications/received") == new


def test_the_government_office_count_is_the_total_only_when_no_whole_is_stated():
    alone = read("县政府办公室主动公开政府信息2,316条。", AnnualStats(agency="岳西县人民政府"))
    assert alone.get("/proactive/total") == 2316
    both = read("盟行署办公室主动公开政府信息1,032条。全盟共主动公开政府信息8,640条。", AnnualStats(agency="阿拉善盟行政公署"))
    assert both.get("/proactive/total") == 8640


def test_another_bodys_trading_platform_is_neither_a_channel_nor_the_total():
    stats = read("在合肥公共资源交易中心网站发布国有建设用地使用权出让公告42条。", AnnualStats(agency="金寨县国土资源局"))
    assert stats.get("/proactive/by_channel/website") is None and stats.get("/proactive/total") is None


def test_a_numbered_colon_list_is_read_as_statements_not_headings():
    stats = read(
        "二、主动公开政府信息情况\n　　1.主动公开政府信息数：5,842条；\n"
        "　　2.其中：政府网站公开政府信息数：4,913条；政务微博公开政府信息数：512条；\n",
        AnnualStats(agency="瑞安市人民政府"),
    )
    assert stats.get("/proactive/total") == 5842
    assert stats.get("/proactive/by_channel/website") == 4913 and stats.get("/proactive/by_channel/weibo") == 512


def test_a_department_named_in_the_clause_before_the_count():
    stats = read(
        "全市主动公开政府信息5,842条。市级各部门中，市公安局主动公开政府信息最多，达786条。",
        AnnualStats(agency="瑞安市人民政府"),
    )
    assert stats.get("/proactive/total") == 5842 and not stats.warnings


def test_the_agencys_own_short_name_is_not_a_department_sub_count():
    own = AnnualStats(agency="南昌高新技术产业开发区管理委员会")
    own.template = "2019"
    stats = read("2020年，高新区管委会主动公开政府信息3,547条，其中管委会门户网站发布2,986条。", own)
    assert stats.get("/proactive/total") == 3547
    other = AnnualStats(agency="南昌高新技术产业开发区管理委员会")
    other.template = "2019"
    assert read("2020年，区公安局主动公开政府信息786条。", other).get("/proactive/total") is None
