"""Coupling coordination degree (耦合协调度) of n subsystems, classic and corrected forms."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import MethodError

__all__ = ["coupling_coordination", "coupling_class", "COUPLING_CLASSES", "COUPLING_FORMS",
           "COUPLING_COLUMNS"]

COUPLING_FORMS = ("classic", "corrected")
COUPLING_COLUMNS = ["region", "year", "form", "n", "c", "t", "d", "class"]

#: The ten classes of the coordination degree D, in steps of 0.1 from 0 (id, 中文, English).
COUPLING_CLASSES = (
    ("extreme_imbalance", "极度失调", "Extreme imbalance"),
    ("serious_imbalance", "严重失调", "Serious imbalance"),
    ("moderate_imbalance", "中度失调", "Moderate imbalance"),
    ("mild_imbalance", "轻度失调", "Mild imbalance"),
    ("verge_of_imbalance", "濒临失调", "On the verge of imbalance"),
    ("barely_coordinated", "勉强协调", "Barely coordinated"),
    ("primary_coordination", "初级协调", "Primary coordination"),
    ("intermediate_coordination", "中级协调", "Intermediate coordination"),
    ("good_coordination", "良好协调", "Good coordination"),
    ("quality_coordination", "优质协调", "High-quality coordination"),
)


def coupling_class(d) -> str | np.ndarray:
    """The class id of a coordination degree ``D`` ∈ [0, 1]: ``[0, 0.1)`` → ``extreme_imbalance``
    … ``[0.9, 1]`` → ``quality_coordination`` (the usual ten-class scale; see :data:`COUPLING_CLASSES`).

    Examples
    --------
    >>> coupling_class(0.05), coupling_class(0.5), coupling_class(1.0)
    ('extreme_imbalance', 'barely_coordinated', 'quality_coordination')
    """
    a = np.asarray(d, dtype=float)
    if np.isnan(a).any() or (a < 0).any() or (a > 1).any():
        raise MethodError("coupling_class needs degrees in [0, 1]")
    # a small tolerance so that 0.3 computed as 0.29999999999999993 falls in its printed class
    k = np.minimum(np.floor(a * 10 + 1e-9), 9).astype(int)
    ids = np.array([c[0] for c in COUPLING_CLASSES], dtype=object)
    out = ids[k]
    return str(out) if a.ndim == 0 else out


def _check(u: pd.DataFrame, names: Mapping | None) -> None:
    problems = []
    a = u.to_numpy(dtype=float)
    bad = np.isnan(a) | (a < 0) | (a > 1)
    for i, j in zip(*np.nonzero(bad)):
        row, col, v = u.index[i], u.columns[j], a[i, j]
        problems.append(f"coupling: subsystem {col} of {_who(row, names)} must lie in [0, 1], found "
                        + ("no value" if np.isnan(v) else f"{float(v):g}"))
    if problems:
        raise MethodError(problems)


def _who(row, names: Mapping | None) -> str:
    if isinstance(row, tuple) and len(row) == 2:
        r, y = row
        n = (names or {}).get(r)
        return f"region {r}{f' ({n})' if n else ''}, year {y}"
    n = (names or {}).get(row)
    return f"region {row}{f' ({n})' if n else ''}"


def coupling_coordination(u: pd.DataFrame, *, form: str = "classic", weights: Mapping | pd.Series | None = None,
                          names: Mapping | None = None) -> pd.DataFrame:
    """Coupling degree C, development index T and coordination degree D = √(C·T) per row.

    Parameters
    ----------
    u : DataFrame
        One row per unit (e.g. index ``(region, year)``), one column per subsystem, values
        U_i ∈ [0, 1] (e.g. pillar scores on a 0–100 scale divided by 100). At least two columns.
    form : {'classic', 'corrected'}
        ``classic`` (the normative form restated by Wang et al. 2021, eq. 1)::

            C = n · (∏ U_i)^(1/n) / Σ U_i

        ``corrected`` (Wang et al. 2021, modified coupling degree)::

            C = √{ [1 − Σ_{i<j} |U_i − U_j| / Σ_{m=1}^{n−1} m] · [∏ (U_i / max U)]^(1/(n−1)) }

        The first factor is 1 − the mean absolute difference over the n(n−1)/2 pairs (the
        spread of the subsystems), the second the geometric mean of the other subsystems
        relative to the strongest; with two subsystems C = √[(1 − |U₁ − U₂|) · U_min/U_max].
        The classic C stays near 1 for unequal but not extreme subsystems (its lower bound for
        two systems with ratio r is 2√r/(1+r)); the corrected C spreads over [0, 1].
    weights : mapping or Series, optional
        α_i of T = Σ α_i U_i, rescaled to sum to 1 (default: equal weights 1/n).
    names : mapping, optional
        Region code → name, for error messages.

    Returns
    -------
    DataFrame
        Indexed like ``u``: ``n, c, t, d, class`` (``class`` from :func:`coupling_class`).

    Missing values are refused: every subsystem needs a value in [0, 1] (the error names the
    region, year and subsystem). C is 0 when a subsystem is 0; rows whose subsystems are all 0
    (classic: Σ U = 0; corrected: max U = 0) are undefined and raise.

    References
    ----------
    王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 (2021). 国内耦合协调度模型的误区及修正. 自然资源学报
    36(3): 793–810 (Wang S. et al., Research on misuses and modification of coupling
    coordination degree model in China, *Journal of Natural Resources*).

    Examples
    --------
    >>> u = pd.DataFrame({"a": [0.8, 0.5], "b": [0.2, 0.5]}, index=["x", "y"])
    >>> coupling_coordination(u)[["c", "t", "d"]].round(4).values.tolist()
    [[0.8, 0.5, 0.6325], [1.0, 0.5, 0.7071]]
    >>> coupling_coordination(u, form="corrected")["c"].round(4).tolist()
    [0.3162, 1.0]
    """
    if form not in COUPLING_FORMS:
        raise MethodError(f"coupling: unknown form {form!r}: use classic or corrected")
    cols = list(u.columns)
    n = len(cols)
    if n < 2:
        raise MethodError(f"coupling needs at least two subsystems, found {n}")
    _check(u, names)
    a = u.to_numpy(dtype=float)
    if weights is None:
        alpha = np.full(n, 1.0 / n)
    else:
        w = pd.Series(weights, dtype=float)
        missing = [c for c in cols if c not in w.index]
        if missing:
            raise MethodError([f"coupling: no weight for subsystem {c}" for c in missing])
        w = w.reindex(cols)
        if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
            raise MethodError("coupling: weights must be finite, ≥ 0 and not all 0")
        alpha = (w / w.sum()).to_numpy()
    total, top = a.sum(axis=1), a.max(axis=1)
    bad = (total <= 0) if form == "classic" else (top <= 0)
    if bad.any():
        raise MethodError([f"coupling is undefined when every subsystem is 0: {_who(r, names)}"
                           for r in u.index[bad]])
    with np.errstate(divide="ignore", invalid="ignore"):
        if form == "classic":
            c = n * np.exp(np.log(a).mean(axis=1)) / total
        else:
            i, j = np.triu_indices(n, k=1)
            spread = np.abs(a[:, i] - a[:, j]).sum(axis=1) / (n * (n - 1) / 2)
            ratio = np.prod(a / top[:, None], axis=1) ** (1.0 / (n - 1))
            c = np.sqrt(np.clip(1.0 - spread, 0.0, None) * ratio)
    c = np.clip(np.nan_to_num(c, nan=0.0), 0.0, 1.0)  # a zero subsystem: log → -inf → C = 0
    t = a @ alpha
    d = np.sqrt(c * t)
    return pd.DataFrame({"n": n, "c": c, "t": t, "d": d, "class": coupling_class(np.clip(d, 0, 1))},
                        index=u.index)
