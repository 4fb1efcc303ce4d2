"""Ratio normalisation: fraction of the maximum (x/max) and share of the total (x/Σx).

Each method takes the direction-signed block ``S`` (rows of one year group × indicators),
the raw block ``R``, the indicator's spec, the fitted statistics of ``S`` and a context with
labels, and returns the normalised block. Formulas: ``docs/methods.md``.
"""
from __future__ import annotations

import numpy as np

from ..errors import MethodError
from ._common import where

__all__ = ["fracmax", "share"]


def _bad_cells(R, mask, ctx, msg):
    rows, cols = np.nonzero(mask)
    return MethodError([f"{msg}: found {R[r, c]:g} for "
                        + where(ctx.index, ctx.rows[r], ctx.codes[c])
                        for r, c in zip(rows[:20], cols[:20])])


def fracmax(S, R, spec, st, ctx):
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


def share(S, R, spec, st, ctx):
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


class _Sub:
    def __init__(self, ctx, mask):
        self.index, self.rows = ctx.index, ctx.rows
        self.codes = [c for c, m in zip(ctx.codes, mask) if m]
        self.directions = ctx.directions[mask]


def _sub(ctx, mask):
    return _Sub(ctx, mask)
