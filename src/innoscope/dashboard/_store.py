"""Data sets of a dashboard: the evaluation of each one, its prepared panel, and what-if runs.

A data set is evaluated once (:func:`innoscope.evaluation.run`) when it is loaded; its
prepared panel is kept so that a what-if (other weights, normalisation or aggregation)
only refits the :class:`~innoscope.index.Index` — the same pipeline, with the same
parameters as ``run`` apart from the changed keys.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import secrets
import shutil
import tempfile
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, load_config
from ..errors import ConfigError, InnoscopeError
from ..evaluation import EvaluationResult, prepare, run
from ..index import Index, IndexResult
from ..panel import Panel

__all__ = ["Dataset", "Store", "WhatIf", "DEFAULT_ID", "UPLOAD_SUFFIXES"]

DEFAULT_ID = "default"
UPLOAD_SUFFIXES = (".csv", ".xlsx", ".xls", ".xlsm")
#: Uploaded data sets kept in memory (oldest forgotten first).
MAX_UPLOADS = 8
#: What-if results kept per data set.
MAX_WHATIF = 32


@dataclass(frozen=True)
class WhatIf:
    """Changed index settings: raw weights of nodes (renormalised among siblings),
    normalisation and aggregation methods; ``None`` keeps the data set's setting."""

    weights: tuple[tuple[str, float], ...] = ()
    normalise: str | None = None
    aggregate: str | None = None

    @property
    def empty(self) -> bool:
        return not self.weights and self.normalise is None and self.aggregate is None


@dataclass(eq=False)
class Dataset:
    """One data set: its evaluation and what is needed to refit its index quickly."""

    id: str
    name: str
    ev: EvaluationResult
    panel: Panel
    framework: object
    run_args: dict
    _whatif: OrderedDict = field(default_factory=OrderedDict)
    _hubs: object = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @functools.cached_property
    def standings(self) -> dict:
        """``(region, year) → (rank, tier)`` of the evaluation's index (before any what-if)."""
        from ._payload import standings

        return standings(self.ev.index)

    @property
    def config(self) -> Config:
        return self.ev.config

    def config_for(self, change: WhatIf) -> Config:
        """The data set's config with ``change`` applied, validated like a config file."""
        if change.empty:
            return self.config
        doc = self.config.model_dump()
        codes = set(self.framework.codes)
        unknown = [c for c, _ in change.weights if c not in codes]
        if unknown:
            raise ConfigError([f"weights: {c!r} is not a node of framework {self.framework.name}"
                               for c in unknown])
        bad = [f"weights: {c}: a weight must be a number ≥ 0, found {w!r}"
               for c, w in change.weights if not w >= 0]
        if bad:
            raise ConfigError(bad)
        overrides = doc.setdefault("overrides", {})
        for code, w in change.weights:
            overrides.setdefault(code, {})["weight"] = float(w)
        if change.normalise is not None:
            doc["normalise"]["method"] = change.normalise
        if change.aggregate is not None:
            doc["aggregate"]["method"] = change.aggregate
        return load_config(None, **doc)

    def whatif(self, change: WhatIf) -> IndexResult:
        """The index refitted with ``change`` (cached per data set)."""
        if change.empty:
            return self.ev.index
        with self._lock:
            hit = self._whatif.get(change)
            if hit is not None:
                self._whatif.move_to_end(change)
                return hit
        from ..config import index_params

        cfg = self.config_for(change)
        result = Index().set_params(**index_params(cfg)).fit(self.panel, self.framework)
        with self._lock:
            self._whatif[change] = result
            while len(self._whatif) > MAX_WHATIF:
                self._whatif.popitem(last=False)
        return result

    def evaluate(self, change: WhatIf) -> EvaluationResult:
        """The whole evaluation re-run with ``change`` (for downloads): every stage of the
        data set's evaluation, from :func:`innoscope.evaluation.run`."""
        if change.empty:
            return self.ev
        args = dict(self.run_args)
        args["config"] = self.config_for(change)
        ev = run(**args)
        return dataclasses.replace(ev, source=self.ev.source)

    def path(self, region: str, target: str = "next", objective: str = "normalised"):
        """:func:`innoscope.robustness.path_to_target` for ``region`` on the evaluation's
        data, framework and index settings (as ``innoscope path`` calls it)."""
        from ..config import index_params
        from ..robustness import path_to_target

        ev = self.ev
        fw = ev.index.framework
        values = ev.values[ev.values["indicator"].isin(fw.indicators)].reset_index(drop=True)
        panel = Panel(data=values[["region", "year", "indicator", "value"]], source=ev.source,
                      chinese=ev.chinese, labels=ev.index.labels)
        return path_to_target(panel, fw, region=region, target=target,
                              params=index_params(ev.config), year=ev.year, objective=objective)

    def hubs(self):
        """City-cluster hubs of the evaluation (:func:`innoscope.spatial.hubs`), computed once."""
        if self._hubs is None:
            from ..spatial import hubs

            self._hubs = hubs(self.ev)
        return self._hubs


