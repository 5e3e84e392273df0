"""Agencies' 统一社会信用代码 and 组织机构代码 (the 索引号 prefix) and the disclosure office's details for the
政府信息公开指南: the service, the import, the admin form, the CLI and the directory."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.cli import main
from gongkai.core.registry.codes import make_org_code, make_uscc
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.services import AgencyImportError, AgencyInvalid, agencies_import, agency_upsert

from .world import make_user

pytestmark = pytest.mark.django_db


def org(body8: str) -> str:
    return make_org_code(body8)


def uscc(body8: str, prefix: str = "11350100") -> str:
    """A unified social credit code of a 机关 (1 1) whose characters 9–17 are the organisation code."""
    return make_uscc(prefix + org(body8))


GOV = uscc("00300001")
DEPT = uscc("00300002")
WRONG = "0" if GOV[-1] != "0" else "1"


def test_codes_are_normalised_checked_and_give_the_index_code():
    gov, _ = agency_upsert(code="G", name="示例市人民政府", level="government", uscc=f" {GOV.lower()[:9]} {GOV[9:]} ")
    assert gov.uscc == GOV and gov.index_code == GOV
    dept, _ = agency_upsert(code="D", name="示例市教育局", level="department", parent=gov,
                            org_code=f"{org('00300002')[:8].lower()}-{org('00300002')[8]}")
    assert dept.org_code == org("00300002") and dept.index_code == org("00300002")
    assert Agency.objects.get(code="D").index_code == org("00300002")
    none, _ = agency_upsert(code="N", name="示例市某办", level="office", parent=gov)
    assert none.index_code == "" and none.uscc == "" and none.org_code == ""
    # Both given: the USCC wins, and its characters 9–17 must be the organisation code.
    both, _ = agency_upsert(code="D", name="示例市教育局", level="department", uscc=DEPT)
    assert both.index_code == DEPT and both.org_code == org("00300002")


@pytest.mark.parametrize("kwargs, message", [
    ({"uscc": GOV[:-1]}, "应为 18 位（当前 17 位）"),
    ({"uscc": GOV[:-1] + ("0" if GOV[-1] != "0" else "1")}, "校验位不正确"),
    ({"uscc": GOV[:8] + "I" + GOV[9:]}, "不使用 I、O、Z、S、V"),
    ({"uscc": make_uscc("11350100" + "003000019"[:8] + ("0" if org("00300001")[8] != "0" else "1"))},
     "第 9 至 17 位（主体标识码）不是有效的组织机构代码"),
    ({"org_code": "12345678"}, "应为 9 位"),
    ({"org_code": org("00300009")[:8] + ("0" if org("00300009")[8] != "0" else "1")}, "组织机构代码「"),
    ({"uscc": GOV, "org_code": org("00300002")}, "与统一社会信用代码第 9 至 17 位"),
    ({"postcode": "35000"}, "邮政编码「35000」应为 6 位数字"),
    ({"website": "www.example.gov.cn"}, "不是有效的网址"),
    ({"website": "javascript:alert(1)"}, "不是有效的网址"),
])
def test_bad_codes_are_refused_in_chinese(kwargs, message):
    with pytest.raises(AgencyInvalid) as err:
        agency_upsert(code="A", name="某局", level="department", **kwargs)
    assert message in err.value.message
    assert not Agency.objects.filter(code="A").exists()


def test_a_code_held_by_another_agency_is_refused():
    agency_upsert(code="G", name="示例市人民政府", level="government", uscc=GOV, org_code=org("00300001"))
    for kwargs, label in (({"uscc": GOV}, "统一社会信用代码"), ({"org_code": org("00300001")}, "组织机构代码")):
        with pytest.raises(AgencyInvalid) as err:
            agency_upsert(code="X", name="某局", level="department", **kwargs)
        assert f"{label}「" in err.value.message and "已被机关「示例市人民政府」（G）使用" in err.value.message
    # Keeping its own code on update is fine; empty codes never clash.
    agency_upsert(code="G", name="示例市人民政府", level="government", uscc=GOV)
    agency_upsert(code="Y", name="甲", level="department")
    agency_upsert(code="Z", name="乙", level="department")


def test_office_fields_and_the_effective_office_name():
    gov, _ = agency_upsert(code="G", name="示例市人民政府", level="government", office_hours="工作日 9:00—17:00",
                           fax="0599-1234567", postcode="３５０ ０01", website="https://www.shili.gov.cn/")
    assert (gov.office_hours, gov.fax, gov.postcode, gov.website) == (
        "工作日 9:00—17:00", "0599-1234567", "350001", "https://www.shili.gov.cn/")
    assert gov.office_name_effective == "示例市人民政府办公室"
    gov, _ = agency_upsert(code="G", name="示例市人民政府", level="government", office_name="示例市政务公开办公室")
    assert gov.office_name_effective == "示例市政务公开办公室" and gov.fax == "0599-1234567"


# --- import -----------------------------------------------------------------------------------------------

HEADER = "代码,名称,级别,上级代码,统一社会信用代码,组织机构代码,政府信息公开工作机构,办公时间,传真,邮政编码,网站\n"


def test_import_reads_the_new_columns():
    text = HEADER + (
        f"G,示例市人民政府,人民政府,,{GOV},,示例市政务公开办,工作日 9:00—17:00,0599-1,350001,https://shili.gov.cn/\n"
        f"D,示例市教育局,部门,G,,{org('00300002')[:8]}-{org('00300002')[8]},,,,,\n")
    summary = agencies_import(text.encode(), "a.csv")
    assert summary.created == 2
    gov, dept = Agency.objects.get(code="G"), Agency.objects.get(code="D")
    assert gov.uscc == GOV and gov.office_name == "示例市政务公开办" and gov.postcode == "350001"
    assert gov.website == "https://shili.gov.cn/" and gov.office_hours == "工作日 9:00—17:00"
    assert dept.org_code == org("00300002") and dept.index_code == org("00300002")
    # English headers, and a second import with the same values changes nothing.
    english = ("code,name,level,uscc\n" f"G,示例市人民政府,government,{GOV}\n").encode()
    assert agencies_import(english, "b.csv").unchanged == 1


def test_import_refuses_bad_and_duplicate_codes_row_by_row_storing_nothing():
    agency_upsert(code="OLD", name="已有机关", level="department", uscc=DEPT)
    text = "代码,名称,级别,uscc,组织机构代码\n" + (
        f"A,甲局,部门,{GOV[:-1]}{WRONG},\n"      # row 2: bad check character
        f"B,乙局,部门,{GOV},\n"                  # row 3: fine
        f"C,丙局,部门,{GOV.lower()},\n"          # row 4: the same code as row 3 (after normalising)
        f"E,戊局,部门,{DEPT},\n"                 # row 5: held by an agency already in the database
        "F,己局,部门,,1234\n")                   # row 6: organisation code too short
    with pytest.raises(AgencyImportError) as err:
        agencies_import(text.encode(), "codes.csv")
    errors = err.value.errors
    assert errors[0].startswith("第 2 行：统一社会信用代码「") and "校验位不正确" in errors[0]
    assert f"第 4 行：统一社会信用代码「{GOV}」与第 3 行重复" in errors
    assert f"第 5 行：统一社会信用代码「{DEPT}」与机关「已有机关」（OLD）重复" in errors
    assert any(e.startswith("第 6 行：组织机构代码「1234」应为 9 位") for e in errors)
    assert not any(e.startswith("第 3 行") for e in errors)
    assert Agency.objects.count() == 1


def test_moving_a_code_from_one_agency_to_another_in_one_file():
    agency_upsert(code="A", name="甲局", level="department", uscc=GOV)
    agency_upsert(code="B", name="乙局", level="department")
    text = f"代码,名称,级别,统一社会信用代码\nA,甲局,部门,\nB,乙局,部门,{GOV}\n"
    agencies_import(text.encode(), "move.csv")
    assert Agency.objects.get(code="B").uscc == GOV and Agency.objects.get(code="A").uscc == ""


def test_cli_import_prints_the_code_errors_and_exits_2(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(f"代码,名称,级别,统一社会信用代码\nA,甲局,部门,{GOV[:10]}\n", encoding="utf-8")
    assert main(["agencies", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "第 2 行：统一社会信用代码" in err and "应为 18 位（当前 10 位）" in err
    assert not Agency.objects.exists()


# --- admin and directory -------------------------------------------------------------------------------------

def test_admin_form_shows_and_saves_the_fields(client):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    agency_upsert(code="G", name="示例市人民政府", level="government", uscc=GOV)
    form = {"code": "D", "name": "示例市教育局", "level": "department", "sort": 0, "active": "on",
            "org_code": f"{org('00300002')[:8]}-{org('00300002')[8]}", "office_hours": "工作日", "fax": "0599-2",
            "postcode": "350002", "website": "https://jyj.shili.gov.cn/", "office_name": "",
            "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0}
    page = client.get(reverse("admin:agencies_agency_add")).content.decode()
    for label in ("统一社会信用代码", "组织机构代码", "政府信息公开工作机构名称", "办公时间", "传真", "邮政编码", "网站"):
        assert label in page
    response = client.post(reverse("admin:agencies_agency_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    dept = Agency.objects.get(code="D")
    assert (dept.org_code, dept.fax, dept.postcode, dept.website) == (
        org("00300002"), "0599-2", "350002", "https://jyj.shili.gov.cn/")
    clash = client.post(reverse("admin:agencies_agency_add"), {**form, "code": "E", "org_code": "", "uscc": GOV})
    html = clash.content.decode()
    assert clash.status_code == 200 and "已被机关「示例市人民政府」（G）使用" in html
    assert "Constraint" not in html


@pytest.mark.urls("tests.web.agencies.urls_for_tests")
def test_directory_shows_the_office_details(client):
    agency_upsert(code="G", name="示例市人民政府", level="government", office_name="示例市政务公开办公室",
                  office_hours="工作日 9:00—17:00", fax="0599-7654321", postcode="350001",
                  website="https://www.shili.gov.cn/")
    html = client.get(reverse("agencies:directory")).content.decode()
    for text in ("示例市政务公开办公室", "工作日 9:00—17:00", "传真 0599-7654321", "邮编 350001",
                 'href="https://www.shili.gov.cn/"'):
        assert text in html
