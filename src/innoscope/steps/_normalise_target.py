"""Distance-to-target normalisation: progress towards a target or between goalposts.

Each method takes the direction-signed block ``S`` (rows of one year group × indicators),
the raw block ``R``, the indicator's spec, the fitted statistics of ``S`` and a context with
labels, and returns the normalised block. Formulas: ``docs/methods.md``.
"""
from __future__ import annotations

import numpy as np

from ..errors import ConfigError

__all__ = ["target"]


def target(S, R, spec, st, ctx):
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
