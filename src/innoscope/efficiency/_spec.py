"""What a DEA model is: its orientation and its technology (returns to scale).

Both are parsed once, where a public function receives its arguments, and passed down as
these small objects; the LP code asks them questions instead of comparing strings.
"""
from __future__ import annotations

import enum
import math

from ..errors import EfficiencyError

__all__ = ["Orientation", "Technology", "technology_of"]

_INF = math.inf


def _parse(cls, what: str, value, allowed):
    if isinstance(value, cls):
        value = value.value
    text = value.lower() if isinstance(value, str) else value
    for member in allowed:
        if text == member.value:
            return member
    raise EfficiencyError(f"{what} must be one of {', '.join(m.value for m in allowed)}; got {value!r}")


class Orientation(enum.Enum):
    """Which side of the DMU is improved: inputs contracted, outputs expanded, or both (SBM)."""

    INPUT = "input"
    OUTPUT = "output"
    NONE = "none"

    @classmethod
    def parse(cls, value, allowed=None) -> Orientation:
        """The orientation named by ``value`` (``"input"``, ``"output"``, ``"none"``).

        ``allowed`` restricts the choice (the radial models have no ``none``); anything else
        raises :class:`EfficiencyError` listing the allowed names.
        """
        return _parse(cls, "orientation", value, tuple(cls) if allowed is None else tuple(allowed))

    @property
    def input(self) -> bool:
        return self is Orientation.INPUT

    @property
    def output(self) -> bool:
        return self is Orientation.OUTPUT

    @property
    def none(self) -> bool:
        return self is Orientation.NONE


#: Orientations of the radial models (CCR, BCC), of Malmquist and of the bootstrap.
RADIAL = (Orientation.INPUT, Orientation.OUTPUT)


class Technology(enum.Enum):
    """Returns to scale of the reference technology and the convexity row Σλ it implies.

    ``crs``: no row; ``vrs``: Σλ = 1; ``nirs``: Σλ ≤ 1; ``ndrs``: Σλ ≥ 1.
    """

    CRS = "crs"
    VRS = "vrs"
    NIRS = "nirs"
    NDRS = "ndrs"

    @classmethod
    def parse(cls, value) -> Technology:
        return _parse(cls, "rts", value, tuple(cls))

    @property
    def rts(self) -> str:
        return self.value

    @property
    def convex(self) -> bool:
        """Whether the model has a convexity row (every technology but CRS)."""
        return self is not Technology.CRS

    @property
    def lambda_bounds(self) -> tuple[float, float]:
        """Bounds ``(low, high)`` of Σλ (``(0, inf)`` for CRS: λ ≥ 0 is the only limit)."""
        return {Technology.CRS: (0.0, _INF), Technology.VRS: (1.0, 1.0),
                Technology.NIRS: (-_INF, 1.0), Technology.NDRS: (1.0, _INF)}[self]

    @property
    def homogeneous_bounds(self) -> tuple[float, float]:
        """Bounds of ``Σλ − t`` when λ and the DMU are scaled by ``t`` (Charnes–Cooper form)."""
        low, high = self.lambda_bounds
        return low - 1.0, high - 1.0

    @property
    def sense(self) -> float:
        """Sense of the convexity row: 0 ``=``, +1 ``≤``, −1 ``≥`` (CRS has none: 0)."""
        low, high = self.lambda_bounds
        if not self.convex or low == high:
            return 0.0
        return 1.0 if low == -_INF else -1.0


#: Returns to scale each radial model allows; the first is its default.
_MODEL_RTS = {
    "ccr": (Technology.CRS,),
    "bcc": (Technology.VRS, Technology.NIRS, Technology.NDRS),
    "sbm": (Technology.CRS, Technology.VRS, Technology.NIRS, Technology.NDRS),
}
MODELS = tuple(_MODEL_RTS)


def technology_of(model: str, rts) -> Technology:
    """The technology of ``model`` (``ccr``, ``bcc``, ``sbm``), checked against ``rts``.

    ``rts=None`` gives the model's own (CCR: crs, BCC: vrs, SBM: crs). A combination that
    contradicts the model is an error rather than a silent switch of model: ``ccr`` is
    constant and ``bcc`` variable returns to scale.
    """
    allowed = _MODEL_RTS[model]
    if rts is None:
        return allowed[0]
    tech = Technology.parse(rts)
    if tech in allowed:
        return tech
    if model == "ccr":
        raise EfficiencyError(f"model ccr has constant returns to scale; for rts {tech.rts!r} use model bcc")
    raise EfficiencyError("model bcc has variable returns to scale; for rts 'crs' use model ccr")
