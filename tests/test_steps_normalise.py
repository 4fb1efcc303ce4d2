"""Normalisation methods: hand-checked values, COINr conventions, hypothesis properties."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from innoscope.errors import ConfigError, MethodError
from innoscope.framework import load_framework
from innoscope.steps import Normalise, normalise


def panel(cols: dict, years=(2021,), regions=None) -> pd.DataFrame:
    n = len(next(iter(cols.values()))) // len(years)
    regions = regions or [f"R{i}" for i in range(n)]
    idx = pd.MultiIndex.from_product([regions, list(years)], names=["region", "year"])
    return pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in cols.items()}, index=idx)


FW = load_framework(pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"],
                                  "direction": [1, 1, -1]}))


def test_minmax_with_negative_direction():
    X = panel({"a": [1, 2, 4, 5], "b": [1, 2, 4, 5]})
    N = normalise(X, FW, method="minmax", range=(0, 1))
    assert N["a"].tolist() == [0.0, 0.25, 0.75, 1.0]
    # (max − x)/(max − min)
    assert N["b"].tolist() == [1.0, 0.75, 0.25, 0.0]


def test_minmax_constant_column_gets_midpoint_and_missing_stays_missing():
    X = panel({"a": [3, 3, np.nan], "b": [1, np.nan, 3]})
    N = normalise(X, method="minmax")
    assert N["a"].iloc[:2].tolist() == [50.0, 50.0] and np.isnan(N["a"].iloc[2])
    assert N["b"].iloc[0] == 0.0 and np.isnan(N["b"].iloc[1]) and N["b"].iloc[2] == 100.0


def test_zscore_uses_sample_sd_like_coinr():
    x = np.array([2.0, 4.0, 4.0, 5.0, 10.0])
    N = normalise(panel({"a": x}), method="zscore", mean=10, sd=2)
    expected = (x - x.mean()) / x.std(ddof=1) * 2 + 10
    np.testing.assert_allclose(N["a"], expected)


def test_rank_and_percentile_ties_at_minimum():
    X = panel({"a": [10, 20, 20, 30, np.nan]})
    assert normalise(X, method="rank")["a"].iloc[:4].tolist() == [1, 2, 2, 4]
    # (rank − 1)/(n − 1) with n = 4 available values
    np.testing.assert_allclose(normalise(X, method="percentile")["a"].iloc[:4],
                               [0.0, 1 / 3, 1 / 3, 1.0])


def test_percentile_direction_reversed():
    X = panel({"a": [1, 2, 3], "b": [1, 2, 3]})
    N = normalise(X, FW, method="percentile")
    assert N["b"].tolist() == [1.0, 0.5, 0.0]


def test_fracmax_share_and_their_negative_forms():
    X = panel({"a": [1, 2, 4], "b": [1, 2, 4]})
    N = normalise(X, FW, method="fracmax")
    assert N["a"].tolist() == [0.25, 0.5, 1.0]
    assert N["b"].tolist() == [1.0, 0.5, 0.25]  # min/x
    S = normalise(X, FW, method="share")
    np.testing.assert_allclose(S["a"], [1 / 7, 2 / 7, 4 / 7])
    np.testing.assert_allclose(S["b"], [4 / 7, 2 / 7, 1 / 7])  # (1/x)/Σ(1/x) = (1, .5, .25)/1.75


def test_fracmax_rejects_nonpositive_for_negative_indicator_naming_cell():
    X = panel({"a": [1, 2, 4], "b": [0, 2, 4]}, regions=["P", "Q", "S"])
    with pytest.raises(MethodError, match="region P, year 2021, indicator b"):
        normalise(X, FW, method="fracmax")


def test_efficacy_60_plus_40():
    N = normalise(panel({"a": [0, 5, 10]}), method="efficacy")
    assert N["a"].tolist() == [60.0, 80.0, 100.0]


def test_target_distance_capped_and_goalposts():
    X = panel({"a": [0, 50, 100, 150], "b": [0, 50, 100, 150]})
    # a: (x − min)/(target − min) capped at 1; b (negative): (max − x)/(max − target)
    N = normalise(X, FW, method="target", range=(0, 1), target=100)
    assert N["a"].tolist() == [0.0, 0.5, 1.0, 1.0]
    assert N["b"].tolist() == [1.0, 1.0, 1.0, 0.0]  # (150 − x)/(150 − 100), capped
    G = normalise(X, FW, method="target", range=(0, 100), target={"a": (25, 125), "b": (25, 125)})
    assert G["a"].tolist() == [0.0, 25.0, 75.0, 100.0]
    assert G["b"].tolist() == [100.0, 75.0, 25.0, 0.0]


def test_target_missing_is_a_config_error():
    with pytest.raises(ConfigError, match="indicator a"):
        normalise(panel({"a": [1, 2, 3]}), method="target")


def test_per_year_versus_pooled():
    X = panel({"a": [1, 2, 3, 5]}, years=(2020, 2021), regions=["P", "Q"])
    per_year = normalise(X, method="minmax", range=(0, 1))
    assert per_year["a"].tolist() == [0.0, 0.0, 1.0, 1.0]
    pooled = normalise(X, method="minmax", range=(0, 1), pooled=True)
    assert pooled["a"].tolist() == [0.0, 0.25, 0.5, 1.0]


def test_overrides_per_indicator():
    X = panel({"a": [1, 2, 3], "b": [1, 2, 3]})
    N = normalise(X, method="minmax", overrides={"b": {"method": "rank"}})
    assert N["a"].tolist() == [0.0, 50.0, 100.0]
    assert N["b"].tolist() == [1.0, 2.0, 3.0]


def test_transform_on_an_unseen_year_is_an_error():
    est = Normalise().fit(panel({"a": [1, 2, 3]}, years=(2020,)))
    with pytest.raises(MethodError, match="year 2021"):
        est.transform(panel({"a": [1, 2, 3]}, years=(2021,)))
    # pooled statistics apply to any year
    est = Normalise(pooled=True, range=(0, 1)).fit(panel({"a": [1, 2, 3]}, years=(2020,)))
    assert est.transform(panel({"a": [2, 3, 4]}, years=(2021,)))["a"].tolist() == [0.5, 1.0, 1.5]


def test_stats_table_and_unknown_method():
    X = panel({"a": [1, 2, 3]})
    est = Normalise().fit(X)
    assert est.stats_.loc[("max", 2021), "a"] == 3.0
    with pytest.raises(ConfigError, match="did you mean 'minmax'"):
        Normalise(method="minmx").fit(X)


def test_asem_minmax_reproduces_published_index(asem_paths):
    from innoscope.index import Index

    r = Index().fit(*asem_paths)
    top = r.index.droplevel("year").nlargest(6).round(2)
    assert top.to_dict() == {"DEU": 75.23, "GBR": 68.94, "FRA": 65.92, "CHE": 62.61,
                             "NLD": 61.24, "SWE": 60.59}


finite = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.integers(2, 30), elements=finite),
       st.tuples(st.floats(-100, 100), st.floats(0.5, 100)))
def test_minmax_within_bounds(x, lu):
    lo, width = lu
    N = normalise(panel({"a": x}), method="minmax", range=(lo, lo + width))["a"]
    assert (N >= lo - 1e-9).all() and (N <= lo + width + 1e-9).all()
    if np.ptp(x) > 0:
        assert np.isclose(N.min(), lo) and np.isclose(N.max(), lo + width)


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.integers(2, 30), elements=st.floats(-50, 50, allow_nan=False)))
def test_rank_and_percentile_invariant_under_monotone_transform(x):
    X = panel({"a": x})
    Y = panel({"a": np.exp(x / 10) * 3 + 1})  # strictly increasing map
    for m in ("rank", "percentile"):
        a, b = normalise(X, method=m)["a"], normalise(Y, method=m)["a"]
        # exp may merge values closer than machine precision: compare where order is kept
        if len(np.unique(np.exp(x / 10) * 3 + 1)) == len(np.unique(x)):
            np.testing.assert_array_equal(a.to_numpy(), b.to_numpy())


def test_year_groups_sorted_by_year_whatever_the_level_order():
    from innoscope.steps._common import year_groups

    idx = pd.MultiIndex(levels=[["P", "Q"], [2021, 2019, 2020]],
                        codes=[[0, 0, 1, 1, 1], [0, 1, 0, 1, 0]], names=["region", "year"])
    groups = year_groups(idx)
    assert [k for k, _ in groups] == [2019, 2021]
    assert [r.tolist() for _, r in groups] == [[1, 3], [0, 2, 4]]
    assert [(k, r.tolist()) for k, r in year_groups(idx, pooled=True)] == [("pooled", [0, 1, 2, 3, 4])]


def test_transform_needs_the_fitted_columns():
    X = panel({"a": [1, 2, 3], "b": [3, 2, 1]}, years=(2020,))
    est = Normalise().fit(X)
    with pytest.raises(MethodError, match="fitted on a, b"):
        est.transform(X[["b", "a"]])
