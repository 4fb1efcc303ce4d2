"""Imputation and outlier treatment (COINr/GII winsorise-then-log rule)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from innoscope.errors import ConfigError
from innoscope.steps import Impute, Treat, impute, treat
from innoscope.steps._treat import kurt, skew

NAN = np.nan


def frame(values: dict, regions, years) -> pd.DataFrame:
    idx = pd.MultiIndex.from_product([regions, years], names=["region", "year"])
    return pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in values.items()}, index=idx)


# ---------------------------------------------------------------- imputation

def test_mean_and_median_per_year_and_mask():
    X = frame({"a": [1, 10, NAN, 20, 4, 60]}, ["P", "Q", "R"], [2020, 2021])
    # 2020: P=1, Q=NaN, R=4 ; 2021: P=10, Q=20, R=60
    out = impute(X, method="mean")
    assert out.loc[("Q", 2020), "a"] == 2.5
    est = Impute(method="median").fit(X)
    out = est.transform(X)
    assert out.loc[("Q", 2020), "a"] == 2.5
    mask = est.changes(X, out)
    assert mask.sum().sum() == 1 and mask.loc[("Q", 2020), "a"]


def test_group_mean_with_mapping_and_csv(tmp_path):
    X = frame({"a": [1, 3, NAN, 10, 30, NAN]}, list("ABCDEF"), [2021])
    groups = {"A": "E", "B": "E", "C": "E", "D": "W", "E": "W", "F": "W"}
    out = impute(X, method="group_mean", groups=groups)
    assert out.loc[("C", 2021), "a"] == 2.0 and out.loc[("F", 2021), "a"] == 20.0
    path = tmp_path / "g.csv"
    pd.DataFrame({"region": list(groups), "group": list(groups.values())}).to_csv(path, index=False)
    out2 = impute(X, method="group_median", groups=str(path))
    assert out2.loc[("C", 2021), "a"] == 2.0 and out2.loc[("F", 2021), "a"] == 20.0


def test_group_mean_with_region4_scheme():
    from innoscope.regions import region_groups

    g = region_groups("region4")
    east = [c for c in g.index if g[c] == g.iloc[0]][:3]
    X = frame({"a": [2.0, 4.0, NAN]}, list(east), [2021])
    out = impute(X, method="group_mean", groups="region4")
    assert out.loc[(east[2], 2021), "a"] == 3.0


def test_group_mean_errors_name_regions():
    X = frame({"a": [1, NAN]}, ["P", "Q"], [2021])
    with pytest.raises(ConfigError, match="region Q has no group"):
        impute(X, method="group_mean", groups={"P": "x"})
    with pytest.raises(ConfigError, match="need `groups`"):
        impute(X, method="group_mean")


def test_interpolate_linear_in_years_inside_only():
    # region P: 2018=1, 2019=NaN, 2021=7 (2020 absent) → 2019 = 1 + (7-1)·1/3 = 3; 2022 NaN stays
    idx = pd.MultiIndex.from_tuples([("P", 2018), ("P", 2019), ("P", 2021), ("P", 2022)],
                                    names=["region", "year"])
    X = pd.DataFrame({"a": [1.0, NAN, 7.0, NAN]}, index=idx)
    out = impute(X, method="interpolate")
    assert out["a"].iloc[1] == 3.0 and np.isnan(out["a"].iloc[3])


def test_latest_carries_forward_only():
    X = frame({"a": [NAN, 5, NAN, 2, NAN, NAN]}, ["P", "Q"], [2019, 2020, 2021])
    est = Impute(method="latest").fit(X)
    out = est.transform(X)
    assert np.isnan(out.loc[("P", 2019), "a"])          # nothing earlier
    assert out.loc[("P", 2021), "a"] == 5.0
    assert out.loc[("Q", 2020), "a"] == 2.0 and out.loc[("Q", 2021), "a"] == 2.0
    assert est.changes(X, out)["a"].sum() == 3


def test_impute_overrides_per_indicator():
    X = frame({"a": [1, NAN, 3], "b": [1, NAN, 5]}, ["P", "Q", "R"], [2021])
    out = impute(X, method="mean", overrides={"b": "none"})
    assert out.loc[("Q", 2021), "a"] == 2.0 and np.isnan(out.loc[("Q", 2021), "b"])


# ---------------------------------------------------------------- treatment

@pytest.mark.parametrize("seed", [0, 1, 2])
def test_skew_kurt_match_scipy_sample_adjusted(seed):
    x = np.random.default_rng(seed).lognormal(size=25)
    assert np.isclose(skew(x), stats.skew(x, bias=False))
    assert np.isclose(kurt(x), stats.kurtosis(x, bias=False))


def test_winsorise_one_outlier_high():
    x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 100.0]
    assert abs(skew(x)) > 2 and kurt(x) > 3.5
    X = frame({"a": x}, [f"R{i:02d}" for i in range(13)], [2021])
    est = Treat(method="winsorise_log").fit(X)
    out = est.transform(X)
    # 100 becomes the next value (12); then the data pass
    assert out["a"].iloc[-1] == 12.0 and out["a"].iloc[:-1].tolist() == x[:-1]
    t = est.changes(X, out)
    assert t.to_dict("records") == [{"region": "R12", "year": 2021, "indicator": "a",
                                     "action": "winsorised_high", "before": 100.0, "after": 12.0}]


def test_winsorise_low_side_and_ties_together():
    x = [-100.0, -100.0] + list(range(1, 21))
    X = frame({"a": x}, [f"R{i:02d}" for i in range(22)], [2021])
    out = treat(X, method="winsorise_log")
    # negative skew: both tied minima are set to the next value (1) at once
    assert out["a"].iloc[:2].tolist() == [1.0, 1.0]
    assert out["a"].iloc[2:].tolist() == x[2:]


def _reference_winsorise_log(x, winmax=5):
    """Straightforward re-implementation of COINr's rule for cross-checking."""
    x = np.asarray(x, float)
    orig = x.copy()
    fails = lambda v: abs(stats.skew(v, bias=False)) > 2 and stats.kurtosis(v, bias=False) > 3.5  # noqa: E731
    if not fails(x):
        return x
    for _ in range(winmax):
        if stats.skew(x, bias=False) >= 0:
            m = x.max()
            x[x == m] = x[x < m].max()
        else:
            m = x.min()
            x[x == m] = x[x > m].min()
        if not fails(x):
            return x
    return np.log(orig - orig.min() + 0.01 * (orig.max() - orig.min()))


