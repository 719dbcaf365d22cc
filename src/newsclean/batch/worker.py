"""The worker process: read, decompress and extract one input at a time.

A worker holds only its own two pipe ends (it comes from a fork server or ``spawn``, never
a plain fork of the runner): when the runner dies, even by SIGKILL, the task pipe reaches
end-of-file and the worker exits instead of lingering. A worker ignores Ctrl-C; the runner
decides what it means.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import threading
import traceback
from multiprocessing.connection import Connection

from ..errors import InputTooLargeError, NewscleanError
from ..inputs import decompress, raw_cap, read_raw, too_large_message
from ..pipeline import extract, fingerprint
from ..templates.learner import SiteTemplates
from .tasks import FileTask, Task, TaskResult, WorkerConfig, failure_from_error, internal_failure

READY = "ready"
# Extracted once when a worker starts, so models and vocabularies are loaded before the
# first real document: its time limit then measures that document only.
_WARM_UP = "A headline for warming up\n\nBERLIN (dpa) — The first paragraph of a short article, said officials.\n"


def run_task(task: Task, config: WorkerConfig) -> TaskResult:
    """Extract one input; bad input and bugs both become a ``Failure``, never an exception."""
    sha256: str | None = None
    try:
        if isinstance(task, FileTask):
            max_bytes = config.options.max_bytes
            raw = read_raw(task.fs_path, raw_cap(task.fs_path, max_bytes))
            sha256 = raw.sha256
            if raw.data is None:
                raise InputTooLargeError(too_large_message(max_bytes))
            data = decompress(task.fs_path, raw.data, max_bytes)
            fmt, url, fetched = config.fmt, None, None
        else:
            data, fmt, url, fetched = task.data, config.fmt or task.fmt, task.url, task.fetched
        templates = config.templates
        if templates is not None and templates.learning:
            page = fingerprint(
                data, format=fmt, url=url, path=task.source, group_by=templates.group_by, options=config.options
            )
            return TaskResult(task.seq, None, None, sha256, page)
        # A record's own fetch time (WARC-Date) is the page's; --reference-time covers the rest.
        reference_time = fetched or config.reference_time
        template = SiteTemplates(templates.profiles, templates.group_by) if templates and templates.profiles else None
        article = extract(
            data,
            format=fmt,
            url=url,
            options=config.options,
            path=task.source,
            reference_time=reference_time,
            template=template,
        )
        text = json.dumps(article.to_dict(), ensure_ascii=False, indent=2 if task.pretty else None)
        return TaskResult(task.seq, text.encode("utf-8"), None, sha256)
    except NewscleanError as exc:
        return TaskResult(task.seq, None, failure_from_error(task.source, exc), sha256)
    except Exception as exc:  # the one boundary per document: anything else is a bug, reported as one
        if os.environ.get("NEWSCLEAN_DEBUG"):
            traceback.print_exc()
        return TaskResult(task.seq, None, internal_failure(task.source, exc), sha256)


def worker_main(tasks_in: Connection, results_out: Connection, config: WorkerConfig) -> None:
    """Serve tasks until the runner sends ``None`` or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A thread drains the task pipe so the runner never blocks sending a large task
    # while this process blocks sending it a large result.
    inbox: queue.SimpleQueue[Task | WorkerConfig | None] = queue.SimpleQueue()

    def receive() -> None:
        while True:
            try:
                task = tasks_in.recv()
            except (EOFError, OSError):
                task = None
            inbox.put(task)
            if task is None:
                return

    threading.Thread(target=receive, daemon=True).start()
    # Whatever goes wrong here goes wrong again on the first document, where run_task
    # reports it as an internal error of that input: no need to fail the worker (the run).
    with contextlib.suppress(Exception):
        extract(_WARM_UP, options=config.options)
    try:
        results_out.send(READY)
        while (next_task := inbox.get()) is not None:
            if isinstance(next_task, WorkerConfig):  # the next pass of --learn-templates
                config = next_task
                continue
            results_out.send(run_task(next_task, config))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the runner is gone: nobody to report to
