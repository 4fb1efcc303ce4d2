"""The same seed gives the same intervals on every backend (local processes, Dask, Spark)."""
from __future__ import annotations

import pandas as pd
import pytest

import innoscope.robustness._run as run_mod
from innoscope.robustness import CHUNK, analyse
from tests.test_robustness import _small

N = CHUNK + 500  # two chunks


def _analyse(**kw):
    panel, fw = _small()
    return analyse(panel, fw, params={"normalise__range": (1, 100)}, weights={"noise": 0.3},
                   alternatives={"aggregate": [{"method": "arithmetic"}, {"method": "geometric"}]},
                   n=N, rng=9, removal=False, **kw)


@pytest.fixture(scope="module")
def reference():
    return _analyse()


def test_local_processes_equal_in_process(reference, monkeypatch):
    monkeypatch.setattr(run_mod, "LOCAL_PROCESSES_FROM", 1)
    got = _analyse(n_jobs=2)
    pd.testing.assert_frame_equal(got.intervals, reference.intervals)


def test_dask_local_cluster_equals_in_process(reference):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        got = _analyse(backend="dask", address=cluster.scheduler_address)
    pd.testing.assert_frame_equal(got.intervals, reference.intervals)


@pytest.mark.filterwarnings("ignore:Spark local mode:UserWarning")
def test_spark_local_mode_equals_in_process(reference):
    pytest.importorskip("pyspark")
    pytest.importorskip("joblibspark")
    got = _analyse(backend="spark", address="local[2]")
    pd.testing.assert_frame_equal(got.intervals, reference.intervals)
    from pyspark.sql import SparkSession

    SparkSession.builder.getOrCreate().stop()
