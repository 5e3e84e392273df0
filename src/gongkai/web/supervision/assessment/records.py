"""The records behind a published figure, for the drill-down: only what identifies the record and its dates
and outcome, never an applicant's or a message writer's personal data (the fields are listed, not the rows
loaded whole, so encrypted personal fields are not even read)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gongkai.core.applications.outcomes import OUTCOMES
from gongkai.core.applications.workflow import STATE_LABELS

COLUMNS = {
    "application": ("登记编号", "收到申请日期", "答复期限", "答复日期", "办结日期", "状态", "办理结果"),
    "review": ("类型", "案号", "复议机关或法院", "所涉申请", "申请或立案日期", "审结日期", "结果"),
    "item": ("索引号", "标题", "体裁", "形成或变更日期", "发布日期", "超期公开"),
    "report": ("年度", "版本", "发布时间"),
    "message": ("查询码", "收到日期", "答复期限", "答复日期", "状态"),
    "engagement": ("类型", "日期", "主题"),
    "platform_run": ("检查时间点", "结论", "得分", "单项否决项", "记录时间", "说明"),
}


def _d(v) -> str:
    return v.isoformat() if v else "—"


def rows(kind: str, ids: list[int], *, staff_of: set[int]) -> list[dict]:
    """Display rows for `ids` of `kind`, in the order of `ids`: {"id", "cells", "url"}. `staff_of`: the
    agencies whose application pages the viewer may open (their own)."""
    fetch = _FETCHERS[kind]
    by_id = {r["id"]: r for r in fetch(ids, staff_of)}
    return [by_id[i] for i in ids if i in by_id]


def _applications(ids, staff_of):
    from gongkai.web.applications.models import Application
    for a in Application.objects.filter(pk__in=ids).values(
            "id", "agency_id", "number", "received_on", "due_date", "replied_on", "concluded_on", "state", "outcome"):
        outcome = OUTCOMES.get(a["outcome"])
        yield {"id": a["id"], "url": reverse("work:detail", args=[a["id"]]) if a["agency_id"] in staff_of else "",
               "cells": [a["number"], _d(a["received_on"]), _d(a["due_date"]), _d(a["replied_on"]),
                         _d(a["concluded_on"]), STATE_LABELS.get(a["state"], a["state"]),
                         outcome.label if outcome else "—"]}


def _reviews(ids, staff_of):
    from gongkai.web.applications.models import ReviewCase
    kinds, results = dict(ReviewCase.KIND_CHOICES), dict(ReviewCase.RESULT_CHOICES)
    for c in ReviewCase.objects.filter(pk__in=ids).values(
            "id", "kind", "case_number", "body", "application_id", "application__number", "application__agency_id",
            "filed_on", "decided_on", "result"):
        own = c["application__agency_id"] in staff_of
        yield {"id": c["id"], "url": reverse("work:detail", args=[c["application_id"]]) if own else "",
               "cells": [kinds.get(c["kind"], c["kind"]), c["case_number"] or "—", c["body"],
                         c["application__number"], _d(c["filed_on"]), _d(c["decided_on"]),
                         results.get(c["result"], c["result"])]}


def _items(ids, staff_of):
    from gongkai.core.registry import vocab
    from gongkai.web.registry.models import Item
    for i in Item.objects.filter(pk__in=ids).values("id", "index_no", "title", "genre", "formed_on", "published_on",
                                                    "published_late", "state"):
        url = reverse("portal:item", args=[i["id"]]) if i["state"] in ("published", "withdrawn") else ""
        yield {"id": i["id"], "url": url,
               "cells": [i["index_no"] or "—", i["title"], vocab.genre_label(i["genre"]), _d(i["formed_on"]),
                         _d(i["published_on"]), "是" if i["published_late"] else "否"]}


def _reports(ids, staff_of):
    from gongkai.web.reports.models import AnnualReport
    for r in AnnualReport.objects.filter(pk__in=ids).values("id", "agency__code", "year", "version", "published_at"):
        yield {"id": r["id"], "url": reverse("annual:version", args=[r["agency__code"], r["year"], r["version"]]),
               "cells": [f"{r['year']}年度", f"第{r['version']}版",
                         timezone.localtime(r["published_at"]).strftime("%Y-%m-%d %H:%M") if r["published_at"] else "—"]}


def _messages(ids, staff_of):
    from gongkai.web.engagement.models import MESSAGE_STATES, Message
    for m in Message.objects.filter(pk__in=ids).values("id", "tracking_code", "received_on", "due_on", "replied_on",
                                                       "state"):
        yield {"id": m["id"], "url": "",
               "cells": [m["tracking_code"], _d(m["received_on"]), _d(m["due_on"]), _d(m["replied_on"]),
                         MESSAGE_STATES.get(m["state"], m["state"])]}


def _engagement(ids, staff_of):
    from gongkai.web.engagement.models import RECORD_KINDS, EngagementRecord
    for e in EngagementRecord.objects.filter(pk__in=ids).values("id", "kind", "held_on", "topic"):
        yield {"id": e["id"], "url": "", "cells": [RECORD_KINDS.get(e["kind"], e["kind"]), _d(e["held_on"]), e["topic"]]}


def _platform_runs(ids, staff_of):
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.web.supervision.models import PlatformCheckRun
    for r in PlatformCheckRun.objects.filter(pk__in=ids).values("id", "checked_on", "verdict", "score", "vetoes",
                                                                "recorded_at", "note"):
        yield {"id": r["id"], "url": reverse("supervision:platform_run", args=[r["id"]]),
               "cells": [_d(r["checked_on"]), r["verdict"], "—" if r["score"] is None else f"{r['score']:g}",
                         str(r["vetoes"]), timezone.localtime(r["recorded_at"]).strftime("%Y-%m-%d %H:%M"),
                         r["note"] or "—"]}


_FETCHERS = {"application": _applications, "review": _reviews, "item": _items, "report": _reports,
             "message": _messages, "engagement": _engagement, "platform_run": _platform_runs}
