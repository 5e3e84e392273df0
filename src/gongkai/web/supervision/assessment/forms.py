"""The indicator form: one indicator's fields as a supervisor types them; gongkai.core.assessment checks them
(Indicator.from_dict) so the rules have one home."""

from __future__ import annotations

from django import forms

from gongkai.core.assessment import NA_RULES, RULE_KINDS, VETO_EFFECTS
from gongkai.core.assessment.indicators import DIRECTIONS, fmt


class IndicatorForm(forms.Form):
    key = forms.CharField(label="指标代码", max_length=40, help_text="小写字母、数字和下划线，如 late_replies")
    name = forms.CharField(label="指标名称", max_length=100)
    full_marks = forms.CharField(label="分值（满分）", max_length=20)
    formula = forms.CharField(label="计算公式", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="指标字典中的指标代码、数字、+ - * /、比较、and/or/not、A if 条件 else B、"
                                        "min、max、abs、default(指标, 数字)。比率以百分数计（0–100）。")
    rule_kind = forms.ChoiceField(label="计分方式", choices=list(RULE_KINDS.items()))
    low = forms.CharField(label="线性计分：0 分时的值", required=False, max_length=20)
    high = forms.CharField(label="线性计分：满分时的值", required=False, max_length=20)
    bands = forms.CharField(label="分档计分：各档（界值:得分，逗号分隔，按顺序判断）", required=False, max_length=500,
                            help_text="如 100:20, 95:16, 90:12")
    direction = forms.ChoiceField(label="分档方向（值与界值相比）", choices=list(DIRECTIONS.items()), required=False)
    per_unit = forms.CharField(label="扣分：每单位扣分", required=False, max_length=20)
    cap = forms.CharField(label="扣分：扣分上限（留空为扣完为止）", required=False, max_length=20)
    na = forms.ChoiceField(label="不适用时（分母为 0 等）", choices=list(NA_RULES.items()))
    veto = forms.CharField(label="一票否决条件（可空）", required=False, max_length=500,
                           help_text="条件成立时否决，如 messages_unanswered_3m > 0")
    veto_effect = forms.ChoiceField(label="一票否决的后果", choices=list(VETO_EFFECTS.items()))
    explanation = forms.CharField(label="说明", required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_from(cls, d: dict) -> dict:
        rule = d.get("rule", {})
        return {"key": d["key"], "name": d["name"], "full_marks": fmt(d["full_marks"]), "formula": d["formula"],
                "rule_kind": rule.get("kind"), "low": fmt(rule.get("low")) if rule.get("low") is not None else "",
                "high": fmt(rule.get("high")) if rule.get("high") is not None else "",
                "bands": ", ".join(f"{fmt(b)}:{fmt(p)}" for b, p in rule.get("bands", ())),
                "direction": rule.get("direction", "at_least"),
                "per_unit": fmt(rule.get("per_unit")) if rule.get("per_unit") is not None else "",
                "cap": fmt(rule.get("cap")) if rule.get("cap") is not None else "",
                "na": d.get("na", "rescale"), "veto": d.get("veto", ""), "veto_effect": d.get("veto_effect", "zero"),
                "explanation": d.get("explanation", "")}

    def indicator_dict(self) -> dict:
        """The cleaned fields in Indicator.from_dict's shape (numbers still text: the core checks them)."""
        c = self.cleaned_data
        kind = c["rule_kind"]
        rule: dict = {"kind": kind}
        if kind == "linear":
            rule |= {"low": c["low"].strip() or None, "high": c["high"].strip() or None}
        elif kind == "bands":
            bands = []
            for part in c["bands"].replace("，", ",").replace("：", ":").split(","):
                if part.strip():
                    bound, _, points = part.partition(":")
                    bands.append([bound.strip(), points.strip() or None])
            rule |= {"bands": bands, "direction": c["direction"] or "at_least"}
        elif kind == "deduct":
            rule |= {"per_unit": c["per_unit"].strip() or None, "cap": c["cap"].strip() or None}
        return {"key": c["key"].strip(), "name": c["name"].strip(), "full_marks": c["full_marks"].strip(),
                "formula": c["formula"], "rule": rule, "na": c["na"], "veto": c["veto"],
                "veto_effect": c["veto_effect"], "explanation": c["explanation"]}
