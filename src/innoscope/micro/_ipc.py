"""IPC codes in one canonical form, and concordance tables that say which codes are "digital".

The canonical form is the fixed-width 14-character notation of the EPO/CNIPA bulk data:
subclass (4), main group (4 digits, zero-padded on the left), subgroup (6 digits, zero-padded
on the right) — ``G06F 3/01``, ``G06F3/01`` and ``G06F0003010000`` are all
``G06F0003010000``. In that form the hierarchy is a string prefix: ``G06F0003`` is main group
3 and never main group 30 (``G06F0030``), which is why patterns are normalised the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import PanelError

__all__ = ["normalise_ipc", "ipc_pattern", "Concordance", "load_concordance", "CONCORDANCES",
           "MATCH_TYPES", "COMPACT_RE", "FIXED_RE", "CLEAN_RE"]

#: Accepted record notations after upper-casing and removing blanks and a ``(2006.01)`` version.
COMPACT_RE = r"^([A-H][0-9]{2}[A-Z])([0-9]{1,4})(/([0-9]{1,6}))?$"
FIXED_RE = r"^([A-H][0-9]{2}[A-Z])([0-9]{4})([0-9]{6})$"
#: What is removed before parsing: blanks (also ideographic) and a trailing version in brackets.
CLEAN_RE = "[\\s\u3000]+|[(（][^)）]*[)）]$"

#: match_type → (exact?, exclusion?). ``subclass``/``prefix`` take the code and everything below.
MATCH_TYPES = {
    "subclass": (False, False), "prefix": (False, False),
    "group": (True, False), "subgroup": (True, False),
    "exclude_subclass": (False, True), "exclude_prefix": (False, True),
    "exclude_group": (True, True), "exclude_subgroup": (True, True),
}

#: Concordances shipped with innoscope (``tools/build_ipc.py`` writes them; see data/SOURCE.md).
CONCORDANCES = {
    "cnipa_kdt_2023": "cnipa_kdt_2023.csv",
    "cnipa_sei_2021": "cnipa_sei_2021.csv",
    "cset_ai_2020": "cset_ai_2020.csv",
    "oecd_ict_2017_approx": "oecd_ict_2017_approx.csv",
}
DEFAULT_CONCORDANCE = "cnipa_kdt_2023"


def _clean(code: str) -> str:
    text = str(code).upper()
    return re.sub(CLEAN_RE, "", text)


def normalise_ipc(code: object) -> str | None:
    """The canonical 14-character form of an IPC code, or ``None`` if it is not one.

    Accepts ``G06F 3/01``, ``G06F3/01``, ``g06f  3/01 (2006.01)``, ``G06F0003010000``; a main
    group without subgroup (``G06F3``) is read as ``G06F3/00``. A bare subclass (``G06F``) is not
    a record code (it names no group).

    >>> normalise_ipc("G06F 3/01"), normalise_ipc("G06F0003010000"), normalise_ipc("H04L29/06")
    ('G06F0003010000', 'G06F0003010000', 'H04L0029060000')
    >>> normalise_ipc("G06F3/0484"), normalise_ipc("G06F"), normalise_ipc("G06F 3/O1")
    ('G06F0003048400', None, None)
    """
    if code is None or (isinstance(code, float) and code != code):
        return None
    c = _clean(code)
    m = re.match(FIXED_RE, c)
    if m:
        return c
    m = re.match(COMPACT_RE, c)
    if not m:
        return None
    return m.group(1) + m.group(2).rjust(4, "0") + (m.group(4) or "00").ljust(6, "0")


def ipc_pattern(code: str, match_type: str) -> str | None:
    """The canonical prefix that a concordance entry matches, or ``None`` if it is not IPC.

    ``prefix``/``subclass`` entries match every code starting with the result (``G06F11*`` →
    ``G06F0011``: main group 11 and its subgroups, not 110; ``G06F3/048*`` → ``G06F0003048``);
    ``group``/``subgroup`` entries are exact (14 characters).

    >>> ipc_pattern("G06F11*", "prefix"), ipc_pattern("G06N3/*", "prefix"), ipc_pattern("G06F*", "prefix")
    ('G06F0011', 'G06N0003', 'G06F')
    >>> ipc_pattern("G06F3/048*", "prefix"), ipc_pattern("G16H", "subclass"), ipc_pattern("G06F 12/14", "subgroup")
    ('G06F0003048', 'G16H', 'G06F0012140000')
    """
    exact, _ = MATCH_TYPES[match_type]
    c = _clean(code).rstrip("*")
    if exact:
        return normalise_ipc(c)
    if re.fullmatch(r"[A-H]([0-9]{2}([A-Z])?)?", c):  # section, class or subclass: G, G16, G16H
        return c
    m = re.fullmatch(r"([A-H][0-9]{2}[A-Z])([0-9]{1,4})(/([0-9]{0,6}))?", c)
    if m:
        return m.group(1) + m.group(2).rjust(4, "0") + (m.group(4) or "").rstrip("0")
    m = re.fullmatch(FIXED_RE.strip("^$"), c)
    if m:
        return m.group(1) + m.group(2) + m.group(3).rstrip("0")
    return None


@dataclass(frozen=True)
class Concordance:
    """An IPC concordance: which codes make a patent "digital".

    Attributes
    ----------
    name : str
        Shipped name or the file's path.
    table : pandas.DataFrame
        ``scheme, category_code, category_name, rule, ipc_code, match_type, pattern, exclude``:
        one row per entry, ``pattern`` the canonical prefix (14 characters for exact entries).
    """

    name: str
    table: pd.DataFrame

    @property
    def schemes(self) -> list[str]:
        return sorted(self.table["scheme"].unique())

    def matches(self, code: str) -> bool:
        """Whether one canonical code is digital (a plain-Python reading of the same rules).

        >>> sei = load_concordance("cnipa_sei_2021")
        >>> sei.matches(normalise_ipc("H04B 7/06")), sei.matches(normalise_ipc("H04B 7/15"))  # 1.1 rule 3: 不含 H04B7/15
        (True, False)
        """
        t = self.table
        hit = t["pattern"].map(lambda p: code.startswith(p) if len(p) < 14 else code == p)
        inc = t[hit & ~t["exclude"]]
        exc = t[hit & t["exclude"]]
        keys = set(zip(exc["scheme"], exc["category_code"], exc["rule"]))
        return any(k not in keys for k in zip(inc["scheme"], inc["category_code"], inc["rule"]))


_REQUIRED = ("scheme", "category_code", "category_name", "ipc_code", "match_type", "rule")


def load_concordance(name_or_path: "str | Path") -> Concordance:
    """A shipped concordance by name (see :data:`CONCORDANCES`) or a CSV file of the same columns.

    The file needs ``scheme, category_code, category_name, ipc_code, match_type, rule``;
    ``match_type`` is one of :data:`MATCH_TYPES`. Every entry that is not a readable IPC code
    or has an unknown match type is reported (one line each) in a :class:`PanelError`.

    >>> c = load_concordance("cnipa_sei_2021")
    >>> c.schemes, int(c.table["exclude"].sum()) > 0
    (['CNIPA_SEI_2021'], True)
    """
    key = str(name_or_path)
    if key in CONCORDANCES:
        text = resources.files("innoscope.micro").joinpath("data", CONCORDANCES[key]).read_text("utf-8")
        import io

        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    else:
        path = Path(key)
        if not path.exists():
            raise PanelError(f"concordance {key!r}: neither a shipped name ({', '.join(CONCORDANCES)}) "
                             "nor an existing file")
        from .._csv import read_csv_any

        raw = read_csv_any(path, dtype=str, keep_default_na=False)
    missing = [c for c in _REQUIRED if c not in raw.columns]
    if missing:
        raise PanelError(f"concordance {key}: missing column(s) {', '.join(missing)} "
                         f"(needs {', '.join(_REQUIRED)})")
    problems, patterns = [], []
    for i, row in enumerate(raw.itertuples(index=False), start=2):
        mt = str(row.match_type).strip()
        if mt not in MATCH_TYPES:
            problems.append(f"concordance {key}: row {i}, category {row.category_code}: match_type {mt!r} "
                            f"is not one of {', '.join(MATCH_TYPES)}")
            patterns.append(None)
            continue
        p = ipc_pattern(row.ipc_code, mt)
        if p is None:
            problems.append(f"concordance {key}: row {i}, category {row.category_code}: {row.ipc_code!r} "
                            f"is not an IPC code for match_type {mt}")
        patterns.append(p)
    if problems:
        raise PanelError(problems)
    table = raw.loc[:, list(_REQUIRED)].copy()
    table["match_type"] = table["match_type"].str.strip()
    table["pattern"] = patterns
    table["exclude"] = table["match_type"].map(lambda m: MATCH_TYPES[m][1])
    table = table[["scheme", "category_code", "category_name", "rule", "ipc_code", "match_type",
                   "pattern", "exclude"]].reset_index(drop=True)
    if not (~table["exclude"]).any():
        raise PanelError(f"concordance {key}: no including entry (only exclusions)")
    return Concordance(name=key, table=table)
