"""Uncertainty and sensitivity analysis of an index: chunks of replicates, any backend.

Replicates run in chunks of :data:`CHUNK`; chunk ``i`` draws from the ``i``-th child of
``SeedSequence(seed)``, and each chunk returns integer counts (rank and tier histograms,
sums of absolute rank shifts) that are added up. The result therefore depends on the seed
only — not on the backend, the number of workers or the order chunks finish in.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import ConfigError
from ..framework import load_framework
from ..panel import Panel, read_panel
from ._engine import Engine, rank_min
from ._result import INTERVAL_COLUMNS, RobustnessResult
from ._sobol import saltelli_design, sobol_estimates
from ._spec import spec_from_settings

__all__ = ["analyse", "CHUNK", "LOCAL_PROCESSES_FROM", "BACKENDS"]

#: Replicates per chunk (fixed: results never depend on how chunks are spread).
CHUNK = 8192
#: With ``backend="local"``, worker processes start only from this many replicates; below,
#: everything runs vectorised in this process.
LOCAL_PROCESSES_FROM = 4_000_000
BACKENDS = ("local", "spark", "dask")


def analyse(data, framework, *, params: dict | None = None, weights: dict | None = None,
            alternatives: dict | None = None, year: int | None = None, n: int = 1000,
            rng=0, sobol: bool = False, sobol_n: int | None = None, removal: bool = True,
            resamples: int = 100, conf_level: float = 0.95, backend: str = "local",
            address: str | None = None, n_jobs: int = -1,
            progress: Callable[[int, int], None] | None = None) -> RobustnessResult:
    """Rank intervals, tier probabilities, removal shifts and (optionally) Sobol indices.

    Parameters
    ----------
    data : Panel, DataFrame or path
    framework : Framework, str or path
    params : dict, optional
        Nominal ``Index`` parameters (``step__param`` keys), e.g. from
        :func:`innoscope.config.index_params`.
    weights, alternatives : dict, optional
        The uncertain inputs (see :func:`spec_from_settings`).
    year : int, optional
        Evaluated year (default: the last).
    n : int
        Monte Carlo replicates.
    rng : int, Generator or None
        Seed; each chunk of replicates draws from its own child stream.
    sobol : bool
        Also run the Sobol analysis (base size ``sobol_n``, default ``n``).
    removal : bool
        Compute the leave-one-indicator-out table.
    resamples, conf_level : int, float
        Bootstrap of the Sobol indices.
    backend : {"local", "spark", "dask"}
        Where chunks run: this process (worker processes from
        :data:`LOCAL_PROCESSES_FROM` replicates), Spark through ``joblibspark`` or a Dask
        cluster; ``address`` names the Spark master or the Dask scheduler.
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk.

    Examples
    --------
    >>> import pandas as pd
    >>> fw = pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"]})
    >>> data = pd.DataFrame({"region": list("PQRST"), "year": 2021,
    ...                      "a": [1, 2, 3, 4, 5], "b": [5, 3, 4, 1, 2]})
    >>> res = analyse(data, fw, weights={"noise": 0.5}, n=200, rng=0)
    >>> res.intervals[["region", "nominal_rank", "q05", "q95"]].head(2).to_string(index=False)
    'region  nominal_rank  q05  q95\\n     R             1    1    2\\n     T             1    1    3'
    """
    if backend not in BACKENDS:
        raise ConfigError(f"robustness.backend: unknown value {backend!r}; valid: "
                          + ", ".join(BACKENDS))
    if not (isinstance(n, (int, np.integer)) and n >= 1):
        raise ConfigError(f"robustness.n: at least one replicate, found {n!r}")
    spec = spec_from_settings(weights, alternatives)
    if not spec.factors:
        raise ConfigError("robustness: no uncertain input; declare [robustness.weights] noise "
                          "(or distribution = \"dirichlet\") or [robustness.alternatives] "
                          "(docs/robustness.md)")
    seq = _seed_sequence(rng)
    seq_mc, seq_sobol, seq_boot = seq.spawn(3)
    if sobol:
        from ._sobol import MIN_BASE

        if (sobol_n or n) < MIN_BASE:
            raise ConfigError(f"Sobol analysis needs at least {MIN_BASE} base samples (it runs "
                              f"N × (inputs + 2) replicates); found N = {sobol_n or n}")
    fw = load_framework(framework)
    panel = data if isinstance(data, Panel) else read_panel(data, fw)
    eng = Engine(panel, fw, params or {}, spec, year)
    total = n + (_sobol_runs(eng, sobol_n or n) if sobol else 0)
    done = [0]

    def tick(k):
        done[0] += k
        if progress is not None:
            progress(done[0], total)

    counts = _monte_carlo(eng, n, seq_mc, backend, address, n_jobs, tick)
    intervals = _intervals(eng, counts, n)
    rem, rem_long = _removal(eng) if removal else (_empty_removal(), _empty_shifts())
    sob, base = (_sobol(eng, sobol_n or n, seq_sobol, seq_boot, resamples, conf_level,
                        backend, address, n_jobs, tick) if sobol else (_empty_sobol(), 0))
    inputs = pd.DataFrame({
        "input": [f.name for f in spec.factors],
        "options": ["; ".join(f.labels) if not f.is_weights else _weight_text(spec)
                    for f in spec.factors]}, columns=["input", "options"])
    prov = {"innoscope": __version__, "seed": _seed_text(rng), "n": int(n), "backend": backend,
            "framework": fw.name, "data": panel.source, "year": eng.year,
            "params": {k: v for k, v in (params or {}).items() if v is not None},
            "weights": dict(weights or {}), "alternatives": dict(alternatives or {}),
            "chunk": CHUNK}
    return RobustnessResult(intervals=intervals, removal=rem, removal_shifts=rem_long,
                            sobol=sob, inputs=inputs, n=int(n), sobol_n=int(base),
                            year=eng.year, labels=eng.labels, provenance=prov)


# ------------------------------------------------------------------------ seeds


def _seed_sequence(rng) -> np.random.SeedSequence:
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(int(rng.integers(2 ** 63)))
    return np.random.SeedSequence(rng)


def _seed_text(rng):
    return int(rng) if isinstance(rng, (int, np.integer)) else repr(rng)


def _weight_text(spec) -> str:
    nodes = "every node" if not spec.nodes else ", ".join(spec.nodes)
    if spec.distribution == "dirichlet":
        return f"Dirichlet, concentration {spec.concentration:g}, {nodes}"
    return f"uniform ×[{1 - spec.noise:g}, {1 + spec.noise:g}], {nodes}"


# ------------------------------------------------------------------------ Monte Carlo


def _counts_chunk(eng: Engine, seed: np.random.SeedSequence, b: int) -> dict[str, np.ndarray]:
    """Integer counts of one chunk: rank and tier histograms, summed |rank shifts|."""
    U = np.random.default_rng(seed).random((b, eng.dim))
    S = eng.scores(U)
    order = np.argsort(-S, axis=1, kind="stable")
    R = rank_min(S, order)
    T = eng.tiers(S, order)
    n = eng.n
    k = eng.n_tiers
    reg = np.arange(n)[None, :]
    ranks = np.bincount((reg * (n + 1) + R).ravel(), minlength=n * (n + 1)).reshape(n, n + 1)
    tiers = np.bincount((reg * (k + 1) + T).ravel(), minlength=n * (k + 1)).reshape(n, k + 1)
    nom = eng.nominal_ranks[None, :]
    shift = np.where((R > 0) & (nom > 0), np.abs(R - nom), 0).sum(axis=0)
    return {"ranks": ranks, "tiers": tiers, "shift": shift}


def _chunks(total: int, seq: np.random.SeedSequence) -> list[tuple[np.random.SeedSequence, int]]:
    k = -(-total // CHUNK)
    seeds = seq.spawn(k)
    return [(s, min(CHUNK, total - i * CHUNK)) for i, s in enumerate(seeds)]


def _task(eng, fn, items):
    return [fn(eng, *it) for it in items]


def _run_chunks(eng, fn, items, backend, address, n_jobs, tick, total):
    """``[fn(eng, *item) for item in items]``, in order, on the chosen backend."""
    if backend == "local" and total < LOCAL_PROCESSES_FROM:
        out = []
        for it in items:
            out.append(fn(eng, *it))
            tick(it[-1] if isinstance(it[-1], int) else 0)
        return out
    from joblib import Parallel, delayed, parallel_config

    ctx = _backend_context(backend, address)
    with ctx as (name, workers):
        jobs = workers if n_jobs == -1 else n_jobs
        per = max(1, -(-len(items) // (max(jobs, 1) * 4)))
        batches = [items[i:i + per] for i in range(0, len(items), per)]
        with parallel_config(backend=name, n_jobs=jobs):
            # joblibspark returns lists only: progress then moves once, at the end
            mode = "list" if name == "spark" else "generator"
            parts = Parallel(return_as=mode)(delayed(_task)(eng, fn, b) for b in batches)
            out = []
            for b, part in zip(batches, parts):
                out.extend(part)
                tick(sum(it[-1] for it in b if isinstance(it[-1], int)))
    return out


class _backend_context:
    """Yields ``(joblib backend name, workers)``; starts/stops what it needs."""

    def __init__(self, backend, address):
        self.backend, self.address = backend, address
        self._client = None

    def __enter__(self):
        import os

        if self.backend == "local":
            return "loky", os.cpu_count() or 1
        if self.backend == "spark":
            from joblibspark import register_spark
            from pyspark.sql import SparkSession

            if not self.address or self.address.startswith("local"):
                import sys

                # local workers run this interpreter (with innoscope and its dependencies)
                os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            builder = SparkSession.builder.appName("innoscope-robustness")
            if self.address:
                builder = builder.master(self.address)
            spark = builder.getOrCreate()
            register_spark()
            return "spark", max(1, spark.sparkContext.defaultParallelism)
        from dask.distributed import Client

        self._client = Client(self.address) if self.address else Client(processes=False)
        workers = sum(self._client.ncores().values()) or 1
        return "dask", workers

    def __exit__(self, *exc):
        if self._client is not None:
            self._client.close()  # a named cluster keeps running; only the connection closes
        return False


def _monte_carlo(eng, n, seq, backend, address, n_jobs, tick):
    items = _chunks(n, seq)
    parts = _run_chunks(eng, _counts_chunk, items, backend, address, n_jobs, tick, n)
    out = {k: sum(p[k] for p in parts) for k in ("ranks", "tiers", "shift")}
    return out


def _quantile(cum: np.ndarray, total: int, num: int, den: int) -> np.ndarray:
    """Smallest rank whose cumulative count reaches ``num/den`` of ``total`` (exact)."""
    hit = cum * den >= num * total
    return np.argmax(hit, axis=1) + 1


def _intervals(eng: Engine, counts, n: int) -> pd.DataFrame:
    ranks = counts["ranks"][:, 1:]           # ranks 1..n
    ranked = ranks.sum(axis=1)
    cum = np.cumsum(ranks, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        q05, med, q95 = (np.where(ranked > 0, _quantile(cum, ranked[:, None], a, 100), 0)
                         for a in (5, 50, 95))
    cols = {"region": eng.regions.astype(str), "nominal_rank": eng.nominal_ranks,
            "median_rank": med, "q05": q05, "q95": q95}
    k = eng.n_tiers
    tiers = counts["tiers"]
    for t in range(1, k + 1):
        cols[f"p_tier_{t}"] = tiers[:, t] / n
    if k and tiers[:, 0].any() or (k and (eng.nominal_tiers == 0).any()):
        cols["p_no_tier"] = tiers[:, 0] / n
    cols["nominal_tier"] = eng.nominal_tiers
    with np.errstate(invalid="ignore", divide="ignore"):
        cols["mean_abs_rank_shift"] = np.where(ranked > 0, counts["shift"] / np.maximum(ranked, 1),
                                               np.nan)
    out = pd.DataFrame(cols)
    for c in INTERVAL_COLUMNS[1:] + ("nominal_tier",):
        out[c] = out[c].astype("Int64").mask(out[c] == 0)
    out = out.sort_values(["nominal_rank", "region"], kind="stable", na_position="last")
    return out.reset_index(drop=True)


# ------------------------------------------------------------------------ removal


def _removal(eng: Engine):
    v, a = eng.nominal_variant, eng.nominal_agg
    m = len(eng.indicators)
    W = np.broadcast_to(v.w, (m, len(v.w))).copy()
    W[np.arange(m), np.arange(m)] = 0.0  # indicators come first among the weighted nodes
    W = eng._renormalise(W)
    S = eng.scores_of(v, a, W)
    R = rank_min(S)
    nom = eng.nominal_ranks
    ok = (R > 0) & (nom[None, :] > 0)
    shift = np.where(ok, R - nom[None, :], 0)
    long = pd.DataFrame({
        "indicator": np.repeat(eng.indicators, eng.n),
        "region": np.tile(eng.regions.astype(str), m),
        "nominal_rank": np.tile(nom, m), "rank": R.ravel(), "shift": shift.ravel()})
    for c in ("nominal_rank", "rank", "shift"):
        long[c] = long[c].astype("Int64")
    long.loc[~ok.ravel(), ["rank", "shift"]] = pd.NA
    absd = np.abs(shift)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok.any(axis=1), absd.sum(axis=1) / np.maximum(ok.sum(axis=1), 1), np.nan)
    most = [eng.regions[i] if absd[j, i] > 0 else "" for j, i in enumerate(absd.argmax(axis=1))]
    summary = pd.DataFrame({"indicator": eng.indicators, "mean_abs_rank_shift": mean,
                            "max_abs_rank_shift": absd.max(axis=1),
                            "most_shifted_region": most,
                            "regions_moved": (absd > 0).sum(axis=1)})
    summary = summary.sort_values(["mean_abs_rank_shift", "indicator"], ascending=[False, True],
                                  kind="stable").reset_index(drop=True)
    return summary, long


def _empty_removal():
    from ._result import REMOVAL_COLUMNS

    return pd.DataFrame(columns=list(REMOVAL_COLUMNS))


def _empty_shifts():
    return pd.DataFrame(columns=["indicator", "region", "nominal_rank", "rank", "shift"])


# ------------------------------------------------------------------------ Sobol


def _groups(eng: Engine) -> tuple[list[str], list[int]]:
    names = [f.name for f in eng.choices]
    sizes = [1] * len(names)
    if eng._wdims:
        names.append("weight_noise")
        sizes.append(eng._wdims)
    return names, sizes


def _sobol_runs(eng, n) -> int:
    m = int(np.ceil(np.log2(max(n, 1))))
    return (2 ** m) * (len(_groups(eng)[0]) + 2)


def _ranks_chunk(eng: Engine, U: np.ndarray, b: int) -> np.ndarray:
    return rank_min(eng.scores(U))


def _sobol(eng, n, seq, seq_boot, resamples, conf_level, backend, address, n_jobs, tick):
    names, sizes = _groups(eng)
    U, N = saltelli_design(sizes, n, np.random.default_rng(seq))
    items = [(U[i:i + CHUNK], len(U[i:i + CHUNK])) for i in range(0, len(U), CHUNK)]
    parts = _run_chunks(eng, _ranks_chunk, items, backend, address, n_jobs, tick, len(U))
    R = np.vstack(parts).astype(float)                       # (runs, n)
    nom = eng.nominal_ranks.astype(float)
    R[R == 0] = np.nan
    with np.errstate(invalid="ignore"):
        shift = np.nanmean(np.abs(R - nom[None, :]), axis=1)
    names_out = ["mean_abs_rank_shift"] + [str(r) for r in eng.regions]
    Y = np.column_stack([shift, R])                          # (runs, outputs)
    G = len(names)
    boot_seed = int(np.random.default_rng(seq_boot).integers(2 ** 63))
    est = sobol_estimates(Y[:N], Y[N:2 * N], Y[2 * N:].reshape(G, N, -1), resamples=resamples,
                          conf_level=conf_level, rng=boot_seed)
    rows = [(o, names[g], est["S1"][g, j], est["S1_conf"][g, j], est["ST"][g, j],
             est["ST_conf"][g, j]) for j, o in enumerate(names_out) for g in range(G)]
    return pd.DataFrame(rows, columns=["output", "input", "S1", "S1_conf", "ST", "ST_conf"]), N


def _empty_sobol():
    return pd.DataFrame(columns=["output", "input", "S1", "S1_conf", "ST", "ST_conf"])
