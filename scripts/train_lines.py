#!/usr/bin/env python3
"""Train the line classifier (body vs not) from the dev corpora and write its weights.

    pip install -e '.[train]'
    python scripts/train_lines.py [--data ../shared/data] [--write]

Labels come from the gold answers: for readability and sites, a dump line is body when most
of its 4-token shingles occur in the gold body (short lines: when the line is a gold
paragraph); for trafilatura-eval, a line holding a "with" snippet is body and one holding a
"without" snippet is not (other lines are unlabelled). Each document weighs the same within
its set, as in the scorer (set weights: ``SET_WEIGHT``). The model is two logistic
regressions: stage 1 on the line's own features, stage 2 on stage-1 scores of its
neighbours (context). Evaluation is cross-validation grouped by site, so no page is scored
by a model that saw its site; readability is also reported on its news pages alone
("readability-news"). ``--write`` stores the weights in ``src/newsclean/data/line_model.json``
(trained on everything).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from newsclean.classify import CONTEXT_NAMES, STAGE2_NAMES, context_features, stage2_inputs
from newsclean.decode import decode
from newsclean.errors import NewscleanError
from newsclean.features import FEATURE_NAMES, compute_features
from newsclean.html.classify import HTML_STAGE1_NAMES, HTML_STAGE2_NAMES, html_line_features
from newsclean.html.parse import parse_html
from newsclean.html.segment import render_blocks
from newsclean.language import detect_language
from newsclean.segment_text import normalize_space, segment_text

ROOT = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r"\w+")


@dataclass
class Doc:
    set: str
    id: str
    group: str
    text: str
    labels: list[float | None]  # per block; None = unlabelled
    weights: list[float]
    feats: list[list[float]]
    gold: dict
    blocks: list = field(default_factory=list)


def shingles(tokens: list[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def label_full_gold(texts: list[str], gold_body: str) -> list[float | None]:
    gold_tokens = TOKEN.findall(gold_body)
    gold_sh = shingles(gold_tokens)
    gold_paras = {normalize_space(p).casefold() for p in gold_body.split("\n") if p.strip()}
    out: list[float | None] = []
    for text in texts:
        toks = TOKEN.findall(text)
        if len(toks) >= 4:
            sh = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
            share = sum(1 for s in sh if s in gold_sh) / len(sh)
            out.append(1.0 if share >= 0.5 else 0.0)
        else:
            out.append(1.0 if text.casefold() in gold_paras else 0.0)
    return out


def label_snippets(texts: list[str], with_: list[str], without: list[str]) -> list[float | None]:
    out: list[float | None] = [None] * len(texts)
    joined = ""
    spans = []
    for t in texts:
        spans.append((len(joined), len(joined) + len(t)))
        joined += t + " "
    for snippets, value in ((without, 0.0), (with_, 1.0)):
        for snip in snippets:
            s = " ".join(snip.split())
            if not s:
                continue
            pos = joined.find(s)
            if pos < 0:
                continue
            end = pos + len(s)
            for i, (a, b) in enumerate(spans):
                if a < end and pos < b:
                    out[i] = value
    return out


def doc_weights(texts: list[str], labels: list[float | None]) -> list[float]:
    raw = [min(len(t.split()), 60) + 1 if lab is not None else 0.0 for t, lab in zip(texts, labels)]
    total = sum(raw) or 1.0
    return [r / total for r in raw]


def page_path(data: Path, set_name: str, g: dict, mode: str) -> Path:
    if set_name == "readability":
        return data / "readability" / g["id"] / ("page.html.gz" if mode == "html" else "page.txt")
    if set_name == "sites":
        if mode == "html":
            return data / "sites" / "html" / g["group"] / f"{g['id']}.html.gz"
        return data / "sites" / "text" / g["group"] / f"{g['id']}.txt"
    if mode == "html":
        return data / "trafilatura-eval" / "html" / f"{g['file']}.gz"
    return data / "trafilatura-eval" / "text" / f"{g['id']}.txt.gz"


def read_page(path: Path, mode: str) -> tuple[str, list, np.ndarray]:
    """The page's text, its blocks and their stage-1 features, as the pipeline sees them."""
    raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    if mode == "text":
        text = raw.decode("utf-8", errors="replace")
        blocks = segment_text(text)
        return text, blocks, compute_features(blocks, detect_language(text))
    try:
        html = decode(raw).text
    except NewscleanError:
        html = raw.decode("utf-8", errors="replace")
    blocks = render_blocks(parse_html(html))
    text = "\n".join(b.text for b in blocks)
    return text, blocks, html_line_features(blocks, detect_language(text))


