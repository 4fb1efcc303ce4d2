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
    r = theil(x, groups)
    assert r.between + r.within == pytest.approx(r.T, abs=1e-9)
    assert r.T >= -1e-12


def test_theil_mexico_matches_direct_formula():
    x = pd.read_csv(MEXICO)["pcgdp1940"].to_numpy()
    mu = x.mean()
    assert theil(x).T == pytest.approx(np.mean(x / mu * np.log(x / mu)))
