"""Embedded data: provenance, totals gaps, mapping, year rules, published values, rebuild."""
from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from innoscope.datasets import (
    STATUSES, auxiliary_series, coverage, load_checks, load_cities, load_mapping, load_panel, load_provenance,
    load_series,
)
from innoscope.datasets._checks import (
    PROVINCES, check_mapping_statuses, check_provenance, check_region_codes, check_statuses, check_totals_gap,
    check_units, check_years, totals_gap,
)
from innoscope.errors import FrameworkError, PanelError
from innoscope.framework import load_framework

from .conftest import TEST_DATA

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "innoscope" / "datasets" / "data"
EXCERPT = TEST_DATA / "province_reference"  # a small input for tools/build_dataset.py


def _tool():
    spec = importlib.util.spec_from_file_location("build_dataset", REPO / "tools" / "build_dataset.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# -- provenance ---------------------------------------------------------------------------
@pytest.mark.parametrize("level", ["provinces", "national", "cities"])
def test_every_value_has_a_source(level):
    s = load_series(level=level)
    assert len(s) > 0
    assert check_provenance(s, name=level) == []
    assert s["source"].str.strip().ne("").all()
    assert s["source_detail"].str.strip().ne("").all()
    assert set(s["confidence"]) <= {"high", "medium", "low"}


def test_provenance_of_panel_is_complete_and_matches_panel():
    prov = load_provenance()
    panel = load_panel()
    assert len(prov) == len(panel.data)
    assert prov["source"].str.strip().ne("").all() and prov["series"].str.strip().ne("").all()
    assert set(prov["status"]) == {"official", "proxy", "secondary"}  # the default include: no report figures
    merged = panel.data.merge(prov, on=["region", "year", "indicator"], suffixes=("", "_p"))
    assert len(merged) == len(panel.data)
    np.testing.assert_array_equal(merged["value"], merged["value_p"])


def test_check_provenance_reports_a_value_without_source():
    s = load_series().head(3).copy()
    s.loc[s.index[1], "source"] = ""
    s.loc[s.index[2], "confidence"] = "certain"
    problems = check_provenance(s, name="x")
    assert len(problems) == 2
    assert "no source" in problems[0] and "confidence 'certain'" in problems[1]


# -- statuses -----------------------------------------------------------------------------
# What a publication is, read from its name, independently of the build script: the CAICT report's
# own figures are `report`; press reposts, compilations from reprints, commercial lists and
# third-party counts of a list are `secondary`; statistical yearbooks, bulletins and the ministries'
# lists are `official`.
SOURCE_KINDS = [
    (r"全球产业创新生态发展报告", "report"),
    (r"\bvia\b|转载汇编|CB Insights|高新技术企业认定管理工作网|上市公司名录|整理者所加", "secondary"),
    (r"中国科技统计年鉴|统计公报|普查公报|MOE 全国|教育部", "official"),
]


def _expected_status(source: str) -> str:
    for pattern, status in SOURCE_KINDS:
        if re.search(pattern, source):
            return status
    raise AssertionError(f"no expectation for source {source!r}: add it to SOURCE_KINDS")


@pytest.mark.parametrize("level", ["provinces", "national", "cities"])
def test_every_series_status_matches_its_source(level):
    s = load_series(level=level)
    assert set(s["status"]) <= {"official", "secondary", "report"}
    for (series, source), g in s.groupby(["series", "source"]):
        assert set(g["status"]) == {_expected_status(source)}, (series, source)
    catalogue = pd.read_csv(DATA / "series.csv").set_index("series")["status"]
    for series, status in s.groupby("series")["status"].first().items():
        assert catalogue[series] == status, series


def test_every_mapped_indicator_status_follows_its_series():
    m = load_mapping()
    s = load_series()
    for r in m.itertuples(index=False):
        if not r.series:
            assert r.status == "missing", r.indicator
            continue
        sources = set(s.loc[s["series"] == r.series, "source"])
        kinds = {_expected_status(x) for x in sources}
        assert len(kinds) == 1, r.indicator
        (kind,) = kinds
        want = kind if kind != "official" else ("official" if r.concept == "same" else "proxy")
        assert r.status == want, r.indicator


def test_labels_the_issue_named():
    m = load_mapping().set_index("indicator")
    # head-firm counts come only from the report; the note counts the provinces the data cover
    assert m.at["head_firms", "status"] == "report"
    n_head = load_series().query("series == 'seed_head_firms'")["region_code"].nunique()
    assert n_head == 13 and f"{n_head} of 31 provinces" in m.at["head_firms", "note"]
    # the little-giant table reached us as a press repost
    assert m.at["potential_firms", "status"] == "secondary"
    assert set(load_series().query("series == 'little_giants_b12'")["status"]) == {"secondary"}
    # 数字产业收入 is high-tech manufacturing revenue: a proxy whose real name is given
    assert m.at["digital_industry_revenue", "status"] == "proxy"
    assert "高技术" in m.at["digital_industry_revenue", "series_name_zh"]
    assert "high-tech manufacturing" in m.at["digital_industry_revenue", "series_name_en"]


def test_check_mapping_statuses_reports_a_wrong_label():
    m = load_mapping()
    cat = pd.read_csv(DATA / "series.csv", keep_default_na=False)
    assert check_mapping_statuses(m, cat) == []
    bad = m.copy()
    bad.loc[bad["indicator"] == "head_firms", "status"] = "official"
    (problem,) = check_mapping_statuses(bad, cat)
    assert problem.startswith("mapping: indicator head_firms has status 'official'") and "'report'" in problem
    assert check_statuses(load_series(), cat) == []


# -- checks -------------------------------------------------------------------------------
def test_units_years_and_codes_of_embedded_files():
    series = pd.read_csv(DATA / "series.csv")
    prov, cities = load_series(), load_series(level="cities")
    assert check_units(pd.concat([prov, cities]), series) == []
    assert check_years(prov) == [] and check_years(cities) == []
    assert check_region_codes(prov, level="province") == []
    assert check_region_codes(cities, level="city") == []
    assert sorted(prov["region_code"].unique()) == sorted(PROVINCES)


def test_unit_mix_and_bad_codes_are_reported():
    s = load_series()
    s = s[s["series"] == "rd_fte"].head(2).copy()
    s.loc[s.index[0], "unit"] = "万人年"
    assert check_units(s) == ["data: series rd_fte mixes units 人年, 万人年"] or \
        check_units(s) == ["data: series rd_fte mixes units 万人年, 人年"]
    bad = s.assign(region_code=["110000", "990000"])
    assert check_region_codes(bad, level="province") == ["data: region code 990000 is not a valid province code"]
    assert check_years(s.assign(year=[2014, 2021])) == [
        "data: region 110000, series rd_fte: year 2014 outside 2015–2023"]


def test_totals_gap_recorded_values():
    checks = load_checks()
    gaps = checks[checks["check"] == "totals_gap"].set_index(["series", "year"])
    assert gaps["passed"].all()
    # R&D series add up (the yearbook's own provincial tables); patents and contracts fall short
    assert abs(gaps.loc[("rd_fte", 2021), "gap"]) < 1e-5
    assert gaps.loc[("rd_fte", 2021), "national_total"] == 5_716_330
    assert gaps.loc[("tech_contract_value", 2021), "gap"] == pytest.approx(
        (372_943_000 - 359_581_000) / 372_943_000, abs=2e-4)
    assert gaps.loc[("valid_invention_patents_prev_yearend", 2015), "gap"] == pytest.approx(0.0639, abs=1e-4)
    # 西藏 is missing in 2015-2016 for the technology market
    assert gaps.loc[("tech_contracts", 2015), "n_regions"] == 30
    assert {"rd_expenditure", "rd_fte", "invention_patent_applications", "tech_contracts",
            "valid_invention_patents_prev_yearend", "little_giants_b12"} <= set(gaps.index.get_level_values(0))


def test_totals_gap_fails_beyond_tolerance():
    prov, nat = load_series(), load_series(level="national")
    table = totals_gap(prov, nat, {"rd_fte": 0.005})
    assert len(table) == 8 and table["passed"].all()
    assert check_totals_gap(table) == []
    bumped = prov.copy()
    hit = (bumped["series"] == "rd_fte") & (bumped["region_code"] == "440000") & (bumped["year"] == 2021)
    assert hit.sum() == 1
    bumped.loc[hit, "value"] *= 0.9  # Guangdong's FTE cut by a tenth: ~1.6 % of the national total
    table = totals_gap(bumped, nat, {"rd_fte": 0.005})
    failed = table[~table["passed"]]
    assert list(zip(failed["series"], failed["year"])) == [("rd_fte", 2021)]
    assert 0.01 < failed["gap"].item() < 0.02
    (problem,) = check_totals_gap(table)
    assert problem.startswith("series rd_fte, year 2021:") and "> tolerance 0.50%" in problem


def test_build_script_rebuilds_the_embedded_files_identically(tmp_path, shared_data):
    tool = _tool()
    doc = tmp_path / "data.md"
    original = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    start, end = "<!-- coverage:start -->", "<!-- coverage:end -->"
    head, rest = original.split(start, 1)
    doc.write_text(head + start + "\nstale\n" + end + rest.split(end, 1)[1], encoding="utf-8")
    rc = tool.build(shared_data, tmp_path, doc=doc)
    assert rc == 0
    assert doc.read_text(encoding="utf-8") == original  # the documented coverage table is current
    for name in ("provinces.csv", "national_totals.csv", "cities.csv", "mapping_caict2022.csv", "checks.csv",
                 "coverage.csv", "series.csv", "regions.csv", "report_city_ratios.csv", "SOURCES.md"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_build_script_refuses_data_beyond_tolerance(tmp_path, capsys):
    tool = _tool()
    assert tool.build(EXCERPT, tmp_path / "clean", doc=None) == 0  # the excerpt as published passes
    capsys.readouterr()
    ref = pd.read_csv(EXCERPT / "province_indicators_reference.csv", dtype={"region_code": str})
    hit = (ref["indicator_id"] == "rd_expenditure") & (ref["region_code"] == "440000") & (ref["year"] == 2020) \
        & (ref["source"] != "seed report")
    assert hit.sum() == 1
    ref.loc[hit, "value"] *= 1.5
    bumped = tmp_path / "bumped"
    shutil.copytree(EXCERPT / "sources", bumped / "sources")
    ref.to_csv(bumped / "province_indicators_reference.csv", index=False)
    out = tmp_path / "out"
    assert tool.build(bumped, out, doc=None) == 1
    err = capsys.readouterr().err
    assert "series rd_expenditure, year 2020" in err
    assert not out.exists()


def test_shared_file_is_not_copied_verbatim(shared_data):
    ref_lines = set((shared_data / "province_indicators_reference.csv").read_text(encoding="utf-8").splitlines())
    for name in ("provinces.csv", "cities.csv", "national_totals.csv"):
        ours = (DATA / name).read_text(encoding="utf-8").splitlines()
        assert not ref_lines & set(ours), name


# -- published values ---------------------------------------------------------------------
def _value(series, code, year):
    s = load_series()
    return s[(s["series"] == series) & (s["region_code"] == code) & (s["year"] == year)]["value"].item()


def test_values_quoted_in_the_report():
    assert _value("rd_intensity", "110000", 2021) == 6.53
    assert _value("rd_intensity", "310000", 2021) == 4.21
    assert _value("rd_intensity", "120000", 2021) == 3.66
    assert _value("rd_intensity", "440000", 2021) == 3.22
    assert _value("rd_expenditure", "440000", 2021) == 4002.2
    # 广东 增幅96.7% = 4002.2 / 2035.1 − 1
    growth = _value("rd_expenditure", "440000", 2021) / _value("rd_expenditure", "440000", 2016) - 1
    assert round(growth * 100, 1) == 96.7
    assert _value("valid_invention_patents_prev_yearend", "110000", 2021) == 335_575  # 约33.6万件
    assert _value("tech_contracts", "110000", 2021) == 93_563
    # 天津's R&D FTE fell between 2016 and 2021
    assert _value("rd_fte", "120000", 2021) < _value("rd_fte", "120000", 2016)


def test_new_series_from_the_yearbook_and_the_national_lists():
    # 北京 2021: 24,191 万元 paid to universities of 3,135,144 intramural + 566,278 extramural
    assert _value("firm_rd_to_universities", "110000", 2021) == 24_191
    assert _value("firm_rd_to_universities_share", "110000", 2021) == pytest.approx(
        100 * 24_191 / (3_135_144 + 566_278), abs=1e-4)
    # recognitions of the last three years stand for the valid certificates
    three = sum(_value("hightech_firm_recognitions", "110000", y) for y in (2019, 2020, 2021))
    assert _value("hightech_firms_3y", "110000", 2021) == three
    # digital manufacturing innovation centres: 上海 2 (the report's own figure), 北京 0 (none digital)
    assert _value("nmic_digital", "310000", 2021) == 2
    assert _value("nmic_digital", "110000", 2021) == 0
    s = load_series()
    nmic = s[s["series"] == "nmic_digital"]
    assert nmic.groupby("year")["region_code"].nunique().to_dict() == {
        2016: 31, 2017: 31, 2018: 31, 2019: 31, 2020: 31, 2021: 31, 2022: 29}
    assert nmic.query("year == 2021")["value"].sum() == 8  # 8 of the 21 centres at end-2021
    # the 2022 counts of 广东 and 山东 are known to be incomplete: missing, not guessed
    assert nmic.query("year == 2022 and region_code in ['440000', '370000']").empty
    clusters = s[s["series"] == "adv_mfg_clusters_digital"].query("year == 2021")
    assert len(clusters) == 31 and clusters["value"].sum() == 9  # 9 of the 25 winners by name
    assert _value("adv_mfg_clusters_digital", "440000", 2021) == 3


def test_national_totals():
    nat = load_series(level="national").set_index(["series", "year"])["value"]
    assert nat[("rd_fte", 2021)] == 5_716_330
    assert nat[("rd_expenditure", 2021)] == pytest.approx(27_956.3)
    assert nat[("little_giants_b12", 2021)] == 1832


# -- mapping ------------------------------------------------------------------------------
def test_mapping_covers_the_17_indicators():
    m = load_mapping().set_index("indicator")
    fw = load_framework("caict2022")
    assert sorted(m.index) == sorted(fw.indicators)
    assert set(m["status"]) == set(STATUSES) == {"official", "proxy", "secondary", "report", "missing"}
    assert m.at["digital_invention_applications", "series"] == "invention_patent_applications"
    assert m.at["digital_industry_revenue", "series"] == "hightech_mfg_revenue"
    assert m.at["digital_industry_revenue", "status"] == "proxy"
    assert m.at["univ_rd_enterprise_share", "series"] == "firm_rd_to_universities_share"
    assert m.at["nmic_digital", "series"] == "nmic_digital"
    assert m.at["clusters_digital", "series"] == "adv_mfg_clusters_digital"
    for code in ("vc_deals_digital", "social_financing_increment", "ntic_digital", "nerc_digital"):
        assert m.at[code, "status"] == "missing" and m.at[code, "series"] == ""
        assert m.at[code, "alternatives"]  # why nothing was eligible
    # every series that is not the report's definition says how it differs, and what lost against it
    differs = m[m["concept"].isin(["scope", "related"])]
    assert differs["definition_gap"].str.len().gt(20).all()
    assert set(m.loc[m["status"] == "proxy", "concept"]) <= {"scope", "related"}
    # every mapped series exists in the embedded data
    series = set(load_series()["series"])
    assert set(m.loc[m["series"] != "", "series"]) <= series
    with pytest.raises(FrameworkError):
        load_mapping("other")


def test_year_rules_are_applied_transparently():
    prov = load_provenance()
    dfc = prov[(prov["indicator"] == "double_first_class") & (prov["region"] == "110000")].set_index("year")
    assert dfc.at[2021, "value"] == 34 and dfc.at[2021, "data_year"] == 2017
    assert dfc.at[2022, "data_year"] == 2022
    univ = prov[(prov["indicator"] == "univ_rd_enterprise_share") & (prov["region"] == "510000")]
    assert sorted(univ["year"]) == list(range(2018, 2024)) and (univ["year"] == univ["data_year"]).all()
    # no silent relabelling: values without a rule keep their own year
    assert set(prov.loc[prov["indicator"] == "potential_firms", "data_year"]) == {2021}
    rules = (prov["year"] != prov["data_year"])
    assert set(prov.loc[rules, "indicator"]) == {"double_first_class"}
    # the mapping lists each carried year, and only those
    m = load_mapping().set_index("indicator")
    carried = prov[rules].groupby("indicator")["year"].unique()
    for code, years in carried.items():
        listed = {int(x.split(" ")[0]) for x in m.at[code, "carried_years"].split("; ")}
        assert listed == set(years), code
    assert (m.drop(carried.index)["carried_years"] == "").all()


def test_hightech_revenue_has_no_2017():
    p = load_panel().data
    years = set(p.loc[p["indicator"] == "digital_industry_revenue", "year"])
    assert 2017 not in years and {2016, 2021} <= years


def test_load_panel_shape_and_framework_object():
    fw = load_framework("caict2022")
    p = load_panel(fw)
    assert p.source == "embedded:provinces" and p.chinese
    assert len(p.regions) == 31 and p.labels["110000"] == "北京"
    assert not p.data.duplicated(["region", "year", "indicator"]).any()
    assert set(p.indicators) <= set(fw.indicators)
    only_official = load_panel(include=("official",))
    assert "digital_invention_applications" not in only_official.indicators
    assert "rd_fte" in only_official.indicators
    small = load_panel(fw.drop(["head_firms"]))
    assert "head_firms" not in small.indicators
    with pytest.raises(PanelError):
        load_panel(include=("guessed",))


def test_coverage_rule():
    cov = coverage(load_panel(), 2021).set_index("indicator")
    assert len(cov) == 17
    # the report's own head-firm counts stay out of the default panel
    assert cov.at["head_firms", "status"] == "report" and cov.at["head_firms", "n_regions"] == 0
    assert cov.at["potential_firms", "n_regions"] == 31 and cov.at["potential_firms", "usable"]
    assert cov.at["vc_deals_digital", "status"] == "missing" and not cov.at["vc_deals_digital", "usable"]
    assert cov.at["double_first_class", "usable"]
    assert cov.at["nmic_digital", "usable"] and cov.at["clusters_digital", "usable"]
    usable = cov.index[cov["usable"]].tolist()
    assert len(usable) == 12
    with_report = load_panel(include=("official", "proxy", "secondary", "report"))
    low = coverage(with_report, 2021, threshold=0.4).set_index("indicator")
    assert low.at["head_firms", "n_regions"] == 13 and low.at["head_firms", "usable"]
    # a plain frame with user indicators
    frame = pd.DataFrame({"region": ["a", "b", "c"], "year": 2021, "indicator": "x", "value": [1, np.nan, 3]})
    c = coverage(frame, 2021, regions=None).set_index("indicator")
    assert c.at["x", "n_regions"] == 2 and c.at["x", "coverage"] == pytest.approx(2 / 3)
    assert c.at["x", "status"] == "user"


def test_auxiliary_series_for_growth_and_dea():
    aux = auxiliary_series(["rd_expenditure"])
    assert list(aux.columns) == ["region", "year", "indicator", "value"]
    assert set(aux["indicator"]) == {"rd_expenditure"} and aux["region"].nunique() == 31
    assert sorted(aux["year"].unique()) == list(range(2015, 2023))
    with pytest.raises(PanelError, match="no embedded series nothing"):
        auxiliary_series("nothing")


def test_city_panel():
    c = load_cities()
    assert c.source == "embedded:cities"
    d = c.data.set_index(["region", "indicator"])["value"]
    assert d[("440300", "head_firms")] == 40
    assert d[("330100", "head_firms")] == 18
    assert d[("440300", "rd_intensity")] == 5.46
    per = c.data.groupby("indicator")["region"].nunique()
    assert per["head_firms"] == 8 and per["potential_firms"] == 6
    assert load_series(level="cities")["source"].str.contains("全球产业创新生态发展报告").sum() >= 20
