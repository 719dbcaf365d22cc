#!/usr/bin/env python3
"""Train the publication-date chooser (``newsclean.meta.published``) from the dev corpora.

    pip install -e '.[train]'
    python scripts/train_published.py [--data ../shared/data] [--write] [--min-score 0.5]

Every full date a page prints is a candidate (``date_candidates``); a candidate is positive
when it falls on the gold publication day (the scorer's ``same_day``). Pages come from the
text dumps of trafilatura-eval and readability (the sets with gold dates) and, with
``--html``, from their HTML pages rendered the way the HTML front end renders them. A
logistic regression scores candidates; on each page the best-scoring one is taken if its
score clears the cut-off. Evaluation is cross-validation grouped by site (the page's host),
reporting per set the share of dated pages given the right day, a wrong day, or none, at
several cut-offs. ``--write`` stores the model trained on everything in
``src/newsclean/data/published_model.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from newsclean.classify import classify
from newsclean.decode import decode
from newsclean.language import detect_language
from newsclean.meta.published import ACCEPT_FEATURES, PUBLISHED_FEATURES, acceptor_row, candidate_rows, date_candidates
from newsclean.metadata import first_body_index, read_metadata
from newsclean.model import Label
from newsclean.options import Options
from newsclean.revise import revise
from newsclean.segment_text import segment_text

ROOT = Path(__file__).resolve().parents[1]
NO_CHOICE = Options(published_min_score=2.0)
RANKER_C = float(__import__("os").environ.get("RANKER_C", "1.0"))
CUTS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)


@dataclass
class Page:
    set: str
    id: str
    group: str
    rows: list[list[float]]
    labels: list[int]
    texts: list[str]  # each candidate's line, to read the errors


def _same_day(score_dev, value: str, gold: str) -> bool:
    return bool(score_dev.same_day(value, gold))


def _page_rows(text: str) -> tuple[list[list[float]], list[str], list[str]]:
    blocks = segment_text(text)
    classify(blocks, detect_language(text), Options())
    revise(blocks)
    read_metadata(blocks, NO_CHOICE)  # the blocks as the chooser sees them: no date taken yet
    start = first_body_index(blocks)
    headline_at = next((i for i, b in enumerate(blocks) if b.label is Label.HEADLINE), None)
    cands = date_candidates(blocks)
    if not cands:
        return [], [], []
    rows = candidate_rows(blocks, cands, start, headline_at)
    texts = [f"L{c.index}/{len(blocks)} {c.stamp.text} | {blocks[c.index].text[:70]}" for c in cands]
    return rows, [c.stamp.value or "" for c in cands], texts


def load_pages(data: Path, score_dev) -> list[Page]:
    pages: list[Page] = []
    for set_name in ("trafilatura-eval", "readability"):
        for line in (data / set_name / "gold.jsonl").open(encoding="utf-8"):
            gold = json.loads(line)
            if not (gold.get("published") and score_dev.day(gold["published"])):
                continue
            if set_name == "readability":
                raw = (data / set_name / gold["id"] / "page.txt").read_bytes()
                group = gold["id"].rsplit("-", 1)[0]
            else:
                raw = gzip.open(data / set_name / "text" / f"{gold['id']}.txt.gz").read()
                group = urlparse(gold.get("url") or "").hostname or gold["id"]
                group = ".".join(group.split(".")[-2:])
            rows, values, texts = _page_rows(decode(raw).text)
            labels = [int(_same_day(score_dev, v, gold["published"])) for v in values]
            pages.append(Page(set_name, gold["id"], group, rows, labels, texts))
    return pages


def fit_ranker(pages: list[Page]) -> np.ndarray:
    """Pairwise ranking: on each page, every right-day candidate against every other one."""
    x: list[np.ndarray] = []
    y: list[int] = []
    w: list[float] = []
    for p in pages:
        rows = np.array(p.rows)
        pos = [r for r, lab in zip(rows, p.labels) if lab]
        neg = [r for r, lab in zip(rows, p.labels) if not lab]
        for a in pos:
            for b in neg:
                weight = 1.0 / (len(pos) * len(neg))  # each page weighs the same
                x += [a - b, b - a]
                y += [1, 0]
                w += [weight, weight]
    model = LogisticRegression(C=RANKER_C, max_iter=3000, fit_intercept=False)
    model.fit(np.array(x), np.array(y), sample_weight=np.array(w))
    return np.asarray(model.coef_[0])


def top(ranker: np.ndarray, page: Page) -> tuple[int, list[float]]:
    """The best candidate and its acceptor row (``ACCEPT_FEATURES``)."""
    scores = np.array(page.rows) @ ranker
    order = np.argsort(-scores, kind="stable")
    best = int(order[0])
    return best, acceptor_row(float(scores[best]), float(scores[order[1]]) if len(order) > 1 else None, page.rows[best])


def fit_acceptor(pages: list[Page], folds: int = 3) -> np.ndarray:
    """Whether the best candidate is right, learnt on out-of-fold picks (honest scores)."""
    x: list[list[float]] = []
    y: list[int] = []
    groups = [p.group for p in pages]
    for train, test in GroupKFold(n_splits=folds).split(pages, groups=groups):
        ranker = fit_ranker([pages[i] for i in train])
        for i in test:
            best, row = top(ranker, pages[i])
            x.append(row)
            y.append(pages[i].labels[best])
    model = LogisticRegression(C=1.0, max_iter=3000, fit_intercept=False)
    model.fit(np.array(x), np.array(y))
    return np.asarray(model.coef_[0])


def fit(pages: list[Page]) -> tuple[np.ndarray, np.ndarray]:
    pages = [p for p in pages if p.rows]
    return fit_ranker(pages), fit_acceptor(pages)


def choose(model: tuple[np.ndarray, np.ndarray], page: Page) -> tuple[int, float] | None:
    if not page.rows:
        return None
    best, row = top(model[0], page)
    return best, float(1.0 / (1.0 + np.exp(-(np.array(row) @ model[1]))))


def cross_validated_picks(pages: list[Page], folds: int = 5) -> dict[int, tuple[int, float] | None]:
    groups = [p.group for p in pages]
    picks: dict[int, tuple[int, float] | None] = {}
    for train, test in GroupKFold(n_splits=folds).split(pages, groups=groups):
        model = fit([pages[i] for i in train])
        for i in test:
            picks[i] = choose(model, pages[i])
    return picks


def evaluate(
    pages: list[Page], picks: dict[int, tuple[int, float] | None]
) -> dict[str, dict[float, tuple[float, float, float]]]:
    out: dict[str, dict[float, tuple[float, float, float]]] = {}
    for set_name in sorted({p.set for p in pages}):
        idx = [i for i, p in enumerate(pages) if p.set == set_name]
        out[set_name] = {}
        for cut in CUTS:
            right = wrong = 0
            for i in idx:
                pick = picks[i]
                if pick is None or pick[1] < cut:
                    continue
                if pages[i].labels[pick[0]]:
                    right += 1
                else:
                    wrong += 1
            out[set_name][cut] = (right / len(idx), wrong / len(idx), 1 - (right + wrong) / len(idx))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--cache", action="store_true", help="reuse the candidates of the last run (experiments)")
    ap.add_argument("--show-wrong", type=float, metavar="CUT", help="list wrong picks scoring at least CUT")
    ap.add_argument("--write", action="store_true", help="store the model trained on all pages")
    args = ap.parse_args()
    sys.path.insert(0, str(args.data.parent / "tools"))
    import score_dev  # type: ignore[import-not-found]

    cache = Path("/tmp/newsclean_published_pages.pkl")
    if args.cache and cache.exists():
        pages = pickle.loads(cache.read_bytes())
    else:
        pages = load_pages(args.data, score_dev)
        cache.write_bytes(pickle.dumps(pages))
    reachable = sum(1 for p in pages if any(p.labels))
    print(f"{len(pages)} dated pages, {reachable} print their day, {sum(len(p.rows) for p in pages)} candidates")
    picks = cross_validated_picks(pages)
    if args.show_wrong is not None:
        for i, page in enumerate(pages):
            pick = picks[i]
            if pick and pick[1] >= args.show_wrong and not page.labels[pick[0]]:
                print(
                    f"WRONG {page.set}:{page.id} p={pick[1]:.2f} {page.texts[pick[0]]!r} right: "
                    f"{[t for t, lab in zip(page.texts, page.labels) if lab][:2]}"
                )
    for set_name, by_cut in evaluate(pages, picks).items():
        n = sum(1 for p in pages if p.set == set_name)
        print(f"{set_name} (n={n}, grouped 5-fold CV)")
        for cut, (right, wrong, none) in by_cut.items():
            print(f"  cut {cut:.2f}: same day {right:.3f}  wrong {wrong:.3f}  none {none:.3f}")
    if args.write:
        ranker, acceptor = fit(pages)
        spec = {
            "trained_on": f"{len(pages)} dated pages of trafilatura-eval and readability (text dumps)",
            "ranker": {"features": list(PUBLISHED_FEATURES), "weights": [round(float(w), 5) for w in ranker]},
            "acceptor": {"features": list(ACCEPT_FEATURES), "weights": [round(float(w), 5) for w in acceptor]},
        }
        path = ROOT / "src" / "newsclean" / "data" / "published_model.json"
        path.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
