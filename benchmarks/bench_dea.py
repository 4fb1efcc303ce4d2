"""Speed of DEA (3 inputs, 3 outputs): radial scores, slacks, super-efficiency and SBM, side by side
with the plain one-LP-per-DMU method and with every peer that runs here.

Data (fixed seed 20240601 unless ``--seed``):

* ``lognormal`` (default): inputs and outputs independent lognormal, ``exp(N(0, 1))``.
* ``hard``: the project's generator with many DMUs on the frontier: inputs uniform on
  [10, 100]; each output r is a Cobb–Douglas frontier ``exp(log(x) @ B[:, r])`` with
  ``B = [[.3, .2, .1], [.1, .3, .2], [.2, .1, .3]]`` (returns to scale 0.6 per output), times a
  common half-normal inefficiency ``exp(-|N(0, 0.3²)|)`` per DMU.

For each size the script prints one row per measured run (median of ``--repeat`` runs):

* ``radial``: BCC input-oriented scores (``slacks=False``), the reference row for the ratios;
* ``slacks``: the same with phase II (max slacks), ``super``: with super-efficiency;
* ``sbm``: non-oriented SBM under CRS (``slacks=False``), ``super-sbm``: with super-SBM;
* ``plain``: ``method="plain"`` (one full LP per DMU on every path) up to ``--plain-max`` DMUs, and
  the largest difference of every score (efficiency, super-efficiency, phase-II slack sum);
* with ``--peers``: pyDEA, Pyfrontier and dealib (BCC input, from the Python of
  ``--peers-python``, e.g. ``python -m venv /tmp/peers && /tmp/peers/bin/pip install pyDEA
  Pyfrontier dealib``) and an R loop of one ``lpSolve::lp`` per DMU (Debian ``r-cran-lpsolve``),
  each in its own process with a time limit; a peer that is missing, fails or runs out of time
  is reported as such and the run goes on.

Columns: seconds, ratio to the innoscope radial run, largest |Δ| of the scores against
innoscope (radial θ for peers), peak memory (tracemalloc of the radial run up to 10,000 DMUs)
and the process's max RSS.

Usage::

    python benchmarks/bench_dea.py --sizes 2000,10000 [--data lognormal|hard] [--runs radial,slacks,sbm]
                                   [--repeat 3] [--peers] [--plain-max 2000]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

import numpy as np

from innoscope.efficiency import dea, sbm

B = np.array([[0.3, 0.2, 0.1], [0.1, 0.3, 0.2], [0.2, 0.1, 0.3]])
RUNS = ("radial", "slacks", "super", "sbm", "super-sbm")


def generate(n: int, seed: int = 20240601, kind: str = "hard"):
    """The benchmark data sets (see the module docstring)."""
    rng = np.random.default_rng(seed)
    if kind == "lognormal":
        return np.exp(rng.normal(0.0, 1.0, (n, 3))), np.exp(rng.normal(0.0, 1.0, (n, 3)))
    X = rng.uniform(10, 100, (n, 3))
    u = np.abs(rng.normal(0.0, 0.3, (n, 1)))
    Y = np.exp(np.log(X) @ B) * np.exp(-u)
    return X, Y


def run_innoscope(what: str, X, Y, method: str = "frontier", jobs: int = 1):
    if what == "radial":
        return dea(X, Y, model="bcc", slacks=False, method=method, n_jobs=jobs)
    if what == "slacks":
        return dea(X, Y, model="bcc", slacks=True, method=method, n_jobs=jobs)
    if what == "super":
        return dea(X, Y, model="bcc", slacks=False, super_efficiency=True, method=method, n_jobs=jobs)
    if what == "sbm":
        return sbm(X, Y, slacks=False, method=method)
    return sbm(X, Y, slacks=False, super_efficiency=True, method=method)


def largest_difference(a, b) -> float:
    """Largest |Δ| of efficiency, super-efficiency (NaN = infeasible must agree) and slack sums."""
    d = float(np.max(np.abs(a.efficiency.to_numpy() - b.efficiency.to_numpy())))
    if a.super_efficiency is not None:
        sa, sb = a.super_efficiency.to_numpy(), b.super_efficiency.to_numpy()
        if not np.array_equal(np.isnan(sa), np.isnan(sb)):
            return float("inf")
        ok = ~np.isnan(sa)
        d = max(d, float(np.max(np.abs(sa[ok] - sb[ok]), initial=0.0)))
    if a.slacks_in is not None:
        ta = a.slacks_in.sum(axis=1) + a.slacks_out.sum(axis=1)
        tb = b.slacks_in.sum(axis=1) + b.slacks_out.sum(axis=1)
        d = max(d, float(np.max(np.abs(ta.to_numpy() - tb.to_numpy()) / np.maximum(1.0, np.abs(tb.to_numpy())))))
    return d


PEER_SCRIPT = r"""
import sys, time, json, os, tempfile
import numpy as np
which, path = sys.argv[1], sys.argv[2]
d = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(1, 7))
X, Y = d[:, :3], d[:, 3:]
t = time.perf_counter()
sc = None
if which == "Pyfrontier":
    from Pyfrontier.frontier_model import EnvelopDEA
    m = EnvelopDEA(frontier="VRS", orient="in")
    m.fit(X, Y)
    sc = [r.score for r in m.results]
