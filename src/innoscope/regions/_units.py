"""Decide whether a panel's units are Chinese regions and label them."""
from __future__ import annotations

import warnings
from collections.abc import Iterable

from ..errors import RegionError
from ._registry import MUNICIPALITIES, RegionChangeWarning, _as_text, registry

__all__ = ["normalise_units"]

MODES = ("auto", "china", "none", "free")


def normalise_units(units: Iterable[object], *, mode: str = "auto",
                    year: int | None = None) -> tuple[list[str], bool]:
    """Label a panel's units: GB/T 2260 codes for Chinese regions, the input otherwise.

    Parameters
    ----------
    units : iterable of str or int
        Unit identifiers as given (names, codes, ISO3 country codes, firm ids, …).
    mode : {"auto", "china", "none"}
        ``auto``: codes when every unit resolves as a Chinese region; the inputs unchanged when
        none or only a minority resolve (countries, states, firms); an error naming the
        unresolved ones, with suggestions, when most others resolve (``内蒙古`` misspelt).
        ``china``: every unit must resolve; a :class:`~innoscope.errors.RegionError` lists each
        one that does not. ``none`` (or ``free``): inputs unchanged.
    year : int, optional
        Data year for year-aware resolution (see :meth:`RegionRegistry.resolve`).

    Returns
    -------
    labels : list of str
        One label per unit, in input order.
    chinese : bool
        True when the labels are region codes.

    Raises
    ------
    RegionError
        In ``china`` mode for unresolved units, in ``auto`` mode for the few unresolved among
        mostly Chinese regions; in ``china`` and ``auto`` mode when two distinct
        inputs resolve to the same region (e.g. ``北京`` and ``Beijing``).

    Examples
    --------
    >>> normalise_units(["AUT", "DEU"])
    (['AUT', 'DEU'], False)
    >>> normalise_units(["北京市", "Shanghai"])
    (['110000', '310000'], True)
    """
    if mode not in MODES:
        raise RegionError(f"unknown regions mode {mode!r}: use one of {', '.join(MODES)}")
    texts = [_as_text(u) for u in units]
    if mode in ("none", "free"):
        return texts, False
    reg = registry()
    if mode == "china":
        codes = reg.resolve(texts, year=year)
    else:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = reg.try_resolve(texts, year)
        unresolved = [t for t in dict.fromkeys(texts) if found[t] is None]
        if unresolved:
            resolved = len(set(texts)) - len(unresolved)
            if resolved > len(unresolved):  # mostly Chinese regions: the rest are likely typos
                try:
                    reg.resolve(unresolved, year=year)
                    lines = [f"unknown region {u!r}" for u in unresolved]
                except RegionError as exc:
                    lines = exc.problems
                raise RegionError([f"{line}; {resolved} other units are Chinese regions (give the "
                                   "standard name or code, or use regions mode 'none' to keep every "
                                   "label as given)" for line in lines])
            return texts, False
        codes = reg.resolve(texts, year=year)
        del caught
    codes = _city_context(reg, texts, list(codes), year)
    seen: dict[str, str] = {}
    problems = []
    for t, c in zip(texts, codes):
        if c in seen and seen[c] != t:
            problems.append(f"units {seen[c]!r} and {t!r} both resolve to {reg.name(c)} {c}")
        seen.setdefault(c, t)
    if problems:
        raise RegionError(problems)
    return codes, True


def _city_context(reg, texts: list[str], codes: list[str], year: int | None) -> list[str]:
    """In a panel of cities, read a province name that is also a city's (吉林, 海南) as the city."""
    if reg.units_level(codes) != "mixed":
        return codes
    out = list(codes)
    changed = {}
    for i, (t, c) in enumerate(zip(texts, codes)):
        if reg.level(c) == "province" and c not in MUNICIPALITIES:
            city = reg.city_reading(t, year)
            if city is None:
                return codes  # a true province among cities: a mixed panel, left as it is
            out[i] = city
            changed[t] = (city, c)
    if reg.units_level(out) != "city":
        return codes
    for t, (city, province) in changed.items():
        warnings.warn(f"region {t!r} read as the city {reg.name(city, short=False)} {city}: the other "
                      f"units are cities (write {reg.name(province, short=False)} for the province)",
                      RegionChangeWarning, stacklevel=3)
    return out


def display_name(region: str, labels: dict | None = None, lang: str = "zh") -> str:
    """A readable name: the registry's name for a GB/T 2260 code, else the input label.

    >>> display_name("440000"), display_name("440000", lang="en"), display_name("DEU")
    ('广东', 'Guangdong', 'DEU')
    """
    try:
        return registry().name(str(region), lang=lang)
    except RegionError:
        return (labels or {}).get(region, str(region))
