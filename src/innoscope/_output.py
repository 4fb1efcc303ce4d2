"""Writing results: atomic UTF-8 CSV files (full precision, missing values as empty fields) and
the output folder of a run (staged, locked, committed with an ``outputs.json`` manifest)."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from .errors import OutputError

__all__ = ["write_csv", "defuse", "out_dir", "check_out_dir", "atomic_path", "write_results", "output_folder",
           "read_manifest", "sha256_file", "MANIFEST"]


def check_out_dir(path: "str | Path") -> Path:
    """Raise :class:`OutputError` unless ``path`` is a folder or can become one (nothing is created)."""
    p = Path(path)
    for q in (p, *p.parents):
        if q.exists():
            if not q.is_dir():
                raise OutputError(f"{p}: {q} is a file, not a folder for the results")
            if not os.access(q, os.W_OK):
                raise OutputError(f"{p}: {q} is not writable")
            break
    return p


def out_dir(path: "str | Path") -> Path:
    """The output folder ``path``, created if needed."""
    p = check_out_dir(path)
    p.mkdir(parents=True, exist_ok=True)
    return p


class atomic_path:
    """A temporary path beside ``path`` that replaces it on success and vanishes on failure.

    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "a.txt") as tmp:
    ...     _ = tmp.write_text("x")
    >>> (d / "a.txt").read_text(), sorted(p.name for p in d.iterdir())
    ('x', ['a.txt'])
    """

    def __init__(self, path: "str | Path"):
        self.path = Path(path)

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=f".part{self.path.suffix}",
                                    dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


_FORMULA = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?%?")


def defuse(cell):
    """A text cell that a spreadsheet would run as a formula, quoted with a leading ``'``.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed
    with a single quote unless it is a number (``-5``, ``+1.5e3``); other values are
    returned unchanged (OWASP's rule against CSV injection).

    >>> defuse("=cmd|' /C calc'!A0"), defuse("-5"), defuse("@SUM(A1)"), defuse(-5), defuse("a-b")
    ("'=cmd|' /C calc'!A0", '-5', "'@SUM(A1)", -5, 'a-b')
    """
    if isinstance(cell, str) and cell and _FORMULA.match(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def write_csv(df: pd.DataFrame, path: "str | Path") -> Path:
    """Write ``df`` as UTF-8 CSV with full float precision and empty missing cells, atomically.

    Text that a spreadsheet would run as a formula is quoted (see :func:`defuse`); numbers
    are written as they are.
    """
    p = Path(path)
    out = df.copy()
    out.columns = [defuse(c) for c in df.columns]
    for j in range(out.shape[1]):
        col = out.iloc[:, j]
        if pd.api.types.is_object_dtype(col.dtype) or pd.api.types.is_string_dtype(col.dtype):
            out.isetitem(j, col.map(defuse))
    with atomic_path(p) as tmp:
        out.to_csv(tmp, index=False, encoding="utf-8", na_rep="", float_format=None, lineterminator="\n")
    return p


def write_results(result, out: "str | Path", year: int | None = None) -> list[Path]:
    """Write every non-empty table of an :class:`~innoscope.evaluation.EvaluationResult`
    as ``<name>.csv`` into ``out`` (``scores`` and ``tiers`` for ``year``, or all years)."""
    d = out_dir(out)
    return [write_csv(df, d / f"{name}.csv") for name, df in result.tables(year).items()]


# ---- the output folder of a run: staged, locked, committed with a manifest ----------------
MANIFEST = "outputs.json"
MANIFEST_FORMAT = "innoscope-outputs/1"
#: Packages whose versions the manifest records (those installed).
KEY_PACKAGES = ("numpy", "pandas", "scipy", "highspy", "matplotlib", "jinja2", "xlsxwriter", "openpyxl")
_TMP_TAG = ".innoscope-tmp-"
_LOCK_TAG = ".innoscope-lock"


def sha256_file(path: "str | Path") -> str:
    """The SHA-256 hex digest of a file's bytes."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _versions() -> dict[str, str]:
    import platform
    from importlib import metadata

    from . import __version__

    out = {"innoscope": __version__, "python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def _inside(a: Path, b: Path) -> bool:
    """Whether ``a`` is ``b`` or lies inside folder ``b`` (both resolved)."""
    return a == b or b in a.parents


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


def _jsonable(value):
    """Parameters as JSON values: paths and other objects as text, sets sorted."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else str(value)
    return str(value)


def read_manifest(folder: "str | Path") -> dict | None:
    """The ``outputs.json`` of an earlier run in ``folder``, or None (absent or not ours)."""
    import json

    p = Path(folder) / MANIFEST
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return None
    return data


class output_folder:
    """Write a run's results into a folder all at once, or not at all.

    The run writes into a temporary folder beside ``out`` (same file system). On success the
    files are moved into ``out`` and ``outputs.json`` lists them (path, size, SHA-256) with the
    command, its parameters, the input files' hashes and the versions of innoscope and its key
    dependencies. Files an earlier run listed in its ``outputs.json`` that this run did not
    write are removed (unless changed since); other files in ``out`` are the user's and stay.
    If the run fails or is interrupted, ``out`` is left exactly as it was.

    A lock file beside ``out`` refuses a second run into the same folder while one is going
    on (a lock left by a process that no longer exists is taken over). An ``out`` that is an
    input file, lies inside an input folder, or holds an input the run would replace or remove
    is refused. The manifest holds no timestamp unless ``SOURCE_DATE_EPOCH`` is set.

    Parameters
    ----------
    out : path
        The output folder (created on success).
    command : str
        Name of what is run (``"index"``, ``"report"``…), recorded in the manifest.
    inputs : iterable of path or None
        Files or folders the run reads (``None`` and non-paths such as ``"embedded"`` are
        recorded by name only).
    parameters : dict, optional
        Settings of the run, recorded in the manifest (JSON; other objects as text).

    Attributes
    ----------
    path : Path
        The temporary folder to write into (inside the ``with`` block).
    out : Path
        The final folder.
    written : list of Path
        After the block: the final paths of the files written, manifest last.
    removed : list of Path
        After the block: files of an earlier run removed.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "results"
    >>> with output_folder(d, command="demo", parameters={"k": 1}) as folder:
    ...     _ = (folder.path / "a.csv").write_text("x\\n1\\n")
    >>> sorted(p.name for p in d.iterdir()), read_manifest(d)["files"][0]["path"]
    (['a.csv', 'outputs.json'], 'a.csv')
    >>> with output_folder(d, command="demo") as folder:
    ...     _ = (folder.path / "b.csv").write_text("y\\n")
    >>> sorted(p.name for p in d.iterdir())   # a.csv was the earlier run's: removed
    ['b.csv', 'outputs.json']
    """

    def __init__(self, out: "str | Path", *, command: str, inputs=(), parameters: dict | None = None):
        self.out = Path(out)
        self.command = command
        self.inputs = [i for i in inputs if i is not None]
        self.parameters = dict(parameters or {})
        self.written: list[Path] = []
        self.removed: list[Path] = []
        self.kept: list[Path] = []
        self.path: Path | None = None
        self._lock: Path | None = None
        self._made: list[Path] = []

    # -- where things go -------------------------------------------------------------------
    def _home(self, target: Path) -> Path:
        """The folder that holds the lock and the staging folder: beside ``out``, or inside an
        existing ``out`` when its parent cannot be written."""
        parent = target.parent
        if parent.is_dir() and os.access(parent, os.W_OK | os.X_OK):
            return parent
        if target.is_dir() and os.access(target, os.W_OK | os.X_OK):
            return target
        raise OutputError(f"{self.out}: cannot write there ({parent} is not a writable folder)")

    def _input_paths(self) -> list[tuple[str, Path]]:
        found = []
        for item in self.inputs:
            p = Path(str(item))
            if p.exists():
                found.append((str(item), p.resolve()))
        return found

    def _check_inputs(self, target: Path) -> None:
        old = read_manifest(target) or {}
        listed = {(target / f["path"]).resolve() for f in old.get("files", []) if "path" in f}
        for given, p in self._input_paths():
            if target == p:
                raise OutputError(f"{self.out}: the output folder is the input {given}: choose another --out")
            if p.is_dir() and _inside(target, p):
                raise OutputError(f"{self.out}: the output folder lies inside the input folder {given}: "
                                  "choose another --out")
            if p in listed:
                raise OutputError(f"{self.out}: the input {given} is a result of an earlier run in this "
                                  "folder and would be replaced: copy it elsewhere or choose another --out")

    def _take_lock(self, home: Path, target: Path) -> None:
        name = f".{target.name}{_LOCK_TAG}" if home != target else _LOCK_TAG
        lock = home / name
        text = f"{os.getpid()}\n"
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                try:
                    pid = int(lock.read_text(encoding="utf-8").split()[0])
                except (OSError, ValueError, IndexError):
                    pid = -1
                if pid > 0 and _pid_alive(pid):
                    raise OutputError(f"{self.out}: another innoscope run (process {pid}) is writing "
                                      f"into this folder; wait for it to finish (lock file {lock})") from None
                lock.unlink(missing_ok=True)  # left by a run that no longer exists
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            self._lock = lock
            return
        raise OutputError(f"{self.out}: cannot take the lock file {lock}")

    def _sweep(self, home: Path, target: Path) -> None:
        """Remove staging folders of earlier runs into ``out`` that were killed (we hold the lock)."""
        import shutil

        prefix = f".{target.name}{_TMP_TAG}" if home != target else _TMP_TAG
        for p in home.glob(prefix + "*"):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)

    # -- the context -----------------------------------------------------------------------
    def __enter__(self) -> "output_folder":
        check_out_dir(self.out)
        target = self.out.resolve()
        if target.exists() and not target.is_dir():
            raise OutputError(f"{self.out}: is a file, not a folder for the results")
        self._target = target
        self._check_inputs(target)
        self._made = [q for q in reversed(target.parents) if not q.exists()]  # removed again on failure
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            home = self._home(target)
            self._take_lock(home, target)
        except BaseException:
            self._unmake()
            raise
        try:
            self._sweep(home, target)
            prefix = f".{target.name}{_TMP_TAG}" if home != target else _TMP_TAG
            self.path = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=home))
        except BaseException:
            self._release()
            self._unmake()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        import shutil

        try:
            if exc_type is None:
                self._commit()
            elif isinstance(exc, KeyboardInterrupt):
                exc.add_note(f"{self.out}: interrupted before the results were complete: nothing was "
                             "written there (earlier results, if any, are as they were)")
        finally:
            if self.path is not None and self.path.exists():
                shutil.rmtree(self.path, ignore_errors=True)
            self._release()
            self._unmake()

    def _unmake(self) -> None:
        """Remove the (empty) parent folders made for a run that wrote nothing."""
        if self._target.exists():
            return
        for q in reversed(self._made):  # deepest first
            try:
                q.rmdir()
            except OSError:
                break

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.unlink(missing_ok=True)
            self._lock = None

    def final(self, path: "str | Path") -> Path:
        """The final path of a file written under :attr:`path`."""
        p = Path(path)
        try:
            return self.out / p.relative_to(self.path)
        except ValueError:
            return p

    # -- commit ----------------------------------------------------------------------------
    def _manifest(self, files: list[str]) -> dict:
        inputs = []
        for item in self.inputs:
            p = Path(str(item))
            if p.is_file():
                inputs.append({"path": str(item), "bytes": p.stat().st_size, "sha256": sha256_file(p)})
            elif p.is_dir():
                for q in sorted(x for x in p.rglob("*") if x.is_file()):
                    inputs.append({"path": str(item) + "/" + q.relative_to(p).as_posix(),
                                   "bytes": q.stat().st_size, "sha256": sha256_file(q)})
            else:
                inputs.append({"path": str(item)})
        data = {"format": MANIFEST_FORMAT, "command": self.command,
                "parameters": _jsonable(self.parameters), "inputs": inputs, "versions": _versions(),
                "files": [{"path": f, "bytes": (self.path / f).stat().st_size,
                           "sha256": sha256_file(self.path / f)} for f in files]}
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.strip().isdigit():
            from datetime import datetime, timezone

            data["created"] = datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return data

    def _commit(self) -> None:
        import json
        import signal
        import threading

        target = self._target
        files = sorted(p.relative_to(self.path).as_posix() for p in self.path.rglob("*")
                       if p.is_file() and p.name != MANIFEST)
        inputs = {p for _, p in self._input_paths()}
        clash = [f for f in files if (target / f).resolve() in inputs]
        if clash:
            raise OutputError(f"{self.out}: the results would replace the input {target / clash[0]}: "
                              "choose another --out")
        manifest = self._manifest(files)
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        (self.path / MANIFEST).write_text(text, encoding="utf-8")
        old = read_manifest(target) if target.is_dir() else None

        # Ctrl-C waits until the folder is consistent
        pending: list[int] = []
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, lambda s, f: pending.append(s)) if main else None
        try:
            if not target.exists():
                os.replace(self.path, target)
            else:
                self._merge(files, old)
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)
        self.written = [self.out / f for f in files] + [self.out / MANIFEST]
        if pending:
            err = KeyboardInterrupt()
            err.add_note(f"{self.out}: interrupted after the results were complete: they are in place")
            raise err

    def _merge(self, files: list[str], old: dict | None) -> None:
        """Move the staged files into an existing folder; drop files an earlier run listed."""
        target = self._target
        for f in files:  # every conflict before the first move
            dest = target / f
            if dest.is_dir() and not dest.is_symlink():
                raise OutputError(f"{self.out}: {dest} is a folder where the results need a file")
            for parent in Path(f).parents:
                if str(parent) != "." and (target / parent).exists() and not (target / parent).is_dir():
                    raise OutputError(f"{self.out}: {target / parent} is a file where the results need a folder")
        for f in files:
            dest = target / f
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.path / f, dest)
        new = set(files)
        for entry in (old or {}).get("files", []):
            rel = entry.get("path") if isinstance(entry, dict) else None
            if not isinstance(rel, str) or rel in new:
                continue
            p = (target / rel)
            if ".." in Path(rel).parts or Path(rel).is_absolute() or not p.is_file():
                continue
            if sha256_file(p) != entry.get("sha256"):
                self.kept.append(self.out / rel)  # changed since it was written: the user's now
                continue
            p.unlink()
            self.removed.append(self.out / rel)
            parent = p.parent
            while parent != target and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        os.replace(self.path / MANIFEST, target / MANIFEST)
