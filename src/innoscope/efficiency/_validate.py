"""Checks of DEA input at the boundary: every problem is collected, named by DMU and variable."""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import EfficiencyError


def as_block(data, names: Sequence[str] | None, kind: str) -> tuple[np.ndarray, list[str], pd.Index | None]:
    """Turn a DataFrame / Series / array into a float matrix, its variable names and its index."""
    if isinstance(data, pd.Series):
        data = data.to_frame()
    if isinstance(data, pd.DataFrame):
        cols = [str(c) for c in data.columns]
        problems = []
        values = []
        for c in data.columns:
            col = pd.to_numeric(data[c], errors="coerce")
            bad = col.isna() & data[c].notna()
            for lab in data.index[bad.to_numpy()]:
                problems.append(f"DMU {lab}: {kind} {c} = {data[c][lab]!r} is not a number")
            values.append(col.to_numpy(dtype=float))
        if problems:
            raise EfficiencyError(problems)
        arr = np.column_stack(values) if values else np.zeros((len(data), 0))
        return arr, (list(names) if names is not None else cols), data.index
    arr = np.asarray(data, dtype=float)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise EfficiencyError(f"{kind}s must be a 2-D table (DMUs × variables), got {arr.ndim} dimensions")
    if names is None:
        names = [f"{kind[0]}{j + 1}" for j in range(arr.shape[1])]
    return arr, list(names), None


def prepare(X, Y, dmus=None, *, input_names=None, output_names=None, positive_inputs=True,
            output_orientation=False):
    """Validate and return ``(X, Y, dmu_labels, input_names, output_names, warnings)``.

    Raises :class:`EfficiencyError` listing every problem (one line each).
    """
    Xa, xn, xi = as_block(X, input_names, "input")
    Ya, yn, yi = as_block(Y, output_names, "output")
    problems: list[str] = []
    if Xa.shape[0] != Ya.shape[0]:
        raise EfficiencyError(f"inputs have {Xa.shape[0]} rows but outputs have {Ya.shape[0]}")
    n = Xa.shape[0]
    if dmus is None:
        labels = [str(v) for v in (xi if xi is not None else yi if yi is not None else range(1, n + 1))]
    else:
        labels = [str(v) for v in dmus]
        if len(labels) != n:
            raise EfficiencyError(f"{len(labels)} DMU names for {n} rows of data")
    if n == 1:
        raise EfficiencyError(f"DMU {labels[0]} is the only DMU: DEA compares DMUs with each other and "
                              "needs at least two")
    if Xa.shape[1] == 0:
        problems.append("no input variables given")
    if Ya.shape[1] == 0:
        problems.append("no output variables given")
    if len(xn) != Xa.shape[1] or len(yn) != Ya.shape[1]:
        raise EfficiencyError("the number of variable names does not match the data")
    seen: dict[str, int] = {}
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
    for lab, c in seen.items():
        if c > 1:
            problems.append(f"DMU {lab} appears {c} times: DMU names must be unique")
    dup_vars = sorted({v for v in xn + yn if (xn + yn).count(v) > 1})
    for v in dup_vars:
        problems.append(f"variable {v} is used more than once (as input and/or output)")
    for kind, A, names in (("input", Xa, xn), ("output", Ya, yn)):
        for j, name in enumerate(names):
            col = A[:, j]
            for i in np.flatnonzero(~np.isfinite(col)):
                problems.append(f"DMU {labels[i]}: {kind} {name} is missing or not finite")
            if kind == "input" and positive_inputs:
                for i in np.flatnonzero(np.isfinite(col) & (col <= 0)):
                    problems.append(f"DMU {labels[i]}: input {name} = {col[i]:g} must be > 0 for DEA")
            if kind == "output":
                for i in np.flatnonzero(np.isfinite(col) & (col < 0)):
                    problems.append(f"DMU {labels[i]}: output {name} = {col[i]:g} must be >= 0")
            fin = col[np.isfinite(col)]
            if n > 1 and len(fin) == n and np.all(fin == fin[0]):
                problems.append(f"{kind} {name} is constant ({fin[0]:g} for every DMU): it carries no "
                                "information for DEA; drop it")
    if output_orientation and Ya.shape[1]:
        for i in np.flatnonzero(np.all(Ya == 0, axis=1)):
            problems.append(f"DMU {labels[i]}: every output is 0, so output-oriented efficiency is undefined")
    if problems:
        raise EfficiencyError(problems)
    warns = []
    need = 3 * (Xa.shape[1] + Ya.shape[1])
    if n < need:
        warns.append(f"only {n} DMUs for {Xa.shape[1]} inputs and {Ya.shape[1]} outputs: the rule of thumb "
                     f"asks for at least 3·(inputs+outputs) = {need} DMUs, otherwise too many DMUs look efficient")
    return Xa, Ya, labels, xn, yn, warns


