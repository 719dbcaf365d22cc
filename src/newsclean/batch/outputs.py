"""Where records and failures go: stdout, ``-o FILE``, ``--out-dir DIR``, ``--errors FILE``.

Every file is written under a temporary name and renamed into place when complete, so a
reader (or a rerun) never sees half of one. Temporary names carry the writer's pid: a run
removes the ones left by runs that were killed (their pid is gone), and only those.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import stat
import sys
from typing import IO

from .state import OutputMark
from .tasks import OUTPUT_ERROR, Failure

TEMP_SUFFIX = ".newsclean-tmp"
TEMP_DIR = ".newsclean-tmp"  # inside --out-dir: renames stay on one filesystem
_TEMP_NAME = re.compile(r"^\.?(\d+)-\d+-.*" + re.escape(TEMP_SUFFIX) + "$")
_counter = itertools.count()


class OutputError(Exception):
    """An output cannot be written at all (stdout, -o FILE, --errors FILE): the run stops."""


class AtomicFile:
    """A file that appears at ``path`` only when ``commit`` is called.

    An existing special file (``/dev/null``, a FIFO) is written directly: renaming over it
    would replace the device node itself.
    """

    def __init__(self, path: str, temp_dir: str | None = None) -> None:
        self.path = path
        self.temp_path: str | None = None
        if _is_special(path):
            self.stream: IO[bytes] = open(path, "wb")  # noqa: SIM115 -- closed by commit/abort
            return
        directory = temp_dir if temp_dir is not None else os.path.dirname(path) or "."
        hidden = "" if temp_dir is not None else "."
        name = f"{hidden}{os.getpid()}-{next(_counter)}-{os.path.basename(path)[:100]}{TEMP_SUFFIX}"
        self.temp_path = os.path.join(directory, name)
        self.stream = open(self.temp_path, "wb")  # noqa: SIM115 -- closed by commit/abort

    def write(self, data: bytes) -> None:
        self.stream.write(data)

    def commit(self) -> None:
        self.stream.close()
        if self.temp_path is not None:
            os.replace(self.temp_path, self.path)

    def abort(self) -> None:
        self.stream.close()
        if self.temp_path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.temp_path)


def _is_special(path: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def sweep_stale_temps(directory: str) -> int:
    """Remove temporary files that killed runs left in ``directory``; how many."""
    removed = 0
    try:
        names = os.listdir(directory)
    except OSError:
        return 0
    for name in names:
        match = _TEMP_NAME.match(name)
        if match and not _pid_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(directory, name))
                removed += 1
    return removed


def _sweep_beside(path: str) -> None:
    if not _is_special(path):
        sweep_stale_temps(os.path.dirname(path) or ".")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RecordStream:
    """JSON Lines on stdout or ``-o FILE``.

    Without ``--state``, ``-o FILE`` is written to a temporary file renamed at the end
    (also after Ctrl-C, with the records done so far). With ``--state`` it is appended to,
    each run adding the records it extracted; records a killed run wrote after its last
    state commit are cut off again at the next start (they will be extracted again), so
    the file never holds a record twice or a partial line.
    """

    def __init__(self, path: str | None, mark: OutputMark | None, journaled: bool) -> None:
        self._path = path
        self._atomic: AtomicFile | None = None
        self._inode = 0
        self.truncated_bytes = 0
        try:
            if path is None:
                self._fh: IO[bytes] = sys.stdout.buffer
            elif not journaled:
                _sweep_beside(path)
                self._atomic = AtomicFile(path)
                self._fh = self._atomic.stream
            else:
                self._fh = self._open_journaled(path, mark)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None

    def _open_journaled(self, path: str, mark: OutputMark | None) -> IO[bytes]:
        fh = open(path, "ab")  # noqa: SIM115 -- closed by close()
        st = os.fstat(fh.fileno())
        self._inode = st.st_ino
        same_file = mark is not None and mark.path == os.path.abspath(path) and mark.inode == st.st_ino
        if mark is not None and same_file and st.st_size > mark.size:
            # Records a killed run wrote after its last commit: they will be extracted again.
            self.truncated_bytes = st.st_size - mark.size
            fh.truncate(mark.size)
        fh.seek(0, os.SEEK_END)  # appends go to the end anyway; this makes tell() say so
        return fh

    def write(self, record: bytes) -> None:
        self._fh.write(record + b"\n")

    def flush(self) -> None:
        self._fh.flush()

    def mark(self) -> OutputMark | None:
        """Where an appended ``-o FILE`` stands now (flushed or not), for the state's journal."""
        if self._path is None or self._atomic is not None:
            return None
        return OutputMark(os.path.abspath(self._path), self._inode, self._fh.tell())

    def close(self) -> None:
        try:
            if self._atomic is not None:
                self._atomic.commit()
            elif self._path is not None:
                self._fh.close()
            else:
                self._fh.flush()
        except BrokenPipeError:
            raise  # stdout's reader went away: the CLI ends quietly
        except OSError as exc:
            raise OutputError(f"cannot write {self._path or 'records'}: {exc.strerror or exc}") from None

    def abort(self) -> None:
        """Give up without publishing anything (output closed, fatal error)."""
        if self._atomic is not None:
            self._atomic.abort()
        elif self._path is not None:
            with contextlib.suppress(OSError):
                self._fh.close()


