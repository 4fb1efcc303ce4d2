"""Efficiency classes used in evaluation reports."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import EfficiencyError

#: Labels of :func:`classify_efficiency`, best first.
CLASSES = ("efficient", "high", "room to improve")


def classify_efficiency(scores, high: float = 0.9, *, tol: float = 1e-8) -> pd.Series:
    """Classify efficiency scores: ``efficient`` (= 1), ``high`` (>= ``high``) or ``room to improve``.

    Parameters
    ----------
    scores : Series or array of scores in (0, 1] (e.g. ``DEAResult.efficiency``)
    high : float
        Threshold of the ``high`` class (0.9 by default).
    tol : float
        A score within ``tol`` of 1 counts as efficient (LP round-off).

    Returns
    -------
    Series of ordered categoricals, same index as ``scores``.

    Examples
    --------
    >>> classify_efficiency(pd.Series([1.0, 0.95, 0.5], index=["A", "B", "C"])).tolist()
    ['efficient', 'high', 'room to improve']
    """
    s = pd.Series(scores, dtype=float) if not isinstance(scores, pd.Series) else scores.astype(float)
    if not 0 < high <= 1:
        raise EfficiencyError(f"high must be in (0, 1]; got {high}")
    bad = s.index[~np.isfinite(s.to_numpy())]
    if len(bad):
        raise EfficiencyError([f"DMU {b}: efficiency score is missing" for b in bad])
    v = s.to_numpy()
    lab = np.where(v >= 1 - tol, CLASSES[0], np.where(v >= high, CLASSES[1], CLASSES[2]))
    return pd.Series(pd.Categorical(lab, categories=list(CLASSES), ordered=True), index=s.index,
                     name="efficiency_class")
