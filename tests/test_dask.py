"""`newsclean dask` on real Dask clusters: the same records and failures as `newsclean extract`,
a killed job resumed without redoing complete partitions, and the extra kept optional.

Dask is a test dependency (`pip install -e '.[test]'` brings the [dask] extra): without it
this module fails to import, and the run fails; it never skips. Every input is built for
real and checked after building.
"""

from __future__ import annotations

import bz2
import gzip
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dask
import distributed
import fsspec
import pytest

from batch_helpers import (
    article,
    corrupt_gzip,
    make_dangling_symlink,
    run_cli,
    text_responses,
    write_articles,
    write_warc,
)
from newsclean.batch.tasks import Failure
from newsclean.dask import ExtractSettings, Outcome, extract_bag, iter_outcomes, list_sources, local_cluster
from newsclean.dask.job import workers_problem
from newsclean.dask.outdir import JobFolder, JobFolderError, Manifest
from newsclean.options import Options

TEXT_FILES = 960
MAX_BYTES = 5_000_000
TIME_LIMIT = "0.5"  # seconds; the slow dump takes 1.2-3 s here, a normal one a few milliseconds
LIMITS = ["--max-bytes", str(MAX_BYTES), "--time-limit", TIME_LIMIT]
EXPECTED_FAILURES = {
    "crawl/odd/binary.txt": "undecodable",
    "crawl/odd/truncated.txt.gz": "corrupt_input",
    "crawl/odd/dangling.txt": "unreadable",
    "crawl/odd/huge.txt": "too_large",
    "crawl/odd/bomb.txt.gz": "too_large",
    "crawl/odd/slow.txt": "time_limit",
    "crawl/warc/big.warc.gz#4": "too_large",  # its one record over --max-bytes
    "crawl/warc/cut.warc.gz": "corrupt_input",  # truncated: the records before the cut are kept
}


def html_page(n: int) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Page {n}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Page {n} headline</h1><p>{article(6000 + n)}</p></article></body></html>"
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``crawl/``: 1,000+ mixed inputs (text, HTML, gz, bz2, web archives, broken files)."""
    root = tmp_path_factory.mktemp("dask")
    crawl = root / "crawl"
    write_articles(crawl / "text", TEXT_FILES)
    (crawl / "html").mkdir()
    for n in range(25):
        (crawl / "html" / f"page{n:02d}.html").write_text(html_page(n), encoding="utf-8")
    (crawl / "gz").mkdir()
    for n in range(20):
        (crawl / "gz" / f"g{n:02d}.txt.gz").write_bytes(gzip.compress(article(5000 + n).encode()))
    (crawl / "gz" / "b.txt.bz2").write_bytes(bz2.compress(article(5100).encode()))
    warcs = crawl / "warc"
    warcs.mkdir()
    html_records = [(f"https://news.example.org/p{n}", "text/html", html_page(100 + n).encode()) for n in range(3)]
    write_warc(warcs / "crawl-00.warc.gz", text_responses(range(7000, 7012)) + html_records)
    write_warc(warcs / "plain.warc", text_responses(range(7100, 7104)), compress=False)
    big = [*text_responses([7200]), ("https://news.example.org/big", "text/plain", b"x " * (MAX_BYTES // 2 + 10))]
    write_warc(warcs / "big.warc.gz", big, extras=False)  # records: 1 request, 2 response, 3 request, 4 response
    whole = write_warc(warcs / "cut.warc.gz", text_responses(range(7300, 7310))).read_bytes()
    (warcs / "cut.warc.gz").write_bytes(whole[: len(whole) * 2 // 3])
    odd = crawl / "odd"
    odd.mkdir()
    (odd / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4)
    (odd / "empty.txt").write_bytes(b"")
    corrupt_gzip(odd / "truncated.txt.gz", 1)
    make_dangling_symlink(odd / "dangling.txt")
    (odd / "huge.txt").write_bytes(b"word " * (MAX_BYTES // 5 + 1000))
    (odd / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (MAX_BYTES + 1)))
    (odd / "slow.txt").write_text("".join(article(n) + "\n" for n in range(9500)), encoding="utf-8")
    assert (odd / "slow.txt").stat().st_size < MAX_BYTES
    inputs = [p for p in crawl.rglob("*") if p.is_file() or p.is_symlink()]
    assert len(inputs) >= 1000, len(inputs)
    return root


@pytest.fixture(scope="module")
def cli_run(workdir: Path) -> subprocess.CompletedProcess[str]:
    """The single-machine CLI over the same input path: the reference."""
    args = ["extract", "--jobs", "2", *LIMITS, "-o", "cli.jsonl", "--errors", "cli-errors.jsonl", "crawl"]
    result = run_cli(args, cwd=workdir)
    assert result.returncode == 1, result.stderr  # some inputs fail, as they should
    errors = {e["source"]: e["error"] for e in read_json_lines(workdir / "cli-errors.jsonl")}
    assert EXPECTED_FAILURES.items() <= errors.items(), errors
    assert set(errors) == set(EXPECTED_FAILURES), errors
    return result


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """A real local cluster: 2 worker processes, as a user's existing scheduler."""
    with local_cluster(2, silence_logs=logging.ERROR) as running:
        yield running


