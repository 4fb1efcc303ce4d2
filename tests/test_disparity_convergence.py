from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innoscope.disparity import (beta_convergence, cagr, change_table, density_by_year, disparity_tables,
                                 kernel_density, sigma_convergence)
from innoscope.errors import MethodError

TRAPZ = getattr(np, "trapezoid", None) or np.trapz


def _panel(values_from, values_to, year_from=2016, year_to=2021):
    regions = [f"r{i}" for i in range(len(values_from))]
    return pd.DataFrame({"region": regions * 2, "year": [year_from] * len(regions) + [year_to] * len(regions),
                         "value": list(values_from) + list(values_to)})


def test_cagr_and_change_table():
    assert cagr(100, 121, 2) == pytest.approx(0.1)
    with pytest.raises(MethodError):
        cagr(0, 1, 2)
    v = _panel([1.0, 2.0, 0.0], [2.0, 2.0, 1.0])
    t = change_table(v, 2016, 2021).set_index("region")
    assert t.at["r0", "change"] == 1.0 and t.at["r0", "growth"] == 1.0
    assert t.at["r0", "cagr"] == pytest.approx(2 ** (1 / 5) - 1)
    assert np.isnan(t.at["r2", "growth"]) and np.isnan(t.at["r2", "cagr"])


def test_sigma_convergence_cv_and_sd_log():
    v = _panel([1.0, 4.0], [2.0, 3.0])
    s = sigma_convergence(v, "sd_log").set_index("year")["value"]
    assert s[2016] == pytest.approx(np.log(4) / 2)
    assert s[2021] == pytest.approx(np.log(1.5) / 2)
    c = sigma_convergence(v).set_index("year")["value"]
    assert c[2016] == pytest.approx(1.5 / 2.5)
    with pytest.raises(MethodError, match="region r0, year 2016"):
        sigma_convergence(_panel([0.0, 1.0], [1.0, 1.0]), "sd_log")


def test_beta_convergence_matches_least_squares():
    rng = np.random.default_rng(0)
    y0 = rng.uniform(1, 100, 25)
    y1 = y0 * np.exp(5 * (0.05 - 0.01 * np.log(y0) + rng.normal(0, 0.01, 25)))
    r = beta_convergence(_panel(y0, y1), 2016, 2021)
    X = np.column_stack([np.ones(25), np.log(y0)])
    g = np.log(y1 / y0) / 5
    coef, *_ = np.linalg.lstsq(X, g, rcond=None)
    assert r.beta == pytest.approx(coef[1]) and r.intercept == pytest.approx(coef[0])
    resid = g - X @ coef
    se = np.sqrt(resid @ resid / (25 - 2) * np.linalg.inv(X.T @ X)[1, 1])
    assert r.se == pytest.approx(se)
    assert r.beta < 0 and r.p_value < 0.01
    assert r.lambda_ == pytest.approx(-np.log(1 + 5 * r.beta) / 5)
    assert r.half_life == pytest.approx(np.log(2) / r.lambda_)
    assert not r.conditional and r.n == 25
    assert "β" in r.summary()


def test_conditional_beta_uses_controls_and_divergence_has_no_half_life():
    y0 = np.array([1.0, 2.0, 4.0, 8.0, 3.0, 5.0])
    y1 = y0 ** 1.2 + np.array([0.1, 0.0, 0.2, 0.0, 0.1, 0.3])
    v = _panel(y0, y1)
    controls = pd.DataFrame({"east": [1.0, 0, 1, 0, 1, 0]}, index=[f"r{i}" for i in range(6)])
    r = beta_convergence(v, 2016, 2021, controls=controls)
    assert r.conditional and r.controls == ("east",)
    assert list(r.coefficients["term"]) == ["const", "log_initial", "east"]
    a = beta_convergence(v, 2016, 2021)
    assert a.beta > 0 and a.lambda_ < 0 and np.isnan(a.half_life)
    with pytest.raises(MethodError, match="no control values for region r5"):
        beta_convergence(v, 2016, 2021, controls=controls.iloc[:5])


