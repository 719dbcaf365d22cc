#!/usr/bin/env python3
"""Train the template stage (``--learn-templates``) and write its weights.

    pip install -e '.[train]'
    python scripts/train_templates.py [--mode text|html] [--data ../shared/data] [--write]

Pages are grouped into sites exactly as ``newsclean extract --learn-templates`` groups them
(``newsclean.fingerprint``: the declared URL's host, else the folder), and every group's
template is learned from all its pages. The stage is a logistic regression over the line
model's score and the repeat evidence (``templates.evidence.TEMPLATE_FEATURES``); the line
model's scores are its out-of-fold scores (``train_lines.cross_validate``), as on a site it
never saw. Labels are ``train_lines``'s. Evaluation is cross-validation grouped by site; the
figures printed are body scores per set without and with the template stage (lines of pages
whose group has too few pages keep their line-model score). ``--write`` stores the weights,
trained on every grouped page, under the mode's key in ``src/newsclean/data/template_model.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_lines
from train_lines import SET_WEIGHT, Doc, fit, page_path, predict_rows

from newsclean.options import Options
from newsclean.pipeline import fingerprint
from newsclean.templates.evidence import TEMPLATE_FEATURES, attach_repeats, template_rows
from newsclean.templates.learner import TemplateLearner

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsclean" / "data" / "template_model.json"


def site_keys(docs: list[Doc], mode: str) -> list[str | None]:
    keys = []
    for doc in docs:
        path = page_path(train_lines.DATA, doc.set, doc.gold, mode)
        keys.append(fingerprint(path.read_bytes() if path.suffix != ".gz" else _gunzip(path),
                                format=mode, path=str(path)).site)
    return keys


def _gunzip(path: Path) -> bytes:
    import gzip

    return gzip.open(path).read()


def learn(docs: list[Doc], keys: list[str | None]) -> TemplateLearner:
    learner = TemplateLearner()
    from newsclean.templates.fingerprint import page_print

    for doc, key in zip(docs, keys):
        learner.add(page_print(key, [b.text for b in doc.blocks]))
    return learner


def rows_of(docs: list[Doc], keys: list[str | None], learner: TemplateLearner,
            p2: list[list[float]]) -> list[np.ndarray | None]:
    out: list[np.ndarray | None] = []
    for doc, key, p in zip(docs, keys, p2):
        profile = learner.profile(key)
        if profile is None or not doc.blocks:
            out.append(None)
            continue
        if not attach_repeats(doc.blocks, profile, Options()):
            out.append(None)  # the page shows no template of its group: single-page record
            continue
        out.append(template_rows(doc.blocks, np.asarray(p, dtype=float)))
    return out


def training_arrays(docs: list[Doc], rows: list[np.ndarray | None], idx: list[int]):
    xs, ys, ws = [], [], []
    for d in idx:
        if rows[d] is None:
            continue
        doc = docs[d]
        for i, lab in enumerate(doc.labels):
            if lab is None or doc.blocks[i].repeats.others == 0:
                continue  # lines on no other page keep the line model's score
            xs.append(rows[d][i])
            ys.append(lab)
            ws.append(doc.weights[i] * SET_WEIGHT[doc.set] * 100)
    return np.array(xs), np.array(ys), np.array(ws)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(train_lines.DATA))
    ap.add_argument("--sets", default="readability,sites,trafilatura-eval")
    ap.add_argument("--mode", choices=("text", "html"), default="text")
    ap.add_argument("--folds", type=int, default=5, help="folds of the line model's out-of-fold scores")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--headline", action="store_true",
                    help="train the headline adjustment (headline_<mode>) instead of the line stage")
    ap.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args()
    train_lines.DATA = Path(args.data)
    if args.headline:
        return train_headline(args)
    docs = train_lines.load(train_lines.DATA, args.sets.split(","), args.mode)
    keys = site_keys(docs, args.mode)
    learner = learn(docs, keys)
    _, p2 = train_lines.cross_validate(docs, 1.0, args.folds)
    rows = rows_of(docs, keys, learner, p2)
    grouped = [d for d, r in enumerate(rows) if r is not None]
    print(f"docs {dict(Counter(d.set for d in docs))}; with a site template "
          f"{dict(Counter(docs[d].set for d in grouped))}; {len(learner.sites())} groups")
    # grouped CV over the pages with a template, by site
    groups = np.array([docs[d].group for d in grouped])
    folds = min(9, len(set(groups)))
    p3 = [list(p) for p in p2]
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(np.zeros(len(grouped)), groups=groups):
        model = fit(*training_arrays(docs, rows, [grouped[i] for i in train_idx]), c=args.c)
        for i in test_idx:
            d = grouped[i]
            p3[d] = [q if b.repeats.others > 0 else p for b, p, q in
                     zip(docs[d].blocks, p2[d], predict_rows(model, rows[d]))]
    for th in (0.4, 0.5, 0.6):
        print(f"threshold {th}: line model {fmt(train_lines.score(docs, p2, th))}")
        print(f"{'':15}+ template {fmt(train_lines.score(docs, p3, th))}")
    by_year = {}
    for d in grouped:
        if docs[d].set == "sites":
            by_year.setdefault(docs[d].gold["year"], []).append(d)
    for year, ds in sorted(by_year.items()):
        sub = [docs[d] for d in ds]
        a = train_lines.score(sub, [p2[d] for d in ds], 0.5)["sites"]
        b = train_lines.score(sub, [p3[d] for d in ds], 0.5)["sites"]
        print(f"sites {year}: line model {a:.3f}  + template {b:.3f}")
    if args.write:
        model = fit(*training_arrays(docs, rows, grouped), c=args.c)
        spec = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
        spec["comment"] = "Written by scripts/train_templates.py; logistic regressions over templates.evidence."
        spec[args.mode] = {"features": list(TEMPLATE_FEATURES), "weights": model.coef.round(5).tolist(),
                           "intercept": round(model.intercept, 5)}
        OUT.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
        print("weights:", dict(zip(TEMPLATE_FEATURES, model.coef.round(3).tolist())), round(model.intercept, 3))
        print(f"wrote {OUT}")
    return 0


def train_headline(args: argparse.Namespace) -> int:
    """The headline adjustment: a conditional logit over each page's ranker candidates with
    the ranker's own logit as a fixed offset, so only the template weights are learned.
    Candidates are recorded as the pipeline ranks them (``headline.candidate_features``
    wrapped), on pages extracted with their site's template."""
    from train_headline import norm

    import newsclean.headline as headline_module
    from newsclean.headline import continues_previous_line, headline_model, title_from_line
    from newsclean.pipeline import extract
    from newsclean.templates.evidence import HEADLINE_TEMPLATE_FEATURES, headline_rows

    mode = args.mode
    gold = [json.loads(line) for line in open(train_lines.DATA / "sites" / "gold.jsonl", encoding="utf-8")]
    paths = [page_path(train_lines.DATA, "sites", g, mode) for g in gold]
    datas = [_gunzip(p) if p.suffix == ".gz" else p.read_bytes() for p in paths]
    learner = TemplateLearner()
    prints = [fingerprint(d, format=mode, path=str(p)) for d, p in zip(datas, paths)]
    learner.add_all(prints)
    captured: list[tuple[list, list]] = []
    original = headline_module.candidate_features

    def recording(blocks, start, *a, **k):  # type: ignore[no-untyped-def]
        rows = original(blocks, start, *a, **k)
        captured.append((blocks, rows))
        return rows

    headline_module.candidate_features = recording  # type: ignore[assignment]
    ranker = headline_model().ranker
    pages = []  # (site, offsets, template rows, labels)
    for g, d, p, pr in zip(gold, datas, paths, prints):
        captured.clear()
        profile = learner.profile(pr.site)
        if profile is None:
            continue
        extract(d, format=mode, path=str(p), template=profile)
        blocks, rows = captured[-1]
        rows = [(i, r) for i, r in rows if not continues_previous_line(blocks, i)]
        if not rows or blocks[0].repeats is None:
            continue  # no candidates, or the page shows no template of its group
        idx = [i for i, _ in rows]
        from newsclean.options import Options
        from newsclean.templates.evidence import site_furniture
        furniture = site_furniture(blocks, Options())
        t = headline_rows(blocks, idx, furniture)
        offsets = np.array([ranker.logit(r) for _, r in rows])
        target = norm(g["headline"] or "")
        labels = np.array([norm(title_from_line(blocks[i].text)) == target for i in idx])
        pages.append((g["site"], offsets, t, labels))
    headline_module.candidate_features = original  # type: ignore[assignment]
    groups = np.array([s for s, *_ in pages])
    base = hit = 0.0
    for train_idx, test_idx in GroupKFold(n_splits=9).split(np.zeros(len(pages)), groups=groups):
        w = fit_offset([pages[i] for i in train_idx], args.l2)
        for i in test_idx:
            _, off, t, lab = pages[i]
            base += lab[int(np.argmax(off))]
            hit += lab[int(np.argmax(off + t @ w))]
    n = len(gold)
    print(f"sites {mode}: {len(pages)} pages with a template; grouped CV headline exact (of all {n}): "
          f"ranker {base / n:.3f}, + template {hit / n:.3f}")
    if args.write:
        w = fit_offset(pages, args.l2)
        spec = json.loads(OUT.read_text(encoding="utf-8"))
        spec[f"headline_{mode}"] = {"features": list(HEADLINE_TEMPLATE_FEATURES),
                                    "weights": w.round(5).tolist(), "intercept": 0.0}
        OUT.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
        print("weights:", dict(zip(HEADLINE_TEMPLATE_FEATURES, w.round(3).tolist())))
        print(f"wrote {OUT}")
    return 0


def fit_offset(pages: list, l2: float) -> np.ndarray:
    """Maximise sum over pages of log softmax(offset + T w)[gold] - l2/2 |w|^2."""
    from scipy.optimize import minimize

    used = [p for p in pages if p[3].any()]
    width = used[0][2].shape[1]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = 0.5 * l2 * float(w @ w), l2 * w
        for _, off, t, lab in used:
            z = off + t @ w
            z = z - z.max()
            e = np.exp(z)
            p_all = e / e.sum()
            ep = np.where(lab, e, 0.0)
            p_pos = ep / ep.sum()
            value -= float(np.log(ep.sum()) - np.log(e.sum()))
            grad = grad + t.T @ (p_all - p_pos)
        return value, grad

    return minimize(loss, np.zeros(width), jac=True, method="L-BFGS-B").x


def fmt(scores: dict[str, float]) -> str:
    return "  ".join(f"{k} {v:.3f}" for k, v in sorted(scores.items()))


if __name__ == "__main__":
    sys.exit(main())
