"""Speed of BCC input-oriented DEA (3 inputs, 3 outputs) against the plain method and Python peers.

Data generator (fixed, seed 20240601 unless --seed): inputs uniform on [10, 100]; each output
r is a Cobb–Douglas frontier ``exp(log(x) @ B[:, r])`` with the exponent matrix
``B = [[.3, .2, .1], [.1, .3, .2], [.2, .1, .3]]`` (returns to scale 0.6 per output), times a
common half-normal inefficiency ``exp(-|N(0, 0.3²)|)`` per DMU.

For each size the script prints the median time of ``--repeat`` runs of ``innoscope.efficiency.dea``
(frontier pass: a few HiGHS solves, reused optimal bases and a batched numpy dual simplex,
every score certified optimal; scores only), the plain one-LP-per-DMU method on the same
HiGHS engine (all DMUs in every LP; up to ``--plain-max`` DMUs, a random subset of 200 DMUs
checked beyond that), the largest score difference between the two, peak memory (tracemalloc
for numpy/pandas allocations in a separate untimed run up to 10,000 DMUs, and the process's max RSS), and with ``--peers`` pyDEA and
Pyfrontier run in a separate virtual environment (``--peers-python``, default
/tmp/peers/bin/python, e.g. ``python -m venv /tmp/peers && /tmp/peers/bin/pip install pyDEA
Pyfrontier``) with a 600 s limit each.

Usage::

    python benchmarks/bench_dea.py --sizes 100,500,2000 [--peers] [--repeat 3] [--jobs 1]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

import numpy as np

from innoscope.efficiency import dea
from innoscope.efficiency._engine import RadialEngine
from innoscope.efficiency._spec import Orientation, Technology

B = np.array([[0.3, 0.2, 0.1], [0.1, 0.3, 0.2], [0.2, 0.1, 0.3]])


def generate(n: int, seed: int = 20240601):
    """The benchmark data set (see the module docstring)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(10, 100, (n, 3))
    u = np.abs(rng.normal(0.0, 0.3, (n, 1)))
    Y = np.exp(np.log(X) @ B) * np.exp(-u)
    return X, Y


def plain_scores(X, Y, idx):
    """One LP per DMU over all DMUs (the reference method), for DMUs ``idx``."""
    fx, fy = X.mean(0), Y.mean(0)
    Xs, Ys = X / fx, Y / fy
    eng = RadialEngine(Xs, Ys, rts=Technology.VRS, orientation=Orientation.INPUT, full=True)
    return np.array([eng.solve(Xs[k], Ys[k], self_index=int(k)).score for k in idx])


PEER_SCRIPT = r"""
import sys, time, json, numpy as np, os, tempfile
which, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(1, 7))
X, Y = d[:, :3], d[:, 3:]
t = time.perf_counter()
if which == "Pyfrontier":
    from Pyfrontier.frontier_model import EnvelopDEA
    m = EnvelopDEA(frontier="VRS", orient="in")
    m.fit(X, Y)
    sc = [r.score for r in m.results]
else:
    import pyDEA.main
    out = tempfile.mkdtemp()
    par = os.path.join(out, "params.txt")
    with open(par, "w") as f:
        f.write("<DATA_FILE> {%s}\n<INPUT_CATEGORIES> {x1; x2; x3}\n<OUTPUT_CATEGORIES> {y1; y2; y3}\n"
                "<DEA_FORM> {env}\n<RETURN_TO_SCALE> {VRS}\n<ORIENTATION> {input}\n<MAXIMIZE_SLACKS> {}\n"
                "<USE_SUPER_EFFICIENCY> {}\n<OUTPUT_FILE> {}\n" % path)
    pyDEA.main.main(par, "csv", out)
    sc = None
print(json.dumps({"seconds": time.perf_counter() - t, "scores": sc}))
"""


