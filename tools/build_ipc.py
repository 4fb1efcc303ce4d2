"""Rebuild innoscope's IPC concordances (src/innoscope/micro/data/*.csv) from the maintainers'
reference transcriptions in ../shared/data/ipc (see that folder's SOURCE.md).

Each output row keeps the code as printed in the source (``ipc_code``), the project's reading of
it (``match_type``), and where it comes from (``source``, ``source_page``, ``note``). Derivations
made here (a range expanded into prefixes, an entry printed without ``*`` or ``/``, a regex
alternative read as an IPC prefix) are said in ``note``; entries that are not IPC (CPC-only) are
left out and counted in the summary printed at the end.

Usage: python tools/build_ipc.py [--shared ../shared/data] [--out FOLDER]
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "innoscope" / "micro" / "data"
COLUMNS = ["scheme", "category_code", "category_name", "rule", "ipc_code", "match_type",
           "source", "source_page", "note"]

SOURCES = {  # short provenance per row; data/SOURCE.md gives the full references
    "CNIPA_KDT_2023": "CNIPA 关键数字技术专利分类体系(2023) via vvangpc/pr-re@ab5c0d49 data/shuzi*.js",
    "CNIPA_SEI_2021": "CNIPA 战略性新兴产业分类与国际专利分类参照关系表(2021) part 1 via vvangpc/pr-re@ab5c0d49 data/zhanlue_1.js",
    "CSET_1790_AI_2020": "georgetown-cset/1790-ai-patent-data@19669581 Define_Patent_Universe.md",
    "OECD_ICT_2017_thirdparty_regex": "third-party regex approximating OECD ICT taxonomy 2017 (not the OECD table)",
}
FILES = {  # shared file → (output file, scheme)
    "cnipa_key_digital_tech_2023.csv": ("cnipa_kdt_2023.csv", "CNIPA_KDT_2023"),
    "cnipa_sei_2021_next_gen_it.csv": ("cnipa_sei_2021.csv", "CNIPA_SEI_2021"),
    "cset_1790_ai_patent_universe.csv": ("cset_ai_2020.csv", "CSET_1790_AI_2020"),
    "oecd_ict_taxonomy_2017_thirdparty_regex.csv": ("oecd_ict_2017_approx.csv",
                                                    "OECD_ICT_2017_thirdparty_regex"),
}


def _row(r: dict, ipc: str, match_type: str, note: str = "") -> dict:
    return {"scheme": r["scheme"], "category_code": r["category_code"],
            "category_name": r["category_name"], "rule": r["rule"] or "1", "ipc_code": ipc,
            "match_type": match_type, "source": SOURCES[r["scheme"]],
            "source_page": r.get("source_page", ""), "note": note}


def _cnipa(r: dict, dropped: list) -> list[dict]:
    mt, code = r["match_type"], r["ipc_code"]
    if mt == "ambiguous_as_printed":
        # printed without '*' or '/': read as the main group and everything below it
        return [_row(r, code, "prefix", f"printed as {code!r} without * or /; read as {code}*")]
    if mt in ("prefix", "group", "subgroup", "subclass", "exclude_prefix", "exclude_group",
              "exclude_subgroup"):
        return [_row(r, code, mt)]
    dropped.append((r["scheme"], code, mt))
    return []


def _cset(r: dict, dropped: list) -> list[dict]:
    mt = r["match_type"]
    if not mt.startswith("cpc+ipc"):
        dropped.append((r["scheme"], r["ipc_code"], mt))  # CPC only: not an IPC rule
        return []
    searched = r["notes"].split("IPC searched as:")[-1].strip()
    m = re.fullmatch(r"([A-H]\d\d[A-Z]) (\d+)/(\d+)-(\d+)", searched)
    if mt == "cpc+ipc_range" and m:
        sub, grp, lo, hi = m.group(1), m.group(2), int(m.group(3)), int(m.group(4))
        width = len(m.group(3))
        return [_row(r, f"{sub}{grp}/{k:0{width}d}*", "prefix",
                     f"IPC searched as {searched}: range expanded into subgroup prefixes")
                for k in range(lo, hi + 1)]
    m = re.fullmatch(r"([A-H]\d\d[A-Z]) (\d+)", searched)
    if mt == "cpc+ipc_group_all" and m:
        return [_row(r, f"{m.group(1)}{m.group(2)}*", "prefix", f"IPC searched as {searched} (whole main group)")]
    if mt == "cpc+ipc_subgroup":
        return [_row(r, searched, "subgroup", f"IPC searched as {searched}")]
    dropped.append((r["scheme"], r["ipc_code"], mt))
    return []


def _oecd(r: dict, dropped: list) -> list[dict]:
    code = r["ipc_code"].strip().rstrip("/")
    mt = {"regex_prefix": "prefix", "exclude_regex_prefix": "exclude_prefix"}.get(r["match_type"])
    if mt is None or not re.fullmatch(r"[A-H]\d\d[A-Z]( \d+(/\d+)?)?", code):
        dropped.append((r["scheme"], r["ipc_code"], r["match_type"]))
        return []
    code = code.replace(" ", "")
    return [_row(r, code + ("*" if len(code) > 4 else ""), mt if len(code) > 4 else
                 ("subclass" if mt == "prefix" else "exclude_subclass"),
                 f"regex alternative {r['ipc_code']!r} read as an IPC hierarchy prefix")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--out", default=str(OUT), help="folder for the concordance files")
    args = ap.parse_args(argv)
    out_dir = Path(args.out)
    src = Path(args.shared) / "ipc"
    if not src.is_dir():
        print(f"no reference folder {src}", file=sys.stderr)
        return 2
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (out_name, scheme) in FILES.items():
        dropped: list = []
        rows: list[dict] = []
        with open(src / name, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                conv = _cset if scheme.startswith("CSET") else _oecd if scheme.startswith("OECD") else _cnipa
                rows.extend(conv(r, dropped))
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        (out_dir / out_name).write_text(buf.getvalue(), encoding="utf-8")
        print(f"{out_name}: {len(rows)} entries from {name}; left out {len(dropped)} non-IPC entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
