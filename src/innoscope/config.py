"""Configuration: a TOML file is just saved parameters of the pipeline and the analyses.

Every table and key is checked; an unknown key or method name is an error suggesting
the closest valid one. See ``docs/config.md`` for the full list.
"""
from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .errors import ConfigError
from .steps._aggregate import METHODS as AGG_METHODS
from .steps._impute import METHODS as IMPUTE_METHODS
from .steps._normalise import METHODS as NORM_METHODS
from .steps._treat import METHODS as TREAT_METHODS
from .steps._weights import METHODS as WEIGHT_METHODS
from .tiers import RULES as TIER_RULES

__all__ = ["Config", "load_config", "index_params"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _method(valid, step):
    def check(cls, v):
        if v not in valid:
            close = difflib.get_close_matches(str(v), list(valid), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"unknown {step} method {v!r}{hint}; valid: {', '.join(valid)}")
        return v
    return check


class IndexSection(_Section):
    missing_indicators: Literal["error", "drop"] = "error"
    coverage_min: float = 0.8


class PanelSection(_Section):
    regions: Literal["auto", "china", "none"] = "auto"
    sheet: Optional[str] = None


class ImputeSection(_Section):
    method: str = "none"
    groups: Optional[str] = None
    _m = field_validator("method")(_method(IMPUTE_METHODS, "impute"))


class TreatSection(_Section):
    method: str = "none"
    pooled: bool = False
    winmax: int = 5
    skew_max: float = 2.0
    kurt_max: float = 3.5
    _m = field_validator("method")(_method(TREAT_METHODS, "treat"))


class NormaliseSection(_Section):
    method: str = "minmax"
    range: tuple[float, float] = (0.0, 100.0)
    mean: float = 0.0
    sd: float = 1.0
    pooled: bool = False
    target: Optional[Any] = None
    _m = field_validator("method")(_method(NORM_METHODS, "normalise"))


class WeightsSection(_Section):
    method: str = "framework"
    ahp: Optional[Any] = None
    _m = field_validator("method")(_method(WEIGHT_METHODS, "weights"))


class AggregateSection(_Section):
    method: str = "arithmetic"
    p: float = 1.0
    min_availability: Optional[float] = None
    _m = field_validator("method")(_method(AGG_METHODS, "aggregate"))


class TiersSection(_Section):
    rule: str = "median"
    k: int = 2
    split: Literal["gaps", "jenks"] = "gaps"
    size: Optional[int] = None
    tie: Literal["min", "max", "include", "exclude"] = "min"
    thresholds: Optional[list[float]] = None
    _m = field_validator("rule")(_method(TIER_RULES, "tiers"))


class Override(_Section):
    impute: Optional[str] = None
    normalise: Optional[str] = None
    range: Optional[tuple[float, float]] = None
    target: Optional[Any] = None
    weight: Optional[float] = None
    aggregation: Optional[str] = None


class EvaluateSection(_Section):
    year: Optional[int] = None
    growth_from: int = 2016
    growth_to: int = 2021
    ddof: int = 0
    efficiency_high: float = 0.9
    strengths_level: int = 2
    strengths_margin: Optional[int] = None
    inputs: Optional[list[str]] = None
    outputs: Optional[list[str]] = None


class Config(_Section):
    """The whole configuration file."""

    index: IndexSection = IndexSection()
    panel: PanelSection = PanelSection()
    impute: ImputeSection = ImputeSection()
    treat: TreatSection = TreatSection()
    normalise: NormaliseSection = NormaliseSection()
    weights: WeightsSection = WeightsSection()
    aggregate: AggregateSection = AggregateSection()
    tiers: TiersSection = TiersSection()
    overrides: dict[str, Override] = {}
    evaluate: EvaluateSection = EvaluateSection()


def load_config(path: "str | Path | None" = None, **defaults: Any) -> Config:
    """Read and validate a TOML config; ``defaults`` pre-set section values (``index={...}``)."""
    doc: dict[str, Any] = {k: dict(v) for k, v in defaults.items()}
    if path is not None:
        p = Path(path)
        if not p.exists():
            raise ConfigError(f"{p}: no such config file")
        try:
            text = p.read_text(encoding="utf-8-sig")
            user = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{p}: not valid TOML ({exc})") from None
        for key, value in user.items():
            if isinstance(value, dict) and isinstance(doc.get(key), dict):
                doc[key] = {**doc[key], **value}
            else:
                doc[key] = value
    source = str(path) if path is not None else "config"
    try:
        return Config.model_validate(doc)
    except ValidationError as exc:
        raise ConfigError([_line(source, e) for e in exc.errors()]) from None


def _line(source: str, err: dict) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        parent = Config
        for part in err["loc"][:-1]:
            field = parent.model_fields.get(str(part)) if hasattr(parent, "model_fields") else None
            parent = field.annotation if field is not None else None
            if parent is None or not hasattr(parent, "model_fields"):
                parent = None
                break
        options = list(parent.model_fields) if parent is not None else []
        close = difflib.get_close_matches(str(err["loc"][-1]), options, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{source}: unknown key {loc!r}{hint}"
    msg = err["msg"].removeprefix("Value error, ")
    return f"{source}: {loc}: {msg}"


def index_params(cfg: Config) -> dict[str, Any]:
    """Translate a config into ``Index.set_params`` keys (``step__param``)."""
    impute_over: dict[str, str] = {}
    norm_over: dict[str, dict] = {}
    weight_over: dict[str, float] = {}
    agg_over: dict[str, str] = {}
    for code, o in cfg.overrides.items():
        if o.impute is not None:
            if o.impute not in IMPUTE_METHODS:
                raise ConfigError(f"overrides.{code}.impute: unknown method {o.impute!r}")
            impute_over[code] = o.impute
        if o.normalise is not None or o.range is not None or o.target is not None:
            spec = {}
            if o.normalise is not None:
                if o.normalise not in NORM_METHODS:
                    raise ConfigError(f"overrides.{code}.normalise: unknown method {o.normalise!r}")
                spec["method"] = o.normalise
            if o.range is not None:
                spec["range"] = tuple(o.range)
            if o.target is not None:
                spec["target"] = o.target
            norm_over[code] = spec
        if o.weight is not None:
            weight_over[code] = o.weight
        if o.aggregation is not None:
            if o.aggregation not in AGG_METHODS:
                raise ConfigError(f"overrides.{code}.aggregation: unknown method {o.aggregation!r}")
            agg_over[code] = o.aggregation
    return {
        "missing_indicators": cfg.index.missing_indicators,
        "impute__method": cfg.impute.method,
        "impute__groups": cfg.impute.groups,
        "impute__overrides": impute_over or None,
        "treat__method": cfg.treat.method,
        "treat__pooled": cfg.treat.pooled,
        "treat__winmax": cfg.treat.winmax,
        "treat__skew_max": cfg.treat.skew_max,
        "treat__kurt_max": cfg.treat.kurt_max,
        "normalise__method": cfg.normalise.method,
        "normalise__range": tuple(cfg.normalise.range),
        "normalise__mean": cfg.normalise.mean,
        "normalise__sd": cfg.normalise.sd,
        "normalise__pooled": cfg.normalise.pooled,
        "normalise__target": cfg.normalise.target,
        "normalise__overrides": norm_over or None,
        "weights__method": cfg.weights.method,
        "weights__ahp": cfg.weights.ahp,
        "weights__overrides": weight_over or None,
        "aggregate__method": cfg.aggregate.method,
        "aggregate__p": cfg.aggregate.p,
        "aggregate__min_availability": cfg.aggregate.min_availability,
        "aggregate__overrides": agg_over or None,
        "tiers__rule": cfg.tiers.rule,
        "tiers__k": cfg.tiers.k,
        "tiers__split": cfg.tiers.split,
        "tiers__size": cfg.tiers.size,
        "tiers__tie": cfg.tiers.tie,
        "tiers__thresholds": cfg.tiers.thresholds,
    }
