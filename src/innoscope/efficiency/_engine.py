"""Radial DEA linear programmes on HiGHS: one model per engine, updated per DMU.

The engine solves the envelopment form of the CCR/BCC/NIRS models for many DMUs against one
reference technology. Speed comes from two exact devices:

* **Candidates.** A column that is dominated (no less of every input, no more of every output,
  strictly worse somewhere) never prices out, because the dual prices of inputs and outputs
  are non-negative. Only the non-dominated reference DMUs are ever checked.
* **Column generation.** Each DMU is solved over a small reference set ``R`` (the frontier
  found so far). The row duals of that restricted LP price every candidate column in one
  vectorised product; columns with a negative reduced cost are added and the LP is re-solved
  until none prices out. The optimum is then the optimum of the full LP.

The model is built once; per DMU only the coefficients of the score column, the right-hand
sides and a "self" column (the evaluated DMU itself, in-sample only) change. HiGHS keeps its
basis between solves (hot start). Every solve's status is checked.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

import highspy

from ._spec import Orientation, Technology

INF = highspy.kHighsInf
_OPTIMAL = highspy.HighsModelStatus.kOptimal
_INFEASIBLE = {
    highspy.HighsModelStatus.kInfeasible,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
}
_UNBOUNDED = highspy.HighsModelStatus.kUnbounded
_BANNER_DONE = False

#: Feasibility tolerances handed to HiGHS (primal and dual).
LP_TOL = 1e-10
#: A column prices out when its reduced cost is below ``-PRICE_TOL`` (data are scaled to ~1).
PRICE_TOL = 1e-9
#: Small problems skip column generation: every candidate is in the model from the start.
SMALL_CANDIDATES = 64


class LPFailure(RuntimeError):
    """A HiGHS solve ended in a status other than optimal (message names the status)."""


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance with tight tolerances (the one-time banner is swallowed)."""
    global _BANNER_DONE
    if not _BANNER_DONE:
        _BANNER_DONE = True
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
    else:
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("threads", 1)
    h.setOptionValue("primal_feasibility_tolerance", LP_TOL)
    h.setOptionValue("dual_feasibility_tolerance", LP_TOL)
    return h


def status_name(h: highspy.Highs) -> str:
    return h.modelStatusToString(h.getModelStatus())


def run_chunks(fn, items, jobs: int) -> list:
    """``[fn(i) for i in items]``, on ``jobs`` threads when more than one (numpy releases the GIL)."""
    items = list(items)
    if jobs <= 1 or len(items) < 2:
        return [fn(i) for i in items]
    with ThreadPoolExecutor(min(jobs, len(items))) as ex:
        return list(ex.map(fn, items))


def _dominated(Zb: np.ndarray, N: np.ndarray, width: int = 1024) -> np.ndarray:
    """Rows of ``Zb`` strictly dominated by a row of ``N`` (in chunks of growing width; a row
    found dominated is not compared again: most dominated DMUs are caught by the first,
    strongest rows of ``N``)."""
    dom = np.zeros(len(Zb), dtype=bool)
    c0, w = 0, min(width, 128)
    while c0 < len(N):
        open_ = np.flatnonzero(~dom)
        if not len(open_):
            break
        Nc = N[c0 : c0 + w]
        c0, w = c0 + w, min(2 * w, width)
        Zo = Zb[open_]
        ge = np.ones((len(open_), len(Nc)), dtype=bool)
        gt = np.zeros((len(open_), len(Nc)), dtype=bool)
        for k in range(Zb.shape[1]):
            a = Nc[:, k][None, :]
            b = Zo[:, k][:, None]
            ge &= a >= b
            gt |= a > b
        dom[open_] = (ge & gt).any(axis=1)
    return dom


def nondominated(X: np.ndarray, Y: np.ndarray, block: int = 256, jobs: int = 1) -> np.ndarray:
    """Indices of the DMUs not strictly dominated by another (inputs lower, outputs higher).

    Exact and vectorised: DMUs are visited in decreasing order of a monotone key, so a DMU can
    only be dominated by one visited earlier (or by one in its own block). ``jobs`` > 1 splits
    each block's rows over threads.
    """
    Z = np.hstack([-X, Y])
    n, d = Z.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    spread = Z.std(axis=0)
    spread[spread == 0] = 1.0
    key = (Z / spread).sum(axis=1)
    order = np.argsort(-key, kind="stable")
    jobs = max(1, int(jobs))
    block *= jobs
    kept: list[np.ndarray] = []
    nd = np.empty((0, d))
    for start in range(0, n, block):
        idx = order[start : start + block]
        Zb = Z[idx]
        if len(nd):
            parts = np.array_split(np.arange(len(idx)), jobs) if jobs > 1 and len(nd) > 1024 else [np.arange(len(idx))]
            dom = np.concatenate(run_chunks(lambda p: _dominated(Zb[p], nd), parts, jobs))
        else:
            dom = np.zeros(len(idx), dtype=bool)
        dom |= _dominated(Zb, Zb, width=len(Zb))  # within the block
        keep = idx[~dom]
        kept.append(keep)
        nd = np.vstack([nd, Z[keep]])
    return np.concatenate(kept)


