"""Print the HTML report to PDF with headless chromium (no network, throw-away profile)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InnoscopeError

__all__ = ["find_chromium", "print_pdf", "CHROMIUM_FLAGS"]

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")


def find_chromium() -> str:
    """Path of a chromium executable, or an error saying how to install one."""
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise InnoscopeError("the PDF is printed with headless chromium, which was not found: "
                         "apt-get install chromium (or pass pdf=False / --no-pdf)")


def print_pdf(html: str | Path, pdf: str | Path, *, chromium: str | None = None,
              timeout: float = 120.0) -> Path:
    """Print ``html`` to ``pdf`` with headless chromium.

    Parameters
    ----------
    html, pdf : path
        The self-contained HTML file and the PDF to write.
    chromium : str, optional
        Executable; found on ``PATH`` when omitted.
    timeout : float
        Seconds before the print is abandoned.
    """
    exe = chromium or find_chromium()
    html, pdf = Path(html).resolve(), Path(pdf).resolve()
    pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="innoscope-chromium-") as profile:
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
               "--no-pdf-header-footer", html.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except FileNotFoundError:
            raise InnoscopeError(f"chromium not found at {exe}: apt-get install chromium") from None
        except subprocess.TimeoutExpired:
            raise InnoscopeError(f"printing {html.name} to PDF took longer than {timeout:.0f} s") from None
    if not pdf.exists() or pdf.stat().st_size == 0:
        tail = (proc.stderr or "").strip().splitlines()[-3:]
        raise InnoscopeError([f"chromium did not write {pdf} (exit code {proc.returncode})", *tail])
    return pdf
