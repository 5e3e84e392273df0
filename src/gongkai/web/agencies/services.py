"""Writes to agencies and memberships. The admin, the CLI and the demo loader call only these.

    agency_upsert(code=, name=, level=, parent=, ...) -> (Agency, created)
    agency_check(code=, name=, level=, parent_code=, ..., instance=None) -> None   (the admin form's validation)
    agencies_import(data, filename) -> ImportSummary   all-or-nothing, row-numbered Chinese errors
    agency_delete(agency)    refused while it has subordinate agencies or applications
    membership_grant(user=, agency=, role=, by=None) -> (Membership, created)
    membership_revoke(user=, agency=, role=) -> bool

Each is one transaction. A parent never creates a cycle: agency_upsert reads the new parent's chain of
ancestors under row locks, so two concurrent moves cannot close a loop between them (on PostgreSQL one of
them fails with a deadlock error and changes nothing). agencies_import checks the whole resulting tree
before writing; it is meant for an administrator's occasional load, not for racing other writers.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction

from gongkai.core.errors import GongkaiError
from gongkai.core.registry.codes import normalise_org_code, org_code_valid, uscc_check_char, uscc_valid

from .importing import COLUMN_LABELS, AgencyFileError, read_table
from .models import LEVELS, ROLES, TIERS, Agency, Membership
from .selectors import forget_roles

log = logging.getLogger(__name__)

CODE_RE = re.compile(r"^[A-Za-z0-9-]{1,32}$")
MAX_LENGTHS = {"name": 200, "short_name": 64, "tier": 16, "reconsideration_body": 200, "court": 200, "address": 300,
               "phone": 64, "email": 254, "office_name": 200, "office_hours": 200, "fax": 64, "website": 300}
TEXT_FIELDS = ("short_name", "tier", "reconsideration_body", "court", "address", "phone", "email", "uscc", "org_code",
               "office_name", "office_hours", "fax", "postcode", "website")
# Checked by their own rules rather than by length.
CODE_FIELDS = ("uscc", "org_code", "postcode")

LEVEL_ALIASES: dict[str, str] = {
    **{k: k for k in LEVELS}, **{v: k for k, v in LEVELS.items()},
    "地区": "region", "区域": "region", "行政区": "region", "行政区域": "region",
    "政府": "government", "人民政府": "government",
    "部门": "department", "工作部门": "department", "政府部门": "department",
    "派出机构": "office", "内设机构": "office", "派出机构/内设机构": "office", "派出机构／内设机构": "office",
}
TRUE_WORDS = {"", "1", "是", "启用", "有效", "true", "yes", "y"}
FALSE_WORDS = {"0", "否", "停用", "无效", "撤销", "false", "no", "n"}


class AgencyInvalid(GongkaiError):
    code = "agency_invalid"
    default_message = "机关信息无效。"

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors), message="；".join(errors))
        self.errors = list(errors)


class AgencyImportError(GongkaiError):
    """The import was refused as a whole; nothing was stored. `errors`: one Chinese line per problem."""

    code = "agency_import"
    default_message = "机关名录导入失败，未保存任何内容。"

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s): " + "; ".join(errors[:5]))
        self.errors = list(errors)


class MembershipInvalid(GongkaiError):
    code = "membership_invalid"
    default_message = "岗位角色无效。"


def level_key(value: str) -> str | None:
    v = (value or "").strip()
    return LEVEL_ALIASES.get(v) or LEVEL_ALIASES.get(v.lower())


def normalise_values(values: dict[str, str]) -> dict[str, str]:
    """Stripped text; the codes as stored: USCC upper case without spaces (full-width folded), organisation
    code also without its hyphen, postcode without spaces, tier as its key."""
    out = {k: (v or "").strip() for k, v in values.items()}
    if "uscc" in out:
        out["uscc"] = re.sub(r"\s+", "", unicodedata.normalize("NFKC", out["uscc"])).upper()
    if "org_code" in out and out["org_code"]:
        out["org_code"] = normalise_org_code(out["org_code"])
    if "postcode" in out:
        out["postcode"] = re.sub(r"\s+", "", unicodedata.normalize("NFKC", out["postcode"]))
    if "tier" in out:
        out["tier"] = tier_key(out["tier"])
    return out


def _code_errors(values: dict[str, str]) -> list[str]:
    errors = []
    uscc, org = values.get("uscc", ""), values.get("org_code", "")
    if uscc and len(uscc) != 18:
        errors.append(f"统一社会信用代码「{uscc}」应为 18 位（当前 {len(uscc)} 位）")
    elif uscc and uscc_check_char(uscc[:17]) is None:
        errors.append(f"统一社会信用代码「{uscc}」含有不允许的字符（代码中不使用 I、O、Z、S、V）")
    elif uscc and uscc_check_char(uscc[:17]) != uscc[17]:
        errors.append(f"统一社会信用代码「{uscc}」校验位不正确，请核对最后一位")
    elif uscc and not uscc_valid(uscc):
        errors.append(f"统一社会信用代码「{uscc}」第 9 至 17 位（主体标识码）不是有效的组织机构代码")
    if org and len(org) != 9:
        errors.append(f"组织机构代码「{org}」应为 9 位（如 12345678-9，当前 {len(org)} 位）")
    elif org and not org_code_valid(org):
        errors.append(f"组织机构代码「{org}」无效：校验位不正确或含有不允许的字符")
    elif org and uscc and uscc_valid(uscc) and uscc[8:17] != org:
        errors.append(f"组织机构代码「{org}」与统一社会信用代码第 9 至 17 位（{uscc[8:17]}）不一致")
    postcode = values.get("postcode", "")
    if postcode and not re.fullmatch(r"[0-9]{6}", postcode):
        errors.append(f"邮政编码「{postcode}」应为 6 位数字")
    if values.get("website"):
        try:
            URLValidator(schemes=["http", "https"])(values["website"])
        except ValidationError:
            errors.append(f"网站「{values['website']}」不是有效的网址（应以 http:// 或 https:// 开头）")
    return errors


# --- single agencies ---------------------------------------------------------------------------------------

def _field_errors(*, code: str, name: str, level: str, values: dict[str, str]) -> list[str]:
    errors = []
    if not code:
        errors.append("代码不能为空")
    elif not CODE_RE.match(code):
        errors.append(f"代码「{code}」无效：只能包含字母、数字和连字符（-），最长 32 个字符")
    if not name:
        errors.append("名称不能为空")
    elif len(name) > MAX_LENGTHS["name"]:
        errors.append(f"名称超过 {MAX_LENGTHS['name']} 个字符")
    if level not in LEVELS:
        errors.append(f"级别「{level}」无效（可选：{'、'.join(LEVELS.values())}）")
    for key in TEXT_FIELDS:
        value = values.get(key, "")
        if key not in CODE_FIELDS and len(value) > MAX_LENGTHS[key]:
            errors.append(f"{COLUMN_LABELS[key]}超过 {MAX_LENGTHS[key]} 个字符")
    errors.extend(_code_errors(values))
    if values.get("tier") and values["tier"] not in TIERS:
        errors.append(f"行政层级「{values['tier']}」无效（可选：{'、'.join(TIERS.values())}，或留空）")
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(f"电子邮箱「{values['email']}」格式不正确")
    return errors


def _locked_chain(start_id: int | None) -> list[int]:
    """Ids from `start_id` up to its root, each row locked (select_for_update) as it is read."""
    chain: list[int] = []
    node = start_id
    while node is not None and node not in chain:
        chain.append(node)
        node = Agency.objects.select_for_update().filter(pk=node).values_list("parent_id", flat=True).first()
    return chain


def _resolve_parent(parent) -> Agency | None:
    if parent is None or parent == "":
        return None
    if isinstance(parent, Agency):
        return parent
    found = Agency.objects.filter(code=str(parent).strip()).first()
    if found is None:
        raise AgencyInvalid([f"上级代码「{parent}」不存在"])
    return found


def agency_check(*, code: str, name: str, level: str, parent: Agency | None = None,
                 instance: Agency | None = None, **values: str) -> None:
    """Validate one agency's fields (raises AgencyInvalid with all problems). `instance` is the agency being
    changed, for the cycle and uniqueness checks."""
    errors = _field_errors(code=code, name=name, level=level, values=values)
    clash = Agency.objects.filter(code=code).exclude(pk=instance.pk if instance else None)
    if code and clash.exists():
        errors.append(f"代码「{code}」已被其他机关使用")
    for key, label in (("uscc", "统一社会信用代码"), ("org_code", "组织机构代码")):
        value = values.get(key, "")
        other = (Agency.objects.filter(**{key: value}).exclude(pk=instance.pk if instance else None).first()
                 if value else None)
        if other is not None:
            errors.append(f"{label}「{value}」已被机关「{other.name}」（{other.code}）使用")
    if parent is not None and instance is not None and instance.pk is not None:
        if parent.pk == instance.pk:
            errors.append("上级机关不能是本机关自己")
        elif instance.pk in _ancestor_ids(parent.pk):
            errors.append(f"不能把「{parent.name}」设为上级：它是本机关的下级，会形成循环")
    if errors:
        raise AgencyInvalid(errors)


def _ancestor_ids(start_id: int) -> list[int]:
    chain, node = [], start_id
    while node is not None and node not in chain:
        chain.append(node)
        node = Agency.objects.filter(pk=node).values_list("parent_id", flat=True).first()
    return chain


_UNSET = object()


def tier_key(value: str) -> str:
    """A tier given as its key or its Chinese label (省级, 国务院部门 ...) → the key; unknown values unchanged."""
    value = (value or "").strip()
    return next((k for k, label in TIERS.items() if value in (k, label)), value)


def agency_upsert(*, code: str, name: str, level: str, parent=_UNSET, short_name=_UNSET, tier=_UNSET,
                  reconsideration_body=_UNSET, court=_UNSET, address=_UNSET, phone=_UNSET, email=_UNSET,
                  uscc=_UNSET, org_code=_UNSET, office_name=_UNSET, office_hours=_UNSET, fax=_UNSET,
                  postcode=_UNSET, website=_UNSET,
                  sort=_UNSET, active=_UNSET, report_four_eyes=_UNSET) -> tuple[Agency, bool]:
    """Create the agency with this code, or update it. Arguments left out keep their current value (or the
    default on creation). `parent` is an Agency, a code, or None for a root. `level` takes a key or a
    Chinese label. `uscc` and `org_code` are normalised and their checksums verified (GB 32100, GB 11714);
    a unified social credit code or organisation code another agency holds is refused."""
    code = (code or "").strip()
    name = (name or "").strip()
    level = level_key(level) or (level or "")
    given = {k: v for k, v in {"short_name": short_name, "tier": tier, "reconsideration_body": reconsideration_body,
                               "court": court, "address": address, "phone": phone, "email": email, "uscc": uscc,
                               "org_code": org_code, "office_name": office_name, "office_hours": office_hours,
                               "fax": fax, "postcode": postcode, "website": website}.items()
             if v is not _UNSET}
    given = normalise_values(given)
    with transaction.atomic():
        instance = Agency.objects.select_for_update().filter(code=code).first() if code else None
        new_parent = _resolve_parent(parent) if parent is not _UNSET else (instance.parent if instance else None)
        # The consistency of uscc and org_code is checked on the values the agency will have.
        current = {k: getattr(instance, k) for k in ("uscc", "org_code")} if instance else {}
        agency_check(code=code, name=name, level=level, parent=new_parent, instance=instance,
                     **{**current, **given})
        if instance is not None and new_parent is not None and instance.pk in _locked_chain(new_parent.pk):
            raise AgencyInvalid([f"不能把「{new_parent.name}」设为上级：它是本机关的下级，会形成循环"])
        created = instance is None
        agency = instance or Agency(code=code)
        agency.name, agency.level, agency.parent = name, level, new_parent
        for key, value in given.items():
            setattr(agency, key, value)
        if sort is not _UNSET:
            agency.sort = int(sort)
        if active is not _UNSET:
            agency.active = bool(active)
        if report_four_eyes is not _UNSET:
            agency.report_four_eyes = bool(report_four_eyes)
        agency.save()
    log.info("agency %s %s", code, "created" if created else "updated")
    return agency, created


def agency_delete(agency: Agency) -> None:
    """Delete an agency created by mistake. Refused while it has subordinate agencies or anything that
    refers to it (applications...): deactivate it instead (启用 = 否)."""
    from django.db.models import ProtectedError

    with transaction.atomic():
        if Agency.objects.filter(parent=agency).exists():
            raise AgencyInvalid([f"「{agency.name}」还有下级机关，不能删除；请先移动或删除下级机关，或改为停用"])
        try:
            agency.delete()
        except ProtectedError:
            raise AgencyInvalid([f"「{agency.name}」已有业务记录（如依申请公开件），不能删除；请改为停用"]) from None
    log.info("agency %s deleted", agency.code)


# --- import ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportSummary:
    rows: int
    created: int
    updated: int
    unchanged: int

    def line(self) -> str:
        return f"共 {self.rows} 行：新增 {self.created} 个机关，更新 {self.updated} 个，未变 {self.unchanged} 个。"

    def to_json(self) -> dict:
        return {"rows": self.rows, "created": self.created, "updated": self.updated, "unchanged": self.unchanged}


FIELDS = ("name", "level", "short_name", "tier", "reconsideration_body", "court", "address", "phone", "email", "uscc",
          "org_code", "office_name", "office_hours", "fax", "postcode", "website", "sort", "active")


def _row_fields(values: dict[str, str], columns: list[str]) -> tuple[dict, list[str]]:
    """The model fields a row sets (only columns present in the file), and its problems."""
    code = values.get("code", "").strip()
    name = values.get("name", "").strip()
    raw_level = values.get("level", "").strip()
    level = level_key(raw_level)
    text = normalise_values({k: values.get(k, "") for k in TEXT_FIELDS if k in columns})
    errors = _field_errors(code=code, name=name, level=level or raw_level, values=text)
    if not raw_level:
        errors = [e for e in errors if not e.startswith("级别")] + ["级别不能为空"]
    fields: dict = {"name": name, "level": level, **text}
    if "sort" in columns:
        raw = values.get("sort", "").strip()
        try:
            fields["sort"] = int(raw) if raw else 0
        except ValueError:
            errors.append(f"排序「{raw}」不是整数")
    if "active" in columns:
        raw = values.get("active", "").strip().lower()
        if raw in TRUE_WORDS:
            fields["active"] = True
        elif raw in FALSE_WORDS:
            fields["active"] = False
        else:
            errors.append(f"启用「{raw}」无效（填“是”或“否”）")
    return fields, errors


def agencies_import(data: bytes, filename: str = "") -> ImportSummary:
    """Create or update agencies from a CSV/XLSX list (see importing.py for the columns). Matched by code;
    agencies not in the file are left alone. Rows may come in any order (a parent after its children).
    Raises AgencyImportError listing every problem with its row number; then nothing is stored."""
    try:
        table = read_table(data, filename)
    except AgencyFileError as exc:
        raise AgencyImportError(exc.errors) from None

    errors: list[str] = []
    rows: dict[str, tuple[int, dict, str | None]] = {}  # code -> (row number, fields, parent code or None)
    first_row: dict[str, int] = {}
    has_parent = "parent" in table.columns
    for row in table.rows:
        code = row.values.get("code", "").strip()
        fields, problems = _row_fields(row.values, table.columns)
        errors.extend(f"第 {row.number} 行：{p}" for p in problems)
        if code in first_row:
            errors.append(f"第 {row.number} 行：代码「{code}」与第 {first_row[code]} 行重复")
            continue
        if code:
            first_row[code] = row.number
            parent = row.values.get("parent", "").strip() if has_parent else None
            rows[code] = (row.number, fields, parent)

    existing = {a["code"]: a for a in Agency.objects.values("pk", "code", "parent__code", *FIELDS)}
    # The tree after the import: codes from the file override the database.
    parent_of: dict[str, str | None] = {c: a["parent__code"] for c, a in existing.items()}
    for code, (number, _fields, parent) in rows.items():
        if parent is None:  # no parent column: keep the current parent (a new agency is a root)
            parent = existing[code]["parent__code"] if code in existing else None
        elif parent == "":
            parent = None
        elif parent == code:
            errors.append(f"第 {number} 行：上级代码不能是本机关自己的代码（{code}）")
            parent = None
        elif parent not in rows and parent not in existing:
            errors.append(f"第 {number} 行：上级代码「{parent}」不存在")
            parent = None
        parent_of[code] = parent
    errors.extend(_cycle_errors(parent_of, {c: r[0] for c, r in rows.items()}))
    errors.extend(_identifier_clashes(rows, existing))
    if errors:
        raise AgencyImportError(sorted(errors, key=_row_of_error))

    depth: dict[str, int] = {}

    def depth_of(code: str) -> int:
        path = []
        node: str | None = code
        while node is not None and node not in depth:
            path.append(node)
            node = parent_of.get(node)
        d = depth[node] if node is not None else -1
        for c in reversed(path):
            d += 1
            depth[c] = d
        return depth[code]

    by_depth: dict[int, list[str]] = defaultdict(list)
    for code in rows:
        by_depth[depth_of(code)].append(code)

    try:
        created, updated, unchanged = _write_import(rows, existing, parent_of, by_depth)
    except IntegrityError:  # e.g. two agencies swapping their codes in one file, refused by the unique index
        raise AgencyImportError(["统一社会信用代码与已有机关冲突（如两个机关互换代码）：请分两次导入，"
                                 "先清空其中一个机关的代码"]) from None
    summary = ImportSummary(rows=len(table.rows), created=created, updated=updated, unchanged=unchanged)
    log.info("agencies imported from %s: %s", filename or "upload", summary.to_json())
    return summary


def _identifier_clashes(rows: dict[str, tuple[int, dict, str | None]], existing: dict[str, dict]) -> list[str]:
    """A unified social credit code or organisation code held by two agencies after the import: one error on
    each row that would make the second holder."""
    errors = []
    for key, label in (("uscc", "统一社会信用代码"), ("org_code", "组织机构代码")):
        final = {c: a[key] for c, a in existing.items()}
        for code, (_number, fields, _parent) in rows.items():
            if key in fields:
                final[code] = fields[key]
        holders: dict[str, list[str]] = defaultdict(list)
        for code, value in final.items():
            if value:
                holders[value].append(code)
        for value, codes in holders.items():
            if len(codes) < 2:
                continue
            in_file = sorted((c for c in codes if c in rows), key=lambda c: rows[c][0])
            outside = [c for c in codes if c not in rows]
            first = outside[0] if outside else in_file[0]
            for code in in_file:
                if code == first:
                    continue
                where = (f"机关「{existing[first]['name']}」（{first}）" if first in existing and first not in rows
                         else f"第 {rows[first][0]} 行")
                errors.append(f"第 {rows[code][0]} 行：{label}「{value}」与{where}重复")
    return errors


def _write_import(rows, existing, parent_of, by_depth) -> tuple[int, int, int]:
    created = updated = unchanged = 0
    with transaction.atomic():
        pk_of = {c: a["pk"] for c, a in existing.items()}
        for d in sorted(by_depth):
            new, changed = [], []
            for code in by_depth[d]:
                fields = rows[code][1]
                parent_pk = pk_of[parent_of[code]] if parent_of[code] else None
                if code not in existing:
                    new.append(Agency(code=code, parent_id=parent_pk, **fields))
                    continue
                old = existing[code]
                if old["parent__code"] == parent_of[code] and all(old[k] == v for k, v in fields.items()):
                    unchanged += 1
                    continue
                changed.append(Agency(pk=old["pk"], code=code, parent_id=parent_pk,
                                      **{k: fields.get(k, old[k]) for k in FIELDS}))
            if new:
                Agency.objects.bulk_create(new, batch_size=500)
                if any(a.pk is None for a in new):  # backends that do not return ids from a bulk insert
                    pk_of.update(Agency.objects.filter(code__in=[a.code for a in new]).values_list("code", "pk"))
                else:
                    pk_of.update((a.code, a.pk) for a in new)
                created += len(new)
            if changed:
                Agency.objects.bulk_update(changed, ["parent", *FIELDS], batch_size=500)
                updated += len(changed)
    return created, updated, unchanged


def _row_of_error(message: str) -> int:
    m = re.match(r"第 (\d+) 行", message)
    return int(m.group(1)) if m else 0


def _cycle_errors(parent_of: dict[str, str | None], row_of: dict[str, int]) -> list[str]:
    """One error per cycle in the resulting tree, reported on the cycle's first row in the file."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    errors = []
    for start in sorted(row_of, key=row_of.get):
        path: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parent_of.get(node)
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node):]
            in_file = [c for c in cycle if c in row_of]
            first = min(in_file, key=row_of.get) if in_file else start
            shown = " → ".join([*cycle, node])
            errors.append(f"第 {row_of[first]} 行：上级关系形成循环（{shown}）")
        for c in path:
            state[c] = 2
    return errors


# --- memberships -------------------------------------------------------------------------------------------

def membership_grant(*, user, agency: Agency, role: str, by=None) -> tuple[Membership, bool]:
    if role not in ROLES:
        raise MembershipInvalid(f"unknown role {role!r}", message=f"角色「{role}」无效（可选：{'、'.join(ROLES.values())}）")
    if user is None or getattr(user, "pk", None) is None:
        raise MembershipInvalid("no user", message="请选择用户。")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, agency=agency, role=role, defaults={"granted_by": by})
    forget_roles(user)
    if created:
        log.info("role %s granted to user #%s in %s", role, user.pk, agency.code)
    return membership, created


def membership_revoke(*, user, agency: Agency, role: str) -> bool:
    if role not in ROLES:
        raise MembershipInvalid(f"unknown role {role!r}", message=f"角色「{role}」无效（可选：{'、'.join(ROLES.values())}）")
    with transaction.atomic():
        deleted, _ = Membership.objects.filter(user=user, agency=agency, role=role).delete()
    forget_roles(user)
    if deleted:
        log.info("role %s revoked from user #%s in %s", role, user.pk, agency.code)
    return bool(deleted)
