"""The result of a robustness analysis: read-only tables with fixed columns."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["RobustnessResult", "INTERVAL_COLUMNS", "SOBOL_COLUMNS", "REMOVAL_COLUMNS"]

INTERVAL_COLUMNS = ("region", "nominal_rank", "median_rank", "q05", "q95")
SOBOL_COLUMNS = ("output", "input", "S1", "S1_conf", "ST", "ST_conf")
REMOVAL_COLUMNS = ("indicator", "mean_abs_rank_shift", "max_abs_rank_shift", "most_shifted_region",
                   "regions_moved")


@dataclass(frozen=True, eq=False)
class RobustnessResult:
    """Rank intervals, tier probabilities, removal shifts and Sobol indices of one index.

    Attributes
    ----------
    intervals : DataFrame
        One row per region, best nominal rank first: ``region, nominal_rank, median_rank,
        q05, q95, p_tier_1 … p_tier_k`` (then ``p_no_tier`` when the tier rule leaves
        regions without a tier), ``nominal_tier``, ``mean_abs_rank_shift``. ``q05``/``q95``
        and the median are the smallest ranks reached by at least 5 %, 95 % and 50 % of the
        replicates (rank 1 = best).
    removal : DataFrame
        One row per indicator: the rank shifts when it alone is left out (its weight set to
        zero, its siblings renormalised): ``indicator, mean_abs_rank_shift,
        max_abs_rank_shift, most_shifted_region, regions_moved``.
    removal_shifts : DataFrame
        ``indicator, region, nominal_rank, rank, shift`` for every pair.
    sobol : DataFrame
        ``output, input, S1, S1_conf, ST, ST_conf``; ``output`` is ``mean_abs_rank_shift``
        or a region code (its rank). Empty when Sobol analysis was not asked for.
    inputs : DataFrame
        The uncertain inputs: ``input, options`` (option texts, or the weight distribution).
    n : int
        Monte Carlo replicates.
    sobol_n : int
        Base size of the Saltelli design (0 when not run); it costs ``sobol_n × (inputs + 2)``
        replicates.
    year : int
    provenance : dict
        Seed, settings, package version, data source, framework, backend.
    """

    intervals: pd.DataFrame
    removal: pd.DataFrame
    removal_shifts: pd.DataFrame
    sobol: pd.DataFrame
    inputs: pd.DataFrame
    n: int
    sobol_n: int
    year: int
    labels: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)

    @classmethod
    def empty(cls) -> "RobustnessResult":
        """The result of an analysis not run: every table empty, ``n = 0``."""
        def e(cols):
            return pd.DataFrame(columns=list(cols))

        return cls(intervals=e(INTERVAL_COLUMNS), removal=e(REMOVAL_COLUMNS),
                   removal_shifts=e(("indicator", "region", "nominal_rank", "rank", "shift")),
                   sobol=e(SOBOL_COLUMNS), inputs=e(("input", "options")), n=0, sobol_n=0, year=0)

    def to_frame(self) -> pd.DataFrame:
        """The rank intervals (tidy: one row per region)."""
        return self.intervals.copy()

    def tables(self) -> dict[str, pd.DataFrame]:
        """``{file stem: table}`` as the CLI writes them."""
        if not self.n:
            return {}
        out = {"rank_intervals": self.intervals, "removal": self.removal,
               "removal_shifts": self.removal_shifts}
        if self.sobol_n:
            out["sobol"] = self.sobol
        return out

    def summary(self) -> str:
        iv = self.intervals
        width = (iv["q95"] - iv["q05"]).astype(float)
        widest = iv.loc[width.idxmax(), "region"] if len(iv) else "-"
        lines = [f"robustness {self.year}: {self.n} replicates, {len(iv)} regions, "
                 f"inputs {', '.join(self.inputs['input']) or 'none'}",
                 f"median width of the 5–95 % rank interval: {width.median():g} "
                 f"(widest: {self.labels.get(widest, widest)}, {width.max():g})"]
        return "\n".join(lines)