def sole_dominator(X: np.ndarray, Y: np.ndarray, nd_idx: np.ndarray, width: int = 1024) -> np.ndarray:
    """For every DMU, the index of its only non-dominated dominator, else -1.

    -1 means: the DMU is non-dominated itself, or at least two non-dominated DMUs dominate it.
    Strict dominance is a strict partial order, so every dominated DMU is dominated by a
    non-dominated one; a DMU with two such dominators keeps one whichever DMU is left out of
    the sample. Rows found with two dominators are not compared again (chunks of growing width,
    the strongest non-dominated DMUs first).
    """
    Z = np.hstack([-X, Y])
    n, d = Z.shape
    out = np.full(n, -1, dtype=np.int64)
    nd_idx = np.asarray(nd_idx, dtype=np.int64)
    is_nd = np.zeros(n, dtype=bool)
    is_nd[nd_idx] = True
    if not len(nd_idx):
        return out
    spread = Z.std(axis=0)
    spread[spread == 0] = 1.0
    N = nd_idx[np.argsort(-(Z[nd_idx] / spread).sum(axis=1), kind="stable")]
    count = np.zeros(n, dtype=np.int64)
    first = np.full(n, -1, dtype=np.int64)
    c0, w = 0, min(width, 128)
    while c0 < len(N):
        open_ = np.flatnonzero(~is_nd & (count < 2))
        if not len(open_):
            break
        Nc = N[c0 : c0 + w]
        c0, w = c0 + w, min(2 * w, width)
        Zo, Zn = Z[open_], Z[Nc]
        ge = np.ones((len(open_), len(Nc)), dtype=bool)
        gt = np.zeros((len(open_), len(Nc)), dtype=bool)
        for k in range(d):
            a = Zn[:, k][None, :]
            b = Zo[:, k][:, None]
            ge &= a >= b
            gt |= a > b
        dom = ge & gt
        hits = dom.sum(axis=1)
        new = (hits > 0) & (count[open_] == 0)
        first[open_[new]] = Nc[dom[new].argmax(axis=1)]
        count[open_] += hits
    one = ~is_nd & (count == 1)
    out[one] = first[one]
    return out


def super_candidates(Xs, Ys, *, jobs: int = 1) -> np.ndarray:
    """Reference DMUs that can matter when any one DMU ``o`` is left out of the sample.

    The non-dominated DMUs, plus every DMU whose only non-dominated dominator is one DMU (it
    may be needed once that DMU is left out). A DMU dominated by two non-dominated DMUs keeps
    a dominator in every sample without one DMU, and a dominator prices out whenever the
    dominated DMU does (prices of inputs and outputs are non-negative; the convexity row has
    the same coefficient in every column), so pricing these candidates, ``o`` excepted, is
    pricing every DMU but ``o``.
    """
    nd_idx = nondominated(Xs, Ys, jobs=jobs)
    sole = sole_dominator(Xs, Ys, nd_idx)
    return np.union1d(nd_idx, np.flatnonzero(sole >= 0))


@dataclass
class Solution:
    """One DMU's LP result: score (θ or φ), status, λ over reference indices, slacks."""

    score: float
    status: str  # "optimal" | "infeasible" | "unbounded"
    lam_idx: np.ndarray
    lam_val: np.ndarray
    self_weight: float