@pytest.mark.parametrize("seed", range(6))
def test_winsorise_log_matches_reference(seed):
    rng = np.random.default_rng(seed)
    x = rng.lognormal(sigma=1.5 + seed * 0.3, size=40)
    X = frame({"a": x}, [f"R{i:02d}" for i in range(40)], [2021])
    out = treat(X, method="winsorise_log")
    np.testing.assert_allclose(out["a"].to_numpy(), _reference_winsorise_log(x), rtol=1e-12)


def test_log_fallback_records_every_point():
    x = np.r_[np.ones(30), [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]]
    X = frame({"a": x}, [f"R{i:02d}" for i in range(len(x))], [2021])
    est = Treat(method="winsorise_log", winmax=2).fit(X)
    out = est.transform(X)
    lo, hi = x.min(), x.max()
    np.testing.assert_allclose(out["a"], np.log(x - lo + 0.01 * (hi - lo)))
    assert (est.changes(X, out)["action"] == "log").sum() == len(x)
    assert est.status_.set_index("indicator").at["a", "status"] == "log"


def test_treat_leaves_missing_and_passing_columns_alone():
    X = frame({"a": [1.0, NAN, 3.0, 4.0, 5.0], "b": [1, 2, 3, 4, 5]}, list("PQRST"), [2021])
    out = treat(X, method="winsorise_log")
    pd.testing.assert_frame_equal(out, X)


def test_asem_treatment_counts(asem_paths):
    """COINr's ASEM build: mean imputation then the default treatment."""
    from innoscope.index import Index

    r = Index(impute=Impute(method="mean"), treat=Treat(method="winsorise_log")).fit(*asem_paths)
    t = r.treatment
    assert set(t["action"]) <= {"winsorised_high", "winsorised_low"}
    # every treated indicator failed before and passes after
    for code in t["indicator"].unique():
        before = r.raw[code].fillna(r.raw[code].mean())
        after = r.treated[code]
        assert abs(skew(before)) > 2 and kurt(before) > 3.5
        assert not (abs(skew(after)) > 2 and kurt(after) > 3.5)
    assert r.imputed.to_numpy().sum() == r.raw.isna().to_numpy().sum()


# ---------------------------------------------------------------- fit learns, transform applies

