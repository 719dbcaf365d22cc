"""Stage 3 on the HTML path: the text path's two-stage line model, with the structural
evidence of each line (``dom_features``) beside its text features.

Weights come from ``data/html_line_model.json``, trained by ``scripts/train_lines.py --mode
html`` on the HTML pages of ``../shared/data`` with cross-validation grouped by site.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np

from ..classify import CONTEXT_NAMES, LineModel, _linear, _sigmoid, context_features, stage2_inputs
from ..features import FEATURE_NAMES, compute_features
from ..model import Block, Label
from ..options import Options
from ..resources import read_text
from .dom_features import DOM_FEATURE_NAMES, dom_features

HTML_STAGE1_NAMES: tuple[str, ...] = FEATURE_NAMES + DOM_FEATURE_NAMES
HTML_STAGE2_NAMES: tuple[str, ...] = HTML_STAGE1_NAMES + CONTEXT_NAMES
_RULES = ("line", "prefix", "contains")


@lru_cache(maxsize=1)
def html_line_model() -> LineModel:
    spec = json.loads(read_text("html_line_model.json"))
    model = LineModel(_linear(spec["stage1"]), _linear(spec["stage2"]))
    if model.stage1.names != HTML_STAGE1_NAMES or model.stage2.names != HTML_STAGE2_NAMES:
        raise ValueError("html_line_model.json does not match the feature list; retrain it")
    return model


def html_line_features(blocks: list[Block], lang: str | None) -> np.ndarray:
    """Stage-1 inputs: text features, then structural ones."""
    return np.hstack([compute_features(blocks, lang), dom_features(blocks)])


def classify_html(blocks: list[Block], lang: str | None, options: Options) -> None:
    """Label each block BODY or BOILERPLATE in place, naming the score and (with
    ``options.explain``) the evidence that weighed most, structure included."""
    if not blocks:
        return
    model = html_line_model()
    rows = html_line_features(blocks, lang)
    p1 = _sigmoid(rows @ model.stage1.vector + model.stage1.intercept)
    full = stage2_inputs(rows, context_features(blocks, p1))
    scores = _sigmoid(full @ model.stage2.vector + model.stage2.intercept)
    rules = full[:, [FEATURE_NAMES.index(f"boiler_{r}") for r in _RULES]].tolist()
    for i, (block, matched, score) in enumerate(zip(blocks, rules, scores.tolist())):
        block.score = score
        evidence = ""
        if options.explain:
            evidence = f" ({model.stage2.top_evidence(model.stage2.contributions(full[i].tolist()))})"
        if score >= options.body_threshold:
            block.mark(Label.BODY, f"line model p={score:.2f}{evidence}")
        else:
            rule = next((r for r, hit in zip(_RULES, matched) if hit), "")
            why = f"matches boilerplate {rule} list; " if rule else ""
            block.mark(Label.BOILERPLATE, f"{why}line model p={score:.2f}{evidence}")
