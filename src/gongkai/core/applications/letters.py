"""Letters to the applicant (告知书) and procedural notices, composed as plain data.

`compose(kind, ctx)` returns a `Letter`: title, number, addressee, paragraphs, the basis it cites, the remedy
statement (reply letters only) and the issuing agency with the date. The web stores `Letter.to_json()` as an
editable draft and freezes it when issued; `render_docx` / `render_pdf` turn a Letter into the document sent.

Kinds
    procedural (no remedy statement):
        receipt       政府信息公开申请接收回执           (art. 31; the tracking code and the answer period)
        correction    政府信息公开申请补正告知书         (art. 30: one notice, items, period, consequence)
        extension     政府信息公开申请延期答复告知书     (art. 33 ¶2)
        delay         政府信息公开申请延迟答复告知书     (art. 35: many/frequent applications, reasons accepted)
        consultation  政府信息公开申请征求意见告知书     (to the applicant; arts. 32, 33 ¶3)
        third_party   政府信息公开申请征求意见书         (to the third party; art. 32; no applicant name)
        fee           政府信息公开申请收费通知书         (国办函〔2020〕109号; 20 working days from the day after
                                                          the applicant receives the notice)
    replies (with the remedy statement for the letter's date): one per outcome letter kind, see REPLY_KINDS;
    `compose("reply", ctx)` picks it from ctx.outcome and ctx.variant. `termination` (终止办理告知书) answers
    the two deemed-withdrawn outcomes and also carries the remedy statement.

Addressing: the letter says 你 to a natural person, 你单位 to an organisation (`LetterContext.addressee_kind`),
and 你（单位） when the kind is not known — always in the letter to a third party, whose kind is not recorded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date

from gongkai.core.errors import InvalidApplication, InvalidLetter
from gongkai.core.fees import FEE_BASIS

from .outcomes import REGULATION, cite, get_outcome
from .remedy import remedy_statement

LETTER_TITLES: dict[str, str] = {
    "receipt": "政府信息公开申请接收回执",
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "delay": "政府信息公开申请延迟答复告知书",
    "consultation": "政府信息公开申请征求意见告知书",
    "third_party": "政府信息公开申请征求意见书",
    "fee": "政府信息公开申请收费通知书",
    "disclosure": "政府信息公开告知书",
    "partial_disclosure": "政府信息部分公开告知书",
    "non_disclosure": "政府信息不予公开告知书",
    "not_exist": "政府信息不存在告知书",
    "not_this_agency": "非本机关政府信息告知书",
    "unable": "政府信息无法提供告知书",
    "not_processed": "政府信息公开申请不予处理告知书",
    "termination": "政府信息公开申请终止办理告知书",
    "other": "政府信息公开申请答复告知书",
}
PROCEDURAL_KINDS = ("receipt", "correction", "extension", "delay", "consultation", "third_party", "fee")
REPLY_KINDS = tuple(k for k in LETTER_TITLES if k not in PROCEDURAL_KINDS)
KINDS = tuple(LETTER_TITLES)

FEE_METHODS = {"per_item": ("按件计收", "件"), "per_page": ("按量计收", "页")}
CLOSING = "特此告知。"
YOU = "你（单位）"  # the addressee's kind is not known
# LetterContext.addressee_kind → how the letter addresses the applicant.
YOU_BY_KIND = {"person": "你", "organisation": "你单位", "": YOU}


def you_for(addressee_kind: str) -> str:
    """你 (natural person), 你单位 (organisation) or 你（单位） (unknown, "")."""
    try:
        return YOU_BY_KIND[addressee_kind]
    except KeyError:
        raise InvalidLetter(f"unknown addressee kind {addressee_kind!r}",
                            message="收件人类型须为自然人或法人或其他组织。") from None


def cn_date(d: date) -> str:
    """2026年3月2日"""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class LetterContext:
    """Everything a letter may say. Dates are calendar dates; `date` is the letter's (reply) date."""

    agency_name: str
    date: date
    applicant_name: str = ""
    addressee_kind: str = ""                 # person | organisation | "" (unknown): 你 / 你单位 / 你（单位）
    agency_contact: str = ""                 # the disclosure office's address / phone printed at the end
    reconsideration_body: str = ""
    court: str | None = None
    number: str = ""                         # e.g. 示例市政府办依申复〔2026〕12号
    received: date | None = None             # art. 31 receipt date
    correction_received: date | None = None
    request_text: str = ""                   # the information requested (名称、文号或特征描述)
    outcome: str = ""
    variant: str = ""
    basis: str = ""                          # edited basis; "" → the outcome's suggested basis
    reasons: str = ""
    provision_form: str = ""                 # e.g. 纸质文本 / 电子数据
    provision_route: str = ""                # e.g. 邮寄 / 电子邮件
    provision_date: date | None = None       # when the information will be provided, if not with the letter
    other_agency_name: str = ""              # 非本机关: the responsible organ
    other_agency_contact: str = ""
    correction_items: str = ""               # what must be corrected
    correction_notice_date: date | None = None
    correction_deadline: date | None = None
    extension_days: int = 0
    delay_workdays: int = 0                  # art. 35: the reasonable reply period the agency set (> 20)
    new_due: date | None = None              # extension / delay: the new answer date
    due: date | None = None                  # the answer deadline (receipt)
    due_provisional: bool = False
    third_party: str = ""                    # the consulted third party or organ
    consultation_sent: date | None = None
    third_party_reply_due: date | None = None  # None when the third party's receipt date is not known yet
    fee_method: str = ""                     # per_item | per_page
    fee_units: int = 0
    fee_amount_yuan: int = 0
    fee_payment_due: date | None = None      # None when the applicant's receipt of the notice is not known yet
    fee_payment_instructions: str = ""
    fee_notice_date: date | None = None
    tracking_code: str = ""