elif which == "dealib":
    from dealib.dea import dea
    sc = [float(v) for v in dea(X, Y, rts="vrs", orientation="input").eff]
else:
    import pyDEA.main
    out = tempfile.mkdtemp()
    par = os.path.join(out, "params.txt")
    with open(par, "w") as f:
        f.write("<DATA_FILE> {%s}\n<INPUT_CATEGORIES> {x1; x2; x3}\n<OUTPUT_CATEGORIES> {y1; y2; y3}\n"
                "<DEA_FORM> {env}\n<RETURN_TO_SCALE> {VRS}\n<ORIENTATION> {input}\n<MAXIMIZE_SLACKS> {}\n"
                "<USE_SUPER_EFFICIENCY> {}\n<OUTPUT_FILE> {}\n" % path)
    pyDEA.main.main(par, "csv", out)
print(json.dumps({"seconds": time.perf_counter() - t, "scores": sc}))
"""

R_SCRIPT = r"""
suppressMessages(library(lpSolve))
d <- read.csv(commandArgs(TRUE)[1])
X <- as.matrix(d[, 2:4]); Y <- as.matrix(d[, 5:7]); n <- nrow(X)
A <- rbind(cbind(0, t(X)), cbind(0, t(Y)), c(0, rep(1, n)))
dir <- c(rep("<=", 3), rep(">=", 3), "=")
t0 <- proc.time()[["elapsed"]]
sc <- numeric(n)
for (k in 1:n) {
  A[1:3, 1] <- -X[k, ]
  r <- lp("min", c(1, rep(0, n)), A, dir, c(0, 0, 0, Y[k, ], 1))
  sc[k] <- if (r$status == 0) r$solution[1] else NA
}
cat(sprintf('{"seconds": %.6f, "scores": [%s]}\n', proc.time()[["elapsed"]] - t0,
            paste(sprintf("%.15g", sc), collapse = ",")))
