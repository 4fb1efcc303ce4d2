"""Print the HTML report to PDF with headless chromium (no network, throw-away profile)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InnoscopeError

__all__ = ["find_chromium", "print_pdf", "section_pages", "CHROMIUM_FLAGS"]

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


def section_pages(pdf: str | Path, headings: list[tuple[str, str]]) -> dict[str, int]:
    """Page of each section heading in a printed report, found with poppler's ``pdftotext``.

    ``headings`` are ``(id, text)`` in document order; each is looked for from the page of the
    previous one on, at the start of a line.  Empty when ``pdftotext`` is not installed (the
    contents then go without page numbers).
    """
    exe = shutil.which("pdftotext")
    if exe is None:
        return {}
    try:
        proc = subprocess.run([exe, "-layout", str(pdf), "-"], capture_output=True, text=True,
                              timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    pages = proc.stdout.split("\f")
    out, start = {}, 1  # the cover (page 1) holds the contents, not a heading
    squash = lambda t: "".join(t.split())  # noqa: E731
    for sec_id, text in headings:
        want = squash(text)
        for k in range(start, len(pages)):
            if any(squash(line).startswith(want) for line in pages[k].splitlines()):
                out[sec_id] = k + 1
                start = k
                break
    return out
