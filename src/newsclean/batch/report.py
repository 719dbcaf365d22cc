"""What a batch run says on stderr, and when.

Under cron stderr is not a terminal, and anything printed there gets mailed: so a run that
went well prints nothing. A failed input is one line (unless ``-q``); the one-line summary
comes at the end when stderr is a terminal, with ``-v``, or when something failed or the
run was interrupted (unless ``-q``). The progress bar shows only on a terminal.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

import click
from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]  # typed only with types-tqdm

from .tasks import INTERNAL_ERROR, Failure


@dataclass(slots=True)
class Counts:
    extracted: int = 0  # records written
    skipped: int = 0  # inputs unchanged since the state remembered them
    failed: int = 0  # failures in this run (an archive may have several)
    internal: int = 0  # of them, internal errors: bugs in newsclean, not bad inputs
    inputs_done: int = 0  # files and archives finished, for the progress bar

    def summary(self, seconds: float) -> str:
        internal = ""
        if self.internal:
            internal = f" ({self.internal:,} internal error{'s' if self.internal > 1 else ''}, please report)"
        return (
            f"{self.extracted:,} extracted, {self.skipped:,} skipped (unchanged), "
            f"{self.failed:,} failed{internal} in {seconds:.1f} s"
        )


class Reporter:
    def __init__(self, *, quiet: bool, verbose: bool, interactive: bool | None = None) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.interactive = sys.stderr.isatty() if interactive is None else interactive
        self.counts = Counts()
        self._started = time.monotonic()
        self._bar: tqdm[NoReturn] | None = None  # no iterable: driven by update()
        self._total: int | None = None

    def start_progress(self, count_inputs: Callable[[], int | None] | None) -> None:
        """Show a progress bar (terminal only); count the inputs in the background for an ETA."""
        if self.quiet or not self.interactive:
            return
        self._bar = tqdm(file=sys.stderr, unit=" inputs", dynamic_ncols=True, mininterval=0.2, leave=False)
        if count_inputs is not None:
            threading.Thread(target=self._count, args=(count_inputs,), daemon=True).start()

    def _count(self, count_inputs: Callable[[], int | None]) -> None:
        self._total = count_inputs()

    def input_done(self) -> None:
        self.counts.inputs_done += 1
        if self._bar is not None:
            if self._total is not None and self._bar.total != self._total:
                self._bar.total = self._total
            self._bar.set_postfix_str(f"{self.counts.extracted:,} extracted, {self.counts.failed:,} failed", False)
            self._bar.update(1)

    def failure(self, failure: Failure) -> None:
        self.counts.failed += 1
        if failure.error == INTERNAL_ERROR:
            self.counts.internal += 1
        # An internal error is a bug: said even under -q.
        if not self.quiet or failure.error == INTERNAL_ERROR:
            self._say(failure.stderr_line())

    def note(self, message: str) -> None:
        """Something only ``-v`` wants to hear."""
        if self.verbose:
            self._say(f"newsclean: {message}")

    def problem(self, message: str) -> None:
        """A problem with the run itself (not with one input): always said."""
        self._say(f"newsclean: {message}")

    def finish(self, *, interrupted: bool = False) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        wanted = self.interactive or self.verbose or self.counts.failed > 0 or interrupted
        if wanted and not self.quiet:
            prefix = "interrupted: " if interrupted else ""
            self._say(f"newsclean: {prefix}{self.counts.summary(time.monotonic() - self._started)}")

    def _say(self, line: str) -> None:
        if self._bar is not None:
            self._bar.clear()
        click.echo(line, err=True)
        if self._bar is not None:
            self._bar.refresh()

def learned_note(sites: int, pages: float) -> str:
    """ "learned the templates of 3 sites (41 pages)": what -v says after the first pass."""
    site_s = "" if sites == 1 else "s"
    page_s = "" if pages == 1 else "s"
    return f"learned the templates of {sites:,} site{site_s} ({pages:,g} page{page_s})"
