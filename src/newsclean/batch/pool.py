"""A pool of worker processes that can stop one stuck document without losing the batch.

``concurrent.futures`` cannot kill a single task, and killing one of its workers breaks
the whole pool; so this small pool keeps, per worker, the tasks it was given and when the
current one started. A task over the time limit gets its worker killed and is reported as
a failure; the worker's queued tasks go back to the front of the queue, a fresh worker is
started when needed, and the batch goes on. A worker that dies on its own (a crash, the
OOM killer) is handled the same way, its current task reported as an internal error.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import select
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess

from .tasks import INTERNAL_ERROR, TIME_LIMIT, Failure, Task, TaskResult, WorkerConfig
from .worker import READY, worker_main

# Tasks handed to one worker at a time: the next one starts while the runner handles the
# last result, so a worker does not sit idle for a round trip per document.
PREFETCH = 2


def _context() -> ForkServerContext | SpawnContext:
    """Workers come from a fork server where there is one: it imports newsclean once, then
    each worker (and each replacement of a killed one) is a cheap fork of it. Either way a
    worker holds only its own pipe ends, so the runner's death ends it (see worker.py)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["newsclean.batch.worker"])  # not __main__: nothing to run there
        return context
    return multiprocessing.get_context("spawn")


class WorkerStartError(Exception):
    """A worker process died before it was ready: nothing can be extracted."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    tasks_out: Connection
    results_in: Connection
    has_result: select.poll  # polls results_in alone: is another message waiting?
    assigned: deque[Task] = field(default_factory=deque)
    ready: bool = False
    started: float | None = None  # monotonic time the head of ``assigned`` started
    exitcode: int | None = None  # once stopped (the process handle is closed then)


class WorkerPool:
    def __init__(self, size: int, config: WorkerConfig, time_limit: float | None) -> None:
        self._size = size
        self._config = config
        self._time_limit = time_limit
        self._context = _context()
        self._workers: list[_Worker] = []
        self._pending: deque[Task] = deque()
        # One poll object for the whole run (multiprocessing's wait() builds a selector per
        # call, a cost per document): results pipes, process sentinels, the wake-up fd.
        self._poller = select.poll()
        self._by_fd: dict[int, _Worker] = {}
        self._wake_fd: int | None = None
        self._lost: list[TaskResult] = []  # failed while dispatching, returned by the next wait()

    def submit(self, task: Task) -> None:
        self._pending.append(task)

    @property
    def idle(self) -> bool:
        return not self._pending and not self._lost and not any(w.assigned for w in self._workers)

    def wait(self, timeout: float | None, wake_fd: int | None = None) -> list[TaskResult]:
        """Dispatch queued tasks, then wait up to ``timeout`` s for results (or ``wake_fd``)."""
        self._dispatch()
        deadline = self._next_deadline()
        if deadline is not None:
            left = max(0.0, deadline - time.monotonic())
            timeout = left if timeout is None else min(timeout, left)
        if wake_fd is not None and wake_fd != self._wake_fd:
            self._poller.register(wake_fd, select.POLLIN)
            self._wake_fd = wake_fd
        events = self._poller.poll(None if timeout is None else max(0, math.ceil(timeout * 1000)))
        ready = {fd for fd, _ in events}
        results, self._lost = self._lost, []
        for worker in [w for w in self._workers if w.results_in.fileno() in ready or w.process.sentinel in ready]:
            results += self._drain(worker, exited=worker.process.sentinel in ready)
        results += self._enforce_time_limit()
        self._dispatch()
        return results

    def reconfigure(self, config: WorkerConfig) -> None:
        """Give every worker, and any started later, a new config (between the passes of
        --learn-templates: the workers stay, warm). Sent through the task pipe, so it comes
        before any task given after it."""
        self._config = config
        for worker in list(self._workers):
            try:
                worker.tasks_out.send(config)
            except OSError:  # it died: a fresh one gets the config when needed
                assert not worker.assigned, "reconfigured with tasks running"
                self._stop(worker)
                self._workers.remove(worker)

    def close(self) -> None:
        """Let idle workers exit (they finish nothing new), then make sure they are gone."""
        for worker in self._workers:
            with contextlib.suppress(OSError):  # already gone: nothing to tell it
                worker.tasks_out.send(None)
        for worker in self._workers:
            worker.process.join(timeout=5)
        self.kill()

    def kill(self) -> None:
        """Stop every worker now (Ctrl-C, closed output): work in progress is dropped."""
        for worker in self._workers:
            self._stop(worker)
        self._workers.clear()
        self._pending.clear()

    def _dispatch(self) -> None:
        while self._pending:
            worker = self._pick_worker()
            if worker is None:
                return
            task = self._pending.popleft()
            try:
                worker.tasks_out.send(task)
            except OSError:  # it died: its death is handled like any other
                self._pending.appendleft(task)
                lost = self._replace(worker, self._crash_failure(worker))
                if lost is not None:
                    self._lost.append(lost)
                continue
            if worker.ready and not worker.assigned:
                worker.started = time.monotonic()
            worker.assigned.append(task)

    def _pick_worker(self) -> _Worker | None:
        for worker in self._workers:
            if not worker.assigned:
                return worker
        if len(self._workers) < self._size:
            return self._spawn()
        candidates = [w for w in self._workers if len(w.assigned) < PREFETCH]
        return min(candidates, key=lambda w: len(w.assigned)) if candidates else None

    def _spawn(self) -> _Worker:
        tasks_in, tasks_out = self._context.Pipe(duplex=False)
        results_in, results_out = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=worker_main, args=(tasks_in, results_out, self._config), name="newsclean-worker", daemon=True
        )
        try:
            process.start()
        except OSError as exc:  # no fork server, no process left (EAGAIN), no memory
            for end in (tasks_in, tasks_out, results_in, results_out):
                end.close()
            raise WorkerStartError(f"cannot start a worker process: {exc.strerror or exc}") from None
        tasks_in.close()  # the worker's ends: closed here so its death reads as end-of-file
        results_out.close()
        has_result = select.poll()
        has_result.register(results_in.fileno(), select.POLLIN)
        worker = _Worker(process, tasks_out, results_in, has_result)
        self._workers.append(worker)
        for fd in (results_in.fileno(), process.sentinel):
            self._poller.register(fd, select.POLLIN)
            self._by_fd[fd] = worker
        return worker

    def _drain(self, worker: _Worker, exited: bool) -> list[TaskResult]:
        """Take every message the worker has sent; replace it if it died (``exited``)."""
        results: list[TaskResult] = []
        died = False
        while worker.has_result.poll(0):
            try:
                message = worker.results_in.recv()
            except (EOFError, OSError):  # it died; whatever it sent before is in ``results``
                died = True
                break
            now = time.monotonic()
            if message == READY:
                worker.ready = True
                worker.started = now if worker.assigned else None
                continue
            assert isinstance(message, TaskResult) and message.seq == worker.assigned[0].seq
            worker.assigned.popleft()
            worker.started = now if worker.assigned else None
            results.append(message)
        if died or exited:
            lost = self._replace(worker, self._crash_failure(worker))
            if lost is not None:
                results.append(lost)
        return results

    def _enforce_time_limit(self) -> list[TaskResult]:
        if self._time_limit is None:
            return []
        results: list[TaskResult] = []
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.started is not None and now - worker.started > self._time_limit:
                task = worker.assigned[0]
                message = f"took longer than the time limit of {self._time_limit:g} s (--time-limit), stopped"
                lost = self._replace(worker, Failure(task.source, TIME_LIMIT, message, remember=False))
                if lost is not None:
                    results.append(lost)
        return results

    def _next_deadline(self) -> float | None:
        if self._time_limit is None:
            return None
        starts = [w.started for w in self._workers if w.started is not None]
        return min(starts) + self._time_limit if starts else None

    def _crash_failure(self, worker: _Worker) -> Failure | None:
        if not worker.assigned:
            return None
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        message = f"worker process died ({how}) while extracting this input (please report)"
        return Failure(worker.assigned[0].source, INTERNAL_ERROR, message, remember=False)

    def _replace(self, worker: _Worker, failure: Failure | None) -> TaskResult | None:
        """Remove a dead or stuck worker: its head task fails, the others are queued again."""
        if not worker.ready:
            self._stop(worker)  # joins it: its exit code is known, then its handle closed
            self._workers.remove(worker)
            raise WorkerStartError(f"a worker process could not start (exit status {worker.exitcode})")
        self._stop(worker)
        self._workers.remove(worker)
        if not worker.assigned:
            return None
        head = worker.assigned.popleft()
        self._pending.extendleft(reversed(worker.assigned))
        assert failure is not None
        return TaskResult(head.seq, None, failure)

    def _stop(self, worker: _Worker) -> None:
        for fd in (worker.results_in.fileno(), worker.process.sentinel):
            self._poller.unregister(fd)
            del self._by_fd[fd]
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.exitcode = worker.process.exitcode
        worker.process.close()  # its sentinel fd: a long run may replace many workers
        worker.tasks_out.close()
        worker.results_in.close()
