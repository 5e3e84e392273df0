"""Narrative text of synthetic reports.

Figures enter the text only through `Stated.say`, which records the pointer it states; anything the text
does not state is removed from the expected figures afterwards, so the expected set is exactly what a
careful human reader finds. Distractor sentences carry numbers that are NOT figures (12345 hotline cases,
service-centre approvals, consultations, budgets, website visits).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from gongkai.core.stats import AnnualStats

_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """Chinese numerals as reports write small counts: 3 -> 三, 12 -> 十二, 25 -> 二十五, 108 -> 一百零八."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else cn_numeral(rest) if rest >= 20 else "一" + cn_numeral(rest))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


@dataclass
class Stated:
    """Collects the pointers the text states."""

    stats: AnnualStats
    rng: random.Random
    chinese_numerals: bool = False
    pointers: set[str] = field(default_factory=set)

    def say(self, pointer: str) -> str:
        value = self.stats.get(pointer)
        if value is None:
            raise KeyError(pointer)
        self.pointers.add(pointer)
        return self.num(value)

    def num(self, value) -> str:
        if isinstance(value, int) and self.chinese_numerals and 0 < value < 100:
            return cn_numeral(value)
        return str(value)

    def value(self, pointer: str):
        return self.stats.get(pointer)


def paragraph(rng: random.Random, pool: list[str], n: int, **fmt) -> str:
    return "".join(s.format(**fmt) for s in rng.sample(pool, min(n, len(pool))))


def paragraphs(rng: random.Random, pool: list[str], sizes: tuple[int, ...], **fmt) -> list[str]:
    """Several paragraphs from one pool without repeating a sentence."""
    picked = rng.sample(pool, min(sum(sizes), len(pool)))
    out, i = [], 0
    for n in sizes:
        if i < len(picked):
            out.append("".join(s.format(**fmt) for s in picked[i : i + n]))
        i += n
    return out


# --- 2019 / 2021 national format --------------------------------------------------------------------

INTRO = [
    "本报告由{agency}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制。",
    "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。",
    "本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    "本报告电子版可在{agency}门户网站“政府信息公开”专栏查阅或下载。如对本报告有任何疑问，请与{agency}政务公开工作机构联系。",
]

OVERVIEW = [
    "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央、国务院关于全面推进政务公开的决策部署，严格执行《条例》，围绕中心工作，聚焦群众关切，不断深化政务公开，提升政府透明度和公信力。",
    "按照上级政务公开工作要点的部署，结合本单位实际，细化工作任务，明确责任分工，推动政务公开工作制度化、标准化、规范化。",
    "坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，持续加强政策解读和回应关切，政务公开工作取得新的成效。",
    "主要负责同志多次听取政务公开工作汇报，研究解决工作中的困难和问题，为政务公开工作提供了有力保障。",
]

PROACTIVE = [
    "聚焦重点领域信息公开，围绕义务教育、医疗卫生、社会救助、养老服务、公共文化服务等领域，逐项梳理公开事项，明确公开内容、公开时限和公开主体。",
    "规范开展规范性文件的备案审查和集中公开工作，在门户网站设置规范性文件专栏，实行统一登记、统一编号、统一发布。",
    "严格执行行政执法公示制度，及时公开执法主体、执法依据、执法程序、救济途径和随机抽查事项清单等信息。",
    "推进政策集中公开，对现行有效的政策文件进行系统梳理，分类汇编形成政策文件库，方便企业和群众查询使用。",
    "围绕优化营商环境、乡村振兴、民生保障等重点领域，及时公开政策文件、规划计划、财政预决算、重大建设项目等信息。",
    "严格落实公开属性源头认定机制，公文在拟制时即明确主动公开、依申请公开或不予公开属性，依法确定不予公开的均说明理由。",
    "坚持政策文件与解读方案、解读材料同步组织、同步审签、同步部署，综合运用图表图解、音频视频、问答等形式开展多元化解读。",
    "及时更新机构职能、领导信息、办公地址、办公时间和联系方式，确保机构信息准确完整。",
    "做好财政预决算和“三公”经费公开，按照统一格式在门户网站集中公开，方便公众查阅和监督。",
    "加强重大决策预公开，涉及群众切身利益的重要政策措施在出台前公开征求社会公众意见，并及时反馈意见采纳情况。",
    "围绕社会关注的热点问题，通过政府网站、政务新媒体等渠道主动发声，及时回应公众关切，正面引导社会预期。",
]

