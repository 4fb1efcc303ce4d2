"""Uncertain inputs: what a replicate may change, read from the ``[robustness]`` settings.

A replicate is a point ``u`` of the unit hypercube. Each *factor* owns some of its
coordinates: a discrete alternative (``normalise``, ``aggregate``, ``impute``, ``treat``,
``weights`` or any ``step__param`` key) owns one coordinate and picks option
``⌊u·k⌋`` of its ``k`` options; the weight factor owns one coordinate per weighted node
and turns it into a multiplicative noise or a Dirichlet draw. Monte Carlo fills ``u`` with
pseudo-random numbers, Sobol analysis with a Saltelli design; both go through the same map.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError

__all__ = ["Factor", "Spec", "spec_from_settings", "UPSTREAM", "DOWNSTREAM"]

#: Steps whose alternatives change the normalised indicators or the base weights: each
#: distinct combination is computed once by the Index pipeline.
UPSTREAM = ("impute", "treat", "normalise", "weights", "missing_indicators")
#: Steps evaluated in batch for every replicate.
DOWNSTREAM = ("aggregate",)
DISTRIBUTIONS = ("uniform", "dirichlet")


@dataclass(frozen=True)
class Factor:
    """One uncertain input.

    Attributes
    ----------
    name : str
        ``weights``, a step name (``normalise``) or a ``step__param`` key.
    options : tuple of dict
        For a discrete factor, the Index parameters (``step__param`` keys) of each option;
        empty for the weight factor.
    labels : tuple of str
        Short text for each option (``method=minmax, range=[1, 100]``).
    """

    name: str
    options: tuple[dict, ...] = ()
    labels: tuple[str, ...] = ()

    @property
    def is_weights(self) -> bool:
        return self.name == "weight_noise"

    @property
    def upstream(self) -> bool:
        head = self.name.split("__")[0]
        return head in UPSTREAM


@dataclass(frozen=True)
class Spec:
    """The uncertain inputs of an analysis (see :func:`spec_from_settings`)."""

    factors: tuple[Factor, ...] = ()
    noise: float = 0.0
    distribution: str = "uniform"
    concentration: float = 100.0
    nodes: tuple[str, ...] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def weighted(self) -> bool:
        return self.distribution == "dirichlet" or self.noise > 0

    @property
    def choices(self) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors if not f.is_weights)


def _label(params: dict) -> str:
    return ", ".join(f"{k.split('__', 1)[-1]}={_short(v)}" for k, v in params.items())


def _short(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_short(x) for x in v) + "]"
    return str(v)


def spec_from_settings(weights: dict | None = None, alternatives: dict | None = None) -> Spec:
    """Build a :class:`Spec` from ``[robustness.weights]`` and ``[robustness.alternatives]``.

    Parameters
    ----------
    weights : dict, optional
        ``noise`` (share, 0 ≤ noise < 1: each weight is multiplied by a uniform draw on
        ``[1 − noise, 1 + noise]``), ``distribution`` (``uniform`` or ``dirichlet``: siblings'
        weights drawn from a Dirichlet with parameters ``concentration × nominal weight``),
        ``concentration``, ``nodes`` (codes whose weights vary; default every non-root node).
    alternatives : dict, optional
        ``{step: [table, …]}`` (each table holds that step's parameters, applied over the
        nominal ones) or ``{"step__param": [value, …]}``.

    Examples
    --------
    >>> s = spec_from_settings({"noise": 0.25}, {"aggregate": [{"method": "arithmetic"},
    ...                                                        {"method": "geometric"}]})
    >>> [f.name for f in s.factors], s.factors[0].labels
    (['aggregate', 'weight_noise'], ('method=arithmetic', 'method=geometric'))
    """
    weights = dict(weights or {})
    noise = float(weights.get("noise", 0.0) or 0.0)
    dist = weights.get("distribution", "uniform")
    conc = float(weights.get("concentration", 100.0))
    problems = []
    if not 0 <= noise < 1:
        problems.append(f"robustness.weights.noise: must be at least 0 and below 1 (a noise of "
                        f"{noise:g} can make a weight zero or negative)")
    if dist not in DISTRIBUTIONS:
        problems.append(f"robustness.weights.distribution: unknown value {dist!r}; valid: "
                        + ", ".join(DISTRIBUTIONS))
    if not conc > 0:
        problems.append(f"robustness.weights.concentration: must be > 0, found {conc:g}")
    factors = []
    for key, values in (alternatives or {}).items():
        head, sep, rest = key.partition("__")
        if head == "tiers":
            problems.append(f"robustness.alternatives.{key}: the tier rule is what tier "
                            "probabilities measure; it cannot be an uncertain input")
            continue
        if not isinstance(values, (list, tuple)) or len(values) < 1:
            problems.append(f"robustness.alternatives.{key}: expected a list of alternatives")
            continue
        options = []
        for i, v in enumerate(values):
            if sep:
                options.append({key: v})
            elif isinstance(v, dict):
                options.append({f"{key}__{k}": x for k, x in v.items()})
            elif key == "missing_indicators":
                options.append({key: v})
            else:
                problems.append(f"robustness.alternatives.{key}[{i}]: expected a table of "
                                f"{key} parameters, found {v!r}")
        factors.append(Factor(name=key, options=tuple(options),
                              labels=tuple(_label(o) for o in options)))
    if problems:
        raise ConfigError(problems)
    nodes = weights.get("nodes")
    spec = Spec(factors=tuple(factors), noise=noise, distribution=dist, concentration=conc,
                nodes=tuple(nodes) if nodes else None)
    if spec.weighted:
        spec = Spec(factors=spec.factors + (Factor(name="weight_noise"),), noise=noise,
                    distribution=dist, concentration=conc, nodes=spec.nodes)
    return spec
