"""A newsclean job on a Dask cluster, from the client: what ``newsclean dask`` runs.

1. list the inputs (``listing.py``), sorted, and cut them into partitions
2. describe the job in a manifest; the folder tells which partitions are complete already
3. check that the workers can run it (not daemonic, the same newsclean version)
4. ``--learn-templates``: learn the site templates from every partition, a reduction on
   the cluster, and broadcast them to the workers (``learning.py``). A rerun learns again
   from all inputs, complete partitions included: the templates depend on all of them.
5. submit one task per missing partition: it extracts the partition (``extraction.py``)
   and commits its files (``outdir.py``) on the worker
6. as partitions complete: their failures on stderr, as ``newsclean extract`` reports
   them; the progress bar on a terminal
7. ``--errors FILE``: every failure of the job, in partition order; ``_SUCCESS`` once all
   partitions are complete. The exit status is the CLI's.

``extract_bag`` gives the same extraction as a Dask bag, for pipelines of one's own.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import sys
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import dask
import dask.bag
from dask.delayed import delayed
from distributed import Client, Future, KilledWorker, LocalCluster, as_completed

from .._version import __version__
from ..batch import (
    EXIT_INTERRUPTED,
    EXIT_NOTHING_PROCESSED,
    EXIT_SOME_FAILED,
    Reporter,
)
from ..batch.outputs import AtomicFile
from ..batch.report import learned_note
from ..batch.runner import exit_status
from ..batch.tasks import TemplateConfig
from ..inputs import NO_FILTER, PathFilter, iter_listed_paths
from ..templates.learner import TemplateLearner
from ..templates.sites import DEFAULT_GROUP_BY
from .cli import DEFAULT_PARTITION_SIZE
from .extraction import DaemonicWorkerError, Outcome, iter_outcomes
from .learning import shared_templates, templates_graph
from .listing import ListingError, Source, inputs_digest, list_sources, partition
from .outdir import JobFolder, JobFolderError, Manifest, PartitionDone, PartitionResult
from .settings import DaskJob, ExtractSettings


def job_manifest(job: DaskJob, sources: list[Source], partitions: int) -> Manifest:
    """The job's description: version, options, input list, partitioning."""
    settings = job.extract
    options: dict[str, Any] = {k: v for k, v in dataclasses.asdict(settings.options).items() if k != "explain"}
    reference = settings.reference_time
    options.update(
        format=settings.fmt,
        time_limit=settings.time_limit,
        reference_time="now" if job.reference_time_is_now else (reference.isoformat() if reference else None),
        learn_templates=job.learn_templates,
        group_by=job.group_by if job.learn_templates else None,
    )
    return Manifest(__version__, options, len(sources), inputs_digest(sources), job.partition_size, partitions)


class JobError(Exception):
    """The job cannot start (inputs cannot be listed, DIR holds another job): exit status 3."""


@dataclass(eq=False, slots=True)
class Plan:
    """A job listed and partitioned, its folder ready: what is left to do."""

    job: DaskJob
    folder: JobFolder
    manifest: Manifest
    parts: list[tuple[Source, ...]]
    done: dict[int, PartitionDone]  # complete partitions, written by an earlier run
    swept: int  # temporary files of killed runs removed

    @property
    def pending(self) -> list[int]:
        return [i for i in range(len(self.parts)) if i not in self.done]


def plan_job(job: DaskJob) -> Plan:
    """List and partition the inputs, prepare the folder; no cluster needed. Raises ``JobError``."""
    try:
        sources = list_sources(_given(job), job.path_filter, job.extract.storage_options)
    except (ListingError, OSError) as exc:
        raise JobError(str(exc)) from None
    parts = partition(sources, job.partition_size)
    manifest = job_manifest(job, sources, len(parts))
    try:
        folder = JobFolder(job.out_dir, job.extract.storage_options)
        done = folder.prepare(manifest, overwrite=job.overwrite)
        swept = folder.sweep()
    except JobFolderError as exc:
        raise JobError(str(exc)) from None
    except (OSError, ValueError, ImportError) as exc:
        raise JobError(f"cannot use {job.out_dir}: {exc}") from None
    return Plan(job, folder, manifest, parts, done, swept)


