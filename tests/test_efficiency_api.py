"""efficiency.from_table, the model / returns-to-scale rule, parsed options, result type, module graph."""
from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from innoscope.efficiency import DEAResult, dea, from_table, malmquist, sbm
from innoscope.efficiency._spec import Orientation, Technology, technology_of
from innoscope.errors import EfficiencyError

DATA = Path(__file__).resolve().parent / "data" / "dea"


@pytest.fixture(autouse=True)
def _quiet_small_samples():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="only .* DMUs")
        yield


def eg1():
    return pd.read_csv(DATA / "deap_eg1.csv")


def tone():
    return pd.read_csv(DATA / "deaR_Tone2001.csv")


# --------------------------------------------------------------------------- from_table
def test_unknown_columns_are_each_named_with_their_role():
    with pytest.raises(EfficiencyError) as ei:
        from_table(eg1(), dmu="firm", inputs=["x1", "x9"], outputs=["y", "z"])
    available = "(available: dmu, x1, x2, y)"
    assert ei.value.problems == [f"unknown DMU column 'firm' {available}",
                                 f"unknown input column 'x9' {available}",
                                 f"unknown output column 'z' {available}"]


def test_routes_ccr_and_bcc_to_the_radial_model():
    t = eg1()
    X, Y = t.set_index(t.dmu.astype(str))[["x1", "x2"]], t.set_index(t.dmu.astype(str))[["y"]]
    for model in ("ccr", "bcc"):
        got = from_table(t, dmu="dmu", inputs=["x1", "x2"], outputs="y", model=model, scale=True,
                         super_efficiency=True)
        want = dea(X, Y, model=model, scale=True, super_efficiency=True, slacks=False)
        pd.testing.assert_frame_equal(got.to_frame(), want.to_frame())
        assert got.params["model"] == model
    r = from_table(t, dmu="dmu", inputs=["x1", "x2"], outputs="y", model="ccr")
    assert r.efficiency.round(3).tolist() == [0.5, 1.0, 0.833, 0.714, 1.0]
    assert r.efficiency.index.tolist() == ["1", "2", "3", "4", "5"]
    assert from_table(t, dmu="dmu", inputs=["x1", "x2"], outputs="y").params["rts"] == "vrs"


def test_routes_sbm_and_reports_slacks_only_when_asked():
    t = tone()
    kw = dict(dmu="DMU", inputs=["Input1", "Input2"], outputs=["Output1", "Output2"], model="sbm",
              orientation="none")
    plain = from_table(t, **kw)
    assert plain.efficiency.round(3).tolist() == [0.798, 0.568, 1.0, 0.667, 1.0]
    assert plain.params["model"] == "sbm" and plain.params["rts"] == "crs"
    assert plain.slacks_in is None and plain.status is None
    assert list(plain.to_frame().columns) == ["dmu", "efficiency"]
    full = from_table(t, **kw, slacks=True)
    want = sbm(t.set_index("DMU")[kw["inputs"]], t.set_index("DMU")[kw["outputs"]])
    pd.testing.assert_frame_equal(full.to_frame(), want.to_frame())
    assert "slack_Input2" in full.to_frame().columns


@pytest.mark.parametrize("model,rts,message", [
    ("bcc", "crs", "model bcc has variable returns to scale; for rts 'crs' use model ccr"),
    ("ccr", "vrs", "model ccr has constant returns to scale; for rts 'vrs' use model bcc"),
    ("ccr", "nirs", "model ccr has constant returns to scale; for rts 'nirs' use model bcc"),
    ("bcc", "sideways", "rts must be one of crs, vrs, nirs, ndrs; got 'sideways'"),
    ("dea", None, "model must be one of ccr, bcc, sbm; got 'dea'"),
])
def test_inconsistent_model_and_rts_raise(model, rts, message):
    with pytest.raises(EfficiencyError) as ei:
        from_table(eg1(), dmu="dmu", inputs=["x1", "x2"], outputs="y", model=model, rts=rts)
    assert ei.value.problems == [message]
    X, Y = eg1()[["x1", "x2"]], eg1()[["y"]]
    with pytest.raises(EfficiencyError, match=message.split(";")[0]):
        dea(X, Y, model=model, rts=rts)


@pytest.mark.parametrize("model,rts", [("bcc", "vrs"), ("bcc", "nirs"), ("bcc", "ndrs"), ("ccr", "crs"),
                                       ("sbm", "crs"), ("sbm", "vrs"), ("sbm", "nirs"), ("sbm", "ndrs")])
