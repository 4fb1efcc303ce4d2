"""Radial DEA: CCR / BCC / NIRS, both orientations, slacks, super-efficiency, scale efficiency."""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import EfficiencyError
from ._engine import LPFailure, RadialEngine, SlackEngine, run_chunks
from ._facets import FacetSet, basis_of, dual_simplex, vertex_pool
from ._validate import RTS, check_choice, nd_mask, prepare, scale_factors

#: DMUs solved by HiGHS per round of the frontier pass before the new facets are used.
_ROUND = 8
#: HiGHS solves before the remaining DMUs go to the batched dual simplex (-1: never).
_WARM = 64
#: Most DMUs in one batched dual-simplex stage (bounds the memory of the stage).
_STAGE_MAX = 2048
#: Smallest number of DMUs for which ``n_jobs`` > 1 runs the numpy stages on threads.
_PARALLEL_MIN = 2000

#: Scores within this distance of 1 count as efficient; slacks above it (in scaled units) count.
EFF_TOL = 1e-8

__all__ = ["DEAResult", "dea", "radial_scores"]


@dataclass(frozen=True)
class DEAResult:
    """Result of :func:`dea` (or :func:`sbm`). Fields not requested hold ``None``.

    Attributes
    ----------
    efficiency : Series
        Efficiency per DMU in (0, 1]: θ (input orientation), 1/φ (output orientation), ρ (SBM).
    phi : Series or None
        Farrell output factor φ ≥ 1 (output orientation only).
    status : Series or None
        ``efficient`` (score 1, all slacks 0), ``weakly efficient`` (score 1, some slack) or
        ``inefficient``; needs ``slacks=True``.
    slacks_in, slacks_out, targets_in, targets_out : DataFrame or None
        Phase-II (max-slack) slacks and targets, in the data's units.
    peers : Series or None
        Peers and λ as text, e.g. ``"A:0.5;C:0.5"``.
    lambdas : DataFrame
        Long table ``dmu, peer, weight`` of the nonzero λ.
    super_efficiency, super_status : Series or None
        Andersen–Petersen (radial) or Tone (SBM) super-efficiency, same convention as the
        model (input θ may exceed 1; output φ may fall below 1); ``super_status`` is
        ``optimal`` or ``infeasible`` (score then NaN).
    scale : DataFrame or None
        ``crs_efficiency, vrs_efficiency, scale_efficiency, rts`` (``irs``/``crs``/``drs``).
    params : dict
        Model, orientation, returns to scale, variables, package version.
    """

    efficiency: pd.Series
    phi: pd.Series | None
    status: pd.Series | None
    slacks_in: pd.DataFrame | None
    slacks_out: pd.DataFrame | None
    targets_in: pd.DataFrame | None
    targets_out: pd.DataFrame | None
    peers: pd.Series | None
    lambdas: pd.DataFrame
    super_efficiency: pd.Series | None
    super_status: pd.Series | None
    scale: pd.DataFrame | None
    params: dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """One row per DMU with the columns the CLI writes (``dmu`` first)."""
        df = pd.DataFrame({"dmu": self.efficiency.index.astype(str), "efficiency": self.efficiency.to_numpy()})
        if self.phi is not None:
            df["phi"] = self.phi.to_numpy()
        if self.super_efficiency is not None:
            df["super_efficiency"] = self.super_efficiency.to_numpy()
            df["super_status"] = self.super_status.to_numpy()
        if self.slacks_in is not None:
            for c in self.slacks_in.columns:
                df[f"slack_{c}"] = self.slacks_in[c].to_numpy()
            for c in self.slacks_out.columns:
                df[f"slack_{c}"] = self.slacks_out[c].to_numpy()
            for c in self.targets_in.columns:
                df[f"target_{c}"] = self.targets_in[c].to_numpy()
            for c in self.targets_out.columns:
                df[f"target_{c}"] = self.targets_out[c].to_numpy()
            df["peers"] = self.peers.to_numpy()
            df["status"] = self.status.to_numpy()
        if self.scale is not None:
            for c in self.scale.columns:
                df[c] = self.scale[c].to_numpy()
        return df

    def summary(self) -> str:
        e = self.efficiency
        p = self.params
        return (f"{p.get('model', '').upper()} {p.get('orientation', '')} ({p.get('rts', '')}), {len(e)} DMUs: "
                f"mean efficiency {e.mean():.4f}, {int((e >= 1 - EFF_TOL).sum())} with score 1")


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


