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
import math
from dataclasses import dataclass
from functools import lru_cache

from .features import FEATURE_NAMES, boilerplate_match, compute_features
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
)


@dataclass(frozen=True, slots=True)
class LinearModel:
    names: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float

    def logit(self, row: list[float]) -> float:
        return self.intercept + sum(w * x for w, x in zip(self.weights, row))

    def top_evidence(self, row: list[float], k: int = 3) -> str:
        contrib = sorted(
            ((w * x, name) for w, x, name in zip(self.weights, row, self.names) if name != "bias"),
            key=lambda t: -abs(t[0]),
        )[:k]
        return ", ".join(f"{name}{'+' if c > 0 else '-'}{abs(c):.1f}" for c, name in contrib)


@dataclass(frozen=True, slots=True)
class LineModel:
    stage1: LinearModel
    stage2: LinearModel


def _linear(spec: dict[str, object]) -> LinearModel:
    names = tuple(str(n) for n in spec["features"])  # type: ignore[attr-defined]
    weights = tuple(float(w) for w in spec["weights"])  # type: ignore[attr-defined]
    if len(names) != len(weights):
        raise ValueError("line_model.json: features and weights differ in length")
    return LinearModel(names, weights, float(spec["intercept"]))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def line_model() -> LineModel:
    spec = json.loads(read_text("line_model.json"))
    model = LineModel(_linear(spec["stage1"]), _linear(spec["stage2"]))
    if model.stage1.names != FEATURE_NAMES or model.stage2.names != FEATURE_NAMES + CONTEXT_NAMES:
        raise ValueError("line_model.json does not match the feature list; retrain it")
    return model


def sigmoid(x: float) -> float:
    if x < -35:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def context_features(blocks: list[Block], p1: list[float]) -> list[list[float]]:
    """Stage-2 inputs: what the neighbours, the group and the rest of the page look like."""
    n = len(p1)
    group_sum: dict[int, list[float]] = {}
    for b, p in zip(blocks, p1):
        acc = group_sum.setdefault(b.group, [0.0, 0.0])
        acc[0] += p
        acc[1] += 1
    weights = [min(len(b.text.split()), 60) + 1 for b in blocks]
    body_mass = [w * (p >= 0.5) for w, p in zip(weights, p1)]
    total_mass = sum(body_mass) or 1.0
    before = 0.0
    rows = []
    for i, p in enumerate(p1):
        lo2, hi2 = max(0, i - 2), min(n, i + 3)
        lo5, hi5 = max(0, i - 5), min(n, i + 6)
        acc = group_sum[blocks[i].group]
        pc = min(max(p, 1e-4), 1 - 1e-4)
        rows.append(
            [
                math.log(pc / (1 - pc)),
                p1[i - 1] if i > 0 else 0.0,
                p1[i + 1] if i + 1 < n else 0.0,
                sum(p1[lo2:hi2]) / (hi2 - lo2),
                sum(p1[lo5:hi5]) / (hi5 - lo5),
                acc[0] / acc[1],
                max(p1[max(0, i - 3) : i], default=0.0),
                max(p1[i + 1 : i + 4], default=0.0),
                (total_mass - before - body_mass[i]) / total_mass,
                before / total_mass,
            ]
        )
        before += body_mass[i]
    return rows


def classify(blocks: list[Block], lang: str | None, options: Options) -> None:
    """Label each block BODY or BOILERPLATE in place, with the evidence as its reason."""
    if not blocks:
        return
    model = line_model()
    rows = compute_features(blocks, lang)
    p1 = [sigmoid(model.stage1.logit(r)) for r in rows]
    context = context_features(blocks, p1)
    for block, row, ctx in zip(blocks, rows, context):
        full = row + ctx
        block.score = sigmoid(model.stage2.logit(full))
        evidence = model.stage2.top_evidence(full)
        if block.score >= options.body_threshold:
            block.mark(Label.BODY, f"line model p={block.score:.2f} ({evidence})")
        else:
            rule = boilerplate_match(block.text)
            why = f"matches boilerplate {rule} list; " if rule else ""
            block.mark(Label.BOILERPLATE, f"{why}line model p={block.score:.2f} ({evidence})")