@dataclass(frozen=True)
class Letter:
    kind: str
    title: str
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    basis: str
    remedy: str | None
    issuer: str
    date: date
    closing: str = CLOSING
    contact: str = ""

    def body(self) -> tuple[str, ...]:
        """Every paragraph after the addressee line, in print order."""
        tail = [p for p in (self.remedy, self.closing, self.contact and f"联系方式：{self.contact}") if p]
        return self.paragraphs + tuple(tail)

    def text(self) -> str:
        """The whole letter as plain text (previews, tests, search)."""
        head = [self.title] + ([self.number] if self.number else []) + ([f"{self.addressee}："] if self.addressee
                                                                        else [])
        return "\n".join(head + list(self.body()) + [self.issuer, cn_date(self.date)])

    def to_json(self) -> dict:
        data = asdict(self)
        data["paragraphs"] = list(self.paragraphs)
        data["date"] = self.date.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> Letter:
        try:
            names = {f.name for f in fields(cls)}
            unknown = set(data) - names
            if unknown:
                raise ValueError(f"unknown keys {sorted(unknown)}")
            values = dict(data)
            values["date"] = date.fromisoformat(data["date"])
            values["paragraphs"] = tuple(data["paragraphs"])
            for key in ("kind", "title", "number", "addressee", "basis", "issuer", "closing", "contact"):
                if key in values and not isinstance(values[key], str):
                    raise ValueError(f"{key} must be a string")
            if not all(isinstance(p, str) for p in values["paragraphs"]):
                raise ValueError("paragraphs must be strings")
            if values.get("remedy") is not None and not isinstance(values["remedy"], str):
                raise ValueError("remedy must be a string or null")
            if values["kind"] not in LETTER_TITLES:
                raise ValueError(f"unknown kind {values['kind']!r}")
            return cls(**values)
        except (KeyError, TypeError, ValueError) as e:
            raise InvalidLetter(str(e)) from None

    def replace(self, *, paragraphs: tuple[str, ...] | list[str] | None = None, basis: str | None = None) -> Letter:
        """A copy with edited paragraphs and/or basis (drafts only; the caller refuses issued letters)."""
        values = asdict(self)
        if paragraphs is not None:
            cleaned = tuple(p.strip() for p in paragraphs if p and p.strip())
            if not cleaned:
                raise InvalidLetter("empty letter", message="告知书正文不能为空。")
            values["paragraphs"] = cleaned
        else:
            values["paragraphs"] = self.paragraphs
        if basis is not None:
            values["basis"] = basis.strip()
        return Letter(**values)