def check_columns(table: pd.DataFrame, wanted: dict[str, Sequence[str]]) -> None:
    """Every column named in ``wanted`` (role → names) must be in ``table``; each missing one is
    a problem naming its role: ``unknown input column 'x' (available: a, b)``."""
    cols = [str(c) for c in table.columns]
    problems = [f"unknown {role} column {name!r} (available: {', '.join(cols)})"
                for role, names in wanted.items() for name in names if str(name) not in cols]
    if problems:
        raise EfficiencyError(problems)


def check_choice(name: str, value, allowed) -> str:
    v = str(value).lower() if value is not None else value
    if v not in allowed:
        raise EfficiencyError(f"{name} must be one of {', '.join(map(str, allowed))}; got {value!r}")
    return v


def nd_mask(nondiscretionary, input_names: list[str]) -> np.ndarray:
    mask = np.zeros(len(input_names), dtype=bool)
    if not nondiscretionary:
        return mask
    items = [nondiscretionary] if isinstance(nondiscretionary, str) else list(nondiscretionary)
    problems = []
    for v in items:
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool) and 0 <= v < len(input_names):
            mask[int(v)] = True
        elif str(v) in input_names:
            mask[input_names.index(str(v))] = True
        else:
            problems.append(f"non-discretionary input {v!r} is not one of the inputs ({', '.join(input_names)})")
    if problems:
        raise EfficiencyError(problems)
    if mask.all():
        raise EfficiencyError("every input is non-discretionary: at least one input must be discretionary")
    return mask


def scale_factors(*blocks: np.ndarray) -> np.ndarray:
    """Per-variable scale (mean absolute value over all given rows) so scaled data are ~1."""
    A = np.vstack(blocks)
    f = np.abs(A).mean(axis=0)
    f[~np.isfinite(f) | (f == 0)] = 1.0
    return f


@dataclass(frozen=True)
class Data:
    """Validated DEA data: values in the data's units, per-variable scale factors ``fx``/``fy``
    and the scaled values ``Xs``/``Ys`` (about 1) the LPs work on."""

    X: np.ndarray
    Y: np.ndarray
    labels: list[str]
    inputs: list[str]
    outputs: list[str]
    nd: np.ndarray
    fx: np.ndarray
    fy: np.ndarray
    Xs: np.ndarray
    Ys: np.ndarray

    @property
    def nondiscretionary(self) -> list[str]:
        return [name for name, flag in zip(self.inputs, self.nd) if flag]


def load(X, Y, dmus=None, *, nondiscretionary=None, output_orientation=False, stacklevel=2) -> Data:
    """Check ``X``, ``Y`` and the non-discretionary inputs (see :func:`prepare`), warn about a
    small sample at ``stacklevel`` (counted from the caller of ``load``) and scale the data."""
    Xa, Ya, labels, xn, yn, warns = prepare(X, Y, dmus, output_orientation=output_orientation)
    for w in warns:
        warnings.warn(w, UserWarning, stacklevel=stacklevel + 1)
    nd = nd_mask(nondiscretionary, xn)
    fx, fy = scale_factors(Xa), scale_factors(Ya)
    return Data(Xa, Ya, labels, xn, yn, nd, fx, fy, Xa / fx, Ya / fy)
