"""The Index pipeline: impute → treat → normalise → weights → aggregate → ranks → tiers.

An alternative assumption is a parameter key (``normalise__method="zscore"``); refitting an
``Index`` built from a result's own ``params`` reproduces its scores exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from . import __version__
from ._estimator import Estimator, clone
from .errors import FrameworkError, PanelError
from .framework import Framework, load_framework
from .panel import Panel, read_panel, to_wide
from .steps import Aggregate, Impute, Normalise, Treat, Weight
from .tiers import Tier

__all__ = ["Index", "IndexResult", "build_index", "rank_scores"]

MISSING_POLICIES = ("error", "drop")


def rank_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """Rank every column within each year: 1 = best, ties share the minimum rank."""
    return scores.groupby(level="year").rank(method="min", ascending=False).astype("Int64")


@dataclass(frozen=True, eq=False)
class IndexResult:
    """Everything an index build produced, read-only.

    Attributes
    ----------
    framework : Framework
        The framework actually used (after dropping indicators absent from the data).
    scores : DataFrame
        Index ``(region, year)``, one column per node code (normalised indicators first,
        then aggregates bottom-up to the root).
    raw, treated : DataFrame
        Input values and values after imputation and treatment (indicators only).
    weights : Series
        Effective weight of each node within its parent.
    tiers : Series
        Tier per ``(region, year)`` (nullable integer).
    params : dict
        ``Index.get_params(deep=False)`` — rebuild with ``Index(**params)``.
    dropped : tuple of str
        Framework nodes dropped because the data lack them.
    imputed : DataFrame
        Boolean mask of imputed cells.
    filled : DataFrame
        Indicator values after imputation, before treatment.
    treatment : DataFrame
        Points changed by outlier treatment.
    labels : dict
        Region code → label as given in the input.
    provenance : dict
        Package version, framework name, data source.
    """

    framework: Framework
    scores: pd.DataFrame
    raw: pd.DataFrame
    treated: pd.DataFrame
    weights: pd.Series
    tiers: pd.Series
    params: dict
    dropped: tuple[str, ...] = ()
    imputed: pd.DataFrame = field(default_factory=pd.DataFrame)
    filled: pd.DataFrame = field(default_factory=pd.DataFrame)
    treatment: pd.DataFrame = field(default_factory=pd.DataFrame)
    labels: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)

    @cached_property
    def ranks(self) -> pd.DataFrame:
        """Rank of every node per year (1 = best, ties at the minimum rank)."""
        return rank_scores(self.scores)

    @property
    def root(self) -> str:
        return self.framework.root

    @property
    def index(self) -> pd.Series:
        """Scores of the root node."""
        return self.scores[self.root]

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.scores.index.get_level_values("year").unique())

    def to_frame(self, year: int | None = None) -> pd.DataFrame:
        """Tidy scores: ``region, year, code, level, score, rank`` for every node."""
        scores = self.scores
        ranks = self.ranks
        if year is not None:
            mask = scores.index.get_level_values("year") == year
            scores, ranks = scores[mask], ranks[mask]
        s = scores.rename_axis(columns="code").stack(future_stack=True).rename("score")
        r = ranks.rename_axis(columns="code").stack(future_stack=True).rename("rank")
        out = pd.concat([s, r], axis=1).reset_index()
        out.insert(3, "level", out["code"].map(self.framework.levels).astype(int))
        order = {c: i for i, c in enumerate(self.framework.codes[::-1])}
        out["_o"] = out["code"].map(order)
        out = out.sort_values(["year", "_o", "rank", "region"], kind="stable").drop(columns="_o")
        return out.reset_index(drop=True)[["region", "year", "code", "level", "score", "rank"]]

    def imputed_frame(self, year: int | None = None) -> pd.DataFrame:
        """Imputed cells: ``region, year, indicator, value`` (the value filled in, before treatment)."""
        out = _imputations(self.filled, self.imputed)
        if year is not None:
            out = out[out["year"] == year]
        return out.reset_index(drop=True)

    def tiers_frame(self, year: int | None = None) -> pd.DataFrame:
        """``region, year, score, rank, tier`` for the root node, best first."""
        out = pd.DataFrame({"score": self.index, "rank": self.ranks[self.root], "tier": self.tiers})
        out = out.reset_index()
        if year is not None:
            out = out[out["year"] == year]
        return out.sort_values(["year", "rank", "region"], kind="stable").reset_index(drop=True)[
            ["region", "year", "score", "rank", "tier"]]

    def summary(self, year: int | None = None, lang: str = "zh") -> pd.DataFrame:
        """The ranking table of the root and first-level nodes for one year (default: last)."""
        year = self.years[-1] if year is None else year
        first = [c for c in self.framework.children(self.root)]
        cols = [self.root] + first
        block = self.scores.xs(year, level="year")[cols]
        out = block.assign(rank=self.ranks.xs(year, level="year")[self.root],
                           tier=self.tiers.xs(year, level="year"))
        out = out.sort_values("rank", kind="stable")
        return out.rename(columns=self.framework.labels(lang))


class Index(Estimator):
    """A composite-index pipeline over named steps.

    Parameters
    ----------
    impute, treat, normalise, weights, aggregate, tiers : step estimators
        Defaults: no imputation, no treatment, min-max to [0, 100] per year, framework
        weights, weighted arithmetic mean, median split into two tiers.
    missing_indicators : {"error", "drop"}
        What to do with framework indicators absent from the data.

    Examples
    --------
    >>> import pandas as pd
    >>> from innoscope.framework import load_framework
    >>> fw = load_framework(pd.DataFrame({
    ...     "code": ["idx", "a", "b"], "parent": [None, "idx", "idx"]}))
    >>> data = pd.DataFrame({"region": list("PQRST"), "year": 2021,
    ...                      "a": [1, 2, 3, 4, 5], "b": [5, 3, 4, 1, 2]})
    >>> res = Index().fit(data, fw)
    >>> res.index.round(1).tolist()
    [50.0, 37.5, 62.5, 37.5, 62.5]
    """

    _step = "index"
    _choices = {"missing_indicators": MISSING_POLICIES}

    def __init__(self, *, impute=None, treat=None, normalise=None, weights=None, aggregate=None,
                 tiers=None, missing_indicators: str = "error"):
        self.impute = Impute() if impute is None else impute
        self.treat = Treat() if treat is None else treat
        self.normalise = Normalise() if normalise is None else normalise
        self.weights = Weight() if weights is None else weights
        self.aggregate = Aggregate() if aggregate is None else aggregate
        self.tiers = Tier() if tiers is None else tiers
        self.missing_indicators = missing_indicators

    def fit(self, data: "Panel | pd.DataFrame | str", framework: "Framework | str",
            *, regions: str = "auto") -> IndexResult:
        """Build the index.

        Parameters
        ----------
        data : Panel, DataFrame or path
            A validated panel, a long or wide frame, or a file (read with
            :func:`innoscope.panel.read_panel`).
        framework : Framework or str
            A framework object, a shipped name (e.g. ``"caict2022"``) or a file path;
            required — the study's default framework is chosen by the caller.
        """
        self._validate()
        fw = load_framework(framework)
        panel = data if isinstance(data, Panel) else read_panel(data, fw, regions=regions)
        i_codes, i_uniq = pd.factorize(panel.data["indicator"])
        uniq = i_uniq.tolist()
        unknown = sorted(set(uniq) - set(fw.indicators))
        if unknown:
            raise PanelError([f"{panel.source}: indicator {u!r} is not in framework {fw.name}"
                              for u in unknown])
        has = np.bincount(i_codes[panel.data["value"].notna().to_numpy()], minlength=len(uniq))
        with_data = {u for u, h in zip(uniq, has.tolist()) if h}
        if not with_data:
            raise PanelError(f"{panel.source}: no values at all (is the template still empty?)")
        absent = [c for c in fw.indicators if c not in with_data]
        if absent and self.missing_indicators == "error":
            raise FrameworkError(
                [f"framework indicator {c!r} ({fw.label(c)}) has no data in {panel.source}"
                 for c in absent] + ["set [index] missing_indicators = \"drop\" to drop them"])
        fw = fw.drop(absent)
        long = panel.data[panel.data["indicator"].isin(fw.indicators).to_numpy()] if absent else panel.data
        raw = to_wide(long, fw.indicators)

        impute, treat, normalise = clone(self.impute), clone(self.treat), clone(self.normalise)
        weights, aggregate, tiers = clone(self.weights), clone(self.aggregate), clone(self.tiers)
        filled = impute.fit_transform(raw, fw)
        X = treat.fit_transform(filled, fw)
        N = normalise.fit_transform(X, fw)
        w = weights.fit(N, fw).weights_
        scores = aggregate.fit(N, fw, w).transform(N)
        tier = tiers.fit(scores[fw.root]).tiers_
        return IndexResult(
            framework=fw, scores=scores, raw=raw, treated=X, weights=w, tiers=tier,
            params=self.get_params(deep=False), dropped=fw.dropped,
            imputed=impute.changes(raw, filled), filled=filled,
            treatment=treat.changes(filled, X),
            labels=dict(panel.labels),
            provenance={"innoscope": __version__, "framework": fw.name, "data": panel.source,
                        "params": _describe(self.get_params(deep=True))},
        )


def _imputations(X: pd.DataFrame, mask: pd.DataFrame | None) -> pd.DataFrame:
    cols = ["region", "year", "indicator", "value"]
    if mask is None or mask.empty or not mask.to_numpy().any():
        return pd.DataFrame(columns=cols)
    r, c = np.nonzero(mask.to_numpy())
    idx = X.index[r]
    return pd.DataFrame({"region": idx.get_level_values("region"), "year": idx.get_level_values("year"),
                         "indicator": X.columns[c], "value": X.to_numpy()[r, c]})[cols]


def _describe(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if not isinstance(v, Estimator)}


def build_index(data, framework, **params) -> IndexResult:
    """One-shot: ``Index().set_params(**params).fit(data, framework)``."""
    return Index().set_params(**params).fit(data, framework)