# --- composition --------------------------------------------------------------------------------------------

def _need(value, field_name: str, label: str):
    if value in (None, "", 0):
        raise InvalidApplication(f"letter needs {field_name}", message=f"生成文书需要{label}。", field=field_name)
    return value


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？；）”" else text + "。"


def _according(basis: str) -> str:
    return f"根据{basis}之规定，" if basis else ""


def _opening(ctx: LetterContext, you: str) -> str:
    received = cn_date(_need(ctx.received, "received", "收到申请日期"))
    request = f"（申请公开“{ctx.request_text.strip()}”）" if ctx.request_text.strip() else ""
    text = f"{you}提出的政府信息公开申请{request}，本机关已于{received}收悉。"
    if ctx.correction_received:
        text += f"{you}补正后的申请，本机关已于{cn_date(ctx.correction_received)}收悉。"
    return text


def _provision(ctx: LetterContext, you: str) -> str:
    form = f"以{ctx.provision_form}形式" if ctx.provision_form else ""
    route = f"通过{ctx.provision_route}方式" if ctx.provision_route else ""
    when = f"于{cn_date(ctx.provision_date)}前" if ctx.provision_date else "随本告知书一并"
    return f"{when}{route}{form}向{you}提供"


def _by_date(due: date | None) -> str:
    """"（即2026年4月20日前）" after a relative period when its end is known, else nothing."""
    return f"（即{cn_date(due)}前）" if due else ""


# What the office found, per 不予公开 category ({you} is the addressee).
_FINDINGS = {
    "withheld_state_secret": "{you}申请公开的政府信息属于依法确定为国家秘密的政府信息",
    "withheld_prohibited_by_law": "{you}申请公开的政府信息属于法律、行政法规禁止公开的政府信息",
    "withheld_security_stability": "{you}申请公开的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    "withheld_third_party": "{you}申请公开的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
    "withheld_internal_affairs": "{you}申请公开的政府信息属于行政机关的人事管理、后勤管理、内部工作流程等方面的信息",
    "withheld_process_info": "{you}申请公开的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
                             "磋商信函、请示报告等过程性信息",
    "withheld_enforcement_file": "{you}申请公开的政府信息属于行政执法案卷信息",
    "withheld_admin_query": "{you}申请获取的信息属于行政查询事项，应当依照有关法律、行政法规规定的程序办理查询",
}

# 不予处理 categories: what the office found and what follows ({you}: the addressee, {by}: 根据……之规定，).
_NOT_PROCESSED = {
    "not_processed_petition": "经审查，{you}的申请实为信访、投诉、举报事项。{by}本机关不作为政府信息公开申请处理，"
                              "{you}可以通过信访、投诉、举报等相应渠道提出。",
    "not_processed_duplicate": "经审查，{you}的申请与此前已经提出并经本机关答复的申请内容相同。{by}本机关不予重复处理。",
    "not_processed_publication": "经审查，{you}申请获取的是政府公报、报刊、书籍等公开出版物。{by}"
                                 "现告知{you}可以通过公开发行渠道获取。",
    "not_processed_mass_repeated": "{you}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求{you}说明理由。"
                                   "经审查，{you}说明的理由不合理。{by}本机关不予处理。",
    "not_processed_confirm_reissue": "经审查，{you}的申请系要求本机关确认或者重新出具{you}已经获取的政府信息。{by}"
                                     "本机关不予处理。",
}


