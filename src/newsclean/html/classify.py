"""Stage 3 on the HTML path: the text path's two-stage line model, with the structural
evidence of each line (``dom_features``) beside its text features.

Weights come from ``data/html_line_model.json``, trained by ``scripts/train_lines.py --mode
html`` on the HTML pages of ``../shared/data`` with cross-validation grouped by site.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..classify import CONTEXT_NAMES, LineModel, label_lines, load_line_model
from ..features import FEATURE_NAMES, line_features
from ..model import Block
from ..options import Options
from .dom_features import DOM_FEATURE_NAMES, dom_features

HTML_STAGE1_NAMES: tuple[str, ...] = FEATURE_NAMES + DOM_FEATURE_NAMES
HTML_STAGE2_NAMES: tuple[str, ...] = HTML_STAGE1_NAMES + CONTEXT_NAMES


@lru_cache(maxsize=1)
def html_line_model() -> LineModel:
    return load_line_model("html_line_model.json", HTML_STAGE1_NAMES, HTML_STAGE2_NAMES)


def html_line_features(blocks: list[Block], lang: str | None) -> np.ndarray:
    """Stage-1 inputs: text features, then structural ones."""
    return np.hstack([line_features(blocks, lang).features, dom_features(blocks)])


def classify_html(blocks: list[Block], lang: str | None, options: Options) -> None:
    """Label each block BODY or BOILERPLATE in place, naming the score and (with
    ``options.explain``) the evidence that weighed most, structure included."""
    if blocks:
        lines = line_features(blocks, lang)
        rows = np.hstack([lines.features, dom_features(blocks)])
        label_lines(blocks, rows, lines, html_line_model(), options)