APPLICATIONS = [
    "建立依申请公开办理台账，对每一件申请的受理时间、承办科室、答复时限和答复结果进行跟踪管理，确保件件有着落、事事有回音。",
    "加强与申请人的沟通，准确把握申请人的真实需求，对属于信访、咨询等事项的，引导申请人通过相应渠道反映。",
    "对依申请公开中公众关注度高的信息，及时转为主动公开，减少重复申请。",
    "严格按照《条例》规定的程序和时限办理政府信息公开申请，规范受理、登记、审核、答复、归档等环节，确保依法依规答复。",
    "进一步畅通依申请公开渠道，提供当面、邮寄、网络等多种申请方式，在政府信息公开指南中载明受理机构的地址、电话和办公时间。",
    "对疑难复杂申请，加强与法律顾问、业务科室的会商研判，提高答复的规范性和准确性，有效降低行政复议和行政诉讼风险。",
    "申请人的合理诉求得到及时回应，答复文书格式规范、说理充分、救济途径告知清晰。",
    "对申请内容不明确的，一次性告知申请人需要补正的事项和合理的补正期限，避免多次往返。",
]

MANAGEMENT = [
    "建立政府信息公开工作台账，对信息的生成、审核、发布、更新实行全流程管理。",
    "落实政府信息动态调整机制，定期对不予公开的政府信息进行评估审查，对因情势变化可以公开的及时予以公开。",
    "加强政务公开队伍建设，明确专人负责信息发布和依申请公开办理工作，保障工作力量稳定。",
    "健全政府信息公开审查机制，严格落实“先审查、后公开”和“一事一审”制度，确保公开内容准确、规范，防止泄密和侵犯个人隐私。",
    "开展行政规范性文件清理工作，对已失效、废止的文件在门户网站予以标注，并集中公开现行有效的行政规范性文件。",
    "动态调整政府信息公开目录，对历年公开信息进行梳理，及时纠正栏目内容与栏目名称不符、信息分类不准确等问题。",
    "加强政府信息公开档案管理，做到依申请公开件一件一档，办理过程全程留痕、有据可查。",
]

PLATFORM = [
    "加强政府网站和政务新媒体内容建设，健全信息发布、审核、更新机制，杜绝错链断链、空白栏目等问题。",
    "充分发挥政务微博、微信公众号传播快、覆盖广的优势，及时推送政策信息和便民服务信息。",
    "优化网站无障碍和适老化服务，为老年人和残障人士获取政府信息提供便利。",
    "持续优化政府门户网站政府信息公开专栏，规范设置政府信息公开指南、政府信息公开制度、法定主动公开内容和政府信息公开年报等栏目。",
    "加强政务新媒体规范化管理，定期开展巡查，及时关停整合更新慢、互动差的账号，确保政务新媒体健康有序运行。",
    "推进政府网站集约化建设，完善站内搜索功能，提升信息检索、查阅和下载的便利程度。",
    "在政务服务大厅、档案馆、图书馆设立政府信息公开查阅点，为群众查阅政府信息提供便利。",
]

SUPERVISION = [
    "成立由主要负责同志任组长的政务公开工作领导小组，定期研究部署政务公开工作，协调解决重点难点问题。",
    "将政务公开纳入干部教育培训内容，组织工作人员学习《条例》及相关规定，提升依法公开意识。",
    "邀请人大代表、政协委员和群众代表担任政务公开监督员，对政务公开工作进行监督评议。",
    "将政务公开工作纳入年度绩效考核，细化考核指标，压实工作责任，以考核促落实。",
    "自觉接受社会监督，通过网站留言、电话、信函等渠道收集社会公众对政务公开工作的意见建议，并认真研究改进。",
    "定期开展政务公开工作自查，对发现的问题建立台账、限期整改，整改情况及时通报。",
    "本年度未发生因政务公开工作不到位而被责任追究的情况。",
]