def run_job(job: DaskJob, client: Client, reporter: Reporter) -> int:
    """Run the job on the client's cluster; the exit status. Problems are told on stderr."""
    try:
        plan = plan_job(job)
    except JobError as exc:
        reporter.problem(str(exc))
        return EXIT_NOTHING_PROCESSED
    return run_plan(plan, client, reporter)


def run_plan(plan: Plan, client: Client | None, reporter: Reporter) -> int:
    """Extract the pending partitions on the cluster (None: there must be none left)."""
    if plan.pending:
        if client is None:
            raise ValueError("partitions are left to extract: a Dask client is needed")
        problem = check_workers(client)
        if problem is not None:
            reporter.problem(problem)
            return EXIT_NOTHING_PROCESSED
    errors_path = plan.job.errors
    try:  # opened now, as `newsclean extract` does: an unwritable FILE stops the job before it starts
        errors = AtomicFile(errors_path) if errors_path is not None else None
    except OSError as exc:
        reporter.problem(f"cannot write --errors {errors_path}: {exc.strerror or exc}")
        return EXIT_NOTHING_PROCESSED
    if plan.swept:
        reporter.note(f"removed {plan.swept} temporary files left by a killed run")
    if plan.done:
        complete = f"{len(plan.done):,} of {len(plan.parts):,}"
        reporter.note(f"{complete} partitions were complete already: not extracted again")
    return _Submission(plan, client, reporter, errors).run()


