"""Growth between two years, σ-convergence and β-convergence (OLS via statsmodels)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import MethodError

__all__ = ["cagr", "change_table", "sigma_convergence", "beta_convergence", "BetaResult"]

CHANGE_COLUMNS = ["region", "year_from", "year_to", "value_from", "value_to", "change", "growth", "cagr"]
SIGMA_STATISTICS = ("cv", "sd_log")


def cagr(value_from, value_to, years: float):
    """Compound annual growth rate ``(value_to / value_from) ** (1 / years) − 1``.

    Values must be > 0 and ``years`` > 0.

    Examples
    --------
    >>> round(cagr(100, 121, 2), 12)
    0.1
    """
    a = np.asarray(value_from, dtype=float)
    b = np.asarray(value_to, dtype=float)
    if years <= 0:
        raise MethodError(f"cagr needs a positive number of years, found {years:g}")
    if (a <= 0).any() or (b <= 0).any():
        raise MethodError("cagr needs values > 0")
    out = (b / a) ** (1.0 / years) - 1.0
    return float(out) if out.ndim == 0 else out


def _values_frame(values: pd.DataFrame, name: str) -> pd.DataFrame:
    missing = {"region", "year", "value"} - set(values.columns)
    if missing:
        raise MethodError(f"{name} needs columns region, year, value: missing {', '.join(sorted(missing))}")
    return values.dropna(subset=["value"])


def _check_positive(v: pd.DataFrame, name: str) -> None:
    bad = v[v["value"] <= 0]
    if len(bad):
        raise MethodError([f"{name} needs values > 0: found {r.value:g} for region {r.region}, year {r.year}"
                           for r in bad.itertuples()])


def change_table(values: pd.DataFrame, year_from: int, year_to: int) -> pd.DataFrame:
    """Per region: absolute ``change``, ``growth`` (value_to / value_from − 1) and ``cagr``.

    ``values`` is a tidy frame ``region, year, value`` of one indicator. Missing values: a region
    lacking either year, or with a value ≤ 0 in the first year, gets empty growth and CAGR.

    Examples
    --------
    >>> v = pd.DataFrame({"region": ["a", "a"], "year": [2016, 2021], "value": [1.0, 2.0]})
    >>> float(round(change_table(v, 2016, 2021)["cagr"].iloc[0], 6))
    0.148698
    """
    if year_to <= year_from:
        raise MethodError(f"change_table: year_to ({year_to}) must come after year_from ({year_from})")
    v = _values_frame(values, "change_table")
    wide = v[v["year"].isin([year_from, year_to])].pivot_table(index="region", columns="year", values="value",
                                                               aggfunc="first")
    wide = wide.reindex(columns=[year_from, year_to])
    a, b = wide[year_from], wide[year_to]
    ok = (a > 0) & (b > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (b / a - 1).where(a > 0)
        rate = ((b / a) ** (1.0 / (year_to - year_from)) - 1).where(ok)
    out = pd.DataFrame({"region": wide.index, "year_from": year_from, "year_to": year_to,
                        "value_from": a.to_numpy(), "value_to": b.to_numpy(), "change": (b - a).to_numpy(),
                        "growth": growth.to_numpy(), "cagr": rate.to_numpy()})
    return out.reset_index(drop=True)[CHANGE_COLUMNS]


def sigma_convergence(values: pd.DataFrame, statistic: str = "cv") -> pd.DataFrame:
    """σ-convergence: the dispersion of each year, ``year, statistic, n, value``.

    ``statistic``: ``cv`` (population SD / mean) or ``sd_log`` (population SD of ln values, which
    must be > 0). Falling values over the years mean σ-convergence (Sala-i-Martin 1996).
    Missing values: left out of their year.

    Examples
    --------
    >>> v = pd.DataFrame({"region": list("abab"), "year": [1, 1, 2, 2], "value": [1.0, 3.0, 2.0, 3.0]})
    >>> sigma_convergence(v)["value"].round(4).tolist()
    [0.5, 0.2]
    """
    from ._measures import coefficient_of_variation

    if statistic not in SIGMA_STATISTICS:
        raise MethodError(f"sigma_convergence: unknown statistic {statistic!r}: use cv or sd_log")
    v = _values_frame(values, "sigma_convergence")
    if statistic == "sd_log":
        _check_positive(v, "sigma_convergence (sd_log)")
    rows = []
    for year, d in v.groupby("year", sort=True):
        x = d["value"].to_numpy(dtype=float)
        value = coefficient_of_variation(x) if statistic == "cv" else float(np.log(x).std(ddof=0))
        rows.append({"year": int(year), "statistic": statistic, "n": len(x), "value": value})
    return pd.DataFrame(rows, columns=["year", "statistic", "n", "value"])


@dataclass(frozen=True)
class BetaResult:
    """β-convergence: OLS of annualised log growth on the initial log level (+ controls).

    ``lambda_`` (speed of convergence) = −ln(1 + Tβ)/T and ``half_life`` = ln 2 / λ; both are
    missing when 1 + Tβ ≤ 0, and ``half_life`` is missing when λ ≤ 0 (no convergence).
    ``coefficients`` holds every regressor: ``term, coef, se, t, p_value``.
    """

    year_from: int
    year_to: int
    n: int
    beta: float
    se: float
    p_value: float
    intercept: float
    r2: float
    lambda_: float
    half_life: float
    controls: tuple[str, ...]
    coefficients: pd.DataFrame = field(repr=False)

    @property
    def conditional(self) -> bool:
        """Whether controls were used (conditional β-convergence)."""
        return bool(self.controls)

    def to_frame(self) -> pd.DataFrame:
        """Tidy rows ``statistic, value``."""
        names = ["beta", "se", "p_value", "intercept", "r2", "n", "lambda", "half_life"]
        vals = [self.beta, self.se, self.p_value, self.intercept, self.r2, self.n, self.lambda_, self.half_life]
        return pd.DataFrame({"statistic": names, "value": [float(v) for v in vals]})

    def summary(self) -> str:
        """One line."""
        kind = "conditional" if self.conditional else "absolute"
        return (f"{kind} β-convergence {self.year_from}–{self.year_to} (n={self.n}): β = {self.beta:.4g} "
                f"(SE {self.se:.3g}, p = {self.p_value:.3g}), λ = {self.lambda_:.4g}, "
                f"half-life = {self.half_life:.3g} years")


def beta_convergence(values: pd.DataFrame, year_from: int, year_to: int,
                     controls: pd.DataFrame | None = None) -> BetaResult:
    """Absolute (no ``controls``) or conditional β-convergence between two years.

    Regresses g_i = ln(y_i,T / y_i,0) / T on ln y_i,0 (and ``controls``: a frame indexed by region,
    numeric columns, e.g. group dummies) by OLS (statsmodels); β < 0 means convergence (Barro &
    Sala-i-Martin 1992). Values must be > 0; regions lacking either year are left out.

    Examples
    --------
    >>> v = pd.DataFrame({"region": list("abcabc"), "year": [0, 0, 0, 10, 10, 10],
    ...                   "value": [1.0, 2.0, 4.0, 4.0, 5.0, 6.0]})
    >>> r = beta_convergence(v, 0, 10)
    >>> r.beta < 0, r.n
    (True, 3)
    """
    import statsmodels.api as sm

    if year_to <= year_from:
        raise MethodError(f"beta_convergence: year_to ({year_to}) must come after year_from ({year_from})")
    v = _values_frame(values, "beta_convergence")
    v = v[v["year"].isin([year_from, year_to])]
    _check_positive(v, "beta_convergence")
    wide = v.pivot_table(index="region", columns="year", values="value", aggfunc="first")
    wide = wide.reindex(columns=[year_from, year_to]).dropna()
    T = year_to - year_from
    X = pd.DataFrame({"log_initial": np.log(wide[year_from])}, index=wide.index)
    names: tuple[str, ...] = ()
    if controls is not None:
        c = controls.reindex(wide.index)
        if c.isna().any().any():
            lacking = c.index[c.isna().any(axis=1)]
            raise MethodError([f"beta_convergence: no control values for region {r}" for r in lacking])
        X = X.join(c.astype(float))
        names = tuple(map(str, controls.columns))
    y = np.log(wide[year_to] / wide[year_from]) / T
    X = sm.add_constant(X, has_constant="add")
    if len(y) <= X.shape[1]:
        raise MethodError(f"beta_convergence needs more than {X.shape[1]} regions with both years, "
                          f"found {len(y)}")
    fit = sm.OLS(y.to_numpy(), X.to_numpy()).fit()
    beta = float(fit.params[1])
    lam = -np.log1p(T * beta) / T if 1 + T * beta > 0 else np.nan
    half = np.log(2) / lam if lam > 0 else np.nan
    coefs = pd.DataFrame({"term": list(X.columns), "coef": fit.params, "se": fit.bse, "t": fit.tvalues,
                          "p_value": fit.pvalues})
    return BetaResult(year_from=int(year_from), year_to=int(year_to), n=len(y), beta=beta,
                      se=float(fit.bse[1]), p_value=float(fit.pvalues[1]), intercept=float(fit.params[0]),
                      r2=float(fit.rsquared), lambda_=float(lam), half_life=float(half), controls=names,
                      coefficients=coefs)
