"""Imports every command module so that each registers on the app."""
from __future__ import annotations

import importlib

for _name in ("_index", "_misc", "_dea", "_evaluate", "_template", "_report"):
    try:
        importlib.import_module(f"{__package__}.{_name}")
    except ModuleNotFoundError as exc:  # a command module not written yet
        if exc.name != f"{__package__}.{_name}":
            raise