def test_kernel_density_bandwidths_and_mass():
    x = np.array([1.0, 2.0, 2.5, 4.0, 7.0])
    for bw, factor in (("silverman", (len(x) * 3 / 4) ** (-1 / 5)), ("scott", len(x) ** (-1 / 5))):
        d = kernel_density(x, bandwidth=bw, n_grid=2001)
        assert TRAPZ(d["density"], d["x"]) == pytest.approx(1, abs=1e-3)
        grid = np.array([3.0])
        h = factor * x.std(ddof=1)
        expected = np.mean(np.exp(-0.5 * ((3.0 - x) / h) ** 2)) / (h * np.sqrt(2 * np.pi))
        assert kernel_density(x, grid, bandwidth=bw)["density"].iloc[0] == pytest.approx(expected)
    with pytest.raises(MethodError, match="two distinct"):
        kernel_density([1.0, 1.0])
    with pytest.raises(MethodError, match="bandwidth"):
        kernel_density(x, bandwidth="wide")


def test_density_by_year_shares_one_grid():
    d = density_by_year(_panel([1.0, 2.0, 4.0], [2.0, 3.0, 9.0]), n_grid=50)
    a, b = (g["x"].to_numpy() for _, g in d.groupby("year"))
    assert np.array_equal(a, b) and len(a) == 50


def _long():
    rows = []
    for y, vals in ((2016, [1.0, 2.0, 3.0, 6.0, 5.0]), (2019, [2.0, 3.0, 3.5, 6.0, 5.5]),
                    (2021, [3.0, 3.0, 4.0, 7.0, 6.0])):
        rows += [{"region": f"r{i}", "year": y, "indicator": "x", "value": v} for i, v in enumerate(vals)]
    return pd.DataFrame(rows)


GROUPS = {"r0": "a", "r1": "a", "r2": "b", "r3": "b", "r4": "b"}


def test_disparity_tables_rows_and_decompositions():
    r = disparity_tables(_long(), "x", groups=GROUPS)
    d = r.dispersion
    whole = d[d["group"].isna()].set_index(["year", "statistic"])["value"]
    for y in (2016, 2019, 2021):
        assert whole[(y, "theil_t_between")] + whole[(y, "theil_t_within")] == pytest.approx(whole[(y, "theil_t")])
        parts = whole[(y, "dagum_within")] + whole[(y, "dagum_net_between")] + whole[(y, "dagum_transvariation")]
        assert parts == pytest.approx(whole[(y, "gini")])
    assert set(d.loc[d["group"].notna(), "group"]) == {"a", "b"}
    assert list(d.columns) == ["year", "statistic", "group", "value"]
    c = r.convergence
    assert set(c["test"]) == {"sigma", "beta_absolute", "beta_conditional"}
    assert set(r.density["year"]) == {2016, 2019, 2021}
    assert r.years == (2016, 2019, 2021)


def test_disparity_tables_years_and_errors():
    r = disparity_tables(_long(), "x", years=(2017, 2030))
    assert r.years == (2019, 2021)
    assert "theil_t_between" not in set(r.dispersion["statistic"])
    with pytest.raises(MethodError, match="no data in 2030–2040"):
        disparity_tables(_long(), "x", years=(2030, 2040))
    with pytest.raises(MethodError, match="not in the data"):
        disparity_tables(_long(), "nope")
    bad = _long()
    bad.loc[(bad["region"] == "r1") & (bad["year"] == 2019), "value"] = 0.0
    bad.loc[(bad["region"] == "r2") & (bad["year"] == 2021), "value"] = -1.0
    with pytest.raises(MethodError) as e:
        disparity_tables(bad, "x", names={"r1": "北京"})
    assert any("region r1 (北京), year 2019" in p for p in e.value.problems)
    assert any("region r2, year 2021" in p for p in e.value.problems)
    with pytest.raises(MethodError, match="region r4 has no group"):
        disparity_tables(_long(), "x", groups={k: v for k, v in GROUPS.items() if k != "r4"})


def test_disparity_tables_weighted_cv():
    long = _long()
    pop = long.assign(indicator="pop", value=[1.0, 2.0, 1.0, 3.0, 1.0] * 3)
    r = disparity_tables(pd.concat([long, pop]), "x", weights="pop", groups=GROUPS)
    d = r.dispersion[r.dispersion["group"].isna()].set_index(["year", "statistic"])["value"]
    x = np.array([1.0, 2.0, 3.0, 6.0, 5.0])
    w = np.array([1.0, 2.0, 1.0, 3.0, 1.0])
    m = np.average(x, weights=w)
    assert d[(2016, "cv_weighted")] == pytest.approx(np.sqrt(np.average((x - m) ** 2, weights=w)) / m)
    with pytest.raises(MethodError, match="no value ≥ 0 for region r4, year 2021"):
        disparity_tables(pd.concat([long, pop.iloc[:-1]]), "x", weights="pop")
    with pytest.raises(MethodError, match="weights 'nope' not in the data"):
        disparity_tables(long, "x", weights="nope")