PROBLEMS = [
    "{year}年，{agency}政府信息公开工作虽然取得了一定成效，但与上级要求和人民群众的期待相比仍存在一些不足：",
    "一是政策解读的形式还不够丰富，解读的深度和针对性有待提升；",
    "二是部分栏目信息更新不够及时，公开内容的系统性和完整性需要进一步加强；",
    "三是工作人员的业务能力与新形势新要求还有差距，依申请公开答复的规范化水平有待提高；",
    "四是基层政务公开标准化规范化建设还不够均衡，公开事项目录的动态调整不够及时。",
    "下一步，将从以下几个方面加以改进：",
    "一是加大政策解读力度，推动政策解读从“有没有”向“好不好”转变，多运用图解、视频等群众喜闻乐见的形式；",
    "二是强化栏目日常监测，建立信息发布提醒和督促机制，确保信息发布及时、准确、完整；",
    "三是加强业务培训，组织工作人员系统学习《条例》和相关规定，提升依法公开的意识和能力；",
    "四是持续深化基层政务公开标准化规范化建设，推动公开事项目录动态更新，打通政务公开“最后一公里”。",
]

OTHER = [
    "{year}年，{agency}认真办理人大代表建议和政协委员提案，办理结果按要求公开。",
    "按照上级工作要点要求，各项政务公开重点工作任务均已落实。",
    "无其他需要报告的事项。",
]


def national_overview_figures(st: Stated, short: str, year: int) -> str:
    rng = st.rng
    total = st.say("/proactive/total")
    sentence = rng.choice([
        f"全年共主动公开政府信息{total}条。",
        f"{year}年，{short}通过门户网站等渠道主动公开政府信息{total}条。",
        f"本年度累计主动公开各类政府信息{total}条。",
    ])
    pc = st.value("/responses/press_conferences")
    it = st.value("/responses/interpretations")
    if pc:
        sentence += rng.choice([f"召开新闻发布会{st.say('/responses/press_conferences')}场，", f"举办新闻发布会{st.say('/responses/press_conferences')}次，"])
    else:
        sentence += ""
    if it:
        sentence += rng.choice([
            f"发布政策解读{st.say('/responses/interpretations')}篇。",
            f"发布政策解读材料{st.say('/responses/interpretations')}篇。",
        ])
    sentence = sentence.rstrip("，") + ("" if sentence.endswith("。") else "。")
    return sentence


def national_application_sentence(st: Stated) -> str:
    if st.value("/applications/received") == 0:
        st.pointers.add("/applications/received")
        return "本年度未收到政府信息公开申请。"
    received = st.say("/applications/received")
    return st.rng.choice([
        f"本年度共收到政府信息公开申请{received}件，均在法定期限内予以答复。",
        f"全年新收政府信息公开申请{received}件，已按规定办理。",
    ])


def national_training_sentence(st: Stated) -> str:
    if not st.value("/capacity/trainings"):
        return ""
    n = st.say("/capacity/trainings")
    return st.rng.choice([
        f"全年组织政务公开业务培训{n}次，提升了工作人员的业务水平。",
        f"举办政府信息公开专题培训班{n}期。",
    ])


def national_fee_sentence(st: Stated) -> str:
    fee = st.value("/fees/collected_yuan")
    st.pointers.add("/fees/collected_yuan")
    if fee == 0:
        return st.rng.choice(["本年度未收取信息处理费。", "本年度没有收取政府信息公开信息处理费。", "全年共收取信息处理费0元。"])
    return f"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{fee}元。"


# --- pre-2019 narrative ----------------------------------------------------------------------------------

PRE_OVERVIEW = [
    "{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，按照上级关于政府信息公开工作的部署，不断完善工作机制，拓宽公开渠道，深化公开内容。",
    "成立了由分管领导任组长的政府信息公开工作领导小组，领导小组办公室设在办公室，配备专兼职工作人员，负责日常工作。",
    "进一步健全政府信息公开保密审查、主动公开、依申请公开等各项制度，推动政府信息公开工作规范化、制度化。",
    "围绕群众普遍关心、涉及群众切身利益的重点领域信息，加大公开力度，切实保障人民群众的知情权、参与权和监督权。",
]