"""


def run_peer(which: str, X, Y, python: str, timeout: float):
    """``(seconds or None, scores or None, message)``; never raises."""
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "data.csv")
            with open(path, "w") as f:
                f.write("dmu,x1,x2,x3,y1,y2,y3\n")
                for k in range(len(X)):
                    f.write(f"D{k}," + ",".join(repr(float(v)) for v in np.r_[X[k], Y[k]]) + "\n")
            if which == "R lpSolve loop":
                exe = shutil.which("Rscript")
                if exe is None:
                    return None, None, "not run (no Rscript)"
                script = os.path.join(tmp, "peer.R")
                with open(script, "w") as f:
                    f.write(R_SCRIPT)
                cmd = [exe, script, path]
            else:
                if not os.path.exists(python):
                    return None, None, f"not run (no {python})"
                script = os.path.join(tmp, "peer.py")
                with open(script, "w") as f:
                    f.write(PEER_SCRIPT)
                cmd = [python, script, which, path]
            try:
                p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=tmp)
            except subprocess.TimeoutExpired:
                return None, None, f"> {timeout:g} s (stopped)"
            if p.returncode != 0:
                last = (p.stderr.strip().splitlines() or ["?"])[-1]
                return None, None, f"failed: {last[:70]}"
            lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
            if not lines:
                return None, None, "failed: no result printed"
            res = json.loads(lines[-1])
            sc = res.get("scores")
            return float(res["seconds"]), (None if sc is None else np.asarray(sc, dtype=float)), "ok"
    except Exception as exc:  # a peer must never stop the benchmark
        return None, None, f"failed: {type(exc).__name__}: {str(exc)[:60]}"


def timed(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,500,2000,10000", help="comma-separated n (100000 is optional)")
    ap.add_argument("--data", choices=("lognormal", "hard"), default="lognormal")
    ap.add_argument("--runs", default="radial,slacks,super,sbm,super-sbm",
                    help=f"comma-separated, from {', '.join(RUNS)}")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (median reported); 1 above 10,000")
    ap.add_argument("--jobs", type=int, default=1, help="n_jobs of the radial runs")
    ap.add_argument("--plain-max", type=int, default=2000, help="largest n also solved by method='plain'")
    ap.add_argument("--peers", action="store_true", help="also time pyDEA, Pyfrontier, dealib and R lpSolve")
    ap.add_argument("--peers-python", default="/tmp/peers/bin/python")
    ap.add_argument("--peer-timeout", type=float, default=600.0)
    ap.add_argument("--seed", type=int, default=20240601)
    a = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]
    runs = [r.strip() for r in a.runs.split(",") if r.strip()]
    bad = [r for r in runs if r not in RUNS]
    if bad:
        ap.error(f"unknown run(s) {', '.join(bad)}; choose from {', '.join(RUNS)}")
    if "radial" not in runs:
        runs.insert(0, "radial")
    print(f"data {a.data}, 3 inputs / 3 outputs, seed {a.seed}, BCC input (SBM: non-oriented CRS), "
          f"HiGHS tolerances 1e-10, median of {a.repeat}")
    print(f"{'n':>7}  {'run':<20} {'seconds':>9} {'×radial':>8} {'plain s':>9} {'max|Δ|':>9} {'peak MB':>8} {'RSS MB':>7}")
    run_innoscope("radial", *generate(50, 1, a.data))  # warm-up: imports, first HiGHS instance
    for n in sizes:
        X, Y = generate(n, a.seed, a.data)
        reps = a.repeat if n <= 10000 else 1
        base = None
        radial_scores = None
        for what in runs:
            med, res = timed(lambda: run_innoscope(what, X, Y, jobs=a.jobs), reps)
            if what == "radial":
                base, radial_scores = med, res.efficiency.to_numpy()
            peak = float("nan")
            if what == "radial" and n <= 10000:  # tracemalloc slows allocation: a separate, untimed run
                tracemalloc.start()
                run_innoscope(what, X, Y, jobs=a.jobs)
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            plain, diff = "—", "—"
            if n <= a.plain_max:
                tp, ref = timed(lambda: run_innoscope(what, X, Y, method="plain"), 1)
                plain, diff = f"{tp:9.2f}", f"{largest_difference(res, ref):9.1e}"
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n:>7}  {'innoscope ' + what:<20} {med:9.3f} {med / base:8.2f} {plain:>9} {diff:>9} "
                  f"{peak:8.1f} {rss:7.0f}", flush=True)
        if a.peers:
            for which in ("pyDEA", "Pyfrontier", "dealib", "R lpSolve loop"):
                sec, sc, msg = run_peer(which, X, Y, a.peers_python, a.peer_timeout)
                if sec is None:
                    print(f"{n:>7}  {which:<20} {msg}", flush=True)
                    continue
                diff = "n/a"
                if sc is not None and len(sc) == n:
                    d = np.abs(sc - radial_scores)
                    diff = "NaN" if np.isnan(d).all() else f"{np.nanmax(d):9.1e}"
                    if np.isnan(d).any():
                        diff += f" ({int(np.isnan(d).sum())} missing)"
                print(f"{n:>7}  {which:<20} {sec:9.3f} {sec / base:8.1f} {'':>9} {diff:>9}", flush=True)
    print("×radial: seconds / the innoscope radial run of the same n. plain: method='plain', one full LP per DMU "
          "on every path; max|Δ| against it (slacks: relative Δ of the slack sum), for peers against the "
          "innoscope radial θ.")


if __name__ == "__main__":
    sys.exit(main())
