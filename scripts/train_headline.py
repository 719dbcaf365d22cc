#!/usr/bin/env python3
"""Train the headline ranker (``newsclean.headline``) from the dev corpora's gold headlines.

    pip install -e '.[train]'
    python scripts/train_headline.py [--data ../shared/data] [--write]

For each page, the candidate lines around the article's start are scored; the label is
whether the line (with dump separators stripped) equals the gold headline after NFKC,
casefolding and whitespace collapse (the scorer's rule). Pages whose gold headline is not
among the candidates teach nothing and are skipped in training (but count as misses in
the evaluation). Cross-validation is grouped by site. ``--write`` stores the weights,
trained on everything, in ``src/newsclean/data/headline_model.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from newsclean.classify import classify
from newsclean.headline import HEADLINE_FEATURES, candidate_features, clean_headline
from newsclean.language import detect_language
from newsclean.metadata import label_furniture
from newsclean.options import Options
from newsclean.revise import revise
from newsclean.segment_text import segment_text

ROOT = Path(__file__).resolve().parents[1]


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s).casefold()).strip()


def pages(data: Path):  # type: ignore[no-untyped-def]
    for line in open(data / "trafilatura-eval" / "gold.jsonl", encoding="utf-8"):
        g = json.loads(line)
        if g.get("headline"):
            host = urlparse(g.get("url") or "").netloc.removeprefix("www.") or g["id"]
            raw = gzip.open(data / "trafilatura-eval" / "text" / f"{g['id']}.txt.gz").read()
            yield "te:" + host, raw, g["headline"]
    for line in open(data / "sites" / "gold.jsonl", encoding="utf-8"):
        g = json.loads(line)
        raw = (data / "sites" / "text" / g["group"] / f"{g['id']}.txt").read_bytes()
        yield "sites:" + g["site"], raw, g["headline"]
    for line in open(data / "readability" / "gold.jsonl", encoding="utf-8"):
        g = json.loads(line)
        if g.get("headline"):
            site = re.sub(r"-\d+$", "", g["id"])
            yield "rd:" + site, (data / "readability" / g["id"] / "page.txt").read_bytes(), g["headline"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    options = Options()
    docs = []
    for group, raw, gold in pages(Path(args.data)):
        text = raw.decode("utf-8", errors="replace")
        blocks = segment_text(text)
        classify(blocks, detect_language(text), options)
        revise(blocks)
        _, start = label_furniture(blocks)
        rows = candidate_features(blocks, start)
        target = norm(gold)
        labels = [1.0 if norm(clean_headline(blocks[i].text)) == target else 0.0 for i, _ in rows]
        docs.append((group, [r for _, r in rows], labels))
    print(f"pages {len(docs)}; gold among candidates: {sum(1 for d in docs if any(d[2])) / len(docs):.3f}")

    def fit(subset: list[int]) -> LogisticRegression:
        xs, ys, ws = [], [], []
        for d in subset:
            _, rows, labels = docs[d]
            if not any(labels):
                continue
            for r, y in zip(rows, labels):
                xs.append(r)
                ys.append(y)
                ws.append(1.0 / len(rows) if not y else 1.0)
        model = LogisticRegression(C=args.c, max_iter=3000)
        model.fit(np.array(xs), np.array(ys), sample_weight=np.array(ws))
        return model

    groups = np.array([d[0] for d in docs])
    hits: dict[str, list[float]] = {}
    best_scores: list[tuple[float, bool, str]] = []
    for train, test in GroupKFold(n_splits=5).split(np.zeros(len(docs)), groups=groups):
        model = fit(list(train))
        for d in test:
            group, rows, labels = docs[d]
            key = group.split(":")[0]
            if not rows:
                hits.setdefault(key, []).append(0.0)
                continue
            p = model.predict_proba(np.array(rows))[:, 1]
            k = int(np.argmax(p))
            hits.setdefault(key, []).append(labels[k])
            best_scores.append((float(p[k]), bool(labels[k]), key))
    for key, vals in hits.items():
        print(f"CV headline exact {key}: {np.mean(vals):.3f} (n={len(vals)})")
    for cut in (0.02, 0.05, 0.1, 0.2):
        lost = sum(1 for s, ok, _ in best_scores if ok and s < cut)
        dropped = sum(1 for s, _, _ in best_scores if s < cut)
        print(f"cut-off {cut}: drops {dropped} picks, {lost} of them right")
    if args.write:
        model = fit(list(range(len(docs))))
        out = ROOT / "src" / "newsclean" / "data" / "headline_model.json"
        spec = {
            "comment": "Written by scripts/train_headline.py; logistic ranker over newsclean.headline features.",
            "features": list(HEADLINE_FEATURES),
            "weights": model.coef_[0].round(5).tolist(),
            "intercept": round(float(model.intercept_[0]), 5),
        }
        out.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
