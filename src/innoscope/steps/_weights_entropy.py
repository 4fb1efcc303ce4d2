"""Entropy weights (熵值法): information carried by the dispersion of each column.

Formulas: ``docs/methods.md``.
"""
from __future__ import annotations

import numpy as np

from ..errors import ConfigError, MethodError

__all__ = ["entropy_weights"]


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
