"""Web archives: which records are taken, and every kind of damage reported, never silent."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from batch_helpers import article, text_responses, write_arc, write_warc
from newsclean.batch.tasks import PayloadTask, WorkerConfig
from newsclean.batch.warc import ArchiveProblem, ArchiveReader, ArchiveRecord, is_archive, warc_date
from newsclean.batch.worker import run_task
from newsclean.cli import cli
from newsclean.options import Options


def read(path: Path, max_bytes: int = 1_000_000) -> tuple[list[ArchiveRecord | ArchiveProblem], str | None]:
    reader = ArchiveReader(str(path), max_bytes)
    entries = list(reader)
    return entries, reader.sha256


def test_archive_names() -> None:
    assert all(is_archive(n) for n in ("a.warc", "a.warc.gz", "A.WARC.GZ", "a.arc", "a.arc.gz"))
    assert not any(is_archive(n) for n in ("a.txt", "a.gz", "warc.txt", "a.warc.bz2"))


@pytest.mark.parametrize("compress", [True, False])
def test_takes_text_and_html_responses_only(tmp_path: Path, compress: bool) -> None:
    responses = [*text_responses([1, 2]), ("https://x.example/p", "text/html", b"<html><p>hi</p></html>")]
    path = write_warc(tmp_path / ("a.warc.gz" if compress else "a.warc"), responses, compress=compress)
    entries, sha256 = read(path)
    assert all(isinstance(e, ArchiveRecord) for e in entries)
    records = [e for e in entries if isinstance(e, ArchiveRecord)]
    # warcinfo is record 1; then request, response, image per page.
    assert [(r.number, r.url, r.fmt) for r in records] == [
        (3, "https://news.example.org/1", "text"),
        (6, "https://news.example.org/2", "text"),
        (9, "https://x.example/p", "html"),
    ]
    assert records[0].payload == article(1).encode()

    assert sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # of the file as stored


def test_arc_files(tmp_path: Path) -> None:
    entries, _ = read(write_arc(tmp_path / "old.arc", text_responses([7, 8])))
    assert [(e.url, e.payload) for e in entries if isinstance(e, ArchiveRecord)] == [
        ("https://news.example.org/7", article(7).encode()),
        ("https://news.example.org/8", article(8).encode()),
    ]
    assert not [e for e in entries if isinstance(e, ArchiveProblem)]


def test_record_over_the_limit(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "a.warc.gz", [*text_responses([1]), ("https://big", "text/plain", b"x" * 5000)])
    entries, _ = read(path, max_bytes=2000)
    assert isinstance(entries[0], ArchiveRecord)
    assert entries[1] == ArchiveProblem(6, "too_large", "record is over the limit of 2,000 bytes (--max-bytes)")


@pytest.mark.parametrize("compress", [True, False])
def test_every_truncation_is_reported(tmp_path: Path, compress: bool) -> None:
    """Cut the archive at many points: the records before the cut come out, and a problem
    is reported, except at a record boundary (a shorter archive is a valid archive)."""
    name = "whole.warc.gz" if compress else "whole.warc"
    whole = write_warc(tmp_path / name, text_responses([1, 2, 3]), compress=compress).read_bytes()
    boundaries = set()
    silent = []
    for cut in range(1, len(whole), 7 if compress else 13):
        path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
        path.write_bytes(whole[:cut])
        entries, sha256 = read(path)
        assert sha256 is not None
        if not any(isinstance(e, ArchiveProblem) for e in entries):
            silent.append(cut)
    # Where may a cut go unnoticed? Only where a record (gzip member) ends.
    for cut in silent:
        prefix = whole[:cut]
        if compress:
            boundaries.add(_complete_gzip_members(prefix))
        else:
            boundaries.add(prefix.endswith(b"\r\n\r\n"))
    assert boundaries <= {True}, f"silent truncations at {silent}"


def _complete_gzip_members(data: bytes) -> bool:
    try:
        gzip.decompress(data)
    except (EOFError, OSError):
        return False
    return True


def test_corrupt_gzip_member(tmp_path: Path) -> None:
    whole = bytearray(write_warc(tmp_path / "a.warc.gz", text_responses(range(6))).read_bytes())
    middle = len(whole) // 2
    whole[middle : middle + 40] = b"\xff" * 40
    (tmp_path / "a.warc.gz").write_bytes(bytes(whole))
    entries, _ = read(tmp_path / "a.warc.gz")
    records = [e for e in entries if isinstance(e, ArchiveRecord)]
    problems = [e for e in entries if isinstance(e, ArchiveProblem)]
    assert 0 < len(records) < 6
    assert len(problems) == 1 and problems[0].error == "corrupt_input"
    assert problems[0].message.startswith("damaged archive at record")


def test_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("hello, this is not a web archive\n" * 5)
    entries, _ = read(path)
    assert len(entries) == 1 and isinstance(entries[0], ArchiveProblem)
    assert entries[0].error == "corrupt_input" and entries[0].message.startswith("damaged archive")


def test_warc_through_the_cli(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", text_responses([1, 2]))
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["path"] for r in records] == [f"{path}#3", f"{path}#6"]
    assert records[0]["headline"] == article(1).splitlines()[0]
    # The target URI is where the input came from: source.url (and the record's url, for a text page)
    assert [r["source"]["url"] for r in records] == ["https://news.example.org/1", "https://news.example.org/2"]
    assert records[0]["url"] == "https://news.example.org/1"
    assert result.stderr == ""


def test_damaged_warc_through_the_cli(tmp_path: Path) -> None:
    whole = write_warc(tmp_path / "c.warc.gz", text_responses(range(4))).read_bytes()
    (tmp_path / "c.warc.gz").write_bytes(whole[: len(whole) * 3 // 4])
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(cli, ["extract", "--errors", str(errors), str(tmp_path / "c.warc.gz")])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) >= 2
    (failure,) = [json.loads(line) for line in errors.read_text().splitlines()]
    assert failure["source"] == str(tmp_path / "c.warc.gz")
    assert failure["error"] == "corrupt_input"
    assert result.stderr.startswith(f"newsclean: {tmp_path / 'c.warc.gz'}: damaged archive at record")


# -- WARC-Date: each record's reference time -------------------------------------------------

RELATIVE_DUMP = (
    "A headline for a short test article about budgets\n\n"
    "Updated 5 hours ago\n\n"
    "BERLIN (dpa) — The council approved a new budget on Tuesday, officials said, after a debate that lasted"
    " late into the night.\n\n"
    "The ministry said the decision would be reviewed next year, and that the plan was approved by a large"
    " majority of members.\n"
)


def _dated_warc(path: Path, dates: list[str]) -> Path:
    """A WARC with one text response per WARC-Date, each printing "Updated 5 hours ago"."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n, date in enumerate(dates):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://news.example.org/{n}",
                "response",
                payload=io.BytesIO(RELATIVE_DUMP.encode()),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)
    return path


