"""DEA, SBM, Malmquist and bootstrap: published values, an independent LP oracle, properties."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from innoscope.efficiency import bootstrap, classify_efficiency, dea, malmquist, sbm
from innoscope.efficiency._bootstrap import silverman_bandwidth
from innoscope.errors import EfficiencyError

DATA = Path(__file__).resolve().parent / "data" / "dea"


def load(name, index):
    return pd.read_csv(DATA / name, dtype={index: str}).set_index(index)


# --------------------------------------------------------------------------- oracle
# Written independently of the package: one scipy LP per DMU over all DMUs, raw data.
def oracle_radial(X, Y, k, rts="crs", orientation="input", exclude_self=False):
    """θ (input) or φ (output) of DMU k; None when the LP is infeasible."""
    n, m = X.shape
    s = Y.shape[1]
    keep = np.array([j != k for j in range(n)]) if exclude_self else np.ones(n, bool)
    Xr, Yr = X[keep], Y[keep]
    nr = len(Xr)
    # variables: [score, λ...]
    if orientation == "input":
        c = np.r_[1.0, np.zeros(nr)]
        A_ub = np.vstack([np.c_[-X[k][:, None], Xr.T], np.c_[np.zeros((s, 1)), -Yr.T]])
        b_ub = np.r_[np.zeros(m), -Y[k]]
    else:
        c = np.r_[-1.0, np.zeros(nr)]
        A_ub = np.vstack([np.c_[np.zeros((m, 1)), Xr.T], np.c_[Y[k][:, None], -Yr.T]])
        b_ub = np.r_[X[k], np.zeros(s)]
    A_eq = b_eq = None
    if rts == "vrs":
        A_eq, b_eq = np.r_[0.0, np.ones(nr)][None, :], [1.0]
    elif rts == "nirs":
        A_ub = np.vstack([A_ub, np.r_[0.0, np.ones(nr)]])
        b_ub = np.r_[b_ub, 1.0]
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=[(0, None)] * (nr + 1), method="highs")
    if res.status == 2:
        return None
    assert res.status == 0, res.message
    return res.x[0]


def oracle_max_slack(X, Y, k, score, rts="crs", orientation="input"):
    """Phase II optimum: max Σs⁻ + Σs⁺ (raw units) with the radial score fixed."""
    n, m = X.shape
    s = Y.shape[1]
    c = -np.r_[np.zeros(n), np.ones(m), np.ones(s)]
    A_eq = np.vstack([np.c_[X.T, np.eye(m), np.zeros((m, s))], np.c_[Y.T, np.zeros((s, m)), -np.eye(s)]])
    if orientation == "input":
        b_eq = np.r_[score * X[k], Y[k]]
    else:
        b_eq = np.r_[X[k], score * Y[k]]
    if rts == "vrs":
        A_eq = np.vstack([A_eq, np.r_[np.ones(n), np.zeros(m + s)]])
        b_eq = np.r_[b_eq, 1.0]
    res = linprog(c, A_eq=A_eq, b_eq=b_eq, bounds=[(0, None)] * (n + m + s), method="highs")
    assert res.status == 0, res.message
    return -res.fun


def oracle_sbm(X, Y, k, rts="crs"):
    """Non-oriented SBM by the Charnes–Cooper transformation; variables [t, Λ, S⁻, S⁺]."""
    n, m = X.shape
    s = Y.shape[1]
    c = np.r_[1.0, np.zeros(n), -1.0 / (m * X[k]), np.zeros(s)]
    A_eq = [np.r_[1.0, np.zeros(n), np.zeros(m), 1.0 / (s * Y[k])]]
    b_eq = [1.0]
    for i in range(m):
        A_eq.append(np.r_[-X[k, i], X[:, i], np.eye(m)[i], np.zeros(s)])
        b_eq.append(0.0)
    for r in range(s):
        A_eq.append(np.r_[-Y[k, r], Y[:, r], np.zeros(m), -np.eye(s)[r]])
        b_eq.append(0.0)
    if rts == "vrs":
        A_eq.append(np.r_[-1.0, np.ones(n), np.zeros(m + s)])
        b_eq.append(0.0)
    res = linprog(c, A_eq=np.array(A_eq), b_eq=b_eq, bounds=[(0, None)] * (1 + n + m + s), method="highs")
    assert res.status == 0
    return res.fun


def oracle_super_sbm(X, Y, k, rts="crs"):
    """Tone (2002): min (1/m)Σ x̄/x0 / (1/s)Σ ȳ/y0, x̄ ≥ Σλx, x̄ ≥ x0, ȳ ≤ Σλy, ȳ ≤ y0, j ≠ k.

    Fractional program solved as an LP in (t, Λ, X̃, Ỹ) — a different variable layout and
    inequality direction from the package code.
    """
    n, m = X.shape
    s = Y.shape[1]
    o = [j for j in range(n) if j != k]
    no = len(o)
    nv = 1 + no + m + s
    c = np.r_[0.0, np.zeros(no), 1.0 / (m * X[k]), np.zeros(s)]
    A_eq = [np.r_[0.0, np.zeros(no), np.zeros(m), 1.0 / (s * Y[k])]]
    b_eq = [1.0]
    A_ub, b_ub = [], []
    for i in range(m):
        A_ub.append(np.r_[0.0, X[o, i], -np.eye(m)[i], np.zeros(s)]); b_ub.append(0.0)
        A_ub.append(np.r_[X[k, i], np.zeros(no), -np.eye(m)[i], np.zeros(s)]); b_ub.append(0.0)
    for r in range(s):
        A_ub.append(np.r_[0.0, -Y[o, r], np.zeros(m), np.eye(s)[r]]); b_ub.append(0.0)
        A_ub.append(np.r_[-Y[k, r], np.zeros(no), np.zeros(m), np.eye(s)[r]]); b_ub.append(0.0)
    if rts == "vrs":
        A_eq.append(np.r_[-1.0, np.ones(no), np.zeros(m + s)]); b_eq.append(0.0)
    res = linprog(c, A_ub=np.array(A_ub), b_ub=b_ub, A_eq=np.array(A_eq), b_eq=b_eq,
                  bounds=[(0, None)] * nv, method="highs")
    return res.fun if res.status == 0 else None


# --------------------------------------------------------------------------- published values
def test_deap_eg1_crs_input_printed_values():
    d = load("deap_eg1.csv", "dmu")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = dea(d[["x1", "x2"]], d[["y"]], model="ccr")
    np.testing.assert_allclose(r.efficiency.to_numpy(), [0.5, 1.0, 5 / 6, 5 / 7, 1.0], atol=1e-9)
    assert r.efficiency.round(3).tolist() == [0.5, 1.0, 0.833, 0.714, 1.0]
    # DEAP prints: input slack of x2 = 0.5 for firm 1, all other slacks 0
    np.testing.assert_allclose(r.slacks_in.to_numpy(), [[0, 0.5], [0, 0], [0, 0], [0, 0], [0, 0]], atol=1e-9)
    np.testing.assert_allclose(r.slacks_out.to_numpy().ravel(), 0, atol=1e-9)
    np.testing.assert_allclose(r.targets_in.to_numpy(), [[1, 2], [2, 4], [5, 5], [15 / 7, 10 / 7], [6, 2]], atol=1e-9)
    np.testing.assert_allclose(r.targets_out.to_numpy().ravel(), [1, 2, 3, 1, 2], atol=1e-9)
    # peers and weights (DEAP: firm 3 → 2 (1.0), 5 (0.5); firm 4 → 2 (0.214), 5 (0.286))
    assert r.peers.tolist()[:3] == ["2:0.5", "2:1", "2:1;5:0.5"]
    lam4 = r.lambdas[r.lambdas.dmu == "4"].set_index("peer")["weight"]
    np.testing.assert_allclose([lam4["2"], lam4["5"]], [3 / 14, 2 / 7], atol=1e-9)
    assert r.status.tolist() == ["inefficient", "efficient", "inefficient", "inefficient", "efficient"]


def test_deap_eg2_scale_and_rts():
    d = load("deap_eg2.csv", "dmu")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = dea(d[["x"]], d[["y"]], model="bcc", scale=True)
    sc = r.scale
    # DEAP guide example 2 (VRS input): crste, vrste, scale, irs/-/drs
    assert sc["crs_efficiency"].round(3).tolist() == [0.5, 0.5, 1.0, 0.8, 0.833]
    assert sc["vrs_efficiency"].round(3).tolist() == [1.0, 0.625, 1.0, 0.9, 1.0]
    assert sc["scale_efficiency"].round(3).tolist() == [0.5, 0.8, 1.0, 0.889, 0.833]
    assert sc["rts"].tolist() == ["irs", "irs", "crs", "drs", "drs"]
    np.testing.assert_allclose(sc["scale_efficiency"], sc["crs_efficiency"] / sc["vrs_efficiency"])


def test_tone2001_sbm():
    d = load("deaR_Tone2001.csv", "DMU")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = sbm(d[["Input1", "Input2"]], d[["Output1", "Output2"]])
    assert r.efficiency.round(3).tolist() == [0.798, 0.568, 1.0, 0.667, 1.0]
    X, Y = d[["Input1", "Input2"]].to_numpy(float), d[["Output1", "Output2"]].to_numpy(float)
    for k in range(5):
        assert r.efficiency.iloc[k] == pytest.approx(oracle_sbm(X, Y, k), abs=1e-9)
    # ρ recomputed from the reported slacks
    rho = (1 - (r.slacks_in.to_numpy() / X).mean(1)) / (1 + (r.slacks_out.to_numpy() / Y).mean(1))
    np.testing.assert_allclose(rho, r.efficiency.to_numpy(), atol=1e-9)


@pytest.mark.parametrize("rts", ["crs", "vrs"])
def test_tone2002_super_sbm_power_plants(rts):
    d = load("deaR_Power_plants.csv", "DMU")
    xi, yo = ["X1", "X2", "X3", "X4"], ["Y1", "Y2"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = sbm(d[xi], d[yo], rts=rts, super_efficiency=True)
    X, Y = d[xi].to_numpy(float), d[yo].to_numpy(float)
    for k in range(len(d)):
        ref = oracle_super_sbm(X, Y, k, rts)
        if r.efficiency.iloc[k] < 1:
            assert r.super_efficiency.iloc[k] == r.efficiency.iloc[k]
        elif ref is None:
            assert r.super_status.iloc[k] == "infeasible" and np.isnan(r.super_efficiency.iloc[k])
        else:
            assert r.super_efficiency.iloc[k] == pytest.approx(ref, abs=1e-8)
            assert r.super_efficiency.iloc[k] >= 1


def china():
    return pd.read_csv(DATA / "dea_china_industry_2005_2009_data.csv")


CHINA_IN, CHINA_OUT = ["capital_100m_rmb", "labor_10k_persons"], ["giov_100m_rmb"]


@pytest.mark.parametrize("year", [2005, 2009])
def test_wang_lan_china_per_year_ccr_bcc(year):
    p = china()
    d = p[p.year == year].set_index("dmu")
    X, Y = d[CHINA_IN].to_numpy(float), d[CHINA_OUT].to_numpy(float)
    for model, rts in (("ccr", "crs"), ("bcc", "vrs")):
        for orient in ("input", "output"):
            r = dea(d[CHINA_IN], d[CHINA_OUT], model=model, orientation=orient, super_efficiency=True)
            want = np.array([oracle_radial(X, Y, k, rts, orient) for k in range(len(d))])
            got = r.efficiency.to_numpy() if orient == "input" else r.phi.to_numpy()
            np.testing.assert_allclose(got, want, atol=1e-9, rtol=1e-9)
            for k in np.flatnonzero(r.efficiency.to_numpy() >= 1 - 1e-9):
                ref = oracle_radial(X, Y, k, rts, orient, exclude_self=True)
                if ref is None:
                    assert r.super_status.iloc[k] == "infeasible"
                    assert np.isnan(r.super_efficiency.iloc[k])
                else:
                    assert r.super_efficiency.iloc[k] == pytest.approx(ref, abs=1e-9)


def test_china_slacks_feasible_and_phase2_optimal():
    p = china()
    d = p[p.year == 2007].set_index("dmu")
    X, Y = d[CHINA_IN].to_numpy(float), d[CHINA_OUT].to_numpy(float)
    for orient in ("input", "output"):
        r = dea(d[CHINA_IN], d[CHINA_OUT], model="bcc", orientation=orient)
        sc = r.efficiency.to_numpy() if orient == "input" else r.phi.to_numpy()
        for k, name in enumerate(d.index):
            lam = r.lambdas[r.lambdas.dmu == name]
            w = np.zeros(len(d))
            w[[list(d.index).index(q) for q in lam.peer]] = lam.weight
            assert w.sum() == pytest.approx(1, abs=1e-9)
            np.testing.assert_allclose(w @ X, r.targets_in.iloc[k].to_numpy(), rtol=1e-8)
            np.testing.assert_allclose(w @ Y, r.targets_out.iloc[k].to_numpy(), rtol=1e-8)
            total = r.slacks_in.iloc[k].sum() + r.slacks_out.iloc[k].sum()
            assert total == pytest.approx(oracle_max_slack(X, Y, k, sc[k], "vrs", orient), rel=1e-6, abs=1e-6)


def test_malmquist_grifell_lovell_hand_checked():
    g = pd.read_csv(DATA / "malmquist_grifell_lovell_1999_data.csv")
    r = malmquist(g, dmu="DMU", period="Year", inputs=["X"], outputs=["Y"], orientation="output")
    ch = r.changes.set_index("dmu")
    # one input, one output, CRS: TFPCH is the ratio of the productivities y/x
    y1 = g[g.Year == 1].set_index("DMU")
    y2 = g[g.Year == 2].set_index("DMU")
    ratio = (y2.Y / y2.X) / (y1.Y / y1.X)
    np.testing.assert_allclose(ch["tfpch"], ratio[ch.index], rtol=1e-9)
    assert ch.loc["A", "tfpch"] == pytest.approx(2.5 / 0.925, rel=1e-9)
    # the frontier (best y/x) moves from B (170/150) to A (100/40): TECHCH = 2.5 / (17/15)
    np.testing.assert_allclose(ch["techch"], 2.5 / (170 / 150), rtol=1e-9)
    np.testing.assert_allclose(ch["tfpch"], ch["effch"] * ch["techch"], rtol=1e-12)
    np.testing.assert_allclose(ch["effch"], ch["pech"] * ch["sech"], rtol=1e-12)
    gm = r.period_means.iloc[0]
    assert gm["dmu"] == "(geomean)"
    assert gm["tfpch"] == pytest.approx(np.exp(np.log(ch["tfpch"]).mean()), rel=1e-12)


def test_malmquist_china_against_oracle_distances():
    p = china()
    r = malmquist(p, dmu="dmu", period="year", inputs=CHINA_IN, outputs=CHINA_OUT)
    years = sorted(p.year.unique())
    assert len(r.changes) == 31 * 4 and len(r.period_means) == 5
    t, t1 = 2006, 2007
    a, b = p[p.year == t].set_index("dmu"), p[p.year == t1].set_index("dmu")

    def cross(ref, dat, k, rts):
        X = np.vstack([ref[CHINA_IN].to_numpy(float), dat[CHINA_IN].to_numpy(float)[k]])
        Y = np.vstack([ref[CHINA_OUT].to_numpy(float), dat[CHINA_OUT].to_numpy(float)[k]])
        return oracle_radial(X, Y, len(X) - 1, rts, "input", exclude_self=True)

    rows = r.changes[(r.changes.period_from == t)].set_index("dmu")
    for k in (0, 7, 20, 30):
        name = a.index[k]
        e_tt = oracle_radial(a[CHINA_IN].to_numpy(float), a[CHINA_OUT].to_numpy(float), k)
        e_11 = oracle_radial(b[CHINA_IN].to_numpy(float), b[CHINA_OUT].to_numpy(float), k)
        e_t1 = cross(a, b, k, "crs")
        e_1t = cross(b, a, k, "crs")
        v_t = oracle_radial(a[CHINA_IN].to_numpy(float), a[CHINA_OUT].to_numpy(float), k, "vrs")
        v_1 = oracle_radial(b[CHINA_IN].to_numpy(float), b[CHINA_OUT].to_numpy(float), k, "vrs")
        assert rows.loc[name, "effch"] == pytest.approx(e_11 / e_tt, rel=1e-8)
        assert rows.loc[name, "techch"] == pytest.approx(np.sqrt(e_t1 / e_11 * e_tt / e_1t), rel=1e-8)
        assert rows.loc[name, "pech"] == pytest.approx(v_1 / v_t, rel=1e-8)
    assert years[0] == r.period_means.iloc[-1]["period_from"]


def test_malmquist_gaps_error_and_balanced():
    p = china()
    gap = p.drop(p[(p.dmu == "Hebei") & (p.year == 2007)].index)
    with pytest.raises(EfficiencyError, match="DMU Hebei, period 2007"):
        malmquist(gap, dmu="dmu", period="year", inputs=CHINA_IN, outputs=CHINA_OUT)
    with pytest.warns(UserWarning, match="dropped DMU Hebei"):
        r = malmquist(gap, dmu="dmu", period="year", inputs=CHINA_IN, outputs=CHINA_OUT, balanced=True)
    assert "Hebei" not in set(r.changes.dmu) and r.changes.dmu.nunique() == 30
    assert r.dropped == ["DMU Hebei (gaps in period 2007)"]


# --------------------------------------------------------------------------- frontier = plain = oracle
def random_data(n, seed, m=3, s=2):
    rng = np.random.default_rng(seed)
    X = rng.uniform(10, 100, (n, m))
    Y = np.exp(np.log(X) @ rng.uniform(0.1, 0.3, (m, s))) * np.exp(-np.abs(rng.normal(0, 0.3, (n, 1))))
    return X, Y


@pytest.mark.parametrize("model,orient", [("bcc", "input"), ("ccr", "input"), ("bcc", "output"), ("ccr", "output")])
def test_frontier_equals_plain_equals_oracle(model, orient):
    X, Y = random_data(400, 3)
    a = dea(X, Y, model=model, orientation=orient, slacks=False)
    b = dea(X, Y, model=model, orientation=orient, slacks=False, method="plain")
    np.testing.assert_allclose(a.efficiency, b.efficiency, atol=1e-9, rtol=0)
    rts = "crs" if model == "ccr" else "vrs"
    for k in range(0, 400, 37):
        want = oracle_radial(X, Y, k, rts, orient)
        got = a.efficiency.iloc[k] if orient == "input" else a.phi.iloc[k]
        assert got == pytest.approx(want, abs=1e-9)


def test_nirs_rts_and_nondiscretionary_against_oracle():
    X, Y = random_data(120, 5)
    r = dea(X, Y, model="bcc", rts="nirs", slacks=False)
    for k in range(0, 120, 11):
        assert r.efficiency.iloc[k] == pytest.approx(oracle_radial(X, Y, k, "nirs"), abs=1e-9)
    # non-discretionary x3: θ scales x1, x2 only (Banker & Morey)
    r = dea(pd.DataFrame(X, columns=["a", "b", "c"]), Y, model="ccr", nondiscretionary=["c"])
    for k in (0, 50, 99):
        c = np.r_[1.0, np.zeros(120)]
        A = np.vstack([np.c_[-X[k, :2][:, None], X[:, :2].T], np.r_[0.0, X[:, 2]], np.c_[np.zeros((2, 1)), -Y.T]])
        b = np.r_[0, 0, X[k, 2], -Y[k]]
        want = linprog(c, A_ub=A, b_ub=b, bounds=[(0, None)] * 121, method="highs").x[0]
        assert r.efficiency.iloc[k] == pytest.approx(want, abs=1e-9)
        assert r.slacks_in["c"].iloc[k] >= 0


def test_large_values_scaled_hotels():
    d = load("deaR_Hotels.csv", "Hotel")
    xi = ["Employees", "Guest_rooms", "Area_F&B", "Operating_cost"]
    yo = ["Room_revenue", "F&B_revenue", "Other_revenue"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = dea(d[xi], d[yo], model="ccr")
    X, Y = d[xi].to_numpy(float), d[yo].to_numpy(float)
    f, g = X.max(0), Y.max(0)
    for k in range(len(d)):
        assert r.efficiency.iloc[k] == pytest.approx(oracle_radial(X / f, Y / g, k), abs=1e-9)


# --------------------------------------------------------------------------- bad input
def test_bad_input_one_line_each():
    X = pd.DataFrame({"x1": [1.0, 0.0, 3.0, np.nan], "x2": [2.0, 2.0, 2.0, 2.0]}, index=["A", "B", "C", "C"])
    Y = pd.DataFrame({"y": [1.0, 2.0, -1.0, 1.0]}, index=X.index)
    with pytest.raises(EfficiencyError) as ei:
        dea(X, Y)
    probs = ei.value.problems
    assert "DMU C appears 2 times: DMU names must be unique" in probs
    assert any(p.startswith("DMU B: input x1 = 0 must be > 0") for p in probs)
    assert any(p.startswith("DMU C: output y = -1") for p in probs)
    assert any("input x1 is missing" in p for p in probs)
    assert any(p.startswith("input x2 is constant") for p in probs)
    assert all("\n" not in p for p in probs)


def test_small_sample_warning_points_at_caller():
    X, Y = random_data(8, 1)
    with pytest.warns(UserWarning, match=r"3·\(inputs\+outputs\) = 15") as rec:
        dea(X, Y)
    assert rec[0].filename == __file__


def test_unknown_names():
    X, Y = random_data(20, 1)
    with pytest.raises(EfficiencyError, match="non-discretionary input 'zz'"):
        dea(pd.DataFrame(X, columns=list("abc")), Y, nondiscretionary=["zz"])
    with pytest.raises(EfficiencyError, match="orientation must be one of"):
        dea(X, Y, orientation="sideways")
    with pytest.raises(EfficiencyError, match="unknown input column 'k'"):
        malmquist(china(), dmu="dmu", period="year", inputs=["k"], outputs=CHINA_OUT)


# --------------------------------------------------------------------------- bootstrap, classes
def test_bootstrap_seeded_and_bias_direction():
    d = load("deaR_Electric_plants.csv", "Plant")
    xi, yo = ["Labor", "Fuel", "Capital"], ["Output"]
    a = bootstrap(d[xi], d[yo], B=100, rng=7)
    b = bootstrap(d[xi], d[yo], B=100, rng=7)
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    delta = 1 / a.efficiency.to_numpy()
    assert a.bandwidth == pytest.approx(silverman_bandwidth(delta))
    # pseudo frontiers lie inside the true one: the DEA distance is biased towards 1
    assert (a.bias.to_numpy() < 0).all()
    assert (a.bias_corrected <= a.efficiency + 1e-12).all()
    assert (a.ci_low < a.ci_high).all()
    # hand check of the bandwidth rule on a small sample
    dd = np.array([1.0, 1.2, 1.5])
    refl = np.r_[dd, 2 - dd]
    iqr = np.subtract(*np.percentile(refl, [75, 25]))
    assert silverman_bandwidth(dd) == pytest.approx(0.9 * min(refl.std(ddof=1), iqr / 1.34) * 6 ** -0.2)


def test_classify_efficiency():
    s = pd.Series([1.0, 1 - 1e-12, 0.95, 0.9, 0.899, 0.3], index=list("ABCDEF"))
    assert classify_efficiency(s).tolist() == ["efficient", "efficient", "high", "high", "room to improve",
                                               "room to improve"]
    with pytest.raises(EfficiencyError, match="DMU X"):
        classify_efficiency(pd.Series([np.nan], index=["X"]))


# --------------------------------------------------------------------------- properties
@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["input", "output"]))
def test_properties_scores_bounds_and_units(seed, orient):
    X, Y = random_data(30, seed, m=2, s=2)
    crs = dea(X, Y, model="ccr", orientation=orient, slacks=False).efficiency.to_numpy()
    vrs = dea(X, Y, model="bcc", orientation=orient, slacks=False).efficiency.to_numpy()
    assert ((crs > 0) & (crs <= 1)).all() and ((vrs > 0) & (vrs <= 1)).all()
    assert (crs <= vrs + 1e-9).all()
    assert (vrs == 1).any()
    scaled = dea(X * [1e6, 1e-3], Y * [1e4, 7.0], model="bcc", orientation=orient, slacks=False).efficiency
    np.testing.assert_allclose(scaled, vrs, atol=1e-9)
