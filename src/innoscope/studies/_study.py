"""Reading a study folder into a frozen :class:`Study`."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..framework import Framework, load_framework

__all__ = ["Study", "Group", "load_study", "bare_study", "shipped_studies", "DEFAULT_STUDY"]

#: The study used when none is named (the CLI's and the library's only default).
DEFAULT_STUDY = "caict2022"

_KEYS = {"name", "title_zh", "title_en", "subtitle_zh", "subtitle_en", "publication", "framework",
         "config", "claims", "data", "auxiliary", "groups"}
_GROUP_KEYS = {"name_zh", "name_en", "note", "dispersion", "members"}


@dataclass(frozen=True)
class Group:
    """A named set of regions a study refers to (e.g. the report's upper group of 17)."""

    id: str
    members: tuple[str, ...]
    name_zh: str = ""
    name_en: str = ""
    note: str = ""
    dispersion: bool = False

    def name(self, lang: str = "zh") -> str:
        return (self.name_zh if lang == "zh" else self.name_en) or self.id


@dataclass(frozen=True, eq=False)
class Study:
    """A study: framework, analysis defaults, claims, groups and embedded data, read-only.

    Attributes
    ----------
    name : str
        The study's name (a shipped name or the folder's name).
    framework : Framework
    defaults : dict
        The study's config (TOML tables), read under the user's config.
    claims : tuple of dict
        Claim specifications (``id, kind, claim`` and the kind's parameters).
    groups : tuple of Group
    auxiliary : dict
        Series needed besides the indicators → names a user's file may give them.
    embedded : str
        Embedded data set of the study (``""``: none).
    mapping : str
        Mapping of the embedded series onto the framework's indicators.
    titles : dict
        ``title_zh``, ``title_en``, ``subtitle_zh``, ``subtitle_en``, ``publication``.
    """

    name: str
    framework: Framework
    defaults: dict = field(default_factory=dict)
    claims: tuple[dict, ...] = ()
    groups: tuple[Group, ...] = ()
    auxiliary: dict = field(default_factory=dict)
    embedded: str = ""
    mapping: str = ""
    titles: dict = field(default_factory=dict)

    def group(self, gid: str) -> Group:
        for g in self.groups:
            if g.id == gid:
                return g
        raise ConfigError(f"study {self.name}: no region group {gid!r} "
                          f"(groups: {', '.join(g.id for g in self.groups) or 'none'})")

    def title(self, lang: str = "zh") -> str:
        """The report title: the study's own, else named after the framework's root."""
        own = self.titles.get(f"title_{lang}", "")
        if own:
            return own
        root = self.framework.label(self.framework.root, lang)
        return f"{root}评价报告" if lang == "zh" else f"{root}: evaluation report"

    def subtitle(self, lang: str = "zh") -> str:
        return self.titles.get(f"subtitle_{lang}", "")

    def with_framework(self, framework) -> "Study":
        """The same study over another framework (a path, name, table or Framework)."""
        return replace(self, framework=load_framework(framework))


def shipped_studies() -> tuple[str, ...]:
    """Names of the studies shipped with innoscope."""
    root = resources.files(__package__)
    return tuple(sorted(p.name for p in root.iterdir()
                        if p.is_dir() and p.joinpath("study.toml").is_file()))


def bare_study(framework) -> Study:
    """A study of a framework alone: no config defaults, claims, groups or embedded data."""
    fw = load_framework(framework)
    return Study(name=fw.name, framework=fw)


def load_study(source: "str | Path | Study" = DEFAULT_STUDY) -> Study:
    """Load a shipped study by name, or a study folder (or its ``study.toml``) by path.

    Errors name the file and key; an unknown name suggests the closest shipped one.
    """
    if isinstance(source, Study):
        return source
    name = str(source)
    if name in shipped_studies():
        folder = Path(str(resources.files(__package__).joinpath(name)))
    else:
        path = Path(name)
        folder = path.parent if path.is_file() else path
        if not folder.joinpath("study.toml").is_file():
            import difflib

            close = difflib.get_close_matches(name, shipped_studies(), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (shipped: {', '.join(shipped_studies())})"
            raise ConfigError(f"study {name!r}: no such shipped study or folder with a study.toml{hint}")
    return _read(folder)


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}") from None


def _read(folder: Path) -> Study:
    spec_path = folder / "study.toml"
    spec = _toml(spec_path)
    unknown = sorted(set(spec) - _KEYS)
    if unknown:
        raise ConfigError([f"{spec_path}: unknown key {k!r}" for k in unknown])
    name = str(spec.get("name", folder.name))
    fw = load_framework(folder / str(spec.get("framework", "framework.csv")))
    fw = replace(fw, name=name)
    defaults = _toml(folder / spec["config"]) if spec.get("config") else {}
    claims: tuple[dict, ...] = ()
    if spec.get("claims"):
        doc = _toml(folder / spec["claims"])
        claims = tuple(dict(c) for c in doc.get("claim", []))
        bad = [f"{folder / spec['claims']}: claim #{i + 1} lacks {k!r}"
               for i, c in enumerate(claims) for k in ("id", "kind", "claim") if k not in c]
        if bad:
            raise ConfigError(bad)
    groups = []
    for gid, g in (spec.get("groups") or {}).items():
        extra = sorted(set(g) - _GROUP_KEYS)
        if extra or "members" not in g:
            raise ConfigError(f"{spec_path}: groups.{gid}: "
                              + (f"unknown key {extra[0]!r}" if extra else "lacks 'members'"))
        groups.append(Group(id=str(gid), members=tuple(str(m) for m in g["members"]),
                            name_zh=str(g.get("name_zh", "")), name_en=str(g.get("name_en", "")),
                            note=str(g.get("note", "")), dispersion=bool(g.get("dispersion", False))))
    data = spec.get("data") or {}
    titles = {k: str(spec[k]) for k in ("title_zh", "title_en", "subtitle_zh", "subtitle_en", "publication")
              if k in spec}
    return Study(name=name, framework=fw, defaults=defaults, claims=claims, groups=tuple(groups),
                 auxiliary={str(k): [str(a) for a in v] for k, v in (spec.get("auxiliary") or {}).items()},
                 embedded=str(data.get("embedded", "")), mapping=str(data.get("mapping", "")),
                 titles=titles)
