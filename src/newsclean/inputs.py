"""Finding and reading input files for the CLI (the library itself does no I/O).

Directories are walked recursively in sorted order with hidden entries skipped, so a run
over the same tree always yields inputs in the same order. What cannot be an input (a
dangling symlink, a FIFO met while walking, a symlink loop, a directory that cannot be
listed) is yielded as an ``InputRef`` with a ``problem``: the caller reports it and goes
on. ``.gz``/``.bz2``/``.xz`` files are decompressed transparently, never beyond the size
limit.
"""

from __future__ import annotations

import bz2
import errno
import fnmatch
import gzip
import hashlib
import io
import lzma
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, cast

from .errors import InputTooLargeError, NewscleanError

_CHUNK = 1 << 20
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")


class InputReadError(NewscleanError):
    """The input could not be read (missing, unreadable, not a regular file...)."""


class CompressedDataError(InputReadError):
    """The file was read but its compressed data is corrupt or truncated."""


@dataclass(frozen=True, slots=True)
class InputRef:
    path: str  # as shown to the user and recorded as source.path
    fs_path: str | None  # None for stdin
    problem: str | None = None  # set when the path is not something we can read


@dataclass(frozen=True, slots=True)
class PathFilter:
    """``--include``/``--exclude`` globs, applied to what a directory walk finds.

    A pattern matches an entry's name or its path relative to the directory argument;
    ``*`` also matches ``/``. Excluded directories are not descended into. Inputs named
    explicitly (arguments, ``--files-from`` lines) are always taken.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def excluded(self, name: str, rel: str) -> bool:
        return _matches(self.exclude, name, rel)

    def takes_file(self, name: str, rel: str) -> bool:
        if self.excluded(name, rel):
            return False
        return not self.include or _matches(self.include, name, rel)


def _matches(patterns: tuple[str, ...], name: str, rel: str) -> bool:
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(rel, p) for p in patterns)


NO_FILTER = PathFilter()


def iter_inputs(paths: Iterable[str], path_filter: PathFilter = NO_FILTER) -> Iterator[InputRef]:
    """Expand paths (arguments or ``--files-from`` lines) into inputs, in a deterministic order."""
    for given in paths:
        if given == "-":
            yield InputRef("-", None)
        elif os.path.isdir(given):
            yield from _walk(given, path_filter)
        elif os.path.lexists(given):
            # Named explicitly: a FIFO or /dev/stdin is read as asked (process substitution).
            st = _stat(given)
            yield InputRef(shown_path(given), given, st if isinstance(st, str) else None)
        else:
            yield InputRef(shown_path(given), given, "no such file or directory")


def shown_path(path: str) -> str:
    """``path`` as records, messages and the state show it: valid Unicode. A name that is not
    UTF-8 (the OS hands it over with its bad bytes as surrogates) gets them as ``\\xff``
    escapes, since JSON output must be UTF-8; the file itself is still opened by its real name."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return os.fsencode(path).decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate no file system name decodes to
            return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return path


def iter_listed_paths(stream: BinaryIO) -> Iterator[str]:
    """Paths from a ``--files-from`` list: one per line, blank lines ignored, read lazily."""
    for raw in stream:
        line = raw.rstrip(b"\n").rstrip(b"\r")
        if line:
            yield os.fsdecode(line)


def _stat(path: str) -> os.stat_result | str:
    """The stat of ``path`` (following symlinks), or why it has none."""
    try:
        return os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (too many levels of symbolic links)"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return "dangling symlink (its target does not exist)"
        return f"cannot read: {exc.strerror or exc}"


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _walk(top: str, path_filter: PathFilter) -> Iterator[InputRef]:
    # Only the ancestors of the current directory: a symlink to one of them is a loop;
    # a second path to a directory already seen elsewhere is not (like ``find -L``).
    ancestors: set[tuple[int, int]] = set()

    def visit(directory: str, shown: str, rel: str) -> Iterator[InputRef]:
        try:
            dir_stat = os.stat(directory)
            key = (dir_stat.st_dev, dir_stat.st_ino)
            if key in ancestors:
                yield InputRef(shown_path(shown), directory, "directory loop (symlink to an ancestor), skipped")
                return
            # Names only, sorted: a directory of 100,000 files costs a list of names.
            with os.scandir(directory) as it:
                names = sorted(e.name for e in it if not e.name.startswith("."))
        except OSError as exc:
            yield InputRef(shown_path(shown), directory, f"cannot list directory: {exc.strerror or exc}")
            return
        ancestors.add(key)
        for name in names:
            child, child_shown = os.path.join(directory, name), os.path.join(shown, name)
            child_rel = f"{rel}/{name}" if rel else name
            child_stat = _stat(child)
            if not isinstance(child_stat, str) and stat.S_ISDIR(child_stat.st_mode):
                if not path_filter.excluded(name, child_rel):
                    yield from visit(child, child_shown, child_rel)
            elif path_filter.takes_file(name, child_rel):
                if isinstance(child_stat, str):
                    problem: str | None = child_stat
                elif stat.S_ISREG(child_stat.st_mode):
                    problem = None
                else:
                    problem = f"not a regular file ({_file_kind(child_stat.st_mode)}), skipped"
                yield InputRef(shown_path(child_shown), child, problem)
        ancestors.discard(key)

    yield from visit(top, top, "")


