"""Simar–Wilson (1998) smoothed bootstrap of radial DEA scores."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import EfficiencyError
from ._dea import radial_scores
from ._engine import LPFailure, RadialEngine
from ._spec import RADIAL, Orientation, technology_of
from ._validate import check_choice, load

__all__ = ["BootstrapResult", "bootstrap"]


@dataclass(frozen=True)
class BootstrapResult:
    """Result of :func:`bootstrap`; all scores are efficiencies in (0, 1] (θ or 1/φ).

    Attributes
    ----------
    efficiency : Series
        The DEA estimate.
    bias_corrected : Series
        Bias-corrected efficiency (bias removed on the distance scale δ = 1/efficiency).
    bias : Series
        Estimated bias of δ̂ (mean of the bootstrap δ* minus δ̂).
    ci_low, ci_high : Series
        Percentile confidence interval of the efficiency (Simar & Wilson 1998, eq. 4.5).
    replicates : DataFrame
        Bootstrap efficiencies, one column per replicate.
    bandwidth : float
    params : dict
        Model, orientation, B, alpha, seed.
    """

    efficiency: pd.Series
    bias_corrected: pd.Series
    bias: pd.Series
    ci_low: pd.Series
    ci_high: pd.Series
    replicates: pd.DataFrame
    bandwidth: float
    params: dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"dmu": self.efficiency.index, "efficiency": self.efficiency.to_numpy(),
                             "bias_corrected": self.bias_corrected.to_numpy(), "bias": self.bias.to_numpy(),
                             "ci_low": self.ci_low.to_numpy(), "ci_high": self.ci_high.to_numpy()})


def silverman_bandwidth(delta: np.ndarray) -> float:
    """h = 0.9·min(σ, IQR/1.34)·(2n)^(−1/5) on the reflected sample {δ, 2 − δ} (Silverman 1986)."""
    refl = np.concatenate([delta, 2.0 - delta])
    sd = refl.std(ddof=1)
    q75, q25 = np.percentile(refl, [75, 25])
    spread = min(sd, (q75 - q25) / 1.34) if q75 > q25 else sd
    return float(0.9 * spread * len(refl) ** (-0.2))


def bootstrap(X, Y, *, model: str = "bcc", orientation: str = "input", B: int = 2000, alpha: float = 0.05,
              rng=None, bandwidth: float | None = None, dmus=None) -> BootstrapResult:
    """Bias-corrected DEA scores and confidence intervals by the smoothed bootstrap.

    Algorithm (Simar & Wilson 1998), on the Shephard distance δ = 1/θ (input) or φ (output):

    1. δ̂ⱼ from the DEA model; bandwidth h by :func:`silverman_bandwidth` unless given.
    2. Per replicate: draw βⱼ* from the reflected sample {δ̂, 2 − δ̂}, set
       δ̃ = β̄* + (βⱼ* + hεⱼ − β̄*)/√(1 + h²/σ̂²) (σ̂² the variance of the reflected sample,
       εⱼ ~ N(0, 1)), reflect values below 1 as 2 − δ̃.
    3. Pseudo data on the ray of each DMU: xⱼ* = xⱼ·δⱼ*/δ̂ⱼ (input) or yⱼ* = yⱼ·δ̂ⱼ/δⱼ*
       (output); re-estimate every original DMU against the pseudo frontier.
    4. bias = mean(δ*) − δ̂; bias-corrected δ = δ̂ − bias; CI on δ: [2δ̂ − q₁₋α/₂, 2δ̂ − q_α/₂],
       reported as efficiencies 1/δ.

    Parameters
    ----------
    X, Y, dmus : as in :func:`dea`
    model : {"bcc", "ccr"}
    orientation : {"input", "output"}
    B : number of replicates
    alpha : 1 − confidence level
    rng : int, Generator or None
        Seed; the same seed gives identical results.
    bandwidth : float, optional

    Returns
    -------
    BootstrapResult
    """
    model = check_choice("model", model, ("bcc", "ccr"))
    orientation = Orientation.parse(orientation, RADIAL)
    rts = technology_of(model, None)
    if int(B) < 10:
        raise EfficiencyError(f"B must be at least 10 replicates; got {B}")
    if not 0 < alpha < 1:
        raise EfficiencyError(f"alpha must be in (0, 1); got {alpha}")
    rng = np.random.default_rng(rng)
    data = load(X, Y, dmus, output_orientation=orientation.output)
    Xs, Ys, labels = data.Xs, data.Ys, data.labels
    n = len(labels)
    score, _, _, _ = radial_scores(Xs, Ys, rts=rts, orientation=orientation, labels=labels)
    delta = 1.0 / score if orientation.input else score.copy()
    h = silverman_bandwidth(delta) if bandwidth is None else float(bandwidth)
    refl = np.concatenate([delta, 2.0 - delta])
    var = refl.var(ddof=1)
    reps = np.empty((n, int(B)))
    for b in range(int(B)):
        beta = rng.choice(refl, size=n, replace=True)
        eps = rng.standard_normal(n)
        dt = beta.mean() + (beta + h * eps - beta.mean()) / np.sqrt(1.0 + h * h / var)
        dt = np.where(dt < 1.0, 2.0 - dt, dt)
        if orientation.input:
            Xr, Yr = Xs * (dt / delta)[:, None], Ys
        else:
            Xr, Yr = Xs, Ys * (delta / dt)[:, None]
        eng = RadialEngine(Xr, Yr, rts=rts, orientation=orientation)
        for k in range(n):
            try:
                sol = eng.solve(Xs[k], Ys[k], name=labels[k])
            except LPFailure as exc:
                raise EfficiencyError(f"bootstrap replicate {b + 1}: {exc}") from None
            if sol.status != "optimal":
                # the DMU lies outside the pseudo technology (VRS): its distance is undefined
                reps[k, b] = np.nan
            else:
                reps[k, b] = 1.0 / sol.score if orientation.input else sol.score
    bias = np.nanmean(reps, axis=1) - delta
    d_bc = delta - bias
    lo_q = np.nanquantile(reps, alpha / 2, axis=1)
    hi_q = np.nanquantile(reps, 1 - alpha / 2, axis=1)
    d_lo, d_hi = 2 * delta - hi_q, 2 * delta - lo_q
    idx = pd.Index(labels, name="dmu")
    eff = 1.0 / delta
    return BootstrapResult(
        efficiency=pd.Series(eff, index=idx, name="efficiency"),
        bias_corrected=pd.Series(1.0 / d_bc, index=idx, name="bias_corrected"),
        bias=pd.Series(bias, index=idx, name="bias"),
        ci_low=pd.Series(1.0 / d_hi, index=idx, name="ci_low"),
        ci_high=pd.Series(1.0 / d_lo, index=idx, name="ci_high"),
        replicates=pd.DataFrame(1.0 / reps, index=idx),
        bandwidth=h,
        params={"model": model, "orientation": orientation.value, "rts": rts.rts, "B": int(B), "alpha": alpha,
                "method": "Simar & Wilson (1998) smoothed bootstrap", "version": __version__},
    )
