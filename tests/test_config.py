"""Config = saved parameters: generic step tables, --set items, errors, generated reference."""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from innoscope._estimator import Estimator
from innoscope.config import Config, STEPS, config_reference, index_params, load_config, parse_set
from innoscope.errors import ConfigError
from innoscope.index import Index
from innoscope.steps import Aggregate, Impute, Normalise, Treat, Weight
from innoscope.tiers import Tier

REPO = Path(__file__).resolve().parents[1]


def _toml(tmp_path, text):
    p = tmp_path / "c.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_step_tables_are_the_index_steps():
    assert STEPS == {"impute": Impute, "treat": Treat, "normalise": Normalise, "weights": Weight,
                     "aggregate": Aggregate, "tiers": Tier}


def test_defaults_are_the_step_signatures():
    cfg = load_config()
    params = index_params(cfg)
    for section, cls in STEPS.items():
        for name, p in inspect.signature(cls.__init__).parameters.items():
            if p.kind is p.KEYWORD_ONLY and name != "overrides":
                assert getattr(getattr(cfg, section), name) == p.default
                assert params[f"{section}__{name}"] == p.default
            elif name == "overrides":
                assert params[f"{section}__overrides"] is None
    # the defaults set up exactly the default pipeline
    def plain(index):
        return {k: v for k, v in index.get_params().items() if not isinstance(v, Estimator)}

    assert plain(Index().set_params(**params)) == plain(Index())


def test_table_key_maps_to_step_param(tmp_path):
    cfg = load_config(_toml(tmp_path, '[normalise]\nmethod = "zscore"\nrange = [1, 100]\n'
                                      '[tiers]\nk = 3\n[treat]\nmethod = "winsorise_log"\n'))
    params = index_params(cfg)
    assert params["normalise__method"] == "zscore"
    assert params["normalise__range"] == (1.0, 100.0)
    assert params["tiers__k"] == 3 and cfg.tiers.k == 3
    assert params["treat__method"] == "winsorise_log"
    idx = Index().set_params(**params)
    assert idx.normalise.method == "zscore" and idx.tiers.k == 3


def test_overrides_map_to_step_overrides(tmp_path):
    cfg = load_config(_toml(tmp_path, '[overrides.a]\nimpute = "mean"\nnormalise = "rank"\n'
                                      'range = [1, 10]\nweight = 2\n[overrides.p1]\n'
                                      'aggregation = "geometric"\n'))
    params = index_params(cfg)
    assert params["impute__overrides"] == {"a": "mean"}
    assert params["normalise__overrides"] == {"a": {"method": "rank", "range": (1.0, 10.0)}}
    assert params["weights__overrides"] == {"a": 2.0}
    assert params["aggregate__overrides"] == {"p1": "geometric"}


def test_every_problem_is_one_line_naming_file_and_key(tmp_path):
    p = _toml(tmp_path, '[normalise]\nmethod = "minmaks"\nrnage = [0, 1]\n[tiers]\nk = 0\n'
                        '[normalize]\nx = 1\n[overrides.a]\nimpute = "meen"\nwieght = 2\n'
                        '[index]\nmissing_indicators = "dorp"\n')
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    lines = exc.value.problems
    assert all(line.startswith(f"{p}: ") for line in lines)
    text = "\n".join(lines)
    assert "unknown key 'normalise.rnage' (did you mean 'range'?)" in text
    assert "unknown key 'normalize' (did you mean 'normalise'?)" in text
    assert "unknown key 'overrides.a.wieght' (did you mean 'weight'?)" in text
    assert "normalise.method: unknown value 'minmaks' (did you mean 'minmax'?)" in text
    assert "tiers.k: must be an integer ≥ 1, found 0" in text
    assert "overrides.a.impute: unknown value 'meen' (did you mean 'mean'?)" in text
    assert "index.missing_indicators: unknown value 'dorp' (did you mean 'drop'?)" in text
    assert len(lines) == 7


def test_wrong_type_is_reported():
    with pytest.raises(ConfigError, match=r"--set tiers\.k=x: tiers\.k: Input should be a valid "
                                          "integer"):
        load_config(sets=["tiers.k=x"])


def test_step_validation_is_the_same_at_load_and_in_fit():
    with pytest.raises(ConfigError) as at_load:
        load_config(sets=["normalise.method=minmx"])
    with pytest.raises(ConfigError) as in_fit:
        Normalise(method="minmx")._validate()
    assert at_load.value.problems == [f"--set normalise.method=minmx: {in_fit.value.problems[0]}"]


def test_parse_set_values():
    assert parse_set(["normalise.method=zscore", "tiers.k=3", 'evaluate.inputs=["a","b"]',
                      "normalise.pooled=true", "overrides.rd_fte.weight=0.5",
                      "panel.sheet=数据"]) == {
        "normalise": {"method": "zscore", "pooled": True}, "tiers": {"k": 3},
        "evaluate": {"inputs": ["a", "b"]}, "overrides": {"rd_fte": {"weight": 0.5}},
        "panel": {"sheet": "数据"}}
    with pytest.raises(ConfigError, match="--set tiers: expected table.key=value"):
        parse_set(["tiers"])


def test_sets_apply_over_the_file_and_defaults(tmp_path):
    p = _toml(tmp_path, '[normalise]\nmethod = "rank"\n[tiers]\nk = 4\n')
    cfg = load_config(p, sets=["normalise.method=zscore", "tiers.k=3",
                               'evaluate.inputs=["a","b"]'],
                      index={"missing_indicators": "drop"}, tiers={"k": 5, "size": 17})
    assert cfg.normalise.method == "zscore"
    assert cfg.tiers.k == 3 and cfg.tiers.size == 17
    assert cfg.evaluate.inputs == ["a", "b"]
    assert cfg.index.missing_indicators == "drop"


def test_set_errors_name_the_item(tmp_path):
    p = _toml(tmp_path, '[normalise]\nmethod = "rank"\n')
    with pytest.raises(ConfigError) as exc:
        load_config(p, sets=["normalise.mthod=zscore", "tiers.rule=medain"])
    assert exc.value.problems == [
        "--set normalise.mthod=zscore: unknown key 'normalise.mthod' (did you mean 'method'?)",
        "--set tiers.rule=medain: tiers.rule: unknown value 'medain' (did you mean 'median'?); "
        "valid: median, relative, quantile, none"]


def test_config_is_a_frozen_model_that_pickles():
    import pickle

    cfg = load_config(sets=["normalise.method=zscore"])
    assert isinstance(cfg, Config)
    with pytest.raises(Exception):
        cfg.tiers.k = 3
    assert pickle.loads(pickle.dumps(cfg)) == cfg


def test_docs_config_md_is_generated_from_the_steps():
    text = (REPO / "docs" / "config.md").read_text(encoding="utf-8")
    assert text == config_reference(), "docs/config.md is stale: run python tools/gen_config_docs.py"


def test_reference_lists_every_key_and_method():
    ref = config_reference()
    for section, cls in STEPS.items():
        for key in cls._param_names():
            if key != "overrides":
                assert f"`{section}.{key}`" in ref
        for options in cls._choices.values():
            for o in options:
                assert f"`{o}`" in ref
    assert "`topsis`" in ref
