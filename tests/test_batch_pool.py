"""The worker pool: a stuck or crashed worker costs one document, never the batch."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from batch_helpers import article
from newsclean.batch.pool import WorkerPool
from newsclean.batch.tasks import FileTask, TaskResult, WorkerConfig
from newsclean.options import Options

PARAGRAPH = "The council met on Tuesday and agreed to spend more money on the roads, officials said.\n\n"


def collect(pool: WorkerPool, count: int, timeout: float = 60) -> dict[int, TaskResult]:
    results: dict[int, TaskResult] = {}
    deadline = time.monotonic() + timeout
    while len(results) < count:
        assert time.monotonic() < deadline, f"only {len(results)} of {count} results"
        for result in pool.wait(1.0):
            results[result.seq] = result
    return results


def tasks(tmp_path: Path, count: int, *, huge_first: bool) -> list[FileTask]:
    made = []
    for n in range(count):
        path = tmp_path / f"{n}.txt"
        text = "A headline\n\n" + PARAGRAPH * 44_000 if huge_first and n == 0 else article(n)
        path.write_text(text, encoding="utf-8")
        made.append(FileTask(n, path.name, str(path), False))
    return made


def test_results_of_every_task(tmp_path: Path) -> None:
    pool = WorkerPool(2, WorkerConfig(Options(), None), time_limit=None)
    try:
        for task in tasks(tmp_path, 12, huge_first=False):
            pool.submit(task)
        results = collect(pool, 12)
    finally:
        pool.close()
    assert sorted(results) == list(range(12))
    assert all(r.record is not None and r.failure is None and r.sha256 for r in results.values())
    assert pool.idle


def test_time_limit_kills_only_the_stuck_document(tmp_path: Path) -> None:
    # the huge dump takes about a second; a quarter of that leaves a wide margin on a fast machine
    pool = WorkerPool(1, WorkerConfig(Options(), None), time_limit=0.25)
    try:
        for task in tasks(tmp_path, 4, huge_first=True):
            pool.submit(task)
        results = collect(pool, 4)
    finally:
        pool.close()
    assert results[0].failure is not None and results[0].failure.error == "time_limit"
    assert not results[0].failure.remember  # it may go faster on a quieter machine
    assert all(results[n].record is not None for n in (1, 2, 3))  # queued behind it: given to a new worker


def test_a_worker_that_dies_costs_its_document_only(tmp_path: Path) -> None:
    pool = WorkerPool(1, WorkerConfig(Options(), None), time_limit=None)
    try:
        for task in tasks(tmp_path, 3, huge_first=True):
            pool.submit(task)
        pool.wait(0)
        worker = pool._workers[0]
        deadline = time.monotonic() + 30
        while worker.started is None:  # ready, and busy with the huge document
            assert time.monotonic() < deadline
            pool.wait(0.05)
        pid = worker.process.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)  # as the OOM killer would
        results = collect(pool, 3)
    finally:
        pool.close()
    failure = results[0].failure
    assert failure is not None and failure.error == "internal_error"
    assert failure.message == "worker process died (killed by signal 9) while extracting this input (please report)"
    assert results[1].record is not None and results[2].record is not None


def test_kill_stops_everything_at_once(tmp_path: Path) -> None:
    pool = WorkerPool(2, WorkerConfig(Options(), None), time_limit=None)
    for task in tasks(tmp_path, 3, huge_first=True):
        pool.submit(task)
    pool.wait(0.2)
    pids = [w.process.pid for w in pool._workers]
    started = time.monotonic()
    pool.kill()
    assert time.monotonic() - started < 5
    assert pids and not any(_alive(pid) for pid in pids if pid is not None)
    assert pool.idle


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
