"""HTML mode of bench.py: every system on the dev sets' HTML pages, one worker process each, side by side.

Each system runs on each set in its own ``peers_html.py`` worker (sequentially, so timings do
not compete for the two cores); the predictions are then scored with ``score_dev.py``, overall
and on the slice the issue names (readability ``--kind news``, trafilatura-eval ``--lang en``).
A worker that dies or times out leaves every page of its set empty and counted as failed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import devsets
from common import MB, QUICK_EVERY, fmt, render
from devsets import Scores
from peers_html import SYSTEMS

WORKER = Path(__file__).with_name("peers_html.py")
# The slices scored besides the whole set: (label, score_dev.py arguments).
SLICES: dict[str, list[tuple[str, list[str]]]] = {
    "readability": [("all", []), ("news", ["--kind", "news"])],
    "trafilatura-eval": [("all", []), ("en", ["--lang", "en"])],
    "sites": [("all", [])],
}
WORKER_SECONDS_PER_PAGE = 10  # a worker slower than this on average is stopped (pages count as failed)


@dataclass
class HtmlCell:
    """One system on one set: the worker's stats, then the scorer's figures per slice."""

    system: str
    stats: dict[str, Any]
    pred: Path | None = None
    figures: dict[str, Scores] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)

    @property
    def installed(self) -> bool:
        return "not_installed" not in self.stats

    @property
    def failed(self) -> int:
        return len(self.stats.get("errors", []))

    def as_dict(self) -> dict[str, Any]:
        st = {k: v for k, v in self.stats.items() if k not in ("errors", "network_attempts")}
        st["failed"] = self.failed
        st["errors_sample"] = self.stats.get("errors", [])[:5]
        st["network_attempts"] = len(self.stats.get("network_attempts", []))
        if self.stats.get("seconds"):
            st["docs_per_s"] = round(st["docs"] / st["seconds"], 1)
            st["mb_per_s"] = round(st["bytes"] / MB / st["seconds"], 3)
        if self.stats.get("cpu_seconds"):
            st["docs_per_cpu_s"] = round(st["docs"] / st["cpu_seconds"], 1)
        return {**st, "figures": self.figures, "summaries": self.summaries}


# ------------------------------------------------------------------------------ running


def run_worker(system: str, pages: devsets.PageSet, data: Path, every: int, work: Path, timeout: float) -> HtmlCell:
    """One system on one set in a fresh process; a crash becomes all-empty, all-failed output."""
    pred, stats_file = work / f"{pages.name}.{system}.jsonl", work / f"{pages.name}.{system}.stats.json"
    cmd = [sys.executable, str(WORKER), system, pages.name, "--data", str(data), "--every", str(every)]
    cmd += ["--out", str(pred), "--stats", str(stats_file), "--timeout", str(timeout)]
    limit = 60 + WORKER_SECONDS_PER_PAGE * len(pages.pages)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, check=False)
        problem = "" if proc.returncode == 0 and stats_file.is_file() else _tail(proc.stderr, proc.returncode)
    except subprocess.TimeoutExpired:
        problem = f"worker stopped after {limit}s"
    if problem:
        devsets.write_jsonl(pred, ({"id": p.id, "body": "", "error": problem} for p in pages.pages))
        stats = {"docs": len(pages.pages), "bytes": 0, "seconds": 0.0, "errors": [problem] * len(pages.pages)}
        return HtmlCell(system, stats, pred)
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    return HtmlCell(system, stats, pred if "not_installed" not in stats else None)


def _tail(stderr: str, code: int) -> str:
    last = [ln for ln in stderr.strip().splitlines() if ln.strip()][-1:] or ["no output"]
    return f"worker failed (exit {code}): {last[0][:200]}"


def run_html_sets(
    data: Path,
    names: list[str],
    systems: list[str],
    quick: bool,
    jobs: int,
    work: Path,
    timeout: float = 120.0,
    save: Path | None = None,
) -> dict[str, dict[str, Any]]:
    """Extract every set with every system (sequential workers), then score (``jobs`` at a time)."""
    every = QUICK_EVERY if quick else 1
    out: dict[str, dict[str, Any]] = {}
    pending: list[tuple[HtmlCell, str, Path]] = []
    for name in names:
        pages = devsets.load_pages(data, name, every)
        gold = pages.gold_file(work)
        cells = []
        for system in systems:
            cell = run_worker(system, pages, data, every, work, timeout)
            cells.append(cell)
            if cell.pred is not None:
                pending.append((cell, name, gold))
                if save is not None:
                    save.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(cell.pred, save / f"{name}.{system}.html.jsonl")
            secs = cell.stats.get("seconds", 0.0)
            print(f"  html {name:<17} {system:<22} {len(pages.pages)} docs in {secs:.2f}s", file=sys.stderr)
        nbytes = max((c.stats.get("bytes", 0) for c in cells), default=0)
        out[name] = {"docs": len(pages.pages), "bytes": nbytes, "subset": pages.subset, "cells": cells}

    def job(item: tuple[HtmlCell, str, Path]) -> None:
        cell, name, gold = item
        assert cell.pred is not None
        for label, extra in SLICES[name]:
            cell.figures[label], cell.summaries[label] = devsets.score(data, name, cell.pred, gold, extra)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(job, pending))
    return out


# ------------------------------------------------------------------------------ tables

# (heading, slice, figure key) per set; docs/s, peak RSS and failures follow in every table.
# A figure of a field the system does not output (jusText has no headline) is shown as "-".
COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "readability": [
        ("body F1", "all", "body_f1"),
        ("P", "all", "body_p"),
        ("R", "all", "body_r"),
        ("news F1", "news", "body_f1"),
        ("news P", "news", "body_p"),
        ("news R", "news", "body_r"),
        ("headline exact", "all", "headline_exact"),
        ("headline tokF1", "all", "headline_tokf1"),
        ("published day", "all", "published"),
        ("wrong day", "all", "published_wrong"),
        ("authors F1", "all", "authors"),
    ],
    "trafilatura-eval": [
        ("hmean", "all", "hmean"),
        ("with", "all", "with"),
        ("without", "all", "without"),
        ("traf F1", "all", "traf_f1"),
        ("en hmean", "en", "hmean"),
        ("en traf F1", "en", "traf_f1"),
        ("headline exact", "all", "headline_exact"),
        ("published day", "all", "published"),
        ("wrong day", "all", "published_wrong"),
        ("authors F1", "all", "authors"),
    ],
    "sites": [
        ("body F1", "all", "body_f1"),
        ("P", "all", "body_p"),
        ("R", "all", "body_r"),
        ("headline exact", "all", "headline_exact"),
    ],
}


def html_set_table(name: str, info: dict[str, Any], markdown: bool) -> str:
    cols = COLUMNS[name]
    heads = ["system", *(c[0] for c in cols), "docs/s", "peak RSS MB", "failed"]
    rows, notes = [], []
    for c in info["cells"]:
        if not c.installed:
            rows.append([c.system, "not installed", *[""] * (len(heads) - 2)])
            notes.append(f"{c.system}: {c.stats['not_installed']}")
            continue
        secs = c.stats.get("seconds") or 0.0
        rss = c.stats.get("rss_peak_mb")
        rows.append(
            [
                c.system,
                *(fmt(c.figures.get(sl, {}).get(key) if _outputs(c.system, key) else None) for _, sl, key in cols),
                f"{c.stats['docs'] / secs:,.1f}" if secs else "-",
                f"{rss:.0f}" if rss else "-",
                f"{c.failed}/{c.stats['docs']}" if c.failed else "0",
            ]
        )
        notes += _cell_notes(c)
    title = f"{name} (HTML): {info['docs']} pages, {info['bytes'] / MB:.1f} MB"
    if info["subset"]:
        title += f" (--quick: every {QUICK_EVERY}th page)"
    return render(title, heads, rows, markdown, notes)


def _outputs(system: str, key: str) -> bool:
    fld = next((f for f in ("headline", "published", "authors") if key.startswith(f)), "body")
    return fld == "body" or fld in SYSTEMS[system].fields


def _cell_notes(c: HtmlCell) -> list[str]:
    notes = []
    errors = c.stats.get("errors", [])
    if errors:
        notes.append(f"{c.system}: {len(errors)} of {c.stats['docs']} pages failed, scored as empty (e.g. {errors[0]})")
    attempts = c.stats.get("network_attempts", [])
    if attempts:
        notes.append(f"{c.system}: {len(attempts)} network attempts blocked (e.g. {attempts[0]})")
    return notes


def html_speed(sets: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per system over all sets: docs, bytes, seconds, failures, RSS at start and peak."""
    out: dict[str, dict[str, Any]] = {}
    for info in sets.values():
        for c in info["cells"]:
            if not c.installed:
                out.setdefault(c.system, {"note": c.stats["not_installed"]})
                continue
            t = out.setdefault(
                c.system, {"docs": 0, "bytes": 0, "seconds": 0.0, "cpu_seconds": 0.0, "failed": 0, "rss_start_mb": []}
            )
            t["docs"] += c.stats["docs"]
            t["bytes"] += c.stats.get("bytes", 0)
            t["seconds"] += c.stats.get("seconds", 0.0)
            t["cpu_seconds"] += c.stats.get("cpu_seconds", 0.0)
            t["failed"] += c.failed
            t["version"] = c.stats.get("version", "")
            t["rss_start_mb"].append(c.stats.get("rss_start_mb", 0.0))
            t["rss_peak_mb"] = max(t.get("rss_peak_mb", 0.0), c.stats.get("rss_peak_mb", 0.0))
    for t in out.values():
        if "docs" in t:
            t["rss_start_mb"] = min(t["rss_start_mb"])
            t["seconds"], t["cpu_seconds"] = round(t["seconds"], 3), round(t["cpu_seconds"], 3)
            t["docs_per_s"] = round(t["docs"] / t["seconds"], 1) if t["seconds"] else None
            t["docs_per_cpu_s"] = round(t["docs"] / t["cpu_seconds"], 1) if t["cpu_seconds"] else None
    return out


