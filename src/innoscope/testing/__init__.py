"""Tools for testing code built on innoscope.

:mod:`innoscope.testing.strategies` holds hypothesis strategies for panels, frameworks and
DEA tables; it needs ``hypothesis`` (``pip install 'innoscope[dev]'``), imported only when
that module is.
"""
