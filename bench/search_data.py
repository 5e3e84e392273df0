"""Realistic-looking published items for the search benchmark (deterministic for a seed).

Titles follow the shapes of real government documents (关于…的通知/意见/公告, 办法, 条例, 工作动态), bodies
are 4–12 sentences (about 300–1,000 characters) drawn from topic sentences and common boilerplate, with
numbers and dates, so common words (工作, 通知, 管理) occur in most items and topical ones in few.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from gongkai.core.search.model import SearchDoc

TOPICS = {
    "最低生活保障": ["城乡低保标准", "低保对象认定", "低保资金发放", "最低生活保障家庭收入核算"],
    "特困人员救助供养": ["五保供养", "特困人员认定", "供养服务机构"],
    "医疗保障": ["城乡居民医保缴费", "医保目录调整", "医疗保险定点机构", "大病保险"],
    "社会保险": ["养老保险缴费基数", "失业保险稳岗返还", "工伤保险认定", "社保卡办理"],
    "住房公积金": ["公积金提取", "公积金贷款", "缴存基数调整"],
    "保障性住房": ["公共租赁住房分配", "保障性租赁住房建设", "棚户区改造", "老旧小区改造"],
    "营商环境": ["放管服改革", "一网通办", "证照分离", "优化营商环境条例实施"],
    "教育": ["义务教育招生入学", "双减工作", "校外培训机构治理", "普通高中招生", "高考报名"],
    "卫生健康": ["传染病防控", "家庭医生签约服务", "基本公共卫生服务", "医疗机构执业登记"],
    "生态环境": ["环境空气质量", "水污染防治", "建设项目环境影响评价", "生态保护红线"],
    "自然资源": ["国土空间规划", "建设用地规划许可", "耕地保护", "不动产登记"],
    "应急管理": ["安全生产检查", "防汛抗旱", "突发事件应急预案", "森林防火"],
    "财政": ["部门预算公开", "部门决算", "三公经费", "政府采购", "转移支付资金"],
    "统计": ["国民经济和社会发展统计公报", "居民消费价格", "规模以上工业增加值"],
    "交通运输": ["公交线路调整", "道路交通管制", "农村公路建设", "长江大桥维修"],
    "市场监管": ["食品安全抽检", "双随机一公开", "特种设备安全", "价格监督检查"],
    "农业农村": ["春耕备耕", "高标准农田建设", "乡村振兴", "农村人居环境整治"],
    "文化旅游": ["非物质文化遗产保护", "公共文化服务", "旅游景区管理"],
    "政务公开": ["政府信息公开年度报告", "政务公开工作要点", "依申请公开办理", "政策解读"],
    "人力资源": ["公开招聘事业单位工作人员", "最低工资标准", "职业技能培训", "根治欠薪"],
}
ACTIONS = ["印发", "做好", "开展", "加强", "进一步规范", "调整", "公布", "推进", "实施", "下达", "表彰", "征求"]
FORMS = {
    "通知公告": ["的通知", "的公告", "的通告"],
    "行政规范性文件": ["管理办法", "实施细则", "暂行规定", "实施意见"],
    "其他文件": ["的意见", "的批复", "的函"],
    "工作动态": ["工作情况", "工作推进会召开", "专题调研"],
    "政策解读": ["政策解读", "问答"],
    "统计信息": ["统计信息", "数据发布"],
    "规划": ["专项规划", "三年行动计划"],
    "财政预决算": ["预算公开说明", "决算公开"],
}
GENRES = list(FORMS)
SUBJECTS = [f"{a:02d}{b:02d}" for a in range(1, 22) for b in range(1, 6)]
VALIDITY = ["有效", "有效", "有效", "失效", "废止", "已修改"]
CHANNELS = ["portal", "gazette", "weibo", "weixin", "app", "press", "newspaper", "reading_point"]
BOILERPLATE = [
    "各区县人民政府，市政府各部门，各直属机构：",
    "现将有关事项通知如下，请结合实际认真贯彻执行。",
    "为深入贯彻落实党中央、国务院决策部署，进一步提升工作质量和效率，",
    "各单位要高度重视，加强组织领导，明确责任分工，确保各项任务落到实处。",
    "本办法自发布之日起施行，有效期五年。",
    "执行中遇到的问题，请及时向市人民政府办公室反映。",
    "坚持以人民为中心的发展思想，统筹发展和安全，",
    "要加强宣传引导，及时回应社会关切，营造良好氛围。",
    "对工作中发现的问题要建立台账，限期整改，并将整改情况报送市政府。",
    "联系人及电话见附件。",
    "经市人民政府同意，",
    "根据《中华人民共和国政府信息公开条例》和有关法律法规的规定，",
]


def agency_tree(cities: int = 10, per_city: int = 30) -> dict[int, tuple[int, ...]]:
    """Agency id → path (itself last): a province (1), its cities, and each city's departments/counties."""
    paths = {1: (1,)}
    next_id = 2
    for _ in range(cities):
        city = next_id
        next_id += 1
        paths[city] = (1, city)
        for _ in range(per_city):
            paths[next_id] = (1, city, next_id)
            next_id += 1
    return paths


