"""Write docs/config.md from the step signatures and docstrings.

Usage: python tools/gen_config_docs.py  (tests/test_config.py fails while the file is stale)
"""
from __future__ import annotations

from pathlib import Path

from innoscope.config import config_reference

OUT = Path(__file__).resolve().parents[1] / "docs" / "config.md"


def main() -> None:
    OUT.write_text(config_reference(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
