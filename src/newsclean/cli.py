"""The ``newsclean`` command: a thin click layer over ``newsclean.extract``.

It parses options and maps failures to messages; ``extract`` hands the batch to
``newsclean.batch``. Exit status: see ``EXIT_STATUS_HELP``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar

import click

from ._version import __version__
from .batch import EXIT_INTERRUPTED, BatchSettings, Reporter, run_batch
from .batch.explaining import explained_profile
from .errors import NewscleanError
from .explain import render_explanation
from .inputs import PathFilter, iter_inputs, read_input
from .options import Options
from .pipeline import extract as extract_article
from .schema import article_schema
from .templates.sites import DEFAULT_GROUP_BY, GROUP_BY_CHOICES
from .templates.store import (
    TemplateStoreError,
    site_of_argument,
    sites_listing,
    stored_profile_of,
    stored_sites_of,
)

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = click.Choice(["auto", "text", "html"])
# Seconds one document may take: a news page takes milliseconds, a 20 MB dump (the
# --max-bytes default) 10-20 s on the 2-core development machine; 60 s leaves room for that.
DEFAULT_TIME_LIMIT = 60.0


def format_option(fn: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=FORMATS,
        default="auto",
        show_default=True,
        help="Input format; auto sniffs markup.",
    )(fn)


def selection_options(fn: F) -> F:
    """``--include``/``--exclude``: which files of the given folders are inputs."""
    fn = click.option(
        "--exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB (repeatable)."
    )(fn)
    return click.option(
        "--include", multiple=True, metavar="GLOB", help="In directories, take only files matching GLOB (repeatable)."
    )(fn)


def limit_options(fn: F) -> F:
    """``--max-bytes`` and ``--time-limit``: the per-document limits every engine enforces."""
    fn = click.option(
        "--time-limit",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_TIME_LIMIT,
        show_default=True,
        metavar="SECONDS",
        help="Stop and fail a document that takes longer.",
    )(fn)
    return click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        metavar="N",
        default=Options().max_bytes,
        show_default=True,
        help="Refuse inputs larger than this (after decompression).",
    )(fn)


def parse_reference_time(text: str) -> datetime:
    """``--reference-time``: an ISO 8601 time with its UTC offset, or ``now`` (this moment, UTC).
    Raises ValueError for anything else: a time without offset would be a guess."""
    text = text.strip()
    if text.lower() == "now":
        return datetime.now(timezone.utc).replace(microsecond=0)
    if text.endswith(("Z", "z")):  # Python 3.10's fromisoformat lacks "Z"
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.utcoffset() is None:
        raise ValueError("no UTC offset")
    return parsed


def _check_reference_time(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Checks ``--reference-time`` at parse time and keeps it as given (``now`` stays ``now``)."""
    if value is None:
        return None
    try:
        parse_reference_time(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r}: give a time with its UTC offset, e.g. 2024-05-01T12:00:00Z, or now", ctx, param
        ) from None
    return value.strip()


def reference_time_option(fn: F) -> F:
    return click.option(
        "--reference-time",
        metavar="ISO|now",
        callback=_check_reference_time,
        default=None,
        help='When the inputs were fetched, to resolve "5 hours ago", "yesterday" (a web archive'
        " record's WARC-Date wins for that record). ISO 8601 with offset, or now.",
    )(fn)


def group_by_option(fn: F) -> F:
    return click.option(
        "--group-by",
        type=click.Choice(GROUP_BY_CHOICES),
        default=None,
        help="How pages are grouped into sites for templates: host (of the page's URL), folder"
        " (the input's), auto (host when known, else folder) or none.  [default: auto]",
    )(fn)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="newsclean")
def cli() -> None:
    """Turn raw news article dumps into clean JSON records."""


EXIT_STATUS_HELP = """\b
Exit status:
  0    every input was extracted (or skipped as unchanged)
  1    some inputs failed (one line each on stderr, and in --errors)
  2    usage error
  3    inputs were given but none could be processed, or the run could
       not start (state in use by another run, output not writable)
  4    an internal error (a bug in newsclean, said on stderr) cost some
       inputs their records, whatever else happened
  130  interrupted by Ctrl-C (143: SIGTERM), after writing what was done
"""


