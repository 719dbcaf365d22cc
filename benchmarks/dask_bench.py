"""Dask benchmark (by hand, not in CI or pytest): `newsclean dask` next to `newsclean extract`.

    python benchmarks/dask_bench.py [--docs 4000] [--partition-size 250] [--workdir DIR] [--keep]
                                    [--markdown]

Over the seed-sized documents of ``batch_bench.py`` (the five seeds, each copy made
distinct), prints documents/s of ``newsclean extract --jobs 1`` and ``--jobs 2`` (records to
/dev/null) and of ``newsclean dask --workers 1`` and ``--workers 2`` (a local cluster started
by the command, partitions written under a fresh folder), side by side:

- wall: the whole command, as a user times it (for dask: with starting the cluster);
- without start-up: the same minus the cluster start-up the command reports with ``-v``;
- per worker: documents per second of a worker's busy time, from the partitions' markers
  (``seconds`` each worker spent extracting and writing a partition).

The machine's load average is printed before and after: the figures mean little on a
machine busy with other work.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from batch_bench import write_seed_copies  # same inputs as the --jobs figures of batch_bench.py

READY = re.compile(r"Dask cluster ready in ([\d.]+) s")


@dataclass
class Figure:
    engine: str
    docs: int
    seconds: float
    startup: float | None = None  # seconds the command spent starting the local cluster
    busy: float | None = None  # worker seconds spent on partitions (from their markers)

    def row(self) -> list[str]:
        after = self.seconds - self.startup if self.startup is not None else None
        return [
            self.engine,
            f"{self.docs:,}",
            f"{self.seconds:.1f}",
            f"{self.docs / self.seconds:,.0f}",
            "-" if self.startup is None else f"{self.startup:.1f}",
            "-" if after is None else f"{self.docs / after:,.0f}",
            "-" if not self.busy else f"{self.docs / self.busy:,.0f}",
        ]


HEADER = ["engine", "docs", "wall s", "docs/s", "cluster start s", "docs/s without start", "docs/s per worker"]


def run(args: list[str], cwd: Path) -> tuple[float, str]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "newsclean", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"newsclean {' '.join(args)}: exit status {proc.returncode}\n{proc.stderr[-2000:]}")
    return seconds, proc.stderr


def busy_seconds(out: Path) -> float:
    return sum(json.loads(p.read_text())["seconds"] for p in (out / "_committed").glob("part-*.json"))


def print_table(figures: list[Figure], markdown: bool) -> None:
    rows = [HEADER, *(f.row() for f in figures)]
    if markdown:
        print("| " + " | ".join(HEADER) + " |")
        print("| --- |" + " ---: |" * (len(HEADER) - 1))
        for row in rows[1:]:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    for row in rows:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--workdir", type=Path, help="where to generate inputs (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated inputs and outputs")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsclean-dask-bench-", dir=options.workdir))
    try:
        print(f"newsclean dask benchmark, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, in {work}")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        write_seed_copies(work / "seeds", options.docs)
        figures = []
        for jobs in (1, 2):
            seconds, _ = run(["extract", "--jobs", str(jobs), "-o", "/dev/null", "seeds"], work)
            figures.append(Figure(f"newsclean extract --jobs {jobs}", options.docs, seconds))
        for workers in (1, 2):
            out = work / f"dask-{workers}"
            args = ["dask", "seeds", "--workers", str(workers), "--partition-size", str(options.partition_size)]
            seconds, stderr = run([*args, "--out-dir", out.name, "-v"], work)
            ready = READY.search(stderr)
            startup = float(ready.group(1)) if ready else None
            engine = f"newsclean dask --workers {workers}"
            figures.append(Figure(engine, options.docs, seconds, startup, busy_seconds(out)))
        print_table(figures, options.markdown)
        print(
            f"scaling 1 -> 2: extract {figures[0].seconds / figures[1].seconds:.2f}x, "
            f"dask {figures[2].seconds / figures[3].seconds:.2f}x (wall)"
        )
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        if options.keep:
            print(f"inputs and outputs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
