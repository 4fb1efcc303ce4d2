from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innoscope.disparity import coefficient_of_variation, gini, theil
from innoscope.errors import MethodError

from .conftest import TEST_DATA

MEXICO = TEST_DATA / "inequality" / "inequality_mexico_pcgdp.csv"


def test_gini_mexico_1940_published():
    # PySAL inequality documents Gini 1940 = 0.35372371 on this data
    df = pd.read_csv(MEXICO)
    assert gini(df["pcgdp1940"]) == pytest.approx(0.35372371, abs=1e-8)


def test_gini_equals_pairwise_definition():
    x = np.array([3.0, 1.0, 7.0, 2.0, 9.0])
    expected = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert gini(x) == pytest.approx(expected)


def test_cv_population_and_sample():
    assert coefficient_of_variation([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(2 / 5)
    assert coefficient_of_variation([1, 2, 3], ddof=1) == pytest.approx(1 / 2)
    with pytest.raises(MethodError, match="zero mean"):
        coefficient_of_variation([1, -1])
    with pytest.raises(MethodError, match="missing"):
        coefficient_of_variation([1, np.nan])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.1, 1e5), min_size=4, max_size=40))
def test_theil_decomposition_is_exact(values):
    x = np.array(values)
    groups = np.arange(len(x)) % 3
    r = theil(x, groups=groups)
    assert r.between + r.within == pytest.approx(r.T, abs=1e-9)
    assert r.T >= -1e-12


def test_theil_mexico_matches_direct_formula():
    x = pd.read_csv(MEXICO)["pcgdp1940"].to_numpy()
    mu = x.mean()
    assert theil(x).T == pytest.approx(np.mean(x / mu * np.log(x / mu)))


# --- published values: PySAL inequality on Mexico's 32 states, 1940–2000 (hanson98 regions) ---

DECADES = [f"pcgdp{y}" for y in range(1940, 2010, 10)]
PYSAL_THEIL_T = [0.20894344, 0.15222451, 0.10472941, 0.10194725, 0.09560113, 0.10511256, 0.10660832]
PYSAL_THEIL_BG = [0.0345889, 0.02816853, 0.05260921, 0.05931219, 0.03205257, 0.02963731, 0.03635872]
PYSAL_THEIL_WG = [0.17435454, 0.12405598, 0.0521202, 0.04263506, 0.06354856, 0.07547525, 0.0702496]


@pytest.mark.parametrize("i", range(7))
def test_theil_mexico_published(i):
    df = pd.read_csv(MEXICO)
    r = theil(df[DECADES[i]], groups=df["hanson98"])
    assert r.total == pytest.approx(PYSAL_THEIL_T[i], abs=1e-8)
    assert r.between == pytest.approx(PYSAL_THEIL_BG[i], abs=1e-7)
    assert r.within == pytest.approx(PYSAL_THEIL_WG[i], abs=1e-7)


def test_theil_without_groups_is_one_group():
    r = theil([1.0, 2.0, 4.0])
    assert (r.between, r.within) == (0.0, r.total)
    assert r.T == r.total
    assert list(r.to_frame()["statistic"]) == ["total", "between", "within"]


def test_theil_l_is_mean_log_deviation_and_decomposes():
    x = np.array([1.0, 2.0, 3.0, 10.0, 20.0])
    g = ["a", "a", "b", "b", "b"]
    r = theil(x, kind="L", groups=g)
    assert r.total == pytest.approx(np.mean(np.log(x.mean() / x)))
    xa, xb = x[:2], x[2:]
    between = 2 / 5 * np.log(x.mean() / xa.mean()) + 3 / 5 * np.log(x.mean() / xb.mean())
    assert r.between == pytest.approx(between)
    assert r.between + r.within == pytest.approx(r.total)


def test_theil_refuses_zero_and_unknown_kind():
    with pytest.raises(MethodError, match="> 0"):
        theil([0.0, 1.0])
    with pytest.raises(MethodError, match="kind"):
        theil([1.0, 2.0], kind="X")
    with pytest.raises(MethodError, match="groups="):
        theil([1.0, 2.0], ["a", "b"])


def test_gini_refuses_negatives():
    with pytest.raises(MethodError, match="≥ 0"):
        gini([-1.0, 2.0, 3.0])


def test_weighted_cv():
    # weights that repeat values equal the unweighted CV of the repeated sample
    assert coefficient_of_variation([1, 2, 5], weights=[2, 1, 3]) == pytest.approx(
        coefficient_of_variation([1, 1, 2, 5, 5, 5]))
    with pytest.raises(MethodError, match="ddof=0"):
        coefficient_of_variation([1, 2], ddof=1, weights=[1, 1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_subnormal=False), min_size=2, max_size=40).filter(lambda v: sum(v) > 1e-9),
       st.floats(1e-3, 1e3))
def test_gini_in_unit_interval_and_scale_invariant(values, k):
    x = np.array(values)
    g = gini(x)
    assert 0 <= g < 1
    assert gini(k * x) == pytest.approx(g, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 1e5), min_size=3, max_size=40), st.integers(1, 5),
       st.sampled_from(["T", "L"]), st.floats(1e-3, 1e3))
def test_theil_decomposition_sums_to_total_and_is_scale_invariant(values, k, kind, scale):
    x = np.array(values)
    groups = np.arange(len(x)) % k
    r = theil(x, kind=kind, groups=groups)
    assert r.between + r.within == pytest.approx(r.total, abs=1e-9)
    assert theil(scale * x, kind=kind).total == pytest.approx(r.total, abs=1e-9)
