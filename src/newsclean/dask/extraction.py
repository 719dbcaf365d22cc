"""What a Dask worker does with one partition: the batch run's items, through its pool.

Nothing about reading, limits or failures is decided here. The inputs go through the batch
code as ``newsclean extract`` runs them: ``ItemSource`` turns them into tasks (a file, or
one task per record of a web archive, with the archive's damage reported as the CLI
reports it), a ``WorkerPool`` of one process runs each task with ``run_task`` and stops a
document over ``--time-limit`` by killing that process. So a Dask job gives the same
records and the same ``{source, error, message}`` failures as the CLI, byte for byte.

Each thread of a Dask worker keeps its pool between partitions: the extraction process
starts (and loads its models) once, not once per partition. A remote input (an fsspec URL)
is first copied to a local temporary file, an input that is not a web archive only up to
the most that ``--max-bytes`` lets through, so the batch code reads it like a local one.

The first pass of ``--learn-templates`` (``learn_partition``) reads a partition the same
way; its extraction process fingerprints each document instead of extracting it.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import fsspec  # type: ignore[import-untyped]

from ..batch.pool import WorkerPool
from ..batch.runner import PAYLOAD_BUDGET, WINDOW_PER_JOB
from ..batch.sources import Item, ItemSettings, ItemSource
from ..batch.tasks import Failure, PayloadTask, TaskResult, TemplateConfig, WorkerConfig
from ..inputs import InputRef, raw_cap
from ..templates.learner import TemplateLearner
from .listing import Source
from .settings import ExtractSettings

_WINDOW = max(32, WINDOW_PER_JOB)  # the runner's window for one worker process
_COPY_CHUNK = 1 << 20


class DaemonicWorkerError(RuntimeError):
    """The Dask worker is a daemonic process, which Python does not let start processes."""

    def __init__(self) -> None:
        super().__init__(
            "this Dask worker runs as a daemonic process, which cannot start the extraction process that"
            " enforces --time-limit: start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False"
            " (or distributed.worker.daemon: false in the Dask configuration)"
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """One element of the job's bag: a record, or a failure."""

    record: bytes | None = None  # the JSON record, UTF-8, exactly the line `newsclean extract` writes
    failure: Failure | None = None

    def as_dict(self) -> dict[str, Any]:
        """The record as a dict, or the failure as ``{source, error, message}``."""
        if self.record is not None:
            parsed: dict[str, Any] = json.loads(self.record)
            return parsed
        assert self.failure is not None
        return dict(self.failure.as_json())


def iter_outcomes(
    sources: Iterable[Source], settings: ExtractSettings, templates: TemplateConfig | None = None
) -> Iterator[Outcome]:
    """The records and failures of the inputs, in input order (an archive's in record order).

    ``templates``: the second pass of ``--learn-templates`` (the profiles of the learned
    sites, see ``learning.py``); each document is extracted with its site's profile.
    """
    for result in _results(sources, settings, templates):
        if result.record is not None:
            yield Outcome(record=result.record)
        if result.failure is not None:
            yield Outcome(failure=result.failure)


def learn_partition(sources: Iterable[Source], settings: ExtractSettings, group_by: str) -> TemplateLearner:
    """The first pass of ``--learn-templates`` over one partition: each document read as the
    second pass reads it (same decompression, archive records, limits) and fingerprinted;
    its line keys counted on its site. A document that fails is not counted: the second
    pass reports its failure once, as usual."""
    learner = TemplateLearner()
    for result in _results(sources, settings, TemplateConfig(group_by, learning=True)):
        if result.page is not None:
            learner.add(result.page)
    return learner


def _results(
    sources: Iterable[Source], settings: ExtractSettings, templates: TemplateConfig | None
) -> Iterator[TaskResult]:
    """The batch code's result of each document, in input order."""
    item_settings = ItemSettings(max_bytes=settings.options.max_bytes, pretty=False, pretty_archives=False, force=False)
    with _Fetcher(settings) as fetcher:
        items = ItemSource(fetcher.refs(sources), item_settings, None).items()
        try:
            yield from _run(items, _pool(settings, templates))
        except BaseException:
            _drop_pool()  # tasks may be in flight: the next partition gets a fresh process
            raise
        finally:
            items.close()


