"""The batch run: inputs in, records and failures out, through a pool of worker processes.

1. open the state (taking its lock) and the outputs
2. pull items from the sources, a bounded window at a time, and hand tasks to the pool
3. release finished items in input order (or as they finish, with ``--unordered``):
   records to the output, failures to stderr and ``--errors``
4. when an input's last item is released: publish its ``--out-dir`` file, then remember
   it in the state (committed in small batches: a killed run redoes at most those)
5. close everything; the exit status says how it went

Memory stays flat: the window bounds the items in flight and the bytes they carry.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from itertools import chain
from types import FrameType, TracebackType

from ..inputs import InputRef, iter_inputs, iter_listed_paths
from .learning import LearningPass, learning_config, worker_profiles
from .outputs import ErrorsFile, OutDir, OutputError, RecordStream
from .pool import WorkerPool, WorkerStartError
from .report import Counts, Reporter, learned_note
from .settings import BatchSettings
from .sources import Input, Item, ItemSettings, ItemSource
from .state import OutputMark, StateError, StateStore
from .tasks import Failure, PayloadTask, WorkerConfig

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_NOTHING_PROCESSED = 3
EXIT_INTERNAL_ERROR = 4  # a bug in newsclean cost some inputs their records
EXIT_INTERRUPTED = 130  # 128 + SIGINT; SIGTERM gives 143

WINDOW_PER_JOB = 16  # items in flight per worker: enough to keep it busy behind a slow one
PAYLOAD_BUDGET = 64 << 20  # bytes of archive records and stdin held in flight at most
COMMIT_EVERY = 0.5  # seconds between state commits (on stdout: after every release, see below)


class ListError(Exception):
    """The ``--files-from`` list could not be read."""


def run_batch(settings: BatchSettings, reporter: Reporter) -> int:
    """Run the batch and return the exit status; problems are told on stderr here."""
    try:
        state = StateStore(settings.state, settings.fingerprint()) if settings.state else None
    except StateError as exc:
        reporter.problem(str(exc))
        return EXIT_NOTHING_PROCESSED
    try:
        if settings.learn_templates and settings.files_from == "-":
            settings = _list_read_once(settings)  # both passes read it
        return _Run(settings, reporter, state).run()
    except (OutputError, WorkerStartError, ListError) as exc:
        reporter.problem(str(exc))
        return EXIT_NOTHING_PROCESSED
    finally:
        if state is not None:
            state.close()


def input_refs(settings: BatchSettings) -> Iterator[InputRef]:
    """The command line's paths, then the ``--files-from`` list's, expanded."""
    return iter_inputs(chain(settings.paths, _listed(settings.files_from)), settings.path_filter)


def _list_read_once(settings: BatchSettings) -> BatchSettings:
    """``--files-from -`` as paths: stdin can be read once only."""
    return dataclasses.replace(settings, paths=(*settings.paths, *_listed(settings.files_from)), files_from=None)


def _listed(files_from: str | None) -> Iterator[str]:
    if files_from is None:
        return
    try:
        if files_from == "-":
            yield from iter_listed_paths(sys.stdin.buffer)
        else:
            with open(files_from, "rb") as fh:
                yield from iter_listed_paths(fh)
    except OSError as exc:
        raise ListError(f"cannot read --files-from {files_from}: {exc.strerror or exc}") from None


class _Run:
    def __init__(self, settings: BatchSettings, reporter: Reporter, state: StateStore | None) -> None:
        self._settings = settings
        self._reporter = reporter
        self._state = state
        self._out_dir: OutDir | None = None
        self._stream: RecordStream | None = None
        self._errors: ErrorsFile | None = None
        config = WorkerConfig(settings.options, settings.fmt, settings.reference_time)
        self._pool = WorkerPool(settings.jobs, config, settings.time_limit)
        self._pending: dict[int, Item] = {}  # seq -> item handed out and not released
        self._next_release = 0
        self._payload_bytes = 0
        self._wrote = False  # records written since the last flush
        self._uncommitted = 0  # inputs finished since the last state commit
        self._last_commit = time.monotonic()
        self._clean_mark: OutputMark | None = None  # -o FILE's end after the last finished input

    def run(self) -> int:
        item_settings = ItemSettings(
            max_bytes=self._settings.options.max_bytes,
            pretty=self._settings.pretty,
            pretty_archives=self._settings.pretty and self._settings.out_dir is None,
            force=self._settings.force,
        )
        items = ItemSource(input_refs(self._settings), item_settings, self._state).items()
        stop = _StopSignals()
        outcome = "aborted"
        try:
            self._open_outputs()
            with stop:
                if self._settings.learn_templates:
                    self._learn(item_settings, stop)
                if stop.signum is None:
                    # The progress bar's total: the inputs counted again, aside (a list on stdin cannot be).
                    self._reporter.start_progress(None if self._settings.files_from == "-" else self._count_inputs)
                    self._loop(items, stop)
            outcome = "completed" if stop.signum is None else "interrupted"
        finally:
            items.close()  # closes an archive being read
            if outcome == "completed":
                self._pool.close()
            else:
                self._pool.kill()
            self._close_outputs(publish=outcome != "aborted")
        self._reporter.finish(interrupted=outcome == "interrupted")
        return self._exit_status(stop.signum)

    def _learn(self, item_settings: ItemSettings, stop: _StopSignals) -> None:
        """The first pass (see learning.py); the second extracts with what it learned."""
        settings = self._settings
        self._pool = WorkerPool(settings.jobs, learning_config(settings), settings.time_limit)
        learning = LearningPass(settings, self._state, stop.fd, lambda: stop.signum is not None)
        learner = learning.run(input_refs(settings), item_settings, self._pool)
        if learner is None:
            return  # stopped: nothing is extracted
        sites = learner.sites()
        self._reporter.note(learned_note(len(sites), sum(sites.values())))
        templates = worker_profiles(learner, settings.group_by)
        self._pool.reconfigure(WorkerConfig(settings.options, settings.fmt, settings.reference_time, templates))

    def _count_inputs(self) -> int | None:
        try:
            return sum(1 for _ in input_refs(self._settings))
        except ListError:
            return None  # the run itself reports it

    def _open_outputs(self) -> None:
        settings, state = self._settings, self._state
        if settings.out_dir is not None:
            self._out_dir = OutDir(settings.out_dir)
            if self._out_dir.swept:
                self._reporter.note(f"removed {self._out_dir.swept} temporary files left by a killed run")
        else:
            journaled = state is not None and settings.output is not None
            mark = state.output_mark() if state is not None else None
            self._stream = RecordStream(settings.output, mark, journaled)
            self._clean_mark = self._stream.mark()
            if self._stream.truncated_bytes:
                self._reporter.note(
                    f"cut {self._stream.truncated_bytes:,} bytes of records an interrupted run left uncommitted"
                    f" from the end of {settings.output} (they are extracted again)"
                )
        if settings.errors is not None:
            self._errors = ErrorsFile(settings.errors)

    def _close_outputs(self, *, publish: bool) -> None:
        """Publish what was done (or drop it), and commit the state to match."""
        if self._out_dir is not None:
            self._out_dir.close()  # unfinished inputs' files are dropped in any case
        if self._stream is not None:
            if publish:
                self._stream.close()
            else:
                self._stream.abort()
        if self._errors is not None:
            if publish:
                self._errors.close()
            else:
                self._errors.abort()
        if self._state is not None:
            self._state.commit(self._clean_mark)

    def _loop(self, items: Iterator[Item], stop: _StopSignals) -> None:
        window = max(32, WINDOW_PER_JOB * self._settings.jobs)
        exhausted = False
        while stop.signum is None:
            while not exhausted and len(self._pending) < window and self._payload_bytes < PAYLOAD_BUDGET:
                item = next(items, None)
                if item is None:
                    exhausted = True
                    break
                self._pending[item.seq] = item
                if item.task is not None:
                    self._pool.submit(item.task)
                    self._payload_bytes += _payload_size(item)
            self._release()
            if exhausted and not self._pending:
                return
            if self._pool.idle:
                # Nothing is running, so every item held is finished and was just released.
                assert not exhausted and len(self._pending) < window, "items held with no work running"
                continue
            for result in self._pool.wait(None, stop.fd):
                item = self._pending[result.seq]
                item.result = result
                self._payload_bytes -= _payload_size(item)

    def _release(self) -> None:
        if self._settings.ordered:
            while (item := self._pending.get(self._next_release)) is not None and item.done:
                del self._pending[item.seq]
                self._next_release += 1
                self._handle(item)
        else:
            released = True
            while released:
                released = False
                for item in [i for i in self._pending.values() if i.done]:
                    if item.last and item.input.outstanding > 1:
                        continue  # an archive's end waits for all its records
                    del self._pending[item.seq]
                    self._handle(item)
                    released = True
        self._flush_and_commit()

    def _handle(self, item: Item) -> None:
        source = item.input
        source.outstanding -= 1
        if item.skipped:
            self._reporter.counts.skipped += 1
            for failure in item.replay:
                self._list_failure(failure)
            self._reporter.input_done()
            return
        result = item.result
        assert result is not None
        if result.sha256 is not None:
            source.sha256 = result.sha256
        if result.record is not None:
            self._write(source, result.record)
        if result.failure is not None:
            self._fail(source, result.failure)
        if item.last:
            self._finish(source)

    def _write(self, source: Input, record: bytes) -> None:
        if self._out_dir is not None:
            failure = self._out_dir.write(source.source, source.archive, record)
            if failure is not None:
                self._fail(source, failure)
                return
        else:
            assert self._stream is not None
            try:
                self._stream.write(record)
            except BrokenPipeError:
                raise  # the reader went away (| head): the CLI ends quietly
            except OSError as exc:
                raise OutputError(f"cannot write records: {exc.strerror or exc}") from None
            self._wrote = True
        self._reporter.counts.extracted += 1

    def _fail(self, source: Input, failure: Failure) -> None:
        self._reporter.failure(failure)
        self._list_failure(failure)
        if not failure.remember:
            source.remembered = False
            source.failures.clear()
        elif source.remembered:
            source.failures.append(failure)

    def _list_failure(self, failure: Failure) -> None:
        if self._errors is not None:
            try:
                self._errors.write(failure)
            except OSError as exc:
                raise OutputError(f"cannot write --errors file: {exc.strerror or exc}") from None

    def _finish(self, source: Input) -> None:
        """The input's last item is out: publish its file, then let the state remember it."""
        if self._out_dir is not None:
            failure = self._out_dir.finish(source.source, source.archive)
            if failure is not None:
                self._fail(source, failure)
        self._reporter.input_done()
        if self._stream is not None:
            self._clean_mark = self._stream.mark()
        if self._state is None or source.source == "-":
            return
        if source.remembered and source.sha256 is not None:
            self._state.remember(source.source, source.sha256, source.failures)
        else:
            self._state.forget(source.source)
        self._uncommitted += 1

    def _flush_and_commit(self) -> None:
        if self._wrote and self._stream is not None:
            try:
                self._stream.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise OutputError(f"cannot write records: {exc.strerror or exc}") from None
            self._wrote = False
        if self._state is None or not self._uncommitted:
            return
        # Records on stdout cannot be taken back: commit as soon as they are out, so a
        # killed run repeats as little as possible. Files are exact whatever the cadence.
        to_stdout = self._stream is not None and self._settings.output is None
        if to_stdout or time.monotonic() - self._last_commit >= COMMIT_EVERY:
            self._state.commit(self._clean_mark)
            self._uncommitted = 0
            self._last_commit = time.monotonic()

    def _exit_status(self, signum: int | None) -> int:
        if signum is not None:
            return 128 + signum
        return exit_status(self._reporter.counts)


