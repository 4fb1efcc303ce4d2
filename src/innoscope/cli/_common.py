"""Helpers shared by CLI commands: error mapping at the edge, console output."""
from __future__ import annotations

import functools
import shutil
import sys
import warnings
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console

from ..errors import ConfigError, InnoscopeError

# wide enough for the ranking tables when the output is a file or a pipe
console = Console(highlight=False, soft_wrap=True,
                  width=max(shutil.get_terminal_size((140, 40)).columns, 100))
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

MAX_PROBLEMS = 20


def print_problems(problems: list[str]) -> None:
    """Print at most ``MAX_PROBLEMS`` lines, then a count of the rest, to stderr."""
    for line in problems[:MAX_PROBLEMS]:
        err_console.print(f"error: {line}", markup=False)
    extra = len(problems) - MAX_PROBLEMS
    if extra > 0:
        err_console.print(f"error: … and {extra} more problem(s)", markup=False)


def cli_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one line per problem and exit code 2 (never a traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        def _show_warning(message, category, filename, lineno, file=None, line=None):
            err_console.print(f"warning: {message}", markup=False)

        old = warnings.showwarning
        warnings.showwarning = _show_warning
        try:
            return fn(*args, **kwargs)
        except InnoscopeError as exc:
            print_problems(exc.problems)
            raise typer.Exit(code=2) from None
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            print_problems([f"{exc.filename}: {exc.strerror}"])
            raise typer.Exit(code=2) from None
        except ModuleNotFoundError as exc:
            if not exc.name or exc.name.split(".")[0] == "innoscope":
                raise
            print_problems([f"missing package {exc.name!r} (install the optional extras: "
                            "pip install 'innoscope[all]')"])
            raise typer.Exit(code=2) from None
        finally:
            warnings.showwarning = old

    return wrapper


DataArg = typer.Argument(None, help="Panel file (CSV/XLSX/Parquet) or 'embedded' (default: the study's data).")
StudyOpt = typer.Option(None, "--study", "-s",
                        help="Shipped study name or a study folder (default caict2022).")
FrameworkOpt = typer.Option(None, "--framework", "-f",
                            help="Framework name or CSV/TOML path (replaces the study's framework).")
ConfigOpt = typer.Option(None, "--config", "-c", help="TOML config file (read over the study's config).")
SetOpt = typer.Option(None, "--set", help="Config item section.key=value (repeatable), e.g. normalise.method=zscore.")
OutDirOpt = typer.Option(..., "--out", "-o", help="Output directory.")
MissingOpt = typer.Option(None, "--missing",
                          help="drop or error: indicators without enough data are left out (and listed) "
                               "or refused (config: index.missing_indicators).")


def check_lang(lang: str) -> str:
    """``zh`` or ``en``, else one error line."""
    if lang not in ("zh", "en"):
        raise ConfigError(f"--lang must be 'zh' or 'en', got {lang!r}")
    return lang


def config_items(sets: list[str] | None, missing: str | None) -> list[str]:
    """``--set`` items, with ``--missing X`` as ``index.missing_indicators=X``."""
    return list(sets or []) + ([f"index.missing_indicators={missing}"] if missing else [])


def print_notes(ev) -> None:
    """Say which indicators an evaluation (or a prepared one) leaves out for lack of data, and
    between which years its scores are comparable."""
    if ev.dropped:
        cov = ev.coverage.set_index("indicator")
        err_console.print(f"note: left out {len(ev.dropped)} of {len(cov)} indicators without enough "
                          f"data in {ev.year}: " + ", ".join(
                              f"{c} ({cov.at[c, 'n_regions']}/{cov.at[c, 'n_total']})" for c in ev.dropped),
                          markup=False)
    for note in getattr(ev, "notes", ()):
        err_console.print(f"note: {note}", markup=False)
    others = [y for y in ev.years if y not in ev.comparable_years]
    if others:
        from ..panel import year_span

        err_console.print(f"note: scores are comparable across {year_span(ev.comparable_years)} only; "
                          f"in {year_span(others)} some indicators lack data (years in coverage.csv)",
                          markup=False)


def split_list(value: str | None) -> list[str]:
    """``"a,b , c"`` → ``["a", "b", "c"]``."""
    if not value:
        return []
    return [v.strip() for v in value.split(",") if v.strip()]


def fail(message: str) -> None:
    """Exit 2 with one message line (for CLI-only argument problems)."""
    print_problems([message])
    sys.exit(2)