PRE_MISC = [
    "进一步规范政府信息公开目录和指南，及时更新调整，方便公众查询。",
    "围绕财政预决算、“三公”经费、保障性住房、食品药品安全、环境保护等重点领域信息，做好公开工作。",
    "加强政府网站内容保障，落实信息发布审核制度，确保发布信息的准确性和时效性。",
    "在档案馆、图书馆和政务服务中心设立政府信息查阅点，方便群众查阅。",
]

PRE_PROBLEMS = [
    "一是公开内容还不够全面，部分领域信息公开的及时性有待提高；",
    "二是政策解读的形式比较单一，解读质量有待提升；",
    "三是工作人员业务水平参差不齐，队伍建设有待加强。",
    "下一步，我们将进一步加大公开力度，完善工作机制，加强业务培训，不断提高政府信息公开工作水平。",
]

DISTRACTORS = [
    "12345政务服务便民热线全年共受理群众来电{a}件，办结率达{p}%。",
    "政务服务中心全年共受理各类行政审批申请{b}件，按时办结率100%。",
    "全年共接待群众现场咨询{c}人次，解答电话咨询{d}人次。",
    "全年政府信息公开工作经费支出{e}万元，保障了各项工作的顺利开展。",
    "门户网站全年访问量达{f}万人次。",
    "领导信箱全年收到群众来信{g}封，均已按时办理回复。",
    "全年在政府网站发布工作动态{h}条，转载上级信息{i}条。",
    "12345热线受理投诉举报类诉求{j}件，均已转交相关部门办理。",
]


def distractor_values(rng: random.Random) -> dict[str, int]:
    return {
        "a": rng.randint(800, 30000), "p": rng.randint(95, 99), "b": rng.randint(2000, 90000),
        "c": rng.randint(100, 5000), "d": rng.randint(100, 3000), "e": rng.randint(3, 60),
        "f": rng.randint(20, 900), "g": rng.randint(10, 300), "h": rng.randint(300, 5000),
        "i": rng.randint(100, 3000), "j": rng.randint(30, 900),
    }


def pre_proactive(st: Stated) -> list[str]:
    rng = st.rng
    out = []
    total = st.say("/proactive/total")
    ch = {k: st.value(f"/proactive/by_channel/{k}") for k in ("website", "gazette", "weibo", "wechat", "new_media", "other")}
    have = [k for k, v in ch.items() if v is not None]
    names_a = {"website": "政府网站公开", "gazette": "政府公报公开", "weibo": "政务微博公开", "wechat": "政务微信公开",
               "new_media": "客户端等其他新媒体公开", "other": "其他方式公开"}
    names_b = {"website": "通过门户网站发布", "gazette": "通过政府公报刊登", "weibo": "通过官方微博发布",
               "wechat": "通过微信公众号推送", "new_media": "通过新闻客户端等新媒体发布", "other": "通过报刊、广播电视等其他方式公开"}
    if have and rng.random() < 0.5:
        parts = "，".join(f"{names_a[k]}{st.say('/proactive/by_channel/' + k)}条" for k in have)
        out.append(f"全年共主动公开政府信息{total}条，其中{parts}。")
    elif have:
        parts = "、".join(f"{names_b[k]}{st.say('/proactive/by_channel/' + k)}条" for k in have)
        out.append(f"{parts}，累计主动公开政府信息{total}条。")
    else:
        out.append(rng.choice([f"全年主动公开政府信息{total}条。", f"本年度共主动公开各类政府信息{total}条。"]))
    if st.value("/proactive/normative_documents") is not None:
        n = st.say("/proactive/normative_documents")
        out[-1] += rng.choice([f"其中主动公开规范性文件{n}件。", f"主动公开规范性文件{n}件。"])
    resp = []
    if st.value("/responses/press_conferences"):
        resp.append(rng.choice(["召开新闻发布会{}次", "举办新闻发布会{}场"]).format(st.say("/responses/press_conferences")))
    if st.value("/responses/interpretations"):
        resp.append(rng.choice(["发布政策解读稿件{}篇", "解读重要政策文件{}次"]).format(st.say("/responses/interpretations")))
    if st.value("/responses/online_interviews"):
        resp.append(rng.choice(["开展政府网站在线访谈{}次", "组织在线访谈{}期"]).format(st.say("/responses/online_interviews")))
    if st.value("/responses/hotspot_responses"):
        resp.append(rng.choice(["回应公众关注热点{}次", "回应社会关切和重大舆情{}件"]).format(st.say("/responses/hotspot_responses")))
    if resp:
        out.append("加强政策解读和回应关切，全年" + "，".join(resp) + "。")
    return out


