"""Benchmark newsclean against keep-all and the peers on the dev sets: text dumps, HTML pages, or both.

  python benchmarks/bench.py [--mode text|html|both|speed] [--data ../shared/data]
                             [--sets readability,trafilatura-eval,sites] [--peers/--no-peers]
                             [--html-systems a,b] [--quick] [--jobs 1] [--timeout 120]
                             [--save-predictions DIR] [--markdown] [--json FILE]

Text mode (the default): per set and system, predictions go to a temp JSONL,
``<data>/../tools/score_dev.py`` scores them, and one table per set puts the systems side by
side. newsclean gets the dump's bytes through ``newsclean.extract(data, path=...)``; keep-all
returns the whole dump; the peers (trafilatura, jusText) get the dump wrapped as a minimal HTML
page (``wrap_html``; the wrapping is not timed). Timing is the summed wall time of the
extraction calls only, in this process, pinned to one core where the OS allows, after a
warm-up. The speed section runs every system on the seeds repeated to ``--speed-docs``
documents and shows newsclean's peak RSS at the start, after 1,000 docs and at the end.
Peers that cannot be imported get "not installed" rows.

HTML mode (``htmlbench.py``, ``peers_html.py``): newsclean, keep-all, trafilatura (default and
favor_precision), readability-lxml, newspaper4k and jusText on the sets' HTML pages, each
system on each set in its own worker process (docs/s on one core, peak RSS of that process),
scored overall and on the issue's slices; ``--save-predictions`` keeps every system's JSONL.

Speed mode (``speed.py``): one table of docs/s, MB/s and peak RSS of every system on the same
inputs — the HTML pages and the text dumps — with the floors (lxml parsing alone, reading and
splitting lines), the batch CLI over 10,000 documents at ``--jobs 1`` and ``2``, and the
issue's acceptance ratios. No scoring.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import devsets
import htmlbench
import speed
from common import MB, QUICK_EVERY, fmt, justext_language, one_core, peak_rss_mb, render, version_of, wrap_html
from devsets import DEFAULT_DATA, REPO, SETS, Doc, Record, Scores
from peers_html import PEERS, SYSTEMS

import newsclean


@dataclass(frozen=True)
class System:
    name: str
    run: Callable[[Doc, Any], Record] | None  # None: not installed
    prepare: Callable[[Doc], Any] | None = None  # untimed input preparation (default: the bytes)
    note: str = ""  # version, or why it is missing


@dataclass
class Cell:
    """One system on one set."""

    system: str
    docs: int = 0
    nbytes: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    figures: Scores | None = None
    summary: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "docs": self.docs,
            "bytes": self.nbytes,
            "seconds": round(self.seconds, 4),
            "errors": len(self.errors),
            "note": self.note,
        }
        if self.seconds > 0:
            d["docs_per_s"] = round(self.docs / self.seconds, 1)
            d["mb_per_s"] = round(self.nbytes / MB / self.seconds, 3)
        if self.figures is not None:
            d.update(figures=self.figures, summary=self.summary)
        return d


# ------------------------------------------------------------------------------ systems


def page_of(doc: Doc) -> str:
    return wrap_html(doc.data.decode("utf-8", "replace"))


def peer_systems() -> list[System]:
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    out = []
    try:
        import trafilatura
    except ImportError as exc:
        out.append(System("trafilatura", None, note=f"not installed ({exc})"))
    else:
        # Body only: extract_metadata on these pages costs 3-15x the extraction (htmldate's date
        # search) and finds no title, since the wrapped dump has no <title>.
        def traf_run(doc: Doc, page: str) -> Record:
            return {"id": doc.id, "body": trafilatura.extract(page, output_format="txt") or ""}

        out.append(System("trafilatura", traf_run, page_of, trafilatura.__version__))
    try:
        import justext
    except ImportError as exc:
        out.append(System("jusText", None, note=f"not installed ({exc})"))
    else:
        available = frozenset(justext.get_stoplists())
        stoplist = lru_cache(maxsize=None)(justext.get_stoplist)

        def jt_prepare(doc: Doc) -> tuple[str, frozenset[str]]:
            return page_of(doc), stoplist(justext_language(doc.lang, available))

        def jt_run(doc: Doc, x: tuple[str, frozenset[str]]) -> Record:
            paras = justext.justext(x[0], x[1])
            return {"id": doc.id, "body": "\n\n".join(p.text for p in paras if not p.is_boilerplate)}

        out.append(System("jusText", jt_run, jt_prepare, version_of("jusText")))
    return out


# ------------------------------------------------------------------------------ dev sets


def run_sets(
    data: Path, names: list[str], systems: list[System], quick: bool, jobs: int, work: Path
) -> dict[str, dict[str, Any]]:
    """Extract every set with every system (timed, sequential), then score (``jobs`` at a time)."""
    out: dict[str, dict[str, Any]] = {}
    pending: list[tuple[Cell, str, Path, Path]] = []
    for name in names:
        ds = devsets.load_set(data, name, every=QUICK_EVERY if quick else 1)
        gold = ds.gold_file(work)
        cells = []
        for s in systems:
            cell = Cell(s.name, len(ds.docs), ds.nbytes, note=s.note)
            cells.append(cell)
            if s.run is None:
                continue
            with one_core():
                res = devsets.run_system(ds.docs, s.run, s.prepare)
            cell.seconds, cell.errors = res.seconds, res.errors
            pred = work / f"{name}.{s.name}.jsonl"
            devsets.write_jsonl(pred, res.records)
            pending.append((cell, name, pred, gold))
            print(f"  {name:<17} {s.name:<12} {len(ds.docs)} docs in {res.seconds:.2f}s", file=sys.stderr)
        out[name] = {"docs": len(ds.docs), "bytes": ds.nbytes, "subset": ds.subset, "cells": cells}

    def job(item: tuple[Cell, str, Path, Path]) -> None:
        cell, name, pred, gold = item
        cell.figures, cell.summary = devsets.score(data, name, pred, gold)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(job, pending))
    return out


def set_table(name: str, info: dict[str, Any], markdown: bool) -> str:
    traf = name == "trafilatura-eval"
    heads = [
        "system",
        "hmean" if traf else "body F1",
        "with" if traf else "P",
        "without" if traf else "R",
        "headline exact",
        "language",
        "docs/s",
        "MB/s",
    ]
    keys = ["hmean", "with", "without"] if traf else ["body_f1", "body_p", "body_r"]
    rows, notes = [], []
    for c in info["cells"]:
        if c.figures is None:
            rows.append([c.system, "not installed", *[""] * 6])
            notes.append(f"{c.system}: {c.note}")
            continue
        f = c.figures
        rows.append(
            [
                c.system,
                *(fmt(f.get(k)) for k in [*keys, "headline_exact", "language"]),
                f"{c.docs / c.seconds:,.0f}" if c.seconds else "-",
                f"{c.nbytes / MB / c.seconds:.2f}" if c.seconds else "-",
            ]
        )
        if c.errors:
            notes.append(f"{c.system}: {len(c.errors)} of {c.docs} docs raised, scored as empty (e.g. {c.errors[0]})")
    title = f"{name}: {info['docs']} docs, {info['bytes'] / MB:.2f} MB of text dumps"
    if info["subset"]:
        title += f" (--quick: every {QUICK_EVERY}th doc)"
    return render(title, heads, rows, markdown, notes)


# ------------------------------------------------------------------------------ speed


def load_seeds() -> list[Doc]:
    paths = sorted((REPO / "seeds").glob("*.txt"))
    return [Doc(p.stem, p, p.read_bytes(), "en") for p in paths]


def speed_run(system: System, seeds: list[Doc], n: int, checkpoint: int) -> dict[str, Any]:
    """``system`` on the seeds cycled to n docs; records are dropped as they come (memory must not grow)."""
    assert system.run is not None
    inputs = [system.prepare(d) if system.prepare else d.data for d in seeds]
    for d, x in zip(seeds, inputs, strict=True):  # warm-up
        system.run(d, x)
    rss = {"start": peak_rss_mb()}
    total, nbytes = 0.0, 0
    with one_core():
        for i in range(n):
            d, x = seeds[i % len(seeds)], inputs[i % len(seeds)]
            t0 = time.perf_counter()
            system.run(d, x)
            total += time.perf_counter() - t0
            nbytes += len(d.data)
            if i + 1 == checkpoint:
                rss[f"after_{checkpoint}"] = peak_rss_mb()
    rss[f"after_{n}"] = peak_rss_mb()
    return {
        "docs": n,
        "bytes": nbytes,
        "seconds": round(total, 4),
        "docs_per_s": round(n / total, 1),
        "mb_per_s": round(nbytes / MB / total, 3),
        "peak_rss_mb": {k: round(v, 1) for k, v in rss.items()},
    }


def speed_table(results: dict[str, dict[str, Any]], n: int, checkpoint: int, markdown: bool, seeds: int) -> str:
    heads = ["system", "docs", "MB", "docs/s", "MB/s", "peak RSS start", f"@{checkpoint:,}", f"@{n:,}"]
    rows = []
    for name, r in results.items():
        if "docs" not in r:
            rows.append([name, "not installed", *[""] * 6])
            continue
        rss = r["peak_rss_mb"]
        rows.append(
            [
                name,
                f"{r['docs']:,}",
                f"{r['bytes'] / MB:.1f}",
                f"{r['docs_per_s']:,.0f}",
                f"{r['mb_per_s']:.2f}",
                f"{rss['start']:.1f} MB",
                f"{rss[f'after_{checkpoint}']:.1f} MB",
                f"{rss[f'after_{n}']:.1f} MB",
            ]
        )
    title = f"speed: the {seeds} seeds repeated to {n:,} docs, one core, one process (peak RSS of it)"
    return render(title, heads, rows, markdown, [])


# ------------------------------------------------------------------------------ output


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dev data folder (../shared/data)")
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated sets (all three)")
    ap.add_argument(
        "--mode",
        choices=["text", "html", "both", "speed"],
        default="text",
        help="dumps, pages or both (text); speed: docs/s, MB/s and peak RSS of every system and the floors",
    )
    ap.add_argument(
        "--peers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also run the peers when importable (default: yes)",
    )
    ap.add_argument("--html-systems", help=f"HTML mode: comma-separated subset of {', '.join(SYSTEMS)}")
    ap.add_argument("--quick", action="store_true", help=f"every {QUICK_EVERY}th doc; 1,000 speed docs")
    ap.add_argument("--jobs", type=int, default=1, help="scorer subprocesses run at once (1)")
    ap.add_argument("--speed-docs", type=int, help="documents in the speed run (5,000; --quick 1,000)")
    ap.add_argument("--timeout", type=float, default=120.0, help="HTML mode: seconds per page before it fails")
    ap.add_argument("--save-predictions", type=Path, metavar="DIR", help="HTML mode: keep each system's JSONL here")
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    ap.add_argument("--json", type=Path, help="write all figures to this file")
    speed.add_arguments(ap)
    args = ap.parse_args(argv)
    args.names = [s.strip() for s in args.sets.split(",") if s.strip()]
    bad = [s for s in args.names if s not in SETS]
    if bad:
        ap.error(f"unknown set(s): {', '.join(bad)} (known: {', '.join(SETS)})")
    args.systems = html_system_names(args.html_systems, args.peers)
    bad = [s for s in args.systems if s not in SYSTEMS]
    if bad:
        ap.error(f"unknown HTML system(s): {', '.join(bad)} (known: {', '.join(SYSTEMS)})")
    return args


def html_system_names(spec: str | None, peers: bool) -> list[str]:
    if spec:
        return [s.strip() for s in spec.split(",") if s.strip()]
    return list(SYSTEMS) if peers else [s for s in SYSTEMS if s not in PEERS]


def text_mode(args: argparse.Namespace, report: dict[str, Any]) -> list[str]:
    """The text-dump tables: the speed run on the seeds, then one table per set."""
    systems = [
        System("newsclean", devsets.newsclean_record, note=newsclean.__version__),
        System("keep-all", devsets.keep_all_record),
    ]
    if args.peers:
        systems += peer_systems()
    report["meta"]["systems"] = {s.name: s.note for s in systems}
    tables = []

    # Speed first, while the process holds nothing else: its RSS then shows the extractor alone.
    n = args.speed_docs or (1000 if args.quick else 5000)
    checkpoint = min(1000, max(1, n // 5))
    seeds = load_seeds()
    if seeds:
        for s in systems:
            report["speed"][s.name] = (
                speed_run(s, seeds, n, checkpoint) if s.run else {"note": s.note or "not installed"}
            )
            print(f"  speed {s.name:<12} done", file=sys.stderr)
        tables.append(speed_table(report["speed"], n, checkpoint, args.markdown, len(seeds)))
    else:
        tables.append(f"speed: no seeds under {REPO / 'seeds'}, skipped\n")

    if not args.data.is_dir():
        tables.append(f"dev data not found at {args.data}, set tables skipped\n")
    else:
        with tempfile.TemporaryDirectory(prefix="newsclean-bench-") as tmp:
            sets = run_sets(args.data, args.names, systems, args.quick, args.jobs, Path(tmp))
        for name, info in sets.items():
            tables.append(set_table(name, info, args.markdown))
            report["sets"][name] = {
                "docs": info["docs"],
                "bytes": info["bytes"],
                "subset": info["subset"],
                "systems": {c.system: c.as_dict() for c in info["cells"]},
            }
    return tables


def html_mode(args: argparse.Namespace, report: dict[str, Any]) -> list[str]:
    """The HTML-page tables: one per set, then docs/s and peak RSS per system over all sets."""
    if not args.data.is_dir():
        return [f"dev data not found at {args.data}, HTML tables skipped\n"]
    with tempfile.TemporaryDirectory(prefix="newsclean-bench-html-") as tmp:
        sets = htmlbench.run_html_sets(
            args.data, args.names, args.systems, args.quick, args.jobs, Path(tmp), args.timeout, args.save_predictions
        )
    report["html"] = htmlbench.html_report(sets)
    tables = [htmlbench.html_set_table(name, info, args.markdown) for name, info in sets.items()]
    tables.append(htmlbench.html_speed_table(report["html"]["speed"], args.markdown))
    if args.save_predictions:
        tables.append(f"predictions saved to {args.save_predictions}/<set>.<system>.html.jsonl\n")
    return tables


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    t_start = time.perf_counter()
    report: dict[str, Any] = {
        "meta": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "newsclean": newsclean.__version__,
            "systems": {},
            "quick": args.quick,
            "data": str(args.data),
            "date": time.strftime("%Y-%m-%d %H:%M:%S"),
            "mode": args.mode,
        },
        "sets": {},
        "speed": {},
    }
    tables = []
    if args.mode in ("text", "both"):
        tables += text_mode(args, report)
    if args.mode in ("html", "both"):
        report["meta"]["html_systems"] = args.systems
        tables += html_mode(args, report)
    if args.mode == "speed":
        tables += speed.speed_mode(args, report)

    elapsed = time.perf_counter() - t_start
    report["meta"]["elapsed_s"] = round(elapsed, 1)
    print("\n".join(tables))
    print(f"({elapsed:.0f}s in all; newsclean {newsclean.__version__}, Python {platform.python_version()})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