def load(data: Path, sets: list[str], mode: str = "text") -> list[Doc]:
    docs: list[Doc] = []
    for set_name in sets:
        gold = [json.loads(line) for line in open(data / set_name / "gold.jsonl", encoding="utf-8")]
        for g in gold:
            if set_name == "readability":
                group = re.sub(r"-\d+$", "", g["id"])
            elif set_name == "sites":
                group = g["site"]
            else:
                group = urlparse(g.get("url") or "").netloc.removeprefix("www.") or g["id"]
            path = page_path(data, set_name, g, mode)
            if not path.exists():
                continue
            text, blocks, feats = read_page(path, mode)
            texts = [b.text for b in blocks]
            if set_name == "trafilatura-eval":
                labels = label_snippets(texts, g.get("with", []), g.get("without", []))
            else:
                labels = label_full_gold(texts, g.get("body") or "")
            docs.append(Doc(set_name, g["id"], f"{set_name}:{group}", text, labels,
                            doc_weights(texts, labels), feats, g, blocks))
    return docs


def stage2_rows(doc: Doc, p1: list[float]) -> np.ndarray:
    if not len(doc.feats):
        return np.zeros((0, len(STAGE2_NAMES)))
    return stage2_inputs(doc.feats, context_features(doc.blocks, np.asarray(p1, dtype=float)))


# How much one document of each set weighs in training (each document's lines sum to this).
# trafilatura-eval labels only a few snippet lines per page, so its pages count half.
# Grouped CV with readability x2 or x3 (sites x0.5) moved no set by more than 0.003 and
# lowered sites and trafilatura-eval, so the sets stay even.
SET_WEIGHT = {"readability": 1.0, "sites": 1.0, "trafilatura-eval": 0.5}


@dataclass
class Linear:
    """A fitted logistic model in raw feature units (what classify.py evaluates)."""

    coef: np.ndarray
    intercept: float


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> Linear:
    # Standardised inputs: lbfgs converges in far fewer steps and C penalises every
    # feature on the same scale; the weights are mapped back to raw units afterwards.
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-9] = 1.0
    mean[std == 1.0] = 0.0
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit((x - mean) / std, y, sample_weight=w)
    coef = model.coef_[0] / std
    return Linear(coef, float(model.intercept_[0] - (coef * mean).sum()))


