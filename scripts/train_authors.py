#!/usr/bin/env python3
"""Train the byline ranker (``newsclean.meta.authors``) from the dev corpora's gold authors.

    pip install -e '.[train]'
    python scripts/train_authors.py [--data ../shared/data] [--l2 1.0] [--write]

Every page of trafilatura-eval and readability is run through newsclean (text dump and HTML
page); at the point where the pipeline looks for the byline, every reading of every
candidate line is recorded with its features (``author_rows``). A reading is positive
when one of its names is a gold author (the scorer's normalisation: NFKC, casefold,
whitespace collapsed, names split at "and", "und", ",", ";"). A linear ranker per format
("text", "html") is fitted on the pages that have gold authors as a softmax over each page's
readings plus a "no byline" option (the answer where no reading names a gold author); pages
without gold authors do not say whether they show a byline (the gold is missing for many
that do) and are left out of the fit. Cross-validation is grouped by site; the figures are
the mean set F1 of the best reading's names against the gold at several cut-offs (the share
of probability mass ``MIN_SCORE`` applies to) -- the byline finder alone, before the HTML
path weighs declared authors -- and how often pages with and without gold authors get one.
``--write`` stores the weights, trained on everything, in ``src/newsclean/data/authors_model.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
from scipy.optimize import minimize
from sklearn.model_selection import GroupKFold

import newsclean
from newsclean import metadata
from newsclean.meta.authors import AUTHOR_FEATURES, MIN_SCORE, author_rows
from newsclean.model import Block
from newsclean.options import Options

ROOT = Path(__file__).resolve().parents[1]
_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", re.IGNORECASE)

# One page: (group, format, gold names, [(names, features)] per reading).
Page = tuple[str, str, set[str], list[tuple[set[str], list[float]]]]


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s).casefold()).strip()


def name_set(names: list[str]) -> set[str]:
    return {norm(x) for a in names for x in _SPLIT.split(a) if x and x.strip()}


def set_f1(p: set[str], g: set[str]) -> float:
    tp = len(p & g)
    return 2 * tp / (len(p) + len(g)) if tp else 0.0


def sources(data: Path) -> Iterator[tuple[str, str, bytes, list[str]]]:
    """(group, format, raw bytes, gold authors) for every page and dump."""
    for line in open(data / "trafilatura-eval" / "gold.jsonl", encoding="utf-8"):
        g = json.loads(line)
        host = "te:" + (urlparse(g.get("url") or "").netloc.removeprefix("www.") or g["id"])
        gold = g.get("authors") or []
        yield host, "text", gzip.open(data / "trafilatura-eval" / "text" / f"{g['id']}.txt.gz").read(), gold
        yield host, "html", gzip.open(data / "trafilatura-eval" / "html" / f"{g['file']}.gz").read(), gold
    for line in open(data / "readability" / "gold.jsonl", encoding="utf-8"):
        g = json.loads(line)
        site = "rd:" + re.sub(r"-\d+$", "", g["id"])
        gold = g.get("authors") or []
        yield site, "text", (data / "readability" / g["id"] / "page.txt").read_bytes(), gold
        yield site, "html", gzip.open(data / "readability" / g["id"] / "page.html.gz").read(), gold


def record(raw: bytes, fmt: str) -> list[tuple[list[str], list[float]]]:
    """Every reading the byline finder weighs on this page, with its features."""
    seen: list[tuple[list[str], list[float]]] = []

    def recorder(blocks: list[Block], start: int, meta: Any) -> None:
        found, rows = author_rows(blocks, start)
        seen.extend((list(r.byline.authors), row) for r, row in zip(found, rows))

    original = metadata._find_byline
    metadata._find_byline = recorder  # type: ignore[assignment]
    try:
        newsclean.extract(raw, format=fmt, options=Options())
    finally:
        metadata._find_byline = original
    return seen


def load(data: Path) -> list[Page]:
    pages: list[Page] = []
    for group, fmt, raw, gold in sources(data):
        readings = record(raw, fmt)
        pages.append((group, fmt, name_set(gold), [(name_set(n), f) for n, f in readings]))
    return pages


def fit(pages: list[Page], l2: float) -> np.ndarray:
    """Weights maximising, over pages with gold authors, log P(a gold reading) where
    P(reading k) = exp(z_k) / (1 + sum_j exp(z_j)) and the 1 stands for "no byline" (the
    answer on pages where no reading names a gold author); L2 penalty ``l2`` (bias excluded)."""
    used = [p for p in pages if p[3]]
    x = np.array([f for p in used for _, f in p[3]])
    y = np.array([bool(n & p[2]) for p in used for n, _ in p[3]])
    sizes = [len(p[3]) for p in used]
    offs = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
    seg = np.repeat(np.arange(len(used)), sizes)
    has_pos = np.add.reduceat(y.astype(float), offs) > 0
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        top = np.maximum(np.maximum.reduceat(z, offs), 0.0)  # the null option scores 0
        e = np.exp(z - top[seg])
        null = np.exp(-top)
        total = np.add.reduceat(e, offs) + null
        ep = np.where(y, e, 0.0)
        pos = np.where(has_pos, np.add.reduceat(ep, offs), null)
        value = -float(np.sum(np.log(pos) - np.log(total)))
        # d/dz_k: p_k - (share of k among the target options)
        p_all = e / total[seg]
        target = np.where(has_pos[seg], ep / np.where(has_pos, pos, 1.0)[seg], 0.0)
        grad = x.T @ (p_all - target)
        return value + 0.5 * float(penalty @ (w * w)), grad + penalty * w

    res = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 3000})
    w: np.ndarray = res.x
    return w


def pick(w: np.ndarray, page: Page, cut: float) -> set[str]:
    """The names of the best reading when its share of the probability mass (with the null
    option) reaches ``cut`` -- what ``find_author_line`` does."""
    if not page[3]:
        return set()
    z = np.array([f for _, f in page[3]]) @ w
    k = int(np.argmax(z))
    share = 1.0 / (np.exp(-z[k]) + np.exp(z - z[k]).sum())
    return page[3][k][0] if share >= cut else set()


def evaluate(pages: list[Page], l2: float, fmt: str) -> str:
    """Grouped 5-fold CV on the pages with gold authors; pages without are scored by the
    folds' models too, to show how often they get a byline."""
    subset = [p for p in pages if p[1] == fmt]
    gold_pages = [p for p in subset if p[2]]
    other = [p for p in subset if not p[2]]
    groups = np.array([p[0] for p in gold_pages])
    cuts = tuple(sorted({0.0, 0.1, 0.2, 0.3, 0.4, 0.5, MIN_SCORE}))
    f1: dict[float, list[float]] = {cut: [] for cut in cuts}
    named: dict[float, list[bool]] = {cut: [] for cut in cuts}
    per_set: dict[str, list[float]] = {}
    other_named: dict[float, list[bool]] = {cut: [] for cut in cuts}
    other_groups = np.array([p[0] for p in other])
    for fold, (train_idx, test_idx) in enumerate(
        GroupKFold(n_splits=5).split(np.zeros(len(gold_pages)), groups=groups)
    ):
        w = fit([gold_pages[i] for i in train_idx], l2)
        for i in test_idx:
            page = gold_pages[i]
            for cut in cuts:
                got = pick(w, page, cut)
                f1[cut].append(set_f1(got, page[2]))
                named[cut].append(bool(got))
            per_set.setdefault(page[0].split(":")[0], []).append(f1[MIN_SCORE][-1])
        held = set(groups[test_idx])
        for j, page in enumerate(other):  # pages of the held-out sites, or every fifth otherwise
            if other_groups[j] in held or (other_groups[j] not in set(groups) and j % 5 == fold):
                for cut in cuts:
                    other_named[cut].append(bool(pick(w, page, cut)))
    recall = np.mean([any(n & p[2] for n, _ in p[3]) for p in gold_pages])
    lines = [f"[{fmt}] pages {len(subset)}, with gold authors {len(gold_pages)}; gold among readings {recall:.3f}"]
    lines += [f"  CV authors F1 {key} (cut {MIN_SCORE}): {np.mean(v):.3f} (n={len(v)})" for key, v in per_set.items()]
    for cut in cuts:
        right = [x > 0 for x, n in zip(f1[cut], named[cut]) if n]
        lines.append(
            f"  cut {cut}: F1 {np.mean(f1[cut]):.3f}, named {np.mean(named[cut]):.3f}, right when named"
            f" {np.mean(right) if right else 0:.3f}; pages without gold named {np.mean(other_named[cut]):.3f}"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the weights")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    pages = load(Path(args.data))
    spec: dict[str, Any] = {
        "comment": "Written by scripts/train_authors.py; logistic regression over newsclean.meta.authors"
        " features, one weight set per input format (the bias is the first feature)."
    }
    for fmt in ("text", "html"):
        print(evaluate(pages, args.l2, fmt))
        w = fit([p for p in pages if p[1] == fmt and p[2]], args.l2)
        spec[fmt] = {"features": list(AUTHOR_FEATURES), "weights": w.round(5).tolist(), "intercept": 0.0}
    if args.write:
        out = ROOT / "src" / "newsclean" / "data" / "authors_model.json"
        out.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
