"""The indicator tree as a frozen, validated model.

A framework is a flat table: one row per node with ``code, parent, name_zh, name_en,
direction, weight`` and optional ``aggregation`` (aggregates) and ``nonnegative``
(indicators). Indicators are the leaves (level 1); an aggregate's level is one more than
its highest child. Weights are relative within their parent.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ..errors import FrameworkError

__all__ = ["Framework", "validate_table", "COLUMNS", "AGGREGATIONS"]

COLUMNS = ("code", "parent", "name_zh", "name_en", "direction", "weight")
# aggregation methods a framework row may name (those of innoscope.steps.Aggregate)
AGGREGATIONS = ("arithmetic", "geometric", "harmonic", "generalised", "topsis")
OPTIONAL = ("aggregation", "nonnegative", "unit_zh", "unit_en", "type", "note")


@dataclass(frozen=True, eq=False)
class Framework:
    """A validated indicator tree.

    Build one with :func:`innoscope.framework.load_framework`; the constructor expects a
    table that :func:`validate_table` already accepted.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per node, indexed by ``code``, with ``parent, name_zh, name_en, direction,
        weight, aggregation, nonnegative, unit_zh, unit_en, level``.
    name : str
        A label for provenance (``caict2022`` or the file it was read from).
    ignored : tuple of str
        Codes of rows read but not part of the tree (COINr ``Group``/``Denominator`` rows).
    dropped : tuple of str
        Nodes removed by :meth:`drop` (indicators absent from the data and aggregates left
        without children).

    Examples
    --------
    >>> from innoscope.framework import load_framework
    >>> fw = load_framework("caict2022")
    >>> len(fw.indicators), fw.root
    (17, 'digital_innovation')
    >>> fw.children("agglomeration")
    ('talent', 'capital', 'knowledge')
    """

    table: pd.DataFrame
    name: str = "framework"
    ignored: tuple[str, ...] = ()
    dropped: tuple[str, ...] = field(default=())

    # -- structure -------------------------------------------------------------------
    @cached_property
    def root(self) -> str:
        return str(self.table.index[self.table["parent"].isna()][0])

    @cached_property
    def _children(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {c: [] for c in self.table.index}
        for code, parent in self.table["parent"].items():
            if isinstance(parent, str):
                out[parent].append(code)
        return {k: tuple(v) for k, v in out.items()}

    def children(self, code: str) -> tuple[str, ...]:
        """Direct children of ``code`` in table order (empty for an indicator)."""
        return self._children[code]

    @cached_property
    def indicators(self) -> tuple[str, ...]:
        """Leaf codes in table order."""
        return tuple(c for c in self.table.index if not self._children[c])

    @cached_property
    def aggregates(self) -> tuple[str, ...]:
        """Non-leaf codes, lowest level first (the order in which to aggregate)."""
        agg = self.table.loc[[c for c in self.table.index if self._children[c]]]
        return tuple(agg.sort_values("level", kind="stable").index)

    @cached_property
    def codes(self) -> tuple[str, ...]:
        """All node codes: indicators first, then aggregates bottom-up."""
        return self.indicators + self.aggregates

    @property
    def levels(self) -> pd.Series:
        return self.table["level"]

    @property
    def directions(self) -> pd.Series:
        """Direction (+1/-1) of each indicator."""
        return self.table.loc[list(self.indicators), "direction"].astype(int)

    def level(self, code: str) -> int:
        return int(self.table.at[code, "level"])

    def parent(self, code: str) -> str | None:
        p = self.table.at[code, "parent"]
        return p if isinstance(p, str) else None

    def leaves_under(self, code: str) -> tuple[str, ...]:
        """All indicators below ``code`` (itself if it is an indicator)."""
        kids = self._children[code]
        if not kids:
            return (code,)
        out: list[str] = []
        for k in kids:
            out.extend(self.leaves_under(k))
        return tuple(out)

    def label(self, code: str, lang: str = "zh") -> str:
        """Display name of a node in ``lang`` (``zh`` or ``en``), falling back to the code."""
        col = "name_zh" if lang == "zh" else "name_en"
        value = self.table.at[code, col]
        return str(value) if isinstance(value, str) and value else code

    def labels(self, lang: str = "zh") -> dict[str, str]:
        return {c: self.label(c, lang) for c in self.table.index}

    @cached_property
    def effective_weights(self) -> pd.Series:
        """Weights normalised to sum to one within each parent (root gets 1)."""
        w = self.table["weight"].astype(float).copy()
        parent = self.table["parent"]
        sums = w.groupby(parent.fillna("")).transform("sum")
        out = w / sums.where(sums > 0, np.nan)
        out[parent.isna()] = 1.0
        return out

    # -- lookups -----------------------------------------------------------------------
    @cached_property
    def _aliases(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for code in self.indicators:
            row = self.table.loc[code]
            for key in (code, row["name_zh"], row["name_en"]):
                if isinstance(key, str) and key:
                    out.setdefault(_norm(key), code)
        return out

    def resolve_indicator(self, name: str) -> str | None:
        """Indicator code for a code, Chinese name or English name (None if unknown)."""
        return self._aliases.get(_norm(str(name)))

    # -- derived frameworks ------------------------------------------------------------
    def drop(self, codes) -> "Framework":
        """A framework without ``codes`` and without aggregates left childless.

        Weights of the remaining siblings stay as they were; being relative within the
        parent, they renormalise automatically.
        """
        remove = set(codes)
        if not remove:
            return self
        while True:
            keep = [c for c in self.table.index if c not in remove]
            parents_left = set(self.table.loc[keep, "parent"].dropna())
            childless = {
                c for c in keep if self._children[c] and c not in parents_left
            }
            if not childless:
                break
            remove |= childless
        if self.root in remove:
            raise FrameworkError("every indicator of the framework was dropped: nothing left to aggregate")
        table = self.table.loc[keep].copy()
        table["level"] = _levels(table)
        return Framework(table=table, name=self.name, ignored=self.ignored,
                         dropped=self.dropped + tuple(c for c in self.table.index if c in remove))

    def to_frame(self) -> pd.DataFrame:
        """The node table with ``code`` as a column and effective weights."""
        out = self.table.copy()
        out["effective_weight"] = self.effective_weights
        return out.reset_index()

    def summary(self) -> str:
        counts = self.table.groupby("level").size().sort_index()
        chain = " → ".join(str(n) for n in counts.values)
        return f"{self.name}: {chain} ({len(self.indicators)} indicators, root {self.root})"

    def __repr__(self) -> str:
        return f"Framework({self.summary()})"


def _norm(s: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", s).strip().lower()


def _levels(table: pd.DataFrame) -> pd.Series:
    children: dict[str, list[str]] = {c: [] for c in table.index}
    for code, parent in table["parent"].items():
        if isinstance(parent, str) and parent in children:
            children[parent].append(code)
    memo: dict[str, int] = {}

    def lvl(c: str) -> int:
        if c not in memo:
            kids = children[c]
            memo[c] = 1 if not kids else 1 + max(lvl(k) for k in kids)
        return memo[c]

    return pd.Series({c: lvl(c) for c in table.index}, dtype=int)


def validate_table(table: pd.DataFrame, *, source: str = "framework") -> pd.DataFrame:
    """Check a node table and return it cleaned, indexed by code, with ``level``.

    Every problem is collected and reported together as a :class:`FrameworkError`:
    missing columns, duplicate codes, unknown parents, cycles, several or no roots,
    aggregates without children, bad directions and negative or non-numeric weights.
    """
    problems: list[str] = []
    missing = [c for c in ("code", "parent") if c not in table.columns]
    if missing:
        raise FrameworkError(f"{source}: missing column(s) {', '.join(missing)}")
    if len(table) == 0:
        raise FrameworkError(f"{source}: no nodes (a header row only)")
    t = table.copy()
    for col in ("name_zh", "name_en"):
        if col not in t.columns:
            t[col] = None
    if "direction" not in t.columns:
        t["direction"] = 1
    if "weight" not in t.columns:
        t["weight"] = 1.0
    for col in OPTIONAL:
        if col not in t.columns:
            t[col] = None
    t["code"] = t["code"].map(lambda v: str(v).strip() if _present(v) else None)
    t["parent"] = t["parent"].map(lambda v: str(v).strip() if _present(v) else None)
    for i, code in t["code"].items():
        if not isinstance(code, str):
            problems.append(f"{source}: row {i + 2}: empty code")
    t = t[t["code"].map(lambda v: isinstance(v, str))]
    dup = t["code"][t["code"].duplicated()].unique()
    for code in dup:
        problems.append(f"{source}: duplicate code {code!r}")
    t = t.drop_duplicates("code")
    codes = set(t["code"])
    for code, parent in zip(t["code"], t["parent"]):
        if isinstance(parent, str) and parent not in codes:
            problems.append(f"{source}: node {code!r} has unknown parent {parent!r}")
    roots = list(t.loc[t["parent"].isna(), "code"])
    if len(roots) > 1:
        problems.append(f"{source}: several roots ({', '.join(roots)}); a framework has one root")
    elif not roots:
        problems.append(f"{source}: no root (every node has a parent)")
    parent_of = {c: (p if isinstance(p, str) else None) for c, p in zip(t["code"], t["parent"])}
    in_cycle: set[str] = set()
    for code in parent_of:
        seen: list[str] = []
        cur: str | None = code
        while cur is not None and cur in parent_of and cur not in seen:
            seen.append(cur)
            cur = parent_of[cur]
        if cur is not None and cur in seen:
            cycle = tuple(seen[seen.index(cur):])
            key = frozenset(cycle)
            if not key & in_cycle:
                problems.append(f"{source}: cycle {' → '.join(cycle + (cur,))}")
                in_cycle |= key
    has_children = {p for p in t["parent"] if isinstance(p, str)}
    levels = pd.to_numeric(t["level"], errors="coerce") if "level" in t.columns else None
    ignored_agg = []
    for i, (code, typ, agg) in enumerate(zip(t["code"], t["type"], t["aggregation"])):
        lvl = levels.iloc[i] if levels is not None else np.nan
        declared = (_present(typ) and str(typ).lower() == "aggregate") or (pd.notna(lvl) and lvl > 1)
        if code not in has_children:
            if declared:
                problems.append(f"{source}: aggregate {code!r} has no children")
            elif _present(agg):
                ignored_agg.append(code)
        elif pd.notna(lvl) and lvl == 1:
            problems.append(f"{source}: node {code!r} has children but level 1 (an indicator)")
        if _present(agg) and code in has_children and str(agg).strip() not in AGGREGATIONS:
            import difflib

            close = difflib.get_close_matches(str(agg).strip(), AGGREGATIONS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"use one of {', '.join(AGGREGATIONS)}"
            problems.append(f"{source}: node {code!r}: unknown aggregation {agg!r} ({hint})")
    if ignored_agg:
        shown = ", ".join(ignored_agg[:5]) + (f" and {len(ignored_agg) - 5} more" if len(ignored_agg) > 5 else "")
        warnings.warn(f"{source}: aggregation ignored on {len(ignored_agg)} indicator row(s) "
                      f"({shown}): an indicator (a node without children) is not aggregated",
                      UserWarning, stacklevel=3)
        t.loc[t["code"].isin(ignored_agg), "aggregation"] = None
    weights = pd.to_numeric(t["weight"], errors="coerce")
    for code, raw, w in zip(t["code"], t["weight"], weights):
        if _present(raw) and pd.isna(w):
            problems.append(f"{source}: node {code!r}: weight {raw!r} is not a number")
        elif pd.notna(w) and (w < 0 or not np.isfinite(w)):
            problems.append(f"{source}: node {code!r}: negative or infinite weight {w}")
    t["weight"] = weights.fillna(1.0)
    if not problems:
        sums = t.groupby(t["parent"].fillna(""))["weight"].sum()
        for parent, total in sums.items():
            if parent and total == 0:
                kids = ", ".join(t.loc[t["parent"] == parent, "code"])
                problems.append(f"{source}: node {parent!r}: the weights of its children ({kids}) "
                                "sum to 0; give at least one a positive weight")
    directions = pd.to_numeric(t["direction"], errors="coerce")
    for code, raw, d in zip(t["code"], t["direction"], directions):
        if _present(raw) and d not in (1, -1):
            problems.append(f"{source}: node {code!r}: direction must be 1 or -1, found {raw!r}")
    t["direction"] = directions.where(directions.isin([1, -1]), 1).astype(int)
    t["nonnegative"] = t["nonnegative"].map(_truthy)
    if problems:
        raise FrameworkError(problems)
    t = t.set_index("code")
    t.index.name = "code"
    t["level"] = _levels(t)
    cols = ["parent", "name_zh", "name_en", "direction", "weight", "aggregation",
            "nonnegative", "unit_zh", "unit_en", "level"]
    return t[cols]


def _present(v) -> bool:
    if v is None:
        return False
    if isinstance(v, float) and np.isnan(v):
        return False
    return str(v).strip() != ""


def _truthy(v) -> bool:
    if not _present(v):
        return False
    return str(v).strip().lower() in ("1", "true", "yes", "y", "t")
