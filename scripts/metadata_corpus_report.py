"""Counts and pass rates of the metadata test corpus (tests/metadata_corpus/), per language and kind.

    python scripts/metadata_corpus_report.py            # tables
    python scripts/metadata_corpus_report.py --failing  # also every failing case, with what the parser gave

Reuses the loader and runner of ``tests/test_metadata_corpus.py``, so a case passes here exactly
when it passes there. "known" counts the failing cases listed in ``known_failures.txt``;
"new" the failing cases that are not (the test fails on those), "xpass" the listed cases that
now pass (the test fails on those too: prune the list).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
KIND_ORDER = ("timestamp", "dateline", "byline", "caption", "headline")


def _load_test_module() -> ModuleType:
    path = ROOT / "tests" / "test_metadata_corpus.py"
    spec = importlib.util.spec_from_file_location("test_metadata_corpus", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--failing", action="store_true", help="list the failing cases")
    args = ap.parse_args(argv)

    tmc = _load_test_module()
    cases, known = tmc.CASES, tmc.KNOWN
    total: Counter[tuple[str, str]] = Counter()
    passed: Counter[tuple[str, str]] = Counter()
    new_failures, xpasses, failing = [], [], []
    for case in cases:
        key = (case["lang"], case["kind"])
        total[key] += 1
        try:
            ok, got = tmc.run_case(case)
        except Exception as exc:  # a crash is a failure, reported like one
            ok, got = False, f"raised {exc!r}"
        if ok:
            passed[key] += 1
            if case["id"] in known:
                xpasses.append(case["id"])
        else:
            failing.append((case, got))
            if case["id"] not in known:
                new_failures.append(case["id"])

    langs = [lang for lang in tmc.LANGS if any(k[0] == lang for k in total)]
    width = max(len(k) for k in KIND_ORDER)
    print(f"{'':<{width}} " + " ".join(f"{lang:>9}" for lang in langs) + f" {'all':>9}")
    for kind in (*KIND_ORDER, None):
        cells = []
        for lang in (*langs, None):
            keys = [k for k in total if (lang is None or k[0] == lang) and (kind is None or k[1] == kind)]
            n, p = sum(total[k] for k in keys), sum(passed[k] for k in keys)
            cells.append(f"{p:>4}/{n:<4}" if n else f"{'-':>9}")
        print(f"{kind or 'all':<{width}} " + " ".join(cells))
    n_all, p_all = sum(total.values()), sum(passed.values())
    print(f"\npassing {p_all}/{n_all} ({p_all / n_all:.0%}); known failures listed: {len(known)}")

    causes: Counter[str] = Counter()
    for case, _ in failing:
        if case["id"] in known:
            causes[known[case["id"]]] += 1
    if causes:
        print("\nknown failures by cause:")
        for cause, n in causes.most_common():
            print(f"  {n:>3}  {cause}")
    if new_failures:
        print(f"\nNEW failures (not in known_failures.txt): {' '.join(new_failures)}")
    if xpasses:
        print(f"\nnow passing, remove from known_failures.txt: {' '.join(xpasses)}")
    if args.failing:
        print("\nfailing cases:")
        for case, got in failing:
            print(f"  {case['id']}: {case['snippet'][:100]!r}")
            print(f"    expected {case['expected']}\n    got      {got[:200]}")
    return 1 if new_failures or xpasses else 0


if __name__ == "__main__":
    sys.exit(main())
