"""Studies as data: an indicator framework, the analysis settings and the claims to check.

A shipped study is a folder ``studies/<name>/`` holding ``study.toml`` (titles, embedded
data, auxiliary series, region groups), ``framework.csv``, ``config.toml`` and
``claims.toml``. A user's study is the same folder anywhere on disk, chosen by path.
The default study is :data:`DEFAULT_STUDY`; no code branches on a study's name.

>>> from innoscope.studies import load_study
>>> s = load_study("caict2022")
>>> s.framework.summary(), len(s.claims), s.group("seed17").members[:2]
('caict2022: 17 → 11 → 4 → 1 (17 indicators, root digital_innovation)', 27, ('440000', '110000'))
"""
from ._study import DEFAULT_STUDY, Group, Study, bare_study, load_study, shipped_studies

__all__ = ["Study", "Group", "load_study", "bare_study", "shipped_studies", "DEFAULT_STUDY"]
