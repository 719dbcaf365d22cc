"""The click CLI: exit codes, exact stream contents, failures on stderr only."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import newsclean
from newsclean.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ARTICLE = (
    "A headline about the river\n\n"
    "BERLIN (dpa) — The river rose by two metres overnight, the city said on Tuesday, and more rain is expected.\n\n"
    "Residents were told to move their cars away from the banks before the evening, officials said.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def records(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help(runner: CliRunner, flag: str) -> None:
    result = runner.invoke(cli, [flag])
    assert result.exit_code == 0
    assert result.output.startswith("Usage: cli [OPTIONS] COMMAND [ARGS]...")
    for command in ("extract", "explain", "schema"):
        assert command in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"newsclean, version {newsclean.__version__}\n"


def test_extract_seeds_directory(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["extract", str(SEEDS)])
    assert result.exit_code == 0, result.output
    recs = records(result.stdout)
    assert [Path(str(r["source"]["path"])).name for r in recs] == sorted(p.name for p in SEEDS.glob("*.txt"))  # type: ignore[index]
    schema = json.loads(runner.invoke(cli, ["schema"]).stdout)
    for rec in recs:
        jsonschema.validate(rec, schema)
    assert result.stderr == ""


def test_records_are_utf8_not_ascii_escaped(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Überschrift über München\n\n" + ARTICLE.replace("river", "Fluss-Ufer in Köln"), encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0
    assert "Köln" in result.stdout and "\\u00f6" not in result.stdout


def test_pretty(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["extract", "--pretty", str(path)])
    assert result.exit_code == 0
    assert re.match(r'\{\n  "schema_version": "\d+\.\d+\.\d+",\n', result.stdout)
    assert json.loads(result.stdout)["headline"] == "A headline about the river"


def test_failures_go_to_stderr_and_batch_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "b-good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "c-gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "d-broken.txt.gz").write_bytes(gzip.compress(ARTICLE.encode())[:20])
    result = runner.invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert [r["source"]["path"] for r in records(result.stdout)] == [str(good)]  # type: ignore[index]
    *failures, summary = result.stderr.splitlines()
    assert failures == [
        f"newsclean: {tmp_path / 'a-binary.txt'}: binary data (NUL bytes), not text",
        f"newsclean: {tmp_path / 'c-gone.txt'}: dangling symlink (its target does not exist)",
        f"newsclean: {tmp_path / 'd-broken.txt.gz'}: compressed file is truncated",
    ]
    # Not a terminal, but something failed: the summary closes the report.
    assert re.fullmatch(r"newsclean: 1 extracted, 0 skipped \(unchanged\), 3 failed in \d+\.\d s", summary)


def test_quiet_says_nothing_about_bad_inputs(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a-binary.txt").write_bytes(b"\x00\x01" * 100)
    (tmp_path / "b-good.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["extract", "-q", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == ""
    assert len(records(result.stdout)) == 1


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["extract", str(tmp_path / "nope.txt")])
    # Inputs were given, none could be processed: 3 (issue 5 refined the 0.1 rule, where it was 1).
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == f"newsclean: {tmp_path / 'nope.txt'}: no such file or directory"


def test_usage_error_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["extract"])
    assert result.exit_code == 2
    result = runner.invoke(cli, ["extract", "--format", "pdf", "x"])
    assert result.exit_code == 2


def test_gzip_and_hidden_files(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 0
    paths = [r["source"]["path"] for r in records(result.stdout)]  # type: ignore[index]
    assert paths == [str(tmp_path / "a.txt.gz"), str(tmp_path / "sub" / "b.txt")]


def test_stdin_and_output_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["extract", "-", "-o", str(out)], input=ARTICLE)
    assert result.exit_code == 0
    assert result.stdout == ""
    (rec,) = records(out.read_text(encoding="utf-8"))
    assert rec["source"]["path"] == "-"  # type: ignore[index]
    assert rec["dateline"] == {"text": "BERLIN (dpa) —", "place": "Berlin", "agency": "dpa"}


def test_utf16_with_bom_and_legacy_encoding(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode("utf-16"))
    text = (
        "Überschrift für Köln\n\n"
        "Die Straßenbahn fährt wieder, teilte die Stadt am Dienstag mit, nachdem der Fluss gefallen ist.\n"
    )
    (tmp_path / "b.txt").write_bytes(text.encode("cp1252"))
    result = runner.invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 0
    a, b = records(result.stdout)
    assert a["source"]["encoding"] == "utf-16"  # type: ignore[index]
    assert a["headline"] == "A headline about the river"
    assert "Straßenbahn fährt" in str(b["body"])


def test_explain_plain_in_pipe(runner: CliRunner) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    result = runner.invoke(cli, ["explain", str(seed)])
    assert result.exit_code == 0
    assert "\x1b[" not in result.output
    assert "headline" in result.output and "↳" in result.output


def test_explain_colour_forced(runner: CliRunner) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    result = runner.invoke(cli, ["explain", "--color", str(seed)], color=True)
    assert "\x1b[" in result.output


def test_head_closes_pipe_without_traceback() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m newsclean extract {SEEDS} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stderr == ""
    assert json.loads(proc.stdout)["source"]["path"].endswith(".txt")
