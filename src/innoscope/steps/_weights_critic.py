"""CRITIC weights (Diakoulaki et al. 1995): contrast intensity and conflict between criteria."""
from __future__ import annotations

import numpy as np

from ..errors import MethodError

__all__ = ["critic_weights"]


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
