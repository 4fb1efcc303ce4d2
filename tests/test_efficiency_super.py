"""Super-efficiency equals the LP over all other DMUs, for every DMU (radial and SBM).

The oracles are the scipy LPs of tests/test_efficiency.py, written independently of the
package; ``method="plain"`` (one full HiGHS LP per DMU) must agree with them too.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innoscope.efficiency import dea, sbm
from innoscope.efficiency._engine import nondominated, sole_dominator

from .test_efficiency import oracle_radial, oracle_super_sbm


def random_set(seed: int, n: int, m: int, s: int, kind: str):
    """Random DEA data: ``frontier`` (every DMU on a smooth frontier), ``duplicates`` (repeated
    rows), ``scaled`` (columns from 1e-3 to 1e7), ``shadow`` (DMUs each dominated by one
    efficient DMU only, just inside it), ``ties`` (small integers)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(1, 10, (n, m))
    if kind == "frontier":
        w = rng.uniform(0.2, 1, (m, s))
        Y = np.exp(np.log(X) @ w / m)  # every DMU efficient under VRS: many on the frontier
    else:
        Y = np.exp(np.log(X) @ rng.uniform(0.1, 0.5, (m, s))) * np.exp(-np.abs(rng.normal(0, 0.3, (n, 1))))
    if kind == "duplicates":
        k = n // 3
        X[-k:], Y[-k:] = X[:k], Y[:k]
    elif kind == "scaled":
        X = X * 10.0 ** rng.integers(-3, 8, m)
        Y = Y * 10.0 ** rng.integers(-3, 8, s)
    elif kind == "shadow":
        k = n // 3
        X[-k:] = X[:k] * (1 + rng.uniform(0, 0.02, (k, m)))
        Y[-k:] = Y[:k] * (1 - rng.uniform(0, 0.02, (k, s)))
    elif kind == "ties":
        X, Y = np.round(X), np.round(Y * 3) + 1
    for A in (X, Y):  # a constant column is refused by the validation: make it vary
        A[0, np.ptp(A, axis=0) == 0] += 1.0
    return X, Y


def oracle_super(X, Y, rts, orientation):
    """Score of every DMU against all other DMUs (None: infeasible). The scores do not depend on
    the units of a variable, so the oracle gets each column divided by its mean (linprog fails
    on columns 1e10 apart)."""
    X, Y = X / X.mean(0), Y / Y.mean(0)
    return [oracle_radial(X, Y, k, rts=rts, orientation=orientation, exclude_self=True) for k in range(len(X))]


def assert_super_equals(res, ref, rtol=1e-8):
    got = res.super_efficiency.to_numpy()
    status = res.super_status.to_numpy()
    orient = res.params["orientation"]
    for k, want in enumerate(ref):
        if want is None:
            assert status[k] == "infeasible", (k, got[k])
            assert np.isnan(got[k])
        else:
            assert status[k] == "optimal", k
            assert got[k] == pytest.approx(want, rel=rtol, abs=1e-10), k
    if orient == "output":  # phi, same convention as the model
        assert res.phi is not None


# --------------------------------------------------------------------------- regressions
# 1 input, 1 output. D is dominated by B only: once B is left out, D is a needed peer.
X1 = np.array([[1.0], [2.0], [4.0], [2.5]])
Y1 = np.array([[1.0], [3.0], [4.0], [2.9]])


def test_unit_dominated_only_by_the_dmu_is_a_peer_of_its_super_efficiency():
    r = dea(X1, Y1, model="bcc", super_efficiency=True, slacks=False, dmus=list("ABCD"))
    # without B: y >= 3 from the segment D–C (λ_C = 1/11): x = 4/11 + 10/11 · 2.5 = 29/11
    assert r.super_efficiency["B"] == pytest.approx(29 / 22, abs=1e-12)
    assert r.super_efficiency["B"] == pytest.approx(oracle_radial(X1, Y1, 1, "vrs", exclude_self=True), abs=1e-9)


def test_output_super_efficiency_feasible_only_through_the_shadowed_unit():
    X = np.array([[2.0], [4.0], [2.0], [3.0]])
    Y = np.array([[3.0], [4.0], [2.5], [3.5]])
    r = dea(X, Y, model="bcc", orientation="output", super_efficiency=True, slacks=False, dmus=list("BCDE"))
    # without B only D uses no more than x = 2: φ = 2.5 / 3; the old engine said infeasible
    assert r.super_status["B"] == "optimal"
    assert r.super_efficiency["B"] == pytest.approx(2.5 / 3, abs=1e-12)
    assert r.super_efficiency["C"] == pytest.approx(3.5 / 4, abs=1e-12)  # E alone: y = 3.5


