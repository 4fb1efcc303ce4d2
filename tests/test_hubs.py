"""City-cluster hubs (innoscope.spatial) and ``innoscope hubs``."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from innoscope.cli import app
from innoscope.config import load_config
from innoscope.errors import MethodError
from innoscope.evaluation import run
from innoscope.spatial import (HUB_TYPES, cluster_totals, core_ratios, hub_typology, hubs,
                               single_point_hubs)

runner = CliRunner()

CL = pd.DataFrame({"cluster": ["k", "k", "k", "m", "m"], "region": ["a", "b", "c", "d", "e"]})


@pytest.fixture(scope="module")
def ev():
    return run(stages=("index",), year=2021)


def test_totals_shares_and_cv():
    v = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0, 0.0, 10.0]}, index=list("abcdef"))
    t = cluster_totals(v, CL).set_index("cluster")
    assert t.loc["k", "total"] == 6.0 and t.loc["k", "share"] == pytest.approx(0.3)
    assert t.loc["k", "cv"] == pytest.approx(np.std([1, 2, 3]) / 2)
    assert cluster_totals(v, CL, ddof=1).set_index("cluster").loc["k", "cv"] == pytest.approx(0.5)
    # shares of the national total: every region outside the clusters counts in the denominator
    assert t["share"].sum() == pytest.approx(10 / 20)


def test_missing_member_value_is_not_repaired():
    v = pd.DataFrame({"x": [1.0, np.nan, 3.0, 4.0, 1.0]}, index=list("abcde"))
    t = cluster_totals(v, CL).set_index("cluster")
    assert np.isnan(t.loc["k", "total"]) and np.isnan(t.loc["k", "cv"])
    assert t.loc["m", "total"] == 5.0 and np.isnan(t.loc["m", "share"])


def test_core_ratio_and_single_member():
    v = pd.DataFrame({"x": [2.0, 8.0, 1.0, 5.0, 0.0]}, index=list("abcde"))
    r = core_ratios(v, pd.concat([CL, pd.DataFrame({"cluster": ["s"], "region": ["a"]})]))
    r = r.set_index("cluster")
    assert (r.loc["k", "core"], r.loc["k", "second"], r.loc["k", "ratio"]) == ("b", "a", 4.0)
    assert r.loc["m", "core"] == "d" and np.isnan(r.loc["m", "ratio"])  # second is 0
    assert r.loc["s", "second"] == "" and np.isnan(r.loc["s", "ratio"])


def test_unknown_indicator_is_named():
    with pytest.raises(MethodError, match="nope"):
        cluster_totals(pd.DataFrame({"x": [1.0]}, index=["a"]), CL, indicators=["x", "nope"])


def test_single_point_by_cluster_and_by_neighbours():
    nb = pd.DataFrame({"region": ["x", "y"], "neighbor": ["d", "z"]})
    group = ["a", "b", "d", "x", "y"]
    by_cluster = single_point_hubs(group, CL)
    assert by_cluster["region"].tolist() == ["d", "x", "y"]
    near = single_point_hubs(group, CL, neighbors=nb)
    # d and x are neighbours in the group: neither stands alone; y's neighbour z is not in it
    assert near["region"].tolist() == ["y"]
    assert "z" in near["reason"].iloc[0]


def test_typology_rule_and_evidence():
    s = pd.DataFrame({"r": [80.0, 60.0, 20.0, 30.0, 50.0], "m": [40.0, 30.0, 20.0, 60.0, 45.0]},
                     index=list("abcde"))
    t = hub_typology(s, CL, research=["r"], industry=["m"], threshold=5,
                     cores={"a": "tier 1", "d": "tier 1"}, labels={"r": "科研", "m": "市场"})
    t = t.set_index("cluster")
    assert t.loc["k", "type"] == "research"       # 53.3 vs 30.0
    assert t.loc["m", "type"] == "industry"       # 40.0 vs 52.5
    wider = hub_typology(s, CL, research=["r"], industry=["m"], threshold=15,
                         cores={"a": "tier 1", "d": "tier 1"}).set_index("cluster")
    assert wider.loc["m", "type"] == "balanced" and "within ±15" in wider.loc["m", "evidence"]
    assert "科研 53.3" in t.loc["k", "evidence"] and "市场 30.0" in t.loc["k", "evidence"]
    no_core = hub_typology(s, CL, research=["r"], industry=["m"], threshold=5, cores={})
    assert set(no_core["type"]) == {"potential"}
    wide = hub_typology(s, CL, research=["r"], industry=["m"], threshold=50, cores={"a": "x", "d": "x"})
    assert set(wide["type"]) == {"balanced"}


def test_typology_errors_name_nodes_and_regions():
    s = pd.DataFrame({"r": [1.0, np.nan, 1.0, 1.0, 1.0]}, index=list("abcde"))
    with pytest.raises(MethodError, match="industry node"):
        hub_typology(s, CL, research=["r"], industry=["m"], threshold=5, cores={})
    s["m"] = 1.0
    with pytest.raises(MethodError, match="r for b"):
        hub_typology(s, CL, research=["r"], industry=["m"], threshold=5, cores={})


def test_embedded_hubs(ev):
    res = hubs(ev)
    types = res.typology.set_index("cluster")["type"].to_dict()
    # the seed: 京津冀 科研驱动型, 粤港澳 产业驱动型, 山东半岛 / 川渝 / 长江中游 潜力型
    assert types["jjj"] == "research" and types["gba"] == "industry"
    assert {types[c] for c in ("sdp", "cy", "myr")} == {"potential"}
    assert set(types.values()) <= set(HUB_TYPES)
    # the seed's single-point cities 西安 and 郑州 are in 陕西 and 河南
    assert {"610000", "410000"} <= set(res.single_point["region"])
    assert list(res.moran.columns) == ["year", "statistic", "value"]
    assert set(res.moran["year"]) == {2021} and len(res.lisa) == 31
    again = hubs(ev)
    pd.testing.assert_frame_equal(res.moran, again.moran)
    pd.testing.assert_frame_equal(res.lisa, again.lisa)


def test_settings_change_the_rule(ev):
    cfg = load_config(sets=["hubs.threshold=100", "hubs.core_rank=31"])
    res = hubs(ev, settings=cfg.hubs)
    assert set(res.typology["type"]) == {"balanced"}
    tier1 = load_config(sets=["hubs.single_point_group=tier1"]).hubs
    assert hubs(ev, settings=tier1).single_point["region"].tolist() == []  # 广东 is 粤港澳 itself


def test_hubs_command_writes_every_table(tmp_path):
    out = tmp_path / "h"
    r = runner.invoke(app, ["hubs", "--out", str(out)])
    assert r.exit_code == 0, r.output
    cols = {"clusters": ["cluster", "indicator", "total", "share", "cv"],
            "core_ratios": ["cluster", "indicator", "core", "second", "ratio"],
            "single_point": ["region", "cluster", "reason"],
            "typology": ["cluster", "type", "evidence"],
            "moran": ["year", "statistic", "value"],
            "lisa": ["year", "region", "value", "local_i", "quadrant", "p_sim", "cluster"]}
    for name, expected in cols.items():
        assert list(pd.read_csv(out / f"{name}.csv", dtype=str).columns) == expected, name
    stats = pd.read_csv(out / "moran.csv")["statistic"].tolist()
    assert stats == ["moran_i", "expected_i", "z_norm", "p_norm", "z_rand", "p_rand", "p_sim"]
    assert "科研驱动型" in r.output


def test_hubs_command_errors_are_one_line(tmp_path):
    r = runner.invoke(app, ["hubs", "--level", "county", "--out", str(tmp_path / "c")])
    assert r.exit_code == 2 and "Traceback" not in r.output and "use province or city" in r.output
    r = runner.invoke(app, ["hubs", "--set", "hubs.threshold=-1", "--out", str(tmp_path / "d")])
    assert r.exit_code == 2 and "hubs.threshold" in r.output
    assert not (tmp_path / "d").exists()


def test_hubs_command_on_data_without_clusters(tmp_path, asem_paths):
    data, meta = asem_paths
    out = tmp_path / "asem"
    r = runner.invoke(app, ["hubs", str(data), "-f", str(meta), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "no city clusters" in r.output
    for name in ("clusters", "core_ratios", "single_point", "typology", "moran", "lisa"):
        assert pd.read_csv(out / f"{name}.csv").empty, name
