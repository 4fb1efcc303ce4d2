"""Aggregation: power means, per-node overrides, the positivity check and TOPSIS."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innoscope.errors import MethodError
from innoscope.framework import load_framework
from innoscope.steps import Aggregate, aggregate
from innoscope.steps._aggregate import topsis

FW = load_framework(pd.DataFrame({
    "code": ["idx", "p1", "p2", "a", "b", "c", "d"],
    "parent": [None, "idx", "idx", "p1", "p1", "p2", "p2"],
    "weight": [1, 1, 1, 1, 3, 1, 1]}))


def X_(rows, regions=None, year=2021):
    regions = regions or [f"R{i}" for i in range(len(rows))]
    idx = pd.MultiIndex.from_product([regions, [year]], names=["region", "year"])
    return pd.DataFrame(np.asarray(rows, float), index=idx, columns=list("abcd"))


def test_power_means_hand_values():
    X = X_([[1, 16, 4, 9]])
    # p1 weights (1/4, 3/4)
    assert aggregate(X, FW)["p1"].iloc[0] == pytest.approx(0.25 * 1 + 0.75 * 16)
    assert aggregate(X, FW, method="geometric")["p1"].iloc[0] == pytest.approx(16 ** 0.75)
    assert aggregate(X, FW, method="harmonic")["p1"].iloc[0] == pytest.approx(1 / (0.25 + 0.75 / 16))
    g2 = aggregate(X, FW, method="generalised", p=2)["p2"].iloc[0]
    assert g2 == pytest.approx(np.sqrt((16 + 81) / 2))
    g0 = aggregate(X, FW, method="generalised", p=0)["p2"].iloc[0]
    assert g0 == pytest.approx(6.0)


def test_per_node_override_and_missing_children():
    X = X_([[4, 4, 1, np.nan]])
    out = aggregate(X, FW, overrides={"p1": "geometric"})
    assert out["p2"].iloc[0] == 1.0  # missing d skipped, weights renormalise
    assert Aggregate(overrides={"p1": "geometric"}).fit(X, FW).methods_ == {
        "p1": "geometric", "p2": "arithmetic", "idx": "arithmetic"}
    strict = aggregate(X, FW, min_availability=1.0)
    assert np.isnan(strict["p2"].iloc[0])


def test_geometric_rejects_nonpositive_before_work_naming_cells():
    X = X_([[1, 2, 3, 4], [0, 2, 3, -1]], regions=["P", "Q"])
    with pytest.raises(MethodError) as exc:
        aggregate(X, FW, overrides={"p2": "harmonic", "p1": "geometric"})
    text = "\n".join(exc.value.problems)
    assert "region Q, year 2021, indicator a" in text
    assert "region Q, year 2021, indicator d" in text
    assert "min-max to [1, 100]" in text


def test_topsis_hand_case():
    # norms 5 and 5: r = (.6,.8), (.8,.6), (0,0); v = r/2; A+ = (.4,.4), A- = (0,0)
    # D+ = 0.1, D- = 0.5 → C = 5/6 for the first two; the third is the anti-ideal → 0
    c = topsis([[3, 4], [4, 3], [0, 0]], [1, 1])
    np.testing.assert_allclose(c, [5 / 6, 5 / 6, 0.0])


def test_topsis_published_papathanasiou_ploskas_2018():
    # Papathanasiou & Ploskas (2018), TOPSIS, in Multiple Criteria Decision Aid, Springer:
    # six alternatives, four benefit criteria, vector normalisation
    X = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    c = topsis(X, [0.4, 0.3, 0.1, 0.2])
    np.testing.assert_allclose(c, [0.387, 0.327, 0.391, 0.615, 0.868, 0.493], atol=5e-4)


def _topsis_reference(X, w):
    X = np.asarray(X, float)
    R = X / np.sqrt((X ** 2).sum(axis=0))
    V = R * (np.asarray(w) / np.sum(w))
    ap, am = V.max(axis=0), V.min(axis=0)
    dp = np.sqrt(((V - ap) ** 2).sum(axis=1))
    dm = np.sqrt(((V - am) ** 2).sum(axis=1))
    return dm / (dp + dm)


def test_topsis_matches_reference_on_random_data():
    rng = np.random.default_rng(11)
    X = rng.uniform(1, 100, size=(15, 5))
    w = rng.uniform(0.5, 2, size=5)
    np.testing.assert_allclose(topsis(X, w), _topsis_reference(X, w))


def test_topsis_as_whole_index_alternative():
    rng = np.random.default_rng(2)
    X = X_(rng.uniform(0, 100, size=(10, 4)))
    est = Aggregate(method="topsis").fit(X, FW)
    out = est.transform(X)
    assert est.methods_ == {"p1": "arithmetic", "p2": "arithmetic", "idx": "topsis"}
    # indicator weights = products along the path: a 1/8, b 3/8, c 1/4, d 1/4
    np.testing.assert_allclose(out["idx"], _topsis_reference(X.to_numpy(), [1 / 8, 3 / 8, 1 / 4, 1 / 4]))
    np.testing.assert_allclose(out["p1"], X["a"] * 0.25 + X["b"] * 0.75)
    assert ((out["idx"] >= 0) & (out["idx"] <= 1)).all()


def test_topsis_per_year():
    idx = pd.MultiIndex.from_tuples([("P", 2020), ("Q", 2020), ("P", 2021), ("Q", 2021)],
                                    names=["region", "year"])
    X = pd.DataFrame([[1, 1, 1, 1], [2, 2, 2, 2], [5, 5, 5, 5], [9, 9, 9, 9]], index=idx,
                     columns=list("abcd"), dtype=float)
    out = aggregate(X, FW, method="topsis")["idx"]
    assert out.tolist() == [0.0, 1.0, 0.0, 1.0]
