"""Optimal-basis reuse for in-sample radial DEA: most DMUs are scored without calling HiGHS.

Every optimal basis found by HiGHS for one DMU describes a supporting hyperplane ("facet") of
the technology. Its row prices ``y`` do not depend on the evaluated DMU except for one positive
scale factor (the score column is the only DMU-specific column of the basis), so the basis is
dual feasible for every DMU once it is dual feasible for one. For another DMU ``k`` the same
basic columns, with the score column replaced by ``k``'s own, give

* a **bound**: the dual objective of the scaled prices is a lower bound of the (minimised)
  objective of ``k`` (weak duality); the facet with the best bound is the candidate basis;
* a **certificate**: if that basis is also primal feasible for ``k`` (a 7 × 7 solve for
  3 inputs / 3 outputs / BCC, batched over many DMUs in numpy), it is an optimal basis of
  ``k``'s LP and its primal value is the optimum. Primal and dual objective must agree.

DMUs that cannot be certified are solved by HiGHS, which adds a new facet. Nothing is
approximated: a score is either certified by an optimal basis (primal feasible within
``PRIMAL_TOL``, dual feasible within ``PRICE_TOL`` over every non-dominated column and the
slacks, primal = dual objective) or taken from HiGHS.
"""
from __future__ import annotations

import numpy as np

from ._engine import PRICE_TOL

#: Primal feasibility tolerance of a reused basis (values of basic variables, scaled data).
PRIMAL_TOL = 1e-10
#: Largest gap between the primal and the dual objective of a certified basis.
GAP_TOL = 1e-11


