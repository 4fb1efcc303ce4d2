"""Path to the next tier: the smallest changes of a region's raw values that reach a target.

For a region ``r`` with the other regions held fixed, find new raw values of its indicators
minimising a weighted L1 distance — in normalised units, or in per cent of its own values —
such that its index score reaches the target's threshold, each indicator bounded by the best
value observed in the year (or a user bound), frozen indicators unchanged.

With linear normalisation (min-max, z-score, …: a fitted ``a + b·x`` per indicator), no outlier
treatment and arithmetic aggregation everywhere, the score is linear in the region's values
and the problem is one linear programme (HiGHS)::

    min Σ c_j y_j   s.t.   Σ g_j y_j ≥ t − s,   0 ≤ y_j ≤ room_j

with ``y_j`` the rise of indicator ``j`` in normalised units, ``g_j`` its weight in the
index (the product of the weights on its path to the root), ``c_j`` its cost per unit and
``room_j`` the normalised distance to its bound. Other pipelines (geometric means, rank
normalisations, treatment) use the same programme on a local linearisation, repeated from
the re-scored point (a sequential-LP heuristic). Every candidate is re-scored by the
:class:`~innoscope.index.Index` pipeline, which decides whether the target is reached.

Min-max statistics move when the region's own value is the year's minimum or maximum: the
bound "best observed value" keeps the maximum fixed; when the region holds the minimum, raising
its value raises the minimum, which moves the other regions' normalised values too (z-score
statistics move with any change). The re-scoring catches both: the programme is solved again
from the re-scored point until the pipeline confirms the target (at most ``MAX_ROUNDS``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._estimator import clone
from ..errors import ConfigError
from ..framework import load_framework
from ..index import Index
from ..panel import Panel, read_panel

__all__ = ["path_to_target", "PathResult", "PATH_COLUMNS", "MAX_ROUNDS"]

PATH_COLUMNS = ["indicator", "current", "needed", "change", "change_pct"]
MAX_ROUNDS = 12
#: A region passes a rival when its score exceeds the rival's by this share of the score.
MARGIN = 1e-6
LINEAR_NORMALISATIONS = ("minmax", "zscore", "target", "efficacy")
RANK_NORMALISATIONS = ("rank", "percentile", "share", "fracmax")


@dataclass(frozen=True, eq=False)
class PathResult:
    """The changes a region needs, and what the Index gives with them.

    Attributes
    ----------
    changes : DataFrame
        ``indicator, current, needed, change, change_pct`` in raw units, one row per
        indicator that changes (empty when the target is already met or out of reach).
    reached : bool
        Whether the re-scored index meets the target.
    method : str
        ``lp`` (one linear programme, exact for linear pipelines) or ``heuristic``.
    message : str
        What happened, in one sentence (e.g. why no path exists within the bounds).
    before, after : dict
        ``score, rank, tier`` of the region with the current and the needed values.
    """

    region: str
    year: int
    target: str
    changes: pd.DataFrame
    reached: bool
    method: str
    message: str
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)


def _parse_target(target: str) -> tuple[str, int | None]:
    t = str(target).strip().lower()
    if t in ("next", ""):
        return "next", None
    m = re.fullmatch(r"tier[:_ ]?(\d+)", t)
    if m:
        return "tier", int(m.group(1))
    m = re.fullmatch(r"rank[:_ ]?(\d+)", t)
    if m and int(m.group(1)) >= 1:
        return "rank", int(m.group(1))
    raise ConfigError(f"--target {target}: use next, tier1 (tier:2, …) or rank:5")


def _resolve_region(name: str, panel: Panel) -> str:
    codes = set(map(str, panel.data["region"].unique()))
    if str(name) in codes:
        return str(name)
    for code, label in panel.labels.items():
        if str(label) == str(name):
            return str(code)
    if panel.chinese:
        from ..regions import registry

        code = registry().try_resolve([name]).get(name)
        if code is not None and str(code) in codes:
            return str(code)
    import difflib

    close = difflib.get_close_matches(str(name), sorted(codes | {str(v) for v in panel.labels.values()}), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise ConfigError(f"--region {name}: not a region of the data{hint}")


def path_to_target(data, framework, *, region: str, target: str = "next", params=None,
                   year: int | None = None, objective: str = "normalised",
                   bounds: dict | None = None, frozen=(), costs: dict | None = None) -> PathResult:
    """Smallest changes of ``region``'s raw values reaching ``target``.

    Parameters
    ----------
    data : Panel, DataFrame or path
    framework : Framework, str or path
    region : str
        Code or label of the region (``安徽`` or ``340000`` for Chinese data).
    target : str
        ``next`` (the tier above the region's, or the lowest tier when it has none),
        ``tier1``/``tier:k`` or ``rank:k`` (rank ``k`` or better).
    params : dict, optional
        ``Index`` parameters (``step__param``).
    year : int, optional
        Default: the last year.
    objective : {"normalised", "percent"}
        L1 distance in normalised units, or in per cent of the region's own values (an
        indicator at zero cannot change under ``percent``).
    bounds : dict, optional
        ``{indicator: raw value}`` the indicator may reach at most (at least, for a negative
        indicator); default: the best value observed in the year.
    frozen : iterable of str
        Indicators the region cannot change.
    costs : dict, optional
        ``{indicator: weight}`` multiplying the distance of an indicator (default 1).

    Examples
    --------
    >>> import pandas as pd
    >>> fw = pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"]})
    >>> data = pd.DataFrame({"region": list("PQRST"), "year": 2021,
    ...                      "a": [1, 2, 3, 4, 5], "b": [5, 3, 4, 1, 2]})
    >>> res = path_to_target(data, fw, region="Q", target="rank:1")
    >>> res.reached, res.changes["indicator"].tolist(), res.after["rank"]
    (True, ['a'], 1)
    """
    if objective not in ("normalised", "percent"):
        raise ConfigError(f"objective: use normalised or percent, found {objective!r}")
    kind, k = _parse_target(target)
    fw = load_framework(framework)
    panel = data if isinstance(data, Panel) else read_panel(data, fw)
    params = dict(params or {})
    index = Index().set_params(**params)
    res = index.fit(panel, fw)
    fw = res.framework
    year = res.years[-1] if year is None else int(year)
    if year not in res.years:
        raise ConfigError(f"year {year} is not in the data (years: {', '.join(map(str, res.years))})")
    code = _resolve_region(region, panel)
    ind = list(fw.indicators)
    problems = [f"--freeze {c}: not an indicator of the index" for c in frozen if c not in ind]
    problems += [f"--bound {c}: not an indicator of the index" for c in (bounds or {}) if c not in ind]
    if problems:
        raise ConfigError(problems)
    state = _State(panel, fw, index, params, year, code, kind, k)
    before = state.status(res)
    goal = state.goal(before)
    label = _target_label(kind, goal)
    if state.met(before, goal):
        return PathResult(code, year, label, pd.DataFrame(columns=PATH_COLUMNS), True, "none",
                          f"{state.name} already meets the target ({label})", before, before)
    if index.normalise.method in RANK_NORMALISATIONS:
        raise ConfigError(f"path: normalisation {index.normalise.method!r} scores a region by its "
                          "place among the others; a path needs min-max, z-score or another "
                          "normalisation with fitted statistics")
    linear = _is_linear(index, res)
    method = "lp" if linear else "heuristic"
    raw0 = state.raw_values()
    direction = fw.table.loc[ind, "direction"].fillna(1).to_numpy(dtype=float)
    best = state.best_values(direction)
    limit = np.array([float((bounds or {}).get(c, b)) for c, b in zip(ind, best)])
    free = np.array([c not in set(frozen) and np.isfinite(raw0[j]) for j, c in enumerate(ind)])
    weight = np.array([float((costs or {}).get(c, 1.0)) for c in ind])
    # candidate thresholds: the other regions' scores above the region's, lowest first
    for rival in state.rivals(res, before):
        x = raw0.copy()
        cur = res
        for _ in range(MAX_ROUNDS):
            s_now = state.score(cur)
            need = state.rival_score(cur, rival) - s_now
            need += MARGIN * max(1.0, abs(state.rival_score(cur, rival)))
            if need <= 0:
                break
            step = state.solve(cur, x, limit, free, weight, direction, need, objective)
            if step is None or np.array_equal(step, x):
                break
            x = step
            cur = state.rescore(x)
        st = state.status(cur)
        if state.met(st, goal):
            return PathResult(code, year, label, _changes(ind, raw0, x), True, method,
                              f"{state.name} reaches {label} with these values "
                              f"(re-scored by the index: score {st['score']:.4g}, rank "
                              f"{st['rank']}, tier {st['tier'] or '-'})", before, st)
        if not np.any(np.abs(x - raw0) > 0) or state.exhausted(x, limit, free, direction):
            break
    return PathResult(code, year, label, pd.DataFrame(columns=PATH_COLUMNS), False, method,
                      f"no path: {state.name} cannot reach {label} within the bounds "
                      "(best observed values or --bound) with the indicators it may change",
                      before, before)


def _target_label(kind, goal) -> str:
    return f"rank {goal}" if kind == "rank" else f"tier {goal}"


def _is_linear(index: Index, res) -> bool:
    norm = index.normalise
    if norm.method not in LINEAR_NORMALISATIONS or any(
            o.get("method", norm.method) not in LINEAR_NORMALISATIONS
            for o in (norm.overrides or {}).values()):
        return False
    if index.treat.method != "none":
        return False
    agg = clone(index.aggregate).fit(res.scores[list(res.framework.indicators)], res.framework,
                                     res.weights)
    return all(m == "arithmetic" or (m == "generalised" and float(index.aggregate.p) == 1)
               for m in agg.methods_.values()) and index.weights.method in (
        "framework", "equal", "ahp")


def _changes(ind, raw0, x) -> pd.DataFrame:
    rows = []
    for j, c in enumerate(ind):
        if np.isfinite(raw0[j]) and x[j] != raw0[j]:
            pct = (x[j] - raw0[j]) / abs(raw0[j]) * 100 if raw0[j] != 0 else np.nan
            rows.append((c, raw0[j], x[j], x[j] - raw0[j], pct))
    return pd.DataFrame(rows, columns=PATH_COLUMNS)


def _silent_highs():
    """A HiGHS instance without its one-time banner on standard output."""
    import os

    import highspy

    try:
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        try:
            h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
    except OSError:  # no usable file descriptor 1
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


class _State:
    """The region, its data and the re-scoring."""

    def __init__(self, panel, fw, index, params, year, code, kind, k):
        self.panel, self.fw, self.index, self.params = panel, fw, index, params
        self.year, self.code, self.kind, self.k = year, code, kind, k
        self.name = str(panel.labels.get(code, code))
        d = panel.data
        self._mask = ((d["region"].astype(str) == code) & (d["year"] == year)).to_numpy()
        self._ind = list(fw.indicators)

    # values
    def raw_values(self) -> np.ndarray:
        d = self.panel.data[self._mask]
        s = pd.Series(d["value"].to_numpy(dtype=float), index=d["indicator"].to_numpy())
        return s.reindex(self._ind).to_numpy(dtype=float)

    def best_values(self, direction) -> np.ndarray:
        d = self.panel.data
        d = d[(d["year"] == self.year) & d["indicator"].isin(self._ind)]
        g = d.groupby("indicator")["value"]
        hi, lo = g.max().reindex(self._ind), g.min().reindex(self._ind)
        return np.where(direction >= 0, hi.to_numpy(dtype=float), lo.to_numpy(dtype=float))

    def with_values(self, x) -> Panel:
        d = self.panel.data.copy()
        rows = np.nonzero(self._mask)[0]
        pos = {c: j for j, c in enumerate(self._ind)}
        vals = d["value"].to_numpy(dtype=float).copy()
        inds = d["indicator"].to_numpy()
        for r in rows:
            j = pos.get(inds[r])
            if j is not None and np.isfinite(x[j]):
                vals[r] = x[j]
        d["value"] = vals
        return Panel(data=d, source=self.panel.source, chinese=self.panel.chinese,
                     labels=self.panel.labels)

    def rescore(self, x):
        return self.index.fit(self.with_values(x), self.fw)

    # status and goal
    def _row(self, res):
        return (self.code, self.year)

    def score(self, res) -> float:
        return float(res.index.loc[self._row(res)])

    def status(self, res) -> dict:
        key = self._row(res)
        t = res.tiers.loc[key]
        return {"score": float(res.index.loc[key]), "rank": int(res.ranks[res.root].loc[key]),
                "tier": None if pd.isna(t) else int(t)}

    def goal(self, before) -> int:
        if self.kind == "rank":
            return int(self.k)
        if self.kind == "tier":
            return int(self.k)
        t = before["tier"]
        if t is None:
            tiers = self.index.tiers
            return int(tiers.k) if tiers.rule in ("median", "quantile") else 1
        if t == 1:
            raise ConfigError(f"{self.name} is already in tier 1: name a rank target "
                              "(--target rank:1)")
        return t - 1

    def met(self, st, goal) -> bool:
        if self.kind == "rank":
            return st["rank"] <= goal
        return st["tier"] is not None and st["tier"] <= goal

    def rivals(self, res, before):
        s = res.index.xs(self.year, level="year").drop(self.code, errors="ignore").dropna()
        above = s[s >= before["score"]].sort_values(kind="stable")
        return list(above.index)

    def rival_score(self, res, rival) -> float:
        return float(res.index.loc[(rival, self.year)])

    def exhausted(self, x, limit, free, direction) -> bool:
        room = np.where(direction >= 0, limit - x, x - limit)
        return not np.any(free & (room > 1e-12 * np.maximum(1, np.abs(limit))))

    # one linear programme
    def solve(self, res, x, limit, free, weight, direction, need, objective):
        """New raw values from the LP linearised at ``res`` (None when infeasible)."""
        import highspy

        fw = self.fw
        key = self._row(res)
        N0 = res.scores.loc[key, self._ind].to_numpy(dtype=float)
        beta = self._slopes(res)                      # dN/dx
        g = self._gradient(res, N0)                   # d score / dN
        room_x = np.where(direction >= 0, limit - x, x - limit)
        room_x = np.where(free & np.isfinite(room_x), np.maximum(room_x, 0.0), 0.0)
        room = np.abs(beta) * room_x                  # normalised units
        ok = free & (room > 0) & (g > 0) & np.isfinite(beta) & (beta != 0)
        if objective == "percent":
            with np.errstate(divide="ignore", invalid="ignore"):
                unit = 100.0 / (np.abs(beta) * np.abs(x))
            ok &= np.isfinite(unit)
        else:
            unit = np.ones(len(x))
        cost = np.where(ok, unit * weight, 0.0)
        idx = np.nonzero(ok)[0]
        if not len(idx) or g[idx] @ room[idx] < need * (1 - 1e-12):
            return None
        h = _silent_highs()
        inf = highspy.kHighsInf
        h.addVars(len(idx), np.zeros(len(idx)), room[idx])
        h.changeColsCost(len(idx), np.arange(len(idx), dtype=np.int32), cost[idx])
        h.addRow(float(need), inf, len(idx), np.arange(len(idx), dtype=np.int32), g[idx])
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        y = np.zeros(len(x))
        y[idx] = np.asarray(h.getSolution().col_value)
        dx = np.where(y > 0, y / np.abs(beta) * np.sign(direction), 0.0)
        new = x + np.where(ok, dx, 0.0)
        # never beyond the bound (rounding)
        new = np.where(direction >= 0, np.minimum(new, np.where(ok, limit, new)),
                       np.maximum(new, np.where(ok, limit, new)))
        return new

    def _slopes(self, res) -> np.ndarray:
        """dN/dx of the region's indicators with the fitted statistics held."""
        norm = clone(self.index.normalise).fit(res.treated, self.fw)
        key = self._row(res)
        row = res.treated.loc[[key]]
        base = norm.transform(row).to_numpy(dtype=float)[0]
        scale = np.abs(row.to_numpy(dtype=float)[0])
        h = np.where(scale > 0, scale * 1e-6, 1e-6)
        m = len(self._ind)
        B = np.tile(row.to_numpy(dtype=float), (m, 1))
        B[np.arange(m), np.arange(m)] += h
        bumped = pd.DataFrame(B, columns=row.columns, index=pd.MultiIndex.from_tuples(
            [key] * m, names=["region", "year"]))
        up = norm.transform(bumped).to_numpy(dtype=float)
        out = (up[np.arange(len(self._ind)), np.arange(len(self._ind))] - base) / h
        return out

    def _gradient(self, res, N0) -> np.ndarray:
        """d score / dN of the region's indicators (the aggregation with its weights)."""
        agg = clone(self.index.aggregate).fit(res.scores[self._ind], self.fw, res.weights)
        m = len(self._ind)
        key = self._row(res)
        h = 1e-6 * max(1.0, float(np.nanmax(np.abs(N0))) if np.isfinite(N0).any() else 1.0)
        X = np.tile(N0, (m + 1, 1))
        X[np.arange(1, m + 1), np.arange(m)] += h
        frame = pd.DataFrame(X, columns=self._ind,
                             index=pd.MultiIndex.from_tuples([key] * (m + 1), names=["region", "year"]))
        s = agg.transform(frame)[self.fw.root].to_numpy(dtype=float)
        return np.nan_to_num((s[1:] - s[0]) / h)
