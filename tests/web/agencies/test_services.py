"""Agency writes: upsert validation, cycles, the CSV/XLSX import (all or nothing), memberships."""

from __future__ import annotations

import io
import random

import pytest

from gongkai.web.agencies.models import Agency, Membership
from gongkai.web.agencies.selectors import user_roles
from gongkai.web.agencies.services import (
    AgencyImportError,
    AgencyInvalid,
    MembershipInvalid,
    agencies_import,
    agency_delete,
    agency_upsert,
    membership_grant,
    membership_revoke,
)
from tests.conftest import DOCUMENTS

from .world import make_user

pytestmark = pytest.mark.django_db
SAMPLES = DOCUMENTS / "agencies"
SAMPLE_ROWS = 59


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


# --- upsert ------------------------------------------------------------------------------------------------

def test_upsert_creates_then_updates_keeping_fields_not_given():
    gov, created = agency_upsert(code="G", name="示例市人民政府", level="人民政府", phone="0999-1")
    assert created and gov.level == "government" and gov.parent is None
    dept, created = agency_upsert(code="G-1", name="示例市教育局", level="department", parent="G")
    assert created and dept.parent == gov

    again, created = agency_upsert(code="G", name="示例市人民政府（新）", level="government")
    assert not created and again.pk == gov.pk
    gov.refresh_from_db()
    assert gov.name == "示例市人民政府（新）" and gov.phone == "0999-1"  # phone not given: kept
    dept.refresh_from_db()
    assert dept.parent_id == gov.pk  # parent not given on update: kept


@pytest.mark.parametrize("kwargs, message", [
    ({"code": "A B", "name": "x", "level": "department"}, "代码「A B」无效"),
    ({"code": "A" * 33, "name": "x", "level": "department"}, "最长 32 个字符"),
    ({"code": "A", "name": "", "level": "department"}, "名称不能为空"),
    ({"code": "A", "name": "x", "level": "ministry"}, "级别「ministry」无效"),
    ({"code": "A", "name": "x", "level": "department", "email": "not-mail"}, "电子邮箱「not-mail」格式不正确"),
    ({"code": "A", "name": "x", "level": "department", "parent": "NOPE"}, "上级代码「NOPE」不存在"),
])
def test_upsert_refuses_invalid_fields_with_chinese_messages(kwargs, message):
    with pytest.raises(AgencyInvalid) as err:
        agency_upsert(**kwargs)
    assert message in err.value.message
    assert not Agency.objects.exists()


def test_parent_cannot_create_a_cycle():
    a, _ = agency_upsert(code="A", name="甲", level="region")
    b, _ = agency_upsert(code="B", name="乙", level="government", parent=a)
    c, _ = agency_upsert(code="C", name="丙", level="department", parent=b)
    with pytest.raises(AgencyInvalid, match="cycle|循环") as err:
        agency_upsert(code="A", name="甲", level="region", parent=c)
    assert "形成循环" in err.value.message
    with pytest.raises(AgencyInvalid) as err:
        agency_upsert(code="B", name="乙", level="government", parent="B")
    assert "不能是本机关自己" in err.value.message
    a.refresh_from_db()
    assert a.parent is None
    # Moving a subtree elsewhere (no cycle) is fine.
    d, _ = agency_upsert(code="D", name="丁", level="region")
    agency_upsert(code="B", name="乙", level="government", parent=d)
    assert Agency.objects.get(code="C").parent.parent.code == "D"


def test_delete_refuses_an_agency_with_children():
    a, _ = agency_upsert(code="A", name="甲", level="region")
    b, _ = agency_upsert(code="B", name="乙", level="government", parent=a)
    with pytest.raises(AgencyInvalid) as err:
        agency_delete(a)
    assert "下级机关" in err.value.message
    agency_delete(b)
    agency_delete(a)
    assert not Agency.objects.exists()