@pytest.mark.parametrize("method", ["frontier", "plain"])
def test_method_is_used_by_super_efficiency(method, monkeypatch):
    """``method="plain"`` builds one full model (no candidates) for the super-efficiency LPs."""
    from innoscope.efficiency import _engine

    built = []
    real = _engine.RadialEngine.__init__

    def spy(self, *a, **k):
        built.append(bool(k.get("full")))
        real(self, *a, **k)

    monkeypatch.setattr(_engine.RadialEngine, "__init__", spy)
    dea(X1, Y1, model="bcc", super_efficiency=True, slacks=False, method=method)
    assert built[-1] is (method == "plain")


def test_sole_dominator_brute_force():
    X, Y = random_set(3, 300, 2, 2, "shadow")
    nd_idx = nondominated(X, Y)
    got = sole_dominator(X, Y, nd_idx)
    Z = np.hstack([-X, Y])
    is_nd = np.zeros(len(X), bool)
    is_nd[nd_idx] = True
    for j in range(len(X)):
        doms = np.flatnonzero(is_nd & (Z >= Z[j]).all(1) & (Z > Z[j]).any(1))
        assert got[j] == (doms[0] if len(doms) == 1 and not is_nd[j] else -1), j
    assert (got >= 0).sum() > 0  # the shadow units are found


# --------------------------------------------------------------------------- properties
KINDS = ["frontier", "duplicates", "scaled", "shadow", "ties", "plain"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(5, 40), m=st.integers(1, 3), s=st.integers(1, 3),
       kind=st.sampled_from(KINDS), model=st.sampled_from(["ccr", "bcc"]),
       orientation=st.sampled_from(["input", "output"]))
