"""Turn the command line's inputs into a lazy stream of work items.

An *input* is a file, a web archive or stdin: the unit the state remembers and ``--out-dir``
writes one file for. An *item* is one document of it: a whole file, or one record of an
archive. Items come numbered in input order; each is either a task for a worker or already
decided here (unchanged since the state remembered it, unreadable, a damaged archive).
The last item of an input says so, so the runner knows when the input is complete.

Nothing is listed ahead: a run over 100,000 files holds the items in flight, not the list.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field

from ..inputs import InputReadError, InputRef, hash_file, too_large_message
from .state import StateStore
from .tasks import (
    INTERNAL_ERROR,
    TOO_LARGE,
    UNREADABLE,
    Failure,
    FileTask,
    PayloadTask,
    Task,
    TaskResult,
    failure_from_error,
)
from .warc import ArchiveProblem, ArchiveReader, is_archive


@dataclass(eq=False, slots=True)
class Input:
    """One file, archive or stdin, with what its items taught us so far."""

    source: str  # as shown: source.path, the state's key, the --out-dir mirror
    archive: bool = False
    remembered: bool = False  # may be remembered by the state (stdin and problems: never)
    sha256: str | None = None
    failures: list[Failure] = field(default_factory=list)
    outstanding: int = 0  # items handed out and not released yet


@dataclass(eq=False, slots=True)
class Item:
    seq: int
    input: Input
    task: Task | None = None  # work for a worker, or None when decided here
    result: TaskResult | None = None
    last: bool = False  # the input is complete once this item is released
    skipped: bool = False  # unchanged since the state remembered it
    replay: list[Failure] = field(default_factory=list)  # its remembered failures, for --errors

    @property
    def done(self) -> bool:
        return self.task is None or self.result is not None


@dataclass(frozen=True, slots=True)
class ItemSettings:
    max_bytes: int
    pretty: bool  # indent the records of files and stdin
    pretty_archives: bool  # indent the records of archives too (not in .jsonl files)
    force: bool


class ItemSource:
    def __init__(
        self,
        refs: Iterator[InputRef],
        settings: ItemSettings,
        state: StateStore | None,
        learning_group_by: str | None = None,
    ) -> None:
        self._refs = refs
        self._settings = settings
        self._state = state
        # The first pass of --learn-templates: skip what the state has learned or extracted
        # (whatever --force says: re-extracting is no reason to count a page twice).
        self._learning_group_by = learning_group_by
        self._seq = itertools.count()

    def items(self) -> Generator[Item, None, None]:
        """The items, lazily; closing the generator closes an archive being read."""
        for ref in self._refs:
            if ref.problem is not None:
                failure = Failure(ref.path, UNREADABLE, ref.problem, remember=False)
                yield self._decided(Input(ref.path), failure)
            elif ref.fs_path is None:
                yield self._stdin()
            elif is_archive(ref.fs_path):
                yield from self._archive(ref.path, ref.fs_path)
            else:
                yield self._file(ref.path, ref.fs_path)

    def _item(self, source: Input, *, last: bool = False) -> Item:
        source.outstanding += 1
        return Item(next(self._seq), source, last=last)

    def _decided(self, source: Input, failure: Failure | None, *, last: bool = True) -> Item:
        item = self._item(source, last=last)
        item.result = TaskResult(item.seq, None, failure)
        return item

    def _unchanged(self, source: Input, fs_path: str) -> Item | None:
        """A skip item when the state knows this input with the same bytes."""
        known, failures = self._known(source.source)
        if not known:
            return None
        try:
            if hash_file(fs_path) not in known:
                return None
        except InputReadError:
            return None  # the real read reports it
        item = self._item(source, last=True)
        item.skipped = True
        item.replay = self._state.failures(source.source) if failures and self._state is not None else []
        return item

    def _known(self, path: str) -> tuple[set[str], bool]:
        """The contents of ``path`` to skip, and whether failures are remembered with them."""
        if self._state is None:
            return set(), False
        if self._learning_group_by is not None:
            return self._state.known_contents(path, self._learning_group_by), False
        if self._settings.force:
            return set(), False
        remembered = self._state.lookup(path)
        if remembered is None:
            return set(), False
        return {remembered.sha256}, remembered.failures > 0

    def _file(self, shown: str, fs_path: str) -> Item:
        source = Input(shown, remembered=True)
        skip = self._unchanged(source, fs_path)
        if skip is not None:
            return skip
        item = self._item(source, last=True)
        item.task = FileTask(item.seq, shown, fs_path, self._settings.pretty)
        return item

    def _stdin(self) -> Item:
        source = Input("-")
        max_bytes = self._settings.max_bytes
        try:
            data = sys.stdin.buffer.read(max_bytes + 1)
        except OSError as exc:
            return self._decided(source, Failure("-", UNREADABLE, f"cannot read: {exc.strerror or exc}", False))
        if len(data) > max_bytes:
            return self._decided(source, Failure("-", TOO_LARGE, too_large_message(max_bytes)))
        item = self._item(source, last=True)
        item.task = PayloadTask(item.seq, "-", data, self._settings.pretty)
        return item

    def _archive(self, shown: str, fs_path: str) -> Iterator[Item]:
        source = Input(shown, archive=True, remembered=True)
        skip = self._unchanged(source, fs_path)
        if skip is not None:
            yield skip
            return
        reader = ArchiveReader(fs_path, self._settings.max_bytes)
        try:
            for entry in reader:
                if isinstance(entry, ArchiveProblem):
                    where = shown if entry.number is None else f"{shown}#{entry.number}"
                    failure = Failure(where, entry.error, entry.message, remember=entry.error != INTERNAL_ERROR)
                    yield self._decided(source, failure, last=False)
                    continue
                item = self._item(source)
                record_source = f"{shown}#{entry.number}"
                pretty = self._settings.pretty_archives
                item.task = PayloadTask(
                    item.seq, record_source, entry.payload, pretty, entry.url, entry.fmt, entry.fetched
                )
                yield item
        except InputReadError as exc:
            source.remembered = False
            yield self._decided(source, failure_from_error(shown, exc))
            return
        source.sha256 = reader.sha256
        yield self._decided(source, None)  # the end of the archive
