"""Reading web archives (WARC, and the older ARC) with warcio.

Only what can be an article is taken: ``response`` records of successful (2xx) HTTP
fetches and ``resource`` records, whose content type is HTML or plain text. Requests,
images, scripts, revisits and metadata are passed over silently.

warcio is lenient with damaged files: it takes a truncated gzip member for the end of the
archive and prints some problems on stderr instead of raising. So this reader decompresses
``.gz`` archives itself (zlib checks each member's CRC and length), checks that every
record's block was read in full and that the archive ends with a record terminator, and
turns warcio's stderr warnings into problem reports. A problem it cannot get past ends the
archive; the records before it are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import IO, Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.bufferedreaders import BufferedReader  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]
from warcio.statusandheaders import StatusAndHeadersParserException  # type: ignore[import-untyped]

from ..inputs import InputReadError
from .tasks import CORRUPT_INPUT, INTERNAL_ERROR, TOO_LARGE


class _DamagedArchive(Exception):
    """Raised from inside warcio's reads; deliberately not an EOFError, which warcio swallows."""


ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_CHUNK = 1 << 20
# What warcio prints when a record's Content-Length was wrong (it would then guess where the next starts).
_MISFRAMED = "Record not followed by newline"
# What warcio raises on a damaged archive: its own exceptions, and these built-in ones when
# they come from inside warcio (``_raised_in_warcio``): AttributeError because warcio 1.7/1.8
# raise it when the headers of the last record are cut off (a missing WARC-Target-URI is read
# as None), ValueError for a malformed number or chunk size, zlib.error for a payload whose
# Content-Encoding does not decompress. Raised by newsclean's own code, they are bugs.
_DAMAGE_ERRORS = (_DamagedArchive, ArchiveLoadFailed, StatusAndHeadersParserException)
_DAMAGE_ERRORS_IN_WARCIO = (ValueError, AttributeError, zlib.error)


def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


@dataclass(frozen=True, slots=True)
class ArchiveRecord:
    number: int  # 1-based position among all the archive's records
    url: str | None  # WARC-Target-URI
    fmt: str  # "html" or "text", from the content type
    payload: bytes  # the HTTP body, de-chunked and decoded (Content-Encoding)
    fetched: datetime | None = None  # WARC-Date (an ARC record's archive date): when it was fetched


@dataclass(frozen=True, slots=True)
class ArchiveProblem:
    number: int | None  # the record concerned; None for the archive as a whole
    error: str  # a Failure error code
    message: str


class ArchiveReader:
    """Iterate over the article records of one archive file; ``sha256`` is set at the end.

    Raises ``InputReadError`` when the file itself cannot be read.
    """

    def __init__(self, fs_path: str, max_bytes: int) -> None:
        self._fs_path = fs_path
        self._max_bytes = max_bytes
        self.sha256: str | None = None

    def __iter__(self) -> Iterator[ArchiveRecord | ArchiveProblem]:
        try:
            with open(self._fs_path, "rb") as fh:
                hashing = _HashingReader(fh)
                gzipped = fh.peek(2)[:2] == b"\x1f\x8b"
                yield from self._records(_TailReader(_CheckedGzip(hashing) if gzipped else hashing))
                hashing.read_to_end()
                self.sha256 = hashing.hexdigest()
        except OSError as exc:
            raise InputReadError(f"cannot read: {exc.strerror or exc}") from None

    def _records(self, stream: _TailReader) -> Iterator[ArchiveRecord | ArchiveProblem]:
        # ARC records are converted to WARC ones; a .warc file must not be read as an ARC.
        iterator = ArchiveIterator(stream, arc2warc=self._fs_path.lower().endswith((".arc", ".arc.gz")))
        number = 0
        while True:
            number += 1
            try:
                with _warcio_warnings() as framing:
                    record = next(iterator, None)
                if _MISFRAMED in framing.getvalue():  # out of step: what follows cannot be trusted
                    message = f"damaged archive: record {number - 1} does not match its Content-Length"
                    yield ArchiveProblem(None, CORRUPT_INPUT, message)
                    return
                if record is None:
                    break
                with _warcio_warnings() as decoding:
                    item = self._take(number, record)
            except _DAMAGE_ERRORS as exc:
                yield ArchiveProblem(None, CORRUPT_INPUT, f"damaged archive at record {number}: {_said(exc)}")
                return
            except Exception as exc:  # sorted here: damage, or a bug reported as one
                if isinstance(exc, _DAMAGE_ERRORS_IN_WARCIO) and _raised_in_warcio(exc):
                    yield ArchiveProblem(None, CORRUPT_INPUT, f"damaged archive at record {number}: {_said(exc)}")
                else:  # our code, or warcio on input nobody foresaw: the batch goes on
                    yield ArchiveProblem(
                        None, INTERNAL_ERROR, f"{type(exc).__name__}: {exc} at record {number} (please report)"
                    )
                return
            if isinstance(item, ArchiveRecord) and decoding.getvalue().strip():
                # warcio prints a failed Content-Encoding decompression and returns what it had.
                first = decoding.getvalue().strip().splitlines()[0]
                item = ArchiveProblem(number, CORRUPT_INPUT, f"cannot decode the HTTP payload: {first}")
            if item is not None:
                yield item
        if not stream.ends_like_an_archive():
            yield ArchiveProblem(None, CORRUPT_INPUT, "archive is truncated (its last record is incomplete)")

    def _take(self, number: int, record: Any) -> ArchiveRecord | ArchiveProblem | None:
        """The record as an article candidate, a problem with it, or None to pass over it."""
        taken = self._article(number, record)
        while record.raw_stream.read(_CHUNK):  # the rest of the block: is it all there?
            pass
        if record.raw_stream.limit > 0:
            raise _DamagedArchive("the record is cut short")
        return taken

    def _article(self, number: int, record: Any) -> ArchiveRecord | ArchiveProblem | None:
        fmt = _article_format(record)
        if fmt is None:
            return None
        encoding = record.http_headers.get_header("Content-Encoding") if record.http_headers else None
        if encoding and encoding.lower() not in BufferedReader.get_supported_decompressors():
            return ArchiveProblem(number, CORRUPT_INPUT, f"unsupported Content-Encoding {encoding!r}")
        payload = record.content_stream().read(self._max_bytes + 1)
        if len(payload) > self._max_bytes:
            message = f"record is over the limit of {self._max_bytes:,} bytes (--max-bytes)"
            return ArchiveProblem(number, TOO_LARGE, message)
        url = record.rec_headers.get_header("WARC-Target-URI")
        return ArchiveRecord(number, url, fmt, payload, warc_date(record.rec_headers.get_header("WARC-Date")))