class RadialEngine:
    """Envelopment-form radial DEA over a fixed reference technology.

    Parameters
    ----------
    Xr, Yr : arrays (n_ref, m), (n_ref, s), already scaled.
    rts : Technology
    orientation : Orientation (input or output)
    nd : boolean mask of non-discretionary inputs (length m) or None.
    full : solve every DMU over all reference columns (the plain method, no pricing).
    cand : candidate reference DMUs, when already known (must contain every non-dominated DMU).
    """

    def __init__(self, Xr, Yr, *, rts: Technology = Technology.VRS, orientation: Orientation = Orientation.INPUT,
                 nd=None, full=False, cand=None, jobs=1):
        self.Xr = np.ascontiguousarray(Xr, dtype=float)
        self.Yr = np.ascontiguousarray(Yr, dtype=float)
        self.n, self.m = self.Xr.shape
        self.s = self.Yr.shape[1]
        self.rts = rts
        self.orientation = orientation
        self.nd = np.zeros(self.m, dtype=bool) if nd is None else np.asarray(nd, dtype=bool)
        self.conv = rts.convex
        self.nrows = self.m + self.s + int(self.conv)
        if full:
            self.cand = np.arange(self.n)
        elif cand is not None:  # a known superset of the non-dominated DMUs
            self.cand = np.asarray(cand, dtype=np.int64)
        else:
            self.cand = nondominated(self.Xr, self.Yr, jobs=jobs)
        # column vectors (rows of the LP) of the candidates, for pricing
        parts = [self.Xr[self.cand], self.Yr[self.cand]]
        if self.conv:
            parts.append(np.ones((len(self.cand), 1)))
        self.A_cand = np.hstack(parts)
        self.pos_in_cand = np.full(self.n, -1, dtype=np.int64)
        self.pos_in_cand[self.cand] = np.arange(len(self.cand))
        self.col_of = np.full(self.n, -1, dtype=np.int64)  # model column of a reference DMU
        self.ref: list[int] = []  # reference DMU of model column 2 + k
        self.price = not full and len(self.cand) > SMALL_CANDIDATES
        self._build()
        if not self.price:
            self.add_columns(self.cand)
        self.n_lp = 0

    # ----------------------------------------------------------------- model
    def _build(self) -> None:
        h = new_highs()
        m, s = self.m, self.s
        # column 0: score (θ for input, φ for output); column 1: the evaluated DMU itself
        if self.orientation.input:
            h.addCol(1.0, 0.0, INF, 0, np.zeros(0, np.int32), np.zeros(0))
        else:
            h.addCol(-1.0, 0.0, INF, 0, np.zeros(0, np.int32), np.zeros(0))
        h.addCol(0.0, 0.0, 0.0, 0, np.zeros(0, np.int32), np.zeros(0))
        for i in range(m):
            h.addRow(-INF, 0.0, 0, np.zeros(0, np.int32), np.zeros(0))
        for r in range(s):
            h.addRow(0.0, INF, 0, np.zeros(0, np.int32), np.zeros(0))
        if self.conv:
            lo, hi = self.rts.lambda_bounds
            h.addRow(lo, hi, 0, np.zeros(0, np.int32), np.zeros(0))
        self.h = h

    def add_columns(self, idx) -> None:
        idx = np.asarray([i for i in np.atleast_1d(idx) if self.col_of[i] < 0], dtype=np.int64)
        if len(idx) == 0:
            return
        k = len(idx)
        nz = self.nrows
        rows = np.tile(np.arange(nz, dtype=np.int32), k)
        parts = [self.Xr[idx], self.Yr[idx]]
        if self.conv:
            parts.append(np.ones((k, 1)))
        vals = np.hstack(parts).ravel()
        starts = np.arange(0, k * nz, nz, dtype=np.int32)
        base = self.h.getNumCol()
        self.h.addCols(k, np.zeros(k), np.zeros(k), np.full(k, INF), k * nz, starts, rows, vals)
        self.col_of[idx] = base + np.arange(k)
        self.ref.extend(int(i) for i in idx)

    def _set_dmu(self, x0, y0, self_col: bool) -> None:
        h, m, s = self.h, self.m, self.s
        if self.orientation.input:
            for i in range(m):
                if self.nd[i]:
                    h.changeCoeff(i, 0, 0.0)
                    h.changeRowBounds(i, -INF, float(x0[i]))
                else:
                    h.changeCoeff(i, 0, -float(x0[i]))
            for r in range(s):
                h.changeRowBounds(m + r, float(y0[r]), INF)
        else:
            for i in range(m):
                h.changeRowBounds(i, -INF, float(x0[i]))
            for r in range(s):
                h.changeCoeff(m + r, 0, -float(y0[r]))
        if self_col:
            for i in range(m):
                h.changeCoeff(i, 1, float(x0[i]))
            for r in range(s):
                h.changeCoeff(m + r, 1, float(y0[r]))
            if self.conv:
                h.changeCoeff(m + s, 1, 1.0)
            h.changeColBounds(1, 0.0, INF)
        else:
            h.changeColBounds(1, 0.0, 0.0)

    # ----------------------------------------------------------------- solve
    def _run(self):
        self.h.run()
        self.n_lp += 1
        return self.h.getModelStatus()

    def solve(self, x0, y0, *, self_index: int | None = None, exclude: int | None = None,
              name: str = "") -> Solution:
        """Solve one DMU.

        ``self_index``: the DMU is reference DMU ``self_index`` (in-sample; its own column is
        made available). ``exclude``: reference DMU left out (super-efficiency).
        """
        h = self.h
        use_self = self_index is not None and exclude is None
        self._set_dmu(x0, y0, use_self)
        excl_col = -1
        if exclude is not None and self.col_of[exclude] >= 0:
            excl_col = int(self.col_of[exclude])
            h.changeColBounds(excl_col, 0.0, 0.0)
        try:
            status = self._run()
            while True:
                if status in _INFEASIBLE or status == _UNBOUNDED:
                    if self.price and not self._all_in(exclude):
                        # the restricted set may be too small: bring in every candidate
                        self.add_columns(self.cand)
                        if exclude is not None and self.col_of[exclude] >= 0:
                            excl_col = int(self.col_of[exclude])
                            h.changeColBounds(excl_col, 0.0, 0.0)
                        status = self._run()
                        continue
                    kind = "infeasible" if status in _INFEASIBLE else "unbounded"
                    return Solution(np.nan, kind, np.zeros(0, np.int64), np.zeros(0), 0.0)
                if status != _OPTIMAL:
                    raise LPFailure(f"HiGHS status {status_name(h)!r}" + (f" for DMU {name}" if name else ""))
                if not self.price:
                    break
                sol = h.getSolution()
                rd = np.asarray(sol.row_dual)
                rc = -(self.A_cand @ rd)
                bad = rc < -PRICE_TOL
                if bad.any():
                    bad &= self.col_of[self.cand] < 0
                    if exclude is not None and self.pos_in_cand[exclude] >= 0:
                        bad[self.pos_in_cand[exclude]] = False
                if not bad.any():
                    break
                cols = np.flatnonzero(bad)
                if len(cols) > 32:
                    cols = cols[np.argsort(rc[cols])[:32]]
                self.add_columns(self.cand[cols])
                status = self._run()
            sol = h.getSolution()
            val = np.asarray(sol.col_value)
            score = float(val[0])
            lam = val[2:]
            nzr = np.flatnonzero(lam > 1e-12)
            lam_idx = np.asarray(self.ref, dtype=np.int64)[nzr] if len(nzr) else np.zeros(0, np.int64)
            self_w = float(val[1]) if use_self else 0.0
            return Solution(score, "optimal", lam_idx, lam[nzr], self_w)
        finally:
            if excl_col >= 0:
                h.changeColBounds(excl_col, 0.0, INF)

    def _all_in(self, exclude) -> bool:
        return bool((self.col_of[self.cand] >= 0).all())


