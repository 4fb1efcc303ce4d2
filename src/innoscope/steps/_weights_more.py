"""Data-driven weights (entropy, CRITIC, PCA) computed within each parent, and AHP.

Each ``*_weights`` function takes a complete matrix (rows = observations, columns = the
children of one parent) and returns weights summing to one. Formulas: ``docs/methods.md``.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from ..errors import ConfigError, MethodError

__all__ = ["entropy_weights", "critic_weights", "pca_weights", "ahp_weights", "data_driven",
           "RANDOM_INDEX"]

# Saaty's random consistency index by matrix order (1-based; orders 1 and 2 are always consistent).
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)


def _entropy_of(P: np.ndarray) -> np.ndarray:
    n = P.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(P > 0, P * np.log(np.where(P > 0, P, 1.0)), 0.0)
    return -plogp.sum(axis=0) / np.log(n)


def entropy_weights(X, *, variant: str = "raw") -> np.ndarray:
    """Entropy weights ``w_j = d_j/Σd``, ``d_j = 1 − e_j``, ``e_j = −Σ p_ij ln p_ij / ln n``.

    ``variant="raw"`` (international literature): ``p_ij = x_ij/Σ_i x_ij`` on the data as
    given (values must be ≥ 0). ``variant="cn"`` (熵值法): ``p`` from the min-max scaled
    column ``z = (x − min)/(max − min)``. ``0·ln 0 = 0``; a column with zero total (or a
    constant column under ``cn``) carries no information (``d = 0``).
    """
    X = np.asarray(X, dtype=float)
    if X.shape[0] < 2:
        raise MethodError("entropy weights need at least two observations")
    if variant == "cn":
        mn, mx = X.min(axis=0), X.max(axis=0)
        span = mx - mn
        Z = np.where(span > 0, (X - mn) / np.where(span > 0, span, 1.0), 0.0)
    elif variant == "raw":
        if (X < 0).any():
            raise MethodError("entropy weights (raw-sum) need values ≥ 0; normalise with "
                              "min-max first or use entropy_cn")
        Z = X
    else:
        raise ConfigError(f"entropy variant must be 'raw' or 'cn', found {variant!r}")
    tot = Z.sum(axis=0)
    P = Z / np.where(tot > 0, tot, 1.0)
    e = np.where(tot > 0, _entropy_of(P), 1.0)
    d = 1.0 - e
    if not d.sum() > 0:
        raise MethodError("entropy weights are undefined: no column varies")
    return d / d.sum()


def critic_weights(X) -> np.ndarray:
    """CRITIC (Diakoulaki et al. 1995): ``C_j = σ_j Σ_k (1 − r_jk)``, ``w = C/ΣC``.

    Columns are min-max scaled to [0, 1] first; ``σ_j`` is their standard deviation and
    ``r`` the Pearson correlation (a constant column has ``σ = 0`` and weight 0).
    """
    X = np.asarray(X, dtype=float)
    if X.shape[0] < 3:
        raise MethodError("CRITIC weights need at least three observations")
    mn, mx = X.min(axis=0), X.max(axis=0)
    span = mx - mn
    Z = np.where(span > 0, (X - mn) / np.where(span > 0, span, 1.0), 0.0)
    sd = Z.std(axis=0, ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        R = np.corrcoef(Z, rowvar=False) if X.shape[1] > 1 else np.ones((1, 1))
    R = np.nan_to_num(np.atleast_2d(R), nan=0.0)
    np.fill_diagonal(R, 1.0)
    C = sd * (1.0 - R).sum(axis=0)
    if not C.sum() > 0:
        raise MethodError("CRITIC weights are undefined: columns are constant or perfectly "
                          "correlated")
    return C / C.sum()


def pca_weights(X) -> np.ndarray:
    """First principal component of the correlation matrix: ``w_j = |v_1j| / Σ|v_1|``."""
    X = np.asarray(X, dtype=float)
    if X.shape[0] < 3:
        raise MethodError("PCA weights need at least three observations")
    sd = X.std(axis=0, ddof=1)
    if (sd == 0).any():
        raise MethodError("PCA weights need every column to vary")
    R = np.atleast_2d(np.corrcoef(X, rowvar=False))
    vals, vecs = np.linalg.eigh(R)
    v = np.abs(vecs[:, np.argmax(vals)])
    return v / v.sum()


def ahp_weights(A, *, name: str = "matrix", cr_max: float = 0.1) -> tuple[np.ndarray, float]:
    """AHP weights from a pairwise comparison matrix (Saaty): principal eigenvector.

    Returns ``(weights, CR)`` with ``CR = CI/RI``, ``CI = (λ_max − n)/(n − 1)``; raises a
    :class:`ConfigError` when the matrix is not positive and reciprocal or when
    ``CR ≥ cr_max``.
    """
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    if A.ndim != 2 or A.shape[1] != n:
        raise ConfigError(f"ahp {name}: the pairwise matrix must be square, found shape {A.shape}")
    if (A <= 0).any() or not np.isfinite(A).all():
        raise ConfigError(f"ahp {name}: pairwise judgements must be positive numbers")
    if not np.allclose(A * A.T, 1.0, rtol=0.02):
        raise ConfigError(f"ahp {name}: the matrix is not reciprocal (a_ji must be 1/a_ij)")
    vals, vecs = np.linalg.eig(A)
    k = int(np.argmax(vals.real))
    lam = float(vals[k].real)
    w = np.abs(vecs[:, k].real)
    w = w / w.sum()
    ri = RANDOM_INDEX[n - 1] if n <= len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    cr = 0.0 if n <= 2 or ri == 0 else (lam - n) / (n - 1) / ri
    if cr >= cr_max:
        raise ConfigError(f"ahp {name}: consistency ratio {cr:.3f} ≥ {cr_max} "
                          f"(λmax = {lam:.4f}, n = {n}); revise the pairwise judgements")
    return w, cr


def _number(v) -> float:
    if isinstance(v, str):
        try:
            return float(Fraction(v.strip()))
        except (ValueError, ZeroDivisionError):
            raise ConfigError(f"ahp: {v!r} is not a number or fraction like '1/3'") from None
    return float(v)


def _ahp(framework, ahp) -> pd.Series:
    table = framework.table
    raw = table["weight"].astype(float).copy()
    if not ahp:
        raise ConfigError("weights: method 'ahp' needs pairwise matrices: "
                          "[weights.ahp.<parent>] children = [...], matrix = [[...]]")
    problems = []
    for parent, spec in ahp.items():
        if parent not in table.index or not framework.children(parent):
            problems.append(f"ahp: {parent!r} is not an aggregate of the framework")
            continue
        kids = list(framework.children(parent))
        if isinstance(spec, dict):
            order = list(spec.get("children", kids))
            matrix = spec.get("matrix")
        else:
            order, matrix = kids, spec
        if sorted(order) != sorted(kids):
            problems.append(f"ahp {parent}: children {order} do not match the framework's "
                            f"{kids}")
            continue
        if matrix is None:
            problems.append(f"ahp {parent}: no matrix given")
            continue
        A = np.array([[_number(v) for v in row] for row in matrix], dtype=float)
        if A.shape != (len(kids), len(kids)):
            problems.append(f"ahp {parent}: matrix is {A.shape[0]}×{A.shape[1] if A.ndim > 1 else 0}"
                            f", expected {len(kids)}×{len(kids)}")
            continue
        try:
            w, _ = ahp_weights(A, name=parent)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        raw[order] = w
    if problems:
        raise ConfigError(problems)
    return raw


_FUNCS = {"entropy": lambda C: entropy_weights(C, variant="raw"),
          "entropy_cn": lambda C: entropy_weights(C, variant="cn"),
          "critic": critic_weights, "pca": pca_weights}


def data_driven(method, X, framework, *, ahp=None) -> pd.Series:
    """Raw weights for every node (renormalised within each parent by the caller).

    Data-driven methods run within each parent, bottom-up, on the complete rows of the
    parent's children (all years together); an aggregate child's values are the weighted
    arithmetic mean of its own children with the weights just found.
    """
    if method == "ahp":
        return _ahp(framework, ahp)
    table = framework.table
    raw = pd.Series(1.0, index=table.index)
    cols = {c: X[c].to_numpy(dtype=float) for c in framework.indicators}
    f = _FUNCS[method]
    for node in framework.aggregates:
        kids = list(framework.children(node))
        C = np.column_stack([cols[k] for k in kids])
        if len(kids) == 1:
            w = np.ones(1)
        else:
            ok = ~np.isnan(C).any(axis=1)
            try:
                w = f(C[ok])
            except MethodError as exc:
                raise MethodError([f"weights {method} for node {node} "
                                   f"(children {', '.join(kids)}): {p}" for p in exc.problems]) from None
        raw[kids] = w
        avail = ~np.isnan(C)
        W = np.where(avail, w, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            cols[node] = (W * np.where(avail, C, 0.0)).sum(axis=1) / W.sum(axis=1)
    return raw