def exit_status(counts: Counts) -> int:
    """The status a run's counts give: a bug first, then bad inputs (``newsclean dask`` too)."""
    if counts.internal:
        return EXIT_INTERNAL_ERROR
    if counts.failed == 0:
        return EXIT_OK
    if counts.extracted == 0 and counts.skipped == 0:
        return EXIT_NOTHING_PROCESSED
    return EXIT_SOME_FAILED


def _payload_size(item: Item) -> int:
    return len(item.task.data) if isinstance(item.task, PayloadTask) else 0


class _StopSignals:
    """Ctrl-C and SIGTERM ask the run to stop after flushing what is done; a second Ctrl-C
    stops it at once. A wake-up pipe interrupts the wait for results."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.fd: int | None = None
        self._previous: dict[int, object] = {}
        self._previous_fd = -1
        self._write_fd: int | None = None

    def __enter__(self) -> _StopSignals:
        if threading.current_thread() is not threading.main_thread():
            return self  # signals reach the main thread only: nothing to catch here
        self.fd, self._write_fd = os.pipe()
        os.set_blocking(self.fd, False)
        os.set_blocking(self._write_fd, False)
        self._previous_fd = signal.set_wakeup_fd(self._write_fd)
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._on_signal)
        return self

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.signum = signum

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.fd is None or self._write_fd is None:
            return
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        signal.set_wakeup_fd(self._previous_fd)
        os.close(self.fd)
        os.close(self._write_fd)

