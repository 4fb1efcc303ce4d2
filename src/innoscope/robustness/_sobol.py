"""Variance-based sensitivity: Saltelli design on a Sobol sequence, Saltelli (2010) first-order
and Jansen (1999) total-effect estimators, bootstrap confidence intervals.

With ``A`` and ``B`` two independent ``N × d`` samples and ``AB_i`` = ``A`` with the
columns of input (group) ``i`` taken from ``B``, and outputs standardised over all runs:

* first order (Saltelli et al. 2010, eq. (b) of table 2): ``S_i = mean(f(B)·(f(AB_i) − f(A))) / V``
* total effect (Jansen 1999): ``ST_i = mean((f(A) − f(AB_i))²) / (2V)``

with ``V`` the variance of ``f(A)`` and ``f(B)`` together — the estimators of SALib's
``sobol.analyze``, which the tests compare with. Confidence intervals: the standard
deviation of the estimates over bootstrap resamples of the ``N`` rows, times the normal
quantile of the confidence level.
"""
from __future__ import annotations

import numpy as np

from ..errors import ConfigError

__all__ = ["saltelli_design", "sobol_estimates", "MIN_BASE"]

#: Fewest base rows of a Saltelli design (before rounding up to a power of two).
MIN_BASE = 64


def saltelli_design(groups: list[int], n: int, rng) -> tuple[np.ndarray, int]:
    """The ``(G + 2)·N × d`` design: ``A``, ``B``, then ``AB_1 … AB_G`` as blocks of ``N`` rows.

    Parameters
    ----------
    groups : list of int
        Number of coordinates of each input (an input may own several, e.g. all weights).
    n : int
        Base sample size, rounded up to a power of two (Sobol points keep their balance
        properties only in powers of two).
    rng : Generator
        Scrambles the Sobol sequence.

    Returns
    -------
    U : ndarray
    N : int
        The base size used.

    Examples
    --------
    >>> U, N = saltelli_design([1, 2], 64, np.random.default_rng(0))
    >>> U.shape, N
    ((256, 3), 64)
    """
    from scipy.stats import qmc

    if n < MIN_BASE:
        raise ConfigError(f"Sobol analysis needs at least {MIN_BASE} base samples (it runs "
                          f"N × (inputs + 2) replicates); found N = {n}")
    d = int(sum(groups))
    m = int(np.ceil(np.log2(n)))
    N = 2 ** m
    base = qmc.Sobol(d=2 * d, scramble=True, seed=rng).random_base2(m)
    A, B = base[:, :d], base[:, d:]
    blocks = [A, B]
    start = 0
    for g in groups:
        AB = A.copy()
        AB[:, start:start + g] = B[:, start:start + g]
        blocks.append(AB)
        start += g
    return np.vstack(blocks), N


def sobol_estimates(fA: np.ndarray, fB: np.ndarray, fAB: np.ndarray, *, resamples: int = 100,
                    conf_level: float = 0.95, rng=None) -> dict[str, np.ndarray]:
    """First-order and total indices of each input with bootstrap intervals.

    Parameters
    ----------
    fA, fB : ndarray (N,) or (N, O)
        Outputs on ``A`` and ``B`` (``O`` outputs analysed together, same resamples).
    fAB : ndarray (G, N) or (G, N, O)
        Outputs on ``AB_i``.
    resamples : int
        Bootstrap resamples of the rows (0: no intervals).
    conf_level : float
    rng : int, Generator or None

    Returns
    -------
    dict with ``S1, S1_conf, ST, ST_conf`` arrays of shape ``(G,)`` (or ``(G, O)``); ``nan``
    where the output does not vary.

    Notes
    -----
    A bootstrap resample's mean of any per-row quantity is ``(c · x)/N`` with ``c`` the row
    counts of the resample, so all resamples of all outputs are one matrix product.
    """
    from scipy.stats import norm

    fA, fB, fAB = (np.asarray(x, dtype=float) for x in (fA, fB, fAB))
    one = fA.ndim == 1
    if one:
        fA, fB, fAB = fA[:, None], fB[:, None], fAB[:, :, None]
    G, N, O = fAB.shape
    allY = np.concatenate([fA, fB, fAB.reshape(G * N, O)])
    mu, sd = allY.mean(axis=0), allY.std(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        fA, fB, fAB = (fA - mu) / sd, (fB - mu) / sd, (fAB - mu) / sd
        var = np.var(np.concatenate([fA, fB]), axis=0)
        d1 = fB[None] * (fAB - fA[None])                  # (G, N, O)
        dt = 0.5 * (fA[None] - fAB) ** 2
        out = {"S1": d1.mean(axis=1) / var, "ST": dt.mean(axis=1) / var}
        if resamples:
            r = np.random.default_rng(rng).integers(N, size=(N, resamples)).T  # SALib's order
            C = np.bincount((r + N * np.arange(resamples)[:, None]).ravel(),
                            minlength=resamples * N).reshape(resamples, N).astype(float)
            m1 = C @ (fA + fB) / (2 * N)
            m2 = C @ (fA ** 2 + fB ** 2) / (2 * N)
            v = m2 - m1 ** 2                              # (R, O)
            z = norm.ppf(0.5 + conf_level / 2)
            s1 = np.einsum("rn,gno->gro", C, d1) / N / v[None]
            st = np.einsum("rn,gno->gro", C, dt) / N / v[None]
            out["S1_conf"] = z * s1.std(axis=1, ddof=1)
            out["ST_conf"] = z * st.std(axis=1, ddof=1)
        else:
            out["S1_conf"] = np.full((G, O), np.nan)
            out["ST_conf"] = np.full((G, O), np.nan)
    flat = ~(sd > 0) | ~(var > 0)
    for k in out:
        out[k] = np.where(flat[None, :], np.nan, out[k])
    if one:
        out = {k: v[:, 0] for k, v in out.items()}
    return out