class _Submission:
    def __init__(self, plan: Plan, client: Client | None, reporter: Reporter, errors: AtomicFile | None) -> None:
        self._job, self._client, self._reporter = plan.job, client, reporter
        self._folder, self._manifest, self._parts, self._done = plan.folder, plan.manifest, plan.parts, plan.done
        self._errors = errors
        self._errors_lost = False  # --errors FILE could not be written at the end
        self._broken = 0  # partitions whose task failed
        self._learning: list[Future[TemplateConfig]] = []  # the first pass of --learn-templates, while it runs
        self._learning_failed = False

    def run(self) -> int:
        reporter, total = self._reporter, self._manifest.inputs
        reporter.start_progress(lambda: total)
        for marker in self._done.values():
            reporter.counts.skipped += marker.inputs
            for _ in range(marker.inputs):
                reporter.input_done()
        pending = [i for i in range(len(self._parts)) if i not in self._done]
        # Web archives (the last partitions) first: they are the long tasks.
        pending.sort(key=lambda i: not self._parts[i][0].archive)
        client = self._client
        assert client is not None or not pending
        futures: dict[Any, int] = {}
        interrupted = False
        try:
            templates = self._learn_templates() if pending and self._job.learn_templates else None
            if not self._learning_failed:
                futures.update(self._submit(pending, templates))
            for future in as_completed(futures) if futures else ():  # type: ignore[no-untyped-call]
                self._take(futures.pop(future), future)
        except KeyboardInterrupt:  # Ctrl-C (SIGTERM too, see cli.py): keep what is complete
            interrupted = True
            if client is not None:
                client.cancel([*futures, *self._learning])  # type: ignore[no-untyped-call]
        finally:
            self._publish()
        reporter.finish(interrupted=interrupted)
        return EXIT_INTERRUPTED if interrupted else self._exit_status()

    def _learn_templates(self) -> Future[TemplateConfig] | None:
        """The first pass of --learn-templates, over every partition (complete ones too: the
        templates depend on all inputs); the pruned profiles, on every worker. When the pass
        fails, it says so and no partition is extracted."""
        client = self._client
        assert client is not None
        graph = templates_graph(self._parts, self._job.extract, self._job.group_by)
        learning: Future[TemplateConfig] = client.compute(graph)  # type: ignore[no-untyped-call]
        self._learning.append(learning)
        try:
            templates: TemplateConfig = learning.result()
        except (KilledWorker, OSError) as exc:  # lost workers, an unreachable scheduler
            self._learning_failed = True
            self._reporter.problem(f"the site templates could not be learned: {type(exc).__name__}: {exc}")
            return None
        pages = sum(profile.pages for profile in templates.profiles.values())
        self._reporter.note(learned_note(len(templates.profiles), pages))
        # Once to every worker: each partition task then finds them there.
        shared: Future[TemplateConfig] = client.scatter(templates, broadcast=True, hash=False)  # type: ignore[no-untyped-call]
        return shared

    def _submit(self, pending: list[int], templates: Future[TemplateConfig] | None) -> dict[Any, int]:
        """One task per pending partition, in ``pending``'s order of priority."""
        client = self._client
        assert client is not None or not pending
        return {
            client.submit(  # type: ignore[union-attr]
                write_partition,
                self._folder,
                i,
                self._manifest.fingerprint,
                self._parts[i],
                self._job.extract,
                templates,
                key=f"newsclean-partition-{i:05d}-{uuid.uuid4().hex[:8]}",
                priority=len(pending) - n,
            ): i
            for n, i in enumerate(pending)
        }

    def _take(self, index: int, future: Any) -> None:
        try:
            result: PartitionResult = future.result()
        except Exception as exc:  # a task that failed: a bug, a lost worker, an unwritable folder
            self._broken += 1
            self._reporter.problem(f"partition {index} was not written: {type(exc).__name__}: {exc}")
            return
        self._done[index] = result.done
        for failure in result.failures:
            self._reporter.failure(failure)
        self._reporter.counts.extracted += result.done.records
        for _ in range(result.done.inputs):
            self._reporter.input_done()

    def _publish(self) -> None:
        """``--errors FILE`` from the complete partitions; ``_SUCCESS`` when all are.

        Read from the markers: after Ctrl-C, partitions that workers completed while nobody
        was listening count too.
        """
        done = {**self._done, **self._folder.committed(self._manifest)}
        if self._errors is not None:
            try:
                for index in sorted(done):
                    self._errors.write(self._folder.errors_of(index))
                self._errors.commit()
            except OSError as exc:
                self._errors.abort()
                self._errors_lost = True
                self._reporter.problem(f"cannot write --errors {self._errors.path}: {exc.strerror or exc}")
            except BaseException:
                self._errors.abort()
                raise
        if len(done) == len(self._parts):
            self._folder.mark_success(done)

    def _exit_status(self) -> int:
        if self._learning_failed:
            self._reporter.problem("no partition was extracted: run the same command again to retry")
            return EXIT_SOME_FAILED if self._done else EXIT_NOTHING_PROCESSED
        if self._broken:
            self._reporter.problem(
                f"{self._broken:,} partitions could not be written: run the same command again to retry them"
            )
            return EXIT_SOME_FAILED if self._done else EXIT_NOTHING_PROCESSED
        if self._errors_lost:
            return EXIT_SOME_FAILED
        return exit_status(self._reporter.counts)  # as `newsclean extract`


def write_partition(
    folder: JobFolder,
    index: int,
    fingerprint: str,
    sources: tuple[Source, ...],
    settings: ExtractSettings,
    templates: TemplateConfig | None = None,
) -> PartitionResult:
    """The task run on a worker: extract one partition (with the learned ``templates``) and commit it."""
    return folder.write(index, fingerprint, len(sources), iter_outcomes(sources, settings, templates))


def check_workers(client: Client) -> str | None:
    """Why the cluster's workers cannot run a job, or None."""
    facts: dict[str, tuple[bool, str]] = client.run(_worker_facts)
    return workers_problem(facts)


