"""The reproduction table: each checkable claim of a study against innoscope's result.

A study lists its claims as data (``claims.toml``); each names a ``kind`` of check below
and its parameters. Every ``innoscope_value`` is computed from the evaluation result.
Status is ``match``, ``differs`` or ``not reproducible`` (the data needed are missing).

A claim must be able to come out ``differs`` on other data: a claim that only restates the
configuration or the study's own groups (:func:`cannot_fail`) is an error of the study.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..errors import ConfigError

__all__ = ["reproduction_table", "claim_problems", "cannot_fail", "COLUMNS", "KINDS"]

COLUMNS = ["claim_id", "claim", "seed_value", "innoscope_value", "status", "reason"]
TOL = 1e-9


class _Missing(Exception):
    """The data a claim needs are missing: the claim is not reproducible."""


@dataclass(frozen=True)
class _Ctx:
    ev: object  # EvaluationResult

    @property
    def year(self) -> int:
        return self.ev.year

    @cached_property
    def _names(self) -> dict[str, str]:
        return self.ev.region_names("zh")

    def name(self, code: str) -> str:
        return self._names.get(code) or _registry_name(code)

    def names(self, codes) -> str:
        return "、".join(self.name(c) for c in codes) if len(codes) else "—"

    def ranks(self) -> pd.Series:
        return self.ev.index.ranks[self.ev.index.root].xs(self.year, level="year")

    def group(self, gid: str) -> list[str]:
        """Members of innoscope's ``upper``/``tier1``/``tier2`` (best first) or of a study group."""
        if gid in ("upper", "tier1", "tier2"):
            tiers = self.ev.index.tiers.xs(self.year, level="year").dropna().astype(int)
            order = [c for c in self.ranks().sort_values(kind="stable").index if c in tiers.index]
            return order if gid == "upper" else [c for c in order if tiers[c] == int(gid[-1])]
        return list(self.ev.study.group(gid).members)

    def growth(self, indicator: str, regions) -> pd.Series:
        g = self.ev.growth
        if g.empty:
            raise _Missing("no growth table (the growth stage was not run or lacks data)")
        s = g[g["indicator"] == indicator].set_index("region")["growth"].reindex(list(regions))
        if s.isna().any():
            raise _Missing(f"{indicator} growth missing for {self.names(list(s.index[s.isna()]))}")
        return s

    def value(self, indicator: str) -> pd.Series:
        d = self.ev.values
        s = d[(d["indicator"] == indicator) & (d["year"] == self.year)].set_index("region")["value"]
        if s.dropna().empty:
            raise _Missing(f"no {indicator} data for {self.year}")
        return s.dropna()

    @property
    def index_reason(self) -> str:
        cov = self.ev.coverage
        used = cov[cov["used"]]
        proxies = used[used["status"] == "proxy"]["indicator"].tolist()
        missing = cov[~cov["used"]]["indicator"].tolist()
        return (f"index built on {len(used)} of {len(cov)} indicators; proxies: "
                f"{', '.join(proxies) or 'none'}; missing or under-covered: {', '.join(missing) or 'none'}")


def _registry_name(code: str) -> str:
    from ..regions import display_name

    return display_name(code)


def _pct(x) -> str:
    return "" if x is None or pd.isna(x) else f"{100 * x:.1f}%"


def _verdict(ok: bool) -> str:
    return "match" if ok else "differs"


def _in_band(g: pd.Series, c: dict) -> pd.Series:
    ok = pd.Series(True, index=g.index)
    if "min" in c:
        ok &= g >= c["min"]
    if "max" in c:
        ok &= g <= c["max"]
    if "below" in c:
        ok &= g < c["below"]
    return ok


# Each check returns (seed_value, innoscope_value, ok, reason_if_differs[, note_shown_always]).
def _group_size(ctx, c):
    n = len(ctx.group(c["group"]))
    return str(c["expected"]), str(n), n == c["expected"], c.get("reason", "")


def _members(ctx, c):
    got, want = ctx.group(c["group"]), ctx.group(c["expected_group"])
    extra, lack = sorted(set(got) - set(want)), sorted(set(want) - set(got))
    reason = f"innoscope also has {ctx.names(extra)}; lacks {ctx.names(lack)}. {ctx.index_reason}"
    return ctx.names(want), ctx.names(got), set(got) == set(want), reason