class FacetSet:
    """Optimal bases of one radial technology (in-sample), to certify other DMUs' optima.

    Rows follow :class:`~innoscope.efficiency._engine.RadialEngine`: inputs, outputs, then the
    convexity row. Column 0 of a stored basis matrix is the score column; the others are
    reference DMUs (``λ``) or row slacks.
    """

    def __init__(self, Xs, Ys, *, rts: str, orientation: str, nd, cand):
        Xs = np.asarray(Xs, dtype=float)
        Ys = np.asarray(Ys, dtype=float)
        n, m = Xs.shape
        s = Ys.shape[1]
        nd = np.zeros(m, dtype=bool) if nd is None else np.asarray(nd, dtype=bool)
        conv = rts != "crs"
        nr = m + s + int(conv)
        self.n, self.m, self.s, self.nr = n, m, s, nr
        ones = np.ones((n, int(conv)))
        #: column of DMU j as a reference (λ_j)
        self.A = np.hstack([Xs, Ys, ones])
        #: score column and right-hand side when DMU k is evaluated
        self.T = np.zeros((n, nr))
        self.R = np.zeros((n, nr))
        if orientation == "input":
            self.ctheta = 1.0
            self.T[:, :m] = np.where(nd, 0.0, -Xs)
            self.R[:, :m] = np.where(nd, Xs, 0.0)
            self.R[:, m : m + s] = Ys
        else:
            self.ctheta = -1.0
            self.T[:, m : m + s] = -Ys
            self.R[:, :m] = Xs
        if conv:
            self.R[:, m + s] = 1.0
        # row sense: +1 "≤" (slack column +e), -1 "≥" (surplus column -e), 0 "=" (fixed)
        sense = np.r_[np.ones(m), -np.ones(s)]
        if conv:
            sense = np.r_[sense, {"vrs": 0.0, "nirs": 1.0, "ndrs": -1.0}[rts]]
        self.sense = sense
        self.A_cand = self.A[np.asarray(cand, dtype=np.int64)]
        cap = 64
        self.Y = np.empty((cap, nr))
        self.B = np.empty((cap, nr, nr))
        self.minrc = np.empty(cap)
        self.kind = np.empty((cap, nr), dtype=np.int8)  # 1 ≥ 0 variable, 0 fixed at 0
        self.basic = np.empty((cap, nr), dtype=np.int64)  # DMU id, or -1 (score / slack)
        self.count = 0

    # ------------------------------------------------------------------ facets
    def add_many(self, items) -> np.ndarray:
        """Store optimal bases ``(k, dmus, rows)``: DMU ``k``'s score column + λ of ``dmus`` +
        slacks of ``rows``. Returns the ids of the usable ones (right size, regular, dual
        feasible over the candidates and the slacks within ``PRICE_TOL``)."""
        nr = self.nr
        items = [(k, d, r) for k, d, r in items if 1 + len(d) + len(r) == nr]
        if not items:
            return np.zeros(0, dtype=np.int64)
        g = len(items)
        B = np.zeros((g, nr, nr))
        kind = np.ones((g, nr), dtype=np.int8)
        basic = np.full((g, nr), -1, dtype=np.int64)
        for i, (k, dmus, rows) in enumerate(items):
            B[i, :, 0] = self.T[k]
            nd_ = len(dmus)
            if nd_:
                B[i, :, 1 : 1 + nd_] = self.A[dmus].T
                basic[i, 1 : 1 + nd_] = dmus
            for c, r in enumerate(rows, start=1 + nd_):
                B[i, r, c] = -1.0 if self.sense[r] < 0 else 1.0
                kind[i, c] = 0 if self.sense[r] == 0 else 1
        e = np.zeros((g, nr, 1))
        e[:, 0, 0] = self.ctheta
        Bt = np.transpose(B, (0, 2, 1))
        try:
            y = np.linalg.solve(Bt, e)[:, :, 0]
            good = np.ones(g, dtype=bool)
        except np.linalg.LinAlgError:
            y = np.full((g, nr), np.nan)
            good = np.zeros(g, dtype=bool)
            for i in range(g):
                try:
                    y[i] = np.linalg.solve(Bt[i], e[i, :, 0])
                    good[i] = True
                except np.linalg.LinAlgError:
                    pass
        good &= np.isfinite(y).all(axis=1)
        y = np.where(good[:, None], y, 0.0)
        rc = -(self.A_cand @ y.T).max(axis=0) if len(self.A_cand) else np.full(g, np.inf)
        slack_rc = np.where(self.sense > 0, -y, np.where(self.sense < 0, y, np.inf)).min(axis=1)
        minrc = np.minimum(rc, slack_rc)
        good &= minrc >= -PRICE_TOL
        keep = np.flatnonzero(good)
        f0, f1 = self.count, self.count + len(keep)
        while f1 > len(self.Y):
            grow = len(self.Y) * 2
            self.Y = np.resize(self.Y, (grow, nr))
            self.B = np.resize(self.B, (grow, nr, nr))
            self.minrc = np.resize(self.minrc, grow)
            self.kind = np.resize(self.kind, (grow, nr))
            self.basic = np.resize(self.basic, (grow, nr))
        self.Y[f0:f1] = y[keep]
        self.B[f0:f1] = B[keep]
        self.minrc[f0:f1] = np.minimum(minrc[keep], 0.0)
        self.kind[f0:f1] = kind[keep]
        self.basic[f0:f1] = basic[keep]
        self.count = f1
        return np.arange(f0, f1)

    def best_bound(self, fac: np.ndarray, T: np.ndarray, R: np.ndarray):
        """Best dual bound (minimisation form) over facets ``fac`` for DMUs with score columns
        ``T`` and right-hand sides ``R``: ``(bound, facet)``, bound -inf where none is usable."""
        Yf = self.Y[fac].T
        den = T @ Yf
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            scale = self.ctheta / den
            obj = scale * (R @ Yf)
        ok = np.isfinite(scale) & (scale > 0) & (self.minrc[fac][None, :] * scale >= -PRICE_TOL) & np.isfinite(obj)
        obj = np.where(ok, obj, -np.inf)
        j = obj.argmax(axis=1)
        return obj[np.arange(len(obj)), j], fac[j]

    def certify(self, idx: np.ndarray, fac: np.ndarray, bound: np.ndarray):
        """Try basis ``fac[i]`` for DMU ``idx[i]``.

        Returns ``(ok, score, z)``: which DMUs are certified, their score (θ or φ) and the values
        of the basic variables (column order of the facet's basis).
        """
        Bs = self.B[fac]
        Bs[:, :, 0] = self.T[idx]
        rhs = self.R[idx]
        try:
            z = np.linalg.solve(Bs, rhs[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            z = np.full(rhs.shape, np.nan)
            for i in range(len(idx)):
                try:
                    z[i] = np.linalg.solve(Bs[i], rhs[i])
                except np.linalg.LinAlgError:
                    pass
        kind = self.kind[fac]
        with np.errstate(invalid="ignore"):
            feas = np.where(kind == 1, z >= -PRIMAL_TOL, np.abs(z) <= PRIMAL_TOL)
            obj = self.ctheta * z[:, 0]
            ok = feas.all(axis=1) & np.isfinite(z).all(axis=1)
            ok &= np.abs(obj - bound) <= GAP_TOL * np.maximum(1.0, np.abs(bound))
        return ok, z[:, 0], z

    def lambdas(self, f: int, z: np.ndarray):
        """``(idx, values)`` of the positive λ in a certified solution ``z`` of facet ``f``."""
        basic = self.basic[f]
        keep = (basic >= 0) & (z > 1e-12)
        return basic[keep], z[keep]


def basis_of(eng, k: int):
    """The current optimal HiGHS basis of ``eng`` (just solved for in-sample DMU ``k``) as
    ``(k, dmus, rows)`` for :meth:`FacetSet.add_many`, or None (score not basic)."""
    status, bv = eng.h.getBasicVariables()
    bv = np.asarray(bv, dtype=np.int64)
    if (bv == 0).sum() != 1:
        return None
    ref = np.asarray(eng.ref, dtype=np.int64)
    lamc = bv[bv >= 1]
    dmus = np.where(lamc == 1, k, ref[np.maximum(lamc - 2, 0)] if len(ref) else k)
    if len(np.unique(dmus)) != len(dmus):
        return None
    rows = -1 - bv[bv < 0]
    return k, dmus, rows
