from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innoscope.errors import ConfigError, FrameworkError
from innoscope.framework import load_framework
from innoscope.index import Index, build_index, rank_scores

# COINr JOSS paper (Becker et al. 2022), ASEM example, min-max [0,100] + arithmetic means
PUBLISHED = {"DEU": 75.23, "GBR": 68.94, "FRA": 65.92, "CHE": 62.61, "NLD": 61.24, "SWE": 60.59}


@pytest.fixture(scope="module")
def asem(asem_paths):
    return Index().fit(asem_paths[0], asem_paths[1]), asem_paths


def test_asem_reproduces_coinr_published_index(asem):
    res, _ = asem
    top = res.index.xs(2018, level="year").sort_values(ascending=False).head(6).round(2)
    assert top.to_dict() == PUBLISHED


def test_asem_every_level_matches_independent_computation(asem):
    """Recompute every node with plain pandas straight from the iMeta/iData files."""
    res, (data_path, meta_path) = asem
    meta = pd.read_csv(meta_path)
    data = pd.read_csv(data_path).set_index("uCode")
    ind = meta[meta["Type"] == "Indicator"]
    vals = {}
    for _, row in ind.iterrows():
        x = data[row["iCode"]].astype(float) * row["Direction"]
        vals[row["iCode"]] = (x - x.min()) / (x.max() - x.min()) * 100
    agg = meta[meta["Type"] == "Aggregate"].sort_values("Level")
    for _, row in agg.iterrows():
        kids = meta[meta["Parent"] == row["iCode"]]
        block = pd.DataFrame({k: vals[k] for k in kids["iCode"]})
        w = kids.set_index("iCode")["Weight"].astype(float)
        num = (block * w).sum(axis=1, min_count=1)
        den = block.notna().mul(w).sum(axis=1)
        vals[row["iCode"]] = num / den
    got = res.scores.xs(2018, level="year")
    for code, expected in vals.items():
        np.testing.assert_allclose(got[code].reindex(expected.index), expected, rtol=1e-12, atol=1e-9,
                                   err_msg=code)


def test_refit_from_params_reproduces_exactly(asem):
    res, (data_path, meta_path) = asem
    again = Index(**res.params).fit(data_path, meta_path)
    pd.testing.assert_frame_equal(again.scores, res.scores)


def test_params_round_trip_and_nested_keys():
    idx = Index().set_params(normalise__method="zscore", normalise__sd=10, aggregate__p=2)
    p = idx.get_params()
    assert p["normalise__method"] == "zscore" and p["normalise__sd"] == 10
    with pytest.raises(ConfigError, match="did you mean 'normalise'"):
        Index().set_params(normalize__method="zscore")


def test_zscore_matches_coinr_n_zscore():
    fw = load_framework(pd.DataFrame({"code": ["idx", "a"], "parent": [None, "idx"]}))
    data = pd.DataFrame({"region": list("PQRS"), "year": 2020, "a": [1.0, 2.0, 3.0, 10.0]})
    res = build_index(data, fw, normalise__method="zscore", normalise__mean=10, normalise__sd=2)
    x = np.array([1.0, 2.0, 3.0, 10.0])
    expected = (x - x.mean()) / x.std(ddof=1) * 2 + 10
    np.testing.assert_allclose(res.scores["a"].to_numpy(), expected)


def test_ranks_min_ties_per_year():
    scores = pd.DataFrame({"x": [3.0, 3.0, 1.0, 5.0, 2.0, 2.0]},
                          index=pd.MultiIndex.from_tuples(
                              [("A", 1), ("B", 1), ("C", 1), ("A", 2), ("B", 2), ("C", 2)],
                              names=["region", "year"]))
    assert rank_scores(scores)["x"].tolist() == [1, 1, 3, 1, 2, 2]


