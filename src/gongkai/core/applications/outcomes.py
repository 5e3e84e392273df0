"""The 21 result categories of an application — exactly the result rows of table 三 (2021 format).

Keys and verbatim labels are read from the 2021 template data (`gongkai.core.templates`), the rows between
（一）予以公开 and （六）3.其他. Each category carries the letter it is answered with and a suggested legal basis
(spec §3.3, our mapping — the template itself gives no articles). The basis is a suggestion that staff may
edit; where no article fits (行政查询事项 is only a practice category; 确认或重新出具 and 其他 have none) the
suggestion is marked unconfirmed or left empty so that staff must write it.

Two categories cover two kinds of reply, chosen with a variant:

    disclosed          —                 政府信息公开告知书, 第三十六条第（二）项
                       already_public    政府信息公开告知书, 第三十六条第（一）项 (already proactively disclosed)
    unable_not_held    —                 政府信息不存在告知书, 第三十六条第（四）项
                       not_this_agency   非本机关政府信息告知书, 第三十六条第（五）项

`ends_without_reply` marks the two categories that arise from an event rather than a decision (no correction
in the period; fee not paid): the application is deemed withdrawn and the workflow closes it without a reply
letter. The applicant is still told: a 终止办理告知书 ("termination") is issued, with the remedy statement,
because ending the application is itself an act the applicant may contest.

`no_suit` marks the two categories over which courts do not accept a suit (最高人民法院关于审理政府信息公开行政
案件若干问题的规定 art. 2): 要求提供公开出版物 (item （二）) and 没有现成信息需要另行制作 (item （三）). Their
letters offer reconsideration only (see remedy.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.errors import InvalidApplication
from gongkai.core.fees import FEE_BASIS
from gongkai.core.templates import get_template

REGULATION = "《中华人民共和国政府信息公开条例》"


def cite(*articles: str) -> str:
    """cite("第十四条", "第三十六条第（三）项") → 《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"""
    return REGULATION + "、".join(articles)


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    letter_kind: str
    suggested_basis: str


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str            # verbatim table 三 row label, e.g. "1.属于国家秘密"
    group: str            # 予以公开 | 部分公开 | 不予公开 | 无法提供 | 不予处理 | 其他处理
    letter_kind: str      # a reply kind of gongkai.core.applications.letters
    suggested_basis: str  # Chinese citation; "" when staff must write it
    refusal: bool         # 不予公开 in whole or part: reconsideration first from 2024-01-01 (复议法 art. 23)
    ends_without_reply: bool
    needs_review: bool    # a reviewer approves the decision before the letter is issued
    basis_confirmed: bool = True
    variants: tuple[Variant, ...] = ()
    no_suit: str = ""     # SPC provisions art. 2 item when courts do not accept a suit, else ""

    @property
    def short_label(self) -> str:
        """The label without its numbering: "1.属于国家秘密" → "属于国家秘密"."""
        label = self.label
        if label.startswith("（") and "）" in label:
            label = label.split("）", 1)[1]
        elif label[:1].isdigit() and label[1:2] == ".":
            label = label[2:]
        return label.split("（", 1)[0] if self.key == "partially_disclosed" else label

    def variant(self, key: str | None) -> Variant | None:
        if not key:
            return None
        for v in self.variants:
            if v.key == key:
                return v
        raise InvalidApplication(f"outcome {self.key} has no variant {key!r}",
                                 message=f"“{self.short_label}”没有“{key}”这种答复方式。", field="variant")

    def letter_kind_for(self, variant: str | None = None) -> str:
        v = self.variant(variant)
        return v.letter_kind if v else self.letter_kind

    def basis_for(self, variant: str | None = None) -> str:
        v = self.variant(variant)
        return v.suggested_basis if v else self.suggested_basis


_T = cite  # short alias for the table below
_WITHHOLD = "第三十六条第（三）项"

# key: (group, letter_kind, suggested basis, refusal, ends_without_reply, needs_review, basis_confirmed)
_RULES: dict[str, tuple[str, str, str, bool, bool, bool, bool]] = {
    "disclosed": ("予以公开", "disclosure", _T("第三十六条第（二）项"), False, False, False, True),
    "partially_disclosed": ("部分公开", "partial_disclosure", _T("第三十七条", _WITHHOLD), True, False, True, True),
    "withheld_state_secret": ("不予公开", "non_disclosure", _T("第十四条", _WITHHOLD), True, False, True, True),
    "withheld_prohibited_by_law": ("不予公开", "non_disclosure", _T("第十四条", _WITHHOLD), True, False, True,
                                   True),
    "withheld_security_stability": ("不予公开", "non_disclosure", _T("第十四条", _WITHHOLD), True, False, True,
                                    True),
    "withheld_third_party": ("不予公开", "non_disclosure", _T("第十五条", "第三十二条", _WITHHOLD), True, False,
                             True, True),
    "withheld_internal_affairs": ("不予公开", "non_disclosure", _T("第十六条第一款", _WITHHOLD), True, False,
                                  True, True),
    "withheld_process_info": ("不予公开", "non_disclosure", _T("第十六条第二款", _WITHHOLD), True, False, True,
                              True),
    "withheld_enforcement_file": ("不予公开", "non_disclosure", _T("第十六条第二款", _WITHHOLD), True, False,
                                  True, True),
    # No article names 行政查询事项; records with their own query procedure are answered under art. 36(七).
    "withheld_admin_query": ("不予公开", "non_disclosure", _T("第三十六条第（七）项"), True, False, True, False),
    "unable_not_held": ("无法提供", "not_exist", _T("第三十六条第（四）项"), False, False, False, True),
    "unable_needs_creation": ("无法提供", "unable", _T("第三十八条"), False, False, False, True),
    "unable_unclear_after_correction": ("无法提供", "unable", _T("第三十条"), False, False, False, True),
    "not_processed_petition": ("不予处理", "not_processed", _T("第三十九条第一款"), False, False, True, True),
    "not_processed_duplicate": ("不予处理", "not_processed", _T("第三十六条第（六）项"), False, False, True, True),
    "not_processed_publication": ("不予处理", "not_processed", _T("第三十九条第二款"), False, False, True, True),
    "not_processed_mass_repeated": ("不予处理", "not_processed", _T("第三十五条"), False, False, True, True),
    "not_processed_confirm_reissue": ("不予处理", "not_processed", "", False, False, True, False),
    "other_no_correction": ("其他处理", "termination", _T("第三十条"), False, True, False, True),
    "other_fee_unpaid": ("其他处理", "termination", FEE_BASIS, False, True, False, True),
    "other_other": ("其他处理", "other", "", False, False, False, False),
}

_VARIANTS: dict[str, tuple[Variant, ...]] = {
    "disclosed": (Variant("already_public", "已主动公开，告知获取方式和途径", "disclosure",
                          _T("第三十六条第（一）项")),),
    "unable_not_held": (Variant("not_this_agency", "不属于本机关负责公开，告知负责机关", "not_this_agency",
                                _T("第三十六条第（五）项")),),
}


# 法释〔2011〕17号 art. 2: no suit over refusing public publications (二) or making information not held (三).
_NO_SUIT = {"not_processed_publication": "（二）", "unable_needs_creation": "（三）"}


def _load() -> dict[str, Outcome]:
    rows = get_template("2021").table3.rows
    keys = [r.key for r in rows]
    result_rows = rows[keys.index("disclosed"): keys.index("other_other") + 1]
    if [r.key for r in result_rows] != list(_RULES):
        raise RuntimeError("outcome rules are out of step with the 2021 table 三 rows")
    out = {}
    for row in result_rows:
        group, kind, basis, refusal, ends, review, confirmed = _RULES[row.key]
        out[row.key] = Outcome(row.key, row.label, group, kind, basis, refusal, ends, review, confirmed,
                               _VARIANTS.get(row.key, ()), _NO_SUIT.get(row.key, ""))
    return out


OUTCOMES: dict[str, Outcome] = _load()
GROUPS = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")


def get_outcome(key: str) -> Outcome:
    try:
        return OUTCOMES[key]
    except KeyError:
        raise InvalidApplication(f"unknown outcome {key!r}", message="请选择办理结果（须为年度报告表三所列情形之一）。",
                                 field="outcome") from None
