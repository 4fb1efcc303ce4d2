"""Synthetic patent records and firm lists with realistic shapes, for tests and benchmarks.

Not data: every value is drawn at random. The shapes follow what national extracts look like —
a mix of digital and other IPC codes in three notations, one to four codes per record, several
applicants on some records, applicant addresses written many ways (full and short names,
division codes, district and street tails, stray blanks), applications concentrated in a few
cities (a Zipf-like law over prefectures), and a small share of broken values (dates, IPC codes,
unknown places) that the pipeline must report.

>>> df = generate_patents(1000, rng=0)
>>> list(df.columns), len(df)
(['id', 'application_date', 'patent_type', 'applicant', 'region', 'ipc'], 1000)
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["generate_patents", "write_patents", "generate_firms", "patent_batch"]

# real IPC subgroups; the first block falls in the CNIPA digital schemes, the second mostly not
_DIGITAL = ("G06F 3/01", "G06F 3/048", "G06F 16/27", "G06F 9/50", "G06F 11/30", "G06F 21/60",
            "G06N 3/08", "G06N 3/04", "G06N 20/00", "G06Q 10/06", "G06Q 50/10", "G06T 7/00",
            "G06V 10/82", "G06V 40/16", "H04L 9/32", "H04L 67/10", "H04L 12/28", "H04W 4/02",
            "H04W 72/04", "H04N 19/70", "G16H 50/20", "G16Y 10/75", "H01L 21/02", "G06K 9/62",
            "G10L 15/16", "G05B 19/418")
_OTHER = ("A61K 31/00", "A61K 9/20", "C07D 401/04", "B65G 47/90", "F16K 31/00", "A01B 1/00",
          "C12N 15/10", "E04B 1/00", "B01D 53/00", "H01M 10/05", "B60L 53/00", "F24F 11/00",
          "B23K 26/00", "C08L 23/06", "A47J 27/00", "E21B 43/00", "G01N 33/00", "B29C 45/00")
_BAD_IPC = ("G06F 3/O1", "XYZ", "G06F-3/01", "6F 3/01")
_BAD_DATE = ("2021-13-01", "N/A", "2021-02-30x", "21/3/5")
_BAD_PLACE = ("火星市", "Unknown", "海外", "--")
_TAILS = ("", "", "高新区", "经济技术开发区", "科技园路1号", "软件园", "中山路88号", "工业园区")
_MAJOR = ("440300", "110000", "310000", "330100", "320500", "440100", "510100", "420100",
          "320100", "610100", "120000", "500000", "370200", "350200", "430100")


def _cities():
    from ..regions import registry

    reg = registry()
    f = reg.to_frame()
    f = f[f["valid_to"].isna()]
    prov = f[f["level"] == "province"].set_index("code")
    units = f[(f["level"] == "prefecture") | f["code"].isin(("110000", "120000", "310000", "500000"))]
    rows = []
    for r in units.itertuples(index=False):
        p = prov.loc[r.parent_code] if r.level != "province" else None
        rows.append((r.code, r.name_zh, r.short_zh, "" if p is None else p["name_zh"],
                     "" if p is None else p["short_zh"]))
    rows.sort(key=lambda x: (_MAJOR.index(x[0]) if x[0] in _MAJOR else len(_MAJOR), x[0]))
    return rows


def _address_pool(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """Address variants per unit and their weights (Zipf over units, even within a unit)."""
    units = _cities()
    pool, weight = [], []
    w_unit = 1.0 / np.arange(1, len(units) + 1) ** 1.1
    for (code, full, short, pfull, pshort), w in zip(units, w_unit):
        variants = [f"{pfull}{full}{_TAILS[rng.integers(len(_TAILS))]}", f"{pshort}{full}",
                    f"{full}{_TAILS[rng.integers(len(_TAILS))]}", f"{short}", code,
                    f" {pfull} {full} ", f"{pfull}{full}{_TAILS[rng.integers(len(_TAILS))]}"]
        if not pfull:  # municipalities: 北京市海淀区…
            variants = [f"{full}{t}" for t in ("海淀区", "朝阳区", "浦东新区", "") ] + [short, code, f" {full} "]
        pool.extend(variants)
        weight.extend([w / len(variants)] * len(variants))
    weight = np.array(weight)
    return pool, weight / weight.sum()


def _ipc_pool(rng: np.random.Generator, size: int = 4000) -> list[str]:
    def notation(code: str, k: int) -> str:
        sub, rest = code.split(" ")
        grp, sg = rest.split("/")
        if k == 0:
            return code
        if k == 1:
            return f"{sub}{grp}/{sg}"
        return f"{sub}{int(grp):04d}{sg.ljust(6, '0')}"

    out = []
    for _ in range(size):
        n = int(rng.choice([1, 2, 3, 4], p=[0.45, 0.3, 0.17, 0.08]))
        codes = []
        for _ in range(n):
            src = _DIGITAL if rng.random() < 0.4 else _OTHER
            codes.append(notation(src[rng.integers(len(src))], int(rng.choice(3, p=[0.6, 0.3, 0.1]))))
        out.append(";".join(codes))
    return out


def _dates() -> list[str]:
    days = pd.date_range("2016-01-01", "2021-12-31", freq="D")
    return ([d.strftime("%Y-%m-%d") for d in days] + [f"{d.year}/{d.month}/{d.day}" for d in days[::3]]
            + [d.strftime("%Y%m%d") for d in days[::5]])


def patent_batch(n: int, *, rng: "int | np.random.Generator | None" = 0, bad_share: float = 0.01,
                 multi_applicant_share: float = 0.1, start_id: int = 0):
    """``n`` records as a :class:`pyarrow.Table` with dictionary-encoded text columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rng = np.random.default_rng(rng)
    places, pw = _address_pool(rng)
    ipcs = _ipc_pool(rng)
    dates = _dates()
    types = ["发明", "实用新型", "外观设计", "invention", "utility", "design"]
    firms = [f"{a}{b}科技有限公司" for a in "华中新东西南北天海金" for b in ("创", "智", "联", "信", "云", "芯")]
    multi = [f"{places[i]};{places[j]}" for i, j in zip(rng.choice(len(places), 500, p=pw),
                                                          rng.choice(len(places), 500, p=pw))]
    region_pool = places + multi + list(_BAD_PLACE)
    n_pl, n_multi = len(places), len(multi)
    ipc_pool = ipcs + list(_BAD_IPC) + [f"{_BAD_IPC[0]};G06N 3/08"]
    date_pool = dates + list(_BAD_DATE)

    def pick_with_bad(n_good: int, good_idx: np.ndarray, n_bad: int) -> np.ndarray:
        bad = rng.random(n) < bad_share
        return np.where(bad, n_good + rng.integers(n_bad, size=n), good_idx).astype(np.int32)

    region_idx = rng.choice(n_pl, size=n, p=pw)
    multi_mask = rng.random(n) < multi_applicant_share
    region_idx = np.where(multi_mask, n_pl + rng.integers(n_multi, size=n), region_idx)
    region_idx = pick_with_bad(n_pl + n_multi, region_idx, len(_BAD_PLACE))
    ipc_idx = pick_with_bad(len(ipcs), (rng.zipf(1.3, size=n) - 1) % len(ipcs), len(_BAD_IPC) + 1)
    date_idx = pick_with_bad(len(dates), rng.integers(len(dates), size=n), len(_BAD_DATE))
    type_idx = rng.choice(len(types), size=n, p=[0.33, 0.33, 0.09, 0.12, 0.1, 0.03]).astype(np.int32)
    firm_idx = rng.integers(len(firms), size=n).astype(np.int32)

    def dict_col(idx, pool):
        return pa.DictionaryArray.from_arrays(pa.array(idx, pa.int32()), pa.array(pool, pa.string()))

    ids = pc.binary_join_element_wise("CN", pc.cast(pa.array(np.arange(start_id, start_id + n)), pa.string()), "")
    return pa.table({"id": ids, "application_date": dict_col(date_idx, date_pool),
                     "patent_type": dict_col(type_idx, types), "applicant": dict_col(firm_idx, firms),
                     "region": dict_col(region_idx, region_pool), "ipc": dict_col(ipc_idx, ipc_pool)})


