"""The job's folder: JSON Lines partitions, each committed atomically, and a manifest.

    DIR/_manifest.json               the job: newsclean version, options, the input list's
                                     fingerprint, partition size and count
    DIR/records/part-00000.jsonl     the records of partition 0, one JSON object a line
    DIR/errors/part-00000.jsonl      its failures, one {source, error, message} a line
    DIR/_committed/part-00000.json   written last: partition 0 is complete (its counts and
                                     the sizes of its two files)
    DIR/_SUCCESS                     written when every partition is complete
    DIR/_tmp/                        files being written

A worker writes a partition's two files under temporary names in ``_tmp/``, renames them
into place, then writes the partition's marker in ``_committed/`` the same way. A partition
is complete only when its marker is there, carries the manifest's fingerprint and matches
the sizes of the files: a rerun skips exactly those and recomputes the rest, so a killed
job restarts without redoing finished work, and neither it nor a reader who waits for the
marker (or for ``_SUCCESS``) ever takes half a partition. Running a partition twice (Dask
retries a task whose worker was lost) renames identical files over each other.

DIR is anything fsspec can write (a local or shared folder, ``s3://bucket/out``); on a
cluster every worker must reach it under the same name. On object stores a rename is a
copy, and an object appears whole or not at all, so the same order of writes holds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import posixpath
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import fsspec  # type: ignore[import-untyped]

from ..batch.tasks import Failure
from .extraction import Outcome

MANIFEST = "_manifest.json"
SUCCESS = "_SUCCESS"
RECORDS, ERRORS, COMMITTED, TMP = "records", "errors", "_committed", "_tmp"
_OURS = frozenset({MANIFEST, SUCCESS, RECORDS, ERRORS, COMMITTED, TMP})
_MANIFEST_VERSION = 1


class JobFolderError(Exception):
    """The folder cannot take this job: it holds another job, or other files."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a job is; two runs with the same manifest write the same partitions."""

    newsclean: str
    options: Mapping[str, Any]  # what shapes the records and failures, as the CLI takes them
    inputs: int
    inputs_sha256: str  # the sorted input list: names and where they are read
    partition_size: int
    partitions: int

    @property
    def fingerprint(self) -> str:
        text = json.dumps(dataclasses.asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def to_json(self) -> bytes:
        described = {"manifest": _MANIFEST_VERSION, **dataclasses.asdict(self), "fingerprint": self.fingerprint}
        return json.dumps(described, indent=2, sort_keys=True, default=str).encode("utf-8") + b"\n"

    @classmethod
    def from_json(cls, data: bytes) -> Manifest | None:
        try:
            described = json.loads(data)
            fields = {f.name: described[f.name] for f in dataclasses.fields(cls)}
            return cls(**fields) if described.get("manifest") == _MANIFEST_VERSION else None
        except (ValueError, KeyError, TypeError):
            return None

    def differences(self, other: Manifest) -> list[str]:
        """What changed from ``other`` (an earlier job) to this one, for humans."""
        said = []
        if self.newsclean != other.newsclean:
            said.append(f"newsclean {other.newsclean} -> {self.newsclean}")
        for key in sorted(set(self.options) | set(other.options)):
            if self.options.get(key) != other.options.get(key):
                said.append(f"{key} {other.options.get(key)!r} -> {self.options.get(key)!r}")
        if self.inputs_sha256 != other.inputs_sha256:
            said.append(f"the input list ({other.inputs:,} -> {self.inputs:,} inputs)")
        if self.partition_size != other.partition_size:
            said.append(f"partition size {other.partition_size} -> {self.partition_size}")
        return said or ["the manifest"]


@dataclass(frozen=True, slots=True)
class PartitionDone:
    """A complete partition, as its marker says."""

    partition: int
    fingerprint: str
    inputs: int
    records: int
    failures: int
    records_bytes: int
    errors_bytes: int
    seconds: float  # how long the worker took (not checked: for the figures)


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What a worker sends back for a partition it wrote: its marker, and its failures for stderr."""

    done: PartitionDone
    failures: tuple[Failure, ...]


class JobFolder:
    """The job's folder, on the client (``prepare``, ``committed``...) and on the workers (``write``)."""

    def __init__(self, url: str, storage_options: Mapping[str, Any] | None = None) -> None:
        self.url = url
        self.storage_options = dict(storage_options or {})
        self.fs, root = fsspec.core.url_to_fs(url, **self.storage_options)
        self.root = root.rstrip("/") or "/"

    def __reduce__(self) -> tuple[Any, ...]:
        # To a worker: the folder's full URL (a relative local path is the client's), not the filesystem object.
        return (JobFolder, (self.fs.unstrip_protocol(self.root), self.storage_options))

    def path(self, *parts: str) -> str:
        return posixpath.join(self.root, *parts)

    def records_path(self, partition: int) -> str:
        return self.path(RECORDS, f"part-{partition:05d}.jsonl")

    def errors_path(self, partition: int) -> str:
        return self.path(ERRORS, f"part-{partition:05d}.jsonl")

    def marker_path(self, partition: int) -> str:
        return self.path(COMMITTED, f"part-{partition:05d}.json")

    # -- on the client ------------------------------------------------------------------

    def prepare(self, manifest: Manifest, *, overwrite: bool = False) -> dict[int, PartitionDone]:
        """Make the folder ready for the job; the partitions an earlier run completed.

        Raises ``JobFolderError`` when the folder holds another job (unless ``overwrite``:
        its files are removed) or files that are not a job's (never removed).
        """
        names = self._names()
        strangers = sorted(n for n in names if n not in _OURS)
        if strangers:
            raise JobFolderError(
                f"{self.url} holds files that are not a newsclean job's ({', '.join(strangers[:3])}"
                f"{'...' if len(strangers) > 3 else ''}): give an empty or new folder"
            )
        earlier = Manifest.from_json(self.fs.cat(self.path(MANIFEST))) if MANIFEST in names else None
        if earlier is not None and earlier.fingerprint == manifest.fingerprint:
            self._make_folders()
            return self.committed(manifest)
        # No manifest: a run killed before it wrote one, so before any partition. Start afresh.
        if MANIFEST in names and not overwrite:
            what = "; ".join(manifest.differences(earlier)) if earlier is not None else "an unreadable manifest"
            raise JobFolderError(
                f"{self.url} holds the partitions of another job (changed: {what}): "
                "give another folder, or --overwrite to replace them"
            )
        for name in names:
            self.fs.rm(self.path(name), recursive=True)
        self.fs.makedirs(self.root, exist_ok=True)
        self._make_folders()
        self._put(self.path(MANIFEST), manifest.to_json())
        return {}

    def committed(self, manifest: Manifest) -> dict[int, PartitionDone]:
        """The complete partitions of this job: marker present, fingerprint and sizes right."""
        try:
            marker_files = self.fs.ls(self.path(COMMITTED), detail=False)
        except FileNotFoundError:
            return {}
        sizes = {**self._sizes(RECORDS), **self._sizes(ERRORS)}
        done: dict[int, PartitionDone] = {}
        contents = self.fs.cat(sorted(marker_files)) if marker_files else {}
        for data in contents.values():
            marker = _parse_marker(data)
            if (
                marker is not None
                and marker.fingerprint == manifest.fingerprint
                and 0 <= marker.partition < manifest.partitions
                and sizes.get(self.records_path(marker.partition)) == marker.records_bytes
                and sizes.get(self.errors_path(marker.partition)) == marker.errors_bytes
            ):
                done[marker.partition] = marker
        return done

    def sweep(self) -> int:
        """Remove what killed runs were writing (one job runs in a folder at a time)."""
        leftovers = self.fs.ls(self.path(TMP), detail=False)
        for name in leftovers:
            self.fs.rm(name)
        return len(leftovers)

    def mark_success(self, done: Mapping[int, PartitionDone]) -> None:
        totals = {
            "partitions": len(done),
            "inputs": sum(d.inputs for d in done.values()),
            "records": sum(d.records for d in done.values()),
            "failures": sum(d.failures for d in done.values()),
        }
        self._put(self.path(SUCCESS), json.dumps(totals, indent=2).encode("utf-8") + b"\n")

    def errors_of(self, partition: int) -> bytes:
        data: bytes = self.fs.cat(self.errors_path(partition))
        return data

    # -- on a worker --------------------------------------------------------------------

    def write(self, partition: int, fingerprint: str, inputs: int, outcomes: Iterable[Outcome]) -> PartitionResult:
        """Write one partition from its outcomes and commit it: files, then the marker."""
        started = time.monotonic()
        token = uuid.uuid4().hex
        temp_records = self.path(TMP, f"part-{partition:05d}.{token}.records")
        temp_errors = self.path(TMP, f"part-{partition:05d}.{token}.errors")
        records = records_bytes = errors_bytes = 0
        failures: list[Failure] = []
        try:
            with self.fs.open(temp_records, "wb") as out, self.fs.open(temp_errors, "wb") as err:
                for outcome in outcomes:
                    if outcome.record is not None:
                        records += 1
                        records_bytes += out.write(outcome.record + b"\n")
                    if outcome.failure is not None:
                        failures.append(outcome.failure)
                        line = json.dumps(outcome.failure.as_json(), ensure_ascii=False).encode("utf-8") + b"\n"
                        errors_bytes += err.write(line)
            self.fs.mv(temp_records, self.records_path(partition))
            self.fs.mv(temp_errors, self.errors_path(partition))
        except BaseException:
            for temp in (temp_records, temp_errors):
                if self.fs.exists(temp):
                    self.fs.rm(temp)
            raise
        done = PartitionDone(
            partition,
            fingerprint,
            inputs,
            records,
            len(failures),
            records_bytes,
            errors_bytes,
            round(time.monotonic() - started, 3),
        )
        self._put(self.marker_path(partition), json.dumps(dataclasses.asdict(done)).encode("utf-8") + b"\n")
        return PartitionResult(done, tuple(failures))

    # -- helpers ------------------------------------------------------------------------

    def _names(self) -> list[str]:
        try:
            return sorted(posixpath.basename(p.rstrip("/")) for p in self.fs.ls(self.root, detail=False))
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            raise JobFolderError(f"{self.url} is a file, not a folder") from None

    def _make_folders(self) -> None:
        for name in (RECORDS, ERRORS, COMMITTED, TMP):
            self.fs.makedirs(self.path(name), exist_ok=True)

    def _sizes(self, folder: str) -> dict[str, int]:
        try:
            entries = self.fs.ls(self.path(folder), detail=True)
        except FileNotFoundError:
            return {}
        return {self.path(folder, posixpath.basename(e["name"])): int(e["size"]) for e in entries}

    def _put(self, path: str, data: bytes) -> None:
        """Write a small file atomically: under a temporary name, then renamed."""
        temp = self.path(TMP, f"{posixpath.basename(path)}.{uuid.uuid4().hex}")
        with self.fs.open(temp, "wb") as out:
            out.write(data)
        self.fs.mv(temp, path)


def _parse_marker(data: bytes) -> PartitionDone | None:
    try:
        described = json.loads(data)
        return PartitionDone(**{f.name: described[f.name] for f in dataclasses.fields(PartitionDone)})
    except (ValueError, KeyError, TypeError):
        return None