def _rank(ctx, c):
    r = ctx.ranks().get(c["region"])
    if r is None or pd.isna(r):
        raise _Missing(f"{ctx.name(c['region'])} has no index score")
    return str(c["expected"]), str(int(r)), int(r) == c["expected"], ctx.index_reason


def _efficiency(ctx, c):
    eff = ctx.ev.efficiency
    if eff.empty:
        raise _Missing("no DEA efficiency: inputs or outputs missing for the evaluated year")
    high = ctx.ev.config.evaluate.efficiency_high
    tests: dict[str, tuple[Callable[[float], bool], str]] = {
        "efficient": (lambda v: v >= 1 - TOL, "= 1"),
        "high": (lambda v: v >= high, f"≥ {high}"),
        "below_frontier": (lambda v: v < 1 - TOL, "< 1"),
    }
    test, rule = tests[c["test"]]
    e = eff.set_index("region").reindex(c["regions"])
    vals = e["efficiency"]
    if vals.isna().any():
        raise _Missing("efficiency missing for some regions")
    shown = "；".join(f"{ctx.name(r)} {v:.3f}" for r, v in vals.items())
    good = [r for r, v in vals.items() if test(v)]
    reason = (f"{len(good)} of {len(vals)} meet {rule}; outputs use proxies "
              f"({', '.join(ctx.ev.proxy_outputs) or 'none'})")
    # a region efficient only because it holds an extreme input or output says so, match or not
    extreme = [r for r in vals.index if bool(e.at[r, "extreme"]) is True]
    note = (f"efficient by construction (an extreme input or output): {', '.join(extreme)}"
            if extreme else "")
    return rule, shown, len(good) == len(vals), "; ".join(p for p in (reason, note) if p), note


def _growth(ctx, c):
    g = ctx.growth(c["indicator"], [c["region"]]).iloc[0]
    return f"{c['expected']}%", _pct(g), round(100 * g, 1) == c["expected"], c.get("reason", "")


def _growth_count(ctx, c):
    members = ctx.group(c["group"])
    g = ctx.growth(c["indicator"], members)
    ok = _in_band(g, c)
    hits = [r for r in members if ok[r]]
    shown = f"{len(hits)}（{ctx.names(hits)}）" if c.get("list") else str(len(hits))
    others = ctx.names([r for r in members if not ok[r]])
    return str(c["expected"]), shown, len(hits) == c["expected"], c.get("reason", "").format(others=others)


def _growth_all(ctx, c):
    g = ctx.growth(c["indicator"], c["regions"])
    shown = "；".join(f"{ctx.name(r)} {_pct(v)}" for r, v in g.items())
    return "", shown, bool(_in_band(g, c).all()), c.get("reason", "")


def _growth_median_below(ctx, c):
    members = ctx.group(c["group"])
    med = [float(np.median(ctx.growth(i, members))) for i in [c["indicator"], *c["others"]]]
    labels = [c["label"], *c["other_labels"]]
    shown = "；".join(f"{lab} {_pct(m)}" for lab, m in zip(labels, med))
    return "", shown, med[0] < min(med[1:]), ""


def _cv_trend(ctx, c):
    d = ctx.ev.dispersion
    if d.empty:
        raise _Missing("no dispersion table")
    cv = d[(d["indicator"] == c["indicator"]) & (d["group"] == c["group"])].set_index("year")["cv"]
    yf, yt = ctx.ev.config.evaluate.growth_from, ctx.ev.config.evaluate.growth_to
    if not {yf, yt} <= set(cv.dropna().index):
        raise _Missing(f"coefficient of variation of {c['indicator']} missing for {yf} or {yt}")
    up = cv[yt] > cv[yf]
    ok = up if c.get("direction", "up") == "up" else not up
    return "", f"{cv[yf]:.4f} → {cv[yt]:.4f}", ok, f"population SD (ddof={ctx.ev.config.evaluate.ddof})"


def _level(ctx, c):
    v = ctx.value(c["indicator"]).get(c["region"], np.nan)
    if pd.isna(v):
        raise _Missing(f"no {c['indicator']} value for {ctx.name(c['region'])} in {ctx.year}")
    x = v / c.get("scale", 1)
    digits = c.get("digits", 0)
    shown = f"{x:.{c.get('shown_digits', digits)}f}{c.get('unit', '')}"
    ok = round(x, digits) == c["expected"]
    return f"{c['expected']}{c.get('unit', '')}", shown, ok, c.get("reason", "")


