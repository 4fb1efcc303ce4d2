"""Raw patent records → digital-invention applications per region × year, written once as Ibis
expressions and run on DuckDB (embedded) or PySpark.

Every lookup works on distinct values (dates, types, IPC strings, regions), which are few
compared with the records; the records themselves are scanned by joins and one aggregation.
"""
from __future__ import annotations

import itertools
import os
import tempfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pandas as pd

from ..errors import ConfigError, PanelError
from ._ipc import CLEAN_RE, COMPACT_RE, FIXED_RE, Concordance, load_concordance

__all__ = ["PatentCounts", "count_patents", "COLUMNS", "INDICATOR", "TYPE_LABELS"]

COLUMNS = ("id", "application_date", "patent_type", "applicant", "region", "ipc")
INDICATOR = "digital_invention_applications"
#: Accepted patent-type labels (compared after trimming and lower-casing).
TYPE_LABELS = {
    "invention": ("invention", "发明", "发明专利", "发明申请"),
    "utility": ("utility", "utility model", "utility_model", "实用新型", "实用新型专利"),
    "design": ("design", "外观设计", "外观设计专利"),
}
LEVELS = ("province", "city")
COUNTING = ("first", "fractional")
ENGINES = ("duckdb", "spark")
_SEP = "[;；]"
_D = r"(0?[1-9]|1[0-2])"
_DD = r"(0?[1-9]|[12][0-9]|3[01])"
#: ISO ``2021-03-05``, ``2021/3/5``, ``2021.03.05``, ``2021年3月5日``, ``20210305``, with an optional time.
DATE_RE = (rf"^((19|20)[0-9]{{2}})(-{_D}-{_DD}|/{_D}/{_DD}|\.{_D}\.{_DD}|年{_D}月{_DD}日?"
           r"|(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01]))([ T][0-9:.+-]*)?$")
_TOP = 5
_ENGINE_MODULES = ("duckdb", "_duckdb", "pyspark", "py4j", "ibis")
_names = itertools.count()


@dataclass(frozen=True)
class PatentCounts:
    """Result of :func:`count_patents`.

    Attributes
    ----------
    panel : pandas.DataFrame
        ``region, year, indicator, value``, sorted by region and year.
    quality : pandas.DataFrame
        ``issue, rows, share, examples``: one row per problem kind (rows affected, share of all
        records, the most frequent offending values with their counts) and the totals.
    n_records, n_counted : int
        Records read; digital invention records counted.
    unusable_share : float
        Records that could not be counted for a data problem (unknown type; or an invention
        with a bad date, no readable IPC code, or no resolvable region), over all records.
    params : dict
        Parameters, concordance, engine and innoscope version.
    """

    panel: pd.DataFrame
    quality: pd.DataFrame
    n_records: int
    n_counted: float
    unusable_share: float
    params: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.panel.copy()

    def summary(self) -> str:
        q = self.quality.set_index("issue")
        unresolved = q.at["unresolved_region", "share"] if "unresolved_region" in q.index else 0.0
        return (f"{self.n_records} records, {self.n_counted:g} digital invention applications counted "
                f"into {len(self.panel)} region-years; unusable {self.unusable_share:.2%}, "
                f"unresolved regions {unresolved:.2%}")


# ---------------------------------------------------------------------------- engines
def _connect(engine: str, spark_master: str | None):
    import ibis

    if engine == "duckdb":
        con = ibis.duckdb.connect()
        con.raw_sql("SET enable_progress_bar = false")
        return con
    if engine != "spark":
        raise ConfigError(f"--engine {engine}: use {' or '.join(ENGINES)}")
    from ._java import require_java

    require_java()
    import sys

    from pyspark.sql import SparkSession

    # Python workers of a local session run this interpreter (the one with innoscope installed)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    builder = (SparkSession.builder.master(spark_master or "local[2]").appName("innoscope-micro")
               .config("spark.sql.shuffle.partitions", "2").config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.driver.extraJavaOptions", "-Dlog4j2.level=ERROR"))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session)