def test_consistent_model_and_rts_run(model, rts):
    r = from_table(eg1(), dmu="dmu", inputs=["x1", "x2"], outputs="y", model=model, rts=rts)
    assert r.params["rts"] == rts
    assert ((r.efficiency > 0) & (r.efficiency <= 1)).all()


def test_other_option_errors():
    t = eg1()
    kw = dict(dmu="dmu", inputs=["x1", "x2"], outputs="y")
    with pytest.raises(EfficiencyError, match="orientation 'none' is the non-oriented SBM: use model sbm"):
        from_table(t, **kw, orientation="none")
    with pytest.raises(EfficiencyError, match="scale efficiency applies to the radial models"):
        from_table(t, **kw, model="sbm", scale=True)
    with pytest.raises(EfficiencyError, match="non-discretionary input 'y' is not one of the inputs"):
        from_table(t, **kw, nondiscretionary="y")
    with pytest.raises(EfficiencyError, match="table must be a DataFrame"):
        from_table(t.to_numpy(), **kw)
    t.loc[2, "dmu"] = None
    with pytest.raises(EfficiencyError, match="DMU column 'dmu' is empty in 1 row"):
        from_table(t, **kw)


def test_output_orientation_and_nondiscretionary_pass_through():
    t = eg1()
    r = from_table(t, dmu="dmu", inputs=["x1", "x2"], outputs="y", model="ccr", orientation="output",
                   nondiscretionary="x2", slacks=True)
    np.testing.assert_allclose(r.efficiency * r.phi, 1.0)
    assert r.params["nondiscretionary"] == ["x2"] and r.params["orientation"] == "output"
    assert {"slack_x1", "target_y", "peers", "status"} <= set(r.to_frame().columns)


def test_malmquist_whole_number_periods_sort_by_value():
    p = pd.read_csv(DATA / "malmquist_grifell_lovell_1999_data.csv")
    want = malmquist(p, dmu="DMU", period="Year", inputs=["X"], outputs=["Y"]).changes
    as_text = p.assign(Year=p.Year.map({1: "9", 2: "10"}))  # as text "10" < "9"
    got = malmquist(as_text, dmu="DMU", period="Year", inputs=["X"], outputs=["Y"]).changes
    assert got.period_from.tolist() == [9] * 8 and got.period_to.tolist() == [10] * 8
    np.testing.assert_allclose(got.tfpch, want.tfpch, rtol=1e-12)
    with pytest.raises(EfficiencyError, match="unknown period column 'yr'"):
        malmquist(p, dmu="DMU", period="yr", inputs=["X"], outputs=["Y"])


# --------------------------------------------------------------------------- options and result
def test_orientation_and_technology_are_parsed_once_into_members():
    assert Orientation.parse("Output") is Orientation.OUTPUT and Orientation.OUTPUT.output
    assert Orientation.parse(Orientation.NONE).none and not Orientation.INPUT.output
    with pytest.raises(EfficiencyError, match="orientation must be one of input, output; got 'none'"):
        Orientation.parse("none", (Orientation.INPUT, Orientation.OUTPUT))
    assert not Technology.CRS.convex and all(t.convex for t in (Technology.VRS, Technology.NIRS, Technology.NDRS))
    assert Technology.VRS.lambda_bounds == (1.0, 1.0) and Technology.VRS.sense == 0
    assert Technology.NIRS.lambda_bounds == (-np.inf, 1.0) and Technology.NIRS.sense == 1
    assert Technology.NDRS.lambda_bounds == (1.0, np.inf) and Technology.NDRS.sense == -1
    assert Technology.NIRS.homogeneous_bounds == (-np.inf, 0.0)
    assert technology_of("ccr", None) is Technology.CRS and technology_of("bcc", None) is Technology.VRS
    assert technology_of("sbm", None) is Technology.CRS


def test_result_is_frozen_and_keyword_only():
    r = from_table(eg1(), dmu="dmu", inputs=["x1", "x2"], outputs="y")
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.efficiency = r.efficiency
    with pytest.raises(TypeError):
        DEAResult(r.efficiency, None, None, None, None, None, None, None, r.lambdas, None, None, None, {})
    assert all(f.kw_only for f in dataclasses.fields(DEAResult))


# --------------------------------------------------------------------------- module graph
