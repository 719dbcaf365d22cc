"""Speed and memory side by side: every system on the same inputs, the floors, the batch CLI.

  python benchmarks/bench.py --mode speed [--quick] [--sets a,b] [--speed-systems a,b]
                                          [--batch-docs 10000] [--markdown] [--json FILE]

(``python benchmarks/speed.py`` takes the same options.) One table, two kinds of input:

* **HTML pages**: the dev sets' pages (1,472, 214 MB). newsclean (``extract(page,
  format="html")``), trafilatura (as in HTML mode: JSON with metadata; and ``body only``:
  ``output_format="txt"``), readability-lxml, newspaper4k and jusText as ``peers_html.py``
  calls them, and the floor **lxml-parse**: libxml2 parsing the bytes into a tree, nothing else.
* **text dumps**: the same sets' text dumps (1,472, 13 MB). newsclean gets the bytes; the
  peers get each dump as a minimal HTML page (``common.wrap_html``, made untimed, as in text
  mode); the floor **read-split**: decoding the bytes and splitting them into lines.

Each system runs on each kind in its own worker process (this file with ``--worker``), one
after another, pinned to one core, with the network blocked; it imports only its own library,
runs three documents untimed, then times each call alone while reading the documents one at a
time (reading, gunzip and the HTML wrapping are not timed). docs/s and MB/s are per second of
summed wall time in the calls, docs/CPU-s per second of the worker's CPU time in them (the
figure to trust on a shared machine); RSS is the worker's ``VmHWM`` after import and at the end.

Then the batch CLI as a user runs it: ``newsclean extract --jobs N -o /dev/null`` over
``--batch-docs`` seed documents (the five seeds, each copy made distinct), N = 1 and 2, with
the peak RSS of the runner and of all its processes (sampled every 0.1 s). Last, the issue's
acceptance ratios, computed from the table.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import devsets
from common import MB, QUICK_EVERY, justext_language, one_core, own_peak_rss_mb, render, version_of, wrap_html
from devsets import DEFAULT_DATA, SETS, Doc

KINDS = ("html", "text")
# (system, kind) rows in table order; the floors last in each kind.
ROWS: tuple[tuple[str, str], ...] = (
    ("newsclean", "html"),
    ("trafilatura", "html"),
    ("trafilatura (body only)", "html"),
    ("readability-lxml", "html"),
    ("newspaper4k", "html"),
    ("jusText", "html"),
    ("lxml-parse (floor)", "html"),
    ("newsclean", "text"),
    ("trafilatura", "text"),
    ("trafilatura (body only)", "text"),
    ("readability-lxml", "text"),
    ("newspaper4k", "text"),
    ("jusText", "text"),
    ("read-split (floor)", "text"),
)
DISTS = {
    "newsclean": "newsclean",
    "trafilatura": "trafilatura",
    "trafilatura (body only)": "trafilatura",
    "readability-lxml": "readability-lxml",
    "newspaper4k": "newspaper4k",
    "jusText": "jusText",
    "lxml-parse (floor)": "lxml",
    "read-split (floor)": "",
}
WORKER_SECONDS_PER_DOC = 10
Run = Callable[[Doc], Any]


# ------------------------------------------------------------------------------ the systems (in the worker)


def make_run(system: str, kind: str) -> Run:
    """The timed call of ``system`` on one document (its bytes: a page, or a wrapped dump)."""
    if system == "lxml-parse (floor)":
        from lxml import etree

        parser = etree.HTMLParser()
        return lambda doc: etree.fromstring(doc.data, parser)
    if system == "read-split (floor)":
        return lambda doc: doc.data.decode("utf-8", "replace").splitlines()
    if system == "newsclean":
        import newsclean

        fmt = "html" if kind == "html" else None
        return lambda doc: newsclean.extract(doc.data, format=fmt)
    if system == "trafilatura (body only)":
        import trafilatura

        return lambda doc: trafilatura.extract(doc.data, output_format="txt")
    from peers_html import SYSTEMS  # trafilatura (JSON with metadata), readability-lxml, newspaper4k

    if system == "jusText":
        import justext

        available = frozenset(justext.get_stoplists())
        stoplists: dict[str, frozenset[str]] = {}

        def run_justext(doc: Doc) -> Any:
            name = justext_language(doc.lang, available)
            stoplist = stoplists.get(name) or stoplists.setdefault(name, justext.get_stoplist(name))
            return justext.justext(doc.data, stoplist)

        return run_justext
    return SYSTEMS[system].make()


@dataclass(frozen=True)
class DocRef:
    """One input, read only when its turn comes (the sets are never held in memory)."""

    id: str
    path: Path
    lang: str | None
    kind: str
    wrap: bool  # a text dump given to a peer: wrapped as a minimal HTML page (untimed)

    def load(self) -> tuple[Doc, int]:
        """The document as the system gets it, and the size of the input as the user has it."""
        raw = self.path.read_bytes()
        if self.path.name.endswith(".gz"):
            raw = gzip.decompress(raw)
        size = len(raw)
        if self.wrap:
            raw = wrap_html(raw.decode("utf-8", "replace")).encode("utf-8")
        return Doc(self.id, self.path, raw, self.lang), size


def doc_refs(data: Path, sets: list[str], every: int, kind: str, wrap: bool) -> list[DocRef]:
    refs = []
    for name in sets:
        if kind == "html":
            for page in devsets.load_pages(data, name, every).pages:
                refs.append(DocRef(page.id, page.path, page.lang, kind, False))
        else:
            dumps = sorted((data / name).glob(devsets._DUMPS[name]))[:: max(1, every)]
            refs += [DocRef(devsets.doc_id(name, p), p, None, kind, wrap) for p in dumps]
    return refs


def worker(system: str, kind: str, data: Path, sets: list[str], every: int) -> dict[str, Any]:
    from peers_html import block_network, quiet

    attempts = block_network()
    quiet()
    stats: dict[str, Any] = {
        "system": system,
        "kind": kind,
        "version": version_of(DISTS[system]) if DISTS[system] else "",
    }
    try:
        run = make_run(system, kind)
    except ImportError as exc:
        return {**stats, "not_installed": f"not installed ({exc})"}
    wrap = kind == "text" and system not in ("newsclean", "read-split (floor)")
    refs = doc_refs(data, sets, every, kind, wrap)
    seconds = cpu_seconds = 0.0
    nbytes = 0
    errors: list[str] = []
    with one_core():
        for ref in refs[:3]:  # warm-up: caches, lazy imports, models
            try:
                run(ref.load()[0])
            except Exception as exc:  # counted by the timed pass
                errors.append(f"{ref.id} (warm-up): {type(exc).__name__}")
        errors.clear()
        stats["rss_start_mb"] = round(own_peak_rss_mb(), 1)
        for ref in refs:
            doc, size = ref.load()
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                run(doc)
            except Exception as exc:  # a failed document still counts its time
                errors.append(f"{doc.id}: {type(exc).__name__}: {str(exc)[:200]}")
            seconds += time.perf_counter() - t0
            cpu_seconds += time.process_time() - c0
            nbytes += size
    return {
        **stats,
        "docs": len(refs),
        "bytes": nbytes,  # of the input as the user has it: the page, or the dump (not the wrapping)
        "seconds": round(seconds, 4),
        "cpu_seconds": round(cpu_seconds, 4),
        "errors": errors,
        "rss_peak_mb": round(own_peak_rss_mb(), 1),
        "network_attempts": attempts,
    }


# ------------------------------------------------------------------------------ the run (in the parent)


def run_worker(
    system: str, kind: str, data: Path, sets: list[str], every: int, work: Path, docs: int
) -> dict[str, Any]:
    stats_file = work / f"{kind}.{system.split()[0]}.{len(system)}.json"
    cmd = [sys.executable, __file__, "--worker", system, "--kind", kind, "--data", str(data)]
    cmd += ["--sets", ",".join(sets), "--every", str(every), "--stats", str(stats_file)]
    limit = 60 + WORKER_SECONDS_PER_DOC * docs
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return {"system": system, "kind": kind, "failed_run": f"worker stopped after {limit} s"}
    if proc.returncode != 0 or not stats_file.is_file():
        tail = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()][-1:] or ["no output"]
        return {
            "system": system,
            "kind": kind,
            "failed_run": f"worker failed (exit {proc.returncode}): {tail[0][:200]}",
        }
    stats: dict[str, Any] = json.loads(stats_file.read_text(encoding="utf-8"))
    return stats


def per_second(stats: dict[str, Any], key: str = "seconds") -> float | None:
    return stats["docs"] / stats[key] if stats.get(key) else None


def speed_table(results: list[dict[str, Any]], markdown: bool) -> str:
    heads = ["input", "system", "version", "docs", "MB", "docs/s", "MB/s", "docs/CPU-s", "RSS after import"]
    heads += ["peak RSS", "failed"]
    rows, notes = [], []
    for r in results:
        label = {"html": "HTML pages", "text": "text dumps"}[r["kind"]]
        if "docs" not in r:
            rows.append([label, r["system"], r.get("not_installed") or r.get("failed_run", "?"), *[""] * 8])
            continue
        secs = r["seconds"]
        rows.append(
            [
                label,
                r["system"],
                r["version"] or "-",
                f"{r['docs']:,}",
                f"{r['bytes'] / MB:.1f}",
                f"{r['docs'] / secs:,.1f}" if secs else "-",
                f"{r['bytes'] / MB / secs:.2f}" if secs else "-",
                f"{per_second(r, 'cpu_seconds') or 0:,.1f}",
                f"{r['rss_start_mb']:.0f} MB",
                f"{r['rss_peak_mb']:.0f} MB",
                f"{len(r['errors'])}" if r["errors"] else "0",
            ]
        )
        if r["errors"]:
            notes.append(f"{r['system']} ({r['kind']}): {len(r['errors'])} failed, e.g. {r['errors'][0]}")
        if r.get("network_attempts"):
            notes.append(f"{r['system']} ({r['kind']}): {len(r['network_attempts'])} network attempts blocked")
    notes.append("docs/s, MB/s: per second of wall time in the calls; docs/CPU-s: per second of CPU time in them")
    notes.append("text dumps: the peers get each dump wrapped as a minimal HTML page (untimed); MB are of the dumps")
    title = "speed and memory: the same inputs for every system, one worker process each, pinned to one core"
    return render(title, heads, rows, markdown, notes)


def acceptance(results: list[dict[str, Any]]) -> list[str]:
    """The issue's acceptance ratios, on docs per CPU-second (wall time counts a shared core's
    lent-out time too; the wall-time ratios are given beside)."""
    by = {(r["system"], r["kind"]): r for r in results if r.get("cpu_seconds")}

    def rate(system: str, kind: str, key: str) -> float | None:
        r = by.get((system, kind))
        return per_second(r, key) if r else None

    lines = []
    for key, what in (("cpu_seconds", "docs/CPU-s"), ("seconds", "docs/s")):
        nc_html, nc_text = rate("newsclean", "html", key), rate("newsclean", "text", key)
        traf = max(
            filter(None, (rate(s, "html", key) for s in ("trafilatura", "trafilatura (body only)"))), default=None
        )
        floor = rate("lxml-parse (floor)", "html", key)
        peers = [
            (rate(s, "text", key), s)
            for s in ("trafilatura", "trafilatura (body only)", "jusText", "readability-lxml")
            if rate(s, "text", key)
        ]
        fastest = max(peers, default=None, key=lambda p: p[0] or 0.0)
        if nc_html and traf:
            verdict = "met" if nc_html >= 2 * traf else "NOT met"
            lines.append(
                f"[{what}] newsclean HTML / fastest trafilatura: {nc_html / traf:.2f}x (need >= 2x: {verdict})"
            )
        if nc_html and floor:
            verdict = "met" if floor <= 4 * nc_html else "NOT met"
            lines.append(f"[{what}] lxml-parse floor / newsclean HTML: {floor / nc_html:.2f}x (need <= 4x: {verdict})")
        if nc_text and fastest and fastest[0]:
            verdict = "met" if nc_text >= 5 * fastest[0] else "NOT met"
            lines.append(
                f"[{what}] newsclean text / fastest peer on the dumps ({fastest[1]}): {nc_text / fastest[0]:.2f}x"
                f" (need >= 5x: {verdict})"
            )
    return lines


def batch_section(count: int, markdown: bool) -> tuple[str, dict[str, Any]]:
    """``newsclean extract --jobs N`` over ``count`` seed copies: docs/s and peak RSS, N = 1, 2."""
    import batch_bench

    work = Path(tempfile.mkdtemp(prefix="newsclean-speed-batch-"))
    rows, report = [], {}
    try:
        batch_bench.write_seed_copies(work / "seeds", count)
        for jobs in (1, 2):
            figures = batch_bench.run(["extract", "--jobs", str(jobs), "-o", "/dev/null", "seeds"], work)
            report[f"jobs{jobs}"] = {
                "seconds": round(figures.seconds, 2),
                "docs_per_s": round(count / figures.seconds, 1),
                "runner_peak_rss_mb": round(figures.main_peak_mb, 1),
                "all_processes_peak_rss_mb": round(figures.tree_peak_mb, 1),
                "all_processes_peak_pss_mb": round(figures.tree_pss_peak_mb, 1),
                "status": figures.status,
            }
            rows.append(
                [
                    f"--jobs {jobs}",
                    f"{count:,}",
                    f"{figures.seconds:.1f} s",
                    f"{count / figures.seconds:,.0f}",
                    f"{figures.main_peak_mb:.0f} MB",
                    f"{figures.tree_peak_mb:.0f} MB",
                    f"{figures.tree_pss_peak_mb:.0f} MB",
                    str(figures.status),
                ]
            )
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    heads = ["run", "docs", "time", "docs/s", "peak RSS runner", "peak RSS all processes", "peak PSS all", "exit"]
    title = f"batch CLI: newsclean extract -o /dev/null over {count:,} seed documents"
    notes = [
        "all processes: runner + fork server + workers, summed, sampled every 0.1 s",
        "PSS counts a page the fork server shares with the workers it forked once; RSS counts it in each",
    ]
    return render(title, heads, rows, markdown, notes), report


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument(
        "--speed-systems", help="comma-separated subset of the systems (all): " + ", ".join(dict.fromkeys(DISTS))
    )
    ap.add_argument("--speed-kinds", default="html,text", help="html, text or both (both)")
    ap.add_argument("--batch-docs", type=int, default=10_000, help="documents of the batch CLI runs (0: none)")


def speed_mode(args: argparse.Namespace, report: dict[str, Any]) -> list[str]:
    systems = [s.strip() for s in (args.speed_systems or ",".join(DISTS)).split(",") if s.strip()]
    kinds = [k.strip() for k in args.speed_kinds.split(",") if k.strip()]
    every = QUICK_EVERY if args.quick else 1
    tables: list[str] = []
    if not kinds:
        pass  # --speed-kinds "": the batch CLI figures only
    elif not args.data.is_dir():
        tables.append(f"dev data not found at {args.data}, speed table skipped\n")
    else:
        counts = {k: len(doc_refs(args.data, args.names, every, k, False)) for k in kinds}
        results = []
        with tempfile.TemporaryDirectory(prefix="newsclean-speed-") as tmp:
            for system, kind in ROWS:
                if system in systems and kind in kinds:
                    started = time.monotonic()
                    r = run_worker(system, kind, args.data, args.names, every, Path(tmp), counts[kind])
                    print(f"  speed {kind:<4} {system:<24} {time.monotonic() - started:.0f} s", file=sys.stderr)
                    results.append(r)
        report["speed_table"] = [{k: v for k, v in r.items() if k != "network_attempts"} for r in results]
        tables.append(speed_table(results, args.markdown))
        lines = acceptance(results)
        report["acceptance"] = lines
        tables.append("\n".join(["acceptance (issue 6):", *(f"  {line}" for line in lines)]) + "\n")
    if args.batch_docs:
        table, batch = batch_section(args.batch_docs, args.markdown)
        report["batch"] = batch
        tables.append(table)
    return tables


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--quick", action="store_true", help=f"every {QUICK_EVERY}th document")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--worker", metavar="SYSTEM", help=argparse.SUPPRESS)
    ap.add_argument("--kind", choices=KINDS, help=argparse.SUPPRESS)
    ap.add_argument("--every", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
    add_arguments(ap)
    args = ap.parse_args(argv)
    args.names = [s.strip() for s in args.sets.split(",") if s.strip()]
    if args.worker:
        stats = worker(args.worker, args.kind, args.data, args.names, args.every)
        args.stats.write_text(json.dumps(stats, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0
    started = time.perf_counter()
    report: dict[str, Any] = {"meta": {"python": platform.python_version(), "date": time.strftime("%Y-%m-%d %H:%M")}}
    tables = speed_mode(args, report)
    print("\n".join(tables))
    print(f"({time.perf_counter() - started:.0f}s in all; load average {os.getloadavg()[0]:.1f} at the end)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
