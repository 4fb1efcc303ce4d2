"""The Java runtime Spark needs: found or refused with one clear line."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from ..errors import ConfigError

__all__ = ["require_java"]


def require_java() -> str:
    """The ``java -version`` line, or :class:`ConfigError` saying how to install Java 17+."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home and (Path(home) / "bin" / "java").exists() else shutil.which("java")
    hint = ("--engine spark needs a Java 17+ runtime: install it (Debian: apt-get install "
            "default-jre-headless, or bash tools/sysdeps.sh) or set JAVA_HOME")
    if not java:
        raise ConfigError(f"no Java runtime found; {hint}")
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"{java} does not run ({exc}); {hint}") from None
    text = (out.stderr or out.stdout).strip()
    m = re.search(r'version "(\d+)', text)
    if out.returncode != 0 or not m:
        raise ConfigError(f"{java} -version failed; {hint}")
    if int(m.group(1)) < 17:
        raise ConfigError(f"{java} is Java {m.group(1)}; {hint}")
    return text.splitlines()[0]
