"""Further normalisation methods (rank-based, ratio, target, efficacy).

Each function takes the direction-signed block ``S`` (rows of one year group × indicators),
the raw block ``R``, the indicator's spec, the fitted statistics of ``S`` and a context with
labels; it returns the normalised block. Formulas: ``docs/methods.md``.
"""
from __future__ import annotations

import numpy as np
from scipy.stats import rankdata

from ..errors import ConfigError, MethodError
from ._common import where

__all__ = ["MORE"]


def _rank(S, R, spec, st, ctx):
    if S.shape[0] == 0:
        return S.copy()
    return rankdata(S, method="min", axis=0, nan_policy="omit")


def _percentile(S, R, spec, st, ctx):
    r = _rank(S, R, spec, st, ctx)
    n = (~np.isnan(S)).sum(axis=0).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (r - 1.0) / (n - 1.0)
    return np.where((n == 1) & ~np.isnan(S), 0.5, out)


def _efficacy(S, R, spec, st, ctx):
    span = st["max"] - st["min"]
    flat = ~(np.isfinite(span) & (span != 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = 60.0 + 40.0 * (S - st["min"]) / np.where(flat, 1.0, span)
    return np.where(flat & ~np.isnan(S), 80.0, out)


def _bad_cells(R, mask, ctx, msg):
    rows, cols = np.nonzero(mask)
    return MethodError([f"{msg}: found {R[r, c]:g} for "
                        + where(ctx.index, ctx.rows[r], ctx.codes[c])
                        for r, c in zip(rows[:20], cols[:20])])


def _fracmax(S, R, spec, st, ctx):
    neg = ctx.directions < 0
    out = np.full(R.shape, np.nan)
    pos_cols = ~neg
    if pos_cols.any():
        Rp = R[:, pos_cols]
        with np.errstate(all="ignore"):
            mx = np.nanmax(Rp, axis=0) if len(Rp) else np.full(Rp.shape[1], np.nan)
        bad = ~np.isnan(Rp) & (mx <= 0)
        if bad.any():
            raise _bad_cells(Rp, bad, _sub(ctx, pos_cols),
                             "fracmax (x/max) needs a positive maximum")
        out[:, pos_cols] = Rp / mx
    if neg.any():
        Rn = R[:, neg]
        bad = ~np.isnan(Rn) & (Rn <= 0)
        if bad.any():
            raise _bad_cells(Rn, bad, _sub(ctx, neg),
                             "fracmax of a negative indicator (min/x) needs values > 0")
        with np.errstate(all="ignore"):
            mn = np.nanmin(Rn, axis=0) if len(Rn) else np.full(Rn.shape[1], np.nan)
        out[:, neg] = mn / Rn
    return out


def _share(S, R, spec, st, ctx):
    neg = ctx.directions < 0
    out = np.full(R.shape, np.nan)
    if (~neg).any():
        Rp = R[:, ~neg]
        bad = ~np.isnan(Rp) & (Rp < 0)
        if bad.any():
            raise _bad_cells(Rp, bad, _sub(ctx, ~neg), "share (x/Σx) needs values ≥ 0")
        tot = np.nansum(Rp, axis=0)
        zero = ~np.isnan(Rp) & (tot == 0)
        if zero.any():
            raise _bad_cells(Rp, zero, _sub(ctx, ~neg), "share (x/Σx) needs a positive total")
        out[:, ~neg] = Rp / tot
    if neg.any():
        Rn = R[:, neg]
        bad = ~np.isnan(Rn) & (Rn <= 0)
        if bad.any():
            raise _bad_cells(Rn, bad, _sub(ctx, neg),
                             "share of a negative indicator ((1/x)/Σ(1/x)) needs values > 0")
        inv = 1.0 / Rn
        out[:, neg] = inv / np.nansum(inv, axis=0)
    return out


def _target(S, R, spec, st, ctx):
    lo, hi = (float(v) for v in spec["range"])
    t = spec.get("target")
    if t is None:
        raise ConfigError([f"normalise: method 'target' needs a target for indicator {c} "
                           "(normalise.target or overrides.<code>.target)" for c in ctx.codes])
    out = np.empty(S.shape)
    for j, code in enumerate(ctx.codes):
        tj = t.get(code) if isinstance(t, dict) else t
        if tj is None:
            raise ConfigError(f"normalise: method 'target' needs a target for indicator {code}")
        d = ctx.directions[j]
        s = S[:, j]
        with np.errstate(invalid="ignore", divide="ignore"):
            if np.ndim(tj) == 0:
                T = d * float(tj)
                mn = st["min"][j]
                span = T - mn
                score = np.where(span > 0, (s - mn) / span if span != 0 else 0.0, 1.0)
            else:
                a, b = sorted((d * float(tj[0]), d * float(tj[1])))
                if b == a:
                    raise ConfigError(f"normalise: goalposts for indicator {code} are equal ({tj})")
                score = (s - a) / (b - a)
        score = np.clip(score, 0.0, 1.0)
        out[:, j] = np.where(np.isnan(s), np.nan, lo + score * (hi - lo))
    return out


class _Sub:
    def __init__(self, ctx, mask):
        self.index, self.rows = ctx.index, ctx.rows
        self.codes = [c for c, m in zip(ctx.codes, mask) if m]
        self.directions = ctx.directions[mask]


def _sub(ctx, mask):
    return _Sub(ctx, mask)


MORE = {"rank": _rank, "percentile": _percentile, "efficacy": _efficacy, "fracmax": _fracmax,
        "share": _share, "target": _target}
