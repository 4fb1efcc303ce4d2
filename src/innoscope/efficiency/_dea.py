"""Radial DEA: CCR / BCC / NIRS / NDRS, both orientations, slacks, super-efficiency, scale efficiency."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import EfficiencyError
from ._engine import LPFailure, RadialEngine, SlackEngine, run_chunks, super_candidates
from ._facets import PRIMAL_TOL, FacetSet, basis_of, dual_simplex, vertex_pool
from ._result import DEAResult, drop_tiny, lambda_table, slack_fields, snap_to_one, super_fields
from ._spec import Orientation, Technology
from ._validate import Data

#: DMUs solved by HiGHS per round of the frontier pass before the new facets are used.
_ROUND = 8
#: HiGHS solves before the remaining DMUs go to the batched dual simplex (-1: never).
_WARM = 64
#: Most DMUs in one batched dual-simplex stage (bounds the memory of the stage).
_STAGE_MAX = 2048
#: Smallest number of DMUs for which ``n_jobs`` > 1 runs the numpy stages on threads.
_PARALLEL_MIN = 2000

__all__ = ["radial", "radial_scores"]


# --------------------------------------------------------------------------- driver
def _frontier_pass(eng, Xs, Ys, order, record, labels, *, rts, orientation, nd, lam, score, batch=None, warm=None, jobs=1):
    """Score DMUs ``order`` in-sample: HiGHS solves a few DMUs per round, their optimal bases
    are stored as facets, and every still-open DMU whose best facet basis is optimal for it
    (certified in numpy, see :mod:`._facets`) is scored without a solve."""
    fs = FacetSet(Xs, Ys, rts=rts, orientation=orientation, nd=nd, cand=eng.cand, jobs=jobs)
    pending = np.zeros(Xs.shape[0], dtype=bool)
    pending[order] = True
    live = np.asarray(order, dtype=np.int64)
    T, R = fs.T[live], fs.R[live]
    best = np.full(len(live), -np.inf)
    bfac = np.full(len(live), -1, dtype=np.int64)
    batch = _ROUND if batch is None else batch
    warm = _WARM if warm is None else warm
    solves = 0
    simplex_done = warm < 0
    while len(live):
        if not simplex_done and solves >= warm:
            simplex_done = True
            _simplex_stage(eng, fs, live, bfac, best, lam, score, pending)
            keep = pending[live]
            live, T, R, best, bfac = live[keep], T[keep], R[keep], best[keep], bfac[keep]
            continue
        todo = live[:batch]
        solves += len(todo)
        items = []
        for k in todo:
            k = int(k)
            sol = eng.solve(Xs[k], Ys[k], self_index=k, name=labels[k])
            if sol.status == "optimal":
                item = basis_of(eng, k)
                if item is not None:
                    items.append(item)
            record(k, sol)
            pending[k] = False
        new = fs.add_many(items)
        keep = pending[live]
        live, T, R, best, bfac = live[keep], T[keep], R[keep], best[keep], bfac[keep]
        if not len(new) or not len(live):
            continue
        bnd, fac = fs.best_bound(new, T, R)
        imp = np.flatnonzero(bnd >= best - 1e-12)
        if not len(imp):
            continue
        up = bnd[imp] > best[imp]
        bfac[imp[up]] = fac[imp[up]]
        best[imp] = np.maximum(best[imp], bnd[imp])
        ok, sc, z = fs.certify(live[imp], fac[imp], bnd[imp])
        if ok.any():
            done = live[imp[ok]]
            score[done] = sc[ok]
            pending[done] = False
            ids = fs.basic[fac[imp[ok]]]
            zs = z[ok]
            pos = (ids >= 0) & (zs > 1e-12)
            for j, i_, z_, p_ in zip(done.tolist(), ids, zs, pos):
                lam[j] = (i_[p_], z_[p_])
        if ok.any():
            keep = pending[live]
            live, T, R, best, bfac = live[keep], T[keep], R[keep], best[keep], bfac[keep]
    return fs


def _simplex_stage(eng, fs, live, bfac, best, lam, score, pending, retries=4):
    """Batched dual simplex (numpy) for the open DMUs, in growing stages: each stage's optimal
    bases become facets, which certify many of the remaining DMUs outright and give the rest
    a close dual-feasible start."""
    pool = np.unique(np.r_[np.asarray(eng.ref, dtype=np.int64), fs.basic[: fs.count][fs.basic[: fs.count] >= 0],
                           vertex_pool(eng.Xr, eng.Yr, eng.cand, rts=eng.rts)])

    def put(done, ids, z):
        score[done] = z[:, 0]
        pending[done] = False
        pos = (ids >= 0) & (z > 1e-12)
        for j, i_, z_, p_ in zip(done.tolist(), ids, z, pos):
            lam[j] = (i_[p_], z_[p_])

    size = 256
    while True:
        open_ = np.flatnonzero(pending[live] & (bfac >= 0))
        if not len(open_):
            return
        step = max(1, len(open_) // size)
        sel = open_[::step][:size]
        idx, fac = live[sel], bfac[sel]
        f_before = fs.count
        for _ in range(retries):
            if not len(idx):
                break
            if fs.jobs > 1 and len(idx) >= 512:
                parts = np.array_split(np.arange(len(idx)), fs.jobs)
                res = run_chunks(lambda p: dual_simplex(fs, idx[p], fac[p], pool), parts, fs.jobs)
                ok, sc, ids, z = (np.concatenate([r[i] for r in res]) for i in range(4))
                need = np.unique(np.concatenate([r[4] for r in res]))
            else:
                ok, sc, ids, z, need = dual_simplex(fs, idx, fac, pool)
            if ok.any():
                put(idx[ok], ids[ok], z[ok])
            idx = idx[~ok]
            if not len(idx) or not len(need):
                break
            pool = np.union1d(pool, need)
            # restart from the best facet, the new ones included
            b, fac = fs.best_bound(np.arange(fs.count), fs.T[idx], fs.R[idx])
            keep = np.isfinite(b)
            idx, fac = idx[keep], fac[keep]
        bfac[sel[pending[live[sel]]]] = -1  # whatever this stage did not settle is left to HiGHS
        new = np.arange(f_before, fs.count)
        rest = np.flatnonzero(pending[live] & (bfac >= 0))
        if len(new) and len(rest):
            bnd, fac = fs.best_bound(new, fs.T[live[rest]], fs.R[live[rest]])
            up = bnd >= best[rest] - 1e-12
            r_up = rest[up]
            better = bnd[up] > best[r_up]
            bfac[r_up[better]] = fac[up][better]
            best[r_up] = np.maximum(best[r_up], bnd[up])
            ok, sc, z = fs.certify(live[r_up], fac[up], bnd[up])
            if ok.any():
                put(live[r_up[ok]], fs.basic[fac[up][ok]], z[ok])
        size = min(4 * size, _STAGE_MAX)


def radial_scores(Xs, Ys, *, rts: Technology = Technology.VRS, orientation: Orientation = Orientation.INPUT,
                  nd=None, method="frontier", n_jobs=1, labels=None, slacks=False, w_in=None, w_out=None):
    """Solve every DMU in-sample. Returns ``(score, lam, slack_in, slack_out)``.

    ``score`` is θ (input) or φ (output); ``lam`` a list of ``(idx, weights)`` per DMU.
    ``method="plain"`` solves each DMU over all columns (no candidates, no pricing).
    """
    n = Xs.shape[0]
    labels = labels if labels is not None else [str(i) for i in range(n)]
    jobs = 1
    if n_jobs is not None and n_jobs != 1 and n >= _PARALLEL_MIN:
        jobs = (os.cpu_count() or 1) if n_jobs in (-1, 0) else max(1, int(n_jobs))
    eng = RadialEngine(Xs, Ys, rts=rts, orientation=orientation, nd=nd, full=(method == "plain"), jobs=jobs)
    score = np.empty(n)
    lam: list = [None] * n
    in_cand = np.zeros(n, dtype=bool)
    in_cand[eng.cand] = True
    order = np.concatenate([eng.cand, np.flatnonzero(~in_cand)]) if method != "plain" else np.arange(n)

    def record(k, sol):
        if sol.status != "optimal":
            raise EfficiencyError(f"DMU {labels[k]}: the DEA LP is {sol.status} (check the data of this DMU)")
        score[k] = sol.score
        idx, val = sol.lam_idx, sol.lam_val
        if sol.self_weight > 1e-12:
            idx = np.append(idx, k)
            val = np.append(val, sol.self_weight)
            if method != "plain":
                eng.add_columns([k])
        lam[k] = (idx, val)

    try:
        if method == "plain":
            for k in order:
                record(k, eng.solve(Xs[k], Ys[k], self_index=int(k), name=labels[k]))
        else:
            _frontier_pass(eng, Xs, Ys, order, record, labels, rts=rts, orientation=orientation, nd=nd,
                           lam=lam, score=score, jobs=jobs)
        s_in = s_out = None
        if slacks:
            if method != "plain":
                # phase II starts from the phase-I optimum: its peers must be columns of the model
                used = [i for i, _ in lam if i is not None and len(i)]
                if used:
                    eng.add_columns(np.unique(np.concatenate(used)))
            se = SlackEngine(eng, w_in, w_out)
            s_in = np.zeros(Xs.shape)
            s_out = np.zeros(Ys.shape)
            reuse = method != "plain" and rts in (Technology.CRS, Technology.VRS)
            _phase_two(se, Xs, Ys, score, lam, s_in, s_out, labels, orientation=orientation, nd=nd, reuse=reuse)
    except LPFailure as exc:
        raise EfficiencyError(str(exc)) from None
    return score, lam, s_in, s_out


def _phase_two(se, Xs, Ys, score, lam, s_in, s_out, labels, *, orientation: Orientation, nd, reuse: bool,
               batch: int = 32):
    """Phase II (max slacks) of every DMU: HiGHS for a few, stored optimal bases for the rest.

    The phase-II LP of every DMU has the same matrix and the same objective; only the right-hand
    side ``(θx₀, y₀, 1)`` changes. An optimal basis found by HiGHS (dual feasible over every
    candidate column after pricing, hence over every DMU by dominance) therefore stays dual
    feasible for every DMU, and it is optimal for DMU ``k`` as soon as ``B⁻¹ r_k ≥ 0`` (primal
    feasible within 1e-10). Such DMUs need no LP; the others are solved by HiGHS, whose bases
    join the store. Bases with a row logical or the DMU's own column basic are not stored.
    ``reuse=False`` (the plain method, NIRS/NDRS) solves every DMU by HiGHS.
    """
    n, m = Xs.shape
    s = Ys.shape[1]
    conv = se.r.conv
    nr = m + s + int(conv)
    if orientation.input:
        Rx, Ry = np.where(nd if nd is not None else False, Xs, score[:, None] * Xs), Ys
    else:
        Rx, Ry = Xs, score[:, None] * Ys
    R = np.hstack([Rx, Ry] + ([np.ones((n, 1))] if conv else []))
    open_ = np.arange(n)
    seen: set = set()

    def put(k, a, b, idx, val):
        s_in[k], s_out[k] = a, b
        lam[k] = (idx, val)

    while len(open_):
        todo, open_ = (open_[:batch], open_[batch:]) if reuse else (open_, open_[:0])
        new = []
        for k in todo:
            k = int(k)
            a, b, idx, val, selfw = se.solve(Xs[k], Ys[k], score[k], name=labels[k])
            if selfw > 1e-12:
                idx, val = np.append(idx, k), np.append(val, selfw)
            put(k, a, b, idx, val)
            if reuse and se.last_basis is not None:
                new.append(se.last_basis.copy())
        if not new or not len(open_):
            continue
        Bs, ids = [], []
        for bv in new:
            B = np.zeros((nr, nr))
            idv = np.empty(nr, dtype=np.int64)
            for c, col in enumerate(bv.tolist()):
                if col <= m:  # input slack
                    B[col - 1, c], idv[c] = 1.0, -col
                elif col <= m + s:  # output slack
                    B[col - 1, c], idv[c] = -1.0, -col
                else:
                    j = se.ref[col - se.first]
                    B[:m, c], B[m : m + s, c] = Xs[j], Ys[j]
                    if conv:
                        B[m + s, c] = 1.0
                    idv[c] = j
            key = tuple(sorted(idv.tolist()))
            if key not in seen:
                seen.add(key)
                Bs.append(B)
                ids.append(idv)
        if not Bs:
            continue
        Bs, ids = np.array(Bs), np.array(ids)
        with np.errstate(all="ignore"):
            try:
                Binv = np.linalg.inv(Bs)
            except np.linalg.LinAlgError:
                Binv = np.full(Bs.shape, np.nan)
                for i in range(len(Bs)):
                    try:
                        Binv[i] = np.linalg.inv(Bs[i])
                    except np.linalg.LinAlgError:
                        pass
        good = np.isfinite(Binv).all(axis=(1, 2))
        Binv, ids, Bs = Binv[good], ids[good], Bs[good]
        if not len(Binv):
            continue
        step = max(1, 2_000_000 // (len(Binv) * nr))
        done = np.zeros(len(open_), dtype=bool)
        for c0 in range(0, len(open_), step):
            rows = open_[c0 : c0 + step]
            Z = np.einsum("bij,gj->gbi", Binv, R[rows])
            # the basis must reproduce the right-hand side (a check of the inverse) and be ≥ 0
            feas = (Z >= -PRIMAL_TOL).all(axis=2)
            ok = feas.any(axis=1)
            first = feas.argmax(axis=1)
            for g in np.flatnonzero(ok):
                k, z, idv = int(rows[g]), Z[g, first[g]], ids[first[g]]
                # the inverse must reproduce the right-hand side (else HiGHS solves this DMU)
                if np.abs(Bs[first[g]] @ z - R[k]).max() > 1e-9 * max(1.0, np.abs(R[k]).max()):
                    ok[g] = False
                    continue
                z = np.maximum(z, 0.0)
                a, b = np.zeros(m), np.zeros(s)
                slk = idv < 0
                pos = -idv[slk] - 1
                a_mask = pos < m
                a[pos[a_mask]] = z[slk][a_mask]
                b[pos[~a_mask] - m] = z[slk][~a_mask]
                lj = ~slk & (z > 1e-12)
                put(k, a, b, idv[lj], z[lj])
            done[c0 : c0 + step] = ok
        open_ = open_[~done]


def _super_scores(Xs, Ys, score, *, rts: Technology, orientation: Orientation, nd, labels, method="frontier"):
    """Andersen–Petersen: efficient DMUs re-solved without themselves; others keep their score.

    ``method="plain"``: one LP over all other DMUs per efficient DMU. Otherwise column
    generation over :func:`super_candidates` (without the DMU itself): the restricted LP's
    row prices are dual feasible for every candidate column, hence for every other DMU, so its
    optimum is the optimum of the LP over all other DMUs; and the restricted LP is infeasible
    only when every candidate is in it, hence only when the full LP is infeasible.
    """
    n = Xs.shape[0]
    sup = score.copy()
    stat = np.array(["optimal"] * n, dtype=object)
    eff = (score >= 1 - 1e-7) if orientation.input else (score <= 1 + 1e-7)
    if not eff.any():
        return sup, stat
    if method == "plain":
        eng = RadialEngine(Xs, Ys, rts=rts, orientation=orientation, nd=nd, full=True)
    else:
        eng = RadialEngine(Xs, Ys, rts=rts, orientation=orientation, nd=nd, cand=super_candidates(Xs, Ys))
        eng.add_columns(np.flatnonzero(eff))
    try:
        for k in np.flatnonzero(eff):
            sol = eng.solve(Xs[k], Ys[k], exclude=int(k), name=labels[k])
            if sol.status == "optimal":
                sup[k] = sol.score
            else:
                sup[k] = np.nan
                stat[k] = "infeasible"
    except LPFailure as exc:
        raise EfficiencyError(str(exc)) from None
    return sup, stat


def _rts_class(crs, vrs, nirs, tol=1e-7):
    out = np.empty(len(crs), dtype=object)
    for i in range(len(crs)):
        if abs(crs[i] - vrs[i]) <= tol * max(1.0, abs(vrs[i])):
            out[i] = "crs"
        elif abs(nirs[i] - vrs[i]) <= tol * max(1.0, abs(vrs[i])):
            out[i] = "drs"
        else:
            out[i] = "irs"
    return out


def _efficiency(score: np.ndarray, orientation: Orientation) -> np.ndarray:
    """Farrell efficiency in (0, 1] from the LP score: θ, or 1/φ for output orientation."""
    return score if orientation.input else 1.0 / score


def _slack_weights(data: Data) -> dict[str, np.ndarray]:
    """Phase-II objective weights: slacks in the data's units (as DEAP), non-discretionary
    input slacks not maximised; divided by the largest scale factor to keep the LP near 1."""
    top = max(data.fx.max(), data.fy.max())
    return {"w_in": np.where(data.nd, 0.0, data.fx / top), "w_out": data.fy / top}


def _slacks_and_targets(data: Data, score, s_in, s_out, lam, eff, orientation: Orientation) -> dict:
    """Slacks back in the data's units, targets = radial projection minus/plus the slacks."""
    X, Y = data.X, data.Y
    S_in = drop_tiny(s_in * data.fx, data.fx)
    S_out = drop_tiny(s_out * data.fy, data.fy)
    if orientation.input:
        T_in = np.where(data.nd, X, score[:, None] * X) - S_in
        T_out = Y + S_out
    else:
        T_in = X - S_in
        T_out = score[:, None] * Y + S_out
    return slack_fields(efficiency=eff, S_in=S_in, S_out=S_out, T_in=T_in, T_out=T_out, lam=lam,
                        labels=data.labels, inputs=data.inputs, outputs=data.outputs)


