"""Slacks-based measure (Tone 2001) and super-SBM (Tone 2002), non-oriented and oriented."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import EfficiencyError
from ._engine import INF, new_highs, status_name
from ._result import DEAResult, drop_tiny, lambda_table, slack_fields, snap_to_one, super_fields
from ._spec import Orientation, Technology
from ._validate import Data

__all__ = ["slacks_based"]


def _solve(c, rows, lo, hi, col_lo, col_hi, *, maximize=False, name=""):
    """Solve a small dense LP ``min/max c·z, lo <= A z <= hi, col_lo <= z <= col_hi`` on HiGHS."""
    import highspy

    A = np.asarray(rows, dtype=float)
    h = new_highs()
    nc = len(c)
    h.addCols(nc, np.asarray(c, float), np.asarray(col_lo, float), np.asarray(col_hi, float), 0,
              np.zeros(nc, np.int32), np.zeros(0, np.int32), np.zeros(0))
    for i in range(A.shape[0]):
        nzi = np.flatnonzero(A[i])
        h.addRow(float(lo[i]), float(hi[i]), len(nzi), nzi.astype(np.int32), A[i, nzi])
    if maximize:
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    st = h.getModelStatus()
    if st == highspy.HighsModelStatus.kOptimal:
        return "optimal", np.asarray(h.getSolution().col_value), h.getInfo().objective_function_value
    if st in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return "infeasible", None, np.nan
    raise EfficiencyError(f"DMU {name}: SBM LP ended with HiGHS status {status_name(h)!r}")


def _sbm_one(X, Y, k, *, rts: Technology, orientation: Orientation, nd, name):
    """SBM of DMU k: returns (rho, lam, s_in, s_out) in scaled units."""
    n, m = X.shape
    s = Y.shape[1]
    x0, y0 = X[k], Y[k]
    disc = ~nd
    md = disc.sum()
    pos = y0 > 0
    sp = pos.sum()
    conv = rts.convex
    cl = rts.homogeneous_bounds
    if orientation.none:
        # z = [t, Λ (n), S⁻ (m), S⁺ (s)]
        nv = 1 + n + m + s
        c = np.zeros(nv)
        c[0] = 1.0
        c[1 + n: 1 + n + m] = np.where(disc, -1.0 / (md * x0), 0.0)
        rows, lo, hi = [], [], []
        r = np.zeros(nv)
        r[0] = 1.0
        if sp:
            r[1 + n + m: 1 + n + m + s] = np.where(pos, 1.0 / (sp * np.where(pos, y0, 1.0)), 0.0)
        rows.append(r); lo.append(1.0); hi.append(1.0)
        for i in range(m):
            r = np.zeros(nv); r[0] = -x0[i]; r[1: 1 + n] = X[:, i]; r[1 + n + i] = 1.0
            rows.append(r); lo.append(0.0); hi.append(0.0)
        for q in range(s):
            r = np.zeros(nv); r[0] = -y0[q]; r[1: 1 + n] = Y[:, q]; r[1 + n + m + q] = -1.0
            rows.append(r); lo.append(0.0); hi.append(0.0)
        if conv:
            r = np.zeros(nv); r[0] = -1.0; r[1: 1 + n] = 1.0
            rows.append(r); lo.append(cl[0]); hi.append(cl[1])
        col_hi = np.full(nv, INF)
        col_hi[1 + n + m: 1 + n + m + s][~pos] = 0.0  # zero outputs: no output slack term
        st, z, obj = _solve(c, rows, lo, hi, np.zeros(nv), col_hi, name=name)
        if st != "optimal":
            raise EfficiencyError(f"DMU {name}: the SBM LP is infeasible")
        t = z[0]
        return obj, z[1: 1 + n] / t, z[1 + n: 1 + n + m] / t, z[1 + n + m:] / t
    # oriented: z = [Λ, S⁻, S⁺]
    nv = n + m + s
    c = np.zeros(nv)
    if orientation.input:
        c[n: n + m] = np.where(disc, 1.0 / (md * x0), 0.0)
    else:
        c[n + m:] = np.where(pos, 1.0 / (max(sp, 1) * np.where(pos, y0, 1.0)), 0.0)
    rows, lo, hi = [], [], []
    for i in range(m):
        r = np.zeros(nv); r[:n] = X[:, i]; r[n + i] = 1.0
        rows.append(r); lo.append(x0[i]); hi.append(x0[i])
    for q in range(s):
        r = np.zeros(nv); r[:n] = Y[:, q]; r[n + m + q] = -1.0
        rows.append(r); lo.append(y0[q]); hi.append(y0[q])
    if conv:
        r = np.zeros(nv); r[:n] = 1.0
        lo_, hi_ = rts.lambda_bounds
        rows.append(r); lo.append(lo_); hi.append(hi_)
    st, z, obj = _solve(c, rows, lo, hi, np.zeros(nv), np.full(nv, INF), maximize=True, name=name)
    if st != "optimal":
        raise EfficiencyError(f"DMU {name}: the SBM LP is infeasible")
    rho = 1.0 - obj if orientation.input else 1.0 / (1.0 + obj)
    return rho, z[:n], z[n: n + m], z[n + m:]


def _super_sbm_one(X, Y, k, *, rts: Technology, orientation: Orientation, nd, name):
    """Tone (2002) super-SBM of DMU k (excluded from the reference set); >= 1, or NaN if infeasible."""
    n, m = X.shape
    s = Y.shape[1]
    x0, y0 = X[k], Y[k]
    disc = ~nd
    md = disc.sum()
    pos = y0 > 0
    sp = max(pos.sum(), 1)
    conv = rts.convex
    cl = rts.homogeneous_bounds
    # z = [t, Λ (n), X̄ (m), Ȳ (s)]; non-oriented uses the Charnes–Cooper variable t, oriented t = 1
    nv = 1 + n + m + s
    c = np.zeros(nv)
    rows, lo, hi = [], [], []
    col_lo, col_hi = np.zeros(nv), np.full(nv, INF)
    col_hi[1 + k] = 0.0  # DMU k left out
    if orientation.none:
        c[1 + n: 1 + n + m] = np.where(disc, 1.0 / (md * x0), 0.0)
        r = np.zeros(nv); r[1 + n + m:] = np.where(pos, 1.0 / (sp * np.where(pos, y0, 1.0)), 0.0)
        rows.append(r); lo.append(1.0); hi.append(1.0)
        maximize = False
    else:
        col_lo[0] = col_hi[0] = 1.0
        if orientation.input:
            c[1 + n: 1 + n + m] = np.where(disc, 1.0 / (md * x0), 0.0)
            maximize = False
        else:
            c[1 + n + m:] = np.where(pos, 1.0 / (sp * np.where(pos, y0, 1.0)), 0.0)
            maximize = True
    for i in range(m):
        r = np.zeros(nv); r[1 + n + i] = 1.0; r[1: 1 + n] = -X[:, i]
        rows.append(r); lo.append(0.0); hi.append(INF)          # X̄ >= XΛ
        r = np.zeros(nv); r[1 + n + i] = 1.0; r[0] = -x0[i]
        if nd[i] or orientation.output:
            rows.append(r); lo.append(0.0); hi.append(0.0)      # X̄ = t·x0 (fixed input)
        else:
            rows.append(r); lo.append(0.0); hi.append(INF)      # X̄ >= t·x0
    for q in range(s):
        r = np.zeros(nv); r[1: 1 + n] = Y[:, q]; r[1 + n + m + q] = -1.0
        rows.append(r); lo.append(0.0); hi.append(INF)          # Ȳ <= YΛ
        r = np.zeros(nv); r[0] = y0[q]; r[1 + n + m + q] = -1.0
        if orientation.input:
            rows.append(r); lo.append(0.0); hi.append(0.0)      # Ȳ = t·y0 (fixed output)
        else:
            rows.append(r); lo.append(0.0); hi.append(INF)      # Ȳ <= t·y0
    if conv:
        r = np.zeros(nv); r[0] = -1.0; r[1: 1 + n] = 1.0
        rows.append(r); lo.append(cl[0]); hi.append(cl[1])
    st, z, obj = _solve(c, rows, lo, hi, col_lo, col_hi, maximize=maximize, name=name)
    if st != "optimal":
        return np.nan, "infeasible"
    if orientation.output:
        return (1.0 / obj if obj > 0 else np.nan), ("optimal" if obj > 0 else "infeasible")
    return obj, "optimal"


def slacks_based(data: Data, *, orientation: Orientation, rts: Technology, super_efficiency: bool,
                 slacks: bool = True) -> DEAResult:
    """SBM and super-SBM of validated ``data`` (see :func:`innoscope.efficiency.sbm`).

    ``slacks=False`` leaves slacks, targets, peers and status out of the result (they are
    computed all the same: they define ρ).
    """
    n = len(data.labels)
    rho = np.empty(n)
    S_in = np.zeros(data.X.shape)
    S_out = np.zeros(data.Y.shape)
    lam = []
    for k in range(n):
        r, l, a, b = _sbm_one(data.Xs, data.Ys, k, rts=rts, orientation=orientation, nd=data.nd,
                              name=data.labels[k])
        rho[k] = r
        S_in[k], S_out[k] = np.maximum(a, 0) * data.fx, np.maximum(b, 0) * data.fy
        nzr = np.flatnonzero(l > 1e-12)
        lam.append((nzr, l[nzr]))
    drop_tiny(S_in, data.fx)
    drop_tiny(S_out, data.fy)
    rho = snap_to_one(rho)
    fields = {}
    if slacks:
        fields.update(slack_fields(efficiency=rho, S_in=S_in, S_out=S_out, T_in=data.X - S_in,
                                   T_out=data.Y + S_out, lam=lam, labels=data.labels, inputs=data.inputs,
                                   outputs=data.outputs))
    if super_efficiency:
        fields.update(super_fields(*_super_sbm(data, rho, rts=rts, orientation=orientation), data.labels))
    params = {"model": "sbm", "orientation": orientation.value, "rts": rts.rts, "inputs": data.inputs,
              "outputs": data.outputs, "nondiscretionary": data.nondiscretionary, "solver": "HiGHS (highspy)",
              "version": __version__}
    return DEAResult(efficiency=pd.Series(rho, index=pd.Index(data.labels, name="dmu"), name="efficiency"),
                     lambdas=lambda_table(lam, data.labels), params=params, **fields)


def _super_sbm(data: Data, rho, *, rts: Technology, orientation: Orientation):
    """Super-SBM of the SBM-efficient DMUs; the others keep ρ."""
    values = rho.copy()
    status = np.array(["optimal"] * len(rho), dtype=object)
    for k in np.flatnonzero(rho >= 1 - 1e-7):
        values[k], status[k] = _super_sbm_one(data.Xs, data.Ys, k, rts=rts, orientation=orientation, nd=data.nd,
                                              name=data.labels[k])
    return values, status
