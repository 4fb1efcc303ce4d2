"""Year-aware registry of Chinese provinces and prefecture-level units (GB/T 2260 codes)."""
from __future__ import annotations

import csv
import difflib
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType

import pandas as pd

from ..errors import RegionError

__all__ = ["Division", "RegionRegistry", "RegionChangeWarning", "registry", "MAINLAND",
           "MUNICIPALITIES", "MUNICIPALITY_CITY_CODES"]

#: The 31 mainland provincial-level units (Hong Kong 810000, Macao 820000, Taiwan 710000 excluded).
MAINLAND = (
    "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
    "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
    "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
    "620000", "630000", "640000", "650000",
)
#: The four municipalities (直辖市): provinces that are also cities (one unit each, at the province code).
MUNICIPALITIES = ("110000", "120000", "310000", "500000")
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}
# match kinds, best first: code, full Chinese name, short Chinese name, English name from a
# curated source (reference tables, conventional names), other English forms (pinyin)
_CODE, _FULL, _SHORT, _EN, _PINYIN = 0, 1, 2, 3, 4
_EN_SUFFIXES = ("specialadministrativeregion", "autonomousregion", "municipality", "province",
                "prefecture", "league", "city", "sar", "shi", "sheng")
_QUALIFIED = re.compile(r"^(.+?)[(\[](.+)[)\]]$")
_ZH_ALIASES = {"150000": ("内蒙",)}  # short forms in common use that are not the official short name
_CJK = re.compile(r"[\u3400-\u9fff]")
#: The municipalities' city codes (市辖区, as in city statistics and the boundary file): the registry
#: treats a municipality as one unit at its province code, whether a panel holds provinces or cities.
MUNICIPALITY_CITY_CODES = MappingProxyType({"110100": "110000", "120100": "120000", "310100": "310000",
                                           "500100": "500000"})


class RegionChangeWarning(UserWarning):
    """A name or code was mapped to a different unit because of an administrative change."""


@dataclass(frozen=True)
class Division:
    """One named period of a unit: a code may carry several (襄樊市 1981–2010, 襄阳市 2010–).

    ``valid_to`` is the year the name or code was changed or retired (``None`` = in use); the
    record still counts as valid in that year, so an annual panel for the year of a merger keeps
    the old unit.
    """

    code: str
    level: str
    name_zh: str
    short_zh: str
    name_en: str
    name_en_source: str
    alt_en: tuple[str, ...]
    parent_code: str | None
    valid_from: int
    valid_to: int | None
    successors: tuple[str, ...]

    def valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


