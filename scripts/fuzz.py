"""A long fuzz run: the property of tests/test_fuzz.py on as many generated inputs as asked.

    python scripts/fuzz.py [--examples 100000] [--jobs 2] [--seed 0] [--chunk 2000]
                           [--kinds text,html,mutated-text,mutated-html,any] [--out DIR]

Each job runs hypothesis (generation only: no shrinking, no example database) over the
strategies of ``tests/badinput/strategies.py`` in chunks of ``--chunk`` inputs, one kind at a
time in turn, each chunk with its own seed. Every input goes through ``newsclean.extract``
(a tenth with ``Options(explain=True)``, a tenth with the format forced); an *escape* is an
exception other than ``NewscleanError``, a record the schema refuses or that cannot be written
as UTF-8 JSON, or a time over the bound (5 s + 50 us per byte, or a hang stopped after 60 s).
The run goes on after an escape: each is written to ``DIR/escapes.jsonl`` with its input as
``DIR/<sha1>.bin``, to replay with ``newsclean.extract(open(path, "rb").read())``.

Prints the count of inputs run per kind, records, refusals and escapes; exits 1 on any escape.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import signal
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

KINDS = ("text", "html", "mutated-text", "mutated-html", "any")
HANG_SECONDS = 60


class Hang(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise Hang


def fuzz_job(job: int, examples: int, seed: int, chunk: int, kinds: list[str], out: str) -> dict[str, Any]:
    """Run ``examples`` inputs; return the counts and the escapes found."""
    warnings.simplefilter("ignore")
    from badinput import strategies as fz  # after sys.path is set, in the worker
    from newsclean import extract
    from newsclean.options import Options

    explain = Options(explain=True)
    extract(b"A headline\n\nBERLIN (dpa) - A first paragraph, officials said.\n")  # load models before timing
    signal.signal(signal.SIGALRM, _on_alarm)
    counts: Counter[str] = Counter()
    escapes: list[dict[str, Any]] = []
    slowest = {"seconds_per_kb": 0.0, "seconds": 0.0, "bytes": 0}
    out_dir = Path(out)
    started = time.monotonic()

    def run_one(kind: str, data: bytes, fmt: str | None, use_explain: bool) -> None:
        counts[kind] += 1
        signal.alarm(HANG_SECONDS)
        try:
            outcome = fz.check_input(
                data, fmt, (lambda d, format: extract(d, format=format, options=explain)) if use_explain else extract
            )
            detail, what = outcome.detail, outcome.kind
            seconds = outcome.seconds
        except Hang:
            detail, what, seconds = f"hang: no result after {HANG_SECONDS} s", "escape", float(HANG_SECONDS)
        except Exception as exc:  # the finding itself: recorded, and the run goes on
            detail = f"{type(exc).__name__}: {exc}\n" + "".join(traceback.format_exc().splitlines(True)[-12:])
            what, seconds = "escape", 0.0
        finally:
            signal.alarm(0)
        counts[what] += 1
        if len(data) >= 1000 and seconds / (len(data) / 1000) > slowest["seconds_per_kb"]:
            slowest.update(seconds_per_kb=seconds / (len(data) / 1000), seconds=seconds, bytes=len(data))
        if what == "escape":
            digest = hashlib.sha1(data).hexdigest()
            (out_dir / f"{digest}.bin").write_bytes(data)
            finding = {"kind": kind, "format": fmt, "explain": use_explain, "input": f"{digest}.bin", "detail": detail}
            escapes.append(finding)
            with open(out_dir / "escapes.jsonl", "a", encoding="utf-8") as fh:
                fh.write(json.dumps(finding, ensure_ascii=False) + "\n")
            print(f"[job {job}] ESCAPE ({kind}): {detail.splitlines()[0]}", file=sys.stderr, flush=True)

    done = 0
    number = 0
    while done < examples:
        kind = kinds[number % len(kinds)]
        size = min(chunk, examples - done)
        chunk_seed = seed * 1_000_003 + job * 10_007 + number

        body = _chunk(run_one, kind, fz.KINDS[kind], size, chunk_seed)
        before = sum(counts[k] for k in KINDS)
        body()
        done += sum(counts[k] for k in KINDS) - before
        number += 1
        rate = done / max(time.monotonic() - started, 1e-9)
        print(
            f"[job {job}] {done:,}/{examples:,} inputs, {counts['escape']} escapes, {rate:.0f}/s",
            file=sys.stderr,
            flush=True,
        )
    return {"counts": dict(counts), "escapes": escapes, "slowest": slowest, "seconds": time.monotonic() - started}


def _chunk(run_one: Any, kind: str, strategy: Any, size: int, chunk_seed: int) -> Any:
    """A hypothesis test over ``size`` inputs of ``strategy`` that records instead of failing."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    @hypothesis_seed(chunk_seed)
    @settings(
        max_examples=size,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy, st.integers(0, 19))
    def body(data: bytes, variant: int) -> None:
        fmt = ("text", "html")[variant % 2] if variant < 2 else None
        run_one(kind, data, fmt, variant in (2, 3))

    return body


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=100_000, help="inputs to run in all (100,000)")
    ap.add_argument("--jobs", type=int, default=2, help="processes (2)")
    ap.add_argument("--seed", type=int, default=0, help="a different seed, different inputs (0)")
    ap.add_argument("--chunk", type=int, default=2000, help="inputs per hypothesis run (2,000)")
    ap.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of {', '.join(KINDS)}")
    ap.add_argument("--out", type=Path, default=Path("fuzz-findings"), help="where escapes go (fuzz-findings/)")
    args = ap.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if not kinds or any(k not in KINDS for k in kinds):
        ap.error(f"--kinds: choose from {', '.join(KINDS)}")
    args.out.mkdir(parents=True, exist_ok=True)
    shares = [args.examples // args.jobs + (1 if j < args.examples % args.jobs else 0) for j in range(args.jobs)]
    started = time.monotonic()
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        results = pool.starmap(
            fuzz_job, [(j, n, args.seed, args.chunk, kinds, str(args.out)) for j, n in enumerate(shares)]
        )
    counts: Counter[str] = Counter()
    for result in results:
        counts.update(result["counts"])
    escapes = [e for r in results for e in r["escapes"]]
    slowest = max((r["slowest"] for r in results), key=lambda s: s["seconds_per_kb"])
    total = sum(counts[k] for k in KINDS)
    print(f"fuzz: {total:,} inputs in {time.monotonic() - started:.0f} s with {args.jobs} jobs, seed {args.seed}")
    print("  by kind: " + ", ".join(f"{k} {counts[k]:,}" for k in kinds))
    print(f"  records {counts['record']:,}, refused (NewscleanError) {counts['refused']:,}, escapes {len(escapes)}")
    print(
        f"  slowest per KB: {slowest['seconds']:.3f} s for {slowest['bytes']:,} bytes"
        f" ({slowest['seconds_per_kb'] * 1000:.2f} ms/KB)"
    )
    for escape in escapes[:20]:
        print(f"  escape ({escape['kind']}, {args.out / escape['input']}): {escape['detail'].splitlines()[0]}")
    return 1 if escapes else 0


if __name__ == "__main__":
    sys.exit(main())