def _updated(output: str) -> list[tuple[str | None, str | None]]:
    records = [json.loads(line) for line in output.splitlines()]
    return [(r["timestamps"][0]["value"], r["updated"]) for r in records]


def test_warc_date_is_the_reference_time_of_its_record(tmp_path: Path) -> None:
    path = _dated_warc(tmp_path / "dated.warc.gz", ["2024-05-01T12:00:00Z", "2024-06-02T08:30:15.250Z"])
    entries, _ = read(path)
    assert [e.fetched for e in entries if isinstance(e, ArchiveRecord)] == [
        datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc),
        datetime(2024, 6, 2, 8, 30, 15, 250000, tzinfo=timezone.utc),
    ]
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.stderr
    assert _updated(result.stdout) == [
        ("2024-05-01T07:00:00+00:00", "2024-05-01T07:00:00+00:00"),
        ("2024-06-02T03:30:00+00:00", "2024-06-02T03:30:00+00:00"),
    ]
    # The record's own fetch time wins over --reference-time, which is for inputs without one.
    given = CliRunner().invoke(cli, ["extract", "--reference-time", "2030-01-01T00:00:00Z", str(path)])
    assert _updated(given.stdout) == _updated(result.stdout)


def test_reference_time_for_records_without_a_warc_date() -> None:
    task = PayloadTask(0, "a.warc#1", RELATIVE_DUMP.encode(), False, "https://news.example.org/1", "text", None)
    ref = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    with_ref = run_task(task, WorkerConfig(Options(), None, ref))
    without = run_task(task, WorkerConfig(Options(), None))
    assert with_ref.record is not None and without.record is not None
    assert json.loads(with_ref.record)["updated"] == "2024-05-01T07:00:00+00:00"
    assert json.loads(without.record)["timestamps"][0]["value"] is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("2024-05-01T12:00:00Z", datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)),
        ("2024-05-01T12:00:00.123456Z", datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)),
        ("2024-05-01T14:00:00+02:00", datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)),
        ("2024-05-01T12:00:00", datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)),  # WARC dates are UTC
        ("not a date", None),
        (None, None),
    ],
)
def test_warc_date_header(header: str | None, expected: datetime | None) -> None:
    assert warc_date(header) == expected
