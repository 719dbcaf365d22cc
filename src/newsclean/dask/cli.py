"""``newsclean dask``: the command, defined without Dask.

``newsclean/cli.py`` registers the command when it is imported, so ``newsclean --help``
lists it on a machine without the [dask] extra; Dask, distributed and fsspec are imported
only when the command runs, and their absence is then said with the way to install them.
The options shared with ``newsclean extract`` are read from ``newsclean.cli`` when the
command is built (``command()``), not when this module is imported: ``newsclean.cli``
imports this module.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import time
from types import FrameType

import click

from ..templates.sites import DEFAULT_GROUP_BY, GROUP_BY_CHOICES

# Inputs per partition (web archives: one per partition). A partition is what a killed job
# does again; 1,000 seed-sized text dumps take a worker about 3-5 s, 1,000 HTML pages 15-20 s.
DEFAULT_PARTITION_SIZE = 1000
INSTALL_HINT = "newsclean dask needs the [dask] extra: pip install 'newsclean[dask]'"
_EXTRA_MODULES = ("dask", "distributed", "fsspec")

EXIT_STATUS_HELP = """\b
Exit status:
  0    every input was extracted (or is in partitions written before)
  1    some inputs failed (one line each on stderr, and in --errors), or
       some partitions could not be written (run again to retry them)
  2    usage error
  3    nothing could be processed, or the job could not start (no Dask,
       no scheduler, DIR holds another job)
  4    an internal error (a bug in newsclean, said on stderr) cost some
       inputs their records, whatever else happened
  130  interrupted by Ctrl-C (143: SIGTERM); complete partitions are kept
