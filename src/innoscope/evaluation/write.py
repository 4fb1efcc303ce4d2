"""Write an evaluation's tables as UTF-8 CSVs."""
from __future__ import annotations

from pathlib import Path

from .._output import out_dir, write_csv

__all__ = ["write_evaluation"]


def write_evaluation(ev, out) -> list[Path]:
    d = out_dir(out)
    paths = [
        write_csv(ev.index.to_frame(ev.year), d / "scores.csv"),
        write_csv(ev.index.tiers_frame(ev.year), d / "tiers.csv"),
        write_csv(ev.growth, d / "growth.csv"),
        write_csv(ev.dispersion, d / "dispersion.csv"),
        write_csv(ev.coverage, d / "coverage.csv"),
    ]
    from ..workflows import write_adjustments

    paths += write_adjustments(ev.index, d, ev.year)
    if ev.efficiency is not None:
        paths.append(write_csv(ev.efficiency, d / "efficiency.csv"))
    if not ev.strengths.empty:
        paths.append(write_csv(ev.strengths, d / "strengths.csv"))
    if not ev.malmquist.empty:
        paths.append(write_csv(ev.malmquist, d / "malmquist.csv"))
    if not ev.reproduction.empty:
        paths.append(write_csv(ev.reproduction, d / "reproduction.csv"))
    if not ev.mapping.empty:
        paths.append(write_csv(ev.mapping, d / "mapping.csv"))
    return paths