def _utf8_copy(path: Path) -> tuple[Path, bool]:
    """``path`` itself if it is UTF-8, else a UTF-8 temp copy of its GB18030 text (the engines
    read only UTF-8). The user's file is never changed."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    is_utf8 = True
    with open(path, "rb") as fh:
        try:
            for block in iter(lambda: fh.read(1 << 24), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    if is_utf8:
        return path, False
    fd, name = tempfile.mkstemp(prefix="innoscope-", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out, \
            open(path, encoding="gb18030", errors="strict", newline="") as src:
        try:
            for chunk in iter(lambda: src.read(1 << 22), ""):
                out.write(chunk)
        except UnicodeDecodeError as exc:
            Path(name).unlink(missing_ok=True)
            raise PanelError(f"{path}: not UTF-8 or GBK/GB18030 text ({exc})") from None
    return Path(name), True


def _read(con, engine: str, path: Path):
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        t = con.read_parquet(str(path))
    elif suffix in (".csv", ".txt"):
        if engine == "duckdb":
            t = con.read_csv(str(path), all_varchar=True, header=True)
        else:
            t = con.read_csv(str(path), header=True, inferSchema=False)
    else:
        raise PanelError(f"{path}: records must be CSV or Parquet, not {suffix or 'a file without suffix'}")
    missing = [c for c in COLUMNS if c not in t.columns]
    if missing:
        raise PanelError(f"{path}: missing column(s) {', '.join(missing)} (records need "
                         f"{', '.join(COLUMNS)})")
    return t.select(**{c: t[c].cast("string") for c in COLUMNS})


# ---------------------------------------------------------------------------- lookups
def _trim(col):
    """Blanks removed at both ends (a regex: Spark's trim takes ``\\f`` in its literal as ``f``)."""
    return col.re_replace(r"^\s+|\s+$", "")


def _date_lookup(t, keep):
    d = t.group_by("application_date").aggregate(n=t.count())
    s = _trim(d.application_date)
    ok = s.re_search(DATE_RE).fill_null(False)
    return keep(d.mutate(year=ok.ifelse(s.substr(0, 4).cast("int32"), None)))


def _ipc_lookup(t, concordance: Concordance, keep, small):
    import ibis

    counts = t.group_by("ipc").aggregate(n=t.count())
    split = counts.mutate(code=counts.ipc.re_replace(_SEP, ";").split(";")).unnest("code")
    c = split.code.upper().re_replace(CLEAN_RE, "")
    split = split.mutate(c=c).filter(ibis._.c != "")
    g4 = split.c.re_extract(COMPACT_RE, 4)
    compact = (split.c.re_extract(COMPACT_RE, 1) + split.c.re_extract(COMPACT_RE, 2).lpad(4, "0")
               + ibis.coalesce(g4.nullif(""), "00").rpad(6, "0"))
    canon = (split.c.re_search(FIXED_RE).fill_null(False).ifelse(
        split.c, split.c.re_search(COMPACT_RE).fill_null(False).ifelse(compact, None)))
    codes = keep(split.mutate(canon=canon).select("ipc", "n", "code", "canon"))
    digital = _classify(codes.select("canon").filter(codes.canon.notnull()).distinct(), concordance, small)
    cl = codes.left_join(digital, codes.canon == digital.dcanon)
    per = cl.group_by("ipc").aggregate(
        n_valid=cl.canon.notnull().cast("int64").sum(),
        n_bad=cl.canon.isnull().cast("int64").sum(),
        n_digital=cl.dcanon.notnull().cast("int64").sum())
    lookup = keep(counts.left_join(per, "ipc").select(
        "ipc", "n", n_valid=ibis.coalesce(ibis._.n_valid, 0), n_bad=ibis.coalesce(ibis._.n_bad, 0),
        digital=ibis.coalesce(ibis._.n_digital, 0) > 0))
    bad_codes = codes.filter(codes.canon.isnull()).group_by("code").aggregate(rows=codes.n.sum())
    return lookup, bad_codes


def _classify(distinct_codes, concordance: Concordance, small):
    """Distinct canonical codes that match an including entry of some (scheme, category, rule)
    and no exclusion of the same rule; one column ``dcanon``."""
    import ibis

    pat = concordance.table[["pattern", "scheme", "category_code", "rule", "exclude"]].drop_duplicates()
    lengths = sorted({len(p) for p in pat["pattern"]})
    patterns = small(pat.reset_index(drop=True))
    # every prefix of a code whose length some pattern has, then one equality join
    keyed = distinct_codes.mutate(k=ibis.array([distinct_codes.canon.substr(0, n) for n in lengths])).unnest("k")
    hits = keyed.join(patterns, keyed.k == patterns.pattern).select("canon", "scheme", "category_code", "rule",
                                                                    "exclude")
    inc = hits.filter(~hits.exclude).select("canon", "scheme", "category_code", "rule")
    exc = hits.filter(hits.exclude).select("canon", "scheme", "category_code", "rule")
    kept = inc.anti_join(exc, ["canon", "scheme", "category_code", "rule"])
    return kept.select(dcanon=kept.canon).distinct()


def _resolve_regions(regions, level: str, counting: str) -> pd.DataFrame:
    """One row per (region text, resolved code): ``region, rcode, parts, why`` — ``rcode`` empty
    and ``why`` the reason where a part cannot be resolved (see :mod:`._places`)."""
    from ._places import place_resolver

    resolver = place_resolver(level)
    memo: dict[str, tuple[str | None, str]] = {}
    rows = []
    for raw in regions:
        text = "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw)
        parts = _split(text) or [""]
        if counting == "first":
            parts = parts[:1]
        for p in parts:
            if p not in memo:
                memo[p] = resolver.resolve(p)
            code, why = memo[p]
            rows.append({"region": raw, "part": p, "rcode": code or "", "parts": len(parts), "why": why})
    return pd.DataFrame(rows, columns=["region", "part", "rcode", "parts", "why"])


def _split(text: str) -> list[str]:
    import re

    return [p.strip() for p in re.split(_SEP, text) if p.strip()]


# ---------------------------------------------------------------------------- main
def count_patents(records: "str | Path", *, concordance: "str | Path | Concordance" = "cnipa_kdt_2023",
                  engine: str = "duckdb", level: str = "province", counting: str = "first",
                  indicator: str = INDICATOR, max_unusable_share: float = 0.05,
                  spark_master: str | None = None) -> PatentCounts:
    """Count digital invention applications per region × application year.

    Parameters
    ----------
    records : path
        CSV (UTF-8 or GBK/GB18030) or Parquet with columns ``id, application_date, patent_type,
        applicant, region, ipc`` (``ipc``: codes separated by ``;``; ``region``: a division code
        or a Chinese address, ``;``-separated per applicant for fractional counting).
    concordance : str, path or Concordance
        A shipped name (``cnipa_kdt_2023``, ``cnipa_sei_2021``, ``cset_ai_2020``,
        ``oecd_ict_2017_approx``) or a CSV of the same columns.
    engine : {"duckdb", "spark"}
        The same Ibis expressions on embedded DuckDB or on PySpark (``spark_master``, default
        ``local[2]``).
    level : {"province", "city"}
        Province codes, or prefecture-level city codes (municipalities keep their province code).
    counting : {"first", "fractional"}
        Whole count to the first applicant's region, or ``1/n`` to each of the ``n`` regions.
    indicator : str
        Indicator code written in the panel.
    max_unusable_share : float
        Raise :class:`PanelError` when a larger share of records cannot be counted.

    Missing values: a record with an unreadable date, type, IPC string or region is never
    dropped silently: it is counted in ``quality`` and in ``unusable_share``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = p.write_text("id,application_date,patent_type,applicant,region,ipc\\n"
    ...                  "1,2021-03-05,发明,甲,广东省深圳市南山区,G06F 3/01;A61K 9/00\\n"
    ...                  "2,2021-07-01,invention,乙,440300,G06N3/08\\n"
    ...                  "3,2020-01-02,实用新型,丙,北京市海淀区,G06F3/01\\n", encoding="utf-8")
    >>> count_patents(p, level="city").panel
       region  year                       indicator  value
    0  440300  2021  digital_invention_applications      2
    """
    if level not in LEVELS:
        raise ConfigError(f"--level {level}: use {' or '.join(LEVELS)}")
    if counting not in COUNTING:
        raise ConfigError(f"--counting {counting}: use {' or '.join(COUNTING)}")
    if engine not in ENGINES:
        raise ConfigError(f"--engine {engine}: use {' or '.join(ENGINES)}")
    if not 0 <= max_unusable_share <= 1:
        raise ConfigError(f"max_unusable_share must be between 0 and 1, got {max_unusable_share}")
    conc = concordance if isinstance(concordance, Concordance) else load_concordance(concordance)
    path = Path(records)
    if not path.exists():
        raise PanelError(f"{path}: no such file")
    src, temp = (path, False) if path.suffix.lower() in (".parquet", ".pq") else _utf8_copy(path)
    try:
        con = _connect(engine, spark_master)
        try:
            t = _read(con, engine, src)
            return _run(con, t, conc, path, engine, level, counting, indicator, max_unusable_share)
        except Exception as exc:  # an engine's own error (unreadable CSV, …) becomes one line
            if isinstance(exc, PanelError) or type(exc).__module__.split(".")[0] not in _ENGINE_MODULES:
                raise
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise PanelError(f"{path}: the {engine} engine cannot read these records: {first}") from None
    finally:
        if temp:
            src.unlink(missing_ok=True)


def _run(con, t, conc, path, engine, level, counting, indicator, max_unusable_share) -> PatentCounts:
    import ibis

    from .. import __version__

    inv_labels = {s.lower() for s in TYPE_LABELS["invention"]}
    all_labels = {s.lower() for v in TYPE_LABELS.values() for s in v}
    def keep(expr):
        return expr.cache()

    def small(frame: pd.DataFrame):
        """A small pandas table as an engine table (Spark's cache() does not see ibis memtables)."""
        if engine == "duckdb":
            return ibis.memtable(frame)
        name = f"innoscope_small_{next(_names)}"
        session.createDataFrame(frame).createOrReplaceTempView(name)
        return con.table(name)

    session = getattr(con, "_session", None)
    dates = _date_lookup(t, keep)
    ipcs, bad_codes = _ipc_lookup(t, conc, keep, small)
    # one pass over the records: everything else is read from this (small) aggregate
    j = (t.left_join(dates.select("application_date", "year"), "application_date")
         .left_join(ipcs.select("ipc", "n_valid", "digital"), "ipc"))
    j = j.select("patent_type", "region", "year", ok_ipc=ibis.coalesce(j.n_valid, 0) > 0,
                 digital=ibis.coalesce(j.digital, False))
    agg = j.group_by(["patent_type", "region", "year", "ok_ipc", "digital"]).aggregate(k=j.count()).to_pandas()
    agg["k"] = agg["k"].astype("int64")
    # types are read here, on the few distinct values, not per record
    agg["ptype"] = agg["patent_type"].astype(object).map(lambda v: "" if v is None or v != v else str(v).strip().lower())
    n_records = int(agg["k"].sum())
    if n_records == 0:
        raise PanelError(f"{path}: no records")
    agg["year"] = agg["year"].astype("Int64")
    agg["region"] = agg["region"].astype(object).where(agg["region"].notna(), None)
    resolved = _resolve_regions(pd.unique(agg["region"].astype(object)), level, counting)
    has_code = resolved[resolved["rcode"] != ""]
    ok_regions = set(has_code["region"])
    key = agg["region"].map(lambda r: r in ok_regions)
    agg["region_ok"] = key.astype(bool)
    agg["invention"] = agg["ptype"].isin(inv_labels)
    agg["known_type"] = agg["ptype"].isin(all_labels)
    agg["usable"] = agg["year"].notna() & agg["ok_ipc"] & agg["region_ok"]

    # -------- panel (exact arithmetic for fractional shares, identical on every engine)
    counted = agg[agg["invention"] & agg["usable"] & agg["digital"]]
    cw = counted.merge(has_code[["region", "rcode", "parts"]], on="region", how="inner")
    totals: dict[tuple[str, int], Fraction] = {}
    for code, year, k, n in zip(cw["rcode"], cw["year"], cw["k"], cw["parts"]):
        totals[(code, int(year))] = totals.get((code, int(year)), Fraction(0)) + Fraction(int(k), int(n))
    rows = [{"region": c, "year": y, "indicator": indicator,
             "value": int(v) if counting == "first" else float(v)} for (c, y), v in sorted(totals.items())]
    panel = pd.DataFrame(rows, columns=["region", "year", "indicator", "value"])
    n_counted = float(sum(totals.values(), Fraction(0)))

    # -------- quality
    def share(n):
        return n / n_records

    def examples(pairs) -> str:
        pairs = sorted(((str(v), int(n)) for v, n in pairs), key=lambda x: (-x[1], x[0]))[:_TOP]
        return "; ".join(f"{v!r} ×{n}" for v, n in pairs)

    quality = []
    unknown = agg[~agg["known_type"]].groupby("ptype", dropna=False)["k"].sum()
    n_unknown = int(unknown.sum())
    quality.append(("unknown_patent_type", n_unknown, examples(unknown.items())))
    bad_dates = dates.filter(dates.year.isnull())
    dq = bad_dates.order_by([ibis.desc("n"), "application_date"]).limit(_TOP).to_pandas()
    n_bad_dates = int(agg.loc[agg["year"].isna(), "k"].sum())
    quality.append(("bad_date", n_bad_dates, examples(zip(dq["application_date"], dq["n"]))))
    top_bad = bad_codes.order_by([ibis.desc("rows"), "code"]).limit(_TOP).to_pandas()
    iq = ipcs.aggregate(some_bad=(ipcs.n_bad > 0).ifelse(ipcs.n, 0).sum()).to_pandas()
    no_code = ipcs.filter(ipcs.n_valid == 0).order_by([ibis.desc("n"), "ipc"]).limit(_TOP).to_pandas()
    quality.append(("no_valid_ipc", int(agg.loc[~agg["ok_ipc"], "k"].sum()),
                    examples(zip(no_code["ipc"], no_code["n"]))))
    quality.append(("malformed_ipc_code", int(iq["some_bad"].iloc[0] or 0),
                    examples(zip(top_bad["code"], top_bad["rows"]))))
    per_region = agg.groupby("region", dropna=False)["k"].sum()
    bad_parts = resolved[resolved["rcode"] == ""]
    why = {}
    for r, part, reason in zip(bad_parts["region"], bad_parts["part"], bad_parts["why"]):
        label = f"{part} ({reason})"
        why[label] = why.get(label, 0) + int(per_region.get(r, 0)) if r is not None else why.get(label, 0) + int(
            agg.loc[agg["region"].isna(), "k"].sum())
    n_unres = int(agg.loc[~agg["region_ok"], "k"].sum())
    quality.append(("unresolved_region", n_unres, examples(why.items())))
    if counting == "fractional":
        partly = set(bad_parts["region"]) & ok_regions
        quality.append(("region_part_unresolved", int(agg.loc[agg["region"].isin(partly), "k"].sum()),
                        examples((r, per_region.get(r, 0)) for r in partly)))
    n_unusable = n_unknown + int(agg.loc[agg["invention"] & ~agg["usable"], "k"].sum())
    unusable = share(n_unusable)
    quality.append(("unusable_total", n_unusable,
                    "unknown type, or an invention with a bad date, no valid IPC code or no region"))
    quality.append(("invention_records", int(agg.loc[agg["invention"], "k"].sum()), ""))
    quality.append(("counted_digital_inventions", int(n_counted) if counting == "first" else n_counted,
                    f"counting={counting}, level={level}"))
    quality.append(("records", n_records, str(path)))
    qf = pd.DataFrame([{"issue": i, "rows": n, "share": share(n), "examples": e} for i, n, e in quality])
    params = {"records": str(path), "concordance": conc.name, "schemes": ";".join(conc.schemes),
              "engine": engine, "level": level, "counting": counting, "indicator": indicator,
              "max_unusable_share": max_unusable_share, "innoscope": __version__}
    result = PatentCounts(panel=panel, quality=qf, n_records=n_records, n_counted=n_counted,
                          unusable_share=unusable, params=params)
    if unusable > max_unusable_share:
        lines = [f"{path}: {unusable:.1%} of {n_records} records cannot be counted "
                 f"(limit {max_unusable_share:.1%}; raise it with --max-unusable)"]
        for i, n, e in quality:
            if n and i in ("unknown_patent_type", "bad_date", "no_valid_ipc", "malformed_ipc_code",
                           "unresolved_region", "region_part_unresolved"):
                lines.append(f"{path}: {i}: {n} records ({share(n):.1%}); most frequent: {e}")
        err = PanelError(lines)
        err.result = result  # the CLI still writes the quality report
        raise err
    return result