def default_jobs() -> int:
    """The CPUs this process may use (its affinity), not all the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@cli.command(epilog=EXIT_STATUS_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write records to FILE (with --state: append).")
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Write one .json per input (.jsonl per web archive) under DIR, mirroring the input paths.",
)
@click.option("--pretty", is_flag=True, help="Indented JSON, one record after another (for humans).")
@format_option
@click.option(
    "--files-from",
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="FILE",
    help="Also read input paths from FILE, one per line (- for stdin).",
)
@selection_options
@click.option(
    "--errors",
    "errors_file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write one JSON line per failed input to FILE: {source, error, message}.",
)
@click.option(
    "--state",
    type=click.Path(),
    metavar="FILE",
    help="Remember extracted inputs in FILE; a rerun skips the unchanged ones.",
)
@click.option("--force", is_flag=True, help="With --state: extract every input again.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    default=default_jobs,
    show_default="number of CPUs",
    help="Worker processes.",
)
@click.option("--unordered", is_flag=True, help="Write records as they are done, not in input order.")
@click.option(
    "--learn-templates",
    is_flag=True,
    help="Read the inputs twice: learn each site's template (lines repeating across its pages),"
    " then extract with it. With --state, what was learned is kept for the next runs.",
)
@group_by_option
@limit_options
@reference_time_option
@click.option("-q", "--quiet", is_flag=True, help="Say nothing on stderr but internal errors.")
@click.option("-v", "--verbose", is_flag=True, help="Always print the summary, and notes about the state.")
def extract(
    paths: tuple[str, ...],
    output: str | None,
    out_dir: str | None,
    pretty: bool,
    fmt: str,
    files_from: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    errors_file: str | None,
    state: str | None,
    force: bool,
    jobs: int,
    unordered: bool,
    max_bytes: int,
    time_limit: float,
    reference_time: str | None,
    learn_templates: bool,
    group_by: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Extract articles from files, directories (recursive), web archives or - (stdin).

    Writes one JSON record per article to stdout (JSON Lines). A failed input
    is reported on stderr, one line each, and the run goes on. WARC/ARC
    files (.warc, .warc.gz, .arc, .arc.gz) give a record per HTML or text
    response. Under cron nothing is printed when nothing went wrong.

    Example:

        newsclean extract seeds/ | jq .headline

        newsclean extract --state ~/.nc/state --out-dir articles/ crawl/
    """
    if not paths and files_from is None:
        raise click.UsageError("give at least one PATH (or --files-from FILE)")
    if output is not None and out_dir is not None:
        raise click.UsageError("-o/--output and --out-dir do not go together: choose one")
    if force and state is None:
        raise click.UsageError("--force only means something with --state")
    if quiet and verbose:
        raise click.UsageError("-q/--quiet and -v/--verbose do not go together")
    if files_from == "-" and "-" in paths:
        raise click.UsageError("stdin cannot be both an input (-) and the --files-from list")
    if group_by is not None and not learn_templates:
        raise click.UsageError("--group-by only means something with --learn-templates")
    settings = BatchSettings(
        paths=paths,
        files_from=files_from,
        path_filter=PathFilter(include, exclude),
        output=output,
        out_dir=out_dir,
        errors=errors_file,
        state=state,
        force=force,
        jobs=jobs,
        ordered=not unordered,
        time_limit=time_limit,
        options=Options(max_bytes=max_bytes),
        fmt=None if fmt == "auto" else fmt,
        pretty=pretty,
        reference_time=parse_reference_time(reference_time) if reference_time else None,
        reference_time_is_now=(reference_time or "").lower() == "now",
        learn_templates=learn_templates,
        group_by=group_by or DEFAULT_GROUP_BY,
    )
    try:
        status = run_batch(settings, Reporter(quiet=quiet, verbose=verbose))
    except KeyboardInterrupt:  # a second Ctrl-C: stopped at once, temporary files removed
        click.echo("newsclean: interrupted", err=True)
        status = EXIT_INTERRUPTED
    sys.exit(status)


