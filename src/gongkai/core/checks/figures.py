"""Rules about single figures and about figures stated twice (narrative vs table, channels vs total)."""

from __future__ import annotations

import dataclasses
import typing
from functools import cache

from ..stats import AnnualStats
from ..stats.model import OCR_EVIDENCE, Channels, Record
from .context import T3, Context, integer, number
from .findings import Hit, rule
from .labels import channel_label, figure_label, t3_row_label


@rule("received.table_mismatch", "error", "收到申请数与表三“一”行总计不一致")
def received_table_mismatch(ctx: Context):
    apps = ctx.stats.applications
    received = integer(apps.received) if apps else None
    in_table = ctx.t3_cell("new", "total")
    if received is None or in_table is None or received == in_table:
        return
    yield Hit(
        "/applications/received",
        f"收到申请数（{received}）与表三“{t3_row_label('new')}”行“总计”列（{in_table}）不一致",
        expected=in_table,
        actual=received,
    )


@rule("proactive.channels_vs_total", "warning", "主动公开各渠道数之和与总数不一致")
def channels_vs_total(ctx: Context):
    p = ctx.stats.proactive
    total = integer(p.total) if p else None
    channels = p.by_channel if p else None
    if total is None or channels is None:
        return
    stated = {f.name: integer(getattr(channels, f.name)) for f in dataclasses.fields(Channels)}
    stated = {k: v for k, v in stated.items() if v is not None}
    if not stated:
        return
    s = sum(stated.values())
    # One channel alone says nothing about the others, so a shortfall needs at least two stated channels.
    if s == total or (s < total and len(stated) < 2):
        return
    terms = "+".join(f"{channel_label(k)}{v}" for k, v in stated.items())
    approx = ctx.stats.evidence.get("/proactive/total")
    approx_note = f"（总数为约数，原文“{approx.quote}”）" if approx and approx.approximate else ""
    if s > total:
        relation = (
            f"大于主动公开总数（{total}）{approx_note}，多出{s - total}：若同一信息在多个渠道发布而总数只计1条，"
            f"属正常；否则总数或某一渠道数有误"
        )
    else:
        relation = f"小于主动公开总数（{total}）{approx_note}，相差{total - s}：可能有渠道未列明，或总数、渠道数有误"
    yield Hit(
        "/proactive/total",
        f"已列明的各渠道主动公开数之和（{terms}={s}）{relation}",
        expected=s,
        actual=total,
    )


@cache
def _hints(cls: type) -> dict:
    # Resolving a record's string annotations compiles each one: ~0.5 ms a class. Caching per pointer
    # alone still resolved the same few classes for every one of ~200 pointers, ~0.3 s on the first
    # report a process reads (most of a one-file `gongkai parse`).
    return typing.get_type_hints(cls)


@cache  # type-hint resolution is slow and the model does not change at run time
def _field_spec(pointer: str) -> tuple[bool, bool] | None:
    """(is a count, may be negative) for the figure at `pointer`, from the model's field declarations."""
    parts = pointer.strip("/").split("/")
    cls: type = AnnualStats
    for part in parts[:-1]:
        hint = _hints(cls).get(part)
        sub = next((a for a in typing.get_args(hint) if isinstance(a, type) and issubclass(a, Record)), None)
        if sub is None:
            return None
        cls = sub
    f = next((f for f in dataclasses.fields(cls) if f.name == parts[-1]), None)
    if f is None:
        return None
    is_count = int in typing.get_args(_hints(cls)[f.name])
    # Top-level counts (complaints) carry no field metadata; the schema makes them non-negative too.
    signed = f.metadata.get("minimum", 0) is None
    return is_count, signed


@rule("value.not_integer", "error", "件数不是整数")
def not_integer(ctx: Context):
    for pointer, value in ctx.figures.items():
        spec = _field_spec(pointer)
        if spec is None:
            continue
        is_count, _ = spec
        if number(value) is None:
            yield Hit(pointer, f"{figure_label(pointer, ctx.stats.template)}为“{value}”，不是数字", actual=value)
        elif is_count and integer(value) is None:
            yield Hit(pointer, f"{figure_label(pointer, ctx.stats.template)}为{value}，件数应为整数", actual=value)


@rule("value.negative", "error", "数值为负数")
def negative(ctx: Context):
    for pointer, value in ctx.figures.items():
        spec = _field_spec(pointer)
        v = number(value)
        if spec is None or v is None or spec[1] or v >= 0:
            continue
        yield Hit(pointer, f"{figure_label(pointer, ctx.stats.template)}为{value}，不能为负数", actual=value)


@rule("value.approximate", "info", "数值为约数")
def approximate(ctx: Context):
    for pointer, ev in sorted(ctx.stats.evidence.items()):
        if not ev.approximate:
            continue
        try:
            value = ctx.stats.get(pointer)
        except AttributeError:
            value = None
        counted = f"，按{value}计" if value is not None else ""
        yield Hit(
            pointer,
            f"{figure_label(pointer, ctx.stats.template)}是约数（原文“{ev.quote}”）{counted}；与之相关的比较仅供参考",
            actual=value,
        )


# Notes of the reader rather than doubts: a flattened 表二 row split by evidence the reader names (the
# document's prose, the format's column meanings, the neighbouring years) or by a person's choice.
INFO_SOURCE_CODES = frozenset({"table2_split_resolved", "table2_split_manual"})


@rule("source.*", "warning", "读取报告时发现的问题")
def source_warnings(ctx: Context):
    ocr_read = 0
    for w in ctx.stats.warnings:
        if w.code == OCR_EVIDENCE:  # where a figure stands on the scan: evidence, not a doubt
            ocr_read += 1
            continue
        ev = ctx.stats.evidence.get(w.pointer or "")
        if w.code == "approximate" and ev is not None and ev.approximate:
            continue  # reported once, by value.approximate: a rounded figure is worth knowing, not a doubt
        if w.is_check:
            continue  # a check finding copied into the JSON (`gongkai parse`): the rules here say it afresh
        severity = "info" if w.is_note or w.code in INFO_SOURCE_CODES else None
        yield Hit(w.pointer or "", w.message, code=f"source.{w.code}", severity=severity)
    if ocr_read:
        yield Hit("", f"报告为扫描件，{ocr_read}个数字由文字识别（OCR）读出，可点击数字查看原图", code="source.ocr_read",
                  severity="info")


@rule("template.missing_tables", "warning", "按国家格式编制的报告缺少表三")
def missing_tables(ctx: Context):
    if ctx.stats.template in ("2019", "2021") and not ctx.t3_rows:
        yield Hit(
            T3,
            f"报告按{ctx.stats.template}年版国家格式编制，但未读到表三“收到和处理政府信息公开申请情况”的任何数字",
        )
