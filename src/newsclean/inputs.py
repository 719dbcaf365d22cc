"""Finding and reading input files for the CLI (the library itself does no I/O).

Directories are walked recursively in sorted order with hidden entries skipped, so a run
over the same tree always yields records in the same order. ``.gz`` files are decompressed
transparently, never beyond the size limit.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, cast

from .errors import InputTooLargeError, NewscleanError


class InputReadError(NewscleanError):
    """The input file could not be read or decompressed."""


@dataclass(frozen=True, slots=True)
class InputRef:
    path: str  # as shown to the user and recorded as source.path
    fs_path: str | None  # None for stdin
    problem: str | None = None  # set when the path could not even be listed


def _open_compressed(path: str) -> BinaryIO | None:
    """A decompressing reader for .gz/.bz2/.xz files, None for anything else."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".gz":
        return cast(BinaryIO, gzip.GzipFile(path, "rb"))
    if suffix == ".bz2":
        return cast(BinaryIO, bz2.BZ2File(path, "rb"))
    if suffix == ".xz":
        return cast(BinaryIO, lzma.LZMAFile(path, "rb"))
    return None


def iter_inputs(paths: tuple[str, ...]) -> Iterator[InputRef]:
    """Expand the command-line paths into files, in a deterministic order."""
    for given in paths:
        if given == "-":
            yield InputRef("-", None)
        elif os.path.isdir(given):
            yield from _walk(given)
        elif os.path.exists(given):
            yield InputRef(given, given)
        else:
            yield InputRef(given, given, "no such file or directory")


def _walk(top: str) -> Iterator[InputRef]:
    seen: set[tuple[int, int]] = set()

    def visit(directory: str, shown: str) -> Iterator[InputRef]:
        try:
            st = os.stat(directory)
            key = (st.st_dev, st.st_ino)
            if key in seen:
                yield InputRef(shown, directory, "directory loop (symlink to an ancestor), skipped")
                return
            seen.add(key)
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield InputRef(shown, directory, f"cannot list directory: {exc.strerror or exc}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child_shown = os.path.join(shown, entry.name)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                yield from visit(entry.path, child_shown)
            else:
                yield InputRef(child_shown, entry.path)

    yield from visit(top, top)


def read_input(ref: InputRef, max_bytes: int) -> bytes:
    """The input's bytes, decompressed; raises ``NewscleanError`` subclasses."""
    if ref.problem:
        raise InputReadError(ref.problem)
    try:
        if ref.fs_path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            compressed = _open_compressed(ref.fs_path)
            if compressed is not None:
                with compressed as fh:
                    data = fh.read(max_bytes + 1)
            else:
                with open(ref.fs_path, "rb") as fh:
                    data = fh.read(max_bytes + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error, lzma.LZMAError, OSError) as exc:
        raise InputReadError(_describe(exc)) from None
    if len(data) > max_bytes:
        raise InputTooLargeError(f"input is over the limit of {max_bytes:,} bytes (--max-bytes)")
    return data


def _describe(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "compressed file is truncated"
    if isinstance(exc, gzip.BadGzipFile | zlib.error | lzma.LZMAError):
        return f"corrupt compressed file: {exc}"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"cannot read: {exc}"
