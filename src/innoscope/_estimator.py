"""Estimator plumbing shared by every step: parameters, ``clone``, nested ``step__param`` keys.

A step's ``__init__`` only stores its keyword-only parameters; learned state lives in
attributes with a trailing underscore set by ``fit``.
"""
from __future__ import annotations

import copy
import inspect
from functools import cache
from typing import Any, ClassVar

__all__ = ["Estimator", "clone", "choice_problem"]


class Estimator:
    """Base class giving ``get_params`` / ``set_params`` over keyword-only ``__init__`` args.

    A step declares the allowed values of its choice parameters in ``_choices`` and may
    extend :meth:`_problems` with further checks; ``fit`` calls :meth:`_validate` first, and
    the config loader calls :meth:`_problems` so a bad config fails when it is read.
    """

    #: Name of the step in messages and config sections (the ``Index`` attribute).
    _step: ClassVar[str] = ""
    #: Parameter → its allowed values.
    _choices: ClassVar[dict[str, tuple]] = {}

    def _problems(self) -> list[tuple[str, str]]:
        """``(parameter, problem)`` for every invalid parameter value; empty when all are valid."""
        out = []
        for name, options in self._choices.items():
            msg = choice_problem(getattr(self, name), options)
            if msg:
                out.append((name, msg))
        return out

    def _validate(self) -> None:
        """Raise one :class:`ConfigError` listing every invalid parameter."""
        from .errors import ConfigError

        problems = self._problems()
        if problems:
            step = self._step or type(self).__name__
            raise ConfigError([f"{step}.{name}: {msg}" for name, msg in problems])

    @classmethod
    def _param_names(cls) -> list[str]:
        return list(_init_params(cls))

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self._param_names():
            value = getattr(self, name)
            out[name] = value
            if deep and isinstance(value, Estimator):
                for key, sub in value.get_params(deep=True).items():
                    out[f"{name}__{key}"] = sub
        return out

    def set_params(self, **params: Any) -> "Estimator":
        from .errors import ConfigError

        valid = self._param_names()
        nested: dict[str, dict[str, Any]] = {}
        problems = []
        for key, value in params.items():
            head, _, rest = key.partition("__")
            if head not in valid:
                problems.append(f"unknown parameter {key!r} for {type(self).__name__}"
                                + _suggest(head, valid))
                continue
            if rest:
                nested.setdefault(head, {})[rest] = value
            else:
                setattr(self, head, value)
        if problems:
            raise ConfigError(problems)
        for head, sub in nested.items():
            getattr(self, head).set_params(**sub)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params(deep=False).items())
        return f"{type(self).__name__}({args})"


@cache
def _init_params(cls) -> tuple[str, ...]:
    """Names of ``cls.__init__``'s parameters (a class's signature never changes)."""
    sig = inspect.signature(cls.__init__)
    return tuple(
        name
        for name, p in sig.parameters.items()
        if name != "self" and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
    )


def clone(est: Estimator) -> Estimator:
    """A new unfitted estimator with the same (deep-copied) parameters."""
    params = {}
    for name, value in est.get_params(deep=False).items():
        params[name] = clone(value) if isinstance(value, Estimator) else copy.deepcopy(value)
    return type(est)(**params)


def choice_problem(value: Any, options) -> str:
    """``""`` when ``value`` is one of ``options``, else the problem with a did-you-mean hint."""
    try:
        ok = value in options
    except TypeError:
        ok = False
    if ok:
        return ""
    return (f"unknown value {value!r}{_suggest(value, options)}; "
            f"valid: {', '.join(map(str, options))}")


def _suggest(name: str, options) -> str:
    import difflib

    close = difflib.get_close_matches(str(name), [str(o) for o in options], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
