"""The ``newsclean`` command: a thin click layer over ``newsclean.extract``.

It parses options, streams one JSON record per line, and maps failures to one-line
messages on stderr. Exit status: 0 all inputs extracted, 1 some failed, 2 usage error.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import IO, Any, TypeVar

import click

from . import __version__
from .errors import NewscleanError
from .explain import render_explanation
from .inputs import iter_inputs, read_input
from .options import Options
from .pipeline import extract as extract_article
from .schema import article_schema

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = click.Choice(["auto", "text", "html"])


def format_option(fn: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=FORMATS,
        default="auto",
        show_default=True,
        help="Input format; auto sniffs markup.",
    )(fn)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="newsclean")
def cli() -> None:
    """Turn raw news article dumps into clean JSON records."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write records to FILE.")
@click.option("--pretty", is_flag=True, help="Indented JSON, one record after another (for humans).")
@format_option
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=Options().max_bytes,
    show_default=True,
    help="Refuse inputs larger than this (after decompression).",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not report failed inputs on stderr.")
def extract(
    paths: tuple[str, ...], output: str | None, pretty: bool, fmt: str, max_bytes: int, quiet: bool
) -> None:
    """Extract articles from files, directories (recursive) or - (stdin).

    Writes one JSON record per article to stdout (JSON Lines). A failed input
    is reported on stderr, one line each, and the run goes on.

    Example:

        newsclean extract seeds/ | jq .headline
    """
    options = Options(max_bytes=max_bytes)
    failures = 0
    sink = _open_output(output)
    try:
        for ref in iter_inputs(paths):
            try:
                data = read_input(ref, max_bytes)
                article = extract_article(data, format=None if fmt == "auto" else fmt, options=options, path=ref.path)
            except NewscleanError as exc:
                failures += 1
                _report(quiet, f"newsclean: {ref.path}: {exc}")
                continue
            except Exception as exc:  # a bug in newsclean, not a bad input: say so
                failures += 1
                _report(False, f"newsclean: internal error on {ref.path}: {type(exc).__name__}: {exc} (please report)")
                if os.environ.get("NEWSCLEAN_DEBUG"):
                    traceback.print_exc()
                continue
            record = article.to_dict()
            text = json.dumps(record, ensure_ascii=False, indent=2 if pretty else None)
            sink.write((text + "\n").encode("utf-8"))
            sink.flush()
    finally:
        if output:
            sink.close()
    if failures:
        sys.exit(1)


@cli.command()
@click.argument("path", type=click.Path())
@format_option
@click.option("--color/--no-color", default=None, help="Colour the labels (default: when stdout is a terminal).")
def explain(path: str, fmt: str, color: bool | None) -> None:
    """Show every line of FILE with the label it received and why.

    Example:

        newsclean explain seeds/000_3c2d6e3cc76a8ab9.txt | less -R
    """
    options = Options(explain=True)
    ref = next(iter_inputs((path,)))
    try:
        data = read_input(ref, options.max_bytes)
        article = extract_article(data, format=None if fmt == "auto" else fmt, options=options, path=ref.path)
    except NewscleanError as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    use_color = color if color is not None else (sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    click.echo(render_explanation(article, color=use_color), color=use_color)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the records `extract` writes."""
    click.echo(json.dumps(article_schema(), indent=2, ensure_ascii=False))


def _open_output(output: str | None) -> IO[bytes]:
    """Records are written as UTF-8 bytes whatever the locale says."""
    if output:
        return open(output, "wb")
    return sys.stdout.buffer


def _report(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(message, err=True)


def main() -> None:
    """Console-script entry point: a closed pipe (``| head``) ends the run quietly."""
    try:
        cli.main(prog_name="newsclean")
    except BrokenPipeError:
        # stdout went away: stop writing, silence the interpreter's flush at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
