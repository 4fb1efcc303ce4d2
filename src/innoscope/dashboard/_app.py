"""The FastAPI app: read-only JSON of the evaluation, what-if refits, upload and download."""
from __future__ import annotations

import functools
import json
import tempfile
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Literal, Optional

from fastapi import FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from ..errors import InnoscopeError
from ..steps import Aggregate, Normalise
from . import _payload as P
from ._store import DEFAULT_ID, Dataset, Store, TooLarge, WhatIf

__all__ = ["create_app", "WhatIfRequest"]

STATIC = Path(__file__).parent / "static"
MB = 1024 * 1024
#: Bytes a multipart form adds around the file (boundaries, headers).
FORM_OVERHEAD = 64 * 1024
#: Normalisations offered by the what-if selector: those that need no per-indicator settings.
NORMALISE_CHOICES = ("minmax", "zscore", "rank", "percentile", "efficacy", "fracmax", "share")
AGGREGATE_CHOICES = ("arithmetic", "geometric", "harmonic", "topsis")


class Problem(BaseModel):
    """One problem line, as the CLI prints it, with the row, region, year and indicator it
    names ("" when it names none)."""

    n: int
    message: str
    row: str
    region: str
    year: str
    indicator: str


class Problems(BaseModel):
    """Problems with the request or its data, one row each."""

    detail: str
    problems: list[Problem]


class NotFound(BaseModel):
    detail: str


#: Error responses of the endpoints that read a data set.
ERRORS = {404: {"model": NotFound, "description": "no such data set or year"},
          422: {"model": Problems, "description": "problems with the request, one row each"}}


class WhatIfRequest(BaseModel):
    """Index settings to change; everything else stays as in the data set's configuration."""

    model_config = ConfigDict(extra="forbid")
    dataset: str = Field(DEFAULT_ID, description="Data set id (`default` or an upload's id).",
                         max_length=64)
    weights: dict[str, float] = Field(
        default_factory=dict,
        description="Raw weight of a framework node within its parent (code → weight ≥ 0); "
                    "siblings keep their raw weights and all are renormalised to sum to 1.")
    normalise: Optional[Literal[NORMALISE_CHOICES]] = Field(None, description="Normalisation method.")
    aggregate: Optional[Literal[AGGREGATE_CHOICES]] = Field(None, description="Aggregation method.")
    year: Optional[int] = Field(None, description="One year only (default: every year).")

    def change(self) -> WhatIf:
        return WhatIf(weights=tuple(sorted(self.weights.items())), normalise=self.normalise,
                      aggregate=self.aggregate)


def _offered(choices, methods) -> list[str]:
    return [m for m in choices if m in methods]


def _problems(exc: InnoscopeError, status: int = 422) -> JSONResponse:
    return JSONResponse({"detail": "invalid input", "problems": P.problem_rows(exc.problems)},
                        status_code=status)