def _reply_paragraphs(kind: str, ctx: LetterContext, basis: str, you: str) -> list[str]:
    o = get_outcome(ctx.outcome)
    reasons = _sentence(ctx.reasons)
    by = _according(basis)
    paras = [_opening(ctx, you)]
    if o.refusal and not reasons:
        raise InvalidApplication("refusal without reasons", field="reasons",
                                 message="不予公开或部分公开的，应当说明理由。")
    if kind == "disclosure" and ctx.variant == "already_public":
        paras.append(f"经审查，{you}申请获取的政府信息本机关已经主动公开。{by}现告知{you}获取该政府信息的方式和途径："
                     f"{_need(reasons, 'reasons', '获取方式和途径')}")
        return paras
    if kind == "disclosure":
        paras.append(f"经审查，{you}申请公开的政府信息属于可以公开的政府信息。{by}本机关决定予以公开，"
                     f"并{_provision(ctx, you)}。")
    elif kind == "partial_disclosure":
        paras.append(f"经审查，{you}申请公开的政府信息中含有不应当公开的内容，但能够作区分处理。{by}"
                     f"本机关决定予以部分公开：可以公开的部分，{_provision(ctx, you)}；其余部分不予公开，理由如下："
                     f"{reasons}")
        return paras
    elif kind == "non_disclosure":
        paras.append(f"经审查，{_FINDINGS[o.key].format(you=you)}。{by}本机关决定对该政府信息不予公开。理由如下："
                     f"{reasons}")
        return paras
    elif kind == "not_exist":
        paras.append(f"经检索查找，本机关未制作、获取{you}申请公开的政府信息。{by}现告知{you}：该政府信息不存在。")
    elif kind == "not_this_agency":
        text = f"经审查，{you}申请公开的政府信息不属于本机关负责公开。{by}现告知如下："
        if ctx.other_agency_name.strip():
            text += f"该政府信息由{ctx.other_agency_name.strip()}负责公开"
            if ctx.other_agency_contact.strip():
                text += f"，联系方式：{ctx.other_agency_contact.strip()}"
            text += f"，{you}可以向其提出申请。"
        else:
            text += "本机关无法确定负责公开该政府信息的机关。"
        paras.append(text)
    elif kind == "unable" and o.key == "unable_needs_creation":
        paras.append(f"经审查，本机关没有{you}申请公开的现成信息，提供该信息需要对现有政府信息进行加工、分析或者"
                     f"另行制作。{by}本机关不予提供。")
    elif kind == "unable":
        paras.append(f"本机关已告知{you}对申请内容作出补正，经补正后，{you}的申请内容仍不明确，本机关无法确定"
                     f"{you}申请公开的政府信息。{by}本机关无法提供。")
    elif kind == "not_processed":
        paras.append(_NOT_PROCESSED[o.key].format(you=you, by=by))
    elif kind == "termination" and o.key == "other_no_correction":
        notice = f"于{cn_date(ctx.correction_notice_date)}" if ctx.correction_notice_date else ""
        period = f"，要求{you}于{cn_date(ctx.correction_deadline)}前补正" if ctx.correction_deadline else ""
        paras.append(f"本机关已{notice}向{you}发出补正告知书{period}。{you}无正当理由逾期未补正。{by}视为{you}"
                     "放弃申请，本机关不再处理该政府信息公开申请。")
    elif kind == "termination":
        notice = f"于{cn_date(ctx.fee_notice_date)}" if ctx.fee_notice_date else ""
        paras.append(f"本机关已{notice}向{you}发出收费通知书，{you}逾期未按收费通知要求缴纳信息处理费。{by}视为{you}"
                     "放弃申请，本机关不再处理该政府信息公开申请。")
    elif kind == "other":
        paras.append(f"经审查，{_need(reasons, 'reasons', '处理情况说明')}" + (f"（依据：{basis}）" if basis else ""))
        return paras
    if reasons:
        paras.append(f"具体说明如下：{reasons}")
    return paras