def workers_problem(facts: Mapping[str, tuple[bool, str]]) -> str | None:
    """Why these workers (address: (daemonic, newsclean version)) cannot run a job, or None."""
    daemonic = sorted(address for address, (daemon, _) in facts.items() if daemon)
    if daemonic:
        return f"{len(daemonic)} of {len(facts)} workers ({daemonic[0]}...): {DaemonicWorkerError()}"
    versions = {address: version for address, (_, version) in facts.items() if version != __version__}
    if versions:
        address, version = sorted(versions.items())[0]
        return (
            f"the workers must run the newsclean version of this client ({__version__}): "
            f"{address} has {version} ({len(versions)} such workers)"
        )
    return None


def _worker_facts() -> tuple[bool, str]:
    return multiprocessing.current_process().daemon, __version__


def _given(job: DaskJob) -> Iterator[str]:
    yield from job.sources
    if job.files_from is None:
        return
    try:
        if job.files_from == "-":
            yield from iter_listed_paths(sys.stdin.buffer)
            return
        with open(job.files_from, "rb") as fh:
            yield from iter_listed_paths(fh)
    except OSError as exc:
        raise ListingError(f"cannot read --files-from {job.files_from}: {exc.strerror or exc}") from None


def default_workers() -> int:
    """The CPUs this process may use: one single-threaded worker each."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def local_cluster(workers: int | None = None, **kwargs: Any) -> LocalCluster:
    """A ``LocalCluster`` that can run newsclean: ``workers`` single-threaded worker processes.

    It sets ``distributed.worker.daemon`` to False in this process's Dask configuration (the
    nanny reads it whenever it starts a worker): a worker starts a process of its own to
    stop a document over the time limit, which Python forbids daemonic processes.
    """
    dask.config.set({"distributed.worker.daemon": False})
    options: dict[str, Any] = {"threads_per_worker": 1, "processes": True, "dashboard_address": ":0"}
    options.update(kwargs)
    return LocalCluster(n_workers=workers or default_workers(), **options)  # type: ignore[no-untyped-call]


@contextlib.contextmanager
def connect(scheduler: str, workers: int | None, *, verbose: bool = False) -> Iterator[Client]:
    """A client of the scheduler at ADDRESS, or of a new local cluster (``local``)."""
    quiet = logging.WARNING if verbose else logging.ERROR  # Dask's own logging, on stderr
    if scheduler != "local":
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with local_cluster(workers, silence_logs=quiet) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def extract_bag(
    sources: Iterable[str],
    settings: ExtractSettings | None = None,
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    path_filter: PathFilter = NO_FILTER,
    templates: TemplateLearner | None = None,
    group_by: str = DEFAULT_GROUP_BY,
) -> dask.bag.Bag:
    """The extraction as a Dask bag of ``Outcome`` (a record or a failure), one bag partition
    per job partition, in the order ``newsclean dask`` writes them.

    ``bag.filter(lambda o: o.record is not None).map(Outcome.as_dict)`` gives the records as
    dicts, ``o.failure is not None`` the failures. The workers must not be daemonic (see
    ``local_cluster``).

    ``templates``: site templates learned from these inputs (``learn_templates``, or any
    ``TemplateLearner``), learned with the grouping ``group_by``: each document is
    extracted with its site's profile, as ``newsclean dask --learn-templates`` does. The
    profiles are pruned and shipped to each worker once, as one task of the graph.
    """
    settings = settings or ExtractSettings()
    parts = partition(list_sources(sources, path_filter, settings.storage_options), partition_size)
    if not parts:
        empty: dask.bag.Bag = dask.bag.from_sequence([], npartitions=1)  # type: ignore[no-untyped-call]
        return empty
    shared = shared_templates(templates, group_by) if templates is not None else None
    delayed_parts = [delayed(_outcomes)(part, settings, shared) for part in parts]
    bag: dask.bag.Bag = dask.bag.from_delayed(delayed_parts)  # type: ignore[no-untyped-call]
    return bag


def _outcomes(
    sources: tuple[Source, ...], settings: ExtractSettings, templates: TemplateConfig | None
) -> list[Outcome]:
    return list(iter_outcomes(sources, settings, templates))