def _invalid_request(request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's validation errors in the shape of every other problem list."""
    lines = []
    for err in exc.errors():
        where = " ".join(str(p) for p in err.get("loc", ()))
        lines.append(f"{where}: {err.get('msg', 'invalid')}")
    return JSONResponse({"detail": "invalid request", "problems": P.problem_rows(lines)},
                        status_code=422)


def create_app(data=None, *, study=None, framework=None, config=None, sets=(),
               max_upload_mb: float | None = None) -> FastAPI:
    """The dashboard app over ``data`` (a panel file, or ``None`` for the embedded data).

    The data are evaluated once here (errors are raised before the app exists, like the
    CLI's); uploads and what-ifs are evaluated on request.

    Parameters
    ----------
    data : path, optional
        A panel file (CSV/XLSX/Parquet); default the study's embedded data.
    study, framework, config, sets
        As for :func:`innoscope.evaluation.run`.
    max_upload_mb : float, optional
        Largest upload accepted (default ``[dashboard] max_upload_mb`` of the config, 20 MB).
    """
    from ._store import load_dataset

    name = "embedded" if data is None or str(data) == "embedded" else Path(str(data)).name
    default = load_dataset(data, id=DEFAULT_ID, name=name, config=config, study=study,
                           framework=framework, sets=sets)
    limit = max_upload_mb if max_upload_mb is not None else default.config.dashboard.max_upload_mb
    store = Store(default, max_upload_bytes=round(limit * MB), study=study, framework=framework,
                  config=config, sets=sets)

    @asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            store.close()

    app = FastAPI(title="innoscope dashboard", version=__version__, lifespan=lifespan,
                  description="Read-only JSON of an innoscope evaluation, what-if refits of the "
                              "index, and upload of a panel file. Every table comes from the same "
                              "`EvaluationResult` as the report.")
    app.state.store = store
    app.add_exception_handler(RequestValidationError, _invalid_request)

    @app.middleware("http")
    async def upload_limit(request: Request, call_next):
        # refuse an upload over the limit before its body is read (and spooled to disk)
        if request.url.path == "/api/upload":
            length = request.headers.get("content-length", "")
            if length.isdigit() and int(length) > store.max_upload_bytes + FORM_OVERHEAD:
                return _too_large(store)
        return await call_next(request)

    def dataset(id: str) -> Dataset:
        ds = store.get(id)
        if ds is None:
            raise HTTPException(404, f"no data set {id!r} (uploads are kept while the server runs)")
        return ds

    @app.get("/", include_in_schema=False)
    def index_page():
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/api/meta", summary="Data set, framework, settings and choices", responses=ERRORS)
    def meta(dataset_id: str = Query(DEFAULT_ID, alias="dataset", max_length=64)) -> dict:
        ds = dataset(dataset_id)
        ev = ds.ev
        cfg = ds.config
        return {
            "version": __version__,
            "dataset": {"id": ds.id, "name": ds.name, "source": str(ev.source),
                        "study": ev.study.name, "year": ev.year, "years": ev.years,
                        "comparable_years": list(ev.comparable_years), "chinese": bool(ev.chinese),
                        "embedded": ev.embedded,
                        "dropped": [{"code": c, "name_zh": ev.label(c, "zh"),
                                     "name_en": ev.label(c, "en"), "marker": ev.marker(c)}
                                    for c in ev.dropped],
                        "stages": list(ev.stages)},
            "datasets": [{"id": d.id, "name": d.name} for d in store.ids()],
            "framework": P.framework_rows(ev, ev.index),
            "root": ev.index.framework.root,
            "regions": P.records(ev.regions),
            "settings": {"normalise": cfg.normalise.method, "aggregate": cfg.aggregate.method,
                         "weights": cfg.weights.method, "tiers": cfg.tiers.rule},
            "choices": {"normalise": _offered(NORMALISE_CHOICES, Normalise._choices["method"]),
                        "aggregate": _offered(AGGREGATE_CHOICES, Aggregate._choices["method"])},
            "caveat": {"zh": ev.caveat("zh"), "en": ev.caveat("en")},
            "coverage": P.records(ev.coverage),
            "has": {"efficiency": not ev.efficiency.empty,
                    "robustness": ev.robustness.n > 0,
                    "clusters": not ev.clusters.empty, "map": bool(ev.chinese)},
            "max_upload_mb": limit,
        }

    @app.get("/api/scores", summary="Scores, ranks, tiers and national means", responses=ERRORS)
    def get_scores(dataset_id: str = Query(DEFAULT_ID, alias="dataset", max_length=64),
                   year: Optional[int] = Query(None, description="One year (default all)."),
                   nodes: Literal["aggregates", "all"] = "aggregates"):
        ds = dataset(dataset_id)
        if year is not None and year not in ds.ev.years:
            raise HTTPException(404, f"year {year} not in the data ({', '.join(map(str, ds.ev.years))})")
        return _json(P.scores(ds.ev, ds.ev.index, year=year, nodes=nodes))

    @app.post("/api/whatif", summary="Refit the index with other weights or methods", responses=ERRORS)
    def whatif(req: WhatIfRequest):
        ds = dataset(req.dataset)
        if req.year is not None and req.year not in ds.ev.years:
            raise HTTPException(404, f"year {req.year} not in the data")
        try:
            res = ds.whatif(req.change())
        except InnoscopeError as exc:
            return _problems(exc)
        return _json(P.scores(ds.ev, res, year=req.year, base=ds.standings))

    @app.get("/api/efficiency", summary="DEA efficiency beside the index score", responses=ERRORS)
    def get_efficiency(dataset_id: str = Query(DEFAULT_ID, alias="dataset", max_length=64)) -> dict:
        return P.efficiency(dataset(dataset_id).ev)

    @app.get("/api/cities", summary="City figures of the evaluated year (quoted from the publication)",
             responses=ERRORS)
    def get_cities(dataset_id: str = Query(DEFAULT_ID, alias="dataset", max_length=64)) -> dict:
        return P.cities(dataset(dataset_id).ev)

    @app.get("/api/hubs", summary="City clusters, hub typology, Moran's I and LISA", responses=ERRORS)
    def get_hubs(dataset_id: str = Query(DEFAULT_ID, alias="dataset", max_length=64)) -> dict:
        ds = dataset(dataset_id)
        try:
            res = ds.hubs()
        except InnoscopeError as exc:
            return {"year": ds.ev.year, "clusters": [], "typology": [], "single_point": [],
                    "moran": [], "lisa": [], "totals": [], "problems": exc.problems}
        return P.hubs_payload(ds.ev, res)

    @app.get("/api/robustness", summary="Robustness intervals and tier probabilities, if computed", responses=ERRORS)
    def get_robustness(dataset_id: str = Query(DEFAULT_ID, alias="dataset", max_length=64)) -> dict:
        return P.robustness(dataset(dataset_id).ev)

    @app.get("/api/path", summary="Path to a target tier or rank for one region", responses=ERRORS)
    def get_path(dataset_id: str = Query(DEFAULT_ID, alias="dataset", max_length=64),
                 region: str = Query(..., max_length=64, description="Region code or name."),
                 target: str = Query("next", max_length=16, description="next, tier1, tier:k or rank:k"),
                 objective: Literal["normalised", "percent"] = "normalised"):
        ds = dataset(dataset_id)
        try:
            res = ds.path(region, target, objective)
        except InnoscopeError as exc:
            return _problems(exc)
        return _json(P.path_payload(ds.ev, res))

    @app.get("/api/geo/{level}", summary="Boundary file (GeoJSON) for the maps",
             responses={200: {"content": {"application/geo+json": {}}},
                        422: {"model": Problems, "description": "unknown level"}})
    def geo(level: Literal["provinces", "cities", "dash_line"]):
        return Response(_geojson(level), media_type="application/geo+json")

    @app.post("/api/upload", summary="Upload a panel file (CSV/XLSX) as a new data set",
              responses={413: {"model": Problems, "description": "file over the size limit"},
                         422: {"model": Problems, "description": "the file's problems, one row each"}})
    async def upload(file: UploadFile = File(...)):
        def chunks():
            while True:
                block = file.file.read(MB)
                if not block:
                    return
                yield block

        try:
            ds = store.upload(file.filename or "data", chunks())
        except TooLarge:
            return _too_large(store)
        except InnoscopeError as exc:
            return _problems(exc)
        return {"id": ds.id, "name": ds.name, "year": ds.ev.year, "years": ds.ev.years,
                "notes": _notes(ds)}

    @app.get("/api/download", summary="Results as an Excel workbook or a CSV of scores", responses=ERRORS)
    def download(dataset_id: str = Query(DEFAULT_ID, alias="dataset", max_length=64),
                 format: Literal["xlsx", "csv"] = "xlsx", lang: Literal["zh", "en"] = "zh",
                 normalise: Optional[Literal[NORMALISE_CHOICES]] = None,
                 aggregate: Optional[Literal[AGGREGATE_CHOICES]] = None,
                 weights: Optional[str] = Query(None, max_length=4000,
                                                description="code:weight,code:weight")):
        ds = dataset(dataset_id)
        try:
            change = WhatIf(weights=_weights(weights), normalise=normalise, aggregate=aggregate)
            ev = ds.evaluate(change)
        except InnoscopeError as exc:
            return _problems(exc)
        stem = f"innoscope_{Path(ds.name).stem}_{ev.year}" + ("" if change.empty else "_whatif")
        if format == "xlsx":
            body = _workbook(ev, lang)
            media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body = _scores_csv(ev)
            media = "text/csv; charset=utf-8"
        return Response(body, media_type=media, headers={
            "Content-Disposition": f'attachment; filename="{_ascii(stem)}.{format}"'})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


@functools.lru_cache(maxsize=4)
def _geojson(level: str) -> bytes:
    """The project's boundary file for ``level``, each area named by its GB/T 2260 code (the
    region codes of the results), its Chinese name kept as ``name_zh``."""
    path = resources.files("innoscope.viz") / "data" / f"china_{level}.geojson"
    doc = json.loads(path.read_bytes())
    for f in doc.get("features", []):
        props = f.setdefault("properties", {})
        if "adcode" in props:
            props["name_zh"] = props.get("name", "")
            props["name"] = str(props["adcode"])
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json(payload: dict) -> Response:
    """A JSON response of a large payload, encoded once (no NaN: missing values are null)."""
    body = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Response(body.encode("utf-8"), media_type="application/json")


def _too_large(store: Store) -> JSONResponse:
    mb = round(store.max_upload_bytes / MB, 3)
    msg = f"the file is larger than the upload limit of {mb:g} MB (config: [dashboard] max_upload_mb)"
    return JSONResponse({"detail": msg, "problems": P.problem_rows([msg])}, status_code=413)


def _notes(ds: Dataset) -> list[str]:
    ev = ds.ev
    out = []
    if ev.dropped:
        out.append(f"left out {len(ev.dropped)} indicators without enough data in {ev.year}: "
                   + ", ".join(ev.dropped))
    others = [y for y in ev.years if y not in ev.comparable_years]
    if others:
        out.append("scores are comparable across " + ", ".join(map(str, ev.comparable_years))
                   + " only")
    return out


def _weights(text: str | None) -> tuple[tuple[str, float], ...]:
    from ..errors import ConfigError

    if not text:
        return ()
    out, bad = {}, []
    for item in text.split(","):
        code, _, value = item.partition(":")
        try:
            out[code.strip()] = float(value)
        except ValueError:
            bad.append(f"weights: {item!r}: expected code:weight")
    if bad:
        raise ConfigError(bad)
    return tuple(sorted(out.items()))


def _workbook(ev, lang: str) -> bytes:
    """The report's workbook (:func:`innoscope.report.write_workbook`) as bytes."""
    from ..report import make_view, write_workbook

    with tempfile.TemporaryDirectory(prefix="innoscope-download-") as d:
        path = write_workbook(make_view(ev, lang), Path(d) / "results.xlsx")
        return path.read_bytes()


def _scores_csv(ev) -> bytes:
    """``scores.csv`` as ``innoscope index`` writes it (tidy, every node, the evaluated year)."""
    from .._output import write_csv

    with tempfile.TemporaryDirectory(prefix="innoscope-download-") as d:
        path = write_csv(ev.index.to_frame(ev.year), Path(d) / "scores.csv")
        return path.read_bytes()


def _ascii(text: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in text)

