"""Which prose statement is which figure: one rule per pointer, tried in order, first match wins.

A rule looks at the words that lead up to a number inside its clause ("召开新闻发布会" in "召开新闻发布会29次")
and, for a few figures, at the words that follow it ("90余人参加了此次培训"). Order matters: specific figures
come before the general ones they would otherwise be mistaken for (a channel before the proactive total,
解读 before 公开).

Distractors are excluded by words, not by figures: letters to a leader's mailbox, hotline cases, approvals,
consultations, budgets are not disclosure figures whatever number they carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    pointer: str
    units: tuple[str, ...]
    lead: re.Pattern | None = None  # must match the words before the number
    tail: re.Pattern | None = None  # alternatively (or additionally, see `both`) the words after it
    not_lead: re.Pattern | None = None
    need: re.Pattern | None = None  # must match the words before and after together
    section: str | None = None  # the report section where this figure belongs (preferred on conflict)
    context: re.Pattern | None = None  # must match the sentence, the previous one, or the section must agree
    total: bool = False  # a total: never read from a "其中…" breakdown
    part: bool = False  # a breakdown item: never read from a clause that states the aggregate (收到/共)
    decimal: bool = False


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


COUNT_UNITS = ("件", "起", "例", "宗", "个", "次", "项")
ITEM_UNITS = ("条", "件", "篇", "项", "则", "份")
APPLICATION_UNITS = ("件", "条", "份", "封", "宗", "例", "个", "人次")
EVENT_UNITS = ("次", "场", "场次", "期")
PEOPLE_UNITS = ("人次", "人", "名")
MONEY_UNITS = ("元",)

DISCLOSURE = _re(r"信息公开|政务公开|依申请|申请公开|公开申请")
APPLICATION_NOISE = _re(
    r"信箱|来信|来电|咨询|热线|12345|审批|许可|服务事项|政务服务|建议|提案|信访|复议|诉讼|投诉|举报|办件|留言"
)
_CHANNEL_VERB = r"公开|发布|推送|刊登|刊发|刊载|登载"
# 新闻 (news items) is noise, but 新闻客户端 is a new-media channel.
_CHANNEL_NOISE = _re(r"访谈|解读|发布会|申请|动态|新闻(?!客户端|app|APP)|转载|浏览|访问|关注|粉丝|点击")

CHANNELS: tuple[tuple[str, re.Pattern], ...] = (
    ("/proactive/by_channel/gazette", _re(r"公报|政报")),  # 《XX政报》 is a gazette too
    ("/proactive/by_channel/weibo", _re(r"微博")),
    ("/proactive/by_channel/wechat", _re(r"微信|公众号")),
    ("/proactive/by_channel/new_media", _re(r"新媒体|客户端|app|抖音|头条|快手|移动端|视频号")),
    ("/proactive/by_channel/website", _re(r"网站|门户|网页")),
    ("/proactive/by_channel/other", _re(r"其他(?:方式|途径|渠道|形式|媒体|载体)|其它(?:方式|途径|渠道|形式)")),
)
CHANNEL_VERB = _re(_CHANNEL_VERB)
# 通过门户网站等渠道公开…: the channel is an example, the figure is the total over all channels.
CHANNEL_ETC = _re(r"等(?:渠道|平台|方式|途径|媒体|载体|多种)")
CHANNEL_NOISE = _CHANNEL_NOISE

# Review and litigation outcomes, read from the words around a count once the subject (复议/诉讼) is known.
OUTCOMES: tuple[tuple[str, re.Pattern], ...] = (
    ("pending", _re(r"审理中|审理阶段|尚未审结|未审结|尚未结案|未结案|正在办理|正在审查|待审|尚未作出|尚在")),
    ("corrected", _re(r"纠错|撤销|确认违法|责令|败诉|变更")),
    ("other", _re(r"撤回|撤诉|终止|调解|和解|其他|驳回复议申请|不予受理")),
    ("upheld", _re(r"维持|驳回|胜诉")),
)
REVIEW = _re(r"复议")
LITIGATION = _re(r"诉讼|起诉|应诉")
# Publishing review decisions or court rulings is proactive disclosure, not a review of a disclosure reply.
REVIEW_NOISE = _re(
    # …but 政府信息公开行政复议案件 is the report's own subject, not a publication of cases.
    r"复议决定书|(?<!信息)(?:公开|公布|发布)了?(?:各类)?(?:行政)?(?:复议|诉讼)(?:决定|裁判|判决|结果|文书|案件)"
    r"|(?:复议|诉讼).{0,4}(?:决定|结果)的?公开|应诉能力|诉讼服务"
)

LEGACY: tuple[tuple[str, re.Pattern], ...] = (
    ("received_in_person", _re(r"当面|现场")),
    ("received_fax", _re(r"传真")),
    ("received_online", _re(r"网络|网上|互联网|电子邮件|邮箱|在线")),
    ("received_letter", _re(r"信函|邮寄|来信")),
    ("completed_on_time", _re(r"按时办结|按期办结|按时答复|按期答复|按时办理|按期办理")),
    ("completed_extended", _re(r"延期")),
    ("completed", _re(r"办结|答复完毕|办理完毕|已答复|已办理")),
    ("already_public", _re(r"已主动公开|已经主动公开|属于主动公开|已公开")),
    ("partially_granted", _re(r"部分公开")),
    ("refused", _re(r"不予公开|不同意公开|不公开")),
    ("not_this_agency", _re(r"非本机关|不属于本")),
    ("not_exist", _re(r"不存在")),
    ("asked_to_amend", _re(r"更改|补充|补正")),
    ("other_route", _re(r"其他途径")),
    ("granted", _re(r"同意公开|予以公开|全部公开|公开答复")),
)

RULES: tuple[Rule, ...] = (
    Rule(
        "/complaints",
        COUNT_UNITS,
        lead=_re(r"投诉|举报"),
        not_lead=_re(r"信箱|热线|12345|咨询|来信|12315|消费"),
        section="review_litigation",
        context=DISCLOSURE,
    ),
    Rule(
        "/fees/collected_yuan",
        MONEY_UNITS,
        lead=_re(r"收费|收取|费用|信息处理费|工本费|成本费"),
        not_lead=_re(r"行政事业性|预算|经费|资金|支出|采购|决算|罚没|补助|交易|节约|基金|减免"),
        section="fees",
        context=DISCLOSURE,
        decimal=True,
    ),
    Rule("/responses/press_conferences", EVENT_UNITS, lead=_re(r"发布会")),
    Rule("/responses/online_interviews", EVENT_UNITS, lead=_re(r"访谈")),
    Rule(
        "/responses/interpretations",
        ("篇", "次", "件", "条", "期", "份", "项", "场"),
        lead=_re(r"解读"),
    ),
    Rule(
        "/responses/hotspot_responses",
        ("次", "起", "条", "件", "个", "篇", "项"),
        lead=_re(r"回应.*(?:热点|舆情|关切|关注)|(?:热点|舆情|关切).*回应"),
        not_lead=_re(r"投诉|咨询|信箱|来信|留言|热线|12345"),
    ),
    Rule(
        "/capacity/trainees",
        PEOPLE_UNITS,
        lead=_re(r"培训|参训"),
        tail=_re(r"培训|参训"),
        not_lead=_re(r"问责|查档|接待|访问|查询|咨询"),
    ),
    Rule("/capacity/trainings", EVENT_UNITS + ("班",), lead=_re(r"培训"), not_lead=_re(r"接受培训|培训人员|参训")),
    Rule(
        "/capacity/meetings",
        EVENT_UNITS,
        lead=_re(r"(?:召开|举办|组织|举行).*会议?$|(?:召开|举办|组织|开展|举行).*公开.*会|公开.*会议"),
        # 召开专题会议一次研究部署政府信息公开工作: the subject may follow the count.
        need=_re(r"公开"),
        not_lead=_re(r"人大|政协|发布会|培训|听证|访谈|常务会议"),
    ),
    Rule(
        "/proactive/normative_documents",
        ITEM_UNITS + ("个",),
        lead=_re(r"规范性文件.*(?:公开|发布)|(?:公开|发布).*规范性文件"),
        not_lead=_re(r"清理|废止|备案|审查|制定|起草|征求|申请|失效"),
    ),
)

PROACTIVE_TOTAL = Rule(
    "/proactive/total",
    ITEM_UNITS,
    lead=_re(r"主动公开|(?:公开|发布).{0,10}政府信息"),
    not_lead=_re(r"申请|专栏|栏目|规范性文件|数据|档案|更新|动态|浏览|访问|转载"),
    section="proactive",
    total=True,
)

APPLICATIONS_RECEIVED = Rule(
    "/applications/received",
    APPLICATION_UNITS,
    lead=_re(r"申请"),
    not_lead=APPLICATION_NOISE,
    section="applications",
    total=True,
)
RECEIVE_VERB = _re(r"收到|受理|接到|接收|共有|登记|提出|发生|总数|数量|申请数")
AGGREGATE_VERB = _re(r"收到|受理|接到|接收|共计|共有|总计|合计|总数|^共")

# Whose proactive figure a sentence states. A report's own total is stated for the whole of it (全县/我局/
# 全年/共/累计); the same words before a part of it (one department's items, the procurement platform's, one
# portal column's, a microblog's posts) make a sub-count that must never become the total.
PROACTIVE_WHOLE = _re(
    r"全年|共|累计|合计|总计|总数|全(?:县|市|区|旗|盟|州|省|镇|乡|街道|系统|局|委)"
    r"|我(?:县|市|区|旗|盟|州|省|镇|乡|局|委|办|厅|院|署|中心)|本(?:机关|单位|部门|局|委|办)"
)
# Another body's platform (procurement, public-resource trading) carries notices, not the report's disclosures:
# neither its total nor one of its channels.
OTHER_PLATFORM = _re(r"政府采购|采购(?:平台|网)|招标|中标|(?:公共资源)?交易(?:中心|平台|网)")
PROACTIVE_COLUMN = _re(OTHER_PLATFORM.pattern + r"|栏目|专栏|频道|子站")
PROACTIVE_PART = _re(PROACTIVE_COLUMN.pattern + r"|微博|微信|公众号|客户端")
# A named body as the subject ("县财政局主动公开…"): a part, unless it is the report's own agency.
DEPARTMENT = re.compile(
    r"[\u4e00-\u9fff]{1,12}?(?:局|委员会|委|办公室|中心|街道办事处|街道|镇人民政府|乡人民政府|镇|乡|公司|集团)"
)
# 共受理申请120件（含上年结转5件）: new and carried-over applications together, not the new ones alone.
WITH_CARRIED = _re(r"[\s（(，,]*(?:其中|含|包括|包含)[^，,。；]{0,6}?(?:上一?年度?|以前年度|往年|历年)结转")
CARRIED_COUNT = _re(r"(?:上一?年度?|以前年度|往年|历年)结转(?:的)?(?:申请)?\s*(\d+)\s*件")
# Updates of the portal (or of one of its columns) are not items published through it. A department's own
# column on the government portal is its website channel, so a column alone does not exclude a figure.
CHANNEL_PART = _re(r"更新")
