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
from operator import mul

from .features import FEATURE_NAMES, boilerplate_match, compute_features, max_run
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


@dataclass(frozen=True, slots=True)
class LinearModel:
    names: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float

    def logit(self, row: list[float]) -> float:
        return self.intercept + float(sum(map(mul, self.weights, row)))

    def contributions(self, row: list[float]) -> list[float]:
        return list(map(mul, self.weights, row))

    def top_evidence(self, contrib: list[float], k: int = 3) -> str:
        """The ``k`` largest contributions by size, bias left out (it is the same for every line)."""
        size = list(map(abs, contrib))
        if self.names[0] == "bias":
            size[0] = -1.0
        parts = []
        for _ in range(k):  # k passes of max() beat sorting ~60 contributions
            top = max(size)
            j = size.index(top)
            size[j] = -1.0
            c = contrib[j]
            parts.append(f"{self.names[j]}{'+' if c > 0 else '-'}{top:.1f}")
        return ", ".join(parts)


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


def _window(cw: list[float], cwp: list[float], i: int, k: int, n: int) -> float:
    lo, hi = max(0, i - k), min(n, i + k + 1)
    return (cwp[hi] - cwp[lo]) / (cw[hi] - cw[lo])


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
    # prefix sums of weight and weight x p1 for the windowed weighted means
    cw = [0.0]
    cwp = [0.0]
    for w, p in zip(weights, p1):
        cw.append(cw[-1] + w)
        cwp.append(cwp[-1] + w * p)
    r_start, r_end = max_run([(p - 0.5) * w for p, w in zip(p1, weights)])
    r_mass = sum(body_mass[r_start : r_end + 1])
    group_max: dict[int, float] = {}
    for b, p in zip(blocks, p1):
        group_max[b.group] = max(group_max.get(b.group, 0.0), p)
    before = 0.0
    rows = []
    for i, p in enumerate(p1):
        lo2, hi2 = max(0, i - 2), min(n, i + 3)
        lo5, hi5 = max(0, i - 5), min(n, i + 6)
        acc = group_sum[blocks[i].group]
        pc = min(max(p, 1e-4), 1 - 1e-4)
        wmean10 = _window(cw, cwp, i, 10, n)
        in_region = 1.0 if r_start <= i <= r_end else 0.0
        group_mean = acc[0] / acc[1]
        window5 = sum(p1[lo5:hi5]) / (hi5 - lo5)
        rows.append(
            [
                math.log(pc / (1 - pc)),
                p1[i - 1] if i > 0 else 0.0,
                p1[i + 1] if i + 1 < n else 0.0,
                sum(p1[lo2:hi2]) / (hi2 - lo2),
                window5,
                group_mean,
                max(p1[max(0, i - 3) : i], default=0.0),
                max(p1[i + 1 : i + 4], default=0.0),
                (total_mass - before - body_mass[i]) / total_mass,
                before / total_mass,
                wmean10,
                _window(cw, cwp, i, 25, n),
                in_region,
                math.log1p(r_start - i if i < r_start else max(i - r_end, 0)),
                1.0 - r_mass / total_mass if i < r_start else 0.0,
                1.0 - r_mass / total_mass if i > r_end else 0.0,
                group_max[blocks[i].group],
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
    stage2 = model.stage2
    for block, row, ctx in zip(blocks, rows, context):
        contrib = stage2.contributions(row + ctx)
        block.score = sigmoid(stage2.intercept + sum(contrib))
        evidence = stage2.top_evidence(contrib)
        if block.score >= options.body_threshold:
            block.mark(Label.BODY, f"line model p={block.score:.2f} ({evidence})")
        else:
            rule = boilerplate_match(block.text)
            why = f"matches boilerplate {rule} list; " if rule else ""
            block.mark(Label.BOILERPLATE, f"{why}line model p={block.score:.2f} ({evidence})")
