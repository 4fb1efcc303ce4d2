"""Global Moran's I and local Moran (LISA) on a contiguity table, via PySAL (libpysal, esda)."""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import MethodError

__all__ = ["moran", "local_moran", "MoranResult", "MORAN_STATISTICS", "LISA_COLUMNS"]

#: Rows of :meth:`MoranResult.to_frame`, in order.
MORAN_STATISTICS = ("moran_i", "expected_i", "z_norm", "p_norm", "z_rand", "p_rand", "p_sim")
#: Columns of :func:`local_moran`.
LISA_COLUMNS = ["region", "value", "local_i", "quadrant", "p_sim", "cluster"]
_QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}


@dataclass(frozen=True)
class MoranResult:
    """Global Moran's I with normal, randomisation and permutation inference.

    ``p_norm`` and ``p_rand`` are two-tailed (esda's default); ``p_sim`` is the pseudo
    p-value ``(m + 1) / (permutations + 1)``, where ``m`` counts permutations at least as
    extreme on the side of the observed I (esda's convention); NaN without permutations.
    """

    moran_i: float
    expected_i: float
    z_norm: float
    p_norm: float
    z_rand: float
    p_rand: float
    p_sim: float
    n: int
    permutations: int
    seed: int | None = None
    islands: tuple[str, ...] = field(default=())

    def to_frame(self) -> pd.DataFrame:
        """``statistic, value`` rows in the order of :data:`MORAN_STATISTICS`."""
        return pd.DataFrame({"statistic": list(MORAN_STATISTICS),
                             "value": [float(getattr(self, s)) for s in MORAN_STATISTICS]})

    def summary(self) -> str:
        """One line: I, its expectation and the p-values."""
        return (f"Moran's I = {self.moran_i:.3f} (E[I] = {self.expected_i:.3f}, n = {self.n}); "
                f"p_norm = {self.p_norm:.3g}, p_rand = {self.p_rand:.3g}, p_sim = {self.p_sim:.3g} "
                f"({self.permutations} permutations)")


