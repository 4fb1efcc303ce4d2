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

import threading

import numpy as np

from ._engine import PRICE_TOL, run_chunks
from ._spec import Orientation, Technology

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

    def __init__(self, Xs, Ys, *, rts: Technology, orientation: Orientation, nd, cand, jobs: int = 1):
        self.jobs = max(1, int(jobs))
        self._lock = threading.Lock()
        Xs = np.asarray(Xs, dtype=float)
        Ys = np.asarray(Ys, dtype=float)
        n, m = Xs.shape
        s = Ys.shape[1]
        nd = np.zeros(m, dtype=bool) if nd is None else np.asarray(nd, dtype=bool)
        conv = rts.convex
        nr = m + s + int(conv)
        self.n, self.m, self.s, self.nr = n, m, s, nr
        ones = np.ones((n, int(conv)))
        #: column of DMU j as a reference (λ_j)
        self.A = np.hstack([Xs, Ys, ones])
        #: score column and right-hand side when DMU k is evaluated
        self.T = np.zeros((n, nr))
        self.R = np.zeros((n, nr))
        if orientation.input:
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
            sense = np.r_[sense, rts.sense]
        self.sense = sense
        self.cand = np.asarray(cand, dtype=np.int64)
        self.A_cand = self.A[self.cand]
        cap = 64
        self.Y = np.empty((cap, nr))
        self.B = np.empty((cap, nr, nr))
        self.minrc = np.empty(cap)
        self.kind = np.empty((cap, nr), dtype=np.int8)  # 1 ≥ 0 variable, 0 fixed at 0
        self.basic = np.empty((cap, nr), dtype=np.int64)  # DMU id, or -1 (score / slack)
        self.count = 0
        self._names: set[bytes] = set()

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
        return self.store(B[keep], y[keep], np.minimum(minrc[keep], 0.0), kind[keep], basic[keep])

    def store(self, B, y, minrc, kind, basic) -> np.ndarray:
        """Append verified optimal bases (matrices, prices, least reduced cost, kinds, ids)."""
        with self._lock:
            return self._store(B, y, minrc, kind, basic)

    def _store(self, B, y, minrc, kind, basic) -> np.ndarray:
        nr = self.nr
        fresh = self._fresh(B, basic)
        B, y, minrc, kind, basic = B[fresh], y[fresh], minrc[fresh], kind[fresh], basic[fresh]
        f0, f1 = self.count, self.count + len(y)
        if f1 > len(self.Y):
            grow = max(2 * len(self.Y), f1)
            self.Y = np.resize(self.Y, (grow, nr))
            self.B = np.resize(self.B, (grow, nr, nr))
            self.minrc = np.resize(self.minrc, grow)
            self.kind = np.resize(self.kind, (grow, nr))
            self.basic = np.resize(self.basic, (grow, nr))
        self.Y[f0:f1] = y
        self.B[f0:f1] = B
        self.minrc[f0:f1] = minrc
        self.kind[f0:f1] = kind
        self.basic[f0:f1] = basic
        self.count = f1
        return np.arange(f0, f1)

    def _fresh(self, B, basic) -> np.ndarray:
        """Which of the given bases are new. A basis is named by its columns other than the score
        column (reference DMUs by id, slacks by row): those ``nr - 1`` independent columns fix the
        prices ``y`` up to the positive scale factor, so a basis with the same columns as a stored
        one gives the same bound for every DMU and the same certificate; it is not stored again."""
        if not len(basic):
            return np.zeros(0, dtype=np.int64)
        rows = np.abs(B[:, :, 1:]).argmax(axis=1)
        names = np.sort(np.where(basic[:, 1:] >= 0, basic[:, 1:], -2 - rows), axis=1)
        out = []
        for i, key in enumerate(map(bytes, names)):
            if key not in self._names:
                self._names.add(key)
                out.append(i)
        return np.asarray(out, dtype=np.int64)

    def best_bound(self, fac: np.ndarray, T: np.ndarray, R: np.ndarray):
        """Best dual bound (minimisation form) over facets ``fac`` for DMUs with score columns
        ``T`` and right-hand sides ``R``: ``(bound, facet)``, bound -inf where none is usable."""
        fac = np.asarray(fac, dtype=np.int64)
        n = len(T)
        out_b = np.full(n, -np.inf)
        out_f = np.zeros(n, dtype=np.int64)
        if not len(fac) or not n:
            return out_b, out_f
        step = max(1, 1_000_000 // len(fac))
        if self.jobs > 1 and n * len(fac) > 200_000:
            step = min(step, -(-n // self.jobs))
        starts = range(0, n, step)
        Yf = np.ascontiguousarray(self.Y[fac].T)
        Yd = self.ctheta * Yf
        # a facet is usable for DMU k when its scale factor den = ctheta·(T_k·y) is positive and
        # the scaled least reduced cost minrc/den stays within -PRICE_TOL: den >= -minrc/PRICE_TOL
        minrc = self.minrc[fac]
        with np.errstate(divide="ignore", over="ignore"):
            thr = np.where(minrc < 0, -minrc / PRICE_TOL, np.nextafter(0.0, 1.0))[None, :]

        def chunk(c0):
            Tc, Rc = T[c0 : c0 + step], R[c0 : c0 + step]
            den = Tc @ Yd
            obj = Rc @ Yf
            good = den >= thr  # False for NaN
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                np.divide(obj, den, out=obj, where=good)  # dual objective of the scaled prices
            good &= np.isfinite(obj)
            np.copyto(obj, -np.inf, where=~good)
            j = obj.argmax(axis=1)
            out_b[c0 : c0 + step] = obj[np.arange(len(obj)), j]
            out_f[c0 : c0 + step] = fac[j]

        run_chunks(chunk, starts, self.jobs)
        return out_b, out_f

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


def dual_simplex(fs: FacetSet, idx: np.ndarray, fac: np.ndarray, pool: np.ndarray, max_iter: int = 60):
    """Batched dual simplex for DMUs ``idx``, each started from the basis of facet ``fac[i]``.

    Every facet basis is dual feasible for every DMU (see the module docstring); the dual
    simplex keeps it so while it moves towards primal feasibility, over the entering columns
    ``pool`` (reference DMUs) and the row slacks. A DMU is solved when its basis is primal
    feasible and, checked afterwards, dual feasible over *all* candidate columns.

    Returns ``(ok, score, ids, z, need)``: solved mask, scores, basic DMU ids (-1: score or
    slack) and values per DMU, and the candidate columns that priced out for unsolved DMUs
    (to widen ``pool`` before a retry).
    """
    g, nr = len(idx), fs.nr
    Bm = fs.B[fac]  # fancy indexing copies
    Bm[:, :, 0] = fs.T[idx]
    ids = fs.basic[fac].copy()
    kind = fs.kind[fac].copy()
    rhs = fs.R[idx]
    slk_rows = np.flatnonzero(fs.sense != 0)
    slk = np.zeros((nr, len(slk_rows)))
    slk[slk_rows, np.arange(len(slk_rows))] = np.where(fs.sense[slk_rows] > 0, 1.0, -1.0)
    pool = np.asarray(pool, dtype=np.int64)
    C = np.hstack([fs.A[pool].T, slk])  # nr × (|pool| + slacks)
    pid = np.r_[pool, np.full(len(slk_rows), -1, dtype=np.int64)]
    pkind = np.ones(len(pid), dtype=np.int8)
    ok = np.zeros(g, dtype=bool)
    failed = np.zeros(g, dtype=bool)
    z_out = np.zeros((g, nr))
    y_out = np.zeros((g, nr))
    active = np.arange(g)
    for _ in range(max_iter):
        if not len(active):
            break
        try:
            Binv = np.linalg.inv(Bm[active])
        except np.linalg.LinAlgError:
            Binv = np.full((len(active), nr, nr), np.nan)
            for i, a in enumerate(active):
                try:
                    Binv[i] = np.linalg.inv(Bm[a])
                except np.linalg.LinAlgError:
                    pass
        z = np.einsum("gij,gj->gi", Binv, rhs[active])
        bad = ~np.isfinite(z).all(axis=1)
        kd = kind[active]
        neg = np.where(np.isfinite(z), z, 0.0) < -PRIMAL_TOL
        bad |= ((kd == 0) & (z > PRIMAL_TOL)).any(axis=1)
        zz = np.where(neg, z, 0.0)
        r = zz.argmin(axis=1)
        done = ~neg.any(axis=1) & ~bad
        bad |= (r == 0) & ~done  # the score variable would leave: not handled here
        if done.any():
            a = active[done]
            ok[a] = True
            z_out[a] = z[done]
            y_out[a] = fs.ctheta * Binv[done, 0, :]
        failed[active[bad]] = True
        go = ~done & ~bad
        if not go.any():
            active = active[:0]
            break
        active, Binv, r = active[go], Binv[go], r[go]
        rows = np.arange(len(active))
        y = fs.ctheta * Binv[:, 0, :]
        rho = Binv[rows, r, :]
        alpha = rho @ C
        ratio = y @ C  # = -reduced cost; then the ratio of the dual ratio test, in place
        np.negative(ratio, out=ratio)
        np.maximum(ratio, 0.0, out=ratio)
        elig = alpha < -1e-9
        np.negative(alpha, out=alpha)
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(ratio, alpha, out=ratio)
        ratio[~elig] = np.inf
        del alpha, elig
        q = ratio.argmin(axis=1)
        stuck = ~np.isfinite(ratio[rows, q])
        failed[active[stuck]] = True
        keep = ~stuck
        active, r, q = active[keep], r[keep], q[keep]
        Bm[active, :, r] = C[:, q].T
        ids[active, r] = pid[q]
        kind[active, r] = pkind[q]
    failed[active] = True  # iteration limit
    ok &= ~failed
    # dual feasibility over every candidate column (the pool is only a part of them)
    need = np.zeros(0, dtype=np.int64)
    sol = np.flatnonzero(ok)
    if len(sol):
        y = y_out[sol]
        worst = np.full(len(sol), np.inf)
        arg = np.zeros(len(sol), dtype=np.int64)
        width = max(64, 1_000_000 // len(sol))  # bounded memory
        for c0 in range(0, len(fs.A_cand), width):
            rc = -(y @ fs.A_cand[c0 : c0 + width].T)
            j = rc.argmin(axis=1)
            w = rc[np.arange(len(sol)), j]
            better = w < worst
            worst[better], arg[better] = w[better], c0 + j[better]
        viol = [arg[worst < -PRICE_TOL]]
        slack_rc = np.where(fs.sense > 0, -y, np.where(fs.sense < 0, y, np.inf)).min(axis=1)
        dual_ok = (worst >= -PRICE_TOL) & (slack_rc >= -PRICE_TOL)
        obj_p = fs.ctheta * z_out[sol, 0]
        obj_d = np.einsum("gi,gi->g", y, rhs[sol])
        dual_ok &= np.abs(obj_p - obj_d) <= GAP_TOL * np.maximum(1.0, np.abs(obj_d))
        ok[sol[~dual_ok]] = False
        need = fs.cand[np.unique(viol[0])]
        good = sol[dual_ok]
        fs.store(Bm[good], y_out[good], np.minimum(np.minimum(worst, slack_rc)[dual_ok], 0.0), kind[good], ids[good])
    return ok, z_out[:, 0], ids, z_out, need


def vertex_pool(Xs, Ys, cand, *, rts: Technology, directions: int = 2048) -> np.ndarray:
    """Candidate DMUs that maximise a price-weighted profit ``u·y − v·x`` (or, for constant
    returns to scale, the ratio ``u·y / v·x``) for one of ``directions`` fixed positive price
    vectors: vertices of the frontier, the columns optimal bases are made of.

    Only a starting set for the dual simplex: columns missing from it are found by pricing,
    so the result never depends on it. The price vectors are fixed (seeded) for repeatability.
    """
    cand = np.asarray(cand, dtype=np.int64)
    if not len(cand):
        return cand
    Xc, Yc = Xs[cand], Ys[cand]
    rng = np.random.default_rng(20240601)
    W = rng.exponential(size=(Xc.shape[1] + Yc.shape[1], directions))
    level = np.exp(rng.uniform(-1.5, 1.5, directions))
    v, u = W[: Xc.shape[1]], W[Xc.shape[1] :]
    out = []
    for c0 in range(0, directions, 512):
        vx, uy = Xc @ v[:, c0 : c0 + 512], Yc @ u[:, c0 : c0 + 512]
        if rts is not Technology.VRS:  # the technology holds rays: ratio-maximising vertices
            out.append((uy / vx).argmax(axis=0))
        if rts.convex:
            # profit, input prices at a random level around the typical output/input value
            lv = level[c0 : c0 + 512] * uy.mean(axis=0) / vx.mean(axis=0)
            out.append((uy - vx * lv).argmax(axis=0))
    return cand[np.unique(np.concatenate(out))]
