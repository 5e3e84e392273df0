"""Pages of the own-platform and new-media checks (/work/supervision/platform/).

    /                                  an agency's staff land on their check, a supervisor on their region
    agency/<pk>/?at=YYYY-MM-DD         the check report at a date (default today)
    agency/<pk>/column/<key>/?at=      the items behind a column finding, as they stood then
    agency/<pk>/messages/?at=&ids=     the messages behind a finding (no writer data)
    agency/<pk>/record/  (POST)        freeze the check as a recorded run
    runs/<pk>/                         a recorded run
    region/<pk>/?at=                   every agency of a supervised region at a date
    newmedia/?agency=<pk>              the accounts, entry and import
    newmedia/<pk>/                     an account with its history, update and feed reading
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.errors import GongkaiError
from gongkai.core.monitor.checklist import DEFAULT
from gongkai.core.monitor.feeds import FeedError
from gongkai.core.monitor.platform_check import KINDS
from gongkai.web.agencies.models import Agency
from gongkai.web.engagement.models import MESSAGE_STATES, Message

from . import platform_access as access
from . import platform_selectors as sel
from . import platform_services as services
from .models import NewMediaAccount, PlatformCheckRun
from .models.newmedia import PLATFORMS, SOURCES, STATUSES


def _today() -> date:
    return timezone.localdate()


def _default_at() -> tuple[date, str]:
    """Today; in demo mode the day the demo's records end, when that is earlier: a check of today would find
    every demo column stale the longer ago the demo was generated, which says nothing about the rules."""
    from django.conf import settings

    if settings.DEMO:
        from gongkai.corpus.registry_items import REGISTRY_TODAY

        if REGISTRY_TODAY < _today():
            return REGISTRY_TODAY, f"演示数据截至{REGISTRY_TODAY:%Y年%m月%d日}，默认按该日检查；可改选其他检查时点。"
    return _today(), ""


def _at(request) -> tuple[date, str]:
    raw = (request.GET.get("at") or request.POST.get("at") or "").strip()
    if not raw:
        at, note = _default_at()
        if note and request.method == "GET":
            flash.info(request, note)
        return at, ""
    try:
        at = date.fromisoformat(raw)
    except ValueError:
        return _today(), f"检查日期“{raw[:20]}”无效（应为 YYYY-MM-DD），已按今天检查。"
    if at > _today():
        return _today(), "检查日期不能晚于今天，已按今天检查。"
    return at, ""


def _quarters(at: date, n: int = 4) -> list[date]:
    """The last `n` quarter ends on or before `at`: the usual points of a quarterly spot check."""
    out, y, q = [], at.year, (at.month - 1) // 3 + 1
    while len(out) < n:
        if q == 0:
            y, q = y - 1, 4
        end = date(y, q * 3, 31 if q in (1, 4) else 30)
        if end <= at:
            out.append(end)
        q -= 1
    return out


def _ref_url(agency, ref, at: date) -> str:
    q = f"?at={at.isoformat()}"
    if ref.kind == "column":
        return reverse("supervision:platform_column", args=[agency.pk, ref.key]) + q
    if ref.kind == "item":
        return reverse("portal:item", args=[int(ref.key)])
    if ref.kind == "message":
        return reverse("supervision:platform_messages", args=[agency.pk]) + q + f"&ids={ref.key}"
    if ref.kind == "account":
        return reverse("supervision:newmedia_account", args=[int(ref.key)])
    return ""


def _finding_rows(agency, findings, at: date, columns: dict) -> list[dict]:
    rows = []
    for f in findings:
        messages_ids = [r.key for r in f.refs if r.kind == "message"]
        item_ids = [r.key for r in f.refs if r.kind == "item"]
        links = []
        for r in f.refs:
            if r.kind == "message":
                continue
            if r.kind == "attachment":
                if item_ids:
                    links.append((f"附件 {r.key}", reverse("portal:item_file", args=[int(item_ids[0]), int(r.key)])))
                continue
            label = {"column": columns.get(r.key).label if columns.get(r.key) else ("首页" if r.key == "home" else r.key),
                     "item": f"信息 {r.key}", "account": "账号"}.get(r.kind, r.key)
            links.append((label, _ref_url(agency, r, at)))
        if messages_ids:
            url = (reverse("supervision:platform_messages", args=[agency.pk])
                   + f"?at={at.isoformat()}&ids={','.join(messages_ids)}")
            links.append((f"{len(messages_ids)} 条留言", url))
        rows.append({"f": f, "links": links})
    return rows


@login_required
@require_GET
def index(request):
    staff = access.staff_agency_ids(request.user)
    if staff:
        return redirect("supervision:platform_agency", staff[0])
    roots = access.region_roots(request.user)
    if roots:
        return redirect("supervision:platform_region", roots[0].pk)
    raise Http404("no role")


@login_required
@require_GET
def agency_check(request, pk: int):
    agency = access.get_agency(request.user, pk)
    at, error = _at(request)
    check = sel.platform_check(agency, at)
    web = check.website
    columns = check.columns
    status_rows = [{"s": s, "url": _ref_url(agency, sel_ref("column", s.key), at), "kind": KINDS[s.kind]}
                   for s in web.columns]
    accounts = [{"account": acc, "result": r,
                 "findings": _finding_rows(agency, r.findings, at, columns)} for acc, r in check.accounts]
    return render(request, "supervision/platform/agency.html", {
        "agency": agency, "at": at, "error": error, "check": check, "web": web,
        "vetoes": _finding_rows(agency, web.vetoes, at, columns),
        "deductions": _finding_rows(agency, web.deductions, at, columns),
        "status_rows": status_rows, "accounts": accounts, "checklist": DEFAULT,
        "home_url": _ref_url(agency, sel_ref("column", "home"), at),
        "runs": PlatformCheckRun.objects.filter(agency=agency).select_related("recorded_by")[:20],
        "regions": [r for r in access.region_roots(request.user)],
        "is_staff": access.is_staff_of(request.user, agency), "quarters": _quarters(_today()),
    })


def sel_ref(kind, key):
    from gongkai.core.monitor.platform_check import Ref

    return Ref(kind, key)


@login_required
@require_GET
def column(request, pk: int, key: str):
    agency = access.get_agency(request.user, pk)
    at, error = _at(request)
    check_columns = {d.key: d for d in sel.columns_for(agency.pk, _by_id(), _areas(agency))}
    if key != "home" and key not in check_columns:
        raise Http404("no such column")
    label = "首页（全部栏目）" if key == "home" else check_columns[key].label
    items = list(sel.column_items(agency, key, at).only("pk", "title", "published_on", "genre", "state",
                                                       "withdrawn_on", "index_no")[:500])
    return render(request, "supervision/platform/column.html", {
        "agency": agency, "at": at, "error": error, "label": label, "items": items,
        "kind": KINDS.get(check_columns[key].kind) if key in check_columns else "首页"})


def _by_id():
    return {pk: (name, level, tier, parent) for pk, name, level, tier, parent in
            Agency.objects.values_list("pk", "name", "level", "tier", "parent_id")}


def _areas(agency) -> set[str]:
    from gongkai.web.registry.models import CatalogueEntry

    return set(CatalogueEntry.objects.filter(agency=agency).values_list("area", flat=True))


@login_required
@require_GET
def message_list(request, pk: int):
    agency = access.get_agency(request.user, pk)
    at, error = _at(request)
    ids = [int(x) for x in (request.GET.get("ids") or "").split(",") if x.strip().isdigit()][:500]
    rows = list(Message.objects.filter(agency=agency, pk__in=ids).select_related("box")
                .only("pk", "box__name", "received_on", "due_on", "replied_on", "state", "subject")
                .order_by("received_on", "pk"))
    return render(request, "supervision/platform/messages.html", {
        "agency": agency, "at": at, "error": error, "rows": rows, "states": MESSAGE_STATES,
        "show_subject": access.is_staff_of(request.user, agency)})


@login_required
@require_POST
def record(request, pk: int):
    agency = access.get_agency(request.user, pk)
    at, error = _at(request)
    run = services.check_record(agency=agency, at=at, actor=request.user, note=request.POST.get("note", ""))
    flash.success(request, f"已记录 {at.isoformat()} 的检查结果（{run.verdict}）。")
    return redirect(reverse("supervision:platform_agency", args=[agency.pk]) + f"?at={at.isoformat()}")


@login_required
@require_GET
def run_detail(request, pk: int):
    try:
        run = PlatformCheckRun.objects.select_related("agency", "recorded_by").get(pk=int(pk))
    except PlatformCheckRun.DoesNotExist:
        raise Http404("no such run") from None
    if run.agency_id not in access.visible_ids(request.user):
        raise Http404("no such run")
    return render(request, "supervision/platform/run.html", {"run": run, "snap": run.snapshot,
                                                             "agency": run.agency})


@login_required
@require_GET
def region(request, pk: int):
    root, _ = access.get_region(request.user, pk)
    at, error = _at(request)
    checks = sel.region_platform_checks(root, at)
    summary = {"agencies": len(checks), "passed": sum(c.website.passed for c in checks),
               "vetoed": sum(bool(c.website.vetoes) for c in checks),
               "accounts": sum(len(c.accounts) for c in checks),
               "accounts_failed": sum(c.accounts_failed for c in checks)}
    summary["failed"] = summary["agencies"] - summary["passed"]
    only_failed = request.GET.get("only") == "failed"
    if only_failed:
        checks = [c for c in checks if not c.website.passed or c.accounts_failed]
    return render(request, "supervision/platform/region.html", {
        "root": root, "at": at, "error": error, "checks": checks, "summary": summary, "only_failed": only_failed,
        "regions": access.region_roots(request.user), "quarters": _quarters(_today())})


# --- new media ---------------------------------------------------------------------------------------------

class AccountForm(forms.ModelForm):
    class Meta:
        model = NewMediaAccount
        fields = ["platform", "name", "account_id", "feed_url", "has_interaction", "last_update_on",
                  "last_interaction_on", "status"]
        widgets = {"last_update_on": forms.DateInput(attrs={"type": "date"}),
                   "last_interaction_on": forms.DateInput(attrs={"type": "date"})}


class FileForm(forms.Form):
    file = forms.FileField(label="文件")


def _agency_choice(request):
    raw = request.GET.get("agency") or request.POST.get("agency")
    if raw:
        return access.get_agency(request.user, raw)
    staff = access.staff_agency_ids(request.user)
    return access.get_agency(request.user, staff[0]) if staff else None


@login_required
@require_http_methods(["GET", "POST"])
def newmedia(request):
    visible = access.visible_ids(request.user)
    if not visible:
        raise Http404("no role")
    agency = _agency_choice(request)
    may_edit = agency is not None and access.is_staff_of(request.user, agency)
    form, upload, error = AccountForm(), FileForm(), ""
    if request.method == "POST":
        if not may_edit:
            raise Http404("not staff")
        if request.POST.get("action") == "import":
            upload = FileForm(request.POST, request.FILES)
            if upload.is_valid():
                f = upload.cleaned_data["file"]
                try:
                    n = services.newmedia_import(f.read(), f.name, agency_ids=access.staff_agency_ids(request.user),
                                                 actor=request.user, today=_today())
                except services.NewMediaImportError as exc:
                    return render(request, "supervision/platform/newmedia.html", _nm_context(
                        request, agency, visible, form, upload, may_edit, import_errors=exc.errors), status=400)
                flash.success(request, f"已导入 {n} 个账号。")
                return redirect(reverse("supervision:newmedia") + f"?agency={agency.pk}")
        else:
            form = AccountForm(request.POST)
            if form.is_valid():
                try:
                    services.account_create(agency=agency, fields=form.cleaned_data, actor=request.user,
                                            today=_today())
                except GongkaiError as exc:
                    error = exc.message
                else:
                    flash.success(request, "已登记账号。")
                    return redirect(reverse("supervision:newmedia") + f"?agency={agency.pk}")
        return render(request, "supervision/platform/newmedia.html",
                      _nm_context(request, agency, visible, form, upload, may_edit, error=error), status=400)
    return render(request, "supervision/platform/newmedia.html",
                  _nm_context(request, agency, visible, form, upload, may_edit))


def _nm_context(request, agency, visible, form, upload, may_edit, **extra) -> dict:
    at = _today()
    ids = [agency.pk] if agency else sorted(visible)
    facts = sel.newmedia_at(ids, at)
    from gongkai.core.monitor.platform_check import check_newmedia

    rows = []
    accounts = NewMediaAccount.objects.filter(agency_id__in=ids).select_related("agency")
    known = {acc.pk: f for lst in facts.values() for acc, f in lst}
    for acc in accounts:
        f = known.get(acc.pk)
        rows.append({"account": acc, "result": check_newmedia(f, at) if f else None})
    return {"agency": agency, "rows": rows, "form": form, "upload": upload, "may_edit": may_edit, "at": at,
            "platforms": PLATFORMS, "statuses": STATUSES, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def newmedia_account(request, pk: int):
    account = access.get_account(request.user, pk)
    may_edit = access.is_staff_of(request.user, account.agency)
    form, feed_form, error = AccountForm(instance=account), FileForm(), ""
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise Http404("not staff")
        if request.POST.get("action") == "feed_url":
            try:
                obs = services.newmedia_refresh_feed(account, _today(), actor=request.user)
            except (GongkaiError, FeedError) as exc:  # the fetcher's errors and a bad feed: Chinese each
                error, status = getattr(exc, "message", None) or str(exc), 400
            else:
                flash.success(request, f"已从订阅源地址读取：{obs.entries} 条，最近更新 "
                                       f"{account.last_update_on.isoformat() if account.last_update_on else '无'}。")
                return redirect("supervision:newmedia_account", account.pk)
        elif request.POST.get("action") == "feed":
            feed_form = FileForm(request.POST, request.FILES)
            if feed_form.is_valid():
                try:
                    obs = services.newmedia_update_from_feed(account, feed_form.cleaned_data["file"].read(),
                                                             _today(), actor=request.user)
                except FeedError as exc:
                    error, status = exc.message if hasattr(exc, "message") else str(exc), 400
                else:
                    flash.success(request, f"已读取订阅源：{obs.entries} 条，最近更新 "
                                           f"{account.last_update_on.isoformat() if account.last_update_on else '无'}。")
                    return redirect("supervision:newmedia_account", account.pk)
        else:
            form = AccountForm(request.POST, instance=NewMediaAccount.objects.get(pk=account.pk))
            if form.is_valid():
                try:
                    services.account_observe(account=account, fields=form.cleaned_data, actor=request.user,
                                             today=_today())
                except GongkaiError as exc:
                    error = exc.message
                else:
                    flash.success(request, "已更新账号并记入历史。")
                    return redirect("supervision:newmedia_account", account.pk)
            status = 400
    return render(request, "supervision/platform/newmedia_account.html", {
        "account": account, "agency": account.agency, "form": form, "feed_form": feed_form, "error": error,
        "may_edit": may_edit, "observations": account.observations.select_related("recorded_by").order_by(
            "-observed_on", "-id")[:100], "sources": SOURCES}, status=status)
