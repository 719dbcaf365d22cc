"""The README's batch documentation holds: the CLI reference is current, the crontab works."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import cli_reference
from batch_helpers import ROOT, corrupt_gzip, write_articles

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_cli_reference_is_current() -> None:
    assert cli_reference.current_block(README) == cli_reference.render().strip("\n"), (
        "README's command-line reference is out of date: run python tests/cli_reference.py --write"
    )


def test_exit_statuses_documented_in_help_and_readme() -> None:
    help_text = cli_reference.render()
    for status in ("0 ", "1 ", "2 ", "3 ", "130 "):
        assert re.search(rf"^\s+{status}\s*\S", help_text, re.MULTILINE), status
    section = README[README.index("- **Exit status.**") :]
    for status in ("0:", "1:", "2:", "3:", "130:"):
        assert status in section.split("\n\n")[0]


def crontab_jobs() -> list[tuple[str, str]]:
    """(schedule, command) of each job line of the README's crontab block."""
    block = re.search(r"```crontab\n(.*?)```", README, re.DOTALL)
    assert block is not None, "no crontab block in the README"
    jobs = []
    for line in block.group(1).splitlines():
        if not line.strip() or line.startswith("#") or re.match(r"^[A-Z_]+=", line):
            continue
        fields = line.split(None, 5)
        assert len(fields) == 6, f"not a crontab job line: {line!r}"
        jobs.append((" ".join(fields[:5]), fields[5]))
    return jobs


def run_like_cron(command: str, home: Path, today: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command as cron runs it: /bin/sh, a bare environment, no terminal, `\\%` for %.

    ``today`` makes `date` print that day (a later night, without waiting for it).
    """
    newsclean = shutil.which("newsclean") or str(Path(sys.executable).parent / "newsclean")
    assert Path(newsclean).exists(), "the newsclean console script is not installed"
    path = f"{Path(newsclean).parent}:/usr/bin:/bin"
    if today is not None:
        fake = home / "fake-bin"
        fake.mkdir(exist_ok=True)
        (fake / "date").write_text(f"#!/bin/sh\necho {today}\n")
        (fake / "date").chmod(0o755)
        path = f"{fake}:{path}"
    env = {"HOME": str(home), "PATH": path, "SHELL": "/bin/sh", "LOGNAME": "u"}
    return subprocess.run(
        ["/bin/sh", "-c", command.replace("\\%", "%")],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_crontab_example(tmp_path: Path) -> None:
    jobs = crontab_jobs()
    assert len(jobs) == 2
    news = tmp_path / "news"
    write_articles(news / "crawl", 12)
    for schedule, command in jobs:
        assert len(schedule.split()) == 5
        first = run_like_cron(command, tmp_path)
        assert (first.returncode, first.stdout, first.stderr) == (0, "", "")  # cron mails nothing
        again = run_like_cron(command, tmp_path)
        assert (again.returncode, again.stdout, again.stderr) == (0, "", "")

    outputs = sorted(p.relative_to(news / "articles") for p in (news / "articles").rglob("*.json"))
    assert len(outputs) == 12 and all(str(p).startswith("crawl/part000/") for p in outputs)
    assert (news / "errors.jsonl").read_text() == ""
    daily = news / f"articles-{datetime.date.today():%Y-%m-%d}.jsonl"
    assert len(daily.read_text().splitlines()) == 12  # the second run added nothing
    # The next nights: a new day's file holds only that day's new articles.
    assert run_like_cron(jobs[1][1], tmp_path, today="2099-01-01").returncode == 0
    assert (news / "articles-2099-01-01.jsonl").read_text() == ""
    write_articles(news / "crawl", 1, start=200)
    assert run_like_cron(jobs[1][1], tmp_path, today="2099-01-02").returncode == 0
    (new,) = (news / "articles-2099-01-02.jsonl").read_text().splitlines()
    assert json.loads(new)["source"]["path"] == "crawl/part000/doc000200.txt"

    # Something breaks: now cron has something to mail, and the exit status says so.
    corrupt_gzip(news / "crawl" / "broken.txt.gz", 3)
    write_articles(news / "crawl", 1, start=100)
    broken = run_like_cron(jobs[0][1], tmp_path)
    assert broken.returncode == 1 and broken.stdout == ""
    failure, summary = broken.stderr.splitlines()
    assert failure == "newsclean: crawl/broken.txt.gz: compressed file is truncated"
    # New since the last run: doc000200 (from the daily job's test above) and doc000100.
    assert re.fullmatch(r"newsclean: 2 extracted, 12 skipped \(unchanged\), 1 failed in \d+\.\d s", summary)
    assert [json.loads(line)["source"] for line in (news / "errors.jsonl").read_text().splitlines()] == [
        "crawl/broken.txt.gz"
    ]