def _top(ctx, c):
    v = ctx.value(c["indicator"])
    top = list(v.rank(ascending=False, method="min").sort_values(kind="stable").index[:len(c["expected"])])
    return ctx.names(c["expected"]), ctx.names(top), top == list(c["expected"]), ""


def _share_below(ctx, c):
    v = ctx.value(c["indicator"])
    k = int((v < c["below"]).sum())
    return f"> {len(v) / 2:g}", f"{k} of {len(v)}", k > len(v) / 2, ""


KINDS: dict[str, Callable] = {
    "group_size": _group_size, "members": _members, "rank": _rank, "efficiency": _efficiency,
    "growth": _growth, "growth_count": _growth_count, "growth_all": _growth_all,
    "growth_median_below": _growth_median_below, "cv_trend": _cv_trend, "level": _level,
    "top": _top, "share_below": _share_below,
}


_INNOSCOPE_GROUPS = ("upper", "tier1", "tier2")
_BANDED = ("growth_count", "growth_all")


def cannot_fail(claim: dict, config) -> str:
    """Why ``claim`` holds whatever the data ("" when it can fail).

    A group of the study has fixed members, and the median rule with a fixed ``[tiers]
    size`` (ties ``min`` or ``max``) fixes the size of ``upper``; a growth band without
    ``min``, ``max`` or ``below`` holds every value.

    Examples
    --------
    >>> from innoscope.config import load_config
    >>> cfg = load_config(tiers={"rule": "median", "size": 17})
    >>> cannot_fail({"kind": "group_size", "group": "upper", "expected": 17}, cfg)
    'the size of group upper is fixed by [tiers] size = 17'
    >>> cannot_fail({"kind": "members", "group": "upper", "expected_group": "seed17"}, cfg)
    ''
    """
    kind = claim.get("kind")
    if kind == "group_size":
        g = claim.get("group")
        t = config.tiers
        if g not in _INNOSCOPE_GROUPS:
            return f"the members of study group {g} are fixed in study.toml"
        if g == "upper" and t.rule == "median" and t.size is not None and t.tie in ("min", "max"):
            return f"the size of group upper is fixed by [tiers] size = {t.size}"
    if kind == "members":
        g, e = claim.get("group"), claim.get("expected_group")
        if g == e:
            return f"group {g} is compared with itself"
        if g not in _INNOSCOPE_GROUPS and e not in _INNOSCOPE_GROUPS:
            return f"study groups {g} and {e} are both fixed in study.toml"
    if kind in _BANDED and not any(k in claim for k in ("min", "max", "below")):
        return "no band: give min, max or below"
    return ""


def claim_problems(claims, config) -> list[str]:
    """One line per claim of unknown kind or that cannot fail (see :func:`cannot_fail`)."""
    out = [f"claim {c['id']!r}: unknown kind {c['kind']!r} (kinds: {', '.join(KINDS)})"
           for c in claims if c["kind"] not in KINDS]
    out += [f"claim {c['id']!r} ({c['kind']}): cannot fail: {why}"
            for c in claims if c["kind"] in KINDS and (why := cannot_fail(c, config))]
    return out


def reproduction_table(ev) -> pd.DataFrame:
    """Check each of the study's claims against the evaluation result.

    Raises
    ------
    ConfigError
        A claim of unknown kind, lacking a parameter, or that cannot fail (one line each).
    """
    ctx = _Ctx(ev)
    cfg = ev.config.evaluate
    words = {"year": ev.year, "year_from": cfg.growth_from, "year_to": cfg.growth_to,
             "efficiency_high": cfg.efficiency_high}
    problems = claim_problems(ev.study.claims, ev.config)
    if problems:
        raise ConfigError(problems)
    rows = []
    for c in ev.study.claims:
        text = str(c["claim"]).format(**words)
        seed_given = str(c["seed"]).format(**words) if "seed" in c else None
        try:
            seed, got, ok, reason, *note = KINDS[c["kind"]](ctx, c)
        except _Missing as exc:
            rows.append((c["id"], text, seed_given or "", "", "not reproducible", str(exc)))
            continue
        except KeyError as exc:
            raise ConfigError(f"claim {c['id']!r} ({c['kind']}): lacks parameter {exc.args[0]!r}") from None
        rows.append((c["id"], text, seed_given or seed, got, _verdict(ok), "".join(note) if ok else reason))
    return pd.DataFrame(rows, columns=COLUMNS)