def _history_and_2021():
    """a over 2016–2020: P = 0 every year, Q = 10 every year, R = 2, 2, 2, 2, 20;
    2021: P = 1, Q missing, R = 3."""
    hist = frame({"a": [0] * 5 + [10] * 5 + [2, 2, 2, 2, 20]}, ["P", "Q", "R"],
                 [2016, 2017, 2018, 2019, 2020])
    new = frame({"a": [1, NAN, 3]}, ["P", "Q", "R"], [2021])
    return hist, new


@pytest.mark.parametrize("method, groups, expected", [
    # pooled over the 15 fitted values: (0·5 + 10·5 + 2·4 + 20)/15 = 78/15 = 5.2
    ("mean", None, 5.2),
    # sorted fitted values 0×5, 2×4, 10×5, 20: the 8th of 15 is 2
    ("median", None, 2.0),
    # Q's group (P, Q) pooled over 2016–2020: (0·5 + 10·5)/10 = 5
    ("group_mean", {"P": "g1", "Q": "g1", "R": "g2"}, 5.0),
    # Q's latest value in the fitted years: 10 (2020)
    ("latest", None, 10.0),
])
def test_transform_of_an_unfitted_year_uses_what_fit_learned(method, groups, expected):
    hist, new = _history_and_2021()
    est = Impute(method=method, groups=groups).fit(hist)
    out = est.transform(new)
    assert out.loc[("Q", 2021), "a"] == pytest.approx(expected, rel=1e-15)
    # the 2021 values present are untouched, and only the gap is reported as filled
    assert out.loc[("P", 2021), "a"] == 1.0 and out.loc[("R", 2021), "a"] == 3.0
    assert est.changes(new, out)["a"].tolist() == [False, True, False]
    # refitting on 2021 alone would have filled Q with (1 + 3)/2 = 2 for the mean
    if method == "mean":
        assert impute(new, method="mean").loc[("Q", 2021), "a"] == 2.0


def test_transform_of_a_fitted_year_uses_that_years_statistics():
    hist, _ = _history_and_2021()
    est = Impute(method="mean").fit(hist)
    assert est.statistics_.loc[(2020, "all"), "a"] == 10.0   # (0 + 10 + 20)/3
    assert est.statistics_.loc[("pooled", "all"), "a"] == pytest.approx(5.2)
    gap = frame({"a": [4, NAN]}, ["P", "Q"], [2020])
    assert est.transform(gap).loc[("Q", 2020), "a"] == 10.0


def test_treat_transform_applies_fitted_bounds_without_retesting():
    x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 100.0]
    regions = [f"R{i:02d}" for i in range(13)]
    est = Treat(method="winsorise_log").fit(frame({"a": x}, regions, [2021]))
    status = est.status_.set_index("indicator")
    assert status.at["a", "status"] == "winsorised"
    assert (status.at["a", "low"], status.at["a", "high"]) == (1.0, 12.0)
    # new values for the fitted year: clipped to the fitted [1, 12], not winsorised afresh
    new = frame({"a": [0.5, 200.0, 7.0]}, ["R00", "R01", "R02"], [2021])
    out = est.transform(new)
    assert out["a"].tolist() == [1.0, 12.0, 7.0]
    rec = est.changes(new, out)
    assert rec[["region", "action", "before", "after"]].values.tolist() == [
        ["R00", "winsorised_low", 0.5, 1.0], ["R01", "winsorised_high", 200.0, 12.0]]


def test_treat_unfitted_year_is_an_error_unless_pooled():
    from innoscope.errors import MethodError

    x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 100.0]
    regions = [f"R{i:02d}" for i in range(13)]
    fitted = frame({"a": x}, regions, [2021])
    new = frame({"a": [200.0]}, ["R00"], [2022])
    with pytest.raises(MethodError, match="year 2022 was not in the data"):
        Treat(method="winsorise_log").fit(fitted).transform(new)
    out = Treat(method="winsorise_log", pooled=True).fit(fitted).transform(new)
    assert out["a"].tolist() == [12.0]


def test_group_transform_names_a_region_without_group():
    X = frame({"a": [1, 3, NAN]}, ["P", "Q", "R"], [2021])
    est = Impute(method="group_mean", groups={"P": "g", "Q": "g", "R": "g"}).fit(X)
    with pytest.raises(ConfigError, match="region S has no group"):
        est.transform(frame({"a": [NAN]}, ["S"], [2021]))