# --- import ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["示例市.csv", "示例市-gb18030.csv", "示例市.xlsx"])
def test_import_sample_files(name):
    summary = agencies_import((SAMPLES / name).read_bytes(), name)
    assert (summary.rows, summary.created, summary.updated, summary.unchanged) == (SAMPLE_ROWS, SAMPLE_ROWS, 0, 0)
    assert Agency.objects.count() == SAMPLE_ROWS
    tax = Agency.objects.get(code="SL-SW")
    assert tax.level == "department" and tax.parent.code == "SL"
    assert tax.reconsideration_body_effective == "国家税务总局示例省税务局"
    edu = Agency.objects.get(code="SL-00-02")
    assert (edu.name, edu.short_name, edu.parent.code, edu.level) == ("示例市教育局", "市教育局", "SL-00", "department")
    assert (edu.address, edu.phone, edu.email) == ("示例市人民路102号", "0999-88100002", "gk02@shili.example")
    assert edu.reconsideration_body_effective == "示例市人民政府"
    assert Agency.objects.get(code="SL-00-03-01").level == "office"
    town = Agency.objects.get(code="SL-04-11")
    assert town.level == "government" and town.reconsideration_body_effective == "北山县人民政府"
    assert Agency.objects.get(code="SL-04").reconsideration_body_effective == "示例市人民政府"
    assert Agency.objects.filter(level="government", parent__code="SL-00").count() == 7
    assert Agency.objects.filter(level="department").count() >= 20


def test_the_three_sample_files_hold_the_same_agencies():
    def snapshot():
        return sorted(Agency.objects.values_list("code", "name", "parent__code", "level", "short_name",
                                                 "reconsideration_body", "address", "phone", "email"))
    agencies_import((SAMPLES / "示例市.csv").read_bytes(), "示例市.csv")
    first = snapshot()
    for name in ("示例市-gb18030.csv", "示例市.xlsx"):
        summary = agencies_import((SAMPLES / name).read_bytes(), name)
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, SAMPLE_ROWS), name
        assert snapshot() == first