def test_missing_indicator_error_or_drop():
    fw = load_framework(pd.DataFrame({"code": ["idx", "g", "h", "a", "b", "c"],
                                      "parent": [None, "idx", "idx", "g", "g", "h"]}))
    data = pd.DataFrame({"region": list("PQR"), "year": 2021, "a": [1.0, 2, 3], "b": [3.0, 2, 1]})
    with pytest.raises(FrameworkError, match="'c'"):
        Index().fit(data, fw)
    res = Index(missing_indicators="drop").fit(data, fw)
    assert set(res.dropped) == {"c", "h"}
    assert res.weights["g"] == 1.0
    np.testing.assert_allclose(res.index.to_numpy(), [50.0, 50.0, 50.0])


def test_missing_children_skipped_with_min_availability():
    fw = load_framework(pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"],
                                      "weight": [1, 1, 3]}))
    data = pd.DataFrame({"region": list("PQR"), "year": 2021, "a": [0.0, 5, 10], "b": [0.0, np.nan, 10]})
    res = build_index(data, fw)
    assert res.index.tolist() == [0.0, 50.0, 100.0]
    res2 = build_index(data, fw, aggregate__min_availability=1.0)
    assert np.isnan(res2.index.iloc[1])


def test_node_aggregation_override():
    fw = load_framework(pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"],
                                      "aggregation": ["geometric", None, None]}))
    data = pd.DataFrame({"region": list("PQR"), "year": 2021, "a": [1.0, 2, 3], "b": [3.0, 1, 2]})
    res = build_index(data, fw, normalise__range=(1, 100))
    a, b = res.scores["a"].to_numpy(), res.scores["b"].to_numpy()
    np.testing.assert_allclose(res.index.to_numpy(), np.sqrt(a * b))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=3, max_size=30, unique=True),
       st.tuples(st.floats(-50, 50), st.floats(1, 100)))
def test_minmax_within_range_and_equal_weights_mean(values, lohi):
    lo, span = lohi
    hi = lo + span
    n = len(values)
    fw = load_framework(pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"]}))
    data = pd.DataFrame({"region": [f"r{i}" for i in range(n)], "year": 2021,
                         "a": values, "b": values[::-1]})
    res = build_index(data, fw, normalise__range=(lo, hi), weights__method="equal")
    s = res.scores
    assert ((s[["a", "b"]] >= lo - 1e-9) & (s[["a", "b"]] <= hi + 1e-9)).all().all()
    np.testing.assert_allclose(s["idx"], (s["a"] + s["b"]) / 2, rtol=1e-12, atol=1e-9)


def test_imputed_cells_listed_with_their_filled_value(asem_paths):
    res = build_index(asem_paths[0], asem_paths[1], impute__method="mean")
    imp = res.imputed_frame()
    assert list(imp.columns) == ["region", "year", "indicator", "value"]
    assert len(imp) == int(res.raw.isna().to_numpy().sum())
    row = imp.iloc[0]
    column = res.raw[row["indicator"]]
    assert row["value"] == pytest.approx(column.mean())


def _pivot_wide(long, indicators=None):
    wide = long.pivot(index=["region", "year"], columns="indicator", values="value")
    wide.columns.name = None
    if indicators is not None:
        wide = wide.reindex(columns=list(indicators))
    return wide.sort_index().astype(float)


@pytest.mark.parametrize("indicators", [None, ["b", "a"], ["a", "zz", "c"], ["c"]])
def test_to_wide_matches_pivot(indicators):
    from innoscope.panel import to_wide

    rng = np.random.default_rng(1)
    rows = [(f"R{r}", y, i, rng.normal()) for r in range(7) for y in (2019, 2021, 2020)
            for i in "cab" if rng.random() < 0.7]
    long = pd.DataFrame(rows, columns=["region", "year", "indicator", "value"])
    long = long.sample(frac=1, random_state=0)
    pd.testing.assert_frame_equal(to_wide(long, indicators), _pivot_wide(long, indicators))


def test_to_wide_names_duplicated_cells():
    from innoscope.errors import PanelError
    from innoscope.panel import to_wide

    long = pd.DataFrame({"region": ["P", "P", "Q"], "year": 2021, "indicator": ["a", "a", "a"],
                         "value": [1.0, 2.0, 3.0]})
    with pytest.raises(PanelError, match="region P, year 2021, indicator a: given more than once"):
        to_wide(long)