def flat(docs: list[Doc], rows: list[list[list[float]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    xs, ys, ws, idx = [], [], [], []
    for d, (doc, r) in enumerate(zip(docs, rows)):
        for i, (lab, w, f) in enumerate(zip(doc.labels, doc.weights, r)):
            if lab is None:
                continue
            xs.append(f)
            ys.append(lab)
            ws.append(w * SET_WEIGHT[doc.set] * 100)
            idx.append((d, i))
    return np.array(xs), np.array(ys), np.array(ws), idx


def predict_rows(model: Linear, rows: np.ndarray | list[list[float]]) -> list[float]:
    if not len(rows):
        return []
    z = np.array(rows) @ model.coef + model.intercept
    return list(1.0 / (1.0 + np.exp(-np.clip(z, -35, 35))))


def fit_stages(docs: list[Doc], c: float) -> tuple[Linear, Linear]:
    """Stage 1 on ``docs``; stage 2 on stage-1 scores from an inner grouped split, so its
    inputs look like the scores of pages stage 1 never saw (no leakage)."""
    inner_p1: dict[int, list[float]] = {}
    groups = np.array([d.group for d in docs])
    for a, b in GroupKFold(n_splits=3).split(np.zeros(len(docs)), groups=groups):
        m = fit(*flat([docs[i] for i in a], [docs[i].feats for i in a])[:3], c=c)
        for i in b:
            inner_p1[i] = predict_rows(m, docs[i].feats)
    m1 = fit(*flat(docs, [d.feats for d in docs])[:3], c=c)
    m2 = fit(*flat(docs, [stage2_rows(d, inner_p1[i]) for i, d in enumerate(docs)])[:3], c=c)
    return m1, m2


def cross_validate(docs: list[Doc], c: float, folds: int) -> tuple[list[list[float]], list[list[float]]]:
    groups = np.array([d.group for d in docs])
    p1_oof: list[list[float]] = [[] for _ in docs]
    p2_oof: list[list[float]] = [[] for _ in docs]
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(np.zeros(len(docs)), groups=groups):
        m1, m2 = fit_stages([docs[i] for i in train_idx], c)
        for i in test_idx:
            p1 = predict_rows(m1, docs[i].feats)
            p1_oof[i] = p1
            p2_oof[i] = predict_rows(m2, stage2_rows(docs[i], p1))
    return p1_oof, p2_oof


def score(docs: list[Doc], probs: list[list[float]], threshold: float) -> dict[str, float]:
    sys.path.insert(0, str(DATA.parent / "tools"))
    import score_dev  # type: ignore[import-not-found]

    per_set: dict[str, list] = {}
    for doc, p in zip(docs, probs):
        body = "\n\n".join(b.text for b, q in zip(doc.blocks, p) if q >= threshold)
        if doc.set == "trafilatura-eval":
            c = score_dev.snippet_counts(body, doc.gold)
            per_set.setdefault(doc.set, []).append(c)
        else:
            pr, rc, _, _ = score_dev.shingle_prf(body, doc.gold.get("body") or "")
            per_set.setdefault(doc.set, []).append((pr, rc))
            if doc.gold.get("kind") == "news":
                per_set.setdefault("readability-news", []).append((pr, rc))
    out = {}
    for s, vals in per_set.items():
        if s == "trafilatura-eval":
            wf = sum(v[0] for v in vals)
            wt = sum(v[1] for v in vals)
            wp = sum(v[2] for v in vals)
            wn = sum(v[3] for v in vals)
            out[s] = score_dev.hmean(wf / wt, (wn - wp) / wn)
        else:
            p = float(np.mean([v[0] for v in vals]))
            r = float(np.mean([v[1] for v in vals]))
            out[s] = score_dev.hmean(p, r)
    return out


def export(docs: list[Doc], c: float, mode: str) -> dict:
    m1, m2 = fit_stages(docs, c)
    names1, names2 = (FEATURE_NAMES, STAGE2_NAMES) if mode == "text" else (HTML_STAGE1_NAMES, HTML_STAGE2_NAMES)
    return {
        "comment": f"Written by scripts/train_lines.py --mode {mode}; logistic regressions over newsclean.features"
        + ("" if mode == "text" else " and newsclean.html.dom_features") + ".",
        "stage1": {"features": list(names1), "weights": m1.coef.round(5).tolist(),
                   "intercept": round(m1.intercept, 5)},
        "stage2": {"features": list(names2),
                   "weights": m2.coef.round(5).tolist(), "intercept": round(m2.intercept, 5)},
    }


DATA = ROOT.parent / "shared" / "data"


def main() -> int:
    global DATA
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--sets", default="readability,sites,trafilatura-eval")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--mode", choices=("text", "html"), default="text",
                    help="train on the text dumps (line_model.json) or the HTML pages (html_line_model.json)")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    DATA = Path(args.data)
    docs = load(DATA, args.sets.split(","), args.mode)
    labelled = Counter(d.set for d in docs)
    print(f"docs: {dict(labelled)}; features {len(FEATURE_NAMES)} + context {len(CONTEXT_NAMES)}")
    p1, p2 = cross_validate(docs, args.c, args.folds)
    for th in (0.3, 0.4, 0.5, 0.6):
        print(f"threshold {th}: stage1 {score(docs, p1, th)}  stage2 {score(docs, p2, th)}")
    if args.write:
        model = export(docs, args.c, args.mode)
        name = "line_model.json" if args.mode == "text" else "html_line_model.json"
        out = ROOT / "src" / "newsclean" / "data" / name
        out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
