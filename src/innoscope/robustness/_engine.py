"""The batch path: replicates as matrix products over precomputed upstream variants.

Every distinct combination of upstream alternatives (imputation, treatment, normalisation,
weighting method) is built once by the :class:`~innoscope.index.Index` pipeline; its
normalised indicators of the evaluated year and its weights are kept. A block of replicates
then differs only in weights and aggregation: each aggregate node's scores for the whole
block are one weighted sum over its children (``b × K`` weights against ``K × n`` values),
in the log domain for the geometric mean, over reciprocals for the harmonic mean and powers
for the generalised mean. Aggregations the batch path does not cover (TOPSIS) and tier rules
it does not cover (Jenks breaks) are computed replicate by replicate by the pipeline's own
steps. The pipeline object is the reference: ``Engine.params_for`` gives the ``Index``
parameters of any replicate, and tests check the batch path against it.
"""
from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._estimator import clone
from ..errors import ConfigError, MethodError
from ..index import Index
from ._spec import Spec

__all__ = ["Engine", "rank_min", "BATCH_AGGREGATIONS", "BATCH_TIER_RULES"]

#: Aggregations evaluated in batch; others fall back to the Aggregate step per replicate.
BATCH_AGGREGATIONS = ("arithmetic", "geometric", "harmonic", "generalised")
#: Tier rules evaluated in batch (``median`` with ``split="gaps"``); ``jenks`` splits go
#: replicate by replicate through the Tier step.
BATCH_TIER_RULES = ("median/gaps", "quantile", "relative", "none")
#: Weighting methods that do not depend on the normalised values.
STATIC_WEIGHTS = ("framework", "equal", "ahp")


@dataclass(frozen=True, eq=False)
class _Variant:
    key: tuple
    params: dict
    N: np.ndarray          # (n regions, m indicators) normalised values of the year
    frame: pd.DataFrame    # the same as a DataFrame (for the fallback)
    w: np.ndarray          # (P,) weights of the non-root nodes, within-parent shares
    full: bool = False     # no missing normalised value


@dataclass(frozen=True, eq=False)
class _Agg:
    key: tuple
    params: dict
    methods: dict
    p: float
    min_availability: float | None
    batch: bool
    linear: bool = False   # arithmetic everywhere, no availability rule


