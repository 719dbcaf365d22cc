"""Stage 3: label every block body or boilerplate, and say why.

Two passes, in the manner of jusText's classify-then-revise:

1. *context-free*: a logistic model over the line's own features (``features.py``)
   gives each line a body-likeness ``p1``;
2. *context-sensitive*: a second logistic model sees the same features plus the ``p1`` of
   the neighbours, the line's blank-line group and the rest of the page, so a short line
   inside the article survives and a paragraph-like teaser after the article does not.

Weights come from ``data/line_model.json`` (trained by ``scripts/train_lines.py`` on
``../shared/data`` with cross-validation grouped by site). The reason recorded on each block
names the features that pushed its score most.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import mul
from typing import Any

import numpy as np

from .features import FEATURE_NAMES, LineEvidence, line_features, max_run
from .model import Block, Label
from .options import Options
from .resources import read_text

CONTEXT_NAMES: tuple[str, ...] = (
    "p1_logit",
    "p1_prev",
    "p1_next",
    "p1_window2",
    "p1_window5",
    "p1_group",
    "p1_max_before3",
    "p1_max_after3",
    "body_share_after",
    "body_share_before",
    # Wider, length-weighted context: the article is one long stretch of body-like text.
    "p1_wmean10",
    "p1_wmean25",
    # The maximum-sum run of (p1 - 0.5) x length: the smoothest article region by stage 1.
    "in_p1_region",
    "log_dist_p1_region",
    "p1_region_share_before",
    "p1_region_share_after",
    "p1_group_max",
)

STAGE2_NAMES: tuple[str, ...] = FEATURE_NAMES + CONTEXT_NAMES
# Tried: products of line and context features (short line x inside the article, ...).
# Grouped CV: sites +0.005, trafilatura-eval +0.004, readability -0.002; left out.


def stage2_inputs(rows: np.ndarray, context: np.ndarray) -> np.ndarray:
    """Line features and context features side by side, as stage 2 reads them."""
    return np.hstack([rows, context])


@dataclass(frozen=True, slots=True)
class LinearModel:
    names: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    vector: np.ndarray = field(init=False, repr=False, compare=False)  # weights as an array

    def __post_init__(self) -> None:
        object.__setattr__(self, "vector", np.array(self.weights, dtype=float))

    def logit(self, row: list[float]) -> float:
        return self.intercept + float(sum(map(mul, self.weights, row)))

    def contributions(self, row: Sequence[float]) -> list[float]:
        return list(map(mul, self.weights, row))

    def top_evidence(self, contrib: Sequence[float], k: int = 3) -> str:
        """The ``k`` largest contributions (see ``contributions``) by size, bias left out."""
        order = sorted(range(len(contrib)), key=[-abs(c) for c in contrib].__getitem__)
        top = [j for j in order if self.names[j] != "bias"][:k]  # only these are formatted
        return ", ".join(f"{self.names[j]}{'+' if contrib[j] > 0 else '-'}{abs(contrib[j]):.1f}" for j in top)


def linear_model(names: Sequence[str], weights: Sequence[float], intercept: float) -> LinearModel:
    if len(names) != len(weights):
        raise ValueError("model file: features and weights differ in length")
    w = tuple(float(x) for x in weights)
    return LinearModel(tuple(names), w, float(intercept))


@dataclass(frozen=True, slots=True)
class LineModel:
    stage1: LinearModel
    stage2: LinearModel


def _linear(spec: dict[str, Any]) -> LinearModel:
    return linear_model([str(n) for n in spec["features"]], spec["weights"], spec["intercept"])


def load_line_model(name: str, stage1_names: tuple[str, ...], stage2_names: tuple[str, ...]) -> LineModel:
    """The two-stage weights in ``data/<name>``, checked against the feature lists they were
    trained on."""
    spec = json.loads(read_text(name))
    model = LineModel(_linear(spec["stage1"]), _linear(spec["stage2"]))
    if model.stage1.names != stage1_names or model.stage2.names != stage2_names:
        raise ValueError(f"{name} does not match the feature list; retrain it")
    return model


@lru_cache(maxsize=1)
def line_model() -> LineModel:
    return load_line_model("line_model.json", FEATURE_NAMES, STAGE2_NAMES)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(x, -35.0, 35.0)))
    return out


def _window_means(weights: np.ndarray, values: np.ndarray, ks: tuple[int, ...]) -> list[np.ndarray]:
    """Weighted means of ``values`` over each line's window of +-k lines, for each k in ``ks``
    (running sums taken once for all window sizes)."""
    n = len(values)
    cw = np.zeros(n + 1)
    np.cumsum(weights, out=cw[1:])
    cwv = np.zeros(n + 1)
    np.cumsum(weights * values, out=cwv[1:])
    index = np.arange(n)
    means = []
    for k in ks:
        lo, hi = np.maximum(index - k, 0), np.minimum(index + k + 1, n)
        means.append((cwv[hi] - cwv[lo]) / (cw[hi] - cw[lo]))
    return means


def context_features(blocks: list[Block], p1: np.ndarray, pieces: np.ndarray | None = None) -> np.ndarray:
    """Stage-2 inputs: what the neighbours, the group and the rest of the page look like.

    ``pieces``: ``len(b.text.split())`` per block, when the caller has it (``line_features``).
    """
    n = len(p1)
    groups = np.array([b.group for b in blocks])
    # whitespace-separated pieces (for ASCII lines that is b.words), capped like the training weights
    if pieces is None:
        counted = np.array([b.words if b.text.isascii() else len(b.text.split()) for b in blocks])
    else:
        counted = np.where([b.text.isascii() for b in blocks], [b.words for b in blocks], pieces)
    weights = np.minimum(counted, 60) + 1.0
    body_mass = weights * (p1 >= 0.5)
    total_mass = body_mass.sum() or 1.0
    before = np.cumsum(body_mass) - body_mass
    r_start, r_end = max_run(((p1 - 0.5) * weights).tolist())
    r_mass = body_mass[r_start : r_end + 1].sum()
    index = np.arange(n)
    in_region = ((index >= r_start) & (index <= r_end)).astype(float)
    group_max = np.zeros(groups.max() + 1)
    np.maximum.at(group_max, groups, p1)
    pc = np.clip(p1, 1e-4, 1 - 1e-4)
    outside = 1.0 - r_mass / total_mass
    # p1 with three zeros either side: the neighbours' scores are slices of it
    padded = np.zeros(n + 6)
    padded[3 : n + 3] = p1
    prev1, prev2, prev3 = padded[2 : n + 2], padded[1 : n + 1], padded[:n]
    next1, next2, next3 = padded[4 : n + 4], padded[5 : n + 5], padded[6 : n + 6]
    near2, near5 = _window_means(np.ones(n), p1, (2, 5))
    wide10, wide25 = _window_means(weights, p1, (10, 25))
    columns = np.array(
        [
            np.log(pc / (1 - pc)),
            prev1,
            next1,
            near2,
            near5,
            (np.bincount(groups, weights=p1) / np.bincount(groups))[groups],
            np.maximum(np.maximum(prev1, prev2), prev3),
            np.maximum(np.maximum(next1, next2), next3),
            (total_mass - before - body_mass) / total_mass,
            before / total_mass,
            wide10,
            wide25,
            in_region,
            np.log1p(np.where(index < r_start, r_start - index, np.maximum(index - r_end, 0))),
            np.where(index < r_start, outside, 0.0),
            np.where(index > r_end, outside, 0.0),
            group_max[groups],
        ]
    )
    return np.ascontiguousarray(columns.T)




def classify(blocks: list[Block], lang: str | None, options: Options) -> None:
    """Label each block BODY or BOILERPLATE in place, with the evidence as its reason."""
    if blocks:
        lines = line_features(blocks, lang)
        label_lines(blocks, lines.features, lines, line_model(), options)


def label_lines(
    blocks: list[Block], rows: np.ndarray, lines: LineEvidence, model: LineModel, options: Options
) -> None:
    """Run the two stages over stage-1 ``rows`` (the text features, and on the HTML path the
    structural ones beside them) and label each block.

    The reason names the model's score; with ``options.explain`` it also names the three
    features that pushed the score most (working that out for every line costs a fifth of the
    classification time, so batch runs skip it).
    """
    p1 = _sigmoid(rows @ model.stage1.vector + model.stage1.intercept)
    full = stage2_inputs(rows, context_features(blocks, p1, lines.pieces))
    scores = _sigmoid(full @ model.stage2.vector + model.stage2.intercept)
    threshold = options.body_threshold
    # the boilerplate rules already ran for the features; name the one that matched
    for i, (block, rule, score) in enumerate(zip(blocks, lines.rules, scores.tolist())):
        block.score = score
        evidence = ""
        if options.explain:
            evidence = f" ({model.stage2.top_evidence(model.stage2.contributions(full[i].tolist()))})"
        if score >= threshold:
            block.mark(Label.BODY, f"line model p={score:.2f}{evidence}")
        else:
            why = f"matches boilerplate {rule} list; " if rule else ""
            block.mark(Label.BOILERPLATE, f"{why}line model p={score:.2f}{evidence}")
