"""Speed and memory of ``innoscope micro patents`` on synthetic records.

Records come from :mod:`innoscope.micro.synthetic` (seed 0) and are written once as Parquet
into ``--cache`` (outside the repository; reused on later runs). Each measured run is a separate
process, so its wall time includes reading the file and its peak resident memory (max RSS, which
also counts Python, pandas and ibis, about 200 MB) is the process's own.

* DuckDB: ``count_patents`` (CNIPA KDT 2023 concordance, first applicant, city level) on
  ``--n`` records (issue target: 50 M records ≤ 10 s, ≤ 1 GB).
* pandas baseline: the same count written plainly in pandas (read, split and explode IPC codes,
  normalise them, classify the distinct codes, resolve the distinct regions, group) on
  ``--pandas-n`` records; the ratio is per record.
* Spark: ``engine="spark"`` on ``--spark-n`` records (local[2]) — checked equal to DuckDB.

Usage::

    python benchmarks/bench_micro.py [--n 50000000] [--pandas-n 1000000] [--spark-n 1000000]
                                     [--cache /tmp/innoscope-bench] [--no-spark]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path


def _records(cache: Path, n: int) -> Path:
    from innoscope.micro.synthetic import write_patents

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"patents_{n}_seed0.parquet"
    if not path.exists():
        t = time.perf_counter()
        tmp = path.with_suffix(".part")
        write_patents(tmp, n, rng=0)
        tmp.rename(path)
        print(f"generated {n:,} records in {time.perf_counter() - t:.1f} s → {path}", flush=True)
    return path


_CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if mode in ("duckdb", "spark"):
    from innoscope.micro import count_patents
    res = count_patents(path, engine=mode, level="city", max_unusable_share=1)
    panel = res.panel
else:
    sys.path.insert(0, sys.argv[3])
    from bench_micro import pandas_count
    panel = pandas_count(path)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "rss_mb": rss, "rows": len(panel), "total": float(panel["value"].sum()),
                  "panel": panel[["region", "year", "value"]].astype({"value": float}).values.tolist()}))
"""


def _run(mode: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, mode, str(path), str(Path(__file__).parent)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def pandas_count(path: str):
    """The plain pandas way: the baseline for the ratio (same rules, same result)."""
    import pandas as pd

    from innoscope.micro import TYPE_LABELS, load_concordance, place_resolver
    from innoscope.micro._ipc import CLEAN_RE, COMPACT_RE, FIXED_RE
    from innoscope.micro._patents import DATE_RE

    df = pd.read_parquet(path).astype(str)
    df = df[df["patent_type"].str.strip().str.lower().isin([s.lower() for s in TYPE_LABELS["invention"]])]
    d = df["application_date"].str.strip()
    ok = d.str.match(DATE_RE)
    df = df[ok].assign(year=d[ok].str[:4].astype(int))
    codes = df["ipc"].str.replace("[;；]", ";", regex=True).str.split(";").explode()
    c = codes.str.upper().str.replace(CLEAN_RE, "", regex=True)
    c = c[c != ""]
    fixed = c.where(c.str.match(FIXED_RE))
    m = c.str.extract(COMPACT_RE)
    compact = m[0] + m[1].str.zfill(4) + m[3].fillna("00").str.ljust(6, "0")
    canon = fixed.fillna(compact)
    conc = load_concordance("cnipa_kdt_2023")
    digital = {x: conc.matches(x) for x in canon.dropna().unique()}
    is_dig = canon.map(digital).fillna(False).astype(bool)
    valid = canon.notna().groupby(level=0).any()
    dig = is_dig.groupby(level=0).any()
    df = df[valid.reindex(df.index, fill_value=False) & dig.reindex(df.index, fill_value=False)]
    first = df["region"].str.split("[;；]", regex=True).str[0].str.strip()
    res = place_resolver("city")
    codes_map = {r: res.resolve(r)[0] for r in first.unique()}
    df = df.assign(rcode=first.map(codes_map)).dropna(subset=["rcode"])
    out = df.groupby(["rcode", "year"]).size().rename("value").reset_index()
    return out.rename(columns={"rcode": "region"})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=50_000_000)
    ap.add_argument("--pandas-n", type=int, default=1_000_000)
    ap.add_argument("--spark-n", type=int, default=1_000_000)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/innoscope-bench"))
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args()

    big = _records(args.cache, args.n)
    duck = _run("duckdb", big)
    print(f"duckdb  {args.n:>12,} records: {duck['wall']:.2f} s, max RSS {duck['rss_mb']:.0f} MB, "
          f"{duck['rows']} region-years, {duck['total']:,.0f} counted", flush=True)

    small = _records(args.cache, args.pandas_n)
    base = _run("pandas", small)
    duck_small = _run("duckdb", small)
    same = base["panel"] == duck_small["panel"]
    rate_pd, rate_dk = base["wall"] / args.pandas_n, duck["wall"] / args.n
    print(f"pandas  {args.pandas_n:>12,} records: {base['wall']:.2f} s, max RSS {base['rss_mb']:.0f} MB "
          f"(same panel as duckdb: {same}); per record pandas/duckdb = {rate_pd / rate_dk:.1f}×", flush=True)
    print(f"duckdb  {args.pandas_n:>12,} records: {duck_small['wall']:.2f} s, max RSS {duck_small['rss_mb']:.0f} MB")

    if not args.no_spark:
        sp_path = _records(args.cache, args.spark_n)
        spark = _run("spark", sp_path)
        ref = duck_small if args.spark_n == args.pandas_n else _run("duckdb", sp_path)
        print(f"spark   {args.spark_n:>12,} records: {spark['wall']:.2f} s (local[2], JVM start included), "
              f"identical to duckdb: {spark['panel'] == ref['panel']}", flush=True)


if __name__ == "__main__":
    main()
