"""AHP weights (Saaty): pairwise comparison matrices per parent, consistency checked."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from ..errors import ConfigError

__all__ = ["ahp_weights", "framework_ahp", "RANDOM_INDEX"]

# Saaty's random consistency index by matrix order (1-based; orders 1 and 2 are always consistent).
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)


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


def framework_ahp(framework, ahp) -> pd.Series:
    """Raw weights of every node: AHP weights for the parents given in ``ahp``, the
    framework's own weights elsewhere (renormalised within each parent by the caller)."""
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