class OutDir:
    """``--out-dir DIR``: one ``.json`` per input, one ``.jsonl`` per web archive.

    The output mirrors the input's path as shown (``crawl/2024/a.txt`` becomes
    ``DIR/crawl/2024/a.txt.json``) with leading ``/``, ``.`` and ``..`` components dropped;
    a path that would still lead out of DIR (through a symlink inside it) is refused.
    """

    def __init__(self, root: str) -> None:
        try:
            os.makedirs(root, exist_ok=True)
            self._real_root = os.path.realpath(root)
            self._temp_dir = os.path.join(root, TEMP_DIR)
            os.makedirs(self._temp_dir, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot use --out-dir {root}: {exc.strerror or exc}") from None
        self._root = root
        self.swept = sweep_stale_temps(self._temp_dir)
        self._open: dict[str, AtomicFile] = {}

    def target(self, source: str, archive: bool) -> str:
        parts = [p for p in source.split("/") if p not in ("", ".", "..")] or ["stdin"]
        if source == "-":
            parts = ["stdin"]
        parts[-1] += ".jsonl" if archive else ".json"
        return os.path.join(self._root, *parts)

    def write(self, source: str, archive: bool, record: bytes) -> Failure | None:
        """Add a record to the input's output file (opened at the first record)."""
        path = self.target(source, archive)
        try:
            out = self._open.get(path)
            if out is None:
                self._check_inside(path)
                out = self._open[path] = AtomicFile(path, self._temp_dir)
            out.write(record + b"\n")
        except OSError as exc:
            return Failure(source, OUTPUT_ERROR, f"cannot write {path}: {exc.strerror or exc}", remember=False)
        return None

    def finish(self, source: str, archive: bool) -> Failure | None:
        """The input is done: publish its output file, if it has one."""
        path = self.target(source, archive)
        out = self._open.pop(path, None)
        if out is None:
            return None
        try:
            self._check_inside(path)  # before makedirs, which would follow such a symlink
            os.makedirs(os.path.dirname(path), exist_ok=True)
            out.commit()
        except OSError as exc:
            out.abort()
            return Failure(source, OUTPUT_ERROR, f"cannot write {path}: {exc.strerror or exc}", remember=False)
        return None

    def close(self) -> None:
        """Drop unfinished outputs (interrupted inputs) and the temporary folder if empty."""
        for out in self._open.values():
            out.abort()
        self._open.clear()
        with contextlib.suppress(OSError):
            os.rmdir(self._temp_dir)

    def _check_inside(self, path: str) -> None:
        """Refuse a path whose nearest existing folder is outside DIR (a symlink inside it)."""
        existing = os.path.dirname(path)
        while not os.path.isdir(existing) and existing not in ("", self._root):
            existing = os.path.dirname(existing)
        real = os.path.realpath(existing or ".")
        if real != self._real_root and not real.startswith(self._real_root + os.sep):
            raise OSError(0, "the output folder leads out of --out-dir through a symlink")


class ErrorsFile:
    """``--errors FILE``: one JSON line per failure, published at the end of the run."""

    def __init__(self, path: str) -> None:
        try:
            _sweep_beside(path)
            self._file = AtomicFile(path)
        except OSError as exc:
            raise OutputError(f"cannot write --errors {path}: {exc.strerror or exc}") from None

    def write(self, failure: Failure) -> None:
        self._file.write(json.dumps(failure.as_json(), ensure_ascii=False).encode("utf-8") + b"\n")

    def close(self) -> None:
        try:
            self._file.commit()
        except OSError as exc:
            raise OutputError(f"cannot write --errors {self._file.path}: {exc.strerror or exc}") from None

    def abort(self) -> None:
        self._file.abort()