def _procedural(kind: str, ctx: LetterContext, you: str) -> tuple[list[str], str]:
    law = REGULATION
    if kind == "receipt":
        paras = [f"{you}提交的政府信息公开申请已收到。"]
        if ctx.request_text.strip():
            paras.append(f"申请公开的政府信息：“{ctx.request_text.strip()}”。")
        if ctx.received:
            paras.append(f"收到申请日期：{cn_date(ctx.received)}。")
        else:
            paras.append(f"通过互联网、传真或者平常信函提交的申请，以本机关与{you}双方确认之日为收到申请之日，"
                         f"本机关将与{you}联系确认。")
        if ctx.tracking_code:
            paras.append(f"查询码：{ctx.tracking_code}。请妥善保存，凭查询码和验证信息可以查询办理进度、"
                         "查看告知书。")
        rule = f"本机关将依照{law}第三十三条的规定，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，将另行告知。"
        if ctx.due:
            mark = "（暂定：该年度法定节假日安排尚未公布）" if ctx.due_provisional else ""
            rule += f"答复期限至{cn_date(ctx.due)}{mark}。"
        paras.append(rule)
        return paras, cite("第三十一条", "第三十三条")
    if kind == "correction":
        items = _need(ctx.correction_items.strip(), "correction_items", "补正事项")
        deadline = cn_date(_need(ctx.correction_deadline, "correction_deadline", "补正期限"))
        basis = cite("第三十条")
        return [_opening(ctx, you),
                f"经审查，{you}的申请内容不明确。{_according(basis)}现一次性告知{you}需要补正的事项如下：{items}",
                f"请{you}于{deadline}前向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。",
                f"{you}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"], basis
    if kind == "extension":
        days = _need(ctx.extension_days, "extension_days", "延长的工作日数")
        new_due = cn_date(_need(ctx.new_due, "new_due", "延长后的答复期限"))
        why = f"因{ctx.reasons.strip().rstrip('。')}，" if ctx.reasons.strip() else ""
        basis = cite("第三十三条第二款")
        return [_opening(ctx, you),
                f"{why}本机关不能在规定期限内作出答复。{_according(basis)}经本机关政府信息公开工作机构负责人同意，"
                f"答复期限延长{days}个工作日，本机关将于{new_due}前作出答复。"], basis
    if kind == "delay":
        days = _need(ctx.delay_workdays, "delay_workdays", "延迟答复的合理期限（工作日数）")
        if days <= 20:
            raise InvalidApplication("delay period within art. 33", field="delay_workdays",
                                     message="延迟答复的合理期限应当超过第三十三条规定的20个工作日。")
        new_due = cn_date(_need(ctx.new_due, "new_due", "延迟答复的答复日期"))
        why = f"因{ctx.reasons.strip().rstrip('。')}，" if ctx.reasons.strip() else ""
        basis = cite("第三十五条")
        return [_opening(ctx, you),
                f"{you}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求{you}说明理由。经审查，{you}说明的"
                f"理由合理，但{why}本机关无法在{law}第三十三条规定的期限内作出答复。",
                f"{_according(basis)}本机关确定延迟答复的合理期限为{days}个工作日，将于{new_due}前作出答复。"], basis
    if kind == "consultation":
        party = _need(ctx.third_party.strip(), "third_party", "被征求意见的第三方或机关")
        sent = f"于{cn_date(ctx.consultation_sent)}" if ctx.consultation_sent else ""
        basis = cite("第三十二条", "第三十三条第三款")
        return [_opening(ctx, you),
                f"因{you}申请公开的政府信息的公开可能涉及第三方合法权益，本机关已{sent}书面征求{party}的意见。"
                f"{_according(basis)}征求第三方和其他机关意见所需时间不计算在答复期限内。本机关将在征求意见结束后"
                f"依法作出答复。"], basis
    if kind == "third_party":
        received = cn_date(_need(ctx.received, "received", "收到申请日期"))
        request = f"，申请公开“{ctx.request_text.strip()}”" if ctx.request_text.strip() else ""
        basis = cite("第三十二条")
        return [f"本机关于{received}收到申请人提出的政府信息公开申请{request}。经审查，该政府信息的公开可能损害"
                f"{you}的合法权益。",
                f"{_according(basis)}现书面征求{you}的意见。请{you}自收到本征求意见书之日起15个工作日内"
                f"{_by_date(ctx.third_party_reply_due)}提出书面意见；不同意公开的，请说明理由。",
                f"{you}逾期未提出意见的，由本机关依照{law}的规定决定是否公开。{you}不同意公开且有合理理由的，"
                "本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的"
                f"政府信息内容和理由书面告知{you}。"], basis
    if kind == "fee":
        if ctx.fee_method not in FEE_METHODS:
            raise InvalidApplication("fee method", field="fee_method", message="请选择计费方式（按件或按量）。")
        method, unit = FEE_METHODS[ctx.fee_method]
        how = f"缴费方式：{ctx.fee_payment_instructions.strip()}" if ctx.fee_payment_instructions.strip() else ""
        return [_opening(ctx, you),
                f"根据{FEE_BASIS}的规定，{you}的申请须缴纳信息处理费。计费方式：{method}；计费数量："
                f"{ctx.fee_units}{unit}；收费金额：人民币{ctx.fee_amount_yuan}元。",
                f"请{you}自收到本通知之日的次日起20个工作日内{_by_date(ctx.fee_payment_due)}缴纳。{how}",
                f"{you}逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"], FEE_BASIS
    raise InvalidLetter(f"unknown kind {kind!r}", message=f"未知的文书类型：{kind}。")


