"""The contract every step honours: clone, params round-trip, refit from params, input not
mutated, labels kept, transform applies what fit learned, fit validates its parameters; and
an Index refitted from a result's own params reproduces its scores exactly."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innoscope._estimator import clone
from innoscope.framework import load_framework
from innoscope.index import Index
from innoscope.steps import Aggregate, Impute, Normalise, Treat, Weight
from innoscope.tiers import Tier

FW = load_framework(pd.DataFrame({
    "code": ["idx", "p1", "p2", "a", "b", "c", "d"],
    "parent": [None, "idx", "idx", "p1", "p1", "p2", "p2"],
    "direction": [1, 1, 1, 1, -1, 1, 1],
    "weight": [1, 1, 2, 1, 1, 1, 1]}))


def _data():
    rng = np.random.default_rng(0)
    regions = [f"R{i:02d}" for i in range(12)]
    idx = pd.MultiIndex.from_product([regions, [2020, 2021]], names=["region", "year"])
    X = pd.DataFrame(rng.lognormal(1.0, 1.2, size=(24, 4)) + 0.5, index=idx, columns=list("abcd"))
    X.iloc[3, 1] = np.nan
    X.iloc[10, 2] = np.nan
    X.iloc[0, 0] = 500.0
    return X


STEPS = [
    *(Impute(method=m, groups={f"R{i:02d}": "ab"[i % 2] for i in range(12)})
      for m in ("none", "mean", "median", "group_mean", "group_median", "interpolate", "latest")),
    Treat(method="none"), Treat(method="winsorise_log", winmax=3),
    *(Normalise(method=m, target=(0.0, 50.0)) for m in
      ("minmax", "zscore", "rank", "percentile", "fracmax", "target", "efficacy", "share")),
    Normalise(method="minmax", pooled=True, overrides={"c": {"method": "rank"}}),
    *(Weight(method=m) for m in ("framework", "equal", "entropy", "entropy_cn", "critic", "pca")),
    Weight(method="ahp", ahp={"idx": [[1, 2], [0.5, 1]]}),
    *(Aggregate(method=m, p=2.0) for m in ("arithmetic", "geometric", "harmonic", "generalised",
                                           "topsis")),
    *(Tier(rule=r, k=3, split=s) for r in ("median", "relative", "quantile", "none")
      for s in ("gaps", "jenks")),
    Tier(rule="median", size=5, tie="include"),
]


def _run(step, X):
    X = X.copy() if not isinstance(step, (Weight, Aggregate, Tier)) else X
    if isinstance(step, (Impute, Treat, Normalise)):
        return step.fit_transform(X, FW)
    N = Normalise(range=(1.0, 100.0)).fit_transform(Impute(method="mean").fit_transform(X), FW)
    if isinstance(step, Weight):
        return step.fit(N, FW).weights_
    if isinstance(step, Aggregate):
        return step.fit(N, FW).transform(N)
    S = Aggregate().fit_transform(N, FW)
    return step.fit(S["idx"]).tiers_


def _ids(step):
    return f"{type(step).__name__}-{getattr(step, 'method', getattr(step, 'rule', ''))}"


@pytest.mark.parametrize("step", STEPS, ids=[_ids(s) for s in STEPS])
def test_step_contract(step):
    X = _data()
    before = X.copy()
    out = _run(step, X)
    # input not mutated
    pd.testing.assert_frame_equal(X, before)
    # labels kept: same (region, year) index; columns are codes
    if isinstance(out, pd.DataFrame):
        assert out.index.equals(X.index)
        assert set(X.columns) <= set(out.columns)
    elif not isinstance(step, Weight):
        assert out.index.equals(X.index)
    else:
        assert set(out.index) == set(FW.table.index)
    # params round-trip and clone: an unfitted copy with equal params gives the same result
    params = step.get_params()
    twin = type(step)(**params)
    assert twin.get_params() == params
    c = clone(step)
    assert c.get_params() == params and c is not step
    assert not any(k.endswith("_") and not k.startswith("_") for k in vars(c))
    again = _run(c, X)
    if isinstance(out, pd.Series) and out.dtype == "Int64":
        pd.testing.assert_series_equal(out, again)
    elif isinstance(out, pd.Series):
        pd.testing.assert_series_equal(out, again, rtol=0, atol=0)
    else:
        pd.testing.assert_frame_equal(out, again, rtol=0, atol=0)
    # refit from params: an estimator built from get_params() reproduces the output exactly
    refit = _run(type(step)(**params), X)
    if isinstance(out, pd.Series) and out.dtype == "Int64":
        pd.testing.assert_series_equal(out, refit)
    elif isinstance(out, pd.Series):
        pd.testing.assert_series_equal(out, refit, rtol=0, atol=0)
    else:
        pd.testing.assert_frame_equal(out, refit, rtol=0, atol=0)
    # set_params round trip
    step.set_params(**params)
    assert step.get_params() == params


TRANSFORMERS = [s for s in STEPS if isinstance(s, (Impute, Treat, Normalise))]


@pytest.mark.parametrize("step", TRANSFORMERS, ids=[_ids(s) for s in TRANSFORMERS])
def test_transform_applies_what_fit_learned(step):
    X = _data()
    fitted = clone(step).fit(X.copy(), FW)
    before = X.copy()
    out = fitted.transform(X)
    pd.testing.assert_frame_equal(X, before)  # input not mutated
    pd.testing.assert_frame_equal(out, clone(step).fit_transform(X, FW), rtol=0, atol=0)
    # the same rows in another order give the same cells (sums may differ in the last bit)
    again = fitted.transform(X.iloc[::-1])
    pd.testing.assert_frame_equal(again, out.iloc[::-1], rtol=1e-13, atol=0)


@pytest.mark.parametrize("cls, param", [(Impute, "method"), (Treat, "method"),
                                         (Normalise, "method"), (Weight, "method"),
                                         (Aggregate, "method"), (Tier, "rule"), (Tier, "split"),
                                         (Tier, "tie")])
def test_fit_validates_parameters(cls, param):
    from innoscope.errors import ConfigError

    step = cls(**{param: "nonsense"})
    X = _data()
    with pytest.raises(ConfigError, match=rf"{step._step}\.{param}: unknown value 'nonsense'"):
        if cls is Tier:
            step.fit(X["a"])
        else:
            step.fit(X, FW)


def test_set_params_rejects_unknown_key():
    from innoscope.errors import ConfigError

    with pytest.raises(ConfigError, match="did you mean 'winmax'"):
        Treat().set_params(winmaz=3)


def _long(X):
    return X.rename_axis(columns="indicator").stack().rename("value").reset_index()


@pytest.mark.parametrize("params", [
    {},
    {"impute__method": "mean", "treat__method": "winsorise_log", "normalise__method": "zscore",
     "aggregate__method": "arithmetic", "weights__method": "critic"},
    {"impute__method": "latest", "normalise__method": "minmax", "normalise__range": (1.0, 100.0),
     "aggregate__method": "geometric", "weights__method": "entropy_cn", "tiers__split": "jenks"},
    {"normalise__method": "percentile", "normalise__pooled": True, "aggregate__method": "topsis",
     "tiers__rule": "quantile", "tiers__k": 4},
])
def test_refit_from_result_params_reproduces_scores(params):
    data = _long(_data())
    r1 = Index().set_params(**params).fit(data, FW)
    r2 = Index(**r1.params).fit(data, FW)
    pd.testing.assert_frame_equal(r1.scores, r2.scores, rtol=0, atol=0)
    pd.testing.assert_series_equal(r1.tiers, r2.tiers)
    pd.testing.assert_series_equal(r1.weights, r2.weights, rtol=0, atol=0)


def test_refit_from_config_params_reproduces_scores(tmp_path):
    from innoscope.config import index_params, load_config

    cfg = tmp_path / "c.toml"
    cfg.write_text('[impute]\nmethod = "median"\n[treat]\nmethod = "winsorise_log"\n'
                   '[normalise]\nmethod = "minmax"\nrange = [1, 100]\n[aggregate]\n'
                   'method = "geometric"\n[overrides.c]\nweight = 3\nnormalise = "rank"\n'
                   '[tiers]\nrule = "quantile"\nk = 3\n', encoding="utf-8")
    data = _long(_data())
    params = index_params(load_config(cfg, sets=["weights.method=critic"]))
    r1 = Index().set_params(**params).fit(data, FW)
    r2 = Index(**r1.params).fit(data, FW)
    assert r1.params["weights"].method == "critic" and r1.params["normalise"].overrides == {
        "c": {"method": "rank"}}
    pd.testing.assert_frame_equal(r1.scores, r2.scores, rtol=0, atol=0)
    pd.testing.assert_series_equal(r1.tiers, r2.tiers)
    pd.testing.assert_frame_equal(r1.imputed, r2.imputed)
    pd.testing.assert_frame_equal(r1.treatment, r2.treatment)


def test_step_classes_are_public():
    import innoscope.steps as steps
    import innoscope.tiers as tiers

    assert {"Impute", "Treat", "Normalise", "Weight", "Aggregate"} <= set(steps.__all__)
    assert "Tier" in tiers.__all__
    for cls in (Impute, Treat, Normalise, Weight, Aggregate, Tier):
        assert cls._step and cls._choices