def html_speed_table(speed: dict[str, dict[str, Any]], markdown: bool) -> str:
    heads = ["system", "version", "pages", "MB", "docs/s", "MB/s", "docs/CPU-s"]
    heads += ["RSS after import", "peak RSS", "failed"]
    rows = []
    for name, t in speed.items():
        if "docs" not in t:
            rows.append([name, "not installed", *[""] * 8])
            continue
        secs, cpu = t["seconds"], t["cpu_seconds"]
        rows.append(
            [
                name,
                t["version"] or "-",
                f"{t['docs']:,}",
                f"{t['bytes'] / MB:.1f}",
                f"{t['docs'] / secs:,.1f}" if secs else "-",
                f"{t['bytes'] / MB / secs:.2f}" if secs else "-",
                f"{t['docs'] / cpu:,.1f}" if cpu else "-",
                f"{t['rss_start_mb']:.0f} MB",
                f"{t['rss_peak_mb']:.0f} MB",
                str(t["failed"]),
            ]
        )
    title = "HTML speed and memory: all sets, one worker process per system and set, pinned to one core"
    note = "docs/s: pages per second of wall time in the calls; docs/CPU-s: per second of the worker's CPU time"
    return render(title, heads, rows, markdown, [note])


def html_report(sets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The JSON part of the HTML mode."""
    return {
        "sets": {
            name: {
                "docs": info["docs"],
                "bytes": info["bytes"],
                "subset": info["subset"],
                "systems": {c.system: c.as_dict() for c in info["cells"]},
            }
            for name, info in sets.items()
        },
        "speed": html_speed(sets),
    }
