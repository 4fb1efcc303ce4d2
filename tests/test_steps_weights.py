"""Weights: entropy, 熵值法, CRITIC, PCA, AHP — published and hand-checked values."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from innoscope.errors import ConfigError, MethodError
from innoscope.framework import load_framework
from innoscope.steps import Aggregate, Normalise, Weight, weights
from innoscope.steps._weights_ahp import ahp_weights
from innoscope.steps._weights_critic import critic_weights
from innoscope.steps._weights_entropy import entropy_weights
from innoscope.steps._weights_pca import pca_weights


def test_entropy_cn_published_case():
    # 熵值法 on min-max data, 0·ln0 = 0: the case quoted in the method catalogue
    w = entropy_weights([[1, 10], [2, 20], [3, 60]], variant="cn")
    np.testing.assert_allclose(w, [0.416249, 0.583751], atol=5e-7)


def test_entropy_raw_hand_case():
    # column 1 uniform → e = 1, d = 0; column 2 p = (.25, .75) → all weight
    np.testing.assert_allclose(entropy_weights([[1, 1], [1, 3]], variant="raw"), [0.0, 1.0])


def _entropy_reference(X):
    X = np.asarray(X, float)
    n = len(X)
    out = []
    for col in X.T:
        p = col / col.sum()
        e = -sum(pi * np.log(pi) for pi in p if pi > 0) / np.log(n)
        out.append(1 - e)
    out = np.array(out)
    return out / out.sum()


def test_entropy_raw_matches_reference_and_rejects_negatives():
    X = np.random.default_rng(3).uniform(0, 10, size=(12, 4))
    np.testing.assert_allclose(entropy_weights(X), _entropy_reference(X))
    with pytest.raises(MethodError, match="≥ 0"):
        entropy_weights([[1, -1], [2, 3]])


def test_entropy_raw_published_xu_2004():
    # Xu, X. (2004), A note on the subjective and objective integrated approach to determine
    # attribute weights, EJOR 156(2), 530-532: entropy weights 0.4630, 0.3992, 0.1378, 0.0000
    X = [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]]
    np.testing.assert_allclose(entropy_weights(X), [0.4630, 0.3992, 0.1378, 0.0000], atol=5e-5)


def test_critic_published_tus_adali_2019():
    # Tuş & Aytaç Adalı (2019), CRITIC and WASPAS for time and attendance software selection,
    # OPSEARCH 56(2), 528-538: CRITIC weights on the min-max scaled decision matrix
    X = [[5000, 3, 3, 4, 3, 2], [680, 5, 3, 2, 2, 1], [2000, 3, 2, 3, 4, 3],
         [600, 4, 3, 1, 2, 2], [800, 2, 4, 3, 3, 4]]
    np.testing.assert_allclose(critic_weights(X), [0.157, 0.249, 0.168, 0.121, 0.154, 0.151],
                               atol=5e-4)


def test_critic_hand_case():
    # a and b identical (r = 1), c reversed (r = −1): C_a = σ(0 + 2) = C_b, C_c = σ(2 + 2)
    a = np.array([0.0, 1.0, 2.0, 5.0])
    X = np.column_stack([a, a, a.max() - a])
    np.testing.assert_allclose(critic_weights(X), [0.25, 0.25, 0.5])


def test_critic_matches_reference():
    X = np.random.default_rng(5).normal(size=(20, 4))
    Z = (X - X.min(0)) / (X.max(0) - X.min(0))
    sd = Z.std(0, ddof=1)
    R = np.corrcoef(Z.T)
    C = np.array([sd[j] * sum(1 - R[j, k] for k in range(4)) for j in range(4)])
    np.testing.assert_allclose(critic_weights(X), C / C.sum())


def test_pca_matches_svd_of_standardised_data():
    rng = np.random.default_rng(7)
    f = rng.normal(size=50)
    X = np.column_stack([f + rng.normal(scale=s, size=50) for s in (0.2, 0.5, 1.0)])
    Z = (X - X.mean(0)) / X.std(0, ddof=1)
    v = np.abs(np.linalg.svd(Z, full_matrices=False)[2][0])
    np.testing.assert_allclose(pca_weights(X), v / v.sum())
    w = pca_weights(X)
    assert w[0] > w[1] > w[2]  # the least noisy column loads most


def test_ahp_saaty_example():
    # Saaty's 3×3 example: w ≈ (0.637, 0.258, 0.105), λmax ≈ 3.039, CR ≈ 0.033
    w, cr = ahp_weights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    np.testing.assert_allclose(w, [0.6370, 0.2583, 0.1047], atol=1e-4)
    assert cr == pytest.approx(0.0332, abs=1e-3)
    # a perfectly consistent matrix gives its column ratios and CR = 0
    w, cr = ahp_weights([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]])
    np.testing.assert_allclose(w, [4 / 7, 2 / 7, 1 / 7])
    assert cr == pytest.approx(0.0, abs=1e-9)


def test_ahp_rejects_inconsistent_and_non_reciprocal():
    with pytest.raises(ConfigError, match="consistency ratio"):
        ahp_weights([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    with pytest.raises(ConfigError, match="reciprocal"):
        ahp_weights([[1, 3], [3, 1]])


FW = load_framework(pd.DataFrame({
    "code": ["idx", "p1", "p2", "a", "b", "c", "d"],
    "parent": [None, "idx", "idx", "p1", "p1", "p2", "p2"],
    "weight": [1, 2, 1, 1, 1, 1, 3]}))


def _data(seed=0, n=8):
    rng = np.random.default_rng(seed)
    idx = pd.MultiIndex.from_product([[f"R{i}" for i in range(n)], [2021]],
                                     names=["region", "year"])
    return pd.DataFrame(rng.uniform(1, 10, size=(n, 4)), index=idx, columns=list("abcd"))


def test_framework_equal_and_overrides():
    X = _data()
    w = weights(X, FW)
    assert w["p1"] == pytest.approx(2 / 3) and w["d"] == 0.75 and w["idx"] == 1.0
    e = weights(X, FW, method="equal")
    assert e["p1"] == e["p2"] == 0.5 and e["c"] == 0.5
    o = weights(X, FW, method="equal", overrides={"a": 3})
    assert o["a"] == 0.75 and o["b"] == 0.25


@pytest.mark.parametrize("method", ["entropy", "entropy_cn", "critic", "pca"])
def test_data_driven_within_each_parent(method):
    X = Normalise().fit_transform(_data(1), FW)
    w = weights(X, FW, method=method)
    for parent in ("idx", "p1", "p2"):
        kids = list(FW.children(parent))
        assert w[kids].sum() == pytest.approx(1.0)
    # leaf weights come from the parent's block only
    f = {"entropy": lambda M: entropy_weights(M), "entropy_cn": lambda M: entropy_weights(M, variant="cn"),
         "critic": critic_weights, "pca": pca_weights}[method]
    np.testing.assert_allclose(w[["c", "d"]], f(X[["c", "d"]].to_numpy()))
    # the top level uses the children's arithmetic aggregates with these weights
    p1 = X[["a", "b"]].to_numpy() @ w[["a", "b"]].to_numpy()
    p2 = X[["c", "d"]].to_numpy() @ w[["c", "d"]].to_numpy()
    np.testing.assert_allclose(w[["p1", "p2"]], f(np.column_stack([p1, p2])))


def test_ahp_from_config_with_fractions():
    X = _data()
    ahp = {"idx": {"children": ["p2", "p1"], "matrix": [[1, "1/3"], [3, 1]]}}
    w = weights(X, FW, method="ahp", ahp=ahp)
    assert w["p1"] == pytest.approx(0.75) and w["p2"] == pytest.approx(0.25)
    assert w["d"] == 0.75  # no matrix: framework weights
    with pytest.raises(ConfigError, match="not an aggregate"):
        weights(X, FW, method="ahp", ahp={"zz": [[1]]})
    with pytest.raises(ConfigError, match="consistency ratio"):
        fw3 = load_framework(pd.DataFrame({"code": ["r", "a", "b", "c"], "parent": [None, "r", "r", "r"]}))
        X3 = _data()[["a", "b", "c"]]
        weights(X3, fw3, method="ahp", ahp={"r": [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]})


@settings(max_examples=40, deadline=None)
@given(arrays(float, (6, 4), elements=st.floats(0, 100, allow_nan=False)))
def test_equal_weights_arithmetic_is_the_mean(values):
    fw = load_framework(pd.DataFrame({"code": ["r", "a", "b", "c", "d"],
                                      "parent": [None, "r", "r", "r", "r"]}))
    idx = pd.MultiIndex.from_product([[f"R{i}" for i in range(6)], [2021]], names=["region", "year"])
    X = pd.DataFrame(values, index=idx, columns=list("abcd"))
    w = Weight(method="equal").fit(X, fw).weights_
    s = Aggregate().fit(X, fw, w).transform(X)["r"]
    np.testing.assert_allclose(s, values.mean(axis=1), rtol=1e-12, atol=1e-12)
