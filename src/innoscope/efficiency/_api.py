"""The public DEA functions: arguments parsed and data checked once, then the model run."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..errors import EfficiencyError
from ._dea import radial
from ._result import DEAResult
from ._sbm import slacks_based
from ._spec import MODELS, Orientation, Technology, technology_of
from ._validate import Data, check_choice, check_columns, load

__all__ = ["dea", "sbm", "from_table"]


@dataclass(frozen=True)
class _Model:
    """A DEA model as parsed from the public arguments."""

    name: str  # ccr | bcc | sbm
    orientation: Orientation
    rts: Technology

    @property
    def radial(self) -> bool:
        return self.name != "sbm"


def _model_of(model, orientation, rts, *, scale: bool = False) -> _Model:
    name = check_choice("model", model, MODELS)
    orient = Orientation.parse(orientation)
    if name != "sbm" and orient.none:
        raise EfficiencyError(f"orientation 'none' is the non-oriented SBM: use model sbm, not {name}")
    if name == "sbm" and scale:
        raise EfficiencyError("scale efficiency applies to the radial models (ccr, bcc), not to sbm")
    return _Model(name, orient, technology_of(name, rts))


def _run(spec: _Model, data: Data, *, super_efficiency: bool, slacks: bool, scale: bool,
         method: str = "frontier", n_jobs: int = 1) -> DEAResult:
    if not spec.radial:
        return slacks_based(data, orientation=spec.orientation, rts=spec.rts, super_efficiency=super_efficiency,
                            slacks=slacks, method=method)
    return radial(data, model=spec.name, orientation=spec.orientation, rts=spec.rts,
                  super_efficiency=super_efficiency, slacks=slacks, scale=scale, method=method, n_jobs=n_jobs)


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
        (Banker, Charnes & Cooper 1984); ``sbm`` is :func:`sbm` (``orientation`` and ``rts``
        passed on; ``slacks`` decides whether its slacks are reported).
    orientation : {"input", "output"}
        Input: θ = min s.t. Xλ ≤ θx0, Yλ ≥ y0. Output: φ = max s.t. Xλ ≤ x0, Yλ ≥ φy0;
        ``efficiency`` is then 1/φ and ``phi`` holds φ. ``"none"`` only with ``model="sbm"``.
    rts : {"crs", "vrs", "nirs", "ndrs"}, optional
        Returns to scale; must agree with the model: ``ccr`` is ``crs`` only, ``bcc`` is ``vrs``
        (default) or its ``nirs`` / ``ndrs`` variants; ``sbm`` takes any (default ``crs``).
        ``model="bcc", rts="crs"`` is an error (that model is ``ccr``), never a silent switch.
    super_efficiency : bool
        Andersen & Petersen (1993): efficient DMUs are scored against all the other DMUs;
        infeasible LPs (possible under VRS) are reported as ``infeasible``, never as a number.
    slacks : bool
        Phase II: maximise the sum of slacks (data units, as DEAP) with the score fixed; gives
        slacks, targets, peers and the efficient / weakly-efficient status.
    scale : bool
        CRS and VRS scores, scale efficiency CRS/VRS and returns to scale by the DEAP rule
        (CRS = VRS: ``crs``; else NIRS = VRS: ``drs``; else ``irs``). Radial models only.
    nondiscretionary : list of input names, optional
        Inputs held fixed (Banker & Morey 1986): not contracted by θ, slacks not maximised.
    dmus : sequence, optional
        DMU names (default: the DataFrame index, else 1..n).
    method : {"frontier", "plain"}
        ``frontier`` (default): a few HiGHS solves by column generation over the
        non-dominated candidates, then reused optimal bases and a batched dual simplex, every
        score certified optimal (see docs/efficiency.md); ``plain`` solves one LP over all
        DMUs per DMU on every path (scores, slacks, super-efficiency). Both give the same optimum.
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
    spec = _model_of(model, orientation, rts, scale=scale)
    method = check_choice("method", method, ("frontier", "plain"))
    data = load(X, Y, dmus, nondiscretionary=nondiscretionary, output_orientation=spec.orientation.output)
    return _run(spec, data, super_efficiency=super_efficiency, slacks=slacks, scale=scale, method=method,
                n_jobs=n_jobs)


def sbm(X, Y, *, orientation: str = "none", rts: str = "crs", super_efficiency: bool = False,
        slacks: bool = True, nondiscretionary=None, dmus=None, method: str = "frontier") -> DEAResult:
    """Slacks-based measure of efficiency (Tone 2001) and super-SBM (Tone 2002).

    Non-oriented: ρ = (1 − (1/m)Σ s⁻ᵢ/xᵢ₀) / (1 + (1/s)Σ s⁺ᵣ/yᵣ₀), solved as an LP by the
    Charnes–Cooper transformation. Input-oriented: ρ = 1 − (1/m)Σ s⁻ᵢ/xᵢ₀; output-oriented:
    ρ = 1 / (1 + (1/s)Σ s⁺ᵣ/yᵣ₀). Outputs equal to 0 for the evaluated DMU drop out of its
    output term (Tone 2001 leaves them undefined); non-discretionary inputs drop out of the
    input term.

    Super-efficiency: SBM-efficient DMUs (ρ = 1) get Tone's (2002) super-SBM δ ≥ 1 against
    the other DMUs (``infeasible`` if no point qualifies); inefficient DMUs keep ρ.

    Parameters
    ----------
    X, Y, dmus, nondiscretionary : as in :func:`dea`
    orientation : {"none", "input", "output"}
    rts : {"crs", "vrs", "nirs", "ndrs"}
    slacks : bool
        Report slacks, targets, peers and status (default True).
    method : {"frontier", "plain"}
        ``frontier`` (default): column generation over the non-dominated DMUs (for super-SBM
        also those dominated only by the DMU left out), every optimum certified over all DMUs;
        ``plain``: one LP over all DMUs per DMU. Both give the same optimum.

    Returns
    -------
    DEAResult (``phi`` and ``scale`` are None; ``efficiency`` holds ρ)

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"x1": [4, 6, 8, 8, 2], "x2": [3, 3, 1, 1, 4]}, index=list("ABCDE"))
    >>> Y = pd.DataFrame({"y1": [2, 2, 6, 6, 1], "y2": [3, 3, 2, 1, 4]}, index=list("ABCDE"))
    >>> sbm(X, Y).efficiency.round(3).tolist()
    [0.798, 0.568, 1.0, 0.667, 1.0]
    """
    spec = _model_of("sbm", orientation, rts)
    method = check_choice("method", method, ("frontier", "plain"))
    data = load(X, Y, dmus, nondiscretionary=nondiscretionary, output_orientation=spec.orientation.output)
    return _run(spec, data, super_efficiency=super_efficiency, slacks=slacks, scale=False, method=method)


def _names(value) -> list[str]:
    """Column names given as one name or a sequence of names."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def from_table(table: pd.DataFrame, *, dmu: str, inputs: str | Sequence[str], outputs: str | Sequence[str],
               model: str = "bcc", rts: str | None = None, orientation: str = "input",
               super_efficiency: bool = False, slacks: bool = False, scale: bool = False,
               nondiscretionary: str | Sequence[str] | None = None) -> DEAResult:
    """DEA of a table with one row per DMU: the columns name the DMUs, inputs and outputs.

    The one-call form behind ``innoscope dea``: columns are checked (each unknown one is
    named, with the columns available), the DMU column becomes the index, and ``model``
    picks :func:`dea` (``ccr``, ``bcc``) or :func:`sbm` (``sbm``).

    Parameters
    ----------
    table : DataFrame
        One row per DMU.
    dmu : str
        Column with the DMU names (unique, none missing).
    inputs, outputs : str or list of str
        Input and output columns.
    model : {"bcc", "ccr", "sbm"}
    rts : {"crs", "vrs", "nirs", "ndrs"}, optional
        Must agree with the model (see :func:`dea`): ``bcc`` with ``crs`` and ``ccr`` with
        ``vrs`` are errors, not a switch of model.
    orientation : {"input", "output", "none"}
        ``none`` (non-oriented) for ``sbm`` only.
    super_efficiency, scale : bool
        As in :func:`dea` (``scale`` for the radial models only).
    slacks : bool
        Report slacks, targets, peers and status (off by default, unlike :func:`dea`).
    nondiscretionary : str or list of str, optional
        Input columns held fixed.

    Returns
    -------
    DEAResult

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"firm": list("ABCDE"), "x1": [2, 2, 6, 3, 6], "x2": [5, 4, 6, 2, 2],
    ...                   "y": [1, 2, 3, 1, 2]})
    >>> r = from_table(t, dmu="firm", inputs=["x1", "x2"], outputs="y", model="ccr")
    >>> r.efficiency.round(3).to_dict()
    {'A': 0.5, 'B': 1.0, 'C': 0.833, 'D': 0.714, 'E': 1.0}
    >>> from_table(t, dmu="firm", inputs=["x1", "x3"], outputs="y")
    Traceback (most recent call last):
    ...
    innoscope.errors.EfficiencyError: unknown input column 'x3' (available: firm, x1, x2, y)
    """
    if not isinstance(table, pd.DataFrame):
        raise EfficiencyError("table must be a DataFrame with one row per DMU")
    ins, outs = _names(inputs), _names(outputs)
    table = table.set_axis([str(c) for c in table.columns], axis=1)
    check_columns(table, {"DMU": [dmu], "input": ins, "output": outs})
    spec = _model_of(model, orientation, rts, scale=scale)
    unnamed = int(table[dmu].isna().sum())
    if unnamed:
        raise EfficiencyError(f"DMU column {dmu!r} is empty in {unnamed} row(s): every DMU needs a name")
    names = table[dmu].astype(str)
    data = load(table[ins].set_axis(names, axis=0), table[outs].set_axis(names, axis=0),
                nondiscretionary=_names(nondiscretionary) or None, output_orientation=spec.orientation.output)
    return _run(spec, data, super_efficiency=super_efficiency, slacks=slacks, scale=scale)
