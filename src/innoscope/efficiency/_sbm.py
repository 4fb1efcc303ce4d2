"""Slacks-based measure (Tone 2001) and super-SBM (Tone 2002), non-oriented and oriented."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import EfficiencyError
from ._dea import EFF_TOL, DEAResult, _peer_text
from ._engine import INF, new_highs, status_name
from ._validate import check_choice, nd_mask, prepare, scale_factors

__all__ = ["sbm"]



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


def _sbm_one(X, Y, k, *, rts, orientation, nd, name):
    """SBM of DMU k: returns (rho, lam, s_in, s_out) in scaled units."""
    n, m = X.shape
    s = Y.shape[1]
    x0, y0 = X[k], Y[k]
    disc = ~nd
    md = disc.sum()
    pos = y0 > 0
    sp = pos.sum()
    conv = rts != "crs"
    cl = {"vrs": (0.0, 0.0), "nirs": (-INF, 0.0), "ndrs": (0.0, INF)}.get(rts)
    if orientation == "none":
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
    if orientation == "input":
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
        lo_, hi_ = {"vrs": (1.0, 1.0), "nirs": (-INF, 1.0), "ndrs": (1.0, INF)}[rts]
        rows.append(r); lo.append(lo_); hi.append(hi_)
    st, z, obj = _solve(c, rows, lo, hi, np.zeros(nv), np.full(nv, INF), maximize=True, name=name)
    if st != "optimal":
        raise EfficiencyError(f"DMU {name}: the SBM LP is infeasible")
    rho = 1.0 - obj if orientation == "input" else 1.0 / (1.0 + obj)
    return rho, z[:n], z[n: n + m], z[n + m:]


def _super_sbm_one(X, Y, k, *, rts, orientation, nd, name):
    """Tone (2002) super-SBM of DMU k (excluded from the reference set); >= 1, or NaN if infeasible."""
    n, m = X.shape
    s = Y.shape[1]
    x0, y0 = X[k], Y[k]
    disc = ~nd
    md = disc.sum()
    pos = y0 > 0
    sp = max(pos.sum(), 1)
    conv = rts != "crs"
    cl = {"vrs": (0.0, 0.0), "nirs": (-INF, 0.0), "ndrs": (0.0, INF)}.get(rts)
    # z = [t, Λ (n), X̄ (m), Ȳ (s)]; non-oriented uses the Charnes–Cooper variable t, oriented t = 1
    nv = 1 + n + m + s
    c = np.zeros(nv)
    rows, lo, hi = [], [], []
    col_lo, col_hi = np.zeros(nv), np.full(nv, INF)
    col_hi[1 + k] = 0.0  # DMU k left out
    if orientation == "none":
        c[1 + n: 1 + n + m] = np.where(disc, 1.0 / (md * x0), 0.0)
        r = np.zeros(nv); r[1 + n + m:] = np.where(pos, 1.0 / (sp * np.where(pos, y0, 1.0)), 0.0)
        rows.append(r); lo.append(1.0); hi.append(1.0)
        maximize = False
    else:
        col_lo[0] = col_hi[0] = 1.0
        if orientation == "input":
            c[1 + n: 1 + n + m] = np.where(disc, 1.0 / (md * x0), 0.0)
            maximize = False
        else:
            c[1 + n + m:] = np.where(pos, 1.0 / (sp * np.where(pos, y0, 1.0)), 0.0)
            maximize = True
    for i in range(m):
        r = np.zeros(nv); r[1 + n + i] = 1.0; r[1: 1 + n] = -X[:, i]
        rows.append(r); lo.append(0.0); hi.append(INF)          # X̄ >= XΛ
        r = np.zeros(nv); r[1 + n + i] = 1.0; r[0] = -x0[i]
        if nd[i] or orientation == "output":
            rows.append(r); lo.append(0.0); hi.append(0.0)      # X̄ = t·x0 (fixed input)
        else:
            rows.append(r); lo.append(0.0); hi.append(INF)      # X̄ >= t·x0
    for q in range(s):
        r = np.zeros(nv); r[1: 1 + n] = Y[:, q]; r[1 + n + m + q] = -1.0
        rows.append(r); lo.append(0.0); hi.append(INF)          # Ȳ <= YΛ
        r = np.zeros(nv); r[0] = y0[q]; r[1 + n + m + q] = -1.0
        if orientation == "input":
            rows.append(r); lo.append(0.0); hi.append(0.0)      # Ȳ = t·y0 (fixed output)
        else:
            rows.append(r); lo.append(0.0); hi.append(INF)      # Ȳ <= t·y0
    if conv:
        r = np.zeros(nv); r[0] = -1.0; r[1: 1 + n] = 1.0
        rows.append(r); lo.append(cl[0]); hi.append(cl[1])
    st, z, obj = _solve(c, rows, lo, hi, col_lo, col_hi, maximize=maximize, name=name)
    if st != "optimal":
        return np.nan, "infeasible"
    if orientation == "output":
        return (1.0 / obj if obj > 0 else np.nan), ("optimal" if obj > 0 else "infeasible")
    return obj, "optimal"


def sbm(X, Y, *, orientation: str = "none", rts: str = "crs", super_efficiency: bool = False,
        nondiscretionary=None, dmus=None, _stacklevel: int = 2) -> DEAResult:
    """Slacks-based measure of efficiency (Tone 2001) and super-SBM (Tone 2002).

    Non-oriented: ρ = (1 − (1/m)Σ s⁻ᵢ/xᵢ₀) / (1 + (1/s)Σ s⁺ᵣ/yᵣ₀), solved as an LP by the
    Charnes–Cooper transformation. Input-oriented: ρ = 1 − (1/m)Σ s⁻ᵢ/xᵢ₀; output-oriented:
    ρ = 1 / (1 + (1/s)Σ s⁺ᵣ/yᵣ₀). Outputs equal to 0 for the evaluated DMU drop out of its
    output term (Tone 2001 leaves them undefined); non-discretionary inputs drop out of the
    input term.

    Super-efficiency: SBM-efficient DMUs (ρ = 1) get Tone's (2002) super-SBM δ ≥ 1 against
    the other DMUs (``infeasible`` if no point qualifies); inefficient DMUs keep ρ.

    Parameters
    ----------
    X, Y, dmus, nondiscretionary : as in :func:`dea`
    orientation : {"none", "input", "output"}
    rts : {"crs", "vrs", "nirs", "ndrs"}

    Returns
    -------
    DEAResult (``phi`` and ``scale`` are None; ``efficiency`` holds ρ)

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"x1": [4, 6, 8, 8, 2], "x2": [3, 3, 1, 1, 4]}, index=list("ABCDE"))
    >>> Y = pd.DataFrame({"y1": [2, 2, 6, 6, 1], "y2": [3, 3, 2, 1, 4]}, index=list("ABCDE"))
    >>> sbm(X, Y).efficiency.round(3).tolist()
    [0.798, 0.568, 1.0, 0.667, 1.0]
    """
    orientation = check_choice("orientation", orientation, ("none", "input", "output"))
    rts = check_choice("rts", rts, ("crs", "vrs", "nirs", "ndrs"))
    Xa, Ya, labels, xn, yn, warns = prepare(X, Y, dmus, output_orientation=(orientation == "output"))
    for w in warns:
        warnings.warn(w, UserWarning, stacklevel=_stacklevel)
    nd = nd_mask(nondiscretionary, xn)
    fx, fy = scale_factors(Xa), scale_factors(Ya)
    Xs, Ys = Xa / fx, Ya / fy
    n = len(labels)
    rho = np.empty(n)
    S_in = np.zeros(Xa.shape)
    S_out = np.zeros(Ya.shape)
    lam = []
    for k in range(n):
        r, l, a, b = _sbm_one(Xs, Ys, k, rts=rts, orientation=orientation, nd=nd, name=labels[k])
        rho[k] = r
        S_in[k], S_out[k] = np.maximum(a, 0) * fx, np.maximum(b, 0) * fy
        nzr = np.flatnonzero(l > 1e-12)
        lam.append((nzr, l[nzr]))
    S_in[S_in < EFF_TOL * fx] = 0.0
    S_out[S_out < EFF_TOL * fy] = 0.0
    rho = np.where(np.abs(rho - 1.0) <= 1e-10, 1.0, rho)  # LP round-off at the frontier
    idx = pd.Index(labels, name="dmu")
    eff = pd.Series(rho, index=idx, name="efficiency")
    one = np.abs(rho - 1) <= EFF_TOL
    st = np.where(one & ~((S_in > 0).any(1) | (S_out > 0).any(1)), "efficient",
                  np.where(one, "weakly efficient", "inefficient"))
    sup = sup_st = None
    if super_efficiency:
        sv = rho.copy()
        ss = np.array(["optimal"] * n, dtype=object)
        for k in np.flatnonzero(rho >= 1 - 1e-7):
            sv[k], ss[k] = _super_sbm_one(Xs, Ys, k, rts=rts, orientation=orientation, nd=nd, name=labels[k])
        sup = pd.Series(sv, index=idx, name="super_efficiency")
        sup_st = pd.Series(ss, index=idx, name="super_status")
    rows = [(labels[k], labels[int(j)], float(w)) for k, (ii, vv) in enumerate(lam) for j, w in zip(ii, vv)]
    params = {"model": "sbm", "orientation": orientation, "rts": rts, "inputs": xn, "outputs": yn,
              "nondiscretionary": [v for v, f in zip(xn, nd) if f], "solver": "HiGHS (highspy)",
              "version": __version__}
    return DEAResult(
        efficiency=eff, phi=None, status=pd.Series(st, index=idx, name="status"),
        slacks_in=pd.DataFrame(S_in, index=idx, columns=xn), slacks_out=pd.DataFrame(S_out, index=idx, columns=yn),
        targets_in=pd.DataFrame(Xa - S_in, index=idx, columns=xn),
        targets_out=pd.DataFrame(Ya + S_out, index=idx, columns=yn),
        peers=pd.Series(_peer_text(lam, labels), index=idx, name="peers"),
        lambdas=pd.DataFrame(rows, columns=["dmu", "peer", "weight"]),
        super_efficiency=sup, super_status=sup_st, scale=None, params=params)