def _index_panel(panel: Panel, used) -> Panel:
    data = panel.data[panel.data["indicator"].isin(list(used))].reset_index(drop=True)
    return Panel(data=data, source=panel.source, chinese=panel.chinese, labels=panel.labels)


def load_dataset(data, *, id: str, name: str, config=None, study=None, framework=None,
                 sets=(), source: str | None = None) -> Dataset:
    """Evaluate ``data`` (a path, or ``None`` for the embedded data) and keep what a what-if
    needs; ``source`` names the data in results (default: the path)."""
    prep = prepare(data, config, study=study, framework=framework, sets=list(sets))
    panel = prep.panel
    args = {"data": data, "config": prep.config, "study": prep.study, "year": prep.year,
            "stages": None}
    if not prep.embedded:
        # keep the panel read, so that a what-if or a download does not read the file again
        src = source or panel.source
        panel = Panel(data=panel.data, source=src, chinese=panel.chinese, labels=panel.labels)
        args["data"] = Panel(data=prep.values, source=src, chinese=panel.chinese,
                             labels=panel.labels)
    ev = run(**args)
    return Dataset(id=id, name=name, ev=ev, panel=_index_panel(panel, prep.used),
                   framework=prep.study.framework, run_args=args)


class Store:
    """The data sets of one dashboard: the one given at start and the uploaded ones.

    Uploaded files are written to a private temporary folder only while they are read, then
    deleted; the folder itself is removed by :meth:`close`.
    """

    def __init__(self, default: Dataset, *, max_upload_bytes: int, study=None, framework=None,
                 config=None, sets=()):
        self.default = default
        self.max_upload_bytes = int(max_upload_bytes)
        self._args = {"study": study, "framework": framework, "config": config, "sets": tuple(sets)}
        self._uploads: OrderedDict[str, Dataset] = OrderedDict()
        self._lock = threading.Lock()
        self.tmp = Path(tempfile.mkdtemp(prefix="innoscope-dashboard-"))
        # removed when the app stops, or else when the store is collected or Python exits
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(self.tmp), True)

    def get(self, id: str) -> Dataset | None:
        if id == DEFAULT_ID:
            return self.default
        with self._lock:
            return self._uploads.get(id)

    def ids(self) -> list[Dataset]:
        with self._lock:
            return [self.default, *self._uploads.values()]

    def upload(self, filename: str, chunks) -> Dataset:
        """Read an uploaded file (an iterable of byte chunks): a new data set, or an
        :class:`~innoscope.errors.InnoscopeError` whose problems name the file as uploaded."""
        name = _safe_name(filename)
        folder = Path(tempfile.mkdtemp(dir=self.tmp))
        path = folder / name
        try:
            size = 0
            with open(path, "wb") as fh:
                for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_upload_bytes:
                        raise TooLarge(size)
                    fh.write(chunk)
            try:
                ds = load_dataset(path, id=secrets.token_hex(8), name=name, source=name,
                                  **self._args)
            except InnoscopeError as exc:
                raise type(exc)([_unpath(p, folder) for p in exc.problems]) from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        with self._lock:
            self._uploads[ds.id] = ds
            while len(self._uploads) > MAX_UPLOADS:
                self._uploads.popitem(last=False)
        return ds

    def close(self) -> None:
        self._cleanup()


class TooLarge(Exception):
    """An upload over the size limit."""

    def __init__(self, size: int):
        self.size = size
        super().__init__(size)


def _safe_name(filename: str) -> str:
    """The file's own name, without folders and with only harmless characters."""
    base = re.split(r"[\\/]", str(filename or ""))[-1].strip()
    base = re.sub(r"[^\w.\-()\u4e00-\u9fff ]", "_", base).strip(". ") or "data"
    suffix = Path(base).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ConfigError(f"{base}: upload a CSV or Excel file ({', '.join(UPLOAD_SUFFIXES)})")
    return base[:120]


def _unpath(problem: str, folder: Path) -> str:
    """A problem line without the temporary folder the upload was read from."""
    return problem.replace(str(folder) + "/", "").replace(str(folder), "")
