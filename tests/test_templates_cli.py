"""`newsclean extract --learn-templates`, its state, `templates show/list` and `explain`."""

from __future__ import annotations

import contextlib
import gzip
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner, Result

from batch_helpers import run_cli, tree, write_warc
from newsclean.cli import cli

TOPICS = ("harbour", "railway", "library", "hospital", "stadium", "school", "market", "bridge", "museum", "airport")
# Single-page mode keeps this in the body (a sentence like the article's); the template drops it.
PROMO = "Subscribe to our daily newsletter and get the best stories of the day delivered to your inbox every morning."


def page(n: int) -> str:
    """A page of one site: the site's menu, share bar and footer around an article of its own."""
    topic = TOPICS[n % len(TOPICS)]
    lines = [
        "Home | World | Business | Sport | Culture",
        "Search",
        "",
        f"City council approves new {topic} plan after long debate",
        "",
        f"By Staff Reporter {n}",
        "",
        f"The city council on Tuesday approved a plan to rebuild the {topic}, after a debate of {n + 3} months.",
        "",
        f"Officials said the work on the {topic} would start in spring and cost about {n * 7 + 12} million euros.",
        "",
        PROMO,
        "",
        f"Residents near the {topic} told reporters they welcomed the decision but worried about noise and traffic.",
        "",
        f"The opposition said the {topic} budget was too high and asked for an independent review before signing.",
        "",
        "Share this article",
        "Facebook",
        "Twitter",
        "",
        "About us | Contact | Privacy policy",
        "Copyright The Daily Example",
    ]
    return "\n".join(lines) + "\n"


def write_site(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"page{n:02d}.txt"
        path.write_text(page(n), encoding="utf-8")
        paths.append(path)
    return paths


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [*map(str, args)])


def extract(*args: str | Path) -> Result:
    return run("extract", "-j", "1", *args)


def records(output: str) -> dict[str, str]:
    """Each record's JSON line, by source path."""
    return {json.loads(line)["source"]["path"]: line for line in output.splitlines()}


def body(line: str) -> str:
    text: str = json.loads(line)["body"]
    return text


def test_nine_pages_learned_in_the_state_give_the_tenth_its_ten_page_record(tmp_path: Path) -> None:
    pages = write_site(tmp_path / "site", 10)
    batch = extract("--learn-templates", tmp_path / "site")
    assert batch.exit_code == 0, batch.output
    state = tmp_path / "state.sqlite"
    first = extract("--learn-templates", "--state", state, *pages[:9])
    assert first.exit_code == 0 and len(first.stdout.splitlines()) == 9
    alone = extract("--learn-templates", "--state", state, pages[9])
    assert alone.exit_code == 0
    assert alone.stdout.splitlines() == [records(batch.stdout)[str(pages[9])]]
    assert PROMO not in body(alone.stdout)


def test_the_learned_template_drops_a_repeated_promo_line(tmp_path: Path) -> None:
    write_site(tmp_path / "site", 5)
    plain = records(extract(tmp_path / "site").stdout)
    learned = records(extract("--learn-templates", tmp_path / "site").stdout)
    assert plain.keys() == learned.keys() and len(plain) == 5
    for path in plain:
        assert PROMO in body(plain[path])  # single-page mode keeps it
        assert PROMO not in body(learned[path])
        assert "The opposition said" in body(learned[path])  # the article stays


def test_web_archive_records_are_grouped_by_their_host(tmp_path: Path) -> None:
    # Two archives of one site (www. and an archive.org copy count as the same host).
    urls = [f"https://www.daily.example/news/{n}" for n in range(3)]
    urls += [f"https://web.archive.org/web/20240101000000/https://daily.example/news/{n}" for n in range(3, 6)]
    responses = [(url, "text/plain; charset=utf-8", page(n).encode()) for n, url in enumerate(urls)]
    write_warc(tmp_path / "a.warc.gz", responses[:3])
    write_warc(tmp_path / "b.warc.gz", responses[3:])
    state = tmp_path / "state.sqlite"
    learned = extract("--learn-templates", "--state", state, tmp_path / "a.warc.gz", tmp_path / "b.warc.gz")
    assert learned.exit_code == 0
    bodies = [json.loads(line)["body"] for line in learned.stdout.splitlines()]
    assert len(bodies) == 6 and not [b for b in bodies if PROMO in b]
    assert run("templates", "list", "--state", state).output == "host:daily.example  6 pages\n"
    by_folder = extract("--learn-templates", "--group-by", "folder", tmp_path / "a.warc.gz")
    assert by_folder.stdout == extract(tmp_path / "a.warc.gz").stdout  # 3 pages: below the minimum