def rank_min(S: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """Ranks of each row (1 = highest, ties share the minimum rank, missing → 0).

    ``order`` may pass ``np.argsort(-S, axis=1, kind="stable")`` when already computed.

    Examples
    --------
    >>> rank_min(np.array([[3.0, 1.0, 3.0, np.nan]])).tolist()
    [[1, 3, 1, 0]]
    """
    S = np.atleast_2d(S)
    b, n = S.shape
    miss = np.isnan(S)
    anymiss = bool(miss.any())
    key = np.where(miss, -np.inf, S) if anymiss else S
    if order is None or anymiss:
        order = np.argsort(-key, axis=1, kind="stable")
    sv = np.take_along_axis(key, order, 1)
    new = np.ones(sv.shape, dtype=bool)
    new[:, 1:] = sv[:, 1:] != sv[:, :-1]
    first = np.maximum.accumulate(np.where(new, np.arange(n), 0), axis=1)
    R = np.empty((b, n), dtype=np.int64)
    np.put_along_axis(R, order, first + 1, 1)
    if anymiss:
        R[miss] = 0
    return R


class Engine:
    """Precomputed variants of one index and the batch evaluation of replicates.

    Parameters
    ----------
    panel : Panel
        The data (all years: steps may use other years, e.g. imputation).
    framework : Framework
    params : dict
        Nominal ``Index`` parameters (``step__param`` keys).
    spec : Spec
        The uncertain inputs.
    year : int, optional
        Evaluated year (default: the last).
    """

    def __init__(self, panel, framework, params: dict, spec: Spec, year: int | None = None):
        self.params = dict(params)
        self.spec = spec
        nominal = Index().set_params(**self.params).fit(panel, framework)
        self.nominal = nominal
        fw = nominal.framework
        self.framework = fw
        years = nominal.years
        self.year = years[-1] if year is None else int(year)
        if self.year not in years:
            raise ConfigError(f"robustness: year {self.year} is not in the data "
                              f"(years: {', '.join(map(str, years))})")
        self._rows = np.asarray(nominal.scores.index.get_level_values("year") == self.year)
        self.regions = np.asarray(nominal.scores.index[self._rows].get_level_values("region"),
                                  dtype=object)
        self.n = len(self.regions)
        codes = self.regions.astype(str)
        self._codes_sorted = bool((codes[:-1] <= codes[1:]).all())
        self.labels = dict(nominal.labels)
        # the tree
        self.codes = [c for c in fw.codes if c != fw.root]
        self._pos = {c: i for i, c in enumerate(self.codes)}
        self.indicators = list(fw.indicators)
        self._kids = {a: list(fw.children(a)) for a in fw.aggregates}
        self._kid_pos = {a: np.array([self._pos[k] for k in kids]) for a, kids in self._kids.items()}
        self.tier = Index().set_params(**self.params).tiers
        # the factors and their coordinates
        self.choices = spec.choices
        self._up = [i for i, f in enumerate(self.choices) if f.upstream]
        self._down = [i for i, f in enumerate(self.choices) if not f.upstream]
        self.dim = len(self.choices)
        self._wdims = 0
        if spec.weighted:
            nodes = list(spec.nodes) if spec.nodes else list(self.codes)
            unknown = [c for c in nodes if c not in self._pos]
            if unknown:
                raise ConfigError([f"robustness.weights.nodes: {c!r} is not a non-root node of "
                                   f"framework {fw.name}" for c in unknown])
            self._wnodes = np.array([self._pos[c] for c in nodes])
            self._wdims = len(nodes)
        self.dim += self._wdims
        # variants
        self.nominal_variant = self._variant((), {}, nominal)
        self.variants: dict[tuple, _Variant] = {}
        for combo in itertools.product(*[range(len(self.choices[i].options)) for i in self._up]):
            opts = self._options(self._up, combo)
            if all(k.startswith("normalise__") for k in opts) and \
                    nominal.params["weights"].method in STATIC_WEIGHTS:
                # only the normalisation differs: the pipeline's own Normalise step on the
                # pipeline's treated values (imputation, treatment and weights are the nominal's)
                self.variants[combo] = self._normalised(combo, opts)
                continue
            res = nominal if not opts else Index().set_params(**{**self.params, **opts}).fit(
                panel, framework)
            if list(res.framework.indicators) != self.indicators:
                raise ConfigError(f"robustness: alternative {_describe(opts)} uses indicators "
                                  f"{', '.join(res.framework.indicators)} instead of "
                                  f"{', '.join(self.indicators)}")
            self.variants[combo] = self._variant(combo, opts, res)
        self.nominal_agg = self._agg((), {})
        self.aggs = {combo: self._agg(combo, self._options(self._down, combo))
                     for combo in itertools.product(*[range(len(self.choices[i].options))
                                                      for i in self._down])}
        self._check_positive()
        self.nominal_scores = self.scores_of(self.nominal_variant, self.nominal_agg,
                                             self.nominal_variant.w[None, :])[0]
        self.nominal_ranks = rank_min(self.nominal_scores[None, :])[0]
        self.nominal_tiers = self.tiers(self.nominal_scores[None, :])[0]

    # -------------------------------------------------------------------- building
    def _options(self, which, combo) -> dict:
        out: dict = {}
        for i, j in zip(which, combo):
            out.update(self.choices[i].options[j])
        return out

    def _variant(self, key, opts, res) -> _Variant:
        frame = res.scores.loc[self._rows, self.indicators]
        w = res.weights.reindex(self.codes).to_numpy(dtype=float)
        N = frame.to_numpy(dtype=float)
        return _Variant(key=key, params=opts, N=N, frame=frame, w=w, full=bool(np.isfinite(N).all()))

    def _normalised(self, key, opts) -> _Variant:
        est = Index().set_params(**{**self.params, **opts}).normalise
        treated = self.nominal.treated
        frame = clone(est).fit_transform(treated, self.framework)
        frame = frame.loc[self._rows, self.indicators]
        w = self.nominal.weights.reindex(self.codes).to_numpy(dtype=float)
        N = frame.to_numpy(dtype=float)
        return _Variant(key=key, params=opts, N=N, frame=frame, w=w, full=bool(np.isfinite(N).all()))

    def _agg(self, key, opts) -> _Agg:
        est = Index().set_params(**{**self.params, **opts}).aggregate
        fitted = clone(est).fit(self.nominal_variant.frame, self.framework, self.nominal.weights)
        methods = dict(fitted.methods_)
        batch = all(m in BATCH_AGGREGATIONS for m in methods.values())
        linear = est.min_availability is None and all(
            m == "arithmetic" or (m == "generalised" and float(est.p) == 1)
            for m in methods.values())
        return _Agg(key=key, params=opts, methods=methods, p=float(est.p),
                    min_availability=est.min_availability, batch=batch, linear=linear)

    def _check_positive(self) -> None:
        """Every (upstream, aggregation) pair the replicates can meet, checked before any work."""
        problems = []
        pairs = [(self.nominal_variant, self.nominal_agg)] + [
            (v, a) for v in self.variants.values() for a in self.aggs.values()]
        pos = {c: j for j, c in enumerate(self.indicators)}
        for v, a in pairs:
            needs = [n for n, m in a.methods.items()
                     if m in ("geometric", "harmonic") or (m == "generalised" and a.p <= 0)]
            cols = sorted({pos[c] for n in needs for c in self.framework.leaves_under(n)})
            with np.errstate(invalid="ignore"):
                if not cols or not (v.N[:, cols] <= 0).any():
                    continue
            # the Aggregate step itself words the problem (region, year, indicator, node)
            est = Index().set_params(**{**self.params, **a.params}).aggregate
            try:
                clone(est).fit(v.frame, self.framework, self.nominal.weights).transform(v.frame)
            except MethodError as exc:
                what = _describe({**v.params, **a.params}) or "the nominal settings"
                problems.append(f"robustness: {what}: {exc.problems[0]}"
                                + (f" (and {len(exc.problems) - 1} more values)"
                                   if len(exc.problems) > 1 else ""))
        if problems:
            raise MethodError(problems)

    # -------------------------------------------------------------------- replicates
    def choice_indices(self, U: np.ndarray) -> np.ndarray:
        """Option chosen by each replicate for each discrete factor, ``(b, F)``."""
        k = np.array([len(f.options) for f in self.choices], dtype=np.int64)
        if not len(k):
            return np.zeros((len(U), 0), dtype=np.int64)
        return np.minimum((U[:, :len(k)] * k).astype(np.int64), k - 1)

    def weights_of(self, base: np.ndarray, U: np.ndarray) -> np.ndarray:
        """Within-parent weights ``(b, P)`` of replicates from their weight coordinates."""
        b = len(U)
        W = np.broadcast_to(base, (b, len(base))).copy()
        if self._wdims:
            Uw = U[:, len(self.choices):]
            cols = self._wnodes
            if self.spec.distribution == "uniform":
                W[:, cols] *= 1.0 + self.spec.noise * (2.0 * Uw - 1.0)
            else:
                from scipy.special import gammaincinv

                a = self.spec.concentration * base[cols]
                W[:, cols] = gammaincinv(a, Uw) / self.spec.concentration
        return self._renormalise(W)

    def _renormalise(self, W: np.ndarray) -> np.ndarray:
        for kids in self._kid_pos.values():
            with np.errstate(invalid="ignore", divide="ignore"):
                W[:, kids] = W[:, kids] / W[:, kids].sum(axis=1, keepdims=True)
        return W

    def scores(self, U: np.ndarray) -> np.ndarray:
        """Index scores ``(b, n)`` of the replicates ``U`` (rows of the unit hypercube)."""
        U = np.atleast_2d(np.asarray(U, dtype=float))
        idx = self.choice_indices(U)
        S = np.empty((len(U), self.n))
        if idx.shape[1]:
            combos, inverse = np.unique(idx, axis=0, return_inverse=True)
            inverse = inverse.reshape(-1)
        else:
            combos, inverse = np.zeros((1, 0), dtype=np.int64), np.zeros(len(U), dtype=np.int64)
        for c, combo in enumerate(combos):
            sel = np.nonzero(inverse == c)[0]
            v = self.variants[tuple(int(combo[i]) for i in self._up)]
            a = self.aggs[tuple(int(combo[i]) for i in self._down)]
            S[sel] = self.scores_of(v, a, self.weights_of(v.w, U[sel]))
        return S

    def scores_of(self, v: _Variant, a: _Agg, W: np.ndarray) -> np.ndarray:
        """Root scores ``(b, n)`` of variant ``v`` aggregated by ``a`` with weights ``W``."""
        if not a.batch:
            return self._scores_oracle(v, a, W)
        if a.linear and v.full:
            return self._scores_linear(v, W)
        fw = self.framework
        b = len(W)
        m = len(self.indicators)
        vals: dict[str, np.ndarray] = {}
        N = v.N
        A_ind = ~np.isnan(N)
        full_ind = bool(A_ind.all())
        for node in fw.aggregates:
            kids = self._kids[node]
            kp = self._kid_pos[node]
            method = a.methods[node]
            p = a.p
            if method == "generalised" and p == 1:
                method = "arithmetic"
            elif method == "generalised" and p == 0:
                method = "geometric"
            Wk = W[:, kp]
            ind = [j for j, k in enumerate(kids) if self._pos[k] < m]
            agg = [j for j, k in enumerate(kids) if self._pos[k] >= m]
            num = np.zeros((b, self.n))
            den = np.zeros((b, self.n))
            cnt = np.zeros(self.n) if not agg else np.zeros((b, self.n))
            if ind:
                C = N[:, [self._pos[kids[j]] for j in ind]]
                A = A_ind[:, [self._pos[kids[j]] for j in ind]]
                X = _transform(np.where(A, C, 1.0), method, p)
                X = np.where(A, X, 0.0)
                Wi = Wk[:, ind]
                num += Wi @ X.T
                den += Wi.sum(axis=1, keepdims=True) if full_ind else Wi @ A.T.astype(float)
                cnt = cnt + A.sum(axis=1)
            for j in agg:
                Y = vals[kids[j]]
                A = ~np.isnan(Y)
                X = np.where(A, _transform(np.where(A, Y, 1.0), method, p), 0.0)
                w = Wk[:, j:j + 1]
                num += w * X
                den += w * A
                cnt = cnt + A
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                out = _finish(num, den, method, p)
            out = np.where(den > 0, out, np.nan)
            if a.min_availability is not None:
                out = np.where(cnt / len(kids) >= float(a.min_availability), out, np.nan)
            vals[node] = out
        return vals[fw.root]

    def _scores_linear(self, v: _Variant, W: np.ndarray) -> np.ndarray:
        """Arithmetic means throughout, no missing value: the root is one matrix product of
        the leaves' path weights (products of within-parent weights) with the values."""
        P = np.empty_like(W)
        fw = self.framework
        for node in reversed(fw.aggregates):          # root first
            kp = self._kid_pos[node]
            if node == fw.root:
                P[:, kp] = W[:, kp]
            else:
                P[:, kp] = W[:, kp] * P[:, self._pos[node]][:, None]
        return P[:, :len(self.indicators)] @ v.N.T

    def _scores_oracle(self, v: _Variant, a: _Agg, W: np.ndarray) -> np.ndarray:
        est = Index().set_params(**{**self.params, **a.params}).aggregate
        out = np.empty((len(W), self.n))
        for i, w in enumerate(W):
            ws = pd.Series(w, index=self.codes)
            ws[self.framework.root] = 1.0
            res = clone(est).fit(v.frame, self.framework, ws).transform(v.frame)
            out[i] = res[self.framework.root].to_numpy(dtype=float)
        return out

    def params_for(self, u: np.ndarray) -> dict:
        """``Index`` parameters of the replicate ``u`` (the reference path)."""
        u = np.asarray(u, dtype=float)[None, :]
        combo = self.choice_indices(u)[0]
        opts = {}
        for i, f in enumerate(self.choices):
            opts.update(f.options[int(combo[i])])
        out = {**self.params, **opts}
        if self._wdims:
            v = self.variants[tuple(int(combo[i]) for i in self._up)]
            w = self.weights_of(v.w, u)[0]
            out["weights__overrides"] = dict(zip(self.codes, w.tolist()))
        return out

    # -------------------------------------------------------------------- tiers
    def tiers(self, S: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
        """Tiers ``(b, n)`` of score rows by the study's tier rule (0 = no tier).

        ``order`` may pass ``np.argsort(-S, axis=1, kind="stable")`` when already computed.
        """
        t = self.tier
        rule, k = t.rule, int(t.k)
        S = np.atleast_2d(S)
        b, n = S.shape
        if rule == "none":
            return np.zeros((b, n), dtype=np.int64)
        if np.isnan(S).any() or (rule == "median" and t.split != "gaps"):
            return self._tiers_oracle(S)
        if rule == "quantile":
            return (k * (rank_min(S) - 1)) // n + 1
        if rule == "relative":
            from ..tiers import EIS_THRESHOLDS

            th = EIS_THRESHOLDS if t.thresholds is None else tuple(float(x) for x in t.thresholds)
            mean = S.mean(axis=1, keepdims=True)
            if not (mean > 0).all():
                return self._tiers_oracle(S)  # raises the step's own error
            r = S / mean
            T = np.full((b, n), len(th) + 1, dtype=np.int64)
            for i in range(len(th) - 1, -1, -1):
                T[(r > th[i]) if i == 0 else (r >= th[i])] = i + 1
            return T
        # median rule, gaps split
        reuse = order is not None  # a stable sort of −S lists the upper group first, by score
        if t.size is None or int(t.size) >= n:
            upper = S >= np.median(S, axis=1, keepdims=True)
        elif t.tie == "min" and order is not None and self._codes_sorted:
            upper = np.zeros((b, n), dtype=bool)
            np.put_along_axis(upper, order[:, :int(t.size)], True, 1)
        else:
            reuse = False
            size = int(t.size)
            if t.tie in ("include", "exclude"):
                R = rank_min(S) if t.tie == "include" else n + 1 - rank_min(-S)
                upper = R <= size
            else:
                perm = np.argsort(self.regions.astype(str), kind="stable")
                if t.tie == "max":
                    perm = perm[::-1]
                o = np.argsort(-S[:, perm], axis=1, kind="stable")[:, :size]
                upper = np.zeros((b, n), dtype=bool)
                np.put_along_axis(upper, perm[o], True, 1)
        m = upper.sum(axis=1)
        if not reuse:
            order = np.argsort(np.where(upper, -S, np.inf), axis=1, kind="stable")
        sv = np.take_along_axis(S, order, 1)
        pos = np.arange(n)
        G = sv[:, :-1] - sv[:, 1:]
        G = np.where(pos[None, :-1] < (m - 1)[:, None], G, -np.inf)
        ncut = np.minimum(k, m) - 1
        co = np.argsort(-G, axis=1, kind="stable")[:, :max(k - 1, 0)]
        valid = np.arange(co.shape[1])[None, :] < ncut[:, None]
        ts = 1 + ((co[:, :, None] < pos[None, None, :]) & valid[:, :, None]).sum(axis=1)
        ts = np.where(pos[None, :] < m[:, None], ts, 0)
        T = np.empty((b, n), dtype=np.int64)
        np.put_along_axis(T, order, ts, 1)
        return T

    def _tiers_oracle(self, S: np.ndarray) -> np.ndarray:
        idx = pd.MultiIndex.from_arrays([self.regions, np.full(self.n, self.year)],
                                        names=["region", "year"])
        out = np.zeros(S.shape, dtype=np.int64)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            for i, s in enumerate(S):
                t = clone(self.tier).fit(pd.Series(s, index=idx)).tiers_
                out[i] = t.fillna(0).to_numpy(dtype=np.int64)
        return out

    @property
    def n_tiers(self) -> int:
        t = self.tier
        if t.rule == "none":
            return 0
        if t.rule == "relative":
            return (3 if t.thresholds is None else len(t.thresholds)) + 1
        return int(t.k)


def _transform(X, method, p):
    if method == "arithmetic":
        return X
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "geometric":
            return np.log(X)
        if method == "harmonic":
            return 1.0 / X
        return X ** p


def _finish(num, den, method, p):
    if method == "arithmetic":
        return num / den
    if method == "geometric":
        return np.exp(num / den)
    if method == "harmonic":
        return den / num
    return (num / den) ** (1.0 / p)


def _describe(opts: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in opts.items())
