"""The demo region's message boxes and a year of messages (`gongkai demo load`), replayed through the
services with their historical times, so every message has its receipt, due date and audit trail as if
staff had handled it day by day.

Each agency gets its boxes (a leader's box and a consultation box; governments also a suggestion box) and
messages received over the year before `today`, on everyday subjects (低保、拆迁补偿、学区、噪音扰民、
政府信息公开申请怎么提交…): most answered in time, some late, a few left unanswered for more than three
months (the 19号 veto), some invalid, and part of the answered ones published with the writer's data
removed. Deterministic: the same seed and today give the same messages. Idempotent: an agency that already
has a box is skipped.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.core.engagement.messages import MessageInput
from gongkai.corpus import region_names as N
from gongkai.corpus.region import Region
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.clock import current_calendar

from . import services
from .models import MessageBox

# (box kind, subject, body, reply). Bodies may carry the writer's own details, as real messages do; the
# publication step removes them. {estate} {road} {village} {phone} {name} {school} are filled in.
TOPICS: tuple[tuple[str, str, str, str], ...] = (
    ("consult", "低保申请需要什么条件", "我叫{name}，家住{road}{n}号，爱人去年生病后家里没有收入，想问问申请最低生活保障需要什么条件、"
     "准备哪些材料，在哪里办理？联系电话{phone}。",
     "您好！申请城乡居民最低生活保障，以家庭为单位向户籍所在地乡镇人民政府（街道办事处）提出，需提供户口簿、身份证、"
     "家庭收入和财产情况说明等材料。家庭人均收入低于当地低保标准且符合财产条件的，经审核审批后纳入保障。"),
    ("leader", "{project}拆迁补偿标准不一致", "{project}项目征收我家房屋，邻居同样面积的房子补偿比我家多，请问补偿标准是怎么定的？"
     "我的身份证号{id_number}，房子在{village}村{n}组。",
     "您好！征收补偿按照已公布的征收补偿方案执行，房屋价值由依法选定的评估机构评估确定，面积、结构、成新等不同会导致补偿"
     "金额不同。如对评估结果有异议，可在收到评估报告之日起10日内申请复核评估。"),
    ("consult", "孩子入学学区怎么划分", "我家在{estate}小区，孩子明年上小学，请问对口哪所学校？学区划分在哪里可以查到？",
     "您好！义务教育阶段学校招生范围每年由教育行政部门公布，可在本机关门户网站“政府信息公开—法定主动公开内容”栏目查询，"
     "也可拨打教育局招生咨询电话。"),
    ("leader", "夜间施工噪音扰民", "{estate}旁边工地每天晚上施工到十二点以后，噪音很大，老人孩子都睡不好，多次打热线没有解决。"
     "我家住{estate}{n}栋，电话{phone}。",
     "您好！经核查，该工地未取得夜间施工许可。执法人员已责令其夜间22时至次日6时停止产生噪声的施工作业，并将加强夜间巡查。"),
    ("consult", "政府信息公开申请怎么提交", "我想申请公开{project}的立项批复文件，请问应该向哪个部门申请，网上能不能提交？",
     "您好！可通过本平台“申请政府信息公开”在线提交，也可以书面形式向本机关政府信息公开工作机构提出。申请时请写明所需信息的"
     "名称、文号或便于查询的其他特征描述。"),
    ("suggest", "建议增加公交线路", "{village}村到城区只有一趟公交，每天四班，群众出行很不方便，建议增加班次或新开线路。",
     "感谢您的建议！我们已转交交通运输部门研究，将结合客流调查情况优化线路和班次安排。"),
    ("consult", "医保异地就医如何备案", "我在外地工作，想问一下医保异地就医备案怎么办理，需要回来吗？",
     "您好！可通过国家医保服务平台APP或当地医保经办机构办理异地就医备案，无需回参保地。"),
    ("leader", "小区垃圾清运不及时", "{estate}小区的垃圾站好几天没人清运，气味很大，夏天蚊蝇很多，希望尽快处理。",
     "您好！已督促环卫作业单位增加清运频次，做到日产日清，并对垃圾站进行了消杀。"),
    ("consult", "公租房申请进度查询", "我去年十月递交了公租房申请，到现在还没有消息，请问审核到哪一步了？我的手机{phone}。",
     "您好！您的申请已通过资格审核，目前处于轮候阶段，房源配租时将电话通知您。"),
    ("leader", "农民工工资被拖欠", "我在{project}工地干了半年活，包工头拖欠工资三万多元，找了很多次都说没钱。",
     "您好！已由劳动保障监察部门立案调查，责令施工总承包单位限期支付，请保持电话畅通配合调查。"),
    ("suggest", "建议公开财政预算更详细", "建议在门户网站公开部门预算时把三公经费的明细也一并公开，方便群众监督。",
     "感谢您的建议！我们将按照预决算公开的有关规定，进一步细化公开内容。"),
    ("consult", "企业开办需要多长时间", "我想在{road}开一家小餐馆，营业执照和食品经营许可证一共需要多长时间？",
     "您好！企业开办全程网上办理，营业执照一般1个工作日内办结，食品经营许可在材料齐全的情况下10个工作日内办结。"),
    ("leader", "道路破损影响出行", "{road}靠近{estate}路段有好几个大坑，下雨积水，电动车经常摔倒，希望尽快修补。",
     "您好！已安排养护单位对该路段进行修补，预计本月底前完成。"),
)
INVALID_BODIES = (
    ("advertising", "优惠办证", "专业代办各类证件，价格优惠，联系微信号abc123456，欢迎咨询。"),
    ("empty", "你好", "你好你好你好你好你好你好"),
    ("abuse", "投诉", "你们这些人都是吃干饭的，什么事都不办！！！！！！"),
)


@dataclass
class LoadResult:
    created: int = 0  # messages
    boxes: int = 0
    existing: int = 0  # agencies skipped (already have boxes)
    published: int = 0


def _people(region: Region) -> dict[tuple[str, str], object]:
    users = {u.username: u for u in get_user_model().objects.filter(username__in={s.username for s in region.staff})}
    out: dict[tuple[str, str], object] = {}
    for s in region.staff:
        for role in s.roles:
            if s.username in users:
                out.setdefault((s.agency, role), users[s.username])
    return out


def _aware(d: date, t: time) -> datetime:
    return timezone.make_aware(datetime.combine(d, t))


def _person(rng: random.Random) -> str:
    given = rng.choice(N.GIVEN_CHARS) + (rng.choice(N.GIVEN_CHARS) if rng.random() < 0.6 else "")
    return rng.choice(N.SURNAMES) + given


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


def _id_number(rng: random.Random) -> str:
    from gongkai.core.applications.identity import resident_id_checksum

    body = f"{rng.choice(('110105', '320102', '510104'))}{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}" \
           f"{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return body + resident_id_checksum(body)


def _boxes(agency: Agency, short: str, admin) -> list[MessageBox]:
    plan = [("leader", f"{short}领导信箱", 15), ("consult", "咨询留言", 10)]
    if agency.level == "government":
        plan.append(("suggest", "意见建议", 15))
    out = []
    for kind, name, days in plan:
        intro = {"leader": "反映问题、投诉举报，由本机关负责人阅批、相关科室办理。",
                 "consult": "咨询政策和办事事项。", "suggest": "对本机关工作提出意见建议。"}[kind]
        if admin is not None:
            out.append(services.box_save(agency=agency, actor=admin, kind=kind, name=name, reply_workdays=days,
                                         intro=intro))
        else:
            out.append(MessageBox.objects.create(agency=agency, kind=kind, name=name, reply_workdays=days,
                                                 intro=intro))
    return out


def _fill(text: str, rng: random.Random, name: str, phone: str) -> str:
    return text.format(name=name, phone=phone, estate=rng.choice(N.ESTATES), road=rng.choice(N.ROADS),
                       village=rng.choice(N.VILLAGES), project=rng.choice(N.PROJECTS), n=rng.randint(1, 88),
                       id_number=_id_number(rng), school="")


PER_YEAR = {"government": 30, "department": 8, "office": 4}


def load_messages(region: Region, *, seed: int = 2026, today: date, scale: float = 1.0,
                  out: Callable[[str], None] = print) -> LoadResult:
    result = LoadResult()
    people = _people(region)
    calendar = current_calendar()
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[s.code for s in region.agencies])}
    with_boxes = set(MessageBox.objects.filter(agency__in=agencies.values()).values_list("agency__code", flat=True))
    start = today - timedelta(days=365)
    for spec in region.agencies:
        agency = agencies.get(spec.code)
        if agency is None or spec.level not in PER_YEAR:
            continue
        if spec.code in with_boxes:
            result.existing += 1
            continue
        # One generator per agency, seeded by its code: an agency's messages do not depend on the others.
        rng = random.Random(f"{seed}:{spec.code}:messages")
        admin = people.get((spec.code, "agency_admin"))
        handler = people.get((spec.code, "handler")) or admin
        registrar = people.get((spec.code, "registrar")) or handler
        with transaction.atomic():
            boxes = _boxes(agency, spec.short_name, admin)
            result.boxes += len(boxes)
            count = max(1, round(PER_YEAR[spec.level] * scale * rng.uniform(0.7, 1.3)))
            for _ in range(count):
                received = start + timedelta(days=rng.randrange(365))
                at = _aware(received, time(rng.choice((8, 9, 10, 11, 14, 15, 16, 19, 21, 23)), rng.randrange(60)))
                name, phone = _person(rng), _phone(rng)
                if rng.random() < 0.06:
                    reason, subject, body = rng.choice(INVALID_BODIES)
                    kind = "consult"
                else:
                    reason = None
                    kind, subject, body, reply = rng.choice(TOPICS)
                    subject, body = _fill(subject, rng, name, phone), _fill(body, rng, name, phone)
                box = next((b for b in boxes if b.kind == kind), boxes[0])
                message = services.message_submit(box=box, now=at, data=MessageInput(
                    writer_name=name, contact=phone if rng.random() < 0.8 else f"user{rng.randint(100, 999)}@example.com",
                    subject=subject, body=body, may_publish=rng.random() < 0.7))
                result.created += 1
                if handler is None:
                    continue
                step = calendar.add_workdays(message.received_on, rng.choice((0, 1, 1, 2))) \
                    if rng.random() < 0.9 else message.received_on
                if step > today:
                    continue
                if reason is not None:
                    services.message_mark_invalid(message=message, actor=registrar, reason=reason,
                                                  now=_aware(step, time(9, 30)))
                    continue
                services.message_assign(message=message, actor=registrar, assignee=handler,
                                        now=_aware(step, time(9, 15)))
                fate = rng.random()
                if fate < 0.78:     # in time
                    replied = calendar.add_workdays(step, rng.randint(1, max(1, box.reply_workdays - 2)))
                    replied = min(replied, message.due_on)
                elif fate < 0.93:   # late
                    replied = calendar.add_workdays(message.due_on, rng.randint(1, 20))
                else:               # never answered
                    continue
                if replied > today:
                    continue
                services.message_reply(message=message, actor=handler, text=reply, now=_aware(replied, time(16, 10)))
                if message.may_publish and rng.random() < 0.6:
                    fresh = type(message).objects.get(pk=message.pk)
                    question, answer = services.scrubbed_for_publication(fresh)
                    published = calendar.add_workdays(replied, rng.randint(1, 3))
                    if published <= today:
                        services.message_publish(message=fresh, actor=admin or handler, question=question.text,
                                                 reply=answer.text, now=_aware(published, time(10, 0)))
                        result.published += 1
    out(f"   message boxes: {result.boxes} new; messages: {result.created} new, {result.published} published"
        + (f"; {result.existing} agencies already had boxes" if result.existing else ""))
    return result
