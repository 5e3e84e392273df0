"""The demo region's proactive disclosure: what each agency of 示例市 published from 2023-01-01 to the demo's today.

    plan = generate_registry(region.agencies, seed=2026, scale=1.0)
    plan.items        # ItemSpec, in publication order: about 20,000 at scale 1.0
    plan.catalogue    # CatalogueSpec: key-area catalogue lines of county and township agencies
    plan.gazette      # GazetteSpec: the city government's monthly 政府公报 with its contents in order
    plan.uscc         # agency code → a valid 统一社会信用代码

Pure and deterministic (the same arguments give the same plan): the web's demo loader
(gongkai.web.registry.demo) stores it. Everything is made up, in the forms real platforms use: 文号 like
示政规〔2024〕3号 with the agency's own abbreviation, titles such as 关于印发《…管理办法》的通知, 政策解读 of
规范性文件 (most the same day, some late, a few missing), repeals and amendments with the successor document,
items published later than the 20 working days of art. 26, withdrawals with their reason, information filed as
依申请公开 or 不予公开 with reason and basis. No date is later than `today`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.core.registry.codes import make_org_code, make_uscc

from . import region_names as N
from .region import AgencySpec

REGISTRY_START = date(2023, 1, 1)
REGISTRY_TODAY = date(2026, 11, 22)  # the region's today (gongkai.corpus.region.generate_region's default)
ITEMS_PER_YEAR = 5700  # region-wide at scale 1.0: about 20,000 from 2023-01-01 to REGISTRY_TODAY


@dataclass(frozen=True)
class ValidityChange:
    on: date
    validity: str  # repealed | expired | amended
    successor: str | None  # key of the item that amends or replaces it
    reason: str


@dataclass(frozen=True)
class ItemSpec:
    key: str  # stable, unique: the demo loader skips keys already present
    agency: str
    genre: str
    title: str
    doc_number: str
    subject: str
    written_on: date
    formed_on: date
    published_on: date | None  # None: filed (依申请公开 / 不予公开), never published
    art20: tuple[str, ...]
    channels: tuple[str, ...]  # without 政府公报: the gazette entry adds it
    summary: str
    body_html: str
    attribute: str = "active"
    withholding_reason: str = ""
    withholding_basis: str = ""
    interprets: str | None = None  # key of the policy an interpretation explains
    catalogue: str | None = None  # key of the catalogue line it fulfils
    validity_change: ValidityChange | None = None
    withdrawn: tuple[date, str] | None = None  # (on, reason)


@dataclass(frozen=True)
class CatalogueSpec:
    key: str
    agency: str
    area: str  # k01..k26
    first_level: str
    second_level: str
    content: str
    basis: str
    responsible: str
    channels: tuple[str, ...]
    level: str


@dataclass(frozen=True)
class GazetteSpec:
    year: int
    number: int
    total_number: int
    published_on: date
    entries: tuple[tuple[str, str], ...]  # (section, item key), in order


@dataclass(frozen=True)
class RegistryPlan:
    items: tuple[ItemSpec, ...]
    catalogue: tuple[CatalogueSpec, ...]
    gazette: tuple[GazetteSpec, ...]
    gazette_agency: str
    uscc: dict[str, str] = field(default_factory=dict)


# --- what each kind of agency works on ------------------------------------------------------------------

# Department code → (subjects, topics). Topics are the policy fields its documents are about.
DEPARTMENT_WORK = {
    "FGW": (("0301", "0302", "0304"), ("重大项目建设", "价格监测", "营商环境", "社会信用体系建设", "节能降耗")),
    "JY": (("1102",), ("义务教育招生", "校外培训治理", "学前教育", "教师队伍建设", "校园安全")),
    "GA": (("1601",), ("户籍管理", "道路交通安全", "出入境管理", "电动自行车管理", "反诈宣传")),
    "MZ": (("1701", "1703", "1704", "1706"), ("最低生活保障", "特困人员供养", "养老服务", "社会组织管理", "殡葬管理")),
    "SF": (("1602",), ("公共法律服务", "行政复议", "人民调解", "法治政府建设", "普法宣传")),
    "CZ": (("0401",), ("预算管理", "政府采购", "国有资产管理", "财政资金直达", "非税收入管理")),
    "RS": (("1501", "1502", "1503"), ("就业创业", "社会保险", "职业技能培训", "人才引进", "劳动保障监察")),
    "ZRZY": (("0501", "1002"), ("国土空间规划", "耕地保护", "不动产登记", "土地征收", "地质灾害防治")),
    "STHJ": (("1004",), ("大气污染防治", "水污染防治", "建设项目环境影响评价", "固体废物管理", "生态环境执法")),
    "ZJ": (("1001",), ("老旧小区改造", "保障性住房", "建筑市场监管", "物业管理", "城镇燃气安全")),
    "FWZS": (("1001",), ("国有土地上房屋征收", "征收补偿安置", "棚户区改造")),
    "JT": (("0702",), ("城乡公交", "道路运输", "农村公路建设", "交通运输安全", "出租汽车管理")),
    "SW": (("0603",), ("河湖长制", "防汛抗旱", "城乡供水", "水土保持", "节约用水")),
    "NY": (("0601", "0604"), ("高标准农田建设", "耕地地力保护补贴", "农村人居环境整治", "动物防疫", "乡村振兴")),
    "SWJ": (("0801", "0802"), ("消费促进", "外贸稳增长", "招商引资", "商贸流通", "成品油市场管理")),
    "WGL": (("1201", "0804"), ("公共文化服务", "文物保护", "旅游市场管理", "非物质文化遗产", "全民阅读")),
    "WJ": (("1301",), ("基本公共卫生服务", "疫苗接种", "医疗机构管理", "爱国卫生运动", "家庭医生签约")),
    "YJ": (("0201", "0903"), ("安全生产", "防灾减灾", "应急预案管理", "危险化学品监管", "森林防灭火")),
    "SJ": (("0901", "0902"), ("食品安全", "药品安全", "特种设备安全", "价格监督检查", "知识产权保护")),
    "YB": (("1502",), ("医疗保障", "医保基金监管", "城乡居民医保参保", "医保支付方式改革")),
    "CG": (("1001",), ("市容环境", "违法建设治理", "生活垃圾分类", "户外广告管理", "市政设施维护")),
    "TYJR": (("1505",), ("退役军人就业创业", "优抚对象抚恤", "双拥工作", "军休服务")),
    "TJ": (("0305",), ("统计调查", "经济普查", "统计执法", "统计数据发布")),
    "SJJ": (("0404",), ("审计监督", "经济责任审计", "审计整改", "政府投资项目审计")),
}
GOVERNMENT_WORK = (("0203", "0206", "0301", "0201", "1001"),
                   ("政务公开", "营商环境", "安全生产", "乡村振兴", "民生实事", "防汛抗旱", "项目建设", "数字政府建设"))
TOWN_WORK = (("0601", "1701", "0203", "1001"),
             ("人居环境整治", "社会救助", "防汛抗旱", "农村集体“三资”管理", "移风易俗", "耕地保护", "安全生产"))
# Department code → key areas of its catalogue (国办发〔2019〕54号), for county departments.
DEPARTMENT_AREAS = {
    "ZRZY": ("k06", "k11"), "ZJ": ("k08", "k09", "k10"), "GA": ("k21",), "RS": ("k17", "k18"),
    "NY": ("k22", "k15"), "SJ": ("k23",), "JY": ("k25",),
}
GOVERNMENT_AREAS = ("k01", "k02", "k03", "k12")
TOWN_AREAS = ("k19", "k22", "k16", "k20")
CATALOGUE_LINES = {
    "k01": ("审批服务", "项目审批核准备案信息"), "k02": ("交易公告", "交易结果信息"), "k03": ("财政预算", "财政决算"),
    "k06": ("征收土地信息", "征地补偿安置"), "k08": ("政策文件", "农村危房改造对象认定"), "k09": ("保障性住房分配", "政策法规"),
    "k10": ("供水服务", "燃气服务"), "k11": ("城乡规划编制", "规划许可"), "k12": ("环境监测", "建设项目环评审批"),
    "k15": ("扶贫政策", "扶贫项目"), "k16": ("救灾物资", "灾害救助政策"), "k17": ("就业政策", "招聘信息"),
    "k18": ("参保缴费", "社会保险待遇"), "k19": ("最低生活保障", "特困人员救助供养"), "k20": ("养老服务机构", "高龄津贴"),
    "k21": ("户口迁移", "居民身份证办理"), "k22": ("耕地地力保护补贴", "农机购置补贴"), "k23": ("食品生产经营许可", "监督抽检"),
    "k25": ("招生入学", "学生资助"),
}
# What an item filed under a catalogue line is about (its titles read 关于开展2026年{topic}工作的通知 …), so
# the public catalogue lists notices about 户籍管理 under 户口迁移, not whatever the agency happened to publish.
LINE_TOPICS = {
    "项目审批核准备案信息": "项目审批核准备案", "交易公告": "公共资源交易", "交易结果信息": "公共资源交易",
    "财政预算": "财政预算管理", "财政决算": "财政决算公开", "征收土地信息": "土地征收", "政策文件": "农村危房改造",
    "农村危房改造对象认定": "农村危房改造", "政策法规": "保障性住房", "供水服务": "城乡供水保障",
    "燃气服务": "城镇燃气安全", "城乡规划编制": "国土空间规划编制", "规划许可": "建设工程规划许可",
    "扶贫政策": "巩固拓展脱贫攻坚成果", "扶贫项目": "衔接推进乡村振兴补助资金项目", "救灾物资": "救灾物资发放",
    "灾害救助政策": "自然灾害救助", "就业政策": "稳就业", "招聘信息": "就业招聘服务",
    "参保缴费": "城乡居民医保参保缴费", "社会保险待遇": "社会保险待遇发放", "养老服务机构": "养老服务",
    "高龄津贴": "高龄津贴发放", "户口迁移": "户籍管理", "招生入学": "义务教育招生入学", "监督抽检": "食品安全监督抽检",
}
CATALOGUE_GENRES = ("notice", "news", "licensing", "other_document")
P_CATALOGUE = 0.3
CATALOGUE_BASIS = "《中华人民共和国政府信息公开条例》；国务院办公厅《关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）"

# Genre mix of the items an agency publishes in a month (budgets, annual reports, rules come on their own).
MONTHLY_MIX = (
    ("news", 33.0), ("notice", 24.0), ("other_document", 8.0), ("normative", 4.0), ("statistics", 4.0),
    ("personnel", 4.0), ("licensing", 6.0), ("enforcement", 4.0), ("procurement", 4.0), ("emergency", 2.0),
    ("plan", 0.8), ("proposal_reply", 2.0),
)
ART20_BY_GENRE = {
    "rule": ("1",), "normative": ("1",), "plan": ("3",), "statistics": ("4",), "licensing": ("5",),
    "enforcement": ("6",), "budget": ("7",), "procurement": ("9",), "emergency": ("12",), "personnel": ("14",),
    "other_document": ("15",),
}
WITHDRAWAL_REASONS = (
    "正文附件上传有误，已更正后重新发布", "误将内部工作信息作为主动公开信息发布", "文件已被上级机关决定撤销",
    "公示名单中个人信息未作处理，撤回后重新发布", "重复发布",
)
LATE_SHARE = 0.03  # published after the 20 working days of art. 26
P_INTERPRETATION_LATE = 0.12
P_INTERPRETATION_MISSING = 0.08
P_REPEALED, P_EXPIRED, P_AMENDED = 0.10, 0.05, 0.06
P_WITHDRAWN = 0.005
P_FILED = 0.004


@dataclass
class _Org:
    spec: AgencySpec
    kind: str  # gov | dept | town
    short: str  # 示, 临, 丰 … the place's one-character abbreviation
    prefix: str  # document-number prefix, e.g. 示自然资规 → "示自然资"; governments "示政"
    dept: str | None  # department code for departments
    place: str  # 示例市 / 临江区 / 丰乐镇
    weight: float

    @property
    def code(self) -> str:
        return self.spec.code


def _orgs(agencies: tuple[AgencySpec, ...]) -> list[_Org]:
    city_abbr = {c: abbr for c, _, _, _, abbr, _ in N.CITY_DEPARTMENTS}
    county_abbr = {c: abbr for c, _, _, abbr, _ in N.COUNTY_DEPARTMENTS}
    counties = {s: (name, short) for s, name, _, short in N.COUNTIES}
    out = []
    for a in agencies:
        parts = a.code.split("-")
        if a.level == "region":
            continue
        if a.code == "GK-GOV":
            out.append(_Org(a, "gov", N.CITY_SHORT, f"{N.CITY_SHORT}政", None, N.CITY, 6.0))
        elif len(parts) == 2 and parts[1] in city_abbr:
            out.append(_Org(a, "dept", N.CITY_SHORT, f"{N.CITY_SHORT}{city_abbr[parts[1]]}", parts[1], N.CITY, 1.0))
        elif len(parts) == 2 and parts[1] in counties:
            name, short = counties[parts[1]]
            out.append(_Org(a, "gov", short, f"{short}政", None, name, 1.6))
        elif len(parts) == 3 and parts[2].startswith("T"):
            town = a.short_name.removesuffix("办事处").removesuffix("人民政府")
            out.append(_Org(a, "town", town[0], f"{town[:2]}{'办' if town.endswith('街道') else '政'}", None, town, 0.3))
        elif len(parts) == 3:
            name, short = counties[parts[1]]
            out.append(_Org(a, "dept", short, f"{short}{county_abbr.get(parts[2], parts[2])}", parts[2], name, 0.35))
    return out


def _work(org: _Org) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if org.kind == "gov":
        return GOVERNMENT_WORK
    if org.kind == "town":
        return TOWN_WORK
    return DEPARTMENT_WORK.get(org.dept or "", GOVERNMENT_WORK)


def _uscc(i: int, org: _Org) -> str:
    """A valid 统一社会信用代码 of an organ: 1 (机构编制) 1 (机关), the area code, the organisation code."""
    area = "429900" if org.place == N.CITY else f"4299{(i % 7) + 1:02d}"
    return make_uscc(f"11{area}{make_org_code(f'GK{i:06d}')}")


class _Generator:
    def __init__(self, agencies: tuple[AgencySpec, ...], seed: int, scale: float, today: date):
        self.rng = random.Random(seed)
        self.orgs = _orgs(agencies)
        self.scale, self.today = scale, today
        self.items: list[ItemSpec] = []
        self.serial: dict[tuple[str, int, str], int] = {}  # (prefix, year, kind) → last 文号 number
        self.catalogue: list[CatalogueSpec] = []
        self.catalogue_of: dict[str, list[str]] = {}
        self.seq = 0
        self.position: dict[str, int] = {}  # key → index in self.items

    # -- helpers -------------------------------------------------------------------------------------------
    def key(self, org: _Org) -> str:
        self.seq += 1
        return f"{org.code}#{self.seq:06d}"

    def doc_no(self, org: _Org, year: int, kind: str) -> str:
        n = self.serial.get((org.prefix, year, kind), 0) + 1
        self.serial[(org.prefix, year, kind)] = n
        return f"{org.prefix}{kind}〔{year}〕{n}号"

    def day_in(self, first: date, last: date) -> date:
        last = min(last, self.today)
        d = first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))
        if d.weekday() >= 5:  # offices publish on working days
            d -= timedelta(days=d.weekday() - 4)
        return max(d, first) if d >= first else first

    def formed(self, published: date) -> date:
        """The formed-or-changed date: a few days before publication, or (art. 26 late) weeks before."""
        if self.rng.random() < LATE_SHARE:
            return published - timedelta(days=self.rng.randint(35, 70))
        return published - timedelta(days=self.rng.choice((0, 0, 1, 1, 2, 3, 5, 7, 9)))

    def channels(self, genre: str) -> tuple[str, ...]:
        rng, out = self.rng, ["portal"]
        share = {"news": 0.45, "interpretation": 0.6, "notice": 0.25, "normative": 0.3, "rule": 0.5}.get(genre, 0.08)
        if rng.random() < share:
            out.append("wechat")
        if rng.random() < share * 0.6:
            out.append("weibo")
        if rng.random() < share * 0.35:
            out.append("app")
        if genre in ("normative", "rule", "plan", "interpretation") and rng.random() < 0.08:
            out.append("press_conference")
        if genre in ("notice", "news") and rng.random() < 0.03:
            out.append("newspaper_tv")
        return tuple(out)

    def body(self, org: _Org, topic: str, lead: str, points: int, signed: date) -> str:
        rng = self.rng
        verbs = ("加强组织领导", "压实工作责任", "强化监督检查", "做好宣传引导", "健全长效机制", "加强部门协同",
                 "优化办事流程", "强化信息公开")
        paras = [f"<p>{lead}</p>"]
        for i, verb in enumerate(rng.sample(verbs, points), 1):
            paras.append(f"<p>{_NUMERALS[i]}、{verb}。各有关单位要围绕{topic}工作目标，细化任务分工，明确时间节点，"
                         f"确保各项措施落实落地。</p>")
        paras.append(f"<p>{org.spec.name}</p><p>{signed.year}年{signed.month}月{signed.day}日</p>")
        return "".join(paras)

    # -- items -----------------------------------------------------------------------------------------------
    def add(self, org: _Org, genre: str, published: date, *, title: str, doc_number: str = "",
            subject: str | None = None, written: date | None = None, lead: str = "", topic: str = "",
            interprets: str | None = None, art20: tuple[str, ...] | None = None, catalogue: str | None = None,
            **extra) -> ItemSpec:
        subjects, topics = _work(org)
        topic = topic or self.rng.choice(topics)
        formed = self.formed(published)
        written = written or formed
        lead = lead or f"为进一步做好{topic}工作，根据有关法律法规和上级部门工作部署，结合{org.place}实际，现将有关事项公布如下。"
        channels = extra.pop("channels", None) or self.channels(genre)
        spec = ItemSpec(
            key=self.key(org), agency=org.code, genre=genre, title=title, doc_number=doc_number,
            subject=subject or self.rng.choice(subjects), written_on=min(written, formed), formed_on=formed,
            published_on=published, art20=art20 if art20 is not None else ART20_BY_GENRE.get(genre, ()),
            channels=channels, summary=f"{org.spec.name}{title}" if len(title) < 60 else title,
            body_html=self.body(org, topic, lead, self.rng.randint(2, 4), written),
            interprets=interprets, catalogue=catalogue, **extra)
        self.items.append(spec)
        self.position[spec.key] = len(self.items) - 1
        return spec

    def policy(self, org: _Org, published: date, genre: str = "normative") -> None:
        rng = self.rng
        _, topics = _work(org)
        topic = rng.choice(topics)
        year = published.year
        if genre == "rule":
            n = self.serial.get(("令", year, ""), 0) + 1
            self.serial[("令", year, "")] = n
            name = f"{N.CITY}{topic}管理办法"
            title, doc_number = f"{name}", f"{N.CITY}人民政府令第{(year - 2020) * 10 + n}号"
        else:
            kind = rng.choice(("管理办法", "实施细则", "若干措施", "实施办法", "管理规定"))
            name = f"{org.place}{topic}{kind}"
            if rng.random() < 0.35:
                name = f"关于进一步加强{topic}工作的实施意见"
                title = f"{org.spec.name}{name}"
            else:
                title = f"{org.spec.name}关于印发《{name}》的通知"
            doc_number = self.doc_no(org, year, "规")
        spec = self.add(org, genre, published, title=title, doc_number=doc_number, topic=topic,
                        lead=f"《{name}》已经{org.spec.name}研究同意，现予印发，请认真贯彻执行。")
        self.interpretation(org, spec, name)
        self.validity(org, spec, name, topic)

    def interpretation(self, org: _Org, policy: ItemSpec, name: str) -> None:
        rng = self.rng
        r = rng.random()
        if r < P_INTERPRETATION_MISSING:
            return
        on = policy.published_on
        if r < P_INTERPRETATION_MISSING + P_INTERPRETATION_LATE:
            on = on + timedelta(days=rng.randint(8, 40))
            if on > self.today:
                return
        form = rng.choice(("《{}》政策解读", "一图读懂《{}》", "《{}》解读", "图解：《{}》"))
        self.add(org, "interpretation", on, title=form.format(name), subject=policy.subject,
                 lead=f"近日，{org.spec.name}印发了《{name}》（{policy.doc_number}）。为便于社会公众理解，现就有关内容解读如下。",
                 interprets=policy.key, art20=())

    def validity(self, org: _Org, policy: ItemSpec, name: str, topic: str) -> None:
        """Later changes of a policy's 有效性: repealed (some replaced by a new document), expired, amended."""
        rng = self.rng
        r = rng.random()
        if r >= P_REPEALED + P_EXPIRED + P_AMENDED:
            return
        on = policy.published_on + timedelta(days=rng.randint(120, 900))
        if on > self.today:
            return
        if r < P_EXPIRED:
            change = ValidityChange(on, "expired", None, "有效期届满，自动失效")
        else:
            amended = r < P_EXPIRED + P_AMENDED
            if amended:
                title = f"{org.spec.name}关于修改《{name}》的决定"
            else:
                title = f"{org.spec.name}关于印发《{name}（{on.year}年修订）》的通知"
            genre = policy.genre
            doc_number = (self.doc_no(org, on.year, "规") if genre == "normative"
                          else f"{N.CITY}人民政府令第{(on.year - 2020) * 10 + 9}号")
            successor = self.add(org, genre, on, title=title, doc_number=doc_number, topic=topic,
                                 lead=f"为适应{topic}工作新形势，{org.spec.name}决定对《{name}》作如下修改。" if amended
                                 else f"《{name}》已经修订，现予印发，原文件同时废止。")
            change = ValidityChange(on, "amended" if amended else "repealed", successor.key,
                                    "经修改，以修改后的文本为准" if amended else "已被修订后的文件替代")
            if not amended and rng.random() < 0.5:
                change = ValidityChange(on, "repealed", successor.key, "经清理决定废止，由新文件替代")
        self.items[self.position[policy.key]] = _replace(policy, validity_change=change)

    def monthly(self, org: _Org, first: date, last: date, n: int) -> None:
        rng = self.rng
        keys, weights = zip(*MONTHLY_MIX, strict=True)
        for _ in range(n):
            genre = rng.choices(keys, weights)[0]
            on = self.day_in(first, last)
            if genre == "normative":
                if org.kind == "town":
                    genre = "notice"
                else:
                    self.policy(org, on)
                    continue
            if genre == "plan" and org.kind == "town":
                genre = "notice"
            self.generic(org, genre, on)

    def catalogue_line(self, org: _Org, genre: str) -> tuple[str, str] | None:
        """Now and then an item fulfils one of the agency's catalogue lines: (its key, the topic it is about)."""
        entries = self.catalogue_of.get(org.code)
        if not entries or genre not in CATALOGUE_GENRES or self.rng.random() >= P_CATALOGUE:
            return None
        key = self.rng.choice(entries)
        line = key.rsplit("@", 1)[1]
        return key, LINE_TOPICS.get(line, line)

    def generic(self, org: _Org, genre: str, on: date) -> None:
        rng = self.rng
        _, topics = _work(org)
        line = self.catalogue_line(org, genre)
        topic = line[1] if line else rng.choice(topics)
        catalogue = line[0] if line else None
        short = org.spec.short_name
        y, m = on.year, on.month
        if genre == "news":
            title = rng.choice((f"{short}召开{topic}工作推进会", f"{short}开展{topic}专项检查",
                                f"{short}组织开展{topic}业务培训", f"{short}主要负责同志调研{topic}工作",
                                f"{short}扎实推进{topic}工作", f"{short}召开{y}年{topic}工作部署会",
                                f"{short}举行{topic}新闻发布会"))
            channels = self.channels(genre)
            if "新闻发布会" in title and "press_conference" not in channels:
                channels = (*channels, "press_conference")
            self.add(org, genre, on, title=title, topic=topic, channels=channels, catalogue=catalogue)
        elif genre == "notice":
            village = rng.choice(N.VILLAGES)
            title = rng.choice((f"关于开展{y}年{topic}工作的通知", f"关于{y}年{topic}有关事项的公告",
                                f"关于{topic}拟认定名单的公示", f"关于{village}村{topic}情况的公示",
                                f"关于做好{y}年{topic}工作的通知"))
            self.add(org, genre, on, title=title, topic=topic, catalogue=catalogue,
                     art20=("t8",) if org.kind == "town" and "救助" in topic else ())
        elif genre == "other_document":
            self.add(org, genre, on, title=f"{org.spec.name}关于做好{topic}工作的通知", topic=topic, catalogue=catalogue,
                     doc_number=self.doc_no(org, y, "发" if org.kind != "gov" else "办发"))
        elif genre == "statistics":
            what = "主要经济指标" if org.kind == "gov" else f"{topic}工作情况统计"
            self.add(org, genre, on, title=f"{y}年{m}月{org.place}{what}", topic=topic)
        elif genre == "personnel":
            title = rng.choice((f"{org.spec.name}{y}年公开招聘工作人员公告",
                                f"{org.spec.name}{y}年公开招聘拟聘用人员公示",
                                f"{org.spec.name}关于干部任前公示的公告"))
            self.add(org, genre, on, title=title, subject="1503")
        elif genre == "licensing":
            self.add(org, genre, on, title=f"{short}{y}年{m}月行政许可办理结果公示", topic=topic, catalogue=catalogue)
        elif genre == "enforcement":
            number = self.doc_no(org, y, "罚")
            self.add(org, genre, on, title=f"{short}行政处罚决定书（{number}）", doc_number=number, topic=topic)
        elif genre == "procurement":
            project = rng.choice(N.PROJECTS)
            title = rng.choice((f"{project}项目采购意向公开", f"{project}项目中标（成交）结果公告",
                                f"{org.spec.name}{y}年政府采购意向"))
            self.add(org, genre, on, title=title, subject="0401")
        elif genre == "emergency":
            hazard = rng.choice(("防汛防台风", "地质灾害防治", "安全生产", "森林防灭火") if 4 <= m <= 9
                                else ("森林防灭火", "低温雨雪冰冻灾害防范", "安全生产", "燃气安全"))
            self.add(org, genre, on, title=f"关于做好{y}年{hazard}工作的通知", topic=hazard, subject="0201")
        elif genre == "plan":
            title = rng.choice((f"{org.place}“十四五”{topic}规划", f"{org.spec.name}{y}年{topic}工作要点",
                                f"{org.place}{topic}三年行动方案（{y}—{y + 2}年）"))
            plan = self.add(org, genre, on, title=title, topic=topic,
                            doc_number=self.doc_no(org, y, "发" if org.kind != "gov" else "办发"))
            self.interpretation(org, plan, title.split("》")[0].strip("《"))
        elif genre == "proposal_reply":
            who = rng.choice(("市人大代表", "市政协委员")) if org.place == N.CITY else rng.choice(("县人大代表", "县政协委员"))
            n = rng.randint(1, 320)
            kind = "建议" if "人大" in who else "提案"
            self.add(org, genre, on, title=f"关于对{who}第{n}号{kind}的答复", topic=topic, subject="0207")

    def yearly(self, org: _Org, year: int) -> None:
        """Budgets (within 20 days of approval), final accounts, the annual report; the city's rules."""
        if org.kind == "town" and self.rng.random() < 0.5:
            return
        for genre, first, last, title in (
                ("budget", date(year, 2, 5), date(year, 2, 24), f"{org.spec.name}{year}年部门预算"),
                ("budget", date(year, 8, 1), date(year, 8, 30), f"{org.spec.name}{year - 1}年部门决算"),
                ("annual_report", date(year, 1, 10), date(year, 1, 30),
                 f"{org.spec.name}{year - 1}年政府信息公开工作年度报告")):
            if first <= self.today and self.rng.random() < self.scale * 4:
                self.add(org, genre, self.day_in(first, last), title=title, subject="0401" if genre == "budget" else "0203")
        if org.code == "GK-GOV":
            for _ in range(max(1, round(3 * self.scale))):
                on = self.day_in(date(year, 3, 1), date(year, 12, 20))
                if on <= self.today:
                    self.policy(org, on, genre="rule")

    def filed(self, org: _Org, on: date) -> None:
        """Information not for proactive disclosure, filed with its reason and basis (never published)."""
        _, topics = _work(org)
        topic = self.rng.choice(topics)
        if self.rng.random() < 0.5:
            extra = dict(attribute="on_request", withholding_basis="on_request_specific",
                         withholding_reason="涉及特定行政相对人，不具有普遍公开的必要，依申请公开。")
            title = f"关于{self.rng.choice(N.ESTATES)}{topic}事项的批复"
        else:
            extra = dict(attribute="withheld", withholding_basis="art16_process",
                         withholding_reason="属于行政机关在履行行政管理职能过程中形成的请示报告，不予公开。")
            title = f"关于{topic}工作情况的请示"
        spec = self.add(org, "other_document", on, title=title, topic=topic, doc_number=self.doc_no(org, on.year, "文"),
                        **extra)
        self.items[-1] = _replace(spec, published_on=None)

    def catalogue_lines(self) -> None:
        for org in self.orgs:
            if org.place == N.CITY:
                continue
            areas = (GOVERNMENT_AREAS if org.kind == "gov" else TOWN_AREAS if org.kind == "town"
                     else DEPARTMENT_AREAS.get(org.dept or "", ()))
            for area in areas:
                for second in CATALOGUE_LINES.get(area, ()):
                    key = f"{org.code}@{area}@{second}"
                    self.catalogue.append(CatalogueSpec(
                        key=key, agency=org.code, area=area, first_level=second, second_level="",
                        content=f"{second}的政策依据、办理程序、结果等信息", basis=CATALOGUE_BASIS,
                        responsible=org.spec.name, channels=("政府网站", "两微一端") if org.kind != "town"
                        else ("政府网站", "便民服务站", "社区/企事业单位/村公示栏（电子屏）"),
                        level="乡级" if org.kind == "town" else "县级"))
                    self.catalogue_of.setdefault(org.code, []).append(key)

    def run(self) -> list[ItemSpec]:
        self.catalogue_lines()
        total_weight = sum(o.weight for o in self.orgs)
        per_month = ITEMS_PER_YEAR * self.scale / 12 / total_weight * 0.82  # the rest: policies' extras, yearly items
        m = REGISTRY_START
        while m <= self.today:
            nxt = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
            for org in self.orgs:
                if m.month == 1:
                    self.yearly(org, m.year)
                lam = per_month * org.weight
                n = int(lam) + (1 if self.rng.random() < lam - int(lam) else 0)
                self.monthly(org, m, nxt - timedelta(days=1), n)
                if self.rng.random() < P_FILED * lam:
                    self.filed(org, self.day_in(m, nxt - timedelta(days=1)))
            m = nxt
        for i, spec in enumerate(self.items):
            if (spec.published_on and spec.genre not in ("rule", "normative") and spec.interprets is None
                    and self.rng.random() < P_WITHDRAWN):
                on = spec.published_on + timedelta(days=self.rng.randint(1, 30))
                if on <= self.today:
                    self.items[i] = _replace(spec, withdrawn=(on, self.rng.choice(WITHDRAWAL_REASONS)))
        return sorted(self.items, key=lambda s: (s.published_on or s.formed_on, s.key))


