"""Batch benchmark (by hand, not in CI or pytest): `newsclean extract` as a user runs it.

    python benchmarks/batch_bench.py [--speed-docs 6000] [--small 10000] [--large 100000]
                                     [--workdir DIR] [--keep]

Prints
1. documents/s at --jobs 1 and --jobs 2 over --speed-docs seed-sized documents (the five
   seeds, each copy made distinct), stdout to /dev/null, and the scaling between the two;
2. peak RSS (the newsclean process, and its whole process tree: runner, fork server,
   workers) over --small and then --large generated inputs (small synthetic articles, 250
   a folder), run with --jobs 2 --state -o FILE, and the ratio of the two;
3. the time of a no-op rerun with --state over the --large unchanged inputs;
4. site templates: for each --templates folder (default: the sites dev set's text and html
   folders beside the project, ../shared/data/sites/{text,html}, where present), wall time,
   docs/s and peak RSS of a plain run and of a --learn-templates run (--jobs 1 and 2,
   -o /dev/null), their ratio, and the size of the learned profiles in a --state file.
   --templates-only runs just this part.

Memory is sampled from /proc every 0.1 s, so this runs on Linux.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SITES = ROOT.parent / "shared" / "data" / "sites"
WORDS = ["council", "river", "budget", "minister", "court", "bridge", "school", "harbour", "election", "railway"]


@dataclass
class RunFigures:
    seconds: float
    status: int
    main_peak_mb: float
    tree_peak_mb: float
    cpu_seconds: float  # user + system of the whole process tree (sampled: a lower bound)
    runner_cpu_seconds: float  # of the newsclean process itself (walking, dispatch, output, state)
    # Summed PSS: a page shared by the fork server and the workers it forked counts once (RSS
    # counts it in every process); what the run costs the machine.
    tree_pss_peak_mb: float = 0.0


def write_seed_copies(folder: Path, count: int) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    for n in range(count):
        sub = folder / f"s{n // 500:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"seed{n:07d}.txt").write_text(seeds[n % len(seeds)] + f"\nCopy {n}.\n", encoding="utf-8")


def write_small_articles(folder: Path, start: int, stop: int) -> None:
    for n in range(start, stop):
        rng = random.Random(n)
        sub = folder / f"p{n // 250:05d}"
        sub.mkdir(parents=True, exist_ok=True)
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        text = (
            f"Officials review the {rng.choice(WORDS)} plan, case {n}\n\n"
            f"BERLIN (dpa) — The {rng.choice(WORDS)} committee met on Tuesday and talked about {words}, "
            "officials said after a long meeting.\n\n"
            f"They said the {rng.choice(WORDS)} decision would be reviewed next year by the members.\n"
        )
        (sub / f"a{n:07d}.txt").write_text(text, encoding="utf-8")


def run(args: list[str], cwd: Path) -> RunFigures:
    """Run newsclean, sampling the RSS of it and of its descendants."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsclean", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    main_peak = tree_peak = tree_pss_peak = 0
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        pids = _tree(proc.pid)
        rss = {pid: _rss_kb(pid) for pid in pids}
        cpu.update({pid: t for pid in pids if (t := _cpu_seconds(pid)) is not None})
        main_peak = max(main_peak, rss.get(proc.pid, 0), _hwm_kb(proc.pid))
        tree_peak = max(tree_peak, sum(rss.values()))
        tree_pss_peak = max(tree_pss_peak, sum(_pss_kb(pid) for pid in pids))
        time.sleep(0.1)
    seconds = time.monotonic() - started
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        print(f"  (exit status {proc.returncode}: {stderr.strip()[:300]})")
    return RunFigures(
        seconds,
        proc.returncode,
        main_peak / 1024,
        tree_peak / 1024,
        sum(cpu.values()),
        cpu.get(proc.pid, 0.0),
        tree_pss_peak / 1024,
    )


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    """Proportional set size: the process's private pages plus its share of shared ones."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kb(pid: int) -> int:
    return _status_kb(pid, "VmRSS")


def _hwm_kb(pid: int) -> int:
    return _status_kb(pid, "VmHWM")


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def templates_phase(folders: list[Path], work: Path) -> None:
    """Plain and --learn-templates runs over the same inputs, and the profiles' size."""
    for folder in folders:
        docs = count_files(folder)
        print(f"templates: {folder} ({docs:,} inputs)")
        for jobs in (1, 2):
            plain = run(["extract", "--jobs", str(jobs), "-o", "/dev/null", str(folder)], work)
            learned = run(["extract", "--jobs", str(jobs), "--learn-templates", "-o", "/dev/null", str(folder)], work)
            for name, figures in (("plain", plain), ("--learn-templates", learned)):
                print(
                    f"  --jobs {jobs} {name}: {figures.seconds:.2f} s = {docs / figures.seconds:,.0f} docs/s; "
                    f"peak RSS {figures.main_peak_mb:.0f} MB runner, {figures.tree_peak_mb:.0f} MB in all"
                )
            print(f"  --jobs {jobs} ratio --learn-templates / plain: {learned.seconds / plain.seconds:.2f}x")
        state = work / f"templates-{folder.name}.state"
        learn = ["--learn-templates", "--state", str(state)]
        run(["extract", "--jobs", "2", *learn, "-o", "/dev/null", str(folder)], work)
        print(f"  learned profiles: {profile_size(state)}")


