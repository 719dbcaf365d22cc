"""Batch extraction for the command line: many inputs, worker processes, incremental runs.

The library (``newsclean.extract``) stays pure; everything that touches files, processes,
signals and the state lives here. ``run_batch`` is the entry point; ``cli.py`` parses the
options into ``BatchSettings``.
"""

from .report import Reporter
from .runner import (
    EXIT_INTERNAL_ERROR,
    EXIT_INTERRUPTED,
    EXIT_NOTHING_PROCESSED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    run_batch,
)
from .settings import BatchSettings

__all__ = [
    "EXIT_INTERNAL_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_NOTHING_PROCESSED",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "EXIT_USAGE",
    "BatchSettings",
    "Reporter",
    "run_batch",
]
