"""Region registry: aliases, years, errors, groups and clusters."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innoscope.errors import RegionError
from innoscope.regions import (
    MAINLAND, RegionChangeWarning, city_clusters, normalise_units, region_groups, registry,
    report_clusters,
)

from .conftest import TEST_DATA

REGIONS = TEST_DATA / "regions"


@pytest.fixture(scope="module")
def reg():
    return registry()


@pytest.fixture(scope="module")
def groups_ref():
    return pd.read_csv(REGIONS / "region_groups.csv", dtype=str)


# ---------------------------------------------------------------- aliases
def test_beijing_every_form(reg):
    assert reg.resolve(["北京", "北京市", "Beijing", "110000", 110000, "beijing", " 北 京 ",
                        "１１００００", "BEIJING"]) == ["110000"] * 9


def test_all_31_provinces_by_short_full_and_english(reg, groups_ref):
    codes = list(groups_ref["region_code"])
    assert sorted(codes) == sorted(MAINLAND)
    assert reg.resolve(groups_ref["region_name_zh"]) == codes
    assert reg.resolve(groups_ref["region_full_name_zh"]) == codes
    assert reg.resolve(groups_ref["region_name_en"]) == codes
    assert reg.resolve([n.upper() for n in groups_ref["region_name_en"]]) == codes
    assert reg.provinces() == sorted(codes)


def test_conventional_alternatives(reg):
    got = reg.resolve(["内蒙古", "Nei Mongol", "Inner Mongolia", "广西壮族自治区", "新疆维吾尔自治区",
                       "宁夏", "西藏", "Tibet", "Xizang", "Shaanxi", "Shanxi", "Macau", "香港"])
    assert got == ["150000", "150000", "150000", "450000", "650000", "640000", "540000",
                   "540000", "540000", "610000", "140000", "820000", "810000"]


def test_cities_with_and_without_shi(reg):
    assert reg.resolve(["深圳", "深圳市", "Shenzhen", "shenzhen city", 440300]) == ["440300"] * 5
    assert reg.resolve(["延边朝鲜族自治州", "延边", "Yanbian"]) == ["222400"] * 3
    assert reg.resolve(["Urumqi", "乌鲁木齐", "Wulumuqi", "Xi'an", "xian"]) == [
        "650100", "650100", "650100", "610100", "610100"]
    # province-administered county-level cities from the cluster reference
    assert reg.resolve(["济源", "仙桃市", "潜江", "天门"]) == ["419001", "429004", "429005", "429006"]
    assert reg.level("419001") == "county" and reg.province_of("419001") == "410000"


def test_province_and_city_sharing_a_name(reg):
    # 吉林 / 海南 alone mean the province; the city or prefecture needs its full name or a qualifier
    assert reg.resolve(["吉林", "吉林市", "Jilin (city)", "吉林省吉林市"]) == [
        "220000", "220200", "220200", "220200"]
    assert reg.resolve(["海南", "海南藏族自治州"]) == ["460000", "632500"]


def test_qualified_names(reg):
    assert reg.resolve(["泰州（江苏）", "泰州 (江苏)", "江苏泰州", "江苏省泰州市", "Taizhou (Jiangsu)",
                        "台州", "Taizhou (Zhejiang)", "Suzhou (Anhui)", "Suzhou (Jiangsu)"]) == [
        "321200", "321200", "321200", "321200", "321200", "331000", "331000", "341300", "320500"]


# ---------------------------------------------------------------- errors
def test_unknown_names_all_listed_with_suggestions(reg):
    with pytest.raises(RegionError) as e:
        reg.resolve(["北京", "北宁", "上海", "Shanghay", "Atlantis"])
    p = e.value.problems
    assert len(p) == 3
    assert p[0].startswith("unknown region '北宁' (did you mean 北京 110000, 辽宁 210000")
    assert p[1].startswith("unknown region 'Shanghay' (did you mean Shanghai 310000")
    assert p[2] == "unknown region 'Atlantis'"
    assert isinstance(e.value, ValueError)


def test_ambiguous_english_name(reg):
    with pytest.raises(RegionError) as e:
        reg.resolve(["Fuzhou", "Yulin", "Beijing"])
    p = e.value.problems
    assert len(p) == 2
    assert p[0].startswith("ambiguous region 'Fuzhou': could be Fuzhou 350100 (Fujian), "
                           "Fuzhou 361000 (Jiangxi)")
    assert "Yulin 450900 (Guangxi)" in p[1] and "Yulin 610800 (Shaanxi)" in p[1]
    # the reference tables' own English names settle a shared romanisation
    assert reg.resolve(["Suzhou", "Suzhou (Anhui)", "Hainan", "Jilin"]) == [
        "320500", "341300", "460000", "220000"]


def test_ambiguous_in_year_after_split(reg):
    # 巢湖市 (341400) was divided among 合肥, 芜湖 and 马鞍山 in 2011
    with pytest.raises(RegionError, match=r"合肥 340100.*芜湖 340200.*马鞍山 340500"):
        reg.resolve(["巢湖"], year=2015)
    assert reg.resolve(["巢湖"], year=2005) == ["341400"]
    assert reg.resolve(["巢湖"], year=1990) == ["342600"]  # 巢湖地区 before 1999


def test_county_code_is_not_a_registry_unit(reg):
    with pytest.raises(RegionError, match="unknown region '110101'"):
        reg.resolve(["110101"])


# ---------------------------------------------------------------- years
def test_laiwu_year_aware(reg):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert reg.resolve(["莱芜市", "莱芜", 371200], year=2018) == ["371200"] * 3
        assert reg.resolve(["莱芜市"], year=2015) == ["371200"]
        assert reg.resolve(["莱芜"]) == ["371200"]  # no year: the code itself
    with pytest.warns(RegionChangeWarning, match=r"济南 370100 \(山东\) in 2020"):
        assert reg.resolve(["莱芜市", "371200", "Laiwu"], year=2020) == ["370100"] * 3
    assert "371200" in reg.cities("山东", year=2018)
    assert "371200" not in reg.cities("山东", year=2020)
    assert len(reg.cities("山东", year=2018)) == 17 and len(reg.cities("山东")) == 16


def test_renamed_units(reg):
    assert reg.resolve(["襄樊", "襄樊市", "襄阳", "Xiangyang"]) == ["420600"] * 4
    assert reg.resolve(["襄樊"], year=2015) == ["420600"]
    assert reg.name("420600") == "襄阳" and reg.name("420600", year=2005) == "襄樊"
    # 襄阳 in 1982 was 襄阳地区 (422500), a different unit
    assert reg.resolve(["襄阳"], year=1982) == ["422500"]
    # 那曲地区 542400 became 那曲市 540600 in 2017: both directions
    with pytest.warns(RegionChangeWarning):
        assert reg.resolve(["那曲地区"], year=2020) == ["540600"]
    with pytest.warns(RegionChangeWarning):
        assert reg.resolve(["那曲市"], year=2010) == ["542400"]


def test_danzhou_changed_level(reg):
    assert reg.resolve(["儋州"]) == ["460400"]
    assert reg.resolve(["儋州"], year=2010) == ["469003"]
    assert reg.level("460400") == "prefecture"


# ---------------------------------------------------------------- names and lists
def test_names_and_levels(reg):
    assert reg.name("150000") == "内蒙古"
    assert reg.name(150000, short=False) == "内蒙古自治区"
    assert reg.name("150000", lang="en") == "Inner Mongolia"
    assert reg.name("440300", lang="en") == "Shenzhen"
    assert reg.level("110000") == "province" and reg.level("440300") == "prefecture"
    assert reg.province_of("440300") == "440000" and reg.province_of("440000") == "440000"
    assert len(reg.provinces(mainland_only=False)) == 34
    assert len(reg.provinces(1990)) == 30  # 海南 from 1988, 重庆 only from 1997
    assert "500000" not in reg.provinces(1990) and "460000" in reg.provinces(1990)


def test_current_prefecture_counts(reg):
    assert len(reg.cities()) == 333
    assert len(reg.cities("广东")) == 21


def test_current_prefectures_match_source(reg, shared_data):
    # the areacodes table the registry is built from (tools/build_regions.py); not shipped
    src = pd.read_csv(shared_data / "sources" / "areacodes" / "result.csv", dtype=str, encoding="utf-8-sig")
    cur = src[(src["级别"] == "地级") & (src["状态"] == "在用")]
    assert reg.cities() == sorted(cur["代码"])
    names = dict(zip(cur["代码"], cur["名称"]))
    assert all(reg.name(c, short=False) == names[c] for c in reg.cities())


def test_every_reference_code_resolves(reg):
    sub = pd.read_csv(REGIONS / "city_names.csv", dtype=str)  # one row per code of the cluster reference
    assert reg.resolve(sub["city_code"]) == list(sub["city_code"])
    # and by the reference's own Chinese and English names
    expected = ["220000" if n == "吉林" else c for n, c in zip(sub["city_name_zh"], sub["city_code"])]
    assert reg.resolve(sub["city_name_zh"]) == expected  # bare 吉林 is the province
    assert reg.resolve(sub["city_name_en"]) == list(sub["city_code"])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(MAINLAND), st.booleans(), st.integers(1997, 2025))
def test_code_resolves_to_itself(code, as_int, year):
    reg = registry()
    arg = int(code) if as_int else code
    assert reg.resolve([arg]) == [code]
    assert reg.resolve([arg], year=year) == [code]
    assert reg.resolve([reg.name(code)], year=year) == [code]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_current_city_short_and_full_name_roundtrip(data):
    reg = registry()
    code = data.draw(st.sampled_from(reg.cities(county_level=True)))
    assert reg.resolve([code, reg.name(code, short=False)]) == [code, code]
    short = reg.name(code)
    if short not in ("吉林", "海南"):  # province names win for these two
        assert reg.resolve([short]) == [code]


# ---------------------------------------------------------------- units
def test_all_chinese_and_normalise_units(reg):
    assert reg.all_chinese(["AUT", "DEU"]) is False
    assert reg.all_chinese(["北京", "Shanghai", 440300]) is True
    assert normalise_units(["AUT", "DEU", "FRA"]) == (["AUT", "DEU", "FRA"], False)
    assert normalise_units(["北京市", "Shanghai"]) == (["110000", "310000"], True)
    assert normalise_units(["北京市", "Shanghai"], mode="none") == (["北京市", "Shanghai"], False)
    with pytest.raises(RegionError, match="unknown region 'Firm A'.*3 other units are Chinese regions"):
        normalise_units(["北京", "上海", "天津", "Firm A"])
    assert normalise_units(["北京", "上海", "天津", "Firm A"], mode="none")[1] is False
    assert normalise_units(["内蒙", "北京"]) == (["150000", "110000"], True)
    with pytest.raises(RegionError) as e:
        normalise_units(["北京", "AUT", "DEU"], mode="china")
    assert [p.split(" (")[0] for p in e.value.problems] == ["unknown region 'AUT'",
                                                          "unknown region 'DEU'"]
    with pytest.raises(RegionError, match="'北京' and 'Beijing' both resolve to 北京 110000"):
        normalise_units(["北京", "Beijing"])
    with pytest.raises(RegionError, match="unknown regions mode"):
        normalise_units(["北京"], mode="maybe")


# ---------------------------------------------------------------- groups and clusters
def test_region4_counts_and_members(groups_ref):
    s = region_groups()
    assert s.value_counts().to_dict() == {"西部": 12, "东部": 10, "中部": 6, "东北": 3}
    assert sorted(s.index) == sorted(MAINLAND)
    assert set(s[s == "东北"].index) == {"210000", "220000", "230000"}
    en = region_groups("region4", "en")
    assert en["440000"] == "East" and en["150000"] == "West"
    assert region_groups("region3").value_counts().to_dict() == {"西部": 12, "东部": 11, "中部": 8}
    assert region_groups("yangtze_belt").sum() == 11
    assert region_groups("yellow_river9").sum() == 9
    assert region_groups("zone8").nunique() == 8
    with pytest.raises(RegionError, match="unknown region grouping 'region5'"):
        region_groups("region5")


def test_city_clusters():
    gba = city_clusters("gba_2019")
    assert len(gba) == 11
    assert set(gba["unit_code"]) >= {"810000", "820000", "440100", "440300"}
    assert len(city_clusters("jjj_2015")) == 13
    assert len(city_clusters("yrd26_2016")) == 26
    assert len(city_clusters("yrd41_full_2019")) == 41
    sdp = city_clusters("sdp_2017")
    assert len(sdp) == 17 and "371200" in set(sdp["unit_code"])
    gz = city_clusters("gzpy_2018")
    assert "杨凌示范区" in set(gz["unit_zh"])
    assert city_clusters("jjj_2015").set_index("unit_code").at["130100", "unit_en"] == "Shijiazhuang"
    with pytest.raises(RegionError, match="unknown city-cluster variant"):
        city_clusters("nowhere_2030")


def test_report_clusters():
    rc = report_clusters()
    assert list(dict.fromkeys(rc["report_name_zh"])) == [
        "京津冀", "长三角", "粤港澳大湾区", "川渝", "长江中游", "山东半岛"]
    by = rc.groupby("cluster_id")["unit_code"].apply(list)
    assert by["myr"] == ["420100", "420500", "430100", "430200"]
    assert by["cy"] == ["510100", "500000", "510700"]
    assert set(rc[rc.cluster_id == "yrd"]["province_code"]) == {"310000", "320000", "330000",
                                                                 "340000"}
    assert set(report_clusters(include_single_point=True)["unit_zh"]) >= {"西安", "郑州"}


# ---------------------------------------------------------------- speed