def compose(kind: str, ctx: LetterContext) -> Letter:
    """Compose a letter of `kind` ("reply" → the outcome's letter kind) from `ctx`."""
    outcome = get_outcome(ctx.outcome) if (kind == "reply" or kind in REPLY_KINDS) else None
    if kind == "reply":
        kind = outcome.letter_kind_for(ctx.variant)
    if kind not in LETTER_TITLES:
        raise InvalidLetter(f"unknown kind {kind!r}", message=f"未知的文书类型：{kind}。")
    # The third party's kind is not recorded: it is addressed as 你（单位）.
    you = YOU if kind == "third_party" else you_for(ctx.addressee_kind)
    addressee = ctx.third_party.strip() if kind == "third_party" else ctx.applicant_name.strip()
    remedy = None
    if outcome is not None:
        expected = outcome.letter_kind_for(ctx.variant)
        if kind != expected:
            raise InvalidLetter(f"{kind} does not answer {outcome.key}",
                                message=f"“{outcome.short_label}”应当使用《{LETTER_TITLES[expected]}》。")
        basis = ctx.basis.strip() or outcome.basis_for(ctx.variant)
        paragraphs = _reply_paragraphs(kind, ctx, basis, you)
        remedy = remedy_statement(reply_date=ctx.date, refusal=outcome.refusal,
                                  reconsideration_body=ctx.reconsideration_body, court=ctx.court, you=you,
                                  no_suit=outcome.no_suit)
    else:
        paragraphs, basis = _procedural(kind, ctx, you)  # ctx.basis is the decision's basis: not used here
    return Letter(kind=kind, title=LETTER_TITLES[kind], number=ctx.number.strip(), addressee=addressee,
                  paragraphs=tuple(paragraphs), basis=basis, remedy=remedy, issuer=ctx.agency_name.strip(),
                  date=ctx.date, closing=_CLOSINGS.get(kind, CLOSING), contact=ctx.agency_contact.strip())


_CLOSINGS = {"receipt": "", "third_party": "特此函告。", "fee": "特此通知。"}


__all__ = ["CLOSING", "KINDS", "LETTER_TITLES", "PROCEDURAL_KINDS", "REPLY_KINDS", "YOU", "Letter", "LetterContext",
           "cn_date", "compose", "you_for"]