def _weights(values: pd.Series, neighbors: pd.DataFrame):
    """Row-standardised libpysal ``W`` over the regions of ``values`` (in their order)."""
    from libpysal.weights import W

    problems = []
    for col in ("region", "neighbor"):
        if col not in neighbors.columns:
            problems.append(f"contiguity table: missing column {col!r} (expected region, neighbor)")
    if problems:
        raise MethodError(problems)
    missing = [str(r) for r, v in values.items() if pd.isna(v)]
    if missing:
        raise MethodError(f"Moran's I needs a value for every region: missing for {', '.join(missing)}")
    if values.index.duplicated().any():
        dup = sorted({str(r) for r in values.index[values.index.duplicated()]})
        raise MethodError(f"Moran's I needs one value per region: repeated {', '.join(dup)}")
    if len(values) < 3:
        raise MethodError(f"Moran's I needs at least 3 regions, found {len(values)}")
    if float(np.var(values.to_numpy(dtype=float))) == 0.0:
        raise MethodError("Moran's I is undefined when every region has the same value")
    regions = [str(r) for r in values.index]
    keep = set(regions)
    pairs = neighbors[["region", "neighbor"]].astype(str)
    pairs = pairs[pairs["region"].isin(keep) & pairs["neighbor"].isin(keep)
                  & (pairs["region"] != pairs["neighbor"])]
    # contiguity is symmetric: a pair given once counts both ways
    both = pd.concat([pairs, pairs.rename(columns={"region": "neighbor", "neighbor": "region"})])
    both = both.drop_duplicates()
    nb = {r: sorted(both.loc[both["region"] == r, "neighbor"]) for r in regions}
    islands = tuple(r for r in regions if not nb[r])
    if len(islands) == len(regions):
        raise MethodError("Moran's I: no region of the data has a neighbour in the contiguity table")
    if islands:
        warnings.warn(f"regions without a neighbour in the data (weight 0): {', '.join(islands)}",
                      stacklevel=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal's own island warning; ours names the regions
        w = W(nb, id_order=regions, silence_warnings=True)
        w.transform = "r"
    return w, islands


def _seed(rng) -> tuple[np.random.Generator, int | None]:
    if isinstance(rng, np.random.Generator):
        return rng, None
    return np.random.default_rng(rng), (int(rng) if rng is not None else None)


def moran(values: pd.Series, neighbors: pd.DataFrame, *, permutations: int = 999,
          rng=None) -> MoranResult:
    """Global Moran's I of ``values`` on row-standardised contiguity weights.

    Parameters
    ----------
    values : pandas.Series
        One value per region, indexed by region code (no missing values).
    neighbors : pandas.DataFrame
        ``region, neighbor`` pairs (either direction or both); pairs outside ``values`` are
        ignored. Regions without a neighbour get weight 0, with a warning naming them.
    permutations : int
        Random permutations for ``p_sim`` (0: none, ``p_sim`` is NaN).
    rng : int, numpy.random.Generator or None
        Seed of the permutations; the same seed gives the same ``p_sim``.

    Returns
    -------
    MoranResult

    Notes
    -----
    :math:`I = \\frac{n}{S_0} \\frac{z^\\top W z}{z^\\top z}` with :math:`z = y - \\bar y`
    (Moran 1950; Cliff & Ord 1981 for the normal and randomisation moments), as in
    ``esda.Moran``; the permutations are drawn here from ``rng`` so that they are seeded.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=list("abcde"))
    >>> line = pd.DataFrame({"region": list("abcd"), "neighbor": list("bcde")})
    >>> round(moran(y, line, permutations=0).moran_i, 3)
    0.6
    """
    import esda

    if permutations < 0:
        raise MethodError(f"permutations must be 0 or more, found {permutations}")
    w, islands = _weights(values, neighbors)
    y = values.to_numpy(dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        m = esda.Moran(y, w, permutations=0)
    gen, seed = _seed(rng)
    p_sim = float("nan")
    if permutations:
        z = y - y.mean()
        sparse = w.sparse
        perms = np.array([gen.permutation(z) for _ in range(permutations)])
        sims = (len(y) / w.s0) * np.einsum("ij,ij->i", perms, (sparse @ perms.T).T) / (z @ z)
        above = int((sims >= m.I).sum())
        larger = above if m.I >= sims.mean() else permutations - above
        p_sim = (larger + 1.0) / (permutations + 1.0)
    return MoranResult(moran_i=float(m.I), expected_i=float(m.EI), z_norm=float(m.z_norm),
                       p_norm=float(m.p_norm), z_rand=float(m.z_rand), p_rand=float(m.p_rand),
                       p_sim=p_sim, n=len(y), permutations=permutations, seed=seed, islands=islands)


def local_moran(values: pd.Series, neighbors: pd.DataFrame, *, permutations: int = 999,
                alpha: float = 0.05, rng=None) -> pd.DataFrame:
    """Local Moran's I (LISA, Anselin 1995) with conditional-permutation pseudo p-values.

    Parameters
    ----------
    values, neighbors, rng
        As for :func:`moran`.
    permutations : int
        Conditional permutations per region (at least 1).
    alpha : float
        Significance level of the ``cluster`` column.

    Returns
    -------
    pandas.DataFrame
        ``region, value, local_i, quadrant, p_sim, cluster``: ``quadrant`` is ``HH``, ``LH``,
        ``LL`` or ``HL`` (the region's value, then its neighbours' mean, above or below the
        mean); ``cluster`` is the quadrant where ``p_sim <= alpha``, else ``ns``. Regions
        without a neighbour have ``local_i`` 0 and ``cluster`` ``ns``.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=list("abcde"))
    >>> line = pd.DataFrame({"region": list("abcd"), "neighbor": list("bcde")})
    >>> local_moran(y, line, permutations=99, rng=0)["quadrant"].tolist()
    ['LL', 'LL', 'LL', 'HH', 'HH']
    """
    import esda

    if permutations < 1:
        raise MethodError(f"LISA needs at least 1 permutation, found {permutations}")
    if not 0 < alpha < 1:
        raise MethodError(f"alpha must lie in (0, 1), found {alpha}")
    w, islands = _weights(values, neighbors)
    y = values.to_numpy(dtype=float)
    gen, _ = _seed(rng)
    seed = int(gen.integers(0, 2**31 - 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", DeprecationWarning)  # esda's notice of a future default
        lm = esda.Moran_Local(y, w, permutations=permutations, seed=seed, n_jobs=1,
                              keep_simulations=False)
    quadrant = [_QUADRANTS[int(q)] for q in lm.q]
    p = np.asarray(lm.p_sim, dtype=float)
    out = pd.DataFrame({"region": [str(r) for r in values.index], "value": y,
                        "local_i": np.asarray(lm.Is, dtype=float), "quadrant": quadrant, "p_sim": p})
    out["cluster"] = np.where(p <= alpha, out["quadrant"], "ns")
    out.loc[out["region"].isin(islands), "cluster"] = "ns"
    return out[LISA_COLUMNS]
