"""Display labels for regions whatever their kind (GB/T 2260 code or free label)."""
from __future__ import annotations

__all__ = ["region_label"]


def region_label(region: str, labels: dict | None = None, lang: str = "zh") -> str:
    """A readable name: the registry name for a Chinese code, else the input label."""
    try:
        from .regions import registry

        reg = registry()
        return reg.name(region, lang=lang)
    except Exception:
        return (labels or {}).get(region, region)