def _scale_table(data: Data, eff, *, rts: Technology, orientation: Orientation, method, n_jobs) -> pd.DataFrame:
    """CRS and VRS efficiency, their ratio and returns to scale by the DEAP rule."""

    def eff_of(tech: Technology) -> np.ndarray:
        if tech is rts:
            return eff
        sc, _, _, _ = radial_scores(data.Xs, data.Ys, rts=tech, orientation=orientation, nd=data.nd,
                                    method=method, n_jobs=n_jobs, labels=data.labels)
        return _efficiency(sc, orientation)

    crs, vrs, nirs = eff_of(Technology.CRS), eff_of(Technology.VRS), eff_of(Technology.NIRS)
    return pd.DataFrame({"crs_efficiency": crs, "vrs_efficiency": vrs, "scale_efficiency": crs / vrs,
                         "rts": _rts_class(crs, vrs, nirs)}, index=pd.Index(data.labels, name="dmu"))


def radial(data: Data, *, model: str, orientation: Orientation, rts: Technology, super_efficiency: bool,
           slacks: bool, scale: bool, method: str, n_jobs: int) -> DEAResult:
    """Radial DEA of validated ``data`` (see :func:`innoscope.efficiency.dea` for the options)."""
    score, lam, s_in, s_out = radial_scores(
        data.Xs, data.Ys, rts=rts, orientation=orientation, nd=data.nd, method=method, n_jobs=n_jobs,
        labels=data.labels, slacks=slacks, **_slack_weights(data))
    score = snap_to_one(score)
    eff = _efficiency(score, orientation)
    idx = pd.Index(data.labels, name="dmu")
    fields = {}
    if orientation.output:
        fields["phi"] = pd.Series(score, index=idx, name="phi")
    if slacks:
        fields.update(_slacks_and_targets(data, score, s_in, s_out, lam, eff, orientation))
    if super_efficiency:
        sup, status = _super_scores(data.Xs, data.Ys, score, rts=rts, orientation=orientation, nd=data.nd,
                                    labels=data.labels, method=method)
        fields.update(super_fields(sup, status, data.labels))
    if scale:
        fields["scale"] = _scale_table(data, eff, rts=rts, orientation=orientation, method=method, n_jobs=n_jobs)
    params = {"model": model, "orientation": orientation.value, "rts": rts.rts, "inputs": data.inputs,
              "outputs": data.outputs, "nondiscretionary": data.nondiscretionary, "method": method,
              "solver": "HiGHS (highspy)", "version": __version__}
    return DEAResult(efficiency=pd.Series(eff, index=idx, name="efficiency"), lambdas=lambda_table(lam, data.labels),
                     params=params, **fields)