@cli.command()
@click.argument("path", type=click.Path())
@format_option
@click.option("--color/--no-color", default=None, help="Colour the labels (default: when stdout is a terminal).")
@reference_time_option
@click.option(
    "--state",
    type=click.Path(),
    metavar="FILE",
    help="Use the site template learned in this state (extract --learn-templates --state FILE).",
)
@click.option(
    "--learn-from",
    multiple=True,
    type=click.Path(),
    metavar="PATH",
    help="Learn site templates from these files or folders first, FILE included (repeatable).",
)
@group_by_option
def explain(
    path: str,
    fmt: str,
    color: bool | None,
    reference_time: str | None,
    state: str | None,
    learn_from: tuple[str, ...],
    group_by: str | None,
) -> None:
    """Show every line of FILE with the label it received and why.

    With --state or --learn-from, each line also shows how often it repeats
    on the other pages of its site.

    Example:

        newsclean explain seeds/000_3c2d6e3cc76a8ab9.txt | less -R
    """
    if group_by is not None and state is None and not learn_from:
        raise click.UsageError("--group-by only means something with --state or --learn-from")
    options = Options(explain=True)
    ref = next(iter_inputs((path,)), None)
    if ref is None:
        raise click.ClickException(f"{path}: no input file in this folder")
    forced = None if fmt == "auto" else fmt
    try:
        data = read_input(ref, options.max_bytes)
        template = None
        if state is not None or learn_from:
            template = explained_profile(
                ref,
                data,
                forced,
                state=state,
                learn_from=learn_from,
                group_by=group_by or DEFAULT_GROUP_BY,
                options=options,
            )
        article = extract_article(
            data,
            format=forced,
            options=options,
            path=ref.path,
            reference_time=parse_reference_time(reference_time) if reference_time else None,
            template=template,
        )
    except NewscleanError as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    except TemplateStoreError as exc:
        raise click.ClickException(str(exc)) from None
    use_color = color if color is not None else (sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    click.echo(render_explanation(article, color=use_color), color=use_color)


@cli.group()
def templates() -> None:
    """Show the site templates extract --learn-templates --state FILE learned."""


def state_option(fn: F) -> F:
    return click.option(
        "--state", type=click.Path(), metavar="FILE", required=True, help="The state extract --state wrote."
    )(fn)


@templates.command("list")
@state_option
def templates_list(state: str) -> None:
    """List the sites learned, with their page counts (halved as they age)."""
    try:
        sites = stored_sites_of(state)
    except TemplateStoreError as exc:
        raise click.ClickException(str(exc)) from None
    for line in sites_listing(sites):
        click.echo(line)


@templates.command("show")
@click.argument("site")
@state_option
@click.option(
    "--min-pages",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    metavar="N",
    help="Show the lines seen on at least N pages.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of text.")
def templates_show(site: str, state: str, min_pages: float, as_json: bool) -> None:
    """Show what was learned of SITE: its page count and its repeated lines, commonest first.

    SITE is a host (example.com, a URL, host:example.com) or a folder
    (a path, folder:/abs/path), as newsclean templates list shows it.

    Example:

        newsclean templates show www.example.com --state ~/.nc/state
    """
    key = site_of_argument(site)
    try:
        profile = stored_profile_of(state, key)
    except TemplateStoreError as exc:
        raise click.ClickException(str(exc)) from None
    if profile is None:
        raise click.ClickException(f"no template learned for {key} in {state} (see newsclean templates list)")
    lines = profile.repeated_lines(min_pages)
    if as_json:
        shown = [{"line": text, "pages": count} for text, count in lines]
        click.echo(json.dumps({"site": key, "pages": profile.pages, "lines": shown}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{key}: {profile.pages:g} pages, {len(lines)} lines on {min_pages:g} or more")
    for text, count in lines:
        click.echo(f"{count:>8g}  {text}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the records `extract` writes."""
    click.echo(json.dumps(article_schema(), indent=2, ensure_ascii=False))


# `newsclean dask` (the [dask] extra): defined without Dask, which it imports only when it runs.
from .dask.cli import command as dask_command  # noqa: E402  (it reuses the options above)

cli.add_command(dask_command())


def main() -> None:
    """Console-script entry point: a closed pipe (``| head``) ends the run quietly."""
    try:
        cli.main(prog_name="newsclean")
    except BrokenPipeError:
        # stdout went away: stop writing, silence the interpreter's flush at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
