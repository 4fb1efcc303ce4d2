from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from innoscope.cli import app
from innoscope.errors import PanelError
from innoscope.evaluation import run as evaluate

from .conftest import TEST_DATA

FIGURES = TEST_DATA / "province_reference" / "five_series_2016_2021.csv"


@pytest.fixture(scope="module")
def user_csv(tmp_path_factory):
    """A long panel of public statistics (31 provinces, 2016 and 2021) in the user's shape."""
    d = pd.read_csv(FIGURES, dtype={"region_code": str})
    out = pd.DataFrame({"地区": d["region_name_zh"], "年份": d["year"], "指标": d["indicator_id"],
                        "数值": d["value"]})
    path = tmp_path_factory.mktemp("ev") / "provinces.csv"
    out.to_csv(path, index=False, encoding="gb18030")
    return path


@pytest.fixture(scope="module")
def ev(user_csv):
    return evaluate(user_csv, year=2021)


def test_growth_reproduces_published_guangdong_figure(ev):
    g = ev.growth.set_index(["region", "indicator"])
    # the report: 广东研发经费 2016–2021 增幅 96.7%
    assert round(100 * g.loc[("440000", "rd_expenditure"), "growth"], 1) == 96.7
    assert g.loc[("120000", "rd_fte"), "growth"] < 0  # 天津's FTE fell
    assert list(ev.growth.columns) == ["region", "indicator", "year_from", "year_to", "value_from",
                                       "value_to", "growth"]


def test_dispersion_matches_numpy(ev):
    d = ev.dispersion
    row = d[(d["indicator"] == "rd_fte") & (d["year"] == 2021) & (d["group"] == "all")].iloc[0]
    v = ev.values
    x = v[(v["indicator"] == "rd_fte") & (v["year"] == 2021)]["value"].to_numpy()
    assert row["n"] == 31
    assert row["cv"] == pytest.approx(x.std(ddof=0) / x.mean())
    assert row["ddof"] == 0


def test_coverage_and_drop(ev):
    cov = ev.coverage.set_index("indicator")
    assert bool(cov.at["rd_fte", "used"]) and cov.at["rd_fte", "coverage"] == 1.0
    assert not bool(cov.at["head_firms", "used"])
    assert set(ev.index.framework.indicators) == {"rd_fte", "rd_intensity",
                                                  "valid_invention_patents_prev_yearend", "tech_contracts"}


def test_reproduction_table_is_computed(ev):
    rep = ev.reproduction.set_index("claim_id")
    assert list(ev.reproduction.columns) == ["claim_id", "claim", "seed_value", "innoscope_value",
                                             "status", "reason"]
    assert rep.at["gd_rd_growth", "status"] == "match"
    assert rep.at["tianjin_fte_fall", "status"] == "match"
    assert rep.at["rd_intensity_110000", "status"] == "match"
    assert set(rep["status"]) <= {"match", "differs", "not reproducible"}


