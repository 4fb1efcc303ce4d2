"""The analysis layer: :func:`run` takes data and a study to one :class:`EvaluationResult`.

Stages (:data:`STAGES`): index (with indicator coverage), input growth, dispersion, DEA
efficiency, DEA-Malmquist, strengths and weaknesses, and the study's claims.
"""
from ._result import EvaluationResult
from ._run import STAGES, resolve_study, run

__all__ = ["run", "EvaluationResult", "STAGES", "resolve_study"]