def test_a_group_below_four_pages_and_group_by_none_give_single_page_records(tmp_path: Path) -> None:
    write_site(tmp_path / "small", 3)
    plain = extract(tmp_path / "small")
    assert extract("--learn-templates", tmp_path / "small").stdout == plain.stdout
    write_site(tmp_path / "big", 5)
    plain = extract(tmp_path / "big")
    assert extract("--learn-templates", "--group-by", "none", tmp_path / "big").stdout == plain.stdout


def test_group_by_without_learn_templates_is_a_usage_error(tmp_path: Path) -> None:
    result = extract("--group-by", "host", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: --group-by only means something with --learn-templates"


def stored_counts(state: Path) -> tuple[list[tuple[str, float]], int]:
    with sqlite3.connect(state) as db:
        sites = db.execute("SELECT site, pages FROM template_sites ORDER BY site").fetchall()
        learned = db.execute("SELECT count(*) FROM template_pages").fetchone()[0]
    return sites, learned


def test_a_state_rerun_skips_unchanged_inputs_and_counts_each_page_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, 5)
    state = tmp_path / "state.sqlite"
    assert extract("--learn-templates", "--state", state, site).exit_code == 0
    assert stored_counts(state) == ([(f"folder:{site}", 5.0)], 5)
    rerun = extract("--learn-templates", "--state", state, "-v", site)
    assert rerun.stdout == ""
    assert "0 extracted, 5 skipped (unchanged)" in rerun.stderr
    forced = extract("--learn-templates", "--state", state, "--force", site)
    assert len(forced.stdout.splitlines()) == 5
    assert stored_counts(state) == ([(f"folder:{site}", 5.0)], 5)  # re-extracted, not learned twice
    (site / "page05.txt").write_text(page(5), encoding="utf-8")
    added = extract("--learn-templates", "--state", state, site)
    assert list(records(added.stdout)) == [str(site / "page05.txt")]
    assert stored_counts(state) == ([(f"folder:{site}", 6.0)], 6)


def test_learning_templates_is_part_of_the_state_fingerprint(tmp_path: Path) -> None:
    write_site(tmp_path / "site", 4)
    state = tmp_path / "state.sqlite"
    assert len(extract("--state", state, tmp_path / "site").stdout.splitlines()) == 4
    assert len(extract("--learn-templates", "--state", state, tmp_path / "site").stdout.splitlines()) == 4
    assert extract("--learn-templates", "--state", state, tmp_path / "site").stdout == ""
    switched = extract("--learn-templates", "--group-by", "none", "--state", state, tmp_path / "site")
    assert len(switched.stdout.splitlines()) == 4


def test_templates_list_and_show(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, 4)
    state = tmp_path / "state.sqlite"
    extract("--learn-templates", "--state", state, site)
    listed = run("templates", "list", "--state", state)
    assert (listed.exit_code, listed.output) == (0, f"folder:{site}  4 pages\n")
    shown = run("templates", "show", str(site), "--state", state)
    assert shown.exit_code == 0
    assert shown.output == (
        f"folder:{site}: 4 pages, 9 lines on 2 or more\n"
        "       4  About us | Contact | Privacy policy\n"
        "       4  By Staff Reporter 1\n"
        "       4  Copyright The Daily Example\n"
        "       4  Facebook\n"
        "       4  Home | World | Business | Sport | Culture\n"
        "       4  Search\n"
        "       4  Share this article\n"
        f"       4  {PROMO}\n"
        "       4  Twitter\n"
    )
    as_json = run("templates", "show", f"folder:{site}", "--state", state, "--json", "--min-pages", "4")
    assert json.loads(as_json.output)["lines"][0] == {"line": "About us | Contact | Privacy policy", "pages": 4.0}