def test_unknown_year_and_empty_framework(user_csv, tmp_path):
    with pytest.raises(PanelError, match="year 1990 not in the data"):
        evaluate(user_csv, year=1990)
    fw = tmp_path / "fw.csv"
    fw.write_text("code,parent\nidx,\nfoo,idx\nbar,idx\n", encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("region,year,indicator,value\nA,2021,rd_expenditure,1\n", encoding="utf-8")
    with pytest.raises(PanelError, match="indicator 'rd_expenditure' is not in framework"):
        evaluate(data, framework=fw)


def test_evaluate_cli_writes_tables(user_csv, tmp_path):
    r = CliRunner().invoke(app, ["evaluate", str(user_csv), "--year", "2021", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    for name in ("scores.csv", "tiers.csv", "growth.csv", "dispersion.csv", "coverage.csv",
                 "reproduction.csv", "coupling.csv", "obstacles.csv", "inequality.csv",
                 "convergence.csv", "density.csv", "lorenz.csv"):
        assert (tmp_path / name).exists(), name
    coupling = pd.read_csv(tmp_path / "coupling.csv", dtype={"region": str})
    assert list(coupling.columns) == ["region", "year", "form", "subsystems", "c", "t", "d", "class"]
    assert set(coupling["year"]) == {2021} and set(coupling["form"]) == {"classic", "corrected"}
    disp = pd.read_csv(tmp_path / "dispersion.csv")
    assert list(disp.columns) == ["indicator", "year", "group", "n", "mean", "sd", "ddof", "cv"]
    bad = CliRunner().invoke(app, ["evaluate", str(user_csv), "--year", "1990", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "year 1990" in bad.output and "Traceback" not in bad.output


def test_reproduction_follows_the_data(user_csv, tmp_path):
    """The claims are computed: changing one figure changes the verdict."""
    df = pd.read_csv(user_csv, encoding="gb18030")
    sel = (df["地区"] == "广东") & (df["年份"] == 2021) & (df["指标"] == "rd_expenditure")
    df.loc[sel, "数值"] = df.loc[sel, "数值"] * 1.1
    changed = tmp_path / "changed.csv"
    df.to_csv(changed, index=False, encoding="utf-8")
    rep = evaluate(changed, year=2021).reproduction.set_index("claim_id")
    assert rep.at["gd_rd_growth", "status"] == "differs"
    assert rep.at["gd_rd_level", "status"] == "differs"


@pytest.fixture(scope="module")
def embedded():
    return evaluate(year=2021)


def test_embedded_evaluation_tables(embedded):
    ev = embedded
    assert len(ev.upper) == 17
    assert set(ev.efficiency.columns) >= {"region", "efficiency", "scale_efficiency", "rts", "class"}
    eff = ev.efficiency.set_index("region")["efficiency"]
    assert ((eff > 0) & (eff <= 1 + 1e-9)).all() and len(eff) == 31
    geo = ev.malmquist[ev.malmquist["dmu"] == "(geomean)"]
    np.testing.assert_allclose(geo["tfpch"], geo["effch"] * geo["techch"], rtol=1e-9)
    cov = ev.coverage.set_index("indicator")
    assert cov.at["social_financing_increment", "status"] == "missing"
    assert cov.at["digital_invention_applications", "status"] == "proxy"
    rep = ev.reproduction.set_index("claim_id")
    assert "upper_count" not in rep.index  # restated [tiers] size: it could not fail
    assert rep.at["bj_patents_level", "status"] == "match"


def test_efficiency_marks_extremes_and_ranks_the_frontier(embedded):
    from innoscope.evaluation._result import EFFICIENCY_COLUMNS

    e = embedded.efficiency.set_index("region")
    assert list(embedded.efficiency.columns) == EFFICIENCY_COLUMNS
    efficient = e["efficiency"] >= 1 - 1e-9
    # extremes and super-efficiency ranks belong to efficient regions only
    assert not e.loc[~efficient, "extreme"].any() and e.loc[~efficient, "super_rank"].isna().all()
    assert (e.loc[~efficient, "extreme_reason"] == "").all()
    assert e.loc[efficient, "super_rank"].notna().all()
    # each reason is true of the data: the smallest input or the largest output
    cfg = embedded.config.evaluate
    v = embedded.values
    wide = v[v["year"] == embedded.year].pivot_table(index="region", columns="indicator", values="value")
    wide = wide.loc[e.index]
    for region, reason in e.loc[e["extreme"], "extreme_reason"].items():
        for part in reason.split("; "):
            which, code = part.split(" ")
            pick = wide[code].min() if which == "smallest" else wide[code].max()
            assert (code in cfg.inputs) == (which == "smallest") and wide.at[region, code] == pick
    # 西藏 holds the smallest of every input: efficient by construction under VRS
    assert e.at["540000", "extreme"] and e.at["540000", "extreme_reason"].count("smallest") == 3
    # an infeasible super-efficiency counts as +inf: rank 1
    infeasible = e["super_status"] == "infeasible"
    assert (e.loc[infeasible & efficient, "super_rank"] == 1).all()
    feasible = e[efficient & ~infeasible].sort_values("super_efficiency", ascending=False)
    assert feasible["super_rank"].is_monotonic_increasing
    assert feasible["super_rank"].min() == infeasible[efficient].sum() + 1
    # bootstrap: intervals around bias-corrected scores, below 1
    b = e[["efficiency", "bias_corrected", "ci_low", "ci_high"]]
    assert b.notna().all().all()
    assert (b["ci_low"] <= b["bias_corrected"]).all() and (b["ci_low"] <= b["ci_high"]).all()
    assert (b["ci_high"] <= b["efficiency"] + 1e-9).all()


def test_efficiency_bootstrap_is_reproducible_and_optional(embedded):
    from innoscope.evaluation._efficiency import efficiency_table

    cfg = embedded.config.evaluate
    args = (embedded.values, list(cfg.inputs), list(cfg.outputs), embedded.year)
    a = efficiency_table(*args, replicates=50, seed=7)
    b = efficiency_table(*args, replicates=50, seed=7)
    c = efficiency_table(*args, replicates=50, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["ci_low"], c["ci_low"])
    off = efficiency_table(*args, replicates=0)
    assert off[["bias_corrected", "ci_low", "ci_high"]].isna().all().all()
    pd.testing.assert_frame_equal(off.drop(columns=["bias_corrected", "ci_low", "ci_high"]),
                                  a.drop(columns=["bias_corrected", "ci_low", "ci_high"]))
    assert embedded.config.evaluate.bootstrap == 200 and embedded.config.evaluate.seed == 0


def test_evaluation_stages_coupling_obstacles_disparity_hubs(embedded):
    ev = embedded
    fw = ev.index.framework
    pillars = list(fw.children(fw.root))
    c = ev.coupling[ev.coupling["year"] == 2021]
    assert len(c) == 2 * 31 and set(c["subsystems"]) == {";".join(pillars)}
    assert ((c["d"] >= 0) & (c["d"] <= 1)).all()
    # D = √(C·T) with T the weighted mean of the pillar scores on [0, 1]
    bj = c[(c["region"] == "110000") & (c["form"] == "classic")].iloc[0]
    u = ev.index.scores.loc[("110000", 2021), pillars] / 100
    w = ev.index.weights.reindex(pillars)
    assert bj["t"] == pytest.approx(float((u * w).sum() / w.sum()))
    assert bj["c"] == pytest.approx(len(u) * np.prod(u) ** (1 / len(u)) / u.sum())
    assert set(ev.coupling_classes["class"]) >= set(c["class"])
    o = ev.obstacles
    assert set(o["level"]) == {"indicator", "pillar"}
    assert o.groupby(["region", "level"])["rank"].max().max() == ev.config.evaluate.obstacles_top
    # disparity of the index score: the decompositions add up to the totals
    d = ev.inequality[(ev.inequality["indicator"] == fw.root) & (ev.inequality["year"] == 2021)]
    whole = d[d["grouping"] == ""].set_index("statistic")["value"]
    for g in ("region4", "cluster"):
        part = d[(d["grouping"] == g) & (d["group"] == "")].set_index("statistic")["value"]
        assert part["theil_t_between"] + part["theil_t_within"] == pytest.approx(whole["theil_t"])
        assert (part["dagum_within"] + part["dagum_net_between"] + part["dagum_transvariation"]
                == pytest.approx(whole["gini"]))
    assert set(ev.group_names["group"]) >= set(d.loc[d["group"] != "", "group"])
    lor = ev.lorenz[(ev.lorenz["indicator"] == fw.root) & (ev.lorenz["year"] == 2021)]
    assert len(lor) == 32 and lor["gini"].iloc[0] == pytest.approx(whole["gini"])
    assert set(ev.density["indicator"]) >= {fw.root}
    assert set(ev.convergence["test"]) >= {"sigma", "beta_absolute"}
    # hubs from the evaluation equal innoscope.spatial.hubs on the same result
    from innoscope.spatial import hubs

    again = hubs(ev)
    pd.testing.assert_frame_equal(ev.hubs.typology, again.typology)
    pd.testing.assert_frame_equal(ev.hubs.lisa, again.lisa)
    assert ev.hubs.typology.set_index("cluster").at["jjj", "type"] == "research"
    assert ev.notes == ()


def test_stages_not_run_leave_empty_tables():
    ev = evaluate(year=2021, stages=["index"])
    assert ev.coupling.empty and ev.obstacles.empty and ev.inequality.empty
    assert ev.hubs.typology.empty
    assert not {"coupling", "obstacles", "inequality", "lorenz", "typology", "moran"} & set(ev.tables(2021))


def test_unbounded_normalisation_leaves_coupling_out_with_a_note():
    ev = evaluate(year=2021, stages=["coupling", "obstacles"], sets=["normalise.method=zscore"])
    assert ev.coupling.empty and ev.obstacles.empty
    assert any("coupling" in n for n in ev.notes) and any("obstacle" in n for n in ev.notes)


def test_embedded_evaluation_sets_the_reports_city_ratios_beside_city_data(embedded):
    """The report's quoted core-city ratios travel labelled as the report's; the data's ratios
    are computed from the embedded city edition (北京 422 listed firms ÷ 天津's)."""
    from innoscope.datasets import load_city_panel

    r = embedded.hubs.report_ratios
    assert set(r["report_ratio"]) == {5.8, 2.0, 3.7}
    assert r["note"].str.contains("not computed").all()
    bj = r[(r["core"] == "110000") & (r["indicator"] == "listed_firms_a_share")].iloc[0]
    d = load_city_panel().data
    d = d[(d["indicator"] == "listed_firms_a_share") & (d["year"] == bj["year"])].set_index("region")["value"]
    assert bj["ratio"] == pytest.approx(d.loc["110000"] / d.loc["120000"])
    assert bj["other_name_zh"] == "天津" and bj["core_name_en"] == "Beijing"
    assert "report_ratios" in embedded.tables()
