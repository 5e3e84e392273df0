from __future__ import annotations

import pytest

from gongkai.core.parsing.metadata import read_metadata, validate_agency
from gongkai.core.stats import AnnualStats

from . import make_doc


def meta(text: str) -> AnnualStats:
    stats = AnnualStats()
    read_metadata(make_doc(text), stats)
    return stats


def codes(stats: AnnualStats) -> set[str]:
    return {w.code for w in stats.warnings}


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("兴安盟2017年政府信息公开工作年度报告", "兴安盟", 2017),
        ("巴彦淖尔市2017年政府信息公开年度报告", "巴彦淖尔市", 2017),
        ("寶雞市人民政府2016年政府信息公開工作年度報告", "宝鸡市人民政府", 2016),
        ("2015年度江门市蓬江区政府信息公开工作年度报告", "江门市蓬江区", 2015),
        ("广东省人力资源和社会保障厅2016年政府信息公开工作年度报告", "广东省人力资源和社会保障厅", 2016),
        ("海淀区人民政府政府信息公开工作2014年度报告", "海淀区人民政府", 2014),
        ("宝鸡市人民政府信息公开工作2014年度报告", "宝鸡市人民政府", 2014),
        ("XX市人民政府办公室关于印发鄂尔多斯市2013年政府信息公开工作年度报告的通知", "鄂尔多斯市", 2013),
        ("南京市统计局2018年度政府信息公开工作年度报告", "南京市统计局", 2018),
    ],
)
def test_title(title, agency, year):
    stats = meta(f"{title}\n\n根据《中华人民共和国政府信息公开条例》要求，编制本报告。")
    assert (stats.agency, stats.year) == (agency, year)


def test_year_is_statistical_not_publication():
    stats = meta(
        "来源：市政府办公室 发布日期：2018-03-06\n"
        "某某县2017年政府信息公开工作年度报告\n"
        "本报告中所列数据的统计时限自2017年1月1日至2017年12月31日。2018年工作打算如下。"
    )
    assert stats.year == 2017
    assert stats.template == "pre2019"


def test_year_from_period_without_title():
    stats = meta("本年度报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据统计期限为2018年1月1日至2018年12月31日。")
    assert stats.year == 2018
    assert stats.template == "pre2019"


def test_conflicting_year_prefers_title_and_warns():
    stats = meta("兴安盟2017年政府信息公开工作年度报告\n本报告数据统计时限为2016年1月1日至12月31日。")
    assert stats.year == 2017
    assert "year_conflict" in codes(stats)


def test_spam_in_place_of_name_gives_none():
    spam = "开云手机官网入口·(中国)官方网站"
    stats = meta(
        "本年度报告根据《中华人民共和国政府信息公开条例》编制而成。统计期限为2018年1月1日至2018年12月31日。\n"
        f"相继印发了《{spam}督查室关于印发{spam}2018年度政务公开工作考核评议方案的通知》。\n"
        f"将县政府门户网站与锦州市政务服务网（{spam}站点）建立链接。"
    )
    assert stats.agency is None
    assert "agency_spam" in codes(stats)


@pytest.mark.parametrize(
    "name",
    ["开云手机官网入口·(中国)官方网站", "官方网站", "首页", "全市", "我县", "本市", "市政府", "人民政府",
     "当前位置首页", "某某娱乐平台", "彩票中心", "县长信箱", "政府信息公开年度报告", "体育下载"],
)
def test_rejected_names(name):
    assert validate_agency(name) is not None


@pytest.mark.parametrize(
    "name",
    ["兴安盟", "巴彦淖尔市", "宝鸡市人民政府", "科右前旗", "内蒙古自治区人民政府办公厅", "国家统计局",
     "北京市体育局", "延边朝鲜族自治州", "海关总署", "朝阳区发展和改革委员会"],
)
def test_accepted_names(name):
    assert validate_agency(name) is None