def _said(exc: BaseException) -> str:
    """What an exception says, on one line and not too long (warcio quotes the bad line raw)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _raised_in_warcio(exc: BaseException) -> bool:
    """Whether the innermost Python frame ``exc`` went through is warcio's."""
    tb = exc.__traceback__
    module = ""
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__", "")
        tb = tb.tb_next
    return module.startswith("warcio")


def warc_date(value: str | None) -> datetime | None:
    """A WARC-Date ("2024-05-01T12:00:00Z", fractions allowed) as an aware datetime; None if
    missing or malformed (the record then has no fetch time, which is no reason to drop it)."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.utcoffset() is not None else parsed.replace(tzinfo=timezone.utc)


def _article_format(record: Any) -> str | None:
    """ "html" or "text" for a record that can hold an article, else None."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not str(http.get_statuscode() or "").startswith("2"):
            return None
        content_type = http.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    mime = (content_type or "").split(";")[0].strip().lower()
    return _FORMATS.get(mime)


@contextlib.contextmanager
def _warcio_warnings() -> Iterator[io.StringIO]:
    """warcio reports some damage by printing to stderr (and harmless fixes through its
    logger, which also lands there): collect it, so the caller decides what it means."""
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        yield captured


class _HashingReader:
    """Hashes every byte read from the archive file, for the incremental-run state."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._digest.update(data)
        return data

    def read_to_end(self) -> None:
        while self.read(_CHUNK):
            pass

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class _CheckedGzip:
    """Decompresses gzip members one after another, handing out what each yields before
    reporting damage: a truncated or corrupt member raises _DamagedArchive only once the
    data before it has been read. zlib checks each member's CRC and length."""

    def __init__(self, raw: _HashingReader) -> None:
        self._raw = raw
        self._inflater = zlib.decompressobj(wbits=31)  # 31: gzip framing, checked
        self._input = b""
        self._member_started = False
        self._pending = bytearray()
        self._finished = False
        self._damage: str | None = None

    def read(self, size: int = -1) -> bytes:
        want = size if size >= 0 else 1 << 62
        self._fill(want)
        if not self._pending and self._damage is not None:
            raise _DamagedArchive(self._damage)
        data = bytes(self._pending[:want])
        del self._pending[:want]
        return data

    def _fill(self, want: int) -> None:
        while len(self._pending) < want and self._damage is None and not self._finished:
            if not self._input:
                self._input = self._raw.read(_CHUNK)
                if not self._input:
                    self._finished = True
                    if self._member_started:
                        self._damage = "compressed data is truncated"
                    return
            try:
                # Bounded output per step: a small member cannot inflate into gigabytes at once.
                out = self._inflater.decompress(self._input, max(want - len(self._pending), 1 << 16))
            except zlib.error as exc:
                self._damage = f"corrupt compressed data: {exc}"
                return
            self._member_started = True
            self._pending += out
            if self._inflater.eof:  # member complete and its CRC checked: the next one starts
                self._input = self._inflater.unused_data
                self._inflater = zlib.decompressobj(wbits=31)
                self._member_started = False
            else:
                self._input = self._inflater.unconsumed_tail


class _TailReader:
    """Remembers the last bytes of the (decompressed) archive: a complete one ends a record."""

    def __init__(self, source: IO[bytes] | _HashingReader | _CheckedGzip) -> None:
        self._source = source
        self._head = b""
        self._tail = b""

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        if len(self._head) < 5:
            self._head = (self._head + data)[:5]
        self._tail = (self._tail + data)[-4:]
        return data

    def ends_like_an_archive(self) -> bool:
        # A WARC record ends with CRLF CRLF, an ARC record with LF; an empty file is empty.
        if not self._head:
            return True
        return self._tail.endswith(b"\r\n\r\n" if self._head == b"WARC/" else b"\n")
