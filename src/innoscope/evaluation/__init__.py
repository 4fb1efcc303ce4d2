"""The seed's evaluation: index and tiers, input growth and dispersion, DEA efficiency and the
reproduction table of the report's claims."""
from ._evaluate import AUXILIARY, EvaluationResult, evaluate

__all__ = ["evaluate", "EvaluationResult", "AUXILIARY"]