def test_agency_from_compiled_by_sentence():
    stats = meta("本报告由乌兰察布市人民政府办公室编制。本报告中所列数据的统计期限为2016年1月1日至12月31日。")
    assert stats.agency == "乌兰察布市人民政府办公室"


def test_agency_from_signature():
    stats = meta(
        "一、概述\n本报告数据统计时限为2016年1月1日至2016年12月31日。政府信息公开工作年度报告如下。\n"
        "……\n\n赤峰市林西县人民政府\n2017年3月20日"
    )
    assert stats.agency == "赤峰市林西县人民政府"


def test_progress_report_is_not_annual_format():
    stats = meta(
        "根據《國務院辦公廳關於全面推進基層政務公開標準化規範化工作的指導意見》（國辦發〔2019〕54號）文件精神，"
        "現將額爾古納市推進基層政務公開標準化規範化工作階段性進展匯報如下。\n"
        "（一）全面推進政務公開標準化規範化\n依據（呼政公發﹝2020﹞2號）……"
    )
    assert stats.agency == "额尔古纳市"
    assert stats.year == 2020
    assert stats.template == "unknown"
    assert {"not_annual_report", "year_inferred"} <= codes(stats)


def test_table_labels_decide_template():
    stats = meta(
        "某市2020年政府信息公开工作年度报告\n"
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t12\n"
        "第二十条第（一）项\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
    )
    assert stats.template == "2019"
    stats = meta("某市2022年政府信息公开工作年度报告\n本年制发件数\t本年废止件数\t现行有效件数\n")
    assert stats.template == "2021"


def test_news_article_is_not_a_report():
    stats = meta("本市今日召开春季运动会，共有3000名运动员参加。天气晴朗。\n首页 | 登录 | 下载APP")
    assert "not_a_report" in codes(stats)
    assert stats.agency is None


def test_title_run_into_the_body_of_a_page_without_line_breaks():
    body = "本报告根据《中华人民共和国政府信息公开条例》要求编制。" * 5
    stats = meta("# 湖溪市人民政府办公室2024年政府信息公开工作年度报告 " + body)
    assert stats.agency == "湖溪市人民政府办公室"
    assert stats.year == 2024


@pytest.mark.parametrize(
    "name",
    ["本溪市平山区人民政府", "全椒县人民政府", "全州县人民政府办公室", "贵阳市人民政府", "贵州省人民政府办公厅",
     "宜春经济技术开发区管理委员会", "湘潭高新区管委会", "株洲市荷塘区人民政府办公室"],
)
def test_place_names_beginning_like_a_deictic_word_are_names(name):
    assert validate_agency(name) is None


@pytest.mark.parametrize("name", ["本市", "全县人民政府", "本机关", "贵局", "全区", "本级政府", "我区人民政府办公室"])
def test_deictic_words_are_not_names(name):
    assert validate_agency(name) is not None


def test_city_prefixed_name_from_the_signature_wins_over_the_titles_short_form():
    stats = meta(
        "荷塘区人民政府办公室2022年政府信息公开工作年度报告\n本报告根据《条例》编制。\n……\n"
        "株洲市荷塘区人民政府办公室\n2023年1月16日"
    )
    assert stats.agency == "株洲市荷塘区人民政府办公室"


def test_a_different_signature_does_not_replace_the_title_name():
    stats = meta("成都市武侯区人民政府2022年政府信息公开工作年度报告\n正文。\n成都市武侯区人民政府办公室\n2023年3月24日")
    assert stats.agency == "成都市武侯区人民政府"


def test_signature_with_the_date_on_the_same_line():
    stats = meta("2021年政府信息公开工作年度报告\n本报告根据《条例》编制。\n宜春经济技术开发区管理委员会　2022年1月24日")
    assert stats.agency == "宜春经济技术开发区管理委员会"


def test_page_title_with_site_name():
    stats = meta("本溪市平山区人民政府2024年政府信息公开工作年度报告-本溪市平山区人民政府\n正文。")
    assert stats.agency == "本溪市平山区人民政府"