class SlackEngine:
    """Phase II: maximise the (weighted) sum of slacks with the radial score fixed.

    Columns: λ over the reference set, a self column, input slacks, output slacks. Rows are
    equalities ``Xλ + s⁻ = θ·x0`` (``x0`` for non-discretionary inputs, for output orientation
    all inputs), ``Yλ − s⁺ = y0`` (``φ·y0`` for output orientation), and the convexity row.
    ``w_in``/``w_out`` weight the slacks (the data scale factors, so that the objective is the
    sum of slacks in the data's own units, as in DEAP).
    """

    def __init__(self, radial: RadialEngine, w_in, w_out):
        self.r = radial
        m, s = radial.m, radial.s
        self.m, self.s = m, s
        h = new_highs()
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        # column 0: self column, then m + s slack columns, then λ columns
        h.addCol(0.0, 0.0, 0.0, 0, np.zeros(0, np.int32), np.zeros(0))
        for i in range(m):
            h.addCol(float(w_in[i]), 0.0, INF, 0, np.zeros(0, np.int32), np.zeros(0))
        for r in range(s):
            h.addCol(float(w_out[r]), 0.0, INF, 0, np.zeros(0, np.int32), np.zeros(0))
        for i in range(m):
            h.addRow(0.0, 0.0, 1, np.array([1 + i], np.int32), np.array([1.0]))
        for r in range(s):
            h.addRow(0.0, 0.0, 1, np.array([1 + m + r], np.int32), np.array([-1.0]))
        if radial.conv:
            lo, hi = radial.rts.lambda_bounds
            h.addRow(lo, hi, 0, np.zeros(0, np.int32), np.zeros(0))
        self.h = h
        self.ref: list[int] = []
        self.col_of = np.full(radial.n, -1, dtype=np.int64)
        self.first = 1 + m + s
        self.last_basis = None

    def _sync(self) -> None:
        new = [i for i in self.r.ref if self.col_of[i] < 0]
        if not new:
            return
        idx = np.asarray(new, dtype=np.int64)
        k, nz = len(idx), self.r.nrows
        parts = [self.r.Xr[idx], self.r.Yr[idx]]
        if self.r.conv:
            parts.append(np.ones((k, 1)))
        vals = np.hstack(parts).ravel()
        rows = np.tile(np.arange(nz, dtype=np.int32), k)
        starts = np.arange(0, k * nz, nz, dtype=np.int32)
        base = self.h.getNumCol()
        self.h.addCols(k, np.zeros(k), np.zeros(k), np.full(k, INF), k * nz, starts, rows, vals)
        self.col_of[idx] = base + np.arange(k)
        self.ref.extend(int(i) for i in idx)

    def solve(self, x0, y0, score, *, name=""):
        """Return (slack_in, slack_out, lam_idx, lam_val, self_weight) for one in-sample DMU."""
        r, h, m, s = self.r, self.h, self.m, self.s
        self._sync()
        # rows θ·x0 of the contracted inputs, relaxed upwards if the first solve fails
        contract = ~r.nd if r.orientation.input else np.zeros(m, dtype=bool)
        if r.orientation.input:
            rhs_x = np.where(r.nd, x0, score * x0)
            rhs_y = y0
        else:
            rhs_x = x0
            rhs_y = score * y0
        for i in range(m):
            h.changeCoeff(i, 0, float(x0[i]))
        for k in range(s):
            h.changeCoeff(m + k, 0, float(y0[k]))
        if r.conv:
            h.changeCoeff(m + s, 0, 1.0)
        h.changeColBounds(0, 0.0, INF)
        for attempt, relax in enumerate((0.0, 1e-12, 1e-11, 1e-10, 1e-9, 1e-7)):
            for i in range(m):
                v = float(rhs_x[i]) * (1 + relax) if contract[i] else float(rhs_x[i])
                h.changeRowBounds(i, v, v)
            for k in range(s):
                v = float(rhs_y[k]) * (1 - relax) if r.orientation.output else float(rhs_y[k])
                h.changeRowBounds(m + k, v, v)
            h.run()
            r.n_lp += 1
            status = h.getModelStatus()
            while status == _OPTIMAL and r.price:
                rd = np.asarray(h.getSolution().row_dual)
                rc = -(r.A_cand @ rd)  # maximisation: a column helps when rc > 0
                good = (rc > PRICE_TOL) & (r.col_of[r.cand] < 0)
                if not good.any():
                    break
                cols = np.flatnonzero(good)
                if len(cols) > 32:
                    cols = cols[np.argsort(-rc[cols])[:32]]
                r.add_columns(r.cand[cols])
                self._sync()
                h.run()
                r.n_lp += 1
                status = h.getModelStatus()
            if status == _OPTIMAL:
                break
        if status != _OPTIMAL:
            raise LPFailure(f"phase II (max-slack) LP: HiGHS status {status_name(h)!r}" + (f" for DMU {name}" if name else ""))
        self.last_basis = None
        if attempt == 0:  # an optimal basis of the exact LP, dual feasible over every candidate
            bv = np.asarray(h.getBasicVariables()[1], dtype=np.int64)
            if (bv > 0).all():  # structural columns only, not the DMU's own column
                self.last_basis = bv
        val = np.asarray(h.getSolution().col_value)
        s_in = np.maximum(val[1 : 1 + m], 0.0)
        s_out = np.maximum(val[1 + m : 1 + m + s], 0.0)
        lam = val[self.first :]
        nzr = np.flatnonzero(lam > 1e-12)
        lam_idx = np.asarray(self.ref, dtype=np.int64)[nzr] if len(nzr) else np.zeros(0, np.int64)
        h.changeColBounds(0, 0.0, 0.0)
        return s_in, s_out, lam_idx, lam[nzr], float(val[0])
