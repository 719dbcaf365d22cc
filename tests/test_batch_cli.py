"""The batch options of `newsclean extract`: input selection, limits, stderr, exit status."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from batch_helpers import (
    ROOT,
    article,
    make_dangling_symlink,
    make_fifo,
    make_loop,
    text_responses,
    write_articles,
    write_warc,
)
from newsclean.batch.tasks import FileTask, WorkerConfig
from newsclean.batch.worker import run_task
from newsclean.cli import cli
from newsclean.options import Options

SUMMARY = re.compile(
    r"newsclean: (interrupted: )?[\d,]+ extracted, [\d,]+ skipped \(unchanged\), [\d,]+ failed in \d+\.\d s"
)


def extract(*args: str | Path, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["extract", *map(str, args)], input=stdin)


def paths_of(output: str) -> list[str]:
    return [json.loads(line)["source"]["path"] for line in output.splitlines()]


def test_files_from_a_list_and_from_stdin(tmp_path: Path) -> None:
    docs = write_articles(tmp_path / "in", 4)
    listing = tmp_path / "list.txt"
    listing.write_text(f"{docs[3]}\n\n{docs[0]}\n{tmp_path / 'in' / 'part000'}\n", encoding="utf-8")
    result = extract("--files-from", listing, docs[1])
    assert result.exit_code == 0
    # Arguments first, then the list in its own order; a listed folder is walked.
    assert paths_of(result.stdout) == [str(p) for p in (docs[1], docs[3], docs[0], *docs)]
    result = extract("--files-from", "-", stdin=f"{docs[2]}\n")
    assert paths_of(result.stdout) == [str(docs[2])]


def test_include_and_exclude(tmp_path: Path) -> None:
    (tmp_path / "keep").mkdir()
    (tmp_path / "tmp").mkdir()
    for name in ("keep/a.txt", "keep/b.html", "keep/c.txt.gz.part", "tmp/d.txt", "e.txt"):
        (tmp_path / name).write_text(article(len(name)), encoding="utf-8")
    result = extract("--include", "*.txt", "--exclude", "tmp", tmp_path)
    assert paths_of(result.stdout) == [str(tmp_path / "e.txt"), str(tmp_path / "keep" / "a.txt")]
    # A pattern with a slash matches the path under the directory argument.
    result = extract("--exclude", "keep/*.html", "--exclude", "*.part", "--exclude", "t?p", tmp_path)
    assert paths_of(result.stdout) == [str(tmp_path / "e.txt"), str(tmp_path / "keep" / "a.txt")]
    result = extract("--include", "keep/*", "--exclude", "*.html", "--exclude", "*.part", tmp_path)
    assert paths_of(result.stdout) == [str(tmp_path / "keep" / "a.txt")]


def test_what_cannot_be_read_is_reported_and_the_walk_goes_on(tmp_path: Path) -> None:
    make_fifo(tmp_path / "a-fifo.txt")
    make_dangling_symlink(tmp_path / "b-dangling.txt")
    make_loop(tmp_path)
    (tmp_path / "c-dir.txt").mkdir()  # a folder named like a file is walked like any folder
    (tmp_path / "c-dir.txt" / "inner.txt").write_text(article(1), encoding="utf-8")
    (tmp_path / "d-good.txt").write_text(article(2), encoding="utf-8")
    started = time.monotonic()
    result = extract(tmp_path)
    assert time.monotonic() - started < 30  # the FIFO was not opened (it would block)
    assert result.exit_code == 1
    assert paths_of(result.stdout) == [str(tmp_path / "c-dir.txt" / "inner.txt"), str(tmp_path / "d-good.txt")]
    *failures, summary = result.stderr.splitlines()
    assert failures == [
        f"newsclean: {tmp_path / 'a-fifo.txt'}: not a regular file (FIFO), skipped",
        f"newsclean: {tmp_path / 'b-dangling.txt'}: dangling symlink (its target does not exist)",
        f"newsclean: {tmp_path / 'loop'}: directory loop (symlink to an ancestor), skipped",
        f"newsclean: {tmp_path / 'self.txt'}: symlink loop (too many levels of symbolic links)",
    ]
    assert SUMMARY.fullmatch(summary)


def test_unlistable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(As root, chmod 000 does not stop listing: the failure is simulated.)"""
    (tmp_path / "locked").mkdir()
    (tmp_path / "ok.txt").write_text(article(1), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = extract(tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"newsclean: {tmp_path / 'locked'}: cannot list directory: Permission denied"
    )
    assert paths_of(result.stdout) == [str(tmp_path / "ok.txt")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give at least one PATH"),
        (["-o", "x", "--out-dir", "d", "a"], "-o/--output and --out-dir do not go together"),
        (["--force", "a"], "--force only means something with --state"),
        (["-q", "-v", "a"], "-q/--quiet and -v/--verbose do not go together"),
        (["--files-from", "-", "-"], "stdin cannot be both an input"),
        (["--jobs", "0", "a"], "Invalid value for '-j' / '--jobs'"),
        (["--time-limit", "0", "a"], "Invalid value for '--time-limit'"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = extract(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_exit_status_3_when_nothing_could_be_processed(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00" * 50)
    result = extract(tmp_path / "bin.txt", tmp_path / "missing.txt")
    assert result.exit_code == 3
    assert len(result.stderr.splitlines()) == 3


def test_max_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    (tmp_path / "b.txt").write_text("Short\n\nA short article that says very little at all.\n", encoding="utf-8")
    result = extract("--max-bytes", "200", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"newsclean: {tmp_path / 'a.txt'}: input is over the limit of 200 bytes (--max-bytes)"
    )
    assert paths_of(result.stdout) == [str(tmp_path / "b.txt")]


def test_a_stuck_document_is_stopped_and_the_batch_goes_on(tmp_path: Path) -> None:
    """A 4 MB dump takes about a second: over a 0.25 s limit its worker is killed, not the batch."""
    paragraph = "The council met on Tuesday and agreed to spend more money on the roads, officials said.\n\n"
    (tmp_path / "b-huge.txt").write_text("A headline\n\n" + paragraph * 44_000, encoding="utf-8")
    write_articles(tmp_path, 6)
    errors = tmp_path / "errors.jsonl"
    started = time.monotonic()
    result = extract("--jobs", "2", "--time-limit", "0.25", "--errors", errors, tmp_path)
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert len(paths_of(result.stdout)) == 6
    assert [json.loads(line) for line in errors.read_text().splitlines()] == [
        {
            "source": str(tmp_path / "b-huge.txt"),
            "error": "time_limit",
            "message": "took longer than the time limit of 0.25 s (--time-limit), stopped",
        }
    ]


def test_jobs_and_order(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 40, per_folder=7)
    write_warc(tmp_path / "in" / "w.warc.gz", text_responses(range(50, 60)))
    one = extract("--jobs", "1", tmp_path / "in")
    two = extract("--jobs", "2", tmp_path / "in")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout  # input order, whatever finished first
    unordered = extract("--jobs", "2", "--unordered", tmp_path / "in")
    assert sorted(unordered.stdout.splitlines()) == sorted(one.stdout.splitlines())


def test_internal_errors_are_reported_as_bugs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("newsclean.batch.worker.extract", broken)
    result = run_task(FileTask(0, "a.txt", str(tmp_path / "a.txt"), False), WorkerConfig(Options(), None))
    assert result.record is None and result.failure is not None
    assert result.failure.stderr_line() == (
        "newsclean: internal error on a.txt: ZeroDivisionError: division by zero (please report)"
    )
    assert not result.failure.remember


def test_silent_under_cron_summary_with_verbose(tmp_path: Path) -> None:
    write_articles(tmp_path, 3)
    quiet_run = extract(tmp_path)
    assert quiet_run.exit_code == 0 and quiet_run.stderr == ""
    verbose_run = extract("-v", tmp_path)
    assert SUMMARY.fullmatch(verbose_run.stderr.strip())
    assert verbose_run.stderr.startswith("newsclean: 3 extracted, 0 skipped (unchanged), 0 failed in ")


def test_progress_bar_and_summary_on_a_terminal(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 30)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "newsclean", "extract", "-o", str(tmp_path / "o.jsonl"), str(tmp_path / "in")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            timeout=120,
            check=False,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the other side is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 0
    text = shown.decode("utf-8", "replace")
    assert re.search(r"\d+/30 \[", text), text  # the bar, with the total counted for an ETA
    assert "inputs/s" in text
    assert text.rstrip().splitlines()[-1].lstrip("\r\x1b[A ").startswith("newsclean: 30 extracted")


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_flushes_what_was_done_and_leaves_no_temp_files(
    tmp_path: Path, signum: signal.Signals, status: int
) -> None:
    write_articles(tmp_path / "in", 1500)
    out_dir, out_file = tmp_path / "out", tmp_path / "o.jsonl"
    for args in (["--out-dir", str(out_dir)], ["-o", str(out_file), "--errors", str(tmp_path / "e.jsonl")]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsclean", "extract", "--jobs", "2", *args, str(tmp_path / "in")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, as a terminal job has
        )
        if args[0] == "--out-dir":
            _wait_for(lambda: len(list(out_dir.rglob("*.json"))) >= 20, proc)
        else:  # -o is written under a temporary name until the end
            _wait_for(lambda: any(p.stat().st_size > 50_000 for p in tmp_path.glob(".*.newsclean-tmp")), proc)
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)  # Ctrl-C reaches the whole group: runner, fork server, workers
        else:
            proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=60)
        assert proc.returncode == status, stderr
        assert stdout == ""
        assert SUMMARY.fullmatch(stderr.strip()) and "interrupted: " in stderr  # and no traceback
    done = len(list(out_dir.rglob("*.json")))
    assert 0 < done < 1500
    assert not (out_dir / ".newsclean-tmp").exists()
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) < 1500 and all(json.loads(line) for line in lines)  # whole records only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.jsonl", "in", "o.jsonl", "out"]


def _wait_for(ready: Callable[[], bool], proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if ready():
            return
        assert proc.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.05)
    raise AssertionError("no output appeared within 60 s")


def test_head_of_a_big_folder_ends_promptly_and_quietly(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 2000)
    started = time.monotonic()
    proc = subprocess.run(
        f"{sys.executable} -m newsclean extract {tmp_path / 'in'} | head -3",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert time.monotonic() - started < 20
    assert proc.stderr == ""
    assert len(proc.stdout.splitlines()) == 3


def test_python_dash_m_runs_with_worker_processes() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsclean", "extract", "--jobs", "2", str(ROOT / "seeds")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and proc.stderr == ""
    assert len(proc.stdout.splitlines()) == 5
