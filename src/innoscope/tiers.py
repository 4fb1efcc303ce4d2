"""Tiers: group regions by their index score (per year), and strengths & weaknesses."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ._estimator import Estimator
from .errors import ConfigError, MethodError
from .steps import year_groups

__all__ = ["Tier", "tiers", "jenks_breaks", "strengths_weaknesses", "obstacle_degree", "score_bounds", "RULES", "SPLITS",
           "TIES", "OBSTACLE_COLUMNS"]

RULES = ("median", "relative", "quantile", "none")
SPLITS = ("gaps", "jenks")
TIES = ("min", "max", "include", "exclude")
EIS_THRESHOLDS = (1.25, 1.0, 0.7)
OBSTACLE_COLUMNS = ["region", "year", "level", "code", "rank", "factor", "deviation", "obstacle"]


class Tier(Estimator):
    """Assign tiers from index scores, year by year (1 = top).

    Rules
    -----
    ``median``
        Regions scoring at or above the year's median form the upper group, split into
        ``k`` tiers at the ``k − 1`` largest score gaps (``split="gaps"``) or by Fisher–Jenks
        natural breaks (``split="jenks"``); regions below the upper group get no tier.
        ``size`` fixes the size of the upper group instead of the median (to reproduce a
        published count); ``tie`` decides a tie at its boundary: ``min`` — exactly ``size``
        regions, tied regions taken in ascending region-code order; ``max`` — exactly
        ``size``, tied regions taken in descending code order; ``include`` — every region
        tied with the last one in (the group may be larger); ``exclude`` — none of the
        regions tied with the first one out (the group may be smaller).
    ``relative``
        EIS-style bands against the year's mean score ``m``: tier 1 if ``s > t₁·m``, 2 if
        ``s ≥ t₂·m``, 3 if ``s ≥ t₃·m``, else 4, with ``thresholds = (t₁, t₂, t₃)`` =
        (1.25, 1.0, 0.7) by default (any decreasing list of ``k − 1`` values works).
    ``quantile``
        ``k`` groups by rank: ``tier = ⌊k·(rank − 1)/n⌋ + 1`` (rank 1 = best, ties at the
        minimum rank), so tier 1 is the top ``n/k``.
    ``none``
        No tiers.

    Missing values: a missing score gets no tier and does not count in ``n``.

    Parameters
    ----------
    rule : str
        ``median`` (upper half split into ``k`` tiers), ``relative`` (bands against the
        mean score), ``quantile`` (``k`` groups by rank) or ``none``.
    k : int
        Number of tiers (``median``: within the upper group; ``quantile``: groups by rank).
    split : str
        How the ``median`` rule splits its upper group: largest score gaps or Jenks breaks.
    size : int, optional
        Fixed size of the ``median`` rule's upper group instead of the median.
    tie : str
        Tie at the boundary of a fixed-size upper group.
    thresholds : list of float, optional
        Decreasing multiples of the mean score for the ``relative`` rule (default
        1.25, 1.0, 0.7).

    Attributes
    ----------
    tiers_ : Series
        Tier per ``(region, year)`` (nullable integer; missing = no tier).

    Examples
    --------
    >>> s = pd.Series([90.0, 85, 60, 58, 20, 10], index=pd.MultiIndex.from_product(
    ...     [list("ABCDEF"), [2021]], names=["region", "year"]))
    >>> tiers(s, rule="median", k=2).tolist()
    [1, 1, 2, <NA>, <NA>, <NA>]
    """

    _step = "tiers"
    _choices = {"rule": RULES, "split": SPLITS, "tie": TIES}

    def __init__(self, *, rule: str = "median", k: int = 2, split: str = "gaps",
                 size: int | None = None, tie: str = "min",
                 thresholds: list[float] | None = None):
        self.rule = rule
        self.k = k
        self.split = split
        self.size = size
        self.tie = tie
        self.thresholds = thresholds

    def _problems(self) -> list[tuple[str, str]]:
        out = super()._problems()
        if not _integer(self.k) or self.k < 1:
            out.append(("k", f"must be an integer ≥ 1, found {self.k!r}"))
        if self.size is not None and (not _integer(self.size) or self.size < 0):
            out.append(("size", f"must be an integer ≥ 0, found {self.size!r}"))
        th = self.thresholds
        if th is not None:
            try:
                th = [float(t) for t in th]
            except (TypeError, ValueError):
                out.append(("thresholds", f"expected a list of numbers, found {self.thresholds!r}"))
            else:
                if any(a <= b for a, b in zip(th, th[1:])):
                    out.append(("thresholds", f"relative thresholds must decrease, found {th}"))
        return out

    def fit(self, scores: pd.Series) -> "Tier":
        self._validate()
        k = int(self.k)
        out = np.full(len(scores), -1, dtype=np.int64)
        if self.rule != "none":
            v = scores.to_numpy(dtype=float)
            regions = None
            if self.size is not None and self.rule == "median":
                regions = np.asarray(scores.index.get_level_values("region"), dtype=str)
            too_few = []
            for y, rows in year_groups(scores.index):
                rows = rows[~np.isnan(v[rows])]
                if len(rows):
                    if regions is not None and int(self.size) >= len(rows):
                        too_few.append(f"{y} ({len(rows)})")
                    out[rows] = self._year(v[rows], None if regions is None else regions[rows],
                                           y, k)
            if too_few:
                warnings.warn(f"tiers: an upper group of size {self.size} holds every region in "
                              f"{', '.join(too_few)}: the plain median rule is used there instead "
                              "(set tiers.size for these data)", UserWarning, stacklevel=2)
        arr = pd.arrays.IntegerArray(np.where(out > 0, out, 0), out <= 0)
        self.tiers_ = pd.Series(arr, index=scores.index, name="tier")
        return self

    def _year(self, s: np.ndarray, regions: np.ndarray, year, k: int) -> np.ndarray:
        n = len(s)
        if self.rule == "relative":
            th = EIS_THRESHOLDS if self.thresholds is None else tuple(float(t) for t in self.thresholds)
            m = s.mean()
            if not m > 0:
                raise MethodError(f"tiers relative: the mean score of year {year} is {m:g}; "
                                  "bands against the mean need positive scores")
            r = s / m
            tier = np.full(n, len(th) + 1)
            for i in range(len(th) - 1, -1, -1):
                hit = r > th[i] if i == 0 else r >= th[i]
                tier[hit] = i + 1
            return tier
        rank = _rank_min(s)
        if self.rule == "quantile":
            return (k * (rank - 1)) // n + 1
        # median rule
        if self.size is None or int(self.size) >= n:
            upper = s >= np.median(s)
        else:
            upper = _fixed_size(s, regions, rank, int(self.size), self.tie)
        tier = np.zeros(n, dtype=np.int64)
        idx = np.nonzero(upper)[0]
        if len(idx):
            split = _gaps if self.split == "gaps" else _jenks
            tier[idx] = split(s[idx], k)
        return tier


def _integer(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _rank_min(s: np.ndarray) -> np.ndarray:
    """Rank 1 = highest; ties share the minimum rank."""
    order = np.sort(s)[::-1]
    return np.searchsorted(-order, -s, side="left") + 1


def _fixed_size(s, regions, rank, size, tie) -> np.ndarray:
    n = len(s)
    size = max(0, min(size, n))
    if tie == "include":
        return rank <= size
    if tie == "exclude":
        rank_max = n - np.searchsorted(np.sort(s), s, side="left")
        return rank_max <= size
    codes = regions if tie == "min" else np.array([_Rev(r) for r in regions], dtype=object)
    order = sorted(range(n), key=lambda i: (-s[i], codes[i]))
    upper = np.zeros(n, dtype=bool)
    upper[order[:size]] = True
    return upper


class _Rev(str):
    def __lt__(self, other):
        return str.__gt__(self, other)


def _gaps(s: np.ndarray, k: int) -> np.ndarray:
    order = np.argsort(-s, kind="stable")
    gaps = -np.diff(s[order])
    cuts = sorted(np.argsort(-gaps, kind="stable")[: max(min(k, len(s)) - 1, 0)])
    tier_sorted = np.ones(len(s), dtype=np.int64)
    for c in cuts:
        tier_sorted[c + 1:] += 1
    tier = np.empty(len(s), dtype=np.int64)
    tier[order] = tier_sorted
    return tier


def jenks_breaks(values, k: int) -> list[float]:
    """Fisher–Jenks natural breaks: the ``k`` classes of sorted ``values`` minimising the
    total within-class sum of squared deviations (exact dynamic programme, O(k·n²)).

    Returns the class upper bounds in ascending order (the last is the maximum).

    Examples
    --------
    >>> jenks_breaks([1, 2, 3, 10, 11, 12, 30], 3)
    [3.0, 12.0, 30.0]
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    k = max(1, min(int(k), n))
    c1 = np.concatenate([[0.0], np.cumsum(x)])
    c2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def ssd(i, j):  # items i..j-1
        m = j - i
        return c2[j] - c2[i] - (c1[j] - c1[i]) ** 2 / m

    cost = np.full((k + 1, n + 1), np.inf)
    back = np.zeros((k + 1, n + 1), dtype=int)
    cost[0, 0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            best, arg = np.inf, c - 1
            for i in range(c - 1, j):
                v = cost[c - 1, i] + ssd(i, j)
                if v < best - 1e-12:
                    best, arg = v, i
            cost[c, j], back[c, j] = best, arg
    bounds, j = [], n
    for c in range(k, 0, -1):
        bounds.append(float(x[j - 1]))
        j = back[c, j]
    return bounds[::-1]


def _jenks(s: np.ndarray, k: int) -> np.ndarray:
    bounds = jenks_breaks(s, k)
    cls = np.searchsorted(np.asarray(bounds), s, side="left")  # 0 = lowest class
    return len(bounds) - cls


def tiers(scores: pd.Series, **params) -> pd.Series:
    """One-shot twin of :class:`Tier`."""
    return Tier(**params).fit(scores).tiers_


def strengths_weaknesses(result, year: int | None = None, *, margin: int | None = None,
                         level: int = 1) -> pd.DataFrame:
    """Indicators whose rank is far better or worse than the region's overall rank.

    A node at ``level`` (1 = indicators) is a *strength* of a region when its rank is at
    least ``margin`` places better than the region's index rank, a *weakness* when at least
    ``margin`` places worse. Ranks: 1 = best, ties at the minimum rank, per year.

    Parameters
    ----------
    result : IndexResult
    year : int, optional
        Default: the last year.
    margin : int, optional
        Rank difference; default ``max(1, round(n/5))`` for ``n`` ranked regions.
    level : int
        Framework level of the nodes compared (1 = indicators, 2 = first aggregates…).

    Returns
    -------
    DataFrame
        ``region, year, kind, code, rank, overall_rank`` sorted by region, kind
        (strengths first) and distance from the overall rank (largest first).
    """
    year = result.years[-1] if year is None else year
    if year not in result.years:
        raise ConfigError(f"strengths_weaknesses: year {year} not in the result "
                          f"(years: {', '.join(map(str, result.years))})")
    ranks = result.ranks.xs(year, level="year")
    root = result.root
    overall = ranks[root]
    n = int(overall.notna().sum())
    m = max(1, round(n / 5)) if margin is None else int(margin)
    codes = [c for c in result.framework.codes if result.framework.level(c) == level]
    R = ranks[codes].to_numpy(dtype=float, na_value=np.nan)
    O = overall.to_numpy(dtype=float, na_value=np.nan)[:, None]
    diff = O - R  # > 0: the node ranks better than the index
    regions = np.asarray(ranks.index, dtype=object)
    rows = []
    for kind, mask in (("strength", diff >= m), ("weakness", -diff >= m)):
        ri, ci = np.nonzero(mask)
        for r, c in zip(ri.tolist(), ci.tolist()):
            rows.append((regions[r], year, kind, codes[c], int(R[r, c]), int(O[r, 0]),
                         abs(int(diff[r, c]))))
    out = pd.DataFrame(rows, columns=["region", "year", "kind", "code", "rank", "overall_rank",
                                      "_d"])
    out = out.sort_values(["region", "kind", "_d", "code"], ascending=[True, True, False, True],
                          kind="stable")
    return out.drop(columns="_d").reset_index(drop=True)


def score_bounds(result) -> tuple[float, float] | None:
    """The interval an index's normalised scores lie in: the normalisation ``range`` for
    ``minmax`` and ``target``, (0, 1) for ``percentile`` and ``fracmax``; ``None`` for
    unbounded normalisations (``zscore``, ``rank``, ``efficacy``, ``share``)."""
    step = (result.params or {}).get("normalise")
    method = getattr(step, "method", "minmax")
    if method in ("percentile", "fracmax"):
        return 0.0, 1.0
    if method not in ("minmax", "target"):
        return None
    lo, hi = (tuple(getattr(step, "range", None) or (0.0, 100.0)) + (0.0, 100.0))[:2]
    return (float(lo), float(hi)) if float(hi) > float(lo) else None


def _path_weights(framework, weights) -> dict[str, float]:
    """Each indicator's factor contribution: the product of its sibling-normalised weights
    up to the root."""
    share = {}
    for node in framework.codes:
        kids = list(framework.children(node))
        if not kids:
            continue
        w = np.array([float(weights.get(k, 1.0)) for k in kids])
        total = w.sum()
        for k, x in zip(kids, w):
            share[k] = x / total if total > 0 else 0.0
    out = {}
    for c in framework.indicators:
        x, node = 1.0, c
        while framework.parent(node) is not None:
            x *= share.get(node, 0.0)
            node = framework.parent(node)
        out[c] = x
    return out


def obstacle_degree(result, year: int | None = None, *, top: int | None = None,
                    level: int | None = None) -> pd.DataFrame:
    """Obstacle degree (障碍度) of each indicator and of each first-level pillar, per region.

    For indicator j of a region (Yang et al.'s obstacle model, as used in Chinese regional
    evaluation, e.g. 杨丽 & 孙之淳 2015, 经济地理 35(1)):

    * factor contribution F_j = the product of the weights on j's path to the root, each
      weight divided by the sum of its siblings' (so Σ_j F_j = 1);
    * deviation I_j = 1 − x'_j, with x'_j the normalised score rescaled to [0, 1] by the
      normalisation range (0–100 → /100);
    * obstacle degree O_j = F_j · I_j / Σ_k F_k · I_k.

    A pillar's obstacle degree is the sum of its indicators' (so both levels sum to 1 per
    region). Missing values: an indicator without a normalised score is left out of that
    region's sums; a region that meets every indicator (Σ F·I = 0) gets no rows.

    Parameters
    ----------
    result : IndexResult
    year : int, optional
        Default: the last year.
    top : int, optional
        Keep the ``top`` largest obstacles of each region at each level (default: all).
    level : int, optional
        Framework level of the pillars (default: the first level below the root).

    Returns
    -------
    DataFrame
        ``region, year, level, code, rank, factor, deviation, obstacle`` with ``level``
        ``indicator`` or ``pillar``; rank 1 = the largest obstacle. For pillars, ``factor`` and
        ``deviation`` are the pillar's F (sum of its indicators') and its weighted deviation
        Σ F·I / Σ F.

    Raises
    ------
    MethodError
        When the normalisation is not bounded (z-scores, ranks without a range) so that a
        score cannot be read as a share of the best value.
    """
    fw = result.framework
    year = result.years[-1] if year is None else year
    if year not in result.years:
        raise ConfigError(f"obstacle_degree: year {year} not in the result "
                          f"(years: {', '.join(map(str, result.years))})")
    if top is not None and int(top) < 1:
        raise ConfigError(f"obstacle_degree: top must be 1 or more, found {top}")
    bounds = score_bounds(result)
    if bounds is None:
        raise MethodError("obstacle degree needs scores on a bounded range (minmax, target, "
                          "percentile, fracmax), not normalisation "
                          f"{getattr((result.params or {}).get('normalise'), 'method', '?')!r}")
    lo, hi = bounds
    inds = list(fw.indicators)
    x = result.scores.xs(year, level="year")[inds].astype(float)
    dev = 1.0 - (x - float(lo)) / (float(hi) - float(lo))
    mask = ((dev < -1e-9) | (dev > 1 + 1e-9)).stack()
    if mask.any():
        raise MethodError([f"obstacle degree: normalised score of {c} for region {r} lies outside "
                           f"{lo:g}–{hi:g}" for (r, c), bad in mask.items() if bad])
    dev = dev.clip(0.0, 1.0)
    factor = pd.Series(_path_weights(fw, result.weights))
    f = factor.reindex(inds).to_numpy()
    depth = fw.level(fw.root) - 1 if level is None else int(level)
    pillars = [c for c in fw.codes if fw.level(c) == depth]
    owner = {}
    for c in inds:
        node = c
        while node is not None and node not in pillars:
            node = fw.parent(node)
        owner[c] = node
    rows = []
    for region, d in dev.iterrows():
        fi = f * d.to_numpy()
        ok = ~np.isnan(fi)
        total = float(np.nansum(fi))
        if total <= 0:
            continue
        o = pd.Series(np.where(ok, fi / total, np.nan), index=inds).dropna()
        ind_rows = [(c, float(factor[c]), float(d[c]), float(o[c])) for c in o.index]
        pil = {}
        for c, fc, dc, oc in ind_rows:
            p = owner.get(c)
            if p is None:
                continue
            a = pil.setdefault(p, [0.0, 0.0, 0.0])
            a[0] += fc
            a[1] += fc * dc
            a[2] += oc
        pil_rows = [(p, a[0], a[1] / a[0] if a[0] > 0 else np.nan, a[2]) for p, a in pil.items()]
        for kind, part in (("indicator", ind_rows), ("pillar", pil_rows)):
            part = sorted(part, key=lambda t: (-t[3], t[0]))
            if top is not None:
                part = part[:int(top)]
            rows += [(region, year, kind, c, k + 1, fc, dc, oc) for k, (c, fc, dc, oc) in enumerate(part)]
    return pd.DataFrame(rows, columns=OBSTACLE_COLUMNS)