def radial_scores(Xs, Ys, *, rts="vrs", orientation="input", nd=None, method="frontier",
                  n_jobs=1, labels=None, slacks=False, w_in=None, w_out=None):
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
            for k in range(n):
                a, b, idx, val, selfw = se.solve(Xs[k], Ys[k], score[k], name=labels[k])
                s_in[k], s_out[k] = a, b
                if selfw > 1e-12:
                    idx = np.append(idx, k)
                    val = np.append(val, selfw)
                lam[k] = (idx, val)
    except LPFailure as exc:
        raise EfficiencyError(str(exc)) from None
    return score, lam, s_in, s_out


def _super_scores(Xs, Ys, score, *, rts, orientation, nd, labels):
    """Andersen–Petersen: efficient DMUs re-solved without themselves; others keep their score."""
    n = Xs.shape[0]
    sup = score.copy()
    stat = np.array(["optimal"] * n, dtype=object)
    eff = (score >= 1 - 1e-7) if orientation == "input" else (score <= 1 + 1e-7)
    if not eff.any():
        return sup, stat
    eng = RadialEngine(Xs, Ys, rts=rts, orientation=orientation, nd=nd)
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


def _peer_text(lam, labels):
    out = []
    for idx, val in lam:
        order = np.argsort(idx)
        out.append(";".join(f"{labels[int(idx[j])]}:{val[j]:.12g}" for j in order))
    return out