_NUMERALS = "〇一二三四五六七八九十"


def _replace(spec: ItemSpec, **changes) -> ItemSpec:
    from dataclasses import replace

    return replace(spec, **changes)


def _gazette(items: list[ItemSpec], agencies: list[_Org], today: date) -> tuple[GazetteSpec, ...]:
    """The city government's 政府公报: one issue a month (dated the 28th, or today for the current month if
    it is later), with the month's 规章, the city government's documents and its departments' 规范性文件."""
    city = {o.code for o in agencies if o.place == N.CITY}
    sections = {("GK-GOV", "rule"): (0, "市政府规章"), ("GK-GOV", "normative"): (1, "市政府文件"),
                ("GK-GOV", "other_document"): (2, "市政府办公室文件"), ("GK-GOV", "personnel"): (4, "人事任免")}
    eligible = [s for s in items if s.published_on and s.agency in city and s.withdrawn is None
                and ((s.agency, s.genre) in sections or s.genre == "normative")]
    out, previous, total = [], date(2022, 12, 28), 300
    m = REGISTRY_START
    while True:
        issue_on = date(m.year, m.month, 28)
        if issue_on > today:
            break
        contents = [s for s in eligible if previous < s.published_on <= issue_on]
        ordered = sorted(contents, key=lambda s: (sections.get((s.agency, s.genre), (3, "部门文件"))[0],
                                                  s.published_on, s.key))
        total += 1
        out.append(GazetteSpec(m.year, m.month, total, issue_on,
                               tuple((sections.get((s.agency, s.genre), (3, "部门文件"))[1], s.key) for s in ordered)))
        previous = issue_on
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return tuple(g for g in out if g.entries)


def generate_registry(agencies: tuple[AgencySpec, ...], *, seed: int = 2026, scale: float = 1.0,
                      today: date = REGISTRY_TODAY) -> RegistryPlan:
    """The demo region's registry from REGISTRY_START to `today` (see the module doc)."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    gen = _Generator(agencies, seed, scale, today)
    items = gen.run()
    uscc = {o.code: _uscc(i, o) for i, o in enumerate(gen.orgs, 1)}
    return RegistryPlan(items=tuple(items), catalogue=tuple(gen.catalogue), gazette=_gazette(items, gen.orgs, today),
                        gazette_agency="GK-GOV", uscc=uscc)
