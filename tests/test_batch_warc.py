"""Web archives: which records are taken, and every kind of damage reported, never silent."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from batch_helpers import article, text_responses, write_arc, write_warc
from newsclean.batch.warc import ArchiveProblem, ArchiveReader, ArchiveRecord, is_archive
from newsclean.cli import cli


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
