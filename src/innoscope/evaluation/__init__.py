"""The analysis layer: :func:`run` takes data and a study to one :class:`EvaluationResult`.

Stages (:data:`STAGES`): index (with indicator coverage), input growth, dispersion, DEA
efficiency, DEA-Malmquist, strengths and weaknesses, and the study's claims.
"""
from ._prepare import Prepared, prepare, resolve_study
from ._result import EvaluationResult
from ._run import STAGES, run

__all__ = ["run", "prepare", "EvaluationResult", "Prepared", "STAGES", "resolve_study"]