"""


class MissingExtraError(click.ClickException):
    exit_code = 3


def command() -> click.Command:
    """The ``dask`` command, for ``newsclean.cli`` to register."""
    from .. import cli as core  # the options shared with `newsclean extract`
    from ..options import Options

    @click.command("dask", epilog=EXIT_STATUS_HELP)
    @click.argument("sources", nargs=-1, metavar="SOURCES...")
    @click.option(
        "--out-dir",
        required=True,
        metavar="DIR",
        help="Write JSON Lines partitions under DIR (a folder every worker can write, or an fsspec URL).",
    )
    @click.option(
        "--scheduler",
        default="local",
        show_default=True,
        metavar="ADDRESS|local",
        help="The Dask scheduler to run on (tcp://host:8786), or local: start a local cluster.",
    )
    @click.option(
        "--workers",
        type=click.IntRange(min=1),
        metavar="N",
        help="Worker processes of the local cluster.  [default: number of CPUs]",
    )
    @click.option(
        "--partition-size",
        type=click.IntRange(min=1),
        default=DEFAULT_PARTITION_SIZE,
        show_default=True,
        metavar="N",
        help="Inputs per partition (a web archive is a partition of its own).",
    )
    @click.option(
        "--errors",
        "errors_file",
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help="Also write every failure of the job to FILE, one JSON line each: {source, error, message}.",
    )
    @click.option("--overwrite", is_flag=True, help="Replace the partitions of another job in DIR.")
    @click.option(
        "--files-from",
        type=click.Path(dir_okay=False, allow_dash=True),
        metavar="FILE",
        help="Also read sources from FILE, one per line (- for stdin).",
    )
    @core.selection_options
    @core.format_option
    @core.limit_options
    @core.reference_time_option
    @click.option(
        "--learn-templates",
        is_flag=True,
        help="Read the inputs twice: learn each site's template on the cluster (lines repeating"
        " across its pages), then extract with it. A rerun learns again from all inputs.",
    )
    @click.option(
        "--group-by",
        type=click.Choice(GROUP_BY_CHOICES),
        default=None,
        help="How --learn-templates groups pages into sites: host (of the page's URL), folder"
        " (the input's), auto (host when known, else folder) or none.  [default: auto]",
    )
    @click.option("-q", "--quiet", is_flag=True, help="Say nothing on stderr but internal errors and problems.")
    @click.option("-v", "--verbose", is_flag=True, help="Always print the summary, and notes about the cluster.")
    def dask(
        sources: tuple[str, ...],
        out_dir: str,
        scheduler: str,
        workers: int | None,
        partition_size: int,
        errors_file: str | None,
        overwrite: bool,
        files_from: str | None,
        include: tuple[str, ...],
        exclude: tuple[str, ...],
        fmt: str,
        max_bytes: int,
        time_limit: float,
        reference_time: str | None,
        learn_templates: bool,
        group_by: str | None,
        quiet: bool,
        verbose: bool,
    ) -> None:
        """Extract articles on a Dask cluster: files, folders, globs or URLs (s3://...).

        Writes DIR/records/part-NNNNN.jsonl (the same records as `extract`),
        DIR/errors/part-NNNNN.jsonl (its failures) and, when a partition is
        complete, DIR/_committed/part-NNNNN.json. Running the same command
        again skips complete partitions: a killed job resumes. Needs the
        [dask] extra.

        --learn-templates learns the site templates first, as a reduction on
        the cluster, and extracts every input with its site's template (as
        `extract --learn-templates`).

        Example:

            newsclean dask crawl/ --out-dir articles/ --workers 4

            newsclean dask 's3://bucket/crawl/*.warc.gz' --out-dir s3://bucket/articles
            --scheduler tcp://10.0.0.5:8786
        """
        if not sources and files_from is None:
            raise click.UsageError("give at least one source (or --files-from FILE)")
        if "-" in sources:
            raise click.UsageError("stdin (-) cannot be a source: the workers read the inputs themselves")
        if workers is not None and scheduler != "local":
            raise click.UsageError("--workers is for the local cluster: an existing cluster has its own workers")
        if quiet and verbose:
            raise click.UsageError("-q/--quiet and -v/--verbose do not go together")
        if group_by is not None and not learn_templates:
            raise click.UsageError("--group-by only means something with --learn-templates")
        try:
            from ..batch import EXIT_INTERRUPTED, EXIT_NOTHING_PROCESSED, Reporter
            from ..inputs import PathFilter
            from .job import JobError, connect, plan_job, run_plan
            from .settings import DaskJob, ExtractSettings
        except ImportError as exc:
            if (exc.name or "").split(".")[0] in _EXTRA_MODULES:
                raise MissingExtraError(f"{INSTALL_HINT} ({exc})") from None
            raise
        job = DaskJob(
            sources=sources,
            out_dir=out_dir,
            files_from=files_from,
            path_filter=PathFilter(include, exclude),
            partition_size=partition_size,
            errors=errors_file,
            extract=ExtractSettings(
                options=Options(max_bytes=max_bytes),
                fmt=None if fmt == "auto" else fmt,
                reference_time=core.parse_reference_time(reference_time) if reference_time else None,
                time_limit=time_limit,
            ),
            reference_time_is_now=(reference_time or "").lower() == "now",
            learn_templates=learn_templates,
            group_by=group_by or DEFAULT_GROUP_BY,
            overwrite=overwrite,
        )
        reporter = Reporter(quiet=quiet, verbose=verbose)
        stop = _StopOnSigterm()
        try:
            with stop, contextlib.ExitStack() as stack:
                try:  # before any cluster starts: a job that cannot run says so at once
                    plan = plan_job(job)
                except JobError as exc:
                    reporter.problem(str(exc))
                    sys.exit(EXIT_NOTHING_PROCESSED)
                client = None
                if plan.pending:  # a complete job needs no cluster: --errors and the summary only
                    started = time.monotonic()
                    try:
                        client = stack.enter_context(connect(scheduler, workers, verbose=verbose))
                    except (OSError, TimeoutError) as exc:  # no scheduler there, or the local cluster did not start
                        reporter.problem(f"cannot use the Dask scheduler {scheduler}: {exc}")
                        sys.exit(EXIT_NOTHING_PROCESSED)
                    count = len(client.scheduler_info().get("workers", {}))
                    reporter.note(
                        f"Dask cluster ready in {time.monotonic() - started:.1f} s: "
                        f"{count} workers, scheduler {client.scheduler_info().get('address', scheduler)}"
                    )
                status = run_plan(plan, client, reporter)
        except KeyboardInterrupt:
            status = EXIT_INTERRUPTED
        if status == EXIT_INTERRUPTED and stop.signum is not None:
            status = 128 + stop.signum
        sys.exit(status)

    return dask


class _StopOnSigterm:
    """SIGTERM stops the job as Ctrl-C does: complete partitions kept, --errors written."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._previous: object = None

    def __enter__(self) -> _StopOnSigterm:
        self._previous = signal.signal(signal.SIGTERM, self._on_signal)
        return self

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.signum = signum
        raise KeyboardInterrupt

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGTERM, self._previous)  # type: ignore[arg-type]
