"""Optimal-basis reuse (facets) in the frontier pass: same scores as one full LP per DMU."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innoscope.efficiency import _dea
from innoscope.efficiency import dea
from innoscope.efficiency._engine import RadialEngine
from innoscope.efficiency._facets import FacetSet, basis_of
from innoscope.efficiency._spec import Orientation, Technology

VRS, INPUT = Technology.VRS, Orientation.INPUT


def data(n, seed, m=3, s=3, ties=False):
    rng = np.random.default_rng(seed)
    X = rng.uniform(10, 100, (n, m))
    Y = np.exp(np.log(X) @ rng.uniform(0.1, 0.3, (m, s))) * np.exp(-np.abs(rng.normal(0, 0.3, (n, 1))))
    if ties:  # repeated DMUs and rounded values: degenerate LPs, many tied facets
        X, Y = np.round(X, 0), np.round(Y, 1)
        X[n // 2 :] = X[: n - n // 2]
        Y[n // 2 :] = Y[: n - n // 2]
    return X, Y


def plain(X, Y, rts, orientation, nd=None):
    eng = RadialEngine(X, Y, rts=Technology(rts), orientation=Orientation(orientation), nd=nd, full=True)
    return np.array([eng.solve(X[k], Y[k], self_index=k).score for k in range(len(X))])


@pytest.mark.parametrize("rts", ["crs", "vrs", "nirs", "ndrs"])
@pytest.mark.parametrize("orientation", ["input", "output"])
@pytest.mark.parametrize("ties", [False, True])
def test_facet_pass_equals_plain(rts, orientation, ties):
    X, Y = data(300, 7, ties=ties)
    Xs, Ys = X / X.mean(0), Y / Y.mean(0)
    got, lam, _, _ = _dea.radial_scores(Xs, Ys, rts=Technology(rts), orientation=Orientation(orientation))
    np.testing.assert_allclose(got, plain(Xs, Ys, rts, orientation), atol=1e-9, rtol=0)
    # every λ reproduces a feasible point of the DMU's LP at its score
    for k in range(0, 300, 13):
        i, v = lam[k]
        assert (v > 0).all()
        if orientation == "input":
            assert (v @ Xs[i] <= got[k] * Xs[k] + 1e-8).all() and (v @ Ys[i] >= Ys[k] - 1e-8).all()
        else:
            assert (v @ Xs[i] <= Xs[k] + 1e-8).all() and (v @ Ys[i] >= got[k] * Ys[k] - 1e-8).all()
        if rts == "vrs":
            assert v.sum() == pytest.approx(1.0, abs=1e-9)


def test_facet_pass_nondiscretionary_equals_plain():
    X, Y = data(250, 3)
    Xs, Ys = X / X.mean(0), Y / Y.mean(0)
    nd = np.array([False, False, True])
    got, _, _, _ = _dea.radial_scores(Xs, Ys, rts=VRS, nd=nd)
    np.testing.assert_allclose(got, plain(Xs, Ys, "vrs", "input", nd), atol=1e-9, rtol=0)


def test_facets_certify_most_dmus_and_reject_wrong_bases():
    X, Y = data(600, 11)
    Xs, Ys = X / X.mean(0), Y / Y.mean(0)
    eng = RadialEngine(Xs, Ys, rts=VRS)
    calls = []
    real = eng.solve
    eng.solve = lambda *a, **k: calls.append(1) or real(*a, **k)
    n = len(X)
    score, lam = np.full(n, np.nan), [None] * n

    def record(k, sol):
        score[k] = sol.score

    fs = _dea._frontier_pass(eng, Xs, Ys, np.arange(n), record, [str(i) for i in range(n)], rts=VRS,
                             orientation=INPUT, nd=None, lam=lam, score=score)
    np.testing.assert_allclose(score, plain(Xs, Ys, "vrs", "input"), atol=1e-9, rtol=0)
    assert len(calls) < n / 2  # most DMUs scored by a reused optimal basis
    # a basis that is optimal for one DMU is not certified for a DMU it does not fit
    k = int(np.argmin(score))
    eng.solve(Xs[k], Ys[k], self_index=k)
    again = fs.count
    assert len(fs.add_many([basis_of(eng, k)])) == 0 and fs.count == again  # already stored: not twice
    fs._names.clear()  # forget the names to store it once more, as its own facet
    f = fs.add_many([basis_of(eng, k)])
    assert len(f) == 1
    b, fac = fs.best_bound(f, fs.T, fs.R)
    ok, sc, _ = fs.certify(np.arange(n), fac, b)
    assert ok[k] and sc[k] == pytest.approx(score[k], abs=1e-12)
    assert not ok.all()
    np.testing.assert_allclose(sc[ok], score[ok], atol=1e-9, rtol=0)
    assert (b <= score + 1e-9).all()  # weak duality: every facet bounds every DMU from below


def test_not_dual_feasible_basis_is_refused():
    X, Y = data(200, 5)
    Xs, Ys = X / X.mean(0), Y / Y.mean(0)
    eng = RadialEngine(Xs, Ys, rts=VRS)
    fs = FacetSet(Xs, Ys, rts=VRS, orientation=INPUT, nd=None, cand=eng.cand)
    # θ with λ of the worst DMU and slacks of the output rows: prices out the frontier
    k = 0
    worst = int(np.argmin(Ys.sum(1) / Xs.sum(1)))
    assert len(fs.add_many([(k, np.array([worst]), np.array([0, 1, 3, 4, 5]))])) == 0


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["ccr", "bcc"]), st.sampled_from(["input", "output"]))
def test_property_frontier_equals_plain(seed, model, orientation):
    X, Y = data(120, seed, m=2, s=2, ties=seed % 3 == 0)
    a = dea(X, Y, model=model, orientation=orientation, slacks=False).efficiency.to_numpy()
    b = dea(X, Y, model=model, orientation=orientation, slacks=False, method="plain").efficiency.to_numpy()
    np.testing.assert_allclose(a, b, atol=1e-9, rtol=0)


def test_parallel_equals_single_process():
    X, Y = data(2400, 2)
    one = dea(X, Y, slacks=False)
    two = dea(X, Y, slacks=False, n_jobs=2)
    np.testing.assert_allclose(two.efficiency, one.efficiency, atol=1e-9, rtol=0)
    Xs, Ys = X / X.mean(0), Y / Y.mean(0)
    eng = RadialEngine(Xs, Ys, rts=VRS, full=True)
    for k in range(0, 2400, 97):
        assert one.efficiency.iloc[k] == pytest.approx(eng.solve(Xs[k], Ys[k], self_index=k).score, abs=1e-9)


@pytest.mark.parametrize("n,ties,jobs", [(50, False, 1), (3000, False, 1), (3000, False, 2), (1500, True, 2)])
def test_nondominated_equals_brute_force(n, ties, jobs):
    from innoscope.efficiency._engine import nondominated

    X, Y = data(n, 4, ties=ties)
    Z = np.hstack([-X, Y])
    dominated = np.array([((Z >= Z[i]).all(1) & (Z > Z[i]).any(1)).any() for i in range(n)])
    assert sorted(nondominated(X, Y, jobs=jobs).tolist()) == np.flatnonzero(~dominated).tolist()


@pytest.mark.parametrize("how", ["short simplex", "no simplex", "no vertex pool"])
def test_fallbacks_give_the_same_scores(monkeypatch, how):
    """Whatever the dual simplex leaves open (iteration cap, missing columns) HiGHS solves."""
    from innoscope.efficiency import _facets

    if how == "short simplex":
        real = _facets.dual_simplex
        monkeypatch.setattr(_dea, "dual_simplex", lambda *a, **k: real(*a, **{**k, "max_iter": 2}))
    elif how == "no simplex":
        monkeypatch.setattr(_dea, "_WARM", -1)
    else:
        monkeypatch.setattr(_dea, "vertex_pool", lambda X, Y, cand, rts: np.zeros(0, dtype=np.int64))
    X, Y = data(400, 9)
    Xs, Ys = X / X.mean(0), Y / Y.mean(0)
    for orientation in ("input", "output"):
        got, lam, _, _ = _dea.radial_scores(Xs, Ys, rts=VRS, orientation=Orientation(orientation))
        np.testing.assert_allclose(got, plain(Xs, Ys, "vrs", orientation), atol=1e-9, rtol=0)
        assert all(lam[k] is not None for k in range(400))


@pytest.mark.parametrize("model,orientation", [("bcc", "input"), ("bcc", "output"), ("ccr", "input")])
def test_slacks_after_frontier_pass_equal_plain(model, orientation):
    """Phase II (max slacks) runs on the peers found in phase I; its optimum is the plain one."""
    X, Y = data(300, 21)
    a = dea(X, Y, model=model, orientation=orientation, slacks=True)
    b = dea(X, Y, model=model, orientation=orientation, slacks=True, method="plain")
    np.testing.assert_allclose(a.efficiency, b.efficiency, atol=1e-9, rtol=0)
    tot_a = a.slacks_in.sum(axis=1) + a.slacks_out.sum(axis=1)
    tot_b = b.slacks_in.sum(axis=1) + b.slacks_out.sum(axis=1)
    np.testing.assert_allclose(tot_a, tot_b, atol=1e-6, rtol=1e-6)
    assert (a.status == b.status).all()
    for k in range(0, 300, 29):
        lam = a.lambdas[a.lambdas.dmu == a.efficiency.index[k]]
        w = np.zeros(300)
        w[[list(a.efficiency.index).index(q) for q in lam.peer]] = lam.weight
        np.testing.assert_allclose(w @ X, a.targets_in.iloc[k].to_numpy(), rtol=1e-8)
        np.testing.assert_allclose(w @ Y, a.targets_out.iloc[k].to_numpy(), rtol=1e-8)


@pytest.mark.parametrize("model,orientation", [("bcc", "input"), ("bcc", "output"), ("ccr", "input"),
                                               ("ccr", "output")])
def test_phase_two_reused_bases_equal_plain(model, orientation, monkeypatch):
    """Phase II solves a few DMUs by HiGHS and certifies the rest with stored bases; the sum of
    slacks (the phase-II optimum, unique) equals one full LP per DMU."""
    from innoscope.efficiency import _engine

    X, Y = data(500, 8)
    calls = []
    real = _engine.SlackEngine.solve
    monkeypatch.setattr(_engine.SlackEngine, "solve", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    a = dea(X, Y, model=model, orientation=orientation, slacks=True)
    n_frontier = len(calls)
    b = dea(X, Y, model=model, orientation=orientation, slacks=True, method="plain")
    assert len(calls) - n_frontier == 500  # plain: one LP per DMU
    assert n_frontier < 400  # most DMUs certified by a stored basis
    tot_a = (a.slacks_in.sum(axis=1) + a.slacks_out.sum(axis=1)).to_numpy()
    tot_b = (b.slacks_in.sum(axis=1) + b.slacks_out.sum(axis=1)).to_numpy()
    np.testing.assert_allclose(tot_a, tot_b, rtol=1e-9, atol=1e-9)
    assert (a.status == b.status).all()
    # lambdas is sparse: a basic solution has at most m + s (+ 1 for the convexity row) peers
    assert a.lambdas.groupby("dmu").size().max() <= 3 + 3 + (model == "bcc")
    assert list(a.lambdas.columns) == ["dmu", "peer", "weight"] and (a.lambdas.weight > 0).all()
    names = list(a.efficiency.index)
    for k in range(0, 500, 23):  # λ reproduces the targets of the certified solutions too
        lam = a.lambdas[a.lambdas.dmu == names[k]]
        w = np.zeros(500)
        w[[names.index(q) for q in lam.peer]] = lam.weight
        np.testing.assert_allclose(w @ X, a.targets_in.iloc[k].to_numpy(), rtol=1e-8)
        np.testing.assert_allclose(w @ Y, a.targets_out.iloc[k].to_numpy(), rtol=1e-8)