def test_templates_show_an_unknown_site_or_state(tmp_path: Path) -> None:
    write_site(tmp_path / "site", 4)
    state = tmp_path / "state.sqlite"
    extract("--learn-templates", "--state", state, tmp_path / "site")
    unknown = run("templates", "show", "https://www.example.com/news/1", "--state", state)
    assert unknown.exit_code == 1
    message = f"no template learned for host:example.com in {state} (see newsclean templates list)"
    assert unknown.output == f"Error: {message}\n"
    missing = run("templates", "list", "--state", tmp_path / "nothing.sqlite")
    assert (missing.exit_code, missing.output) == (1, f"Error: {tmp_path / 'nothing.sqlite'}: no such state file\n")
    bare = tmp_path / "plain.sqlite"
    extract("--state", bare, tmp_path / "site")
    empty = run("templates", "list", "--state", bare)
    assert empty.exit_code == 1
    assert empty.output == f"Error: no site templates learned in {bare} (extract --learn-templates --state)\n"


def test_a_corrupt_input_among_template_inputs_fails_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, 5)
    (site / "broken.txt.gz").write_bytes(gzip.compress(page(9).encode())[:40])
    errors = tmp_path / "errors.jsonl"
    result = extract("--learn-templates", "--errors", errors, site)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 5
    failures = [line for line in result.stderr.splitlines() if "broken.txt.gz" in line]
    assert len(failures) == 1 and failures[0].startswith(f"newsclean: {site / 'broken.txt.gz'}: ")
    listed = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert [(f["source"], f["error"]) for f in listed] == [(str(site / "broken.txt.gz"), "corrupt_input")]


def test_explain_shows_the_template_evidence(tmp_path: Path) -> None:
    pages = write_site(tmp_path / "site", 5)
    plain = run("explain", "--no-color", pages[2])
    assert "repeats on" not in plain.output
    learned = run("explain", "--no-color", "--learn-from", tmp_path / "site", pages[2])
    assert learned.exit_code == 0
    assert "↳ boilerplate: repeats on 5 of 5 pages of this site" in learned.output
    state = tmp_path / "state.sqlite"
    extract("--learn-templates", "--state", state, *pages[:4])
    # The state learned 4 pages: a fifth is counted as extract would count it, a learned one is not.
    stored = run("explain", "--no-color", "--state", state, pages[4])
    assert stored.exit_code == 0
    assert "↳ boilerplate: repeats on 5 of 5 pages of this site" in stored.output
    again = run("explain", "--no-color", "--state", state, pages[0])
    assert "↳ boilerplate: repeats on 4 of 4 pages of this site" in again.output


def test_explain_group_by_needs_a_template_source(tmp_path: Path) -> None:
    pages = write_site(tmp_path / "site", 1)
    result = run("explain", "--group-by", "folder", pages[0])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: --group-by only means something with --state or --learn-from"


def learned_pages(state: Path) -> int:
    """Pages a running batch has committed as learned (0 while none or unreadable)."""
    if not state.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=0.1)) as db:
            return int(db.execute("SELECT count(*) FROM template_pages").fetchone()[0])
    except sqlite3.Error:
        return 0


def outputs(folder: Path) -> int:
    """Records published under ``folder`` (temporary files, renamed any moment, not counted)."""
    try:
        return sum(1 for _ in folder.rglob("*.json"))
    except FileNotFoundError:  # not made yet, or a temporary folder went away while listed
        return 0


def test_a_run_killed_after_learning_resumes_to_the_clean_records(tmp_path: Path) -> None:
    for n in range(20):
        write_site(tmp_path / "in" / f"site{n:02d}", 10)

    def args(name: str) -> list[str]:
        return ["extract", "-j", "1", "--learn-templates", "--state", f"{name}.state", "--out-dir", f"{name}-out", "in"]

    clean = run_cli(args("clean"), cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsclean", *args("resumed")],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    # Killed in the second pass: the profiles are committed, some records written.
    while learned_pages(tmp_path / "resumed.state") == 0 or not outputs(tmp_path / "resumed-out"):
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "no outputs within 60 s"
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert 0 < outputs(tmp_path / "resumed-out") < 200
    resumed = run_cli(args("resumed"), cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert tree(tmp_path / "resumed-out") == tree(tmp_path / "clean-out")
    assert stored_counts(tmp_path / "resumed.state")[1] == 200
    assert stored_counts(tmp_path / "resumed.state")[0] == stored_counts(tmp_path / "clean.state")[0]
