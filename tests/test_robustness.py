"""Robustness: the batch path against the Index pipeline (the oracle), intervals, removal, errors."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innoscope.errors import ConfigError, MethodError
from innoscope.framework import load_framework
from innoscope.index import Index
from innoscope.panel import Panel, read_panel
from innoscope.robustness import Engine, analyse, rank_min, spec_from_settings
from innoscope.robustness._run import _seed_sequence

REGIONS = [f"R{i:02d}" for i in range(12)]


def _small(missing: bool = False, years=(2020, 2021)):
    """12 regions, 7 indicators under 3 pillars (one with a negative direction)."""
    fw = load_framework(pd.DataFrame({
        "code": ["idx", "p1", "p2", "p3", "a", "b", "c", "d", "e", "f", "g"],
        "parent": [None, "idx", "idx", "idx", "p1", "p1", "p2", "p2", "p2", "p3", "p3"],
        "direction": [1, 1, 1, 1, 1, 1, -1, 1, 1, 1, 1],
        "weight": [1, 2, 1, 1, 1, 3, 1, 1, 2, 1, 1]}))
    rng = np.random.default_rng(7)
    rows = []
    for year in (2020, 2021):
        X = rng.gamma(2.0, 10.0, size=(len(REGIONS), 7)) + 1
        for i, r in enumerate(REGIONS):
            rows.append({"region": r, "year": year, **dict(zip("abcdefg", X[i].round(3)))})
    df = pd.DataFrame(rows)
    df = df[df["year"].isin(years)]
    if missing:
        df.loc[(df["region"] == "R03") & (df["year"] == 2021), "b"] = np.nan
        df.loc[(df["region"] == "R07") & (df["year"] == 2021), "e"] = np.nan
    return read_panel(df, fw, regions="none"), fw


ALTS = {"normalise": [{"method": "minmax", "range": [1, 100]},
                      {"method": "zscore", "mean": 10, "sd": 2}],
        "aggregate": [{"method": "arithmetic"}, {"method": "geometric"}, {"method": "harmonic"},
                      {"method": "generalised", "p": 0.5}]}


def _check_against_oracle(panel, fw, params, spec, draws, seed=0, tiers=True):
    eng = Engine(panel, fw, params, spec)
    U = np.random.default_rng(seed).random((draws, eng.dim))
    S = eng.scores(U)
    order = np.argsort(-S, axis=1, kind="stable")
    R = rank_min(S, order)
    T = eng.tiers(S, order)  # the Monte Carlo path passes the sort it already made
    np.testing.assert_array_equal(T, eng.tiers(S))
    np.testing.assert_array_equal(R, rank_min(S))
    for i in range(draws):
        res = Index().set_params(**eng.params_for(U[i])).fit(panel, fw)
        year = res.scores.index.get_level_values("year") == eng.year
        s = res.index[year].to_numpy(dtype=float)
        np.testing.assert_allclose(S[i], s, rtol=0, atol=1e-9, err_msg=f"draw {i}")
        np.testing.assert_array_equal(R[i], res.ranks[res.root][year].fillna(0).to_numpy(int))
        if tiers:
            np.testing.assert_array_equal(T[i], res.tiers[year].fillna(0).to_numpy(int),
                                          err_msg=f"tiers, draw {i}")
    return eng


def test_batch_equals_pipeline_for_200_seeded_draws():
    panel, fw = _small(years=(2021,))
    spec = spec_from_settings({"noise": 0.25}, ALTS)
    eng = _check_against_oracle(panel, fw, {}, spec, 200)
    assert len(eng.variants) == 2 and len(eng.aggs) == 4  # each upstream variant built once


def test_batch_equals_pipeline_with_missing_values_imputation_and_dirichlet():
    panel, fw = _small(missing=True)
    spec = spec_from_settings(
        {"distribution": "dirichlet", "concentration": 20},
        {"impute": [{"method": "none"}, {"method": "mean"}],
         "aggregate__min_availability": [None, 0.6],
         "normalise__range": [[0, 100], [1, 10]]})
    _check_against_oracle(panel, fw, {"impute__method": "none"}, spec, 60, seed=3)


@pytest.mark.parametrize("tier_params", [
    {"tiers__rule": "median", "tiers__k": 3},
    {"tiers__rule": "median", "tiers__size": 5, "tiers__tie": "min", "tiers__k": 2},
    {"tiers__rule": "median", "tiers__size": 5, "tiers__tie": "exclude", "tiers__k": 2},
    {"tiers__rule": "quantile", "tiers__k": 4},
    {"tiers__rule": "relative"},
    {"tiers__rule": "median", "tiers__split": "jenks", "tiers__k": 2},
])
def test_tier_rules_batch_equals_tier_step(tier_params):
    panel, fw = _small()
    spec = spec_from_settings({"noise": 0.3})
    _check_against_oracle(panel, fw, tier_params, spec, 40, seed=11)


def test_topsis_falls_back_to_the_aggregate_step():
    panel, fw = _small()
    spec = spec_from_settings({"noise": 0.2}, {"aggregate": [{"method": "arithmetic"},
                                                             {"method": "topsis"}]})
    eng = _check_against_oracle(panel, fw, {}, spec, 20, seed=5)
    assert not eng.aggs[(1,)].batch and eng.aggs[(0,)].batch


def test_asem_batch_equals_pipeline(asem_paths):
    fw = load_framework(asem_paths[1])
    panel = read_panel(asem_paths[0], fw)
    spec = spec_from_settings({"noise": 0.25}, {k: ALTS[k][:2] for k in ALTS})
    _check_against_oracle(panel, fw, {}, spec, 12)


def test_rank_min_matches_pandas_min_rank():
    rng = np.random.default_rng(1)
    S = rng.integers(0, 5, size=(50, 9)).astype(float)
    S[3, 2] = np.nan
    expect = pd.DataFrame(S).rank(axis=1, method="min", ascending=False).fillna(0).astype(int)
    np.testing.assert_array_equal(rank_min(S), expect.to_numpy())


def test_intervals_are_the_quantiles_of_the_replicate_ranks():
    panel, fw = _small()
    weights, alts = {"noise": 0.4}, {"aggregate": ALTS["aggregate"][:2]}
    params = {"normalise__range": (1, 100)}
    res = analyse(panel, fw, params=params, weights=weights, alternatives=alts, n=400, rng=42,
                  removal=False)
    # the same draws by hand: chunk 0 of the Monte Carlo stream
    eng = Engine(panel, fw, params, spec_from_settings(weights, alts))
    seq = _seed_sequence(42).spawn(3)[0].spawn(1)[0]
    U = np.random.default_rng(seq).random((400, eng.dim))
    R = rank_min(eng.scores(U))
    T = eng.tiers(eng.scores(U))
    iv = res.intervals.set_index("region")
    for j, r in enumerate(eng.regions):
        row = iv.loc[r]
        assert row["median_rank"] == np.quantile(R[:, j], 0.5, method="inverted_cdf")
        assert row["q05"] == np.quantile(R[:, j], 0.05, method="inverted_cdf")
        assert row["q95"] == np.quantile(R[:, j], 0.95, method="inverted_cdf")
        assert row["p_tier_1"] == pytest.approx((T[:, j] == 1).mean())
        assert row["mean_abs_rank_shift"] == pytest.approx(
            np.abs(R[:, j] - eng.nominal_ranks[j]).mean())
    nominal = Index().set_params(**params).fit(panel, fw)
    ranks = nominal.ranks[nominal.root].xs(2021, level="year")
    assert (iv["nominal_rank"] == ranks.reindex(iv.index)).all()
    tiers_p = iv[[c for c in iv.columns if c.startswith("p_")]].sum(axis=1)
    np.testing.assert_allclose(tiers_p, 1.0)


def test_same_seed_same_result_and_no_noise_no_spread():
    panel, fw = _small()
    a = analyse(panel, fw, weights={"noise": 0.3}, n=300, rng=0)
    b = analyse(panel, fw, weights={"noise": 0.3}, n=300, rng=0)
    pd.testing.assert_frame_equal(a.intervals, b.intervals)
    flat = analyse(panel, fw, weights={"noise": 0.0}, alternatives={"normalise__range": [[0, 100]]},
                   n=50, rng=0).intervals
    assert (flat["q05"] == flat["nominal_rank"]).all() and (flat["q95"] == flat["nominal_rank"]).all()
    assert (flat["mean_abs_rank_shift"] == 0).all()


def test_removal_equals_pipeline_without_the_indicator():
    panel, fw = _small()
    res = analyse(panel, fw, n=1, weights={"noise": 0.1})
    nominal = Index().fit(panel, fw)
    base = nominal.ranks[nominal.root].xs(2021, level="year")
    long = res.removal_shifts
    for code in ("a", "c", "g"):
        data = panel.data[panel.data["indicator"] != code].reset_index(drop=True)
        without = Index().fit(Panel(data=data, source=panel.source, chinese=panel.chinese,
                                    labels=panel.labels), fw.drop([code]))
        ranks = without.ranks[without.root].xs(2021, level="year")
        got = long[long["indicator"] == code].set_index("region")
        assert (got["rank"] == ranks.reindex(got.index)).all(), code
        assert (got["shift"] == (ranks - base).reindex(got.index)).all(), code
        row = res.removal.set_index("indicator").loc[code]
        assert row["mean_abs_rank_shift"] == pytest.approx((ranks - base).abs().mean())


def test_impossible_combinations_fail_before_any_work():
    panel, fw = _small()
    with pytest.raises(ConfigError, match="noise"):
        analyse(panel, fw, weights={"noise": 1.0}, n=10)
    with pytest.raises(MethodError, match=r"geometric mean needs values > 0: found .* region R\d\d, "
                                          r"year 20\d\d, indicator \w"):
        analyse(panel, fw, alternatives={"normalise": [{"method": "zscore"}],
                                         "aggregate": [{"method": "geometric"}]}, n=10)
    with pytest.raises(ConfigError, match="at least 64 base samples"):
        analyse(panel, fw, weights={"noise": 0.2}, n=10, sobol=True)
    with pytest.raises(ConfigError, match="tier rule"):
        analyse(panel, fw, alternatives={"tiers": [{"k": 3}]}, n=10)
    with pytest.raises(ConfigError, match="no uncertain input"):
        analyse(panel, fw, n=10)
    with pytest.raises(ConfigError, match="nodes"):
        analyse(panel, fw, weights={"noise": 0.2, "nodes": ["zz"]}, n=10)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), n_regions=st.integers(3, 9),
       noise=st.floats(0.0, 0.9), geometric=st.booleans())
def test_intervals_are_ordered_and_tier_probabilities_sum_to_one(seed, n_regions, noise, geometric):
    rng = np.random.default_rng(seed)
    fw = pd.DataFrame({"code": ["idx", "p", "q", "a", "b", "c"],
                       "parent": [None, "idx", "idx", "p", "p", "q"]})
    data = pd.DataFrame({"region": [f"R{i}" for i in range(n_regions)], "year": 2021,
                         **{c: rng.integers(1, 6, n_regions).astype(float) for c in "abc"}})
    alts = {"aggregate": [{"method": "arithmetic"}] + ([{"method": "geometric"}] if geometric else [])}
    res = analyse(data, fw, params={"normalise__range": (1, 100)}, weights={"noise": noise},
                  alternatives=alts, n=60, rng=seed, removal=False)
    iv = res.intervals
    assert (1 <= iv["q05"]).all() and (iv["q05"] <= iv["median_rank"]).all()
    assert (iv["median_rank"] <= iv["q95"]).all() and (iv["q95"] <= n_regions).all()
    p = iv[[c for c in iv.columns if c.startswith("p_")]].sum(axis=1)
    np.testing.assert_allclose(p, 1.0)
    assert (iv["mean_abs_rank_shift"] >= 0).all()
