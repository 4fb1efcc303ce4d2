"""Slacks-based measure (Tone 2001) and super-SBM (Tone 2002), non-oriented and oriented."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import EfficiencyError
from ._engine import INF, PRICE_TOL, SMALL_CANDIDATES, new_highs, nondominated, status_name, super_candidates
from ._result import DEAResult, drop_tiny, lambda_table, slack_fields, snap_to_one, super_fields
from ._spec import Orientation, Technology
from ._validate import Data

__all__ = ["slacks_based"]


class _SBMEngine:
    """SBM (``super_=False``) or super-SBM (``super_=True``) LPs on one HiGHS model, by DMU.

    Columns: ``t`` (Charnes–Cooper scale; fixed at 1 for the oriented models), ``m`` input
    columns (SBM: slacks S⁻; super-SBM: the point X̄), ``s`` output columns (S⁺ or Ȳ), a
    "self" column (SBM: the evaluated DMU as its own peer, so that every LP is feasible), then
    one λ column per reference DMU, added by column generation. Rows: 0 the normalisation
    (non-oriented; free otherwise), ``1..m`` inputs, ``1+m..m+s`` outputs, the convexity row
    (free for CRS), and for super-SBM the bounds of X̄ and Ȳ by the evaluated DMU.

    SBM rows: ``−x₀t + Xλ + S⁻ = 0``, ``−y₀t + Yλ − S⁺ = 0``, ``−t + Σλ`` in the homogeneous
    bounds; super-SBM rows: ``X̄ − Xλ ≥ 0``, ``Yλ − Ȳ ≥ 0``, ``X̄ − x₀t ≥ 0`` (``=`` for fixed
    inputs), ``y₀t − Ȳ ≥ 0`` (``=`` for input orientation). Everything is a minimisation.

    The row prices of the inputs and outputs have the signs that make a dominated DMU's column
    never price out before its dominator's (reduced cost ``π·x − μ·y − w`` with ``π, μ ≥ 0``),
    so pricing the candidates (non-dominated DMUs; for super-SBM also the DMUs dominated only
    by the left-out one) prices every DMU. ``full=True`` puts every DMU in the model and never
    prices (the plain method).
    """

    def __init__(self, Xs, Ys, *, rts: Technology, orientation: Orientation, nd, super_: bool, cand, full=False):
        import highspy

        self.Xs, self.Ys = np.ascontiguousarray(Xs, float), np.ascontiguousarray(Ys, float)
        self.n, self.m = self.Xs.shape
        self.s = self.Ys.shape[1]
        self.rts, self.orientation, self.super_ = rts, orientation, super_
        self.nd = np.asarray(nd, dtype=bool)
        m, s = self.m, self.s
        self.cand = np.arange(self.n) if full else np.asarray(cand, dtype=np.int64)
        sx, sy = (-1.0, 1.0) if super_ else (1.0, 1.0)
        self.A_cand = np.hstack([sx * self.Xs[self.cand], sy * self.Ys[self.cand], np.ones((len(self.cand), 1))])
        self.rows = np.r_[np.arange(1, 1 + m + s), 1 + m + s].astype(np.int32)
        self.sx, self.sy = sx, sy
        self.pos_in_cand = np.full(self.n, -1, dtype=np.int64)
        self.pos_in_cand[self.cand] = np.arange(len(self.cand))
        self.col_of = np.full(self.n, -1, dtype=np.int64)
        self.ref: list[int] = []
        self.price = not full and len(self.cand) > SMALL_CANDIDATES
        h = new_highs()
        e0 = (np.zeros(0, np.int32), np.zeros(0))
        h.addCol(0.0, 0.0, INF, 0, *e0)  # t
        for _ in range(m + s):
            h.addCol(0.0, 0.0, INF, 0, *e0)
        h.addCol(0.0, 0.0, 0.0, 0, *e0)  # self
        self.first = 2 + m + s
        h.addRow(-INF, INF, 0, *e0)  # normalisation
        upper = INF if super_ else 0.0  # super-SBM: X̄ − Xλ ≥ 0, Yλ − Ȳ ≥ 0; SBM: equalities
        for i in range(m):
            h.addRow(0.0, upper, 1, np.array([1 + i], np.int32), np.array([1.0]))
        for r in range(s):
            h.addRow(0.0, upper, 1, np.array([1 + m + r], np.int32), np.array([-1.0]))
        if rts.convex:
            lo, hi = rts.homogeneous_bounds
            h.addRow(lo, hi, 1, np.array([0], np.int32), np.array([-1.0]))
        else:
            h.addRow(-INF, INF, 0, *e0)
        if super_:
            for i in range(m):
                fixed = bool(self.nd[i]) or orientation.output
                h.addRow(0.0, 0.0 if fixed else INF, 1, np.array([1 + i], np.int32), np.array([1.0]))
            for r in range(s):
                h.addRow(0.0, 0.0 if orientation.input else INF, 1, np.array([1 + m + r], np.int32), np.array([-1.0]))
        if orientation.none:
            h.changeColBounds(0, 0.0, INF)
        else:
            h.changeColBounds(0, 1.0, 1.0)
        self.h = h
        self._cost_idx = np.arange(1 + m + s, dtype=np.int32)
        if not self.price:
            self.add_columns(self.cand)
        self.n_lp = 0

    def add_columns(self, idx) -> None:
        idx = np.asarray(idx, dtype=np.int64)
        idx = idx[self.col_of[idx] < 0]
        if not len(idx):
            return
        k, nz = len(idx), len(self.rows)
        vals = np.hstack([self.sx * self.Xs[idx], self.sy * self.Ys[idx], np.ones((k, 1))]).ravel()
        base = self.h.getNumCol()
        self.h.addCols(k, np.zeros(k), np.zeros(k), np.full(k, INF), k * nz,
                       np.arange(0, k * nz, nz, dtype=np.int32), np.tile(self.rows, k), vals)
        self.col_of[idx] = base + np.arange(k)
        self.ref.extend(idx.tolist())

    def _set_dmu(self, k: int) -> None:
        h, m, s = self.h, self.m, self.s
        x0, y0 = self.Xs[k], self.Ys[k]
        disc = ~self.nd
        md = max(int(disc.sum()), 1)
        pos = y0 > 0
        sp = max(int(pos.sum()), 1)
        d = np.where(disc, 1.0 / (md * x0), 0.0)
        e = np.where(pos, 1.0 / (sp * np.where(pos, y0, 1.0)), 0.0)
        o = self.orientation
        cost_x = np.zeros(m) if o.output else (d if self.super_ else -d)
        cost_y = -e if o.output else np.zeros(s)
        cost_t = 1.0 if (o.none and not self.super_) else 0.0
        h.changeColsCost(1 + m + s, self._cost_idx, np.r_[cost_t, cost_x, cost_y])
        norm = (e if o.none else np.zeros(s)).tolist()
        xl, yl = x0.tolist(), y0.tolist()
        if self.super_:
            for i in range(m):
                h.changeCoeff(2 + m + s + i, 0, -xl[i])
            for r in range(s):
                h.changeCoeff(0, 1 + m + r, norm[r])
                h.changeCoeff(2 + m + s + m + r, 0, yl[r])
            h.changeRowBounds(0, 1.0 if o.none else -INF, 1.0 if o.none else INF)
        else:
            for i in range(m):
                h.changeCoeff(1 + i, 0, -xl[i])
                h.changeCoeff(1 + i, 1 + m + s, xl[i])
            for r in range(s):
                h.changeCoeff(0, 1 + m + r, norm[r])
                h.changeCoeff(1 + m + r, 0, -yl[r])
                h.changeCoeff(1 + m + r, 1 + m + s, yl[r])
            if o.none:
                h.changeCoeff(0, 0, 1.0)
                h.changeRowBounds(0, 1.0, 1.0)
            else:
                h.changeRowBounds(0, -INF, INF)
            if self.rts.convex:
                h.changeCoeff(1 + m + s, 1 + m + s, 1.0)
            h.changeColBounds(1 + m + s, 0.0, INF)

    def _run(self):
        self.h.run()
        self.n_lp += 1
        return self.h.getModelStatus()

    def solve(self, k: int, name: str = ""):
        """``(status, objective, column values, λ reference ids, λ values)`` for DMU ``k``."""
        import highspy

        h = self.h
        infeasible = {highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible}
        self._set_dmu(k)
        excl = -1
        if self.super_ and self.col_of[k] >= 0:
            excl = int(self.col_of[k])
            h.changeColBounds(excl, 0.0, 0.0)
        try:
            status = self._run()
            while True:
                if status in infeasible:
                    if self.price and not (self.col_of[self.cand] >= 0).all():
                        self.add_columns(self.cand)
                        if self.super_ and self.col_of[k] >= 0:
                            excl = int(self.col_of[k])
                            h.changeColBounds(excl, 0.0, 0.0)
                        status = self._run()
                        continue
                    return "infeasible", np.nan, None, None, None
                if status != highspy.HighsModelStatus.kOptimal:
                    raise EfficiencyError(f"DMU {name}: SBM LP ended with HiGHS status {status_name(h)!r}")
                if not self.price:
                    break
                rd = np.asarray(h.getSolution().row_dual)
                rc = -(self.A_cand @ rd[self.rows])
                bad = (rc < -PRICE_TOL) & (self.col_of[self.cand] < 0)
                if self.super_ and self.pos_in_cand[k] >= 0:
                    bad[self.pos_in_cand[k]] = False
                if not bad.any():
                    break
                cols = np.flatnonzero(bad)
                if len(cols) > 32:
                    cols = cols[np.argsort(rc[cols])[:32]]
                self.add_columns(self.cand[cols])
                status = self._run()
            val = np.asarray(h.getSolution().col_value)
            obj = h.getInfo().objective_function_value
            lam = val[self.first:]
            nz = np.flatnonzero(lam > 1e-12)
            ids = np.asarray(self.ref, dtype=np.int64)[nz]
            w = lam[nz]
            if not self.super_ and val[1 + self.m + self.s] > 1e-12:
                ids, w = np.append(ids, k), np.append(w, val[1 + self.m + self.s])
            return "optimal", obj, val[: 1 + self.m + self.s], ids, w
        finally:
            if excl >= 0:
                h.changeColBounds(excl, 0.0, INF)
            if not self.super_:
                h.changeColBounds(1 + self.m + self.s, 0.0, 0.0)


def _sbm_all(data: Data, *, rts: Technology, orientation: Orientation, method: str):
    """ρ, λ and slacks (scaled units) of every DMU."""
    Xs, Ys = data.Xs, data.Ys
    n, m, s = Xs.shape[0], Xs.shape[1], Ys.shape[1]
    cand = None if method == "plain" else nondominated(Xs, Ys)
    eng = _SBMEngine(Xs, Ys, rts=rts, orientation=orientation, nd=data.nd, super_=False, cand=cand,
                     full=method == "plain")
    rho = np.empty(n)
    S_in, S_out = np.zeros((n, m)), np.zeros((n, s))
    lam = []
    for k in range(n):
        st, obj, v, ids, w = eng.solve(k, name=data.labels[k])
        if st != "optimal":
            raise EfficiencyError(f"DMU {data.labels[k]}: the SBM LP is infeasible")
        t = v[0]
        if orientation.none:
            rho[k] = obj
        elif orientation.input:
            rho[k] = 1.0 + obj
        else:
            rho[k] = 1.0 / (1.0 - obj)
        S_in[k], S_out[k] = v[1 : 1 + m] / t, v[1 + m : 1 + m + s] / t
        lam.append((ids, w / t))
    return rho, lam, S_in, S_out


def _super_sbm(data: Data, rho, *, rts: Technology, orientation: Orientation, method: str = "frontier"):
    """Super-SBM of the SBM-efficient DMUs against all other DMUs; the others keep ρ."""
    values = rho.copy()
    status = np.array(["optimal"] * len(rho), dtype=object)
    eff = np.flatnonzero(rho >= 1 - 1e-7)
    if not len(eff):
        return values, status
    Xs, Ys = data.Xs, data.Ys
    cand = None if method == "plain" else super_candidates(Xs, Ys)
    eng = _SBMEngine(Xs, Ys, rts=rts, orientation=orientation, nd=data.nd, super_=True, cand=cand,
                     full=method == "plain")
    if eng.price:
        eng.add_columns(eff)
    for k in eff:
        st, obj, _, _, _ = eng.solve(int(k), name=data.labels[k])
        if st != "optimal":
            values[k], status[k] = np.nan, "infeasible"
        elif orientation.output:
            ok = -obj > 0
            values[k], status[k] = (1.0 / -obj, "optimal") if ok else (np.nan, "infeasible")
        else:
            values[k] = obj
    return values, status


def slacks_based(data: Data, *, orientation: Orientation, rts: Technology, super_efficiency: bool,
                 slacks: bool = True, method: str = "frontier") -> DEAResult:
    """SBM and super-SBM of validated ``data`` (see :func:`innoscope.efficiency.sbm`).

    ``slacks=False`` leaves slacks, targets, peers and status out of the result (they are
    computed all the same: they define ρ). ``method="plain"``: one LP over all DMUs per DMU.
    """
    rho, lam, s_in, s_out = _sbm_all(data, rts=rts, orientation=orientation, method=method)
    S_in = drop_tiny(np.maximum(s_in, 0) * data.fx, data.fx)
    S_out = drop_tiny(np.maximum(s_out, 0) * data.fy, data.fy)
    rho = snap_to_one(rho)
    fields = {}
    if slacks:
        fields.update(slack_fields(efficiency=rho, S_in=S_in, S_out=S_out, T_in=data.X - S_in,
                                   T_out=data.Y + S_out, lam=lam, labels=data.labels, inputs=data.inputs,
                                   outputs=data.outputs))
    if super_efficiency:
        fields.update(super_fields(*_super_sbm(data, rho, rts=rts, orientation=orientation, method=method),
                                   data.labels))
    params = {"model": "sbm", "orientation": orientation.value, "rts": rts.rts, "inputs": data.inputs,
              "outputs": data.outputs, "nondiscretionary": data.nondiscretionary, "method": method,
              "solver": "HiGHS (highspy)", "version": __version__}
    return DEAResult(efficiency=pd.Series(rho, index=pd.Index(data.labels, name="dmu"), name="efficiency"),
                     lambdas=lambda_table(lam, data.labels), params=params, **fields)