def run_peer(which, X, Y, python, timeout=600):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "data.csv")
        with open(path, "w") as f:
            f.write("dmu,x1,x2,x3,y1,y2,y3\n")
            for k in range(len(X)):
                f.write(f"D{k}," + ",".join(repr(float(v)) for v in np.r_[X[k], Y[k]]) + "\n")
        script = os.path.join(tmp, "peer.py")
        with open(script, "w") as f:
            f.write(PEER_SCRIPT)
        try:
            p = subprocess.run([python, script, which, path, str(len(X))], capture_output=True, text=True,
                               timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            return None, f"> {timeout} s (stopped)"
        except OSError as exc:
            return None, f"not run ({exc})"
        if p.returncode != 0:
            last = (p.stderr.strip().splitlines() or ["?"])[-1]
            return None, f"failed: {last[:80]}"
        line = [ln for ln in p.stdout.splitlines() if ln.startswith("{")][-1]
        res = json.loads(line)
        return res, f"{res['seconds']:.2f} s"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,500,2000,10000", help="comma-separated n (100000 is optional)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (median reported); 1 above 10,000")
    ap.add_argument("--jobs", type=int, default=1, help="processes for dea(n_jobs=...)")
    ap.add_argument("--plain-max", type=int, default=2000, help="largest n solved fully by the plain method")
    ap.add_argument("--peers", action="store_true", help="also time pyDEA and Pyfrontier (separate venv)")
    ap.add_argument("--peers-python", default="/tmp/peers/bin/python")
    ap.add_argument("--seed", type=int, default=20240601)
    a = ap.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]
    print(f"BCC input-oriented, 3 inputs / 3 outputs, seed {a.seed}, HiGHS tolerances 1e-10, jobs={a.jobs}")
    hdr = f"{'n':>7} {'innoscope s':>12} {'plain s':>9} {'ratio':>7} {'max|Δθ|':>9} {'#eff':>6} {'peak MB':>8} {'RSS MB':>7}"
    if a.peers:
        hdr += f"  {'pyDEA':>16} {'Pyfrontier':>16}"
    print(hdr)
    for n in sizes:
        X, Y = generate(n, a.seed)
        reps = a.repeat if n <= 10000 else 1
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            r = dea(X, Y, model="bcc", orientation="input", slacks=False, n_jobs=a.jobs)
            times.append(time.perf_counter() - t)
        if n <= 10000:  # tracemalloc slows allocation: a separate, untimed run
            tracemalloc.start()
            dea(X, Y, model="bcc", orientation="input", slacks=False, n_jobs=a.jobs)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        else:
            peak = float("nan")
        theta = r.efficiency.to_numpy()
        med = statistics.median(times)
        if n <= a.plain_max:
            t = time.perf_counter()
            ref = plain_scores(X, Y, np.arange(n))
            tp = time.perf_counter() - t
            diff = np.abs(ref - theta).max()
            plain = f"{tp:9.2f}"
            ratio = f"{tp / med:7.1f}"
        else:
            idx = np.random.default_rng(1).choice(n, size=min(200, n), replace=False)
            t = time.perf_counter()
            ref = plain_scores(X, Y, idx)
            tp = (time.perf_counter() - t) * n / len(idx)
            diff = np.abs(ref - theta[idx]).max()
            plain = f"~{tp:8.0f}"
            ratio = f"~{tp / med:6.0f}"
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        line = (f"{n:>7} {med:12.3f} {plain:>9} {ratio:>7} {diff:9.1e} {int((theta >= 1 - 1e-9).sum()):>6} "
                f"{peak:8.1f} {rss:7.0f}")
        if a.peers:
            for which in ("pyDEA", "Pyfrontier"):
                res, msg = run_peer(which, X, Y, a.peers_python)
                if res is not None and res.get("scores") is not None:
                    d = np.abs(np.asarray(res["scores"], float) - theta).max()
                    msg += f" Δ{d:.0e}"
                line += f"  {msg:>16}"
        print(line, flush=True)
    print("plain: one LP per DMU over all n DMUs on the same reused HiGHS model; '~' = extrapolated "
          "from 200 random DMUs (also the Δθ check). ratio = plain / innoscope.")


if __name__ == "__main__":
    sys.exit(main())