def test_import_accepts_rows_in_any_order_and_updates_by_code():
    lines = (SAMPLES / "示例市.csv").read_text("utf-8-sig").splitlines()
    header, body = lines[0], lines[1:]
    random.Random(7).shuffle(body)
    agencies_import(_csv("\n".join([header, *body])), "shuffled.csv")
    assert Agency.objects.count() == SAMPLE_ROWS

    # An update: one renamed, one moved under another parent, the rest unchanged; agencies not in the file stay.
    summary = agencies_import(_csv("代码,名称,上级代码,级别\nSL-00-02,示例市教育体育局,SL-00,部门\n"
                                   "SL-01-11,东华街道办事处,SL-00,派出机构\n"), "update.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 0)
    assert Agency.objects.get(code="SL-00-02").name == "示例市教育体育局"
    assert Agency.objects.get(code="SL-00-02").short_name == "市教育局"  # no 简称 column: kept
    assert Agency.objects.get(code="SL-01-11").parent.code == "SL-00"
    assert Agency.objects.count() == SAMPLE_ROWS


def test_import_with_english_headers_and_level_keys_and_a_parent_in_the_database():
    agency_upsert(code="R", name="示例市", level="region")
    summary = agencies_import(_csv("name,code,level,parent\n示例市教育局,R-2,department,R-1\n"
                                   "示例市人民政府,R-1,government,R\n"), "en.csv")
    assert summary.created == 2
    assert Agency.objects.get(code="R-2").parent.parent.code == "R"


def test_import_errors_have_row_numbers_and_nothing_is_stored():
    with pytest.raises(AgencyImportError) as err:
        agencies_import((SAMPLES / "错误示例.csv").read_bytes(), "错误示例.csv")
    errors = err.value.errors
    expected = [
        ("第 4 行：", "代码「SL 01」无效"),
        ("第 5 行：", "级别「省政府」无效"),
        ("第 6 行：", "名称不能为空"),
        ("第 7 行：", "上级代码「SL-99」不存在"),
        ("第 8 行：", "代码「SL-00」与第 3 行重复"),
        ("第 9 行：", "上级关系形成循环（SL-05 → SL-06 → SL-05）"),
        ("第 11 行：", "电子邮箱「不是邮箱」格式不正确"),
    ]
    assert len(errors) == len(expected), errors
    for (prefix, text), error in zip(expected, errors, strict=True):  # in row order
        assert error.startswith(prefix) and text in error, (prefix, text, errors)
    assert not Agency.objects.exists()


def test_import_refuses_a_cycle_through_the_database():
    agencies_import(_csv("代码,名称,上级代码,级别\nA,甲,,地区\nB,乙,A,人民政府\nC,丙,B,部门\n"), "tree.csv")
    with pytest.raises(AgencyImportError) as err:
        agencies_import(_csv("代码,名称,上级代码,级别\nA,甲,C,地区\n"), "cycle.csv")
    assert err.value.errors == ["第 2 行：上级关系形成循环（A → C → B → A）"]
    assert Agency.objects.get(code="A").parent is None


@pytest.mark.parametrize("data, name, message", [
    (b"", "x.csv", "文件为空"),
    ("代码,名称\nA,甲\n".encode(), "x.csv", "缺少必需的列：级别"),
    ("代码,名称,级别,上级代吗\nA,甲,地区,\n".encode(), "x.csv", "无法识别的列「上级代吗」"),
    ("代码,名称,级别\n".encode(), "x.csv", "没有机关数据"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", "另存为 .xlsx"),
    (b"PK\x03\x04 not really a zip", "broken.xlsx", "无法打开 XLSX 文件"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x80\x81\xfe", "photo.csv", "编码"),
])
def test_unreadable_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(AgencyImportError) as err:
        agencies_import(data, name)
    assert any(message in e for e in err.value.errors), err.value.errors
    assert not Agency.objects.exists()


def test_xlsx_numbers_and_ignored_columns():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "代码", "名称", "上级代码", "级别", "电话", "备注"])
    ws.append([1, 441900, "示例市", None, "地区", 88100000, "根"])
    ws.append([2, 441901, "示例市人民政府", 441900, "人民政府", None, None])
    buf = io.BytesIO()
    wb.save(buf)
    agencies_import(buf.getvalue(), "numbers.xlsx")
    gov = Agency.objects.get(code="441901")
    assert gov.parent.code == "441900" and Agency.objects.get(code="441900").phone == "88100000"


def test_tab_separated_utf16_and_semicolon_files():
    text = "代码\t名称\t级别\nA\t甲\t地区\n"
    agencies_import(b"\xff\xfe" + text.encode("utf-16-le"), "unicode.txt")
    agencies_import("code;name;level;parent\nB;乙;government;A\n".encode(), "semi.csv")
    assert Agency.objects.get(code="B").parent.code == "A"


# --- memberships -------------------------------------------------------------------------------------------

def test_grant_and_revoke_roles():
    agency, _ = agency_upsert(code="A", name="甲局", level="department")
    user = make_user("u")
    assert user_roles(user, agency) == set()
    m, created = membership_grant(user=user, agency=agency, role="handler")
    assert created and m.role == "handler"
    assert membership_grant(user=user, agency=agency, role="handler")[1] is False
    assert user_roles(user, agency) == {"handler"}  # the remembered roles were forgotten on grant
    assert membership_revoke(user=user, agency=agency, role="handler") is True
    assert membership_revoke(user=user, agency=agency, role="handler") is False
    assert user_roles(user, agency) == set()
    with pytest.raises(MembershipInvalid) as err:
        membership_grant(user=user, agency=agency, role="boss")
    assert "角色「boss」无效" in err.value.message
    assert not Membership.objects.exists()