def generate(count: int, *, seed: int = 0, start_id: int = 1) -> Iterator[SearchDoc]:
    rng = random.Random(seed)
    paths = agency_tree()
    agencies = list(paths)
    topics = list(TOPICS)
    first_day = date(2015, 1, 1)
    span = (date(2026, 11, 20) - first_day).days
    for n in range(count):
        item_id = start_id + n
        topic = rng.choice(topics)
        sub = rng.choice(TOPICS[topic])
        genre = rng.choice(GENRES)
        agency = rng.choice(agencies)
        published = first_day + timedelta(days=int(span * (n / max(1, count - 1))))  # ids grow with time
        title = f"关于{rng.choice(ACTIONS)}{sub}{rng.choice(FORMS[genre])}"
        if genre == "工作动态":
            title = f"{sub}{rng.choice(FORMS[genre])}"
        sentences = [rng.choice(BOILERPLATE)]
        for _ in range(rng.randint(3, 11)):
            kind = rng.random()
            other = rng.choice(TOPICS[topic])
            if kind < 0.35:
                sentences.append(f"{published.year}年全市{other}工作共涉及{rng.randint(2, 980)}个项目，"
                                 f"资金{rng.randint(10, 9000)}万元，同比增长{rng.randint(1, 30)}.{rng.randint(0, 9)}%。")
            elif kind < 0.65:
                sentences.append(f"围绕{topic}领域，重点做好{other}和{rng.choice(TOPICS[rng.choice(topics)])}"
                                 f"等工作，自{published.month}月{published.day}日起组织实施。")
            else:
                sentences.append(rng.choice(BOILERPLATE))
        body = "".join(sentences)
        doc_number = ""
        if genre in ("通知公告", "行政规范性文件", "其他文件") and rng.random() < 0.7:
            doc_number = f"示{rng.choice('政民教财卫建农')}{rng.choice(['发', '办发', '规'])}〔{published.year}〕{rng.randint(1, 300)}号"
        yield SearchDoc(
            item_id=item_id, title=title, doc_number=doc_number,
            index_no=f"11330100MB{agency:07d}X/{published.year}-{item_id % 100000:05d}",
            body_text=body, attachment_text="", agency_id=agency, agency_path=paths[agency],
            subject=rng.choice(SUBJECTS), genre=genre, year=published.year,
            validity=rng.choice(VALIDITY) if genre == "行政规范性文件" else "",
            channels=tuple(sorted(set(["portal"] + rng.sample(CHANNELS[1:], rng.randint(0, 2))))),
            published=published)


QUERIES = {
    1: ["通知", "工作", "低保", "公积金", "营商环境", "传染病", "非物质文化遗产", "长江大桥", "税", "社保",
        "医保", "双减", "政策解读", "老旧小区改造", "安全生产", "预算", "乡村振兴", "招聘", "统计公报", "防汛"],
    2: ["低保 标准", "公积金 提取", "营商环境 一网通办", "养老保险 缴费", "工作 通知", "食品 抽检",
        "义务教育 招生", "三公经费 决算", "应急预案 突发事件", "政府信息公开 年度报告"],
    3: ["关于 印发 通知", "城乡 低保 资金", "社保 卡 办理", "国土空间规划 耕地 保护", "医保 目录 调整",
        "双随机一公开 市场 监管"],
    4: ["关于 做好 低保 工作", "城乡居民 医保 缴费 通知", "公共租赁住房 分配 管理 办法", "政务公开 工作 要点 印发"],
}
