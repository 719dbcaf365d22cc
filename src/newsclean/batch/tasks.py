"""What travels between the batch runner and its worker processes, and how a failure looks.

Everything here is a small frozen dataclass so it pickles cheaply through a pipe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import DecodeError, InputTooLargeError, NewscleanError, UnsupportedFormatError
from ..inputs import CompressedDataError, InputReadError
from ..options import Options
from ..templates.fingerprint import PagePrint
from ..templates.learner import SiteProfile

UNREADABLE = "unreadable"
# The ``error`` codes of ``--errors`` lines, per exception class (most specific first).
_ERROR_CODES: tuple[tuple[type[NewscleanError], str], ...] = (
    (CompressedDataError, "corrupt_input"),
    (InputReadError, UNREADABLE),
    (InputTooLargeError, "too_large"),
    (DecodeError, "undecodable"),
    (UnsupportedFormatError, "unsupported_format"),
)
INTERNAL_ERROR = "internal_error"
TIME_LIMIT = "time_limit"
OUTPUT_ERROR = "output_error"
CORRUPT_INPUT = "corrupt_input"
TOO_LARGE = "too_large"


@dataclass(frozen=True, slots=True)
class Failure:
    """One input (or archive record) that gave no record, as listed by ``--errors``."""

    source: str  # source.path the record would have had
    error: str  # a short code: undecodable, unreadable, time_limit, internal_error...
    message: str  # for humans
    # True when the failure follows from the input's bytes alone (and the options), so an
    # unchanged input would fail again: the state may remember it instead of retrying.
    remember: bool = True

    def as_json(self) -> dict[str, str]:
        return {"source": self.source, "error": self.error, "message": self.message}

    def stderr_line(self) -> str:
        """One line, whatever the path or the message hold (a newline in a file name is escaped)."""
        source, message = one_line(self.source), one_line(self.message)
        if self.error == INTERNAL_ERROR:
            return f"newsclean: internal error on {source}: {message}"
        return f"newsclean: {source}: {message}"


# Control characters as the escapes Python writes them: "\n", "\t", "\x1b".
_ESCAPES = {c: repr(chr(c))[1:-1] for c in [*range(0x20), 0x7F]}


def one_line(text: str) -> str:
    """``text`` with its control characters (newlines included) escaped, for a line of stderr."""
    return text.translate(_ESCAPES)


def failure_from_error(source: str, exc: NewscleanError) -> Failure:
    """The failure for a bad input, as the library or the readers reported it."""
    for cls, code in _ERROR_CODES:
        if isinstance(exc, cls):
            # A read error says nothing about the bytes (permissions, a vanished file...).
            remember = not isinstance(exc, InputReadError) or isinstance(exc, CompressedDataError)
            return Failure(source, code, str(exc), remember)
    return Failure(source, "bad_input", str(exc))


def internal_failure(source: str, exc: BaseException) -> Failure:
    """A bug in newsclean (or a library it uses), not a bad input: never remembered."""
    return Failure(source, INTERNAL_ERROR, f"{type(exc).__name__}: {exc} (please report)", remember=False)


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What every task of a run shares, sent once when a worker starts."""

    options: Options
    fmt: str | None  # forced format, None to sniff (or to follow an archive record's type)
    reference_time: datetime | None = None  # --reference-time: for inputs that carry no fetch time
    templates: TemplateConfig | None = None  # --learn-templates: which pass, and the profiles


@dataclass(frozen=True, slots=True)
class TemplateConfig:
    """``--learn-templates`` in a worker: the first pass fingerprints each document; the
    second extracts it with its site's profile (pruned to what evidence uses, see
    ``SiteProfile.evidence_only``: the whole learner never travels)."""

    group_by: str
    learning: bool  # the first pass: fingerprint, do not extract
    profiles: Mapping[str, SiteProfile] = field(default_factory=dict)  # sites with min_pages or more


@dataclass(frozen=True, slots=True)
class FileTask:
    """Read, decompress and extract one file (the worker does the I/O)."""

    seq: int
    source: str
    fs_path: str
    pretty: bool


@dataclass(frozen=True, slots=True)
class PayloadTask:
    """Extract bytes the runner already holds: stdin, or a record of a web archive."""

    seq: int
    source: str
    data: bytes
    pretty: bool
    url: str | None = None
    fmt: str | None = None  # the format the container declares (an archive record's Content-Type)
    fetched: datetime | None = None  # when the record was fetched (WARC-Date): its reference time


Task = FileTask | PayloadTask


@dataclass(frozen=True, slots=True)
class TaskResult:
    seq: int
    record: bytes | None  # the JSON record, UTF-8, without a trailing newline
    failure: Failure | None
    sha256: str | None = None  # of the file as stored, when a FileTask could read it
    page: PagePrint | None = None  # the first pass of --learn-templates: the document's print