def _run(items: Iterator[Item], pool: WorkerPool) -> Iterator[TaskResult]:
    """The runner's loop (``batch/runner.py``), for one worker and in input order."""
    pending: dict[int, Item] = {}
    next_release = 0
    payload_bytes = 0
    exhausted = False
    while True:
        while not exhausted and len(pending) < _WINDOW and payload_bytes < PAYLOAD_BUDGET:
            item = next(items, None)
            if item is None:
                exhausted = True
                break
            pending[item.seq] = item
            if item.task is not None:
                pool.submit(item.task)
                payload_bytes += _payload_size(item)
        while (ready := pending.get(next_release)) is not None and ready.done:
            del pending[next_release]
            next_release += 1
            assert ready.result is not None
            yield ready.result
        if exhausted and not pending:
            return
        if pool.idle:
            continue  # every item held is decided: take more
        for result in pool.wait(None):
            item = pending[result.seq]
            item.result = result
            payload_bytes -= _payload_size(item)


def _payload_size(item: Item) -> int:
    return len(item.task.data) if isinstance(item.task, PayloadTask) else 0


_thread = threading.local()


def _pool(settings: ExtractSettings, templates: TemplateConfig | None) -> WorkerPool:
    """This thread's extraction process, started at its first partition; given the pass's
    templates when they change (it stays warm between the passes of --learn-templates)."""
    key = (settings.worker_config(), settings.time_limit)
    config = settings.worker_config(templates)
    cached: tuple[object, WorkerConfig, WorkerPool] | None = getattr(_thread, "pool", None)
    if cached is not None and cached[0] == key:
        pool = cached[2]
        if cached[1] != config:  # cheap: the same broadcast profiles compare by identity
            pool.reconfigure(config)
            _thread.pool = (key, config, pool)
        return pool
    _drop_pool()
    if multiprocessing.current_process().daemon:
        raise DaemonicWorkerError
    pool = WorkerPool(1, config, settings.time_limit)
    _thread.pool = (key, config, pool)
    return pool


def _drop_pool() -> None:
    cached: tuple[object, WorkerConfig, WorkerPool] | None = getattr(_thread, "pool", None)
    _thread.pool = None
    if cached is not None:
        cached[2].kill()


class _Fetcher:
    """Hands the inputs to the item source as the batch code's ``InputRef``; copies a
    remote one to a local temporary file when the item source reaches it."""

    def __init__(self, settings: ExtractSettings) -> None:
        self._settings = settings
        self._folder: str | None = None

    def __enter__(self) -> _Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    def refs(self, sources: Iterable[Source]) -> Iterator[InputRef]:
        for n, source in enumerate(sources):
            if source.problem is not None or not source.remote:
                yield InputRef(source.path, source.location, source.problem)
            else:
                yield self._fetch(n, source)

    def _fetch(self, n: int, source: Source) -> InputRef:
        if self._folder is None:
            self._folder = tempfile.mkdtemp(prefix="newsclean-dask-")
        name = source.location.rstrip("/").rsplit("/", 1)[-1][-100:] or "input"
        local = os.path.join(self._folder, f"{n:06d}-{name}")  # the name keeps its suffix: .gz, .warc.gz...
        # One byte past what could pass --max-bytes is enough for the reader to refuse it as too large.
        cap = None if source.archive else raw_cap(local, self._settings.options.max_bytes) + 1
        try:
            with (
                fsspec.open(source.location, "rb", **self._settings.storage_options) as remote,
                open(local, "wb") as copy,
            ):
                _copy(remote, copy, cap)
        except OSError as exc:
            return InputRef(source.path, local, f"cannot read: {exc.strerror or exc}")
        return InputRef(source.path, local)


def _copy(src: Any, dst: Any, cap: int | None) -> None:
    left = cap
    while left is None or left > 0:
        chunk = src.read(_COPY_CHUNK if left is None else min(_COPY_CHUNK, left))
        if not chunk:
            return
        dst.write(chunk)
        if left is not None:
            left -= len(chunk)
