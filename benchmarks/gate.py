"""CI quality gate: newsclean's dev-set figures must not fall below benchmarks/floors.json.

  python benchmarks/gate.py [--data ../shared/data] [--update [--allow-regression]]

Runs newsclean in-process on the text dumps and on the HTML pages of the three dev sets,
scores them with ``<data>/../tools/score_dev.py`` and compares each figure named in
floors.json (``{"<set>": {"<figure>": floor}}`` for the text dumps, ``"<set>:html"`` for the
pages; figure names as in ``devsets.parse_summary``); a "+templates" suffix runs it with
site templates learned across the set first, as ``extract --learn-templates`` does.
Exit 0 when all figures reach their floors (or the dev data is absent: gate skipped),
1 naming each figure below its floor. ``--update`` rewrites the floors to today's figures,
rounded down to 3 decimals, and refuses to lower any unless ``--allow-regression``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import devsets
from devsets import DEFAULT_DATA, SETS, Scores, floor3

FLOORS = Path(__file__).resolve().parent / "floors.json"
# Figures gated when floors.json does not exist yet.
DEFAULT_FIGURES: dict[str, tuple[str, ...]] = {
    "readability": ("body_f1", "headline_exact", "language", "published", "authors"),
    "trafilatura-eval": ("hmean", "headline_exact", "language", "published", "authors"),
    "sites": ("body_f1", "headline_exact"),
    "readability:html": ("body_f1", "headline_exact", "published", "authors"),
    "trafilatura-eval:html": ("hmean", "headline_exact", "published", "authors"),
    "sites:html": ("body_f1", "headline_exact"),
    "sites+templates": ("body_f1", "headline_exact"),
    "sites:html+templates": ("body_f1", "headline_exact"),
    "trafilatura-eval+templates": ("hmean", "headline_exact", "published", "authors"),
    "readability:html+templates": ("body_f1", "headline_exact", "published", "authors"),
}
HTML = ":html"
TEMPLATES = "+templates"

Floors = dict[str, dict[str, float]]


def evaluate(data: Path, sets: tuple[str, ...]) -> dict[str, Scores]:
    """newsclean's figures per set (full sets; "<set>:html" runs on the HTML pages)."""
    out: dict[str, Scores] = {}
    with tempfile.TemporaryDirectory(prefix="newsclean-gate-") as tmp:
        work = Path(tmp)
        for name in sets:
            t0 = time.perf_counter()
            plain = name.removesuffix(TEMPLATES)
            base = plain.removesuffix(HTML)
            if plain.endswith(HTML):
                pages = devsets.load_pages(data, base)
                docs = [page.load() for page in pages.pages]
                gold = pages.gold_file(work)
            else:
                ds = devsets.load_set(data, base)
                docs, gold = ds.docs, ds.gold_file(work)
            run = devsets.newsclean_template_records(docs) if name.endswith(TEMPLATES) else devsets.newsclean_record
            res = devsets.run_system(docs, run)
            pred = work / f"{name.replace(':', '.')}.jsonl"
            devsets.write_jsonl(pred, res.records)
            scores, line = devsets.score(data, base, pred, gold)
            scores["errors"] = float(len(res.errors))
            out[name] = scores
            print(f"{name}: {line}  [{len(docs)} docs, {len(res.errors)} errors, {time.perf_counter() - t0:.1f}s]")
            for err in res.errors[:3]:
                print(f"  error: {err}")
    return out


def compare(figures: dict[str, Scores], floors: Floors) -> list[str]:
    """One message per gated figure that is below its floor or not reported."""
    fails = []
    for name, wanted in floors.items():
        got = figures.get(name, {})
        for key, floor in wanted.items():
            if key not in got:
                fails.append(f"{name} {key}: not reported (floor {floor:.3f})")
            elif got[key] < floor:
                fails.append(f"{name} {key} = {got[key]:.3f} is below its floor {floor:.3f}")
    return fails


def updated_floors(figures: dict[str, Scores], floors: Floors) -> tuple[Floors, list[str]]:
    """Floors set to today's figures rounded down, and the floors that would go down."""
    new: Floors = {}
    lowered = []
    for name, wanted in floors.items():
        new[name] = {}
        for key, old in wanted.items():
            if key not in figures.get(name, {}):
                raise KeyError(f"{name} {key}: not reported by score_dev.py, cannot set its floor")
            value = floor3(figures[name][key])
            new[name][key] = value
            if value < old:
                lowered.append(f"{name} {key}: {old:.3f} -> {value:.3f}")
    return new, lowered


def load_floors(path: Path) -> Floors:
    if not path.exists():
        return {name: dict.fromkeys(keys, 0.0) for name, keys in DEFAULT_FIGURES.items()}
    floors: Floors = json.loads(path.read_text(encoding="utf-8"))
    return floors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dev data folder (../shared/data)")
    ap.add_argument("--floors", type=Path, default=FLOORS, help="floors file (benchmarks/floors.json)")
    ap.add_argument("--update", action="store_true", help="rewrite the floors to today's figures")
    ap.add_argument("--allow-regression", action="store_true", help="with --update: allow lowering floors")
    args = ap.parse_args(argv)

    data: Path = args.data
    if not data.is_dir():
        print(f"dev data not found at {data}, gate skipped")
        return 0
    if not devsets.scorer_path(data).is_file():
        print(f"scorer not found at {devsets.scorer_path(data)}", file=sys.stderr)
        return 2
    floors = load_floors(args.floors)
    known = {n + html + tpl for n in SETS for html in ("", HTML) for tpl in ("", TEMPLATES)}
    unknown = sorted(set(floors) - known)
    if unknown:
        print(f"{args.floors}: unknown set(s) {', '.join(unknown)}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    order = [n + html + tpl for tpl in ("", TEMPLATES) for html in ("", HTML) for n in SETS]
    figures = evaluate(data, tuple(n for n in order if n in floors))
    elapsed = time.perf_counter() - t0

    if args.update:
        try:
            new, lowered = updated_floors(figures, floors)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 1
        if lowered and not args.allow_regression:
            print("refusing to lower floors (pass --allow-regression to do it anyway):")
            for msg in lowered:
                print(f"  {msg}")
            return 1
        args.floors.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
        print(f"floors written to {args.floors} ({elapsed:.1f}s)")
        return 0

    fails = compare(figures, floors)
    if fails:
        print(f"GATE FAILED ({elapsed:.1f}s):")
        for msg in fails:
            print(f"  {msg}")
        return 1
    n = sum(len(v) for v in floors.values())
    print(f"gate passed: {n} figures at or above their floors ({elapsed:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