@dataclass(frozen=True, slots=True)
class RawFile:
    sha256: str  # of the bytes on disk (compressed as stored)
    data: bytes | None  # the bytes on disk; None when over the read cap


def read_raw(fs_path: str, cap: int) -> RawFile:
    """Read and hash a file; keep its bytes only up to ``cap``. Raises ``InputReadError``.

    A regular file over ``cap`` is still read to its end, for its hash (the state remembers
    why it failed); a device or a pipe is not: ``/dev/zero`` never ends.
    """
    digest = hashlib.sha256()
    kept: bytearray | None = bytearray()
    try:
        with open(fs_path, "rb") as fh:
            regular = stat.S_ISREG(os.fstat(fh.fileno()).st_mode)
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
                if kept is not None:
                    kept += chunk
                    if len(kept) > cap:
                        kept = None
                if kept is None and not regular and cap >= 0:
                    break
    except OSError as exc:
        raise InputReadError(_describe(exc)) from None
    return RawFile(digest.hexdigest(), None if kept is None else bytes(kept))


def hash_file(fs_path: str) -> str:
    """The sha256 of a file's bytes on disk. Raises ``InputReadError``."""
    return read_raw(fs_path, cap=-1).sha256


def raw_cap(fs_path: str, max_bytes: int) -> int:
    """How many stored bytes can possibly decompress to at most ``max_bytes``.

    Compressors never grow data by more than a small per-block overhead, so twice the
    limit is safe for compressed files and keeps memory bounded.
    """
    return 2 * max_bytes + 65536 if _compression(fs_path) else max_bytes


def decompress(fs_path: str, raw: bytes, max_bytes: int) -> bytes:
    """Decompress ``raw`` according to the file's suffix, never past ``max_bytes``."""
    kind = _compression(fs_path)
    if kind is None:
        data = raw
    else:
        try:
            with _decompressor(kind, io.BytesIO(raw)) as stream:
                data = stream.read(max_bytes + 1)
        except EOFError:
            raise CompressedDataError("compressed file is truncated") from None
        except (zlib.error, lzma.LZMAError, OSError) as exc:  # BadGzipFile and bz2's errors are OSErrors
            raise CompressedDataError(f"corrupt compressed file: {exc}") from None
    if len(data) > max_bytes:
        raise InputTooLargeError(too_large_message(max_bytes))
    return data


def too_large_message(max_bytes: int) -> str:
    return f"input is over the limit of {max_bytes:,} bytes (--max-bytes)"


def read_input(ref: InputRef, max_bytes: int) -> bytes:
    """The input's bytes, decompressed; raises ``NewscleanError`` subclasses."""
    if ref.problem:
        raise InputReadError(ref.problem)
    if ref.fs_path is None:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputTooLargeError(too_large_message(max_bytes))
        return data
    raw = read_raw(ref.fs_path, raw_cap(ref.fs_path, max_bytes))
    if raw.data is None:
        raise InputTooLargeError(too_large_message(max_bytes))
    return decompress(ref.fs_path, raw.data, max_bytes)


def _decompressor(kind: str, raw: BinaryIO) -> BinaryIO:
    if kind == ".gz":
        return cast(BinaryIO, gzip.GzipFile(fileobj=raw))
    if kind == ".bz2":
        return cast(BinaryIO, bz2.BZ2File(raw))
    return cast(BinaryIO, lzma.LZMAFile(raw))


def _compression(path: str) -> str | None:
    suffix = os.path.splitext(path)[1].lower()
    return suffix if suffix in COMPRESSED_SUFFIXES else None


def _describe(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"cannot read: {exc}"
