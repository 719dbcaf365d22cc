"""The inputs of a Dask job, listed once on the client, sorted, and cut into partitions.

A source is a local path or folder, a glob (``crawl/2024-*/*.warc.gz``), or a URL that
fsspec understands (``s3://bucket/crawl/`` with s3fs installed). Local paths go through
the same walk as ``newsclean extract`` (``newsclean.inputs.iter_inputs``), so an input is
named (``source.path``) and reported exactly as the CLI names and reports it; a remote
input is named by its full URL.

Partitions are a pure function of the sorted input list and the partition size, so a
rerun of the same job cuts the same partitions and can skip the ones already written:
the inputs that are not web archives, ``size`` at a time in sorted order, then each web
archive as a partition of its own (its records are read in sequence, one after another;
a crawl's archive holds tens of thousands of them).
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import fsspec  # type: ignore[import-untyped]
from fsspec.implementations.local import LocalFileSystem  # type: ignore[import-untyped]

from ..batch.warc import is_archive
from ..inputs import NO_FILTER, PathFilter, iter_inputs

_LOCAL_PROTOCOLS = (None, "file", "local")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Source:
    """One input of a job, as it travels to a worker."""

    path: str  # as shown: the records' source.path, the --errors source
    location: str  # where a worker reads it: an absolute local path, or the fsspec URL
    remote: bool = False
    problem: str | None = None  # why it cannot be read (found while listing): it fails as unreadable

    @property
    def archive(self) -> bool:
        return self.problem is None and is_archive(self.path)


class ListingError(Exception):
    """A source could not be listed at all (``--files-from`` unreadable, a bad URL)."""


def list_sources(
    given: Iterable[str],
    path_filter: PathFilter = NO_FILTER,
    storage_options: Mapping[str, Any] | None = None,
) -> list[Source]:
    """Every input the given sources name, sorted by ``path``, each once."""
    found: dict[str, Source] = {}
    for text in given:
        for source in _expand(text, path_filter, dict(storage_options or {})):
            found.setdefault(source.path, source)
    return [found[path] for path in sorted(found)]


def partition(sources: list[Source], size: int) -> list[tuple[Source, ...]]:
    """The job's partitions: ``size`` plain inputs at a time, then one per web archive."""
    if size < 1:
        raise ValueError("the partition size must be at least 1")
    plain = [s for s in sources if not s.archive]
    parts = [tuple(plain[i : i + size]) for i in range(0, len(plain), size)]
    return parts + [(s,) for s in sources if s.archive]


def inputs_digest(sources: list[Source]) -> str:
    """A fingerprint of the input list: what each input is called and where it is read."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(f"{source.path}\0{source.location}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _expand(text: str, path_filter: PathFilter, storage_options: dict[str, Any]) -> Iterator[Source]:
    if text == "-":
        raise ListingError("stdin (-) cannot be an input of a Dask job: the workers read the inputs")
    protocol, stripped = fsspec.core.split_protocol(text)
    if protocol in _LOCAL_PROTOCOLS:
        yield from _local(text if protocol is None else stripped, path_filter)
        return
    try:
        fs, path = fsspec.core.url_to_fs(text, **storage_options)
    except (ImportError, ValueError) as exc:  # no implementation installed for the protocol (s3fs...)
        raise ListingError(f"cannot read {text}: {exc}") from None
    if isinstance(fs, LocalFileSystem):
        yield from _local(path, path_filter)
        return
    yield from _remote(fs, text, path, path_filter)


def _local(path: str, path_filter: PathFilter) -> Iterator[Source]:
    if _GLOB_CHARS.intersection(path) and not os.path.lexists(path):
        matches = sorted(glob.glob(path))
        if not matches:
            yield Source(path, os.path.abspath(path), problem="no file matches this pattern")
        for match in matches:
            yield from _local_refs(match, path_filter)
    else:
        yield from _local_refs(path, path_filter)


def _local_refs(path: str, path_filter: PathFilter) -> Iterator[Source]:
    for ref in iter_inputs((path,), path_filter):
        assert ref.fs_path is not None, "stdin is refused before listing"
        yield Source(ref.path, os.path.abspath(ref.fs_path), problem=ref.problem)


def _remote(fs: Any, text: str, path: str, path_filter: PathFilter) -> Iterator[Source]:
    try:
        if _GLOB_CHARS.intersection(path) and not fs.exists(path):
            matches = sorted(fs.glob(path))
            if not matches:
                yield Source(text, text, remote=True, problem="no file matches this pattern")
            for match in matches:
                yield from _remote_entry(fs, match, path_filter)
        elif fs.exists(path):
            yield from _remote_entry(fs, path, path_filter)
        else:
            yield Source(text, text, remote=True, problem="no such file or directory")
    except OSError as exc:
        yield Source(text, text, remote=True, problem=f"cannot list: {exc.strerror or exc}")


def _remote_entry(fs: Any, path: str, path_filter: PathFilter) -> Iterator[Source]:
    if not fs.isdir(path):
        url = fs.unstrip_protocol(path)
        yield Source(url, url, remote=True)
        return
    top = path.rstrip("/")
    for found in sorted(fs.find(top, withdirs=False)):
        rel = found[len(top) :].lstrip("/")
        parts = rel.split("/")
        # As the local walk: hidden entries skipped, an excluded folder not entered.
        if any(p.startswith(".") for p in parts):
            continue
        if any(path_filter.excluded(parts[i], "/".join(parts[: i + 1])) for i in range(len(parts) - 1)):
            continue
        if path_filter.takes_file(parts[-1], rel):
            url = fs.unstrip_protocol(found)
            yield Source(url, url, remote=True)
