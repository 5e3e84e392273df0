"""Who reviews an agency's acts (行政复议法 2023, arts. 24–25), derived from the agency tree."""

import pytest

from gongkai.core.applications.jurisdiction import Organ, derive_reconsideration_body
from gongkai.core.errors import InvalidApplication

PROVINCE = Organ("示例省人民政府", "government", "province")
CITY_REGION = Organ("示例市", "region")
CITY = Organ("示例市人民政府", "government", "prefecture")
COUNTY = Organ("示例县人民政府", "government", "county")
NONE = Organ("", "")


def body(agency, *chain, areas=()):
    return derive_reconsideration_body(agency, list(chain), list(areas) or [NONE] * len(chain))


def test_a_department_goes_to_the_government_at_the_same_level():
    b = body(Organ("示例市教育局", "department"), CITY, CITY_REGION)
    assert b.name == "示例市人民政府" and "第二十四条第一款第（一）项" in b.basis
    assert body(Organ("示例县教育局", "department"), COUNTY, CITY).name == "示例县人民政府"


def test_a_department_without_a_government_node_goes_to_its_area_government():
    assert body(Organ("示例市教育局", "department"), CITY_REGION).name == "示例市人民政府"
    league = Organ("锡林郭勒盟", "region")
    assert body(Organ("锡林郭勒盟教育局", "department"), league).name == "锡林郭勒盟行政公署"


def test_a_government_goes_one_level_up():
    assert body(COUNTY, CITY, CITY_REGION).name == "示例市人民政府"
    b = body(CITY, Organ("示例省", "region"))
    assert b.name == "示例省人民政府" and "第二十四条第一款第（二）项" in b.basis
    # A city government grouped under its own region node, below the province's region node.
    assert body(CITY, CITY_REGION, Organ("示例省", "region"), areas=[CITY, NONE]).name == "示例省人民政府"
    # A county government placed directly under the city's region node, beside the city government.
    assert body(COUNTY, CITY_REGION, areas=[CITY]).name == "示例市人民政府"


def test_a_league_office_goes_to_the_autonomous_region():
    office = Organ("锡林郭勒盟行政公署", "government", "prefecture")
    b = body(office, Organ("锡林郭勒盟", "region"), Organ("内蒙古自治区", "region"), areas=[office, NONE])
    assert b.name == "内蒙古自治区人民政府" and "派出机关" in b.basis


def test_a_province_and_a_state_council_department_review_their_own_acts():
    b = body(PROVINCE)
    assert b.name == "示例省人民政府" and "第二十四条第二款" in b.basis
    ministry = Organ("某部", "department", "national")
    b = body(ministry)
    assert b.name == "某部" and "第二十五条" in b.basis


def test_offices_go_to_the_government_they_belong_to():
    town = body(Organ("示例县某镇人民政府", "office"), COUNTY)
    street = body(Organ("示例县某街道办事处", "office"), COUNTY)
    squad = body(Organ("某局执法大队", "office"), Organ("示例县某局", "department"), COUNTY)
    assert town.name == street.name == squad.name == "示例县人民政府"
    assert "第（二）项" in town.basis and "派出机关" in street.basis and "第二十四条第四款" in squad.basis


def test_nothing_above_is_a_clear_error_not_a_guess():
    with pytest.raises(InvalidApplication) as exc:
        body(CITY, CITY_REGION, areas=[CITY])  # the city's own area, and nothing above it
    assert "复议机关" in exc.value.message and "示例市人民政府" in exc.value.message
    with pytest.raises(InvalidApplication):
        body(Organ("某局", "department"))