def profile_size(state: Path) -> str:
    with contextlib.closing(sqlite3.connect(state)) as db:
        sites, stored = db.execute("SELECT count(*), sum(length(profile)) FROM template_sites").fetchone()
        pages = db.execute("SELECT count(*) FROM template_pages").fetchone()[0]
    return (
        f"{sites} sites, {stored or 0:,} bytes of stored profiles (zlib JSON, all keys) = "
        f"{(stored or 0) / max(sites, 1):,.0f} bytes a site; {pages} pages recorded as learned"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # 6,000: at 2,000 the workers' start-up (fork server, models loaded) is a tenth of the
    # --jobs 2 run and the scaling read 1.76x; at 6,000 it read 1.97x on the same quiet machine.
    parser.add_argument("--speed-docs", type=int, default=6000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, help="where to generate inputs (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated inputs")
    parser.add_argument(
        "--templates",
        type=Path,
        action="append",
        metavar="DIR",
        help="inputs for the templates part (repeatable; default: ../shared/data/sites/text and html)",
    )
    parser.add_argument("--templates-only", action="store_true", help="run only the templates part")
    options = parser.parse_args()
    template_dirs = options.templates or [d for d in (SITES / "text", SITES / "html") if d.is_dir()]
    work = Path(tempfile.mkdtemp(prefix="newsclean-batch-bench-", dir=options.workdir))
    try:
        print(f"newsclean batch benchmark, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, in {work}")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        if options.templates_only:
            templates_phase([d.resolve() for d in template_dirs], work)
            return

        write_seed_copies(work / "seeds", options.speed_docs)
        speeds = {}
        for jobs in (1, 2):
            figures = run(["extract", "--jobs", str(jobs), "-o", "/dev/null", "seeds"], work)
            speeds[jobs] = options.speed_docs / figures.seconds
            print(
                f"--jobs {jobs}: {options.speed_docs:,} seed documents in {figures.seconds:.1f} s = "
                f"{speeds[jobs]:,.0f} docs/s; {figures.cpu_seconds:.1f} CPU s in all processes "
                f"({options.speed_docs / figures.cpu_seconds:,.0f} docs per CPU second), "
                f"{figures.runner_cpu_seconds:.1f} of them in the runner; peak RSS "
                f"{figures.main_peak_mb:.0f} MB runner, {figures.tree_peak_mb:.0f} MB in all"
            )
        print(f"scaling 1 -> 2 jobs: {speeds[2] / speeds[1]:.2f}x")

        peaks = {}
        generated = 0
        for count in (options.small, options.large):
            write_small_articles(work / "many", generated, count)
            generated = count
            args = ["extract", "--jobs", "2", "--state", f"many{count}.state", "-o", f"many{count}.jsonl", "many"]
            figures = run(args, work)
            peaks[count] = figures
            print(
                f"{count:,} inputs (--jobs 2 --state -o FILE): {figures.seconds:.1f} s "
                f"({count / figures.seconds:,.0f} docs/s), peak RSS "
                f"{figures.main_peak_mb:.1f} MB runner, {figures.tree_peak_mb:.1f} MB in all"
            )
        small, large = peaks[options.small], peaks[options.large]
        print(
            f"peak RSS {options.large:,} vs {options.small:,}: runner {large.main_peak_mb / small.main_peak_mb:.2f}x, "
            f"all processes {large.tree_peak_mb / small.tree_peak_mb:.2f}x"
        )

        large_args = ["--state", f"many{options.large}.state", "-o", f"many{options.large}.jsonl"]
        figures = run(["extract", "--jobs", "2", *large_args, "many"], work)
        print(
            f"no-op rerun with --state over {options.large:,} unchanged inputs: {figures.seconds:.1f} s "
            f"(peak RSS {figures.main_peak_mb:.1f} MB)"
        )
        templates_phase([d.resolve() for d in template_dirs], work)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        if options.keep:
            print(f"inputs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
