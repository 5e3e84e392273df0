"""JSON Schema of gongkai.annual-stats/1, generated from the typed model.

The project ships the result as `annual-stats.schema.json` beside this module (`gongkai schema` rewrites
it); tests check that the shipped copy is current and has the same shape as the shared contract.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from importlib import resources
from typing import Any

from .model import _FIGURE_KEYS, SCHEMA_ID, TEMPLATES, AnnualStats, Record, _record_type

SCHEMA_FILE = "annual-stats.schema.json"


def _scalar(hint, meta) -> dict[str, Any]:
    args = set(typing.get_args(hint)) - {type(None)}
    if args == {int}:
        out: dict[str, Any] = {"type": ["integer", "null"]}
    elif args == {float}:
        out = {"type": ["number", "null"]}
    elif args == {str}:
        out = {"type": ["string", "null"]}
    else:  # pragma: no cover - a model change the generator does not know yet
        raise TypeError(f"no schema for {hint!r}")
    if meta.get("minimum") is not None:
        out["minimum"] = meta["minimum"]
    if meta.get("description"):
        out["description"] = meta["description"]
    return out


def _record(cls: type[Record], description: str | None = None) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        sub = _record_type(hints[f.name])
        if sub:
            props[f.name] = _record(sub, f.metadata.get("description") or sub.DESCRIPTION)
        else:
            props[f.name] = _scalar(hints[f.name], f.metadata)
    out: dict[str, Any] = {"type": ["object", "null"], "additionalProperties": False, "properties": props}
    if description or cls.DESCRIPTION:
        out["description"] = description or cls.DESCRIPTION
    return out


def build_schema() -> dict[str, Any]:
    hints = typing.get_type_hints(AnnualStats)
    props: dict[str, Any] = {
        "schema": {"const": SCHEMA_ID},
        "agency": {"type": ["string", "null"], "description": "Reporting agency as named in the report, in simplified Chinese."},
        "year": {"type": ["integer", "null"], "description": "Statistical year the report covers (not the publication year)."},
        "template": {
            "enum": list(TEMPLATES),
            "description": "2021 = 国办公开办函〔2021〕30号 format; 2019 = 国办公开办函〔2019〕60号 format; "
            "pre2019 = narrative reports and the old statistics table used up to the 2018 report.",
        },
        "source": {"type": ["string", "null"], "description": "File name or URL the figures were read from; null when built from records."},
    }
    for key in _FIGURE_KEYS:
        hint = hints[key]
        sub = _record_type(hint)
        if sub:
            props[key] = _record(sub, _TOP_DESCRIPTIONS.get(key))
        else:
            props[key] = _scalar(hint, {"minimum": 0, "description": _TOP_DESCRIPTIONS.get(key)})
    props["evidence"] = {
        "type": "object",
        "description": "For every figure read from a document: key = the figure's JSON pointer (e.g. /review/total), value = where it was read.",
        "additionalProperties": {
            "type": "object",
            "required": ["quote"],
            "additionalProperties": False,
            "properties": {
                "quote": {"type": "string", "description": "The source text the figure was read from, in the document's own script."},
                "start": {"type": "integer", "minimum": 0, "description": "Character offset of the quote in the extracted plain text."},
                "approximate": {"type": "boolean", "description": "True where the source gives a rounded or bounded figure (14万余条)."},
            },
        },
    }
    props["warnings"] = {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["code", "message"],
            "additionalProperties": False,
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "pointer": {"type": "string"}},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Government information disclosure statistics of one agency for one year",
        "description": "One object per agency-year. null means 'not stated / unknown', 0 means 'stated as zero'.",
        "type": "object",
        "required": ["schema", "agency", "year", "template"],
        "additionalProperties": False,
        "properties": props,
    }


_TOP_DESCRIPTIONS = {
    "review": "行政复议: 结果维持 / 结果纠正 / 其他结果 / 尚未审结 / 总计",
    "litigation": "行政诉讼, all suits together (pre-2019 reports give only this).",
    "litigation_direct": "行政诉讼 未经复议直接起诉 (2019+)",
    "litigation_after_review": "行政诉讼 复议后起诉 (2019+)",
    "complaints": "因政府信息公开工作被举报投诉数.",
}


def shipped_schema() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath(SCHEMA_FILE).read_text("utf-8"))


def write_schema(path=None) -> str:
    target = path or resources.files(__package__).joinpath(SCHEMA_FILE)
    text = json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(text)
    return str(target)


def validate(obj: dict[str, Any]) -> list[str]:
    """Errors of `obj` against the shipped schema (empty when valid)."""
    import jsonschema  # imported here: only validation needs it

    validator = jsonschema.Draft202012Validator(shipped_schema())
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in validator.iter_errors(obj)]


