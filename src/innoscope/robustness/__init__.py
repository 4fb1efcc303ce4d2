"""Robustness of a ranking: uncertainty and sensitivity analysis, path to the next tier.

Fast paths are batch paths: each distinct upstream variant is built once by the Index
pipeline, replicates are evaluated as matrix products (see ``docs/robustness.md``).
"""
from ._engine import BATCH_AGGREGATIONS, BATCH_TIER_RULES, Engine, rank_min
from ._path import PATH_COLUMNS, PathResult, path_to_target
from ._result import RobustnessResult
from ._run import BACKENDS, CHUNK, LOCAL_PROCESSES_FROM, analyse
from ._sobol import saltelli_design, sobol_estimates
from ._spec import Spec, spec_from_settings

__all__ = ["analyse", "RobustnessResult", "path_to_target", "PathResult", "PATH_COLUMNS", "Engine", "Spec", "spec_from_settings", "rank_min",
           "saltelli_design", "sobol_estimates", "BACKENDS", "CHUNK", "LOCAL_PROCESSES_FROM",
           "BATCH_AGGREGATIONS", "BATCH_TIER_RULES"]