def _key_zh(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _key_en(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", text).lower()
                  .replace("ü", "v"))


def _as_text(name: object) -> str:
    if isinstance(name, bool):
        return str(name)
    if isinstance(name, int) or (hasattr(name, "dtype") and getattr(name, "dtype").kind in "iu"):
        return str(int(name))  # type: ignore[arg-type]
    if isinstance(name, float) and name.is_integer():
        return str(int(name))
    return str(name)


@dataclass(frozen=True)
class _Match:
    record: Division
    kind: int


@dataclass(frozen=True)
class RegionRegistry:
    """Provinces, prefecture-level units and province-administered county-level units.

    Build it with :func:`registry` (loaded once). Codes are 6-digit strings (``"110000"``).

    Attributes
    ----------
    records : tuple of Division
        Every named period of every unit, ordered by code and start year.
    """

    records: tuple[Division, ...]
    _by_code: Mapping[str, tuple[Division, ...]] = field(repr=False)
    _zh: Mapping[str, tuple[_Match, ...]] = field(repr=False)
    _en: Mapping[str, tuple[_Match, ...]] = field(repr=False)
    _pred: Mapping[str, tuple[str, ...]] = field(repr=False)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_records(cls, records: Iterable[Division]) -> RegionRegistry:
        """Index a sequence of :class:`Division` records (used by :func:`registry`)."""
        recs = tuple(sorted(records, key=lambda r: (r.code, r.valid_from)))
        by_code: dict[str, list[Division]] = {}
        zh: dict[str, list[_Match]] = {}
        en: dict[str, list[_Match]] = {}
        pred: dict[str, set[str]] = {}

        def add(index: dict, key: str, rec: Division, kind: int) -> None:
            if not key:
                return
            lst = index.setdefault(key, [])
            if not any(m.record is rec for m in lst):
                lst.append(_Match(rec, kind))

        for r in recs:
            by_code.setdefault(r.code, []).append(r)
            add(zh, _key_zh(r.name_zh), r, _FULL)
            add(zh, _key_zh(r.short_zh), r, _SHORT)
            add(en, _key_en(r.name_en), r, _PINYIN if r.name_en_source == "pinyin" else _EN)
            for e in r.alt_en:
                add(en, _key_en(e), r, _PINYIN)
            for s in r.successors:
                if s != r.code:
                    pred.setdefault(s, set()).add(r.code)
        # common short forms beside the official short names
        for code, names in _ZH_ALIASES.items():
            for r in by_code.get(code, ()):
                for n in names:
                    add(zh, _key_zh(n), r, _SHORT)
        # qualified English forms for prefectures: "Suzhou (Anhui)"
        prov_en = {r.code: r.name_en for r in recs if r.level == "province"}
        for r in recs:
            if r.level != "province" and r.parent_code in prov_en:
                for e in (r.name_en, *r.alt_en):
                    base = re.sub(r"\s*\(.*\)$", "", e)
                    add(en, _key_en(f"{base} ({prov_en[r.parent_code]})"), r, _PINYIN)
        freeze = lambda d: MappingProxyType({k: tuple(v) for k, v in d.items()})  # noqa: E731
        return cls(recs, freeze(by_code), freeze(zh), freeze(en), freeze(pred))

    # ------------------------------------------------------------------ lookups
    def _current(self, code: str) -> Division:
        return self._by_code[code][-1]

    def _record(self, code: str, year: int | None) -> Division:
        recs = self._by_code.get(code) or self._by_code.get(MUNICIPALITY_CITY_CODES.get(code, ""))
        if not recs:
            raise RegionError(f"unknown region code {code!r}")
        if year is not None:
            for r in reversed(recs):
                if r.valid_in(year):
                    return r
        return recs[-1]

    def _label(self, code: str, year: int | None = None, *, span: bool = False,
               en: bool = False) -> str:
        """``苏州 320500 (江苏)``; with ``span``: ``巢湖 341400 (安徽, 1999–2011)``."""
        r = self._record(code, year)
        extra = []
        if r.level != "province":
            p = self._current(r.parent_code)  # type: ignore[arg-type]
            extra.append(p.name_en if en else p.short_zh)
        if span:
            first, last = self._by_code[code][0].valid_from, self._by_code[code][-1].valid_to
            extra.append(f"{first}–{last or 'now'}")
        name = re.sub(r"\s*\(.*\)$", "", r.name_en) if en else r.short_zh
        return f"{name} {code}" + (f" ({', '.join(extra)})" if extra else "")

    def _code_valid(self, code: str, year: int) -> bool:
        return any(r.valid_in(year) for r in self._by_code.get(code, ()))

    def _forward(self, code: str, year: int, depth: int = 0) -> set[str]:
        """Codes valid in ``year`` that took over ``code`` (through successor chains)."""
        if self._code_valid(code, year):
            return {code}
        if depth > 8:
            return set()
        recs = self._by_code.get(code, ())
        ended = [r for r in recs if r.valid_to is not None and r.valid_to < year]
        if not ended:  # the code only starts later: look back to its predecessors
            return self._backward(code, year, depth)
        out: set[str] = set()
        for s in ended[-1].successors:
            if s != code:
                out |= self._forward(s, year, depth + 1)
        return out

    def _backward(self, code: str, year: int, depth: int = 0) -> set[str]:
        """Predecessor valid in ``year`` of a unit created later by a pure renaming/recoding."""
        out: set[str] = set()
        for p in self._pred.get(code, ()):
            succ = self._by_code[p][-1].successors
            if tuple(succ) != (code,):
                continue  # a merger or split: the earlier unit is not the same territory
            if self._code_valid(p, year):
                out.add(p)
            elif depth < 8:
                out |= self._backward(p, year, depth + 1)
        return out

    def _candidates(self, text: str) -> tuple[list[_Match], str | None]:
        """Matches for a normalised input; second item is a province restriction if qualified."""
        kz = _key_zh(text)
        if re.fullmatch(r"\d{6}", kz):
            kz = MUNICIPALITY_CITY_CODES.get(kz, kz) if kz not in self._by_code else kz
            return [_Match(r, _CODE) for r in self._by_code.get(kz, ())], None
        hits = list(self._zh.get(kz, ()))
        if not hits and not _CJK.search(kz):
            ke = _key_en(kz)
            hits = list(self._en.get(ke, ()))
            if not hits:
                for suf in _EN_SUFFIXES:
                    if ke.endswith(suf) and len(ke) > len(suf):
                        hits = list(self._en.get(ke[: -len(suf)], ()))
                        if hits:
                            break
        if hits:
            return hits, None
        # qualified forms: "泰州（江苏）", "Taizhou (Jiangsu)", "江苏泰州", "江苏省泰州市"
        m = _QUALIFIED.match(kz)
        if m:
            prov = self._province_code(m.group(2))
            if prov:
                inner, _ = self._candidates(m.group(1))
                return [h for h in inner if h.record.parent_code == prov], prov
        if _CJK.search(kz):
            for r in sorted((r for r in self.records if r.level == "province"),
                            key=lambda r: -len(r.name_zh)):
                for p in (r.name_zh, r.short_zh):
                    if kz.startswith(p) and len(kz) > len(p):
                        inner = self._zh.get(kz[len(p):], ())
                        got = [h for h in inner if h.record.parent_code == r.code]
                        if got:
                            return got, r.code
        return [], None

    def _province_code(self, text: str) -> str | None:
        hits, _ = self._candidates(text)
        codes = {h.record.code for h in hits if h.record.level == "province"}
        return codes.pop() if len(codes) == 1 else None

    def _pick(self, text: str, year: int | None) -> tuple[str | None, str]:
        """Resolve one input: (code, note) or (None, problem)."""
        hits, _ = self._candidates(text)
        if not hits:
            return None, ""
        if hits[0].kind == _CODE:
            code = hits[0].record.code
            if year is None or self._code_valid(code, year):
                return code, ""
            return self._remap({code}, text, year)
        if year is None:
            pool = [h for h in hits if h.record.valid_to is None]
            if not pool:
                last = max(h.record.valid_to for h in hits)  # type: ignore[type-var]
                pool = [h for h in hits if h.record.valid_to == last]
        else:
            pool = [h for h in hits if h.record.valid_in(year)]
            # the year of a change: prefer the unit that continues past it
            going_on = [h for h in pool if h.record.valid_to is None or h.record.valid_to > year]
            pool = going_on or pool
            if not pool:
                return self._remap({h.record.code for h in hits}, text, year)
        best = min((h.kind, _LEVEL_RANK[h.record.level]) for h in pool)
        codes = sorted({h.record.code for h in pool
                        if (h.kind, _LEVEL_RANK[h.record.level]) == best})
        if len(codes) == 1:
            return codes[0], ""
        where = f" in {year}" if year is not None else ""
        en = not _CJK.search(text)
        opts = ", ".join(self._label(c, year, en=en) for c in codes)
        return None, (f"ambiguous region {text!r}{where}: could be {opts}; give the code or "
                      f"qualify the name with its province, e.g. "
                      f"'{text} ({self._province_hint(codes[0], en)})'")

    def _province_hint(self, code: str, en: bool) -> str:
        r = self._current(code)
        if r.level != "province":
            r = self._current(r.parent_code)  # type: ignore[arg-type]
        return r.name_en if en else r.short_zh

    def _remap(self, codes: set[str], text: str, year: int) -> tuple[str | None, str]:
        targets: set[str] = set()
        for c in codes:
            targets |= self._forward(c, year)
        if len(targets) == 1:
            t = targets.pop()
            if t in codes:  # the same code under another name (襄樊 → 襄阳): nothing to note
                return t, ""
            src = "; ".join(self._label(c, span=True) for c in sorted(codes))
            return t, f"region {text!r} [{src}] is {self._label(t, year)} in {year}"
        spans = "; ".join(self._label(c, span=True) for c in sorted(codes))
        if targets:
            opts = ", ".join(self._label(c, year) for c in sorted(targets))
            return None, (f"region {text!r} [{spans}] maps to several units in {year}: {opts}; "
                          f"give the code you mean")
        return None, f"region {text!r} [{spans}] did not exist in {year}"

    def _suggest(self, text: str, prefer: set[str]) -> list[str]:
        kz = _key_zh(text)
        latin = not _CJK.search(kz)
        q = _key_en(kz) if latin else kz
        index = self._en if latin else self._zh
        scored: dict[str, float] = {}
        for key, matches in index.items():
            sm = difflib.SequenceMatcher(None, q, key)
            if sm.real_quick_ratio() < 0.5 or sm.quick_ratio() < 0.5:
                continue
            ratio = sm.ratio()
            if ratio < (0.6 if latin else 0.5):
                continue
            same_pos = sum(a == b for a, b in zip(q, key)) / max(len(q), 1)
            score = ratio + 0.1 * same_pos
            for m in matches:
                c = m.record.code
                if m.record.valid_to is None and score > scored.get(c, 0):
                    scored[c] = score
        if not scored:
            return []
        levels = {self._current(c).level for c in scored}
        if prefer & levels:
            scored = {c: s for c, s in scored.items() if self._current(c).level in prefer}
        ranked = sorted(scored, key=lambda c: (-round(scored[c], 6),
                                               _LEVEL_RANK[self._current(c).level], c))
        out = []
        for c in ranked[:3]:
            r = self._current(c)
            out.append(f"{r.name_en if latin else r.short_zh} {c}")
        return out

    # ------------------------------------------------------------------ public API
    def try_resolve(self, names: Iterable[object], year: int | None = None) -> dict[str, str | None]:
        """Resolve what can be resolved.

        Parameters
        ----------
        names : iterable of str or int
            Names or codes.
        year : int, optional
            Data year; retired units map to their successors in that year.

        Returns
        -------
        dict
            Input (as text) → code, or ``None`` where the name is unknown or ambiguous.
        """
        out: dict[str, str | None] = {}
        for n in names:
            t = _as_text(n)
            out[t] = self._pick(t, year)[0]
        return out

    def resolve(self, names: Iterable[object], *, year: int | None = None) -> list[str]:
        """Resolve names or codes to GB/T 2260 codes.

        Parameters
        ----------
        names : iterable of str or int
            Full names (``北京市``, ``内蒙古自治区``), short names (``北京``, ``内蒙古``),
            English (``Beijing``, ``inner mongolia``), codes (``110000`` or ``"110000"``), city
            names with or without 市 (``深圳``, ``深圳市``, ``Shenzhen``), optionally qualified
            by province (``泰州（江苏）``, ``江苏泰州``, ``Taizhou (Jiangsu)``).
        year : int, optional
            Data year. Without it a retired code resolves to itself and a name to the unit in
            use now (or, for names no longer used, the unit that bore it last). With it, a unit
            retired before ``year`` resolves to its unique successor valid that year (a
            :class:`RegionChangeWarning` says so), and a unit created later by renaming resolves
            to its predecessor.

        Returns
        -------
        list of str
            Codes, in input order.

        Raises
        ------
        RegionError
            Listing every unknown or ambiguous input, one line each, with up to three close
            matches.

        Examples
        --------
        >>> registry().resolve(["北京", "Inner Mongolia", 440300])
        ['110000', '150000', '440300']
        """
        texts = [_as_text(n) for n in names]
        picked = [self._pick(t, year) for t in texts]
        problems, notes = [], []
        levels = {self._current(c).level for c, _ in picked if c}
        for t, (code, msg) in zip(texts, picked):
            if code is None:
                if not msg:
                    sugg = self._suggest(t, levels)
                    hint = f" (did you mean {', '.join(sugg)}?)" if sugg else ""
                    msg = f"unknown region {t!r}{hint}"
                problems.append(msg)
            elif msg:
                notes.append(msg)
        if problems:
            raise RegionError(problems)
        for msg in notes:
            warnings.warn(msg, RegionChangeWarning, stacklevel=2)
        return [c for c, _ in picked]  # type: ignore[misc]

    def explain(self, names: Iterable[object], *, year: int | None = None) -> pd.DataFrame:
        """One row per input: ``input, code, name_zh, name_en, level, note`` (code empty if not
        resolved; the note gives the reason or the administrative change applied)."""
        rows = []
        for n in names:
            t = _as_text(n)
            code, msg = self._pick(t, year)
            if code is None and not msg:
                msg = f"unknown region {t!r}"
            r = self._record(code, year) if code else None
            rows.append({"input": t, "code": code or "", "name_zh": r.short_zh if r else "",
                         "name_en": r.name_en if r else "", "level": r.level if r else "",
                         "note": msg})
        return pd.DataFrame(rows)

    def all_chinese(self, names: Iterable[object], *, year: int | None = None) -> bool:
        """True when every name resolves unambiguously to a Chinese unit."""
        return all(v is not None for v in self.try_resolve(names, year).values())

    def name(self, code: str | int, lang: str = "zh", short: bool = True,
             year: int | None = None) -> str:
        """Name of a unit: ``name("110000")`` → ``北京``; ``short=False`` → ``北京市``;
        ``lang="en"`` → ``Beijing``. With ``year``, the name in force that year."""
        if lang not in ("zh", "en"):
            raise RegionError(f"unknown language {lang!r}: use 'zh' or 'en'")
        r = self._record(_as_text(code), year)
        if lang == "en":
            return r.name_en
        return r.short_zh if short else r.name_zh

    def level(self, code: str | int) -> str:
        """``province``, ``prefecture`` or ``county`` (province-administered county-level)."""
        return self._record(_as_text(code), None).level

    def city_reading(self, name: object, year: int | None = None) -> str | None:
        """The prefecture-level unit a name also denotes when it resolves to a province.

        ``吉林`` and ``海南`` are provinces for :meth:`resolve`; in a panel of cities they mean
        吉林市 220200 and 海南藏族自治州 632500. Returns that unit's code when exactly one
        non-provincial unit (valid in ``year``, if given) bears the name, else ``None``.

        >>> registry().city_reading("吉林"), registry().city_reading("北京")
        ('220200', None)
        """
        hits, _ = self._candidates(_as_text(name))
        if not hits or hits[0].kind == _CODE:
            return None
        codes = {h.record.code for h in hits if h.record.level != "province"
                 and (h.record.valid_in(year) if year is not None else h.record.valid_to is None)}
        return codes.pop() if len(codes) == 1 else None

    def units_level(self, codes: Iterable[object]) -> str:
        """``province``, ``city`` or ``mixed``: the level of a panel's units (codes).

        ``city`` when at least one unit is a prefecture-level (or province-administered
        county-level) unit and the only provincial units are the four municipalities, which
        count as cities (北京 110000 is the city of Beijing in a city panel); ``province`` when
        every unit is a province; ``mixed`` otherwise (provinces beside cities).

        >>> reg = registry()
        >>> reg.units_level(["110000", "320500"]), reg.units_level(["110000", "320000"])
        ('city', 'province')
        >>> reg.units_level(["320000", "320500"])
        'mixed'
        """
        levels = {c: self.level(c) for c in map(_as_text, codes)}
        if not levels or all(v == "province" for v in levels.values()):
            return "province"
        if all(v != "province" or c in MUNICIPALITIES for c, v in levels.items()):
            return "city"
        return "mixed"

    def province_of(self, code: str | int) -> str:
        """Province code of a unit (a province is its own province)."""
        r = self._record(_as_text(code), None)
        return r.code if r.level == "province" else r.parent_code  # type: ignore[return-value]

    def provinces(self, year: int | None = None, *, mainland_only: bool = True) -> list[str]:
        """Province codes valid in ``year`` (now, if omitted): the 31 mainland provinces, plus
        Hong Kong, Macao and Taiwan when ``mainland_only=False``."""
        out = []
        for code, recs in self._by_code.items():
            if recs[0].level != "province" or (mainland_only and code not in MAINLAND):
                continue
            if (year is None and recs[-1].valid_to is None) or (
                    year is not None and self._code_valid(code, year)):
                out.append(code)
        return sorted(out)

    def cities(self, province: str | int | None = None, year: int | None = None, *,
               county_level: bool = False) -> list[str]:
        """Prefecture-level unit codes valid in ``year`` (now, if omitted), optionally within one
        province (a name or code). ``county_level=True`` adds province-administered county-level
        units (济源, 仙桃, 东方, …)."""
        prov = None if province is None else self.resolve([province])[0]
        wanted = {"prefecture", "county"} if county_level else {"prefecture"}
        out = []
        for code, recs in self._by_code.items():
            if recs[0].level not in wanted or (prov and recs[0].parent_code != prov):
                continue
            if (year is None and recs[-1].valid_to is None) or (
                    year is not None and self._code_valid(code, year)):
                out.append(code)
        return sorted(out)

    def to_frame(self) -> pd.DataFrame:
        """All records as a table (one row per code and name period)."""
        return pd.DataFrame([{
            "code": r.code, "level": r.level, "name_zh": r.name_zh, "short_zh": r.short_zh,
            "name_en": r.name_en, "parent_code": r.parent_code or "", "valid_from": r.valid_from,
            "valid_to": r.valid_to, "successors": ";".join(r.successors)} for r in self.records])


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("innoscope.regions").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def registry() -> RegionRegistry:
    """The shipped registry (built by ``tools/build_regions.py``), loaded once."""
    recs = []
    for row in _read_csv("divisions.csv"):
        recs.append(Division(
            code=row["code"], level=row["level"], name_zh=row["name_zh"],
            short_zh=row["short_zh"], name_en=row["name_en"],
            name_en_source=row["name_en_source"],
            alt_en=tuple(a for a in row["alt_en"].split(";") if a),
            parent_code=row["parent_code"] or None, valid_from=int(row["valid_from"]),
            valid_to=int(row["valid_to"]) if row["valid_to"] else None,
            successors=tuple(s for s in row["successors"].split(";") if s)))
    return RegionRegistry.from_records(recs)
