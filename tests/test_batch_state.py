"""--state: reruns skip what is unchanged, remember failures, and never duplicate a record."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from batch_helpers import article, corrupt_gzip, make_dangling_symlink, read_lines, write_articles
from newsclean.batch import settings as settings_module
from newsclean.batch.state import StateStore
from newsclean.cli import cli


def extract(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["extract", "--jobs", "2", *map(str, args)])


def paths_of(output: str) -> list[str]:
    return [json.loads(line)["source"]["path"] for line in output.splitlines()]


def summary(result: Result) -> str:
    return result.stderr.splitlines()[-1]


def test_rerun_skips_unchanged_and_says_how_many(tmp_path: Path) -> None:
    docs = write_articles(tmp_path / "in", 6)
    state = tmp_path / "state.sqlite"
    first = extract("--state", state, tmp_path / "in")
    assert first.exit_code == 0 and first.stderr == ""
    assert paths_of(first.stdout) == [str(p) for p in docs]

    docs[2].write_text(article(100), encoding="utf-8")  # changed
    (tmp_path / "in" / "part000" / "new.txt").write_text(article(101), encoding="utf-8")
    second = extract("--state", state, "-v", tmp_path / "in")
    assert second.exit_code == 0
    assert paths_of(second.stdout) == [str(docs[2]), str(tmp_path / "in" / "part000" / "new.txt")]
    assert re.fullmatch(r"newsclean: 2 extracted, 5 skipped \(unchanged\), 0 failed in \d+\.\d s", summary(second))

    third = extract("--state", state, tmp_path / "in")
    assert third.exit_code == 0 and third.stdout == "" and third.stderr == ""  # cron-quiet


def test_force_and_changed_options_extract_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_articles(tmp_path / "in", 3)
    state = tmp_path / "state"
    assert extract("--state", state, tmp_path / "in").exit_code == 0
    assert extract("--state", state, tmp_path / "in").stdout == ""
    # stdout and -o FILE are one stream: a daily -o file gets only what is new since yesterday.
    assert extract("--state", state, "-o", tmp_path / "day2.jsonl", tmp_path / "in").exit_code == 0
    assert read_lines(tmp_path / "day2.jsonl") == []
    assert len(paths_of(extract("--state", state, "--force", tmp_path / "in").stdout)) == 3
    assert len(paths_of(extract("--state", state, "--max-bytes", "99999", tmp_path / "in").stdout)) == 3
    # Another out-dir is another set of files to fill.
    assert extract("--state", state, "--out-dir", tmp_path / "out", tmp_path / "in").exit_code == 0
    assert len(list((tmp_path / "out").rglob("*.json"))) == 3
    monkeypatch.setattr(settings_module, "__version__", "99.0.0")
    assert len(paths_of(extract("--state", state, tmp_path / "in").stdout)) == 3


def test_state_folder(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 2)
    (tmp_path / "st").mkdir()
    assert extract("--state", tmp_path / "st", tmp_path / "in").exit_code == 0
    assert (tmp_path / "st" / "newsclean-state.sqlite").is_file()
    assert extract("--state", tmp_path / "st", tmp_path / "in").stdout == ""


def test_bad_inputs_are_remembered_and_listed_again_transient_ones_retried(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 2)
    corrupt_gzip(tmp_path / "in" / "bad.txt.gz", 1)
    make_dangling_symlink(tmp_path / "in" / "gone.txt")
    state, errors = tmp_path / "state", tmp_path / "errors.jsonl"
    first = extract("--state", state, "--errors", errors, tmp_path / "in")
    assert first.exit_code == 1
    listed = errors.read_text(encoding="utf-8")
    assert [e["error"] for e in read_lines(errors)] == ["corrupt_input", "unreadable"]

    second = extract("--state", state, "--errors", errors, tmp_path / "in")
    # The corrupt file is unchanged: not tried, not reported again, still listed in --errors.
    # The dangling symlink says nothing about content: tried (and reported) again.
    assert second.stderr.splitlines()[0] == f"newsclean: {tmp_path / 'in' / 'gone.txt'}: " + (
        "dangling symlink (its target does not exist)"
    )
    assert errors.read_text(encoding="utf-8") == listed
    assert second.exit_code == 1  # a failure, and inputs that were processed (skipped as unchanged)
    (tmp_path / "in" / "gone.txt").unlink()
    third = extract("--state", state, "--errors", errors, tmp_path / "in")
    assert third.exit_code == 0 and third.stderr == ""
    assert [e["error"] for e in read_lines(errors)] == ["corrupt_input"]


def test_second_run_on_a_locked_state_exits_clearly(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 1)
    holder = StateStore(str(tmp_path / "state"), "x")
    try:
        result = extract("--state", tmp_path / "state", tmp_path / "in")
    finally:
        holder.close()
    assert result.exit_code == 3
    assert result.stdout == ""
    assert re.fullmatch(
        rf"newsclean: another newsclean run \(pid \d+\) is using the state {re.escape(str(tmp_path / 'state'))};"
        r" this run did nothing\n",
        result.stderr,
    )


def test_not_a_state_file(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 1)
    (tmp_path / "state").write_text("my notes\n" * 100)
    result = extract("--state", tmp_path / "state", tmp_path / "in")
    assert result.exit_code == 3
    assert "is not a usable newsclean state file" in result.stderr
    assert (tmp_path / "state").read_text() == "my notes\n" * 100


def test_output_file_is_appended_and_cut_back_after_a_killed_run(tmp_path: Path) -> None:
    docs = write_articles(tmp_path / "in", 3)
    out, state = tmp_path / "out.jsonl", tmp_path / "state"
    assert extract("--state", state, "-o", out, tmp_path / "in").exit_code == 0
    after_first = out.read_bytes()
    assert len(after_first.splitlines()) == 3
    # A run killed between writing and committing leaves records the state does not know,
    # the last one cut short.
    with open(out, "ab") as fh:
        fh.write(after_first.splitlines(keepends=True)[0] + b'{"schema_version": "0.1.0", "extr')
    docs[1].write_text(article(55), encoding="utf-8")
    second = extract("--state", state, "-o", out, "-v", tmp_path / "in")
    assert second.exit_code == 0
    assert "bytes of records an interrupted run left uncommitted" in second.stderr
    lines = out.read_bytes().splitlines(keepends=True)
    assert b"".join(lines[:3]) == after_first
    assert [json.loads(line)["source"]["path"] for line in lines[3:]] == [str(docs[1])]
    assert extract("--state", state, "-o", out, tmp_path / "in").exit_code == 0
    assert len(out.read_bytes().splitlines()) == 4  # nothing new: nothing appended