def dea(X, Y, *, model: str = "bcc", orientation: str = "input", rts: str | None = None,
        super_efficiency: bool = False, slacks: bool = True, scale: bool = False,
        nondiscretionary=None, dmus=None, method: str = "frontier", n_jobs: int = 1) -> DEAResult:
    """Radial DEA (CCR/BCC) with slacks, targets, peers, super-efficiency and scale efficiency.

    Parameters
    ----------
    X, Y : DataFrame or array (DMUs × inputs / outputs)
        Inputs must be > 0, outputs >= 0; DataFrame columns name the variables and the index
        names the DMUs.
    model : {"bcc", "ccr", "sbm"}
        ``ccr`` is constant returns to scale (Charnes, Cooper & Rhodes 1978), ``bcc`` variable
        (Banker, Charnes & Cooper 1984); ``sbm`` calls :func:`sbm`.
    orientation : {"input", "output"}
        Input: θ = min s.t. Xλ ≤ θx0, Yλ ≥ y0. Output: φ = max s.t. Xλ ≤ x0, Yλ ≥ φy0;
        ``efficiency`` is then 1/φ and ``phi`` holds φ.
    rts : {"crs", "vrs", "nirs", "ndrs"}, optional
        Overrides the model's returns to scale (e.g. ``nirs`` with ``model="bcc"``).
    super_efficiency : bool
        Andersen & Petersen (1993): efficient DMUs are scored against the others only;
        infeasible LPs (possible under VRS) are reported as ``infeasible``, never as a number.
    slacks : bool
        Phase II: maximise the sum of slacks (data units, as DEAP) with the score fixed; gives
        slacks, targets, peers and the efficient / weakly-efficient status.
    scale : bool
        CRS and VRS scores, scale efficiency CRS/VRS and returns to scale by the DEAP rule
        (CRS = VRS: ``crs``; else NIRS = VRS: ``drs``; else ``irs``).
    nondiscretionary : list of input names, optional
        Inputs held fixed (Banker & Morey 1986): not contracted by θ, slacks not maximised.
    dmus : sequence, optional
        DMU names (default: the DataFrame index, else 1..n).
    method : {"frontier", "plain"}
        ``frontier`` (default): a few HiGHS solves by column generation over the
        non-dominated candidates, then reused optimal bases and a batched dual simplex, every
        score certified optimal (see docs/efficiency.md); ``plain`` solves one LP over all
        DMUs per DMU. Both give the same optimum.
    n_jobs : int
        Threads for the numpy stages (``-1``: all cores); used from 2,000 DMUs on.

    Returns
    -------
    DEAResult

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"x1": [2, 2, 6, 3, 6], "x2": [5, 4, 6, 2, 2]}, index=list("ABCDE"))
    >>> Y = pd.DataFrame({"y": [1, 2, 3, 1, 2]}, index=list("ABCDE"))
    >>> dea(X, Y, model="ccr").efficiency.round(3).tolist()
    [0.5, 1.0, 0.833, 0.714, 1.0]
    """
    model = check_choice("model", model, ("bcc", "ccr", "sbm"))
    if model == "sbm":
        from ._sbm import sbm

        orient = "none" if orientation in (None, "none") else orientation
        return sbm(X, Y, orientation=orient, rts=rts or "crs", super_efficiency=super_efficiency,
                   nondiscretionary=nondiscretionary, dmus=dmus, _stacklevel=3)
    orientation = check_choice("orientation", orientation, ("input", "output"))
    method = check_choice("method", method, ("frontier", "plain"))
    default_rts = "crs" if model == "ccr" else "vrs"
    rts = default_rts if rts is None else check_choice("rts", rts, RTS)
    if model == "ccr" and rts != "crs":
        raise EfficiencyError(f"model ccr has constant returns to scale; use model='bcc' with rts={rts!r}")
    if model == "bcc" and rts == "crs":
        raise EfficiencyError("model bcc with rts='crs' is the CCR model: use model='ccr'")
    Xa, Ya, labels, xn, yn, warns = prepare(X, Y, dmus, output_orientation=(orientation == "output"))
    for w in warns:
        warnings.warn(w, UserWarning, stacklevel=2)
    nd = nd_mask(nondiscretionary, xn)
    fx, fy = scale_factors(Xa), scale_factors(Ya)
    Xs, Ys = Xa / fx, Ya / fy
    score, lam, s_in, s_out = radial_scores(
        Xs, Ys, rts=rts, orientation=orientation, nd=nd, method=method, n_jobs=n_jobs, labels=labels,
        slacks=slacks, w_in=np.where(nd, 0.0, fx / max(fx.max(), fy.max())), w_out=fy / max(fx.max(), fy.max()))
    idx = pd.Index(labels, name="dmu")
    score = np.where(np.abs(score - 1.0) <= 1e-10, 1.0, score)  # LP round-off at the frontier
    eff = score if orientation == "input" else 1.0 / score
    efficiency = pd.Series(eff, index=idx, name="efficiency")
    phi = pd.Series(score, index=idx, name="phi") if orientation == "output" else None

    status = slk_in = slk_out = tgt_in = tgt_out = peers = None
    if slacks:
        S_in, S_out = s_in * fx, s_out * fy
        S_in[S_in < EFF_TOL * fx] = 0.0
        S_out[S_out < EFF_TOL * fy] = 0.0
        if orientation == "input":
            T_in = np.where(nd, Xa, score[:, None] * Xa) - S_in
            T_out = Ya + S_out
        else:
            T_in = Xa - S_in
            T_out = score[:, None] * Ya + S_out
        slk_in = pd.DataFrame(S_in, index=idx, columns=xn)
        slk_out = pd.DataFrame(S_out, index=idx, columns=yn)
        tgt_in = pd.DataFrame(T_in, index=idx, columns=xn)
        tgt_out = pd.DataFrame(T_out, index=idx, columns=yn)
        radial_one = np.abs(eff - 1) <= EFF_TOL
        any_slack = (S_in > 0).any(axis=1) | (S_out > 0).any(axis=1)
        st = np.where(radial_one & ~any_slack, "efficient", np.where(radial_one, "weakly efficient", "inefficient"))
        status = pd.Series(st, index=idx, name="status")
        peers = pd.Series(_peer_text(lam, labels), index=idx, name="peers")
    rows = [(labels[k], labels[int(j)], float(w)) for k, (ii, vv) in enumerate(lam) for j, w in zip(ii, vv)]
    lambdas = pd.DataFrame(rows, columns=["dmu", "peer", "weight"])

    sup = sup_stat = None
    if super_efficiency:
        sv, ss = _super_scores(Xs, Ys, score, rts=rts, orientation=orientation, nd=nd, labels=labels)
        sup = pd.Series(sv, index=idx, name="super_efficiency")
        sup_stat = pd.Series(ss, index=idx, name="super_status")

    scale_df = None
    if scale:
        def eff_of(r):
            if r == rts:
                return eff
            sc, _, _, _ = radial_scores(Xs, Ys, rts=r, orientation=orientation, nd=nd, method=method,
                                        n_jobs=n_jobs, labels=labels)
            return sc if orientation == "input" else 1.0 / sc

        crs, vrs, nirs = eff_of("crs"), eff_of("vrs"), eff_of("nirs")
        scale_df = pd.DataFrame({"crs_efficiency": crs, "vrs_efficiency": vrs,
                                 "scale_efficiency": crs / vrs, "rts": _rts_class(crs, vrs, nirs)}, index=idx)

    params = {"model": model, "orientation": orientation, "rts": rts, "inputs": xn, "outputs": yn,
              "nondiscretionary": [n for n, f in zip(xn, nd) if f], "method": method,
              "solver": "HiGHS (highspy)", "version": __version__}
    return DEAResult(efficiency, phi, status, slk_in, slk_out, tgt_in, tgt_out, peers, lambdas, sup, sup_stat,
                     scale_df, params)