def generate_patents(n: int, *, rng: "int | np.random.Generator | None" = 0, bad_share: float = 0.01,
                     multi_applicant_share: float = 0.1) -> pd.DataFrame:
    """``n`` synthetic records as a DataFrame of text columns (see the module docstring)."""
    t = patent_batch(n, rng=rng, bad_share=bad_share, multi_applicant_share=multi_applicant_share)
    import pyarrow as pa

    return t.cast(pa.schema([(c, pa.string()) for c in t.column_names])).to_pandas().astype(object)


def write_patents(path: "str | Path", n: int, *, rng: "int | np.random.Generator | None" = 0,
                  bad_share: float = 0.01, chunk: int = 2_000_000) -> Path:
    """Write ``n`` synthetic records to a Parquet file, ``chunk`` records per row group."""
    import pyarrow.parquet as pq

    gen = np.random.default_rng(rng)
    path = Path(path)
    writer = None
    done = 0
    try:
        while done < n:
            k = min(chunk, n - done)
            t = patent_batch(k, rng=gen, bad_share=bad_share, start_id=done)
            if writer is None:
                writer = pq.ParquetWriter(str(path), t.schema)
            writer.write_table(t)
            done += k
    finally:
        if writer is not None:
            writer.close()
    return path


def generate_firms(n: int, *, rng: "int | np.random.Generator | None" = 0,
                   categories: tuple[str, ...] = ("专精特新小巨人", "独角兽企业")) -> pd.DataFrame:
    """A synthetic firm list (``id, name, region, year, category``) with repeated listings."""
    gen = np.random.default_rng(rng)
    places, pw = _address_pool(gen)
    rows = []
    for i in range(n):
        fid = f"9144{i:014d}" if gen.random() < 0.8 else ""
        rows.append({"id": fid, "name": f"企业{i}有限公司", "region": places[gen.choice(len(places), p=pw)],
                     "year": int(gen.integers(2019, 2022)), "category": categories[int(gen.integers(len(categories)))]})
    dup = [dict(rows[int(j)]) for j in gen.integers(n, size=max(1, n // 20))]
    return pd.DataFrame(rows + dup, columns=["id", "name", "region", "year", "category"])
