"""Weights from the first principal component of the correlation matrix."""
from __future__ import annotations

import numpy as np

from ..errors import MethodError

__all__ = ["pca_weights"]


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
