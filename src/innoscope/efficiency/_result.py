"""The result of every DEA model (radial and SBM) and the pieces of it they build alike."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["DEAResult", "EFF_TOL"]

#: Scores within this distance of 1 count as efficient; slacks above it (in scaled units) count.
EFF_TOL = 1e-8
#: LP round-off: scores this close to 1 are reported as exactly 1.
_ONE_TOL = 1e-10


@dataclass(frozen=True, kw_only=True)
class DEAResult:
    """Result of :func:`dea`, :func:`sbm` or :func:`from_table`. Fields not requested hold ``None``.

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
    phi: pd.Series | None = None
    status: pd.Series | None = None
    slacks_in: pd.DataFrame | None = None
    slacks_out: pd.DataFrame | None = None
    targets_in: pd.DataFrame | None = None
    targets_out: pd.DataFrame | None = None
    peers: pd.Series | None = None
    lambdas: pd.DataFrame
    super_efficiency: pd.Series | None = None
    super_status: pd.Series | None = None
    scale: pd.DataFrame | None = None
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


def snap_to_one(score: np.ndarray) -> np.ndarray:
    """Scores within LP round-off of 1 become exactly 1."""
    return np.where(np.abs(score - 1.0) <= _ONE_TOL, 1.0, score)


def drop_tiny(S: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Slacks (data units) below ``EFF_TOL`` in scaled units are 0 (in place; returned)."""
    S[S < EFF_TOL * scale] = 0.0
    return S


def slack_fields(*, efficiency, S_in, S_out, T_in, T_out, lam, labels, inputs, outputs) -> dict[str, Any]:
    """Slacks, targets, peers and status as keyword arguments of :class:`DEAResult`.

    ``status``: ``efficient`` (score 1, no slack), ``weakly efficient`` (score 1, some slack)
    or ``inefficient``.
    """
    idx = pd.Index(labels, name="dmu")
    one = np.abs(np.asarray(efficiency) - 1) <= EFF_TOL
    any_slack = (S_in > 0).any(axis=1) | (S_out > 0).any(axis=1)
    status = np.where(one & ~any_slack, "efficient", np.where(one, "weakly efficient", "inefficient"))
    return {
        "status": pd.Series(status, index=idx, name="status"),
        "slacks_in": pd.DataFrame(S_in, index=idx, columns=inputs),
        "slacks_out": pd.DataFrame(S_out, index=idx, columns=outputs),
        "targets_in": pd.DataFrame(T_in, index=idx, columns=inputs),
        "targets_out": pd.DataFrame(T_out, index=idx, columns=outputs),
        "peers": pd.Series(peer_text(lam, labels), index=idx, name="peers"),
    }


def peer_text(lam, labels) -> list[str]:
    """``"A:0.5;C:0.5"`` per DMU from its ``(peer indices, weights)``, peers in data order."""
    out = []
    for idx, val in lam:
        order = np.argsort(idx)
        out.append(";".join(f"{labels[int(idx[j])]}:{val[j]:.12g}" for j in order))
    return out


def lambda_table(lam, labels) -> pd.DataFrame:
    """Long table ``dmu, peer, weight`` of the nonzero λ (a sparse matrix in coordinate form:
    a DMU has at most m + s + 1 peers), built in a few numpy operations."""
    names = np.asarray(labels, dtype=object)
    sizes = np.fromiter((len(ii) for ii, _ in lam), dtype=np.int64, count=len(lam))
    if not sizes.sum():
        return pd.DataFrame({"dmu": pd.Series([], dtype=object), "peer": pd.Series([], dtype=object),
                             "weight": pd.Series([], dtype=float)})
    peer = np.concatenate([np.asarray(ii, dtype=np.int64) for ii, _ in lam])
    weight = np.concatenate([np.asarray(vv, dtype=float) for _, vv in lam])
    dmu = np.repeat(np.arange(len(lam)), sizes)
    return pd.DataFrame({"dmu": names[dmu], "peer": names[peer], "weight": weight})


def super_fields(values, status, labels) -> dict[str, pd.Series]:
    """``super_efficiency`` and ``super_status`` as keyword arguments of :class:`DEAResult`."""
    idx = pd.Index(labels, name="dmu")
    return {"super_efficiency": pd.Series(values, index=idx, name="super_efficiency"),
            "super_status": pd.Series(status, index=idx, name="super_status")}
