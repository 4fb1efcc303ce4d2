# innoscope — quick start: `make run` then `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

.PHONY: run test venv sysdeps bench clean data

$(STAMP): pyproject.toml
	@echo "==> creating $(VENV)"
	$(PY) -m venv $(VENV)
	@echo "==> installing innoscope and its dependencies (about a minute on a fresh machine)"
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -e ".[report,dev]" 2>&1 | { grep --line-buffered -E "^(Collecting|Successfully|ERROR)" || true; } | sed -u "s/^/    /"
	touch $(STAMP)

venv: $(STAMP)

# the tests also need every optional extra (ibis, duckdb, pyspark, dask, fastapi); `make run` does not
$(TEST_STAMP): $(STAMP)
	@echo "==> installing the optional extras for the tests (micro-data, Spark, Dask, dashboard)"
	$(BIN)/pip install -e ".[all]" 2>&1 | { grep --line-buffered -E "^(Collecting|Successfully|ERROR)" || true; } | sed -u "s/^/    /"
	touch $(TEST_STAMP)

sysdeps:
	@bash tools/sysdeps.sh

run: sysdeps venv
	$(BIN)/innoscope report --out $(OUT)

test: sysdeps venv $(TEST_STAMP)
	$(BIN)/python -m pytest -n 2 --doctest-modules tests src/innoscope

# Rebuild the embedded data from the maintainers' reference figures (../shared/data).
SHARED ?= ../shared/data

data: venv
	$(BIN)/python tools/build_dataset.py --shared $(SHARED)

bench: venv $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_index.py
	$(BIN)/python benchmarks/bench_dea.py
	$(BIN)/python benchmarks/bench_evaluate.py
	$(BIN)/python benchmarks/bench_robustness.py
	$(BIN)/python benchmarks/bench_micro.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
