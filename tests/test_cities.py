"""Cities as units: the registry, city geometry, the city edition of the embedded data, city panels
through the evaluation, ``innoscope hubs --level city`` and ``innoscope disparity --contiguity``."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from innoscope.cli import app
from innoscope.config import load_config
from innoscope.datasets import CITY_SERIES, load_city_panel, load_report_city_ratios, load_series
from innoscope.errors import RegionError
from innoscope.evaluation import run
from innoscope.regions import (RegionChangeWarning, centroids, city_adjacency, distance_neighbors,
                               great_circle_km, normalise_units, registry)
from innoscope.spatial import city_hubs, moran, moran_by_year, single_point_cities, spatial_neighbors

runner = CliRunner()

# The cities of the report's six clusters, its two single-point cities and a few others: a small panel.
SAMPLE = ["北京", "天津", "石家庄", "唐山", "保定", "上海", "苏州", "杭州", "南京", "合肥", "宁波", "无锡",
          "南通", "深圳", "广州", "成都", "重庆", "绵阳", "武汉", "宜昌", "长沙", "株洲", "青岛", "济南",
          "烟台", "潍坊", "淄博", "威海", "西安", "郑州", "沈阳", "长春", "吉林市", "昆明", "兰州"]
FRAMEWORK = """code,parent,name_zh,name_en,direction,weight
city,,城市创新,City innovation,1,1
research,city,科研基础,Research base,1,1
industry,city,产业创新,Industrial innovation,1,1
undergrad_universities,research,本科高校数量,Undergraduate universities,1,1
universities_985_211,research,985/211高校,985/211 universities,1,1
listed_firms_a_share,industry,A股上市公司,A-share listed companies,1,1
listed_firms_ict,industry,ICT上市公司,ICT listed companies,1,1
"""


def _value(series, code, year):
    s = load_series(level="cities")
    return s[(s["series"] == series) & (s["region_code"] == code) & (s["year"] == year)]["value"].item()


@pytest.fixture(scope="module")
def city_files(tmp_path_factory):
    """A city panel (short Chinese names, one evaluated year) and a framework of the user's.

    The values are the embedded city edition's; the universities of the 2019 list are entered for
    2022 beside the listed companies of 2022-03, as a user would carry a list still in force.
    """
    d = tmp_path_factory.mktemp("city")
    codes = dict(zip(SAMPLE, registry().resolve(SAMPLE)))
    p = load_city_panel(["undergrad_universities", "universities_985_211", "listed_firms_a_share",
                         "listed_firms_ict"]).data
    p = p[p["region"].isin(codes.values())].assign(year=2022)
    back = {c: n for n, c in codes.items()}
    p = p.assign(region=p["region"].map(back))
    p.to_csv(d / "cities.csv", index=False)
    (d / "framework.csv").write_text(FRAMEWORK, encoding="utf-8")
    return d


# -- registry -------------------------------------------------------------------------------
def test_cities_resolve_by_full_short_english_name_and_code():
    reg = registry()
    assert reg.resolve(["苏州", "苏州市", "Suzhou", 320500, "深圳", "Shenzhen", "西安", "Xi'an", "Xian"],
                       year=2021) == ["320500"] * 3 + ["320500", "440300", "440300"] + ["610100"] * 3
    # municipalities are one unit at their province code, also when given by their city code
    assert reg.resolve(["北京", "北京市", "110100", "重庆", "500100"]) == ["110000"] * 3 + ["500000"] * 2
    assert reg.name("310100") == "上海"


def test_cities_are_year_aware():
    reg = registry()
    assert reg.resolve(["莱芜"], year=2018) == ["371200"]
    with pytest.warns(RegionChangeWarning, match="济南 370100"):
        assert reg.resolve(["莱芜市"], year=2020) == ["370100"]
    assert reg.resolve(["襄樊"], year=2021) == ["420600"]


def test_units_level():
    reg = registry()
    assert reg.units_level(["110000", "310000", "320500"]) == "city"
    assert reg.units_level(["110000", "310000"]) == "province"
    assert reg.units_level(["320000", "320500"]) == "mixed"
    assert reg.units_level(["419001", "440300"]) == "city"  # 济源, province-administered


def test_a_province_name_among_cities_reads_as_the_city():
    with pytest.warns(RegionChangeWarning, match="吉林市 220200.*吉林省"):
        codes, chinese = normalise_units(["吉林", "长春", "北京", "苏州"])
    assert chinese and codes == ["220200", "220100", "110000", "320500"]
    with pytest.warns(RegionChangeWarning, match="海南藏族自治州 632500.*海南省"):
        assert normalise_units(["海南", "西宁", "海东"])[0] == ["632500", "630100", "630200"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # provinces stay provinces; a full province name among cities is a mixed panel, left as is
        assert normalise_units(["吉林", "辽宁", "北京"])[0] == ["220000", "210000", "110000"]
        assert normalise_units(["吉林省", "长春"])[0] == ["220000", "220100"]


# -- geometry -------------------------------------------------------------------------------
def test_centroids_and_queen_contiguity_from_the_boundary_file():
    c = centroids().set_index("code")
    assert len(c) == 370 and c.index.is_unique
    assert {"110000", "120000", "310000", "500000"} <= set(c.index)  # municipalities at province codes
    assert 116.0 < c.at["110000", "lon"] < 117.0 and 39.8 < c.at["110000", "lat"] < 40.5
    adj = city_adjacency()
    reg = registry()
    nb = {reg.name(n) for n in adj.loc[adj["region"] == "110000", "neighbor"]}
    assert nb == {"天津", "保定", "张家口", "承德", "廊坊"}  # Beijing's five neighbours
    assert {reg.name(n) for n in adj.loc[adj["region"] == "440300", "neighbor"]} == {"东莞", "惠州", "香港"}
    pairs = set(zip(adj["region"], adj["neighbor"]))
    assert all((b, a) in pairs for a, b in pairs)  # symmetric
    assert "460300" not in set(adj["region"])  # 三沙: islands only


def test_great_circle_against_libpysal():
    from libpysal.cg import arcdist

    c = centroids().set_index("code")
    for a, b in [("110000", "310000"), ("440300", "650100"), ("610100", "410100")]:
        pa, pb = tuple(c.loc[a, ["lon", "lat"]]), tuple(c.loc[b, ["lon", "lat"]])
        ours = float(great_circle_km(pa[0], pa[1], pb[0], pb[1]))
        assert ours == pytest.approx(arcdist(pa, pb, radius=6371.0088), rel=1e-9)


def test_distance_neighbours_against_libpysal_knn():
    from libpysal.weights import KNN

    codes = registry().resolve(SAMPLE)
    c = centroids().set_index("code").loc[codes]
    w = KNN.from_array(c[["lon", "lat"]].to_numpy(), k=4, ids=codes, distance_metric="arc",
                       radius=6371.0088)
    ours = distance_neighbors(codes, k=4)
    for code in codes:
        assert set(ours.loc[ours["region"] == code, "neighbor"]) == set(w.neighbors[code]), code
    near = distance_neighbors(codes, km=150)
    # 天津 128 km from Beijing's centroid; 保定 168 km is beyond 150 km
    assert set(near.loc[near["region"] == "110000", "neighbor"]) == {"120000"}
    assert (near["km"] <= 150).all()
    with pytest.raises(RegionError, match="exactly one"):
        distance_neighbors(codes, k=2, km=100)
    with pytest.raises(RegionError, match="no centroid for region '320000'"):
        distance_neighbors(["320000", "110000"], k=1)


def test_single_point_cities_by_hand():
    # 西安–郑州 ≈ 433 km, 北京–天津 ≈ 113 km between centroids
    v = pd.Series([10.0, 9.0, 8.0, 7.0, 1.0], index=["110000", "120000", "610100", "410100", "130600"])
    cl = pd.DataFrame({"cluster": ["jjj", "jjj"], "region": ["110000", "120000"]})
    names = {"610100": "西安", "410100": "郑州"}
    t = single_point_cities(v, cl, top=4, km=300, names=names)
    assert t["region"].tolist() == ["610100", "410100"]
    assert "nearest top-4 city 郑州 433 km > 300 km" in t.loc[0, "reason"]
    assert single_point_cities(v, cl, top=4, km=450)["region"].tolist() == []  # within 450 km of each other
    # without the cluster, 北京 and 天津 are still each other's partners by distance
    assert "110000" not in set(single_point_cities(v, cl.iloc[0:0], top=4, km=300)["region"])


# -- the city edition -------------------------------------------------------------------------
def test_city_edition_values_quoted_in_its_sources():
    # listed companies (2022-03) and ICT subset: the checks of the city-panels notes
    assert [_value("listed_firms_a_share", c, 2022) for c in ("110000", "310000", "440300", "330100", "320500")] \
        == [422, 395, 377, 218, 182]
    assert _value("listed_firms_ict", "440300", 2022) == 144 and _value("listed_firms_ict", "110000", 2022) == 136
    # the MoE list of 2019 has the heading 北京市（93所）
    assert _value("regular_heis", "110000", 2019) == 93 and _value("regular_heis", "420100", 2019) == 83
    assert _value("unicorns_cbi_snapshot", "110000", 2022) == 63
    # 7th census: 北京 21,893,095; 广东's cities sum to the census provincial total 126,012,510
    assert _value("resident_population", "110000", 2020) == 21_893_095
    pop = load_city_panel("resident_population").data
    assert pop.loc[pop["region"].str.startswith("44"), "value"].sum() == 126_012_510


def test_city_edition_zeros_and_missing_follow_the_lists():
    s = load_series(level="cities")
    listed = s[(s["series"] == "listed_firms_a_share")].set_index("region_code")
    zero = listed[listed["value"] == 0]
    assert len(zero) == 65 and zero["source_detail"].str.contains("absent = 0").all()
    # province-administered county-level units: their schools were not counted, so missing, not 0
    heis = set(s.loc[s["series"] == "regular_heis", "region_code"])
    assert "419001" not in heis and "429004" not in heis
    # two unicorns have no city in 江苏 and 湖南: cities of those provinces absent from the list are missing
    uni = s[s["series"] == "unicorns_cbi_snapshot"].set_index("region_code")
    assert "320300" not in uni.index and "430200" not in uni.index  # 徐州, 株洲
    assert uni.at["320500", "confidence"] == "low" and uni.at["340100", "value"] >= 0
    assert "440200" in uni.index and uni.at["440200", "value"] == 0  # 韶关: 0 from the complete list
    # surviving listed firms use 2022 boundaries: 莱芜 (merged into 济南 in 2019) is missing in 2016–2018
    surv = s[(s["series"] == "listed_firms_surviving_2022") & (s["region_code"] == "371200")]
    assert surv.empty


def test_city_edition_provenance():
    s = load_series(level="cities")
    city = s[s["series"].isin(CITY_SERIES)]
    assert set(city["series"]) == set(CITY_SERIES)
    status = city.groupby("series")["status"].agg(set).to_dict()
    assert status["resident_population"] == {"official"} and status["regular_heis"] == {"official"}
    assert status["listed_firms_ict"] == {"secondary"} and status["universities_985_211"] == {"secondary"}
    assert not city[["source", "source_detail", "confidence"]].isin([""]).any().any()
    assert city.loc[city["series"] == "listed_firms_surviving_2022", "source_detail"].str.contains(
        "survivorship bias").all()


def test_report_city_ratios_are_the_reports_own():
    r = load_report_city_ratios()
    got = {(a, b): x for a, b, x in zip(r["core"], r["other"], r["ratio"])}
    assert got == {("110000", "120000"): 5.8, ("440300", "440100"): 5.8, ("310000", "330100"): 2.0,
                   ("310000", "320500"): 3.7}
    assert set(r["status"]) == {"report"} and r["source"].str.contains("全球产业创新生态发展报告").all()


# -- hubs at city level -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def embedded_hubs():
    cfg = load_config(None, sets=["hubs.permutations=99"]).hubs
    return city_hubs(load_city_panel(), settings=cfg, report_ratios=load_report_city_ratios())


def test_city_hubs_on_the_embedded_edition(embedded_hubs):
    res = embedded_hubs
    assert res.level == "city" and res.year == 2022
    r = res.core_ratios.set_index(["cluster", "indicator"])
    assert r.loc[("jjj", "listed_firms_a_share"), "ratio"] == pytest.approx(422 / 65)
    assert r.loc[("gba", "listed_firms_a_share"), "ratio"] == pytest.approx(377 / 142)
    t = res.clusters.set_index(["cluster", "indicator"])
    # the national total is the sum over the cities with a value (839 ICT firms)
    jjj_ict = sum(_value("listed_firms_ict", c, 2022) for c in ("110000", "120000", "130100", "130200",
                                                                "131000", "130600", "130800", "130700"))
    assert t.loc[("jjj", "listed_firms_ict"), "total"] == jjj_ict
    assert t.loc[("jjj", "listed_firms_ict"), "share"] == pytest.approx(jjj_ict / 839)
    assert t.loc[("jjj", "regular_heis"), "year"] == 2019
    assert np.isnan(t.loc[("yrd", "unicorns_cbi_snapshot"), "total"])  # 南通's count is unknown
    rr = res.report_ratios.set_index(["core", "other", "indicator"])
    assert rr.loc[("110000", "120000", "listed_firms_ict"), "report_ratio"] == 5.8
    assert rr.loc[("310000", "320500", "listed_firms_a_share"), "ratio"] == pytest.approx(395 / 182)
    assert res.report_ratios["note"].str.contains("not computed from these data").all()
    assert res.typology.empty and "typology" in res.notes[0]
    assert set(res.moran["statistic"]) >= {"moran_i", "expected_i", "z_norm", "p_norm", "z_rand", "p_rand"}


def test_city_panel_through_index_hubs_and_evaluation(city_files):
    ev = run(city_files / "cities.csv", framework=str(city_files / "framework.csv"), year=2022)
    lv = ev.regions.set_index("region")["level"]
    assert lv["110000"] == "prefecture" and lv["320500"] == "prefecture"  # 北京 is a city unit here
    assert "220200" in lv.index  # 吉林市
    cl = ev.clusters.groupby("cluster")["region"].agg(set)
    assert cl["gba"] == {"440300", "440100"} and "320500" in cl["yrd"]
    from innoscope.spatial import hubs

    cfg = load_config(None, sets=['hubs.research=["research"]', 'hubs.industry=["industry"]',
                                  "hubs.permutations=99"]).hubs
    res = hubs(ev, settings=cfg)
    assert res.level == "city" and set(res.typology["type"]) <= {"research", "industry", "balanced", "potential"}
    assert len(res.typology) == 6 and res.typology["evidence"].str.contains("research").all()
    assert set(res.single_point["region"]) <= set(ev.regions["region"])
    # the index ranks cities; a report ratio is set beside the data's
    assert not res.report_ratios.empty


def test_city_panel_with_a_provincial_study_degrades_with_a_note(city_files):
    d = pd.read_csv(city_files / "cities.csv")
    d = d[d["indicator"] == "undergrad_universities"]
    path = city_files / "caict_cities.csv"
    d.to_csv(path, index=False)
    ev = run(path, year=2022)  # the caict2022 study: its DEA inputs are provincial series
    assert ev.growth.empty and ev.dispersion.empty and ev.efficiency.empty
    assert any("none of the inputs" in n for n in ev.notes)
    assert ev.index.scores.shape[0] == len(SAMPLE)


# -- CLI ---------------------------------------------------------------------------------------
def test_cli_hubs_level_city_embedded(tmp_path):
    out = tmp_path / "h"
    r = runner.invoke(app, ["hubs", "--level", "city", "--set", "hubs.permutations=99", "--out", str(out)])
    assert r.exit_code == 0, r.output
    for name in ("clusters", "core_ratios", "single_point", "typology", "moran", "lisa", "report_ratios"):
        assert (out / f"{name}.csv").exists(), name
    assert list(pd.read_csv(out / "clusters.csv").columns) == ["cluster", "indicator", "total", "share", "cv",
                                                               "year"]
    assert "北京/天津: report 5.8×" in r.output
    rr = pd.read_csv(out / "report_ratios.csv", dtype=str)
    assert {"report_ratio", "report_measure", "note"} <= set(rr.columns)


def test_cli_hubs_level_city_refuses_a_framework_without_data(tmp_path):
    r = runner.invoke(app, ["hubs", "--level", "city", "--framework", "caict2022", "--out", str(tmp_path / "x")])
    assert r.exit_code == 2 and "give a city panel as DATA" in r.output and not (tmp_path / "x").exists()


def test_cli_hubs_level_must_match_the_units(city_files, tmp_path):
    r = runner.invoke(app, ["hubs", str(city_files / "cities.csv"), "--framework",
                            str(city_files / "framework.csv"), "--year", "2022", "--out", str(tmp_path / "x")])
    assert r.exit_code == 2 and "the data hold city units; use --level city" in r.output
    assert "Traceback" not in r.output


@pytest.fixture(scope="module")
def pop_files(tmp_path_factory):
    """Census population of the sample cities and a one-indicator framework."""
    d = tmp_path_factory.mktemp("pop")
    pop = load_city_panel("resident_population").data
    pop = pop[pop["region"].isin(registry().resolve(SAMPLE))]
    (d / "pop.csv").write_text(pop.to_csv(index=False), encoding="utf-8")
    (d / "fw.csv").write_text("code,parent,name_zh,name_en,direction,weight\n"
                              "root,,人口,Population,1,1\n"
                              "resident_population,root,常住人口,Resident population,1,1\n", encoding="utf-8")
    return d


def test_cli_disparity_contiguity_file(pop_files, tmp_path):
    pop = pd.read_csv(pop_files / "pop.csv", dtype={"region": str})
    keep = registry().resolve(SAMPLE)
    nb = distance_neighbors(keep, k=3)
    names = {c: registry().name(c) for c in keep}
    pairs = pd.DataFrame({"region": nb["region"].map(names), "neighbor": nb["neighbor"].map(names)})
    pairs.to_csv(tmp_path / "nb.csv", index=False)
    out = tmp_path / "d"
    r = runner.invoke(app, ["disparity", str(pop_files / "pop.csv"), "--framework", str(pop_files / "fw.csv"),
                            "--indicator", "resident_population", "--contiguity", str(tmp_path / "nb.csv"),
                            "--permutations", "99", "--out", str(out)])
    assert r.exit_code == 0, r.output
    m = pd.read_csv(out / "moran.csv")
    assert list(m.columns) == ["year", "statistic", "value"]
    assert {"moran_i", "expected_i", "z_norm", "p_norm", "z_rand", "p_rand"} <= set(m["statistic"])
    lisa = pd.read_csv(out / "lisa.csv", dtype={"region": str})
    assert list(lisa.columns) == ["year", "region", "value", "local_i", "quadrant", "p_sim", "cluster"]
    assert set(lisa["region"]) == set(keep)
    # the same I as moran() on the code pairs (names in the file were resolved to codes)
    v = pop.set_index("region")["value"]
    expect = moran(v, nb, permutations=0).moran_i
    assert m.set_index("statistic").at["moran_i", "value"] == pytest.approx(expect)
    # knn:3 given by name builds the same neighbours
    out2 = tmp_path / "d2"
    r = runner.invoke(app, ["disparity", str(pop_files / "pop.csv"), "--framework", str(pop_files / "fw.csv"),
                            "--indicator", "resident_population", "--contiguity", "knn:3",
                            "--permutations", "99", "--out", str(out2)])
    assert r.exit_code == 0, r.output
    assert pd.read_csv(out2 / "moran.csv").equals(m)


def test_cli_disparity_contiguity_file_problems(pop_files, tmp_path):
    (tmp_path / "bad.csv").write_text("a,b\n北京,天津\n", encoding="utf-8")
    data = ["disparity", str(pop_files / "pop.csv"), "--framework", str(pop_files / "fw.csv"),
            "--indicator", "resident_population"]
    r = runner.invoke(app, [*data, "--contiguity", str(tmp_path / "bad.csv"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "needs the columns region, neighbor" in r.output
    r = runner.invoke(app, [*data, "--contiguity", "knn6", "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "not a file nor province, queen, knn:K or km:D" in r.output
    (tmp_path / "far.csv").write_text("region,neighbor\nAUT,DEU\n", encoding="utf-8")
    r = runner.invoke(app, [*data, "--contiguity", str(tmp_path / "far.csv"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "none of its regions is in the data" in r.output
    r = runner.invoke(app, ["disparity", "--indicator", "rd_expenditure", "--contiguity", "knn6",
                            "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "not a file nor province, queen, knn:K or km:D" in r.output


def test_moran_by_year_is_seeded_per_year():
    d = load_city_panel("listed_firms_surviving_2022").data
    d = d[d["region"].isin(registry().resolve(SAMPLE))]
    nb = spatial_neighbors(d["region"].unique(), "knn:4")
    a, la = moran_by_year(d, "listed_firms_surviving_2022", nb, years=[2020, 2021], permutations=99, seed=3)
    b, _ = moran_by_year(d, "listed_firms_surviving_2022", nb, years=[2021], permutations=99, seed=3)
    pa = a[(a["year"] == 2021) & (a["statistic"] == "p_sim")]["value"].item()
    pb = b[(b["statistic"] == "p_sim")]["value"].item()
    assert pa == pb  # one stream per year, whatever the other years asked
    assert set(la["year"]) == {2020, 2021}


def test_city_geometry_files_equal_a_fresh_build(tmp_path):
    import importlib.util
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("build_city_geometry", repo / "tools" / "build_city_geometry.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.build(out=tmp_path) == 0
    data = repo / "src" / "innoscope" / "regions" / "data"
    for name in ("city_centroids.csv", "city_adjacency.csv"):
        assert (tmp_path / name).read_bytes() == (data / name).read_bytes(), name