def pre_applications(st: Stated) -> list[str]:
    rng = st.rng
    received = st.value("/applications/received")
    if received == 0:
        st.pointers.add("/applications/received")
        return [rng.choice(["本年度未收到政府信息公开申请。", "全年共收到政府信息公开申请0件。"])]
    n = st.say("/applications/received")
    text = rng.choice([f"全年共受理政府信息公开申请{n}件", f"本年度共收到依申请公开政府信息申请{n}件"])
    legacy = [("received_in_person", "当面申请"), ("received_online", "网上申请"), ("received_letter", "信函申请")]
    parts = [f"{label}{st.say('/applications/legacy/' + k)}件" for k, label in legacy if st.value(f"/applications/legacy/{k}")]
    if parts:
        text += "，其中" + "，".join(parts)
    return [text + "，均已按规定时限予以答复。"]


def pre_review(st: Stated) -> list[str]:
    rng = st.rng
    review, lit = st.value("/review/total"), st.value("/litigation/total")
    if review == 0 and lit == 0:
        st.pointers.update({"/review/total", "/litigation/total"})
        return [rng.choice([
            "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。",
            "全年没有因政府信息公开引发的行政复议和行政诉讼案件。",
            "全年因政府信息公开申请行政复议0件，提起行政诉讼0件。",
        ])]
    out = []
    for group, word in (("review", "被申请行政复议"), ("litigation", "被提起行政诉讼")):
        total = st.value(f"/{group}/total")
        if not total:
            st.pointers.add(f"/{group}/total")
            out.append(f"{'未发生因政府信息公开申请行政复议的情况' if group == 'review' else '未发生因政府信息公开提起行政诉讼的情况'}。")
            continue
        unit = rng.choice(["件", "例"])
        text = f"因政府信息公开{word}{st.say(f'/{group}/total')}{unit}"
        names = {"upheld": "维持原具体行政行为" if group == "review" else "判决驳回原告诉讼请求",
                 "corrected": "被依法纠错", "other": "以其他方式结案", "pending": "尚未审结"}
        parts = [f"{names[c]}{st.say(f'/{group}/{c}')}{unit}" for c in ("upheld", "corrected", "other", "pending")
                 if st.value(f"/{group}/{c}")]
        if parts:
            text += "，其中" + "，".join(parts)
        out.append(text + "。")
    return out


def pre_fees_complaints(st: Stated) -> list[str]:
    rng = st.rng
    out = []
    fee = st.value("/fees/collected_yuan")
    st.pointers.add("/fees/collected_yuan")
    if fee == 0:
        out.append(rng.choice(["本年度在办理依申请公开过程中未收取任何费用。", "未向申请人收取检索、复制、邮寄等任何费用。"]))
    else:
        out.append(f"本年度依申请公开收取检索、复制、邮寄等费用共计{fee}元。")
    c = st.value("/complaints")
    st.pointers.add("/complaints")
    out.append("全年未收到有关政府信息公开工作的举报投诉。" if c == 0 else f"全年收到有关政府信息公开工作的举报投诉{st.num(c)}件，均已调查处理。")
    return out


def pre_capacity(st: Stated) -> str:
    rng = st.rng
    parts = []
    if st.value("/capacity/meetings"):
        parts.append(rng.choice(["召开政府信息公开工作会议{}次", "召开专题会议{}次研究部署政府信息公开工作"]).format(st.say("/capacity/meetings")))
    if st.value("/capacity/trainings"):
        parts.append(rng.choice(["举办培训班{}期", "组织业务培训{}次"]).format(st.say("/capacity/trainings")))
        if st.value("/capacity/trainees"):
            parts.append(rng.choice(["培训人员{}人次", "参训{}人次"]).format(st.say("/capacity/trainees")))
    return ("全年" + "，".join(parts) + "。") if parts else ""