def read_json_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def partition_lines(out: Path, kind: str) -> list[bytes]:
    return [line for part in sorted((out / kind).glob("part-*.jsonl")) for line in part.read_bytes().splitlines()]


def failure_lines(stderr: str) -> list[str]:
    """Stderr without the summary line (and the -v notes)."""
    return sorted(line for line in stderr.splitlines() if " extracted, " not in line and "Dask cluster" not in line)


def test_cluster_output_equals_the_cli(
    workdir: Path, cli_run: subprocess.CompletedProcess[str], cluster: distributed.LocalCluster
) -> None:
    with distributed.Client(cluster) as client:
        workers = client.scheduler_info()["workers"]
        pids = set(client.run(os.getpid).values())
    assert len(workers) == 2 and len(pids) == 2 and os.getpid() not in pids  # two worker processes
    args = ["dask", "crawl", "--scheduler", cluster.scheduler_address, "--out-dir", "out", *LIMITS]
    started = time.monotonic()
    result = run_cli([*args, "--partition-size", "100", "--errors", "dask-errors.jsonl"], cwd=workdir)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr

    out = workdir / "out"
    records = partition_lines(out, "records")
    cli_records = (workdir / "cli.jsonl").read_bytes().splitlines()
    assert len(records) == len(set(records)) and len(cli_records) > 1000
    assert sorted(records) == sorted(cli_records)  # record for record, byte for byte
    cli_errors = (workdir / "cli-errors.jsonl").read_bytes().splitlines()
    assert sorted((workdir / "dask-errors.jsonl").read_bytes().splitlines()) == sorted(cli_errors)
    assert sorted(partition_lines(out, "errors")) == sorted(cli_errors)
    assert failure_lines(result.stderr) == failure_lines(cli_run.stderr)  # stderr: the same lines

    manifest = json.loads((out / "_manifest.json").read_text())
    archives = 4  # a partition each
    assert manifest["partitions"] == -(-(manifest["inputs"] - archives) // 100) + archives
    assert len(list((out / "_committed").glob("part-*.json"))) == manifest["partitions"]
    assert json.loads((out / "_SUCCESS").read_text())["records"] == len(records)
    assert list((out / "_tmp").iterdir()) == []
    print(f"dask run over {manifest['inputs']:,} inputs: {elapsed:.1f} s")

    # Run again: every partition is complete, nothing is extracted, no cluster is needed.
    again = run_cli([*args, "--partition-size", "100", "-v"], cwd=workdir)
    assert again.returncode == 0, again.stderr
    assert "0 extracted" in again.stderr and "Dask cluster" not in again.stderr
    # Another job in the same folder is refused (here: other partitions), before any cluster starts.
    other = run_cli([*args, "--partition-size", "50"], cwd=workdir)
    assert other.returncode == 3
    assert "holds the partitions of another job (changed: partition size 100 -> 50)" in other.stderr


def test_bag_of_outcomes(
    workdir: Path, cli_run: subprocess.CompletedProcess[str], cluster: distributed.LocalCluster
) -> None:
    sources = [str(workdir / "crawl" / "html"), str(workdir / "crawl" / "warc" / "crawl-00.warc.gz")]
    settings = ExtractSettings(options=Options(max_bytes=MAX_BYTES), time_limit=float(TIME_LIMIT))
    with distributed.Client(cluster):
        bag = extract_bag(sources, settings, partition_size=10)
        assert bag.npartitions == 4  # 25 pages by 10, and the archive
        got = bag.filter(lambda o: o.record is not None).map(Outcome.as_dict).compute()
    cli = [json.loads(line) for line in (workdir / "cli.jsonl").read_bytes().splitlines()]
    wanted = sorted(
        r["source"]["path"] for r in cli if "/html/" in r["source"]["path"] or "crawl-00" in r["source"]["path"]
    )
    assert len(wanted) == 25 + 15
    assert sorted(r["source"]["path"].split("crawl/", 1)[1] for r in got) == sorted(
        w.split("crawl/", 1)[1] for w in wanted
    )


def committed(out: Path) -> dict[str, tuple[int, int]]:
    """The complete partitions' files: name -> (inode, mtime in ns)."""
    found = {}
    for marker in (out / "_committed").glob("part-*.json"):
        for path in (marker, out / "records" / f"{marker.stem}.jsonl", out / "errors" / f"{marker.stem}.jsonl"):
            st = path.stat()
            found[str(path.relative_to(out))] = (st.st_ino, st.st_mtime_ns)
    return found


def lingering(marker: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"NEWSCLEAN_DASK_TEST={marker}".encode() in (entry / "environ").read_bytes():
                    found.append(entry.name)
            except OSError:
                continue
    return found


def test_killed_job_resumes_without_redoing_complete_partitions(
    workdir: Path, cli_run: subprocess.CompletedProcess[str]
) -> None:
    marker = f"{os.getpid()}-{time.monotonic_ns()}"
    env = {**os.environ, "NEWSCLEAN_DASK_TEST": marker}
    args = ["dask", "crawl", "--workers", "2", "--partition-size", "25", "--out-dir", "resumed", *LIMITS]
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsclean", *args],
        cwd=workdir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the local cluster goes with it
    )
    out = workdir / "resumed"
    deadline = time.monotonic() + 120
    try:
        while not (out / "_committed").is_dir() or not committed(out):
            assert proc.poll() is None, "the job ended before it could be killed"
            assert time.monotonic() < deadline, "no partition complete within 120 s"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    before = committed(out)
    partitions = json.loads((out / "_manifest.json").read_text())["partitions"]
    assert 0 < len(before) // 3 < partitions, (len(before), partitions)
    print(f"killed with {len(before) // 3} of {partitions} partitions complete")
    deadline = time.monotonic() + 15
    while lingering(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert lingering(marker) == []  # no worker was left running

    rerun = run_cli([*args, "--errors", "resumed-errors.jsonl", "-v"], cwd=workdir, env=env)
    assert rerun.returncode in (0, 1), rerun.stderr
    assert f"{len(before) // 3} of {partitions} partitions were complete already" in rerun.stderr
    after = committed(out)
    assert {name: after[name] for name in before} == before  # not written again
    assert len(after) == 3 * partitions and (out / "_SUCCESS").exists()
    records = partition_lines(out, "records")
    assert len(records) == len(set(records))  # no duplicates
    assert sorted(records) == sorted((workdir / "cli.jsonl").read_bytes().splitlines())  # nothing lost
    cli_errors = sorted((workdir / "cli-errors.jsonl").read_bytes().splitlines())
    assert sorted((workdir / "resumed-errors.jsonl").read_bytes().splitlines()) == cli_errors
    assert list((out / "_tmp").iterdir()) == []


def test_remote_inputs_read_like_local_ones(workdir: Path) -> None:
    """An fsspec URL (here memory://) gives the records and failures of the same local files."""
    names = ["text/part000/doc000001.txt", "gz/g01.txt.gz", "odd/binary.txt", "odd/huge.txt", "warc/cut.warc.gz"]
    fs = fsspec.filesystem("memory")
    for name in names:
        fs.pipe(f"/nc-test/{name}", (workdir / "crawl" / name).read_bytes())
    settings = ExtractSettings(options=Options(max_bytes=MAX_BYTES), time_limit=float(TIME_LIMIT))
    local = list_sources([str(workdir / "crawl" / name) for name in names])
    remote = list_sources(["memory:///nc-test/"])
    assert [s.path for s in remote] == [f"memory:///nc-test/{name}" for name in sorted(names)]
    assert all(s.remote for s in remote)

    def described(outcomes: list[Outcome], prefix: str) -> list[str]:
        return sorted(json.dumps(o.as_dict(), sort_keys=True).replace(prefix, "<root>") for o in outcomes)

    got_local = described(list(iter_outcomes(local, settings)), f"{workdir}/crawl/")
    got_remote = described(list(iter_outcomes(remote, settings)), "memory:///nc-test/")
    assert got_remote == got_local
    errors = sorted(json.loads(d)["error"] for d in got_remote if '"error": ' in d)
    assert errors == ["corrupt_input", "too_large", "undecodable"]
    assert len(got_remote) > 3 + 3  # two files' records, the archive's before its cut, three failures
    fs.rm("/nc-test", recursive=True)


def test_job_folder_takes_only_its_own_job(tmp_path: Path) -> None:
    manifest = Manifest("0.1.0", {"max_bytes": 10}, 3, "abc", 2, 2)
    folder = JobFolder(str(tmp_path / "out"))
    assert folder.prepare(manifest) == {}
    outcomes = [Outcome(record=b'{"a": 1}'), Outcome(failure=Failure("x.txt", "undecodable", "binary"))]
    result = folder.write(0, manifest.fingerprint, 2, outcomes)
    assert (result.done.records, result.done.failures) == (1, 1)
    assert result.failures == (Failure("x.txt", "undecodable", "binary"),)
    assert set(folder.prepare(manifest)) == {0}
    # A partition whose file does not match its marker is not complete.
    (tmp_path / "out" / "records" / "part-00000.jsonl").write_bytes(b'{"a": 1}\n{"a"')
    assert folder.committed(manifest) == {}
    changed = Manifest("0.1.0", {"max_bytes": 20}, 4, "abd", 2, 2)
    with pytest.raises(JobFolderError, match=r"changed: max_bytes 10 -> 20; the input list \(3 -> 4 inputs\)"):
        folder.prepare(changed)
    assert folder.prepare(changed, overwrite=True) == {}
    assert not (tmp_path / "out" / "records" / "part-00000.jsonl").exists()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(JobFolderError, match="not a newsclean job's"):
        JobFolder(str(tmp_path / "mine")).prepare(manifest, overwrite=True)
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_partitions_are_a_function_of_the_sorted_inputs(workdir: Path) -> None:
    from newsclean.dask import partition

    sources = list_sources(
        [str(workdir / "crawl" / "warc"), str(workdir / "crawl" / "gz"), str(workdir / "crawl" / "gz")]
    )
    assert [s.path for s in sources] == sorted({s.path for s in sources})  # sorted, each once
    parts = partition(sources, 8)
    assert [len(p) for p in parts] == [8, 8, 5, 1, 1, 1, 1]  # 21 gz/bz2 files by 8, then an archive each
    assert partition(list_sources([str(workdir / "crawl" / "gz"), str(workdir / "crawl" / "warc")]), 8) == parts


def test_daemonic_workers_are_told_how_to_fix_it() -> None:
    from newsclean import __version__

    problem = workers_problem({"tcp://a:1": (True, __version__), "tcp://b:1": (False, __version__)})
    assert problem is not None and "DASK_DISTRIBUTED__WORKER__DAEMON=False" in problem
    assert "0.0.1" in (workers_problem({"tcp://a:1": (False, "0.0.1")}) or "")
    assert workers_problem({"tcp://a:1": (False, __version__)}) is None


BLOCK_DASK = "import sys\nfor name in ('dask', 'distributed', 'fsspec'):\n    sys.modules[name] = None\n"


def test_the_extra_stays_optional(tmp_path: Path) -> None:
    # Importing newsclean and its CLI imports no Dask.
    code = (
        "import sys, newsclean, newsclean.cli\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'distributed'}))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
    # Without Dask installed, --help works and lists the command; running it says what to install.
    main = "from newsclean.cli import main\nsys.argv = ['newsclean', *sys.argv[1:]]\nmain()\n"
    helped = subprocess.run([sys.executable, "-c", BLOCK_DASK + main, "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "dask " in helped.stdout, helped.stderr
    helped = subprocess.run([sys.executable, "-c", BLOCK_DASK + main, "dask", "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "--scheduler" in helped.stdout, helped.stderr
    ran = subprocess.run(
        [sys.executable, "-c", BLOCK_DASK + main, "dask", str(tmp_path), "--out-dir", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 3
    assert "pip install 'newsclean[dask]'" in ran.stderr
    assert dask.__version__ and distributed.__version__  # and here, where the tests run, they are installed