def test_property_radial_super_efficiency_equals_full_lp(seed, n, m, s, kind, model, orientation):
    X, Y = random_set(seed, n, m, s, kind)
    rts = "crs" if model == "ccr" else "vrs"
    ref = oracle_super(X, Y, rts, orientation)
    for method in ("frontier", "plain"):
        with np.errstate(all="ignore"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r = dea(X, Y, model=model, orientation=orientation, super_efficiency=True, slacks=False,
                        method=method)
        assert_super_equals(r, ref)


@pytest.mark.parametrize("kind", ["frontier", "shadow", "duplicates"])
@pytest.mark.parametrize("rts", ["crs", "vrs", "nirs"])
def test_large_sets_with_column_generation_equal_plain(kind, rts):
    """Above 64 candidates the frontier method prices columns; it must match the full LP."""
    import warnings

    X, Y = random_set(11, 400, 3, 2, kind)
    model = "ccr" if rts == "crs" else "bcc"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for orientation in ("input", "output"):
            a = dea(X, Y, model=model, rts=rts, orientation=orientation, super_efficiency=True, slacks=False)
            b = dea(X, Y, model=model, rts=rts, orientation=orientation, super_efficiency=True, slacks=False,
                    method="plain")
            assert (a.super_status == b.super_status).all()
            np.testing.assert_allclose(a.super_efficiency, b.super_efficiency, rtol=1e-9, atol=1e-10)
    # and the oracle on the efficient ones
    r = dea(X, Y, model=model, rts=rts, super_efficiency=True, slacks=False)
    eff = np.flatnonzero(r.efficiency.to_numpy() >= 1 - 1e-9)
    for k in eff[:: max(1, len(eff) // 15)]:
        want = oracle_radial(X, Y, k, rts=rts, exclude_self=True)
        if want is None:
            assert r.super_status.iloc[k] == "infeasible"
        else:
            assert r.super_efficiency.iloc[k] == pytest.approx(want, rel=1e-8)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(5, 30), kind=st.sampled_from(KINDS),
       rts=st.sampled_from(["crs", "vrs"]))
def test_property_super_sbm_equals_full_lp(seed, n, kind, rts):
    import warnings

    X, Y = random_set(seed, n, 2, 2, kind)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = sbm(X, Y, rts=rts, super_efficiency=True, slacks=False)
    rho = r.efficiency.to_numpy()
    for k in np.flatnonzero(rho >= 1 - 1e-7):
        want = oracle_super_sbm(X / X.mean(0), Y / Y.mean(0), k, rts=rts)  # unit invariant
        if want is None:
            assert r.super_status.iloc[k] == "infeasible"
        else:
            assert r.super_efficiency.iloc[k] == pytest.approx(want, rel=1e-8), k


# --------------------------------------------------------------------------- SBM by column generation
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(5, 40), kind=st.sampled_from(KINDS),
       rts=st.sampled_from(["crs", "vrs"]))
def test_property_sbm_equals_full_lp(seed, n, kind, rts):
    import warnings

    from .test_efficiency import oracle_sbm

    X, Y = random_set(seed, n, 2, 3, kind)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = sbm(X, Y, rts=rts, slacks=False)
    want = np.array([oracle_sbm(X / X.mean(0), Y / Y.mean(0), k, rts=rts) for k in range(n)])  # unit invariant
    np.testing.assert_allclose(r.efficiency.to_numpy(), want, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("orientation", ["none", "input", "output"])
@pytest.mark.parametrize("rts", ["crs", "vrs"])
def test_sbm_frontier_equals_plain_with_pricing(orientation, rts):
    """400 DMUs, more than 64 candidates: the column-generation path prices; same optimum,
    same objective of the slacks, and λ reproduces the targets."""
    X, Y = random_set(17, 400, 3, 3, "frontier" if rts == "crs" else "shadow")
    a = sbm(X, Y, orientation=orientation, rts=rts, super_efficiency=True)
    b = sbm(X, Y, orientation=orientation, rts=rts, super_efficiency=True, method="plain")
    np.testing.assert_allclose(a.efficiency, b.efficiency, rtol=0, atol=1e-9)
    assert (a.super_status == b.super_status).all()
    np.testing.assert_allclose(a.super_efficiency, b.super_efficiency, rtol=1e-9, atol=1e-10)
    names = list(a.efficiency.index)
    for k in range(0, 400, 37):
        lam = a.lambdas[a.lambdas.dmu == names[k]]
        w = np.zeros(400)
        w[[names.index(q) for q in lam.peer]] = lam.weight
        np.testing.assert_allclose(w @ X, a.targets_in.iloc[k].to_numpy(), rtol=1e-7)
        assert (w @ Y >= a.targets_out.iloc[k].to_numpy() * (1 - 1e-7)).all()


def test_sbm_zero_output_drops_out_of_the_output_term_only():
    """A DMU with a zero output keeps Yλ ≥ 0 for it (not Yλ = 0) and has no slack term for it."""
    X = np.array([[2.0, 3.0], [4.0, 1.0], [3.0, 3.0], [5.0, 5.0], [2.5, 2.0], [6.0, 2.0]])
    Y = np.array([[1.0, 2.0], [2.0, 1.0], [1.5, 1.5], [0.0, 1.0], [1.0, 1.0], [2.0, 2.0]])
    r = sbm(X, Y, rts="vrs", dmus=list("ABCDEF"))
    # D (5, 5 → 0, 1): the LP over (t, Λ, S⁻, S⁺), written out here with scipy
    from scipy.optimize import linprog

    k, n = 3, 6
    c = np.r_[1.0, np.zeros(n), -1.0 / (2 * X[k]), np.zeros(2)]
    A_eq = [np.r_[1.0, np.zeros(n), np.zeros(2), 0.0, 1.0 / Y[k, 1]]]
    b_eq = [1.0]
    for i in range(2):
        A_eq.append(np.r_[-X[k, i], X[:, i], np.eye(2)[i], np.zeros(2)]); b_eq.append(0.0)
    for q in range(2):
        A_eq.append(np.r_[-Y[k, q], Y[:, q], np.zeros(2), -np.eye(2)[q]]); b_eq.append(0.0)
    A_eq.append(np.r_[-1.0, np.ones(n), np.zeros(4)]); b_eq.append(0.0)
    want = linprog(c, A_eq=np.array(A_eq), b_eq=b_eq, bounds=[(0, None)] * (1 + n + 4), method="highs").fun
    assert r.efficiency["D"] == pytest.approx(want, abs=1e-10)
    assert r.efficiency["D"] < 0.5  # D is far inside: with Yλ = 0 forced it would look better
