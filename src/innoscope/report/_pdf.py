"""Print the HTML report to PDF with headless chromium (no network, throw-away profile).

The PDF is byte-reproducible: chromium (Skia) writes no document /ID and its only varying bytes
are the print time in /CreationDate and /ModDate, which :func:`fix_dates` sets to
``SOURCE_DATE_EPOCH`` (or 1970-01-01) in place.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InnoscopeError

__all__ = ["find_chromium", "print_pdf", "section_pages", "fix_dates", "CHROMIUM_FLAGS"]

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
    fix_dates(pdf)
    return pdf


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) ?\(D:(\d{14})([^)]{0,12})\)")


def pdf_date() -> bytes:
    """The date printed into the PDF: ``SOURCE_DATE_EPOCH`` when set, else 1970-01-01 (as the workbook)."""
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.strip().isdigit() else 0
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y%m%d%H%M%S").encode("ascii")


def fix_dates(pdf: str | Path) -> int:
    """Replace chromium's print time in the PDF's ``/CreationDate`` and ``/ModDate`` by
    :func:`pdf_date` (UTC), in place and at the same length, so the cross-reference offsets stay
    valid; the same HTML then gives the same bytes. Returns the number of dates replaced.

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.pdf"
    >>> _ = p.write_bytes(b"<</CreationDate (D:20261202181736+00'00')>>")
    >>> fix_dates(p), p.read_bytes()
    (1, b"<</CreationDate (D:19700101000000+00'00')>>")
    """
    path = Path(pdf)
    data = path.read_bytes()
    stamp = pdf_date()
    count = 0

    def repl(m: re.Match) -> bytes:
        nonlocal count
        count += 1
        zone = b"+00'00'" if len(m.group(3)) == 7 else m.group(3)  # UTC, same length when chromium wrote UTC
        return m.group(0).replace(m.group(2) + m.group(3), stamp + zone)

    fixed = _PDF_DATE.sub(repl, data)
    if fixed != data:
        tmp = path.with_name(f".{path.name}.dates")
        tmp.write_bytes(fixed)
        os.replace(tmp, path)
    return count


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
