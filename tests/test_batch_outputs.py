"""--out-dir and --errors: mirrored paths, atomic files, nothing ever written outside DIR."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner, Result

from batch_helpers import article, text_responses, tree, write_articles, write_warc
from newsclean.batch.outputs import TEMP_DIR, AtomicFile, OutDir, sweep_stale_temps
from newsclean.cli import cli


def extract(*args: str | Path, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, ["extract", *map(str, args)])
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, ["extract", *map(str, args)])
    finally:
        os.chdir(old)


def test_out_dir_mirrors_paths_one_file_per_input(tmp_path: Path) -> None:
    write_articles(tmp_path / "crawl", 3, per_folder=2)
    write_warc(tmp_path / "crawl" / "w.warc.gz", text_responses([5, 6]))
    result = extract("--out-dir", "out", "crawl", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    files = tree(tmp_path / "out")
    assert sorted(files) == [
        "crawl/part000/doc000000.txt.json",
        "crawl/part000/doc000001.txt.json",
        "crawl/part001/doc000002.txt.json",
        "crawl/w.warc.gz.jsonl",
    ]
    one = json.loads(files["crawl/part000/doc000000.txt.json"])
    assert one["source"]["path"] == "crawl/part000/doc000000.txt"
    assert files["crawl/part000/doc000000.txt.json"].endswith(b"}\n")
    lines = files["crawl/w.warc.gz.jsonl"].decode().splitlines()
    assert [json.loads(line)["source"]["path"] for line in lines] == ["crawl/w.warc.gz#3", "crawl/w.warc.gz#6"]


def test_pretty_out_dir_indents_json_but_not_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    write_warc(tmp_path / "w.warc", text_responses([2]), compress=False)
    assert extract("--pretty", "--out-dir", "out", "a.txt", "w.warc", cwd=tmp_path).exit_code == 0
    assert (tmp_path / "out" / "a.txt.json").read_text().startswith('{\n  "schema_version"')
    (line,) = (tmp_path / "out" / "w.warc.jsonl").read_text().splitlines()
    assert json.loads(line)["source"]["path"] == "w.warc#3"


def test_nothing_is_written_outside_the_out_dir(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "up.txt").write_text(article(1), encoding="utf-8")
    absolute = tmp_path / "abs.txt"
    absolute.write_text(article(2), encoding="utf-8")
    (work / "dots.txt").write_text(article(3), encoding="utf-8")
    result = extract("--out-dir", "out", "../up.txt", str(absolute), "./dots.txt", "-", cwd=work)
    assert result.exit_code == 0, result.stderr
    outputs = sorted(tree(work / "out"))
    assert outputs == ["dots.txt.json", "stdin.json", f"{str(absolute).lstrip('/')}.json", "up.txt.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abs.txt", "up.txt", "work"]


def test_a_symlink_inside_the_out_dir_does_not_lead_out(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "a.txt").write_text(article(1), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "crawl").symlink_to(elsewhere, target_is_directory=True)
    result = extract("--out-dir", "out", "crawl", cwd=tmp_path)
    assert result.exit_code == 3
    assert list(elsewhere.iterdir()) == []
    assert result.stderr.splitlines()[0] == (
        "newsclean: crawl/a.txt: cannot write out/crawl/a.txt.json:"
        " the output folder leads out of --out-dir through a symlink"
    )


def test_an_output_path_taken_by_a_directory_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    (tmp_path / "b.txt").write_text(article(2), encoding="utf-8")
    (tmp_path / "out" / "a.txt.json").mkdir(parents=True)
    errors = tmp_path / "errors.jsonl"
    result = extract("--out-dir", "out", "--errors", errors, "a.txt", "b.txt", cwd=tmp_path)
    assert result.exit_code == 1
    (failure,) = [json.loads(line) for line in errors.read_text().splitlines()]
    assert failure["source"] == "a.txt" and failure["error"] == "output_error"
    assert (tmp_path / "out" / "b.txt.json").is_file()
    assert not (tmp_path / "out" / TEMP_DIR).exists()


def test_errors_file_lines(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "ok.txt").write_text(article(1), encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = extract("--errors", errors, "-q", "bin.txt", "ok.txt", "nope.txt", cwd=tmp_path)
    assert result.exit_code == 1 and result.stderr == ""
    assert [json.loads(line) for line in errors.read_text().splitlines()] == [
        {"source": "bin.txt", "error": "undecodable", "message": "binary data (NUL bytes), not text"},
        {"source": "nope.txt", "error": "unreadable", "message": "no such file or directory"},
    ]


def test_errors_file_is_written_even_when_nothing_failed(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(article(1), encoding="utf-8")
    assert extract("--errors", "e.jsonl", "ok.txt", cwd=tmp_path).exit_code == 0
    assert (tmp_path / "e.jsonl").read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.jsonl", "ok.txt"]


def test_atomic_file_and_stale_temp_sweep(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    atomic = AtomicFile(str(target))
    atomic.write(b"{}\n")
    assert not target.exists()
    atomic.commit()
    assert target.read_bytes() == b"{}\n"
    dead_pid = 2**22 + 12345  # above any pid_max: never alive
    (tmp_path / f".{dead_pid}-0-x.json.newsclean-tmp").write_bytes(b"half")
    (tmp_path / f".{os.getpid()}-9-y.json.newsclean-tmp").write_bytes(b"mine")
    (tmp_path / "notes.newsclean-tmp.txt").write_bytes(b"not ours")
    assert sweep_stale_temps(str(tmp_path)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f".{os.getpid()}-9-y.json.newsclean-tmp", "notes.newsclean-tmp.txt", "x.json"]
    )


def test_out_dir_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    temp = tmp_path / "out" / TEMP_DIR
    temp.mkdir(parents=True)
    (temp / f"{2**22 + 7}-3-a.txt.json.newsclean-tmp").write_bytes(b'{"half": ')
    out_dir = OutDir(str(tmp_path / "out"))
    assert out_dir.swept == 1
    out_dir.close()
    assert list((tmp_path / "out").iterdir()) == []


def test_stdin_target(tmp_path: Path) -> None:
    out_dir = OutDir(str(tmp_path / "o"))
    assert out_dir.target("-", archive=False) == str(tmp_path / "o" / "stdin.json")
    out_dir.close()


def test_special_files_are_written_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00" * 9)
    before = os.stat("/dev/null")
    result = extract("-o", "/dev/null", "--errors", "/dev/null", tmp_path)
    assert result.exit_code == 1
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert not [p for p in Path("/dev").iterdir() if p.name.endswith(".newsclean-tmp")]
