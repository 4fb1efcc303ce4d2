"""The ``innoscope`` command line: a thin shell over library calls.

Each command lives in its own module and registers itself on ``app``; library errors
(:class:`innoscope.errors.InnoscopeError`) become one line per problem and exit code 2.

Start-up rule: ``innoscope --help`` and argument errors must not import numpy, pandas or any
library package that does. A command module imports at module level only the standard
library, ``typer``, ``rich`` and ``._common``; everything else (``pandas``, ``..evaluation``,
``..efficiency``, ``.._output``, …) is imported inside the command function's body, as in
``_hubs.py``. Annotations that name pandas types go under ``if TYPE_CHECKING:`` (modules use
``from __future__ import annotations``). ``tests/test_cli_startup.py`` checks the import set.
"""
from __future__ import annotations

import typer

app = typer.Typer(
    name="innoscope",
    help="Evaluate regional (digital) innovation capability: index, tiers, efficiency, reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules register on ``app`` when imported.
from . import _commands  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    app()
