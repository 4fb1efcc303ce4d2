"""Path to the next tier: hand-checked LP cases, the Index as oracle, no path, errors."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from innoscope.cli import app
from innoscope.config import index_params
from innoscope.errors import ConfigError
from innoscope.evaluation import prepare
from innoscope.index import Index
from innoscope.panel import Panel
from innoscope.robustness import PATH_COLUMNS, path_to_target

FW = pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"]})
# min-max [0, 100], equal weights: P 50, Q 37.5, R 62.5, S 37.5, T 62.5
DATA = pd.DataFrame({"region": list("PQRST"), "year": 2021,
                     "a": [1.0, 2, 3, 4, 5], "b": [5.0, 3, 4, 1, 2]})


def _apply(data: pd.DataFrame, region, changes) -> pd.DataFrame:
    out = data.copy()
    for row in changes.itertuples():
        out.loc[out["region"] == region, row.indicator] = row.needed
    return out


def _rank(data, region, **params):
    res = Index().set_params(**params).fit(data, FW)
    return int(res.ranks[res.root].loc[(region, 2021)]), float(res.index.loc[(region, 2021)])


def test_hand_checked_lp_cheapest_indicator():
    # Q must reach P's 50: +12.5 score = +25 normalised units; b costs half as much as a
    # per unit, so b rises by 25 units = 1.0 raw (slope 25 per unit) and a stays
    res = path_to_target(DATA, FW, region="Q", target="rank:3", costs={"a": 2.0})
    assert res.reached and res.method == "lp"
    assert list(res.changes.columns) == PATH_COLUMNS
    assert res.changes["indicator"].tolist() == ["b"]
    row = res.changes.iloc[0]
    assert row["current"] == 3.0 and row["needed"] == pytest.approx(4.0, abs=1e-4)
    assert row["change_pct"] == pytest.approx(100 / 3, abs=1e-3)
    rank, score = _rank(_apply(DATA, "Q", res.changes), "Q")
    assert rank <= 3 and score == pytest.approx(50.0, abs=1e-3)


def test_applying_needed_reaches_target_when_the_region_holds_the_minimum():
    # P holds the minimum of a: raising it moves the minimum and every other score
    res = path_to_target(DATA, FW, region="P", target="rank:1")
    assert res.reached
    rank, _ = _rank(_apply(DATA, "P", res.changes), "P")
    assert rank == 1 and res.after["rank"] == 1


def test_no_path_within_bounds_and_frozen():
    res = path_to_target(DATA, FW, region="S", target="rank:1", frozen=["a"],
                         bounds={"b": 3.0})
    assert not res.reached and res.changes.empty and res.message.startswith("no path")


def test_already_there_and_bad_input():
    res = path_to_target(DATA, FW, region="R", target="rank:1")
    assert res.reached and res.changes.empty and "already" in res.message
    with pytest.raises(ConfigError, match="did you mean"):
        path_to_target(DATA, FW, region="Qx", target="rank:1")
    with pytest.raises(ConfigError, match="--target"):
        path_to_target(DATA, FW, region="Q", target="top")
    with pytest.raises(ConfigError, match="not an indicator"):
        path_to_target(DATA, FW, region="Q", frozen=["zz"])


@pytest.mark.parametrize("params,target,objective", [
    ({}, "next", "normalised"),
    ({}, "rank:5", "percent"),
    ({"aggregate__method": "geometric", "normalise__range": (1, 100)}, "rank:3", "normalised"),
    ({"normalise__method": "zscore"}, "rank:4", "normalised"),
])
def test_caict_anhui_index_confirms_the_path(params, target, objective):
    prep = prepare(None, year=2021)
    data = prep.panel.data[prep.panel.data["indicator"].isin(prep.used)].reset_index(drop=True)
    panel = Panel(data=data, source=prep.panel.source, chinese=True, labels=prep.panel.labels)
    p = {**index_params(prep.config), **params}
    res = path_to_target(panel, prep.study.framework, region="安徽", target=target, params=p,
                         year=2021, objective=objective)
    assert res.reached, res.message
    assert res.method == ("heuristic" if "aggregate__method" in params else "lp")
    new = data.copy()
    for row in res.changes.itertuples():
        m = (new["region"] == "340000") & (new["year"] == 2021) & (new["indicator"] == row.indicator)
        assert m.sum() == 1
        new.loc[m, "value"] = row.needed
    out = Index().set_params(**p).fit(Panel(data=new, source="x", chinese=True,
                                            labels=prep.panel.labels), prep.study.framework)
    key = ("340000", 2021)
    if target == "next":
        assert out.tiers.loc[key] == res.after["tier"] == 1
    else:
        assert out.ranks[out.root].loc[key] <= int(target.split(":")[1])
    # bounded by the best observed value
    best = data[data["year"] == 2021].groupby("indicator")["value"].max()
    assert (res.changes.set_index("indicator")["needed"] <= best.reindex(
        res.changes["indicator"]).to_numpy() + 1e-9).all()


def test_path_command(tmp_path):
    r = CliRunner().invoke(app, ["path", "--region", "安徽", "--target", "rank:5",
                                 "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    out = pd.read_csv(tmp_path / "path.csv")
    assert list(out.columns) == PATH_COLUMNS and len(out) >= 1
    assert "reaches rank 5" in r.output
    r = CliRunner().invoke(app, ["path", "--region", "安微", "--out", str(tmp_path / "x")])
    assert r.exit_code == 2 and "Traceback" not in r.output
