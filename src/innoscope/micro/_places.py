"""Applicant region → province or prefecture code: a division code, or a Chinese address read by
longest match on the region registry's names (full and short), with the registry's own resolver
as fallback (English names, qualified names)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

__all__ = ["PlaceResolver", "place_resolver", "MUNICIPALITIES"]

#: Province-level municipalities: at city level they are their own city (北京 → 110000).
MUNICIPALITIES = ("110000", "120000", "310000", "500000")


@dataclass(frozen=True)
class PlaceResolver:
    """Resolve one region text to ``(code, problem)`` for ``level`` ``province`` or ``city``."""

    level: str
    provinces: tuple[tuple[str, str], ...]  # (name, code), longest name first
    cities: tuple[tuple[str, str, str], ...]  # (name, code, province code), longest first
    known: frozenset[str]
    province_index: dict = field(default_factory=dict, compare=False, repr=False)
    city_index: dict = field(default_factory=dict, compare=False, repr=False)
    max_len: int = 0

    def _longest(self, text: str, table, parent: str | None = None):
        index = self.province_index if table is self.provinces else self.city_index
        for size in range(min(len(text), self.max_len), 1, -1):
            for hit in index.get(text[:size], ()):
                if parent is None or hit[2] == parent:
                    return hit[0], hit[1]
        return None

    def resolve(self, text: object) -> tuple[str | None, str]:
        """``(code, "")`` or ``(None, reason)``.

        >>> r = place_resolver("city")
        >>> r.resolve("广东省深圳市南山区科技园"), r.resolve("440305"), r.resolve("北京市海淀区")
        (('440300', ''), ('440300', ''), ('110000', ''))
        >>> place_resolver("province").resolve("江苏苏州工业园区"), r.resolve("火星市")[0]
        (('320000', ''), None)
        """
        t = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", "" if text is None else str(text)))
        if not t or t.lower() in ("nan", "none", "null"):
            return None, "empty"
        if re.fullmatch(r"\d{6}", t):
            return self._code(t)
        best: list[tuple[int, str, str | None]] = []  # (matched length, province, city)
        prov = self._longest(t, self.provinces)
        if prov:
            name, code = prov
            rest = t[len(name):].lstrip("省市")
            skip = len(t) - len(rest)
            city = self._longest(rest, self.cities, parent=code)
            best.append((skip + (len(city[0]) if city else 0), code, city[1] if city else None))
        for size in range(min(len(t), self.max_len), 1, -1):
            hits = self.city_index.get(t[:size], ())
            if hits:
                best.extend((size, parent, code) for _, code, parent in hits)
                break
        if best:
            top = max(b[0] for b in best)
            picks = {(p, c) for n, p, c in best if n == top}
            if self.level == "province":
                provs = {p for p, _ in picks}
                if len(provs) == 1:
                    return provs.pop(), ""
            else:
                if any(c for _, c in picks):
                    picks = {(p, c) for p, c in picks if c}
                cities = {c if c else (p if p in MUNICIPALITIES else None) for p, c in picks}
                if len(cities) == 1 and None not in cities:
                    return cities.pop(), ""
                if cities == {None}:
                    return None, "province only, no city"
            return None, "ambiguous"
        from ..regions import registry

        got = registry().try_resolve([t]).get(t)
        if got:
            return self._code(got)
        return None, "unknown"

    def _code(self, code: str) -> tuple[str | None, str]:
        prov = code[:2] + "0000"
        if prov not in self.known:
            return None, "unknown code"
        if self.level == "province":
            return prov, ""
        if code[2:] == "0000":
            return (code, "") if code in MUNICIPALITIES else (None, "province code, no city")
        if prov in MUNICIPALITIES:
            return prov, ""
        for c in (code[:4] + "00", code):
            if c in self.known:
                return c, ""
        return None, "unknown code"


@cache
def place_resolver(level: str) -> PlaceResolver:
    """The resolver for ``province`` or ``city`` codes, built once from the region registry."""
    from ..regions import registry

    frame = registry().to_frame()
    current = frame[frame["valid_to"].isna()]
    provs, cities = [], []
    for r in current.itertuples(index=False):
        names = {r.name_zh, r.short_zh}
        if r.level == "province":
            provs.extend((n, r.code) for n in names if n)
        else:
            cities.extend((n, r.code, r.parent_code) for n in names if n)
    provs.sort(key=lambda x: (-len(x[0]), x[0]))
    cities.sort(key=lambda x: (-len(x[0]), x[0], x[1]))
    known = frozenset(frame["code"])
    pindex: dict = {}
    for n, c in provs:
        pindex.setdefault(n, []).append((n, c, None))
    cindex: dict = {}
    for n, c, p in cities:
        cindex.setdefault(n, []).append((n, c, p))
    max_len = max(len(n) for n, *_ in provs + cities)
    return PlaceResolver(level=level, provinces=tuple(provs), cities=tuple(cities), known=known,
                         province_index=pindex, city_index=cindex, max_len=max_len)
