"""The headline ranker's candidates and its stage 1: which lines are considered, and each one's cheap row.

Candidates are the lines from ``WINDOW_ABOVE`` above to ``WINDOW_BELOW`` below two anchors:
the first body paragraph, and the first paragraph of the page's densest run of body lines
(``run_start``). ``prefilter_candidates`` gives each plausible line its stage-1 row
(``PREFILTER_FEATURES``: distances to both anchors, length, end punctuation, the line model's
body score, labelled neighbours, a second printing), computed without regular expressions.
Stage 2, the trained weights and the choice of the headline are in ``headline``, which
re-exports these names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .features import max_run, word_count
from .model import Block, Label
from .titles import clean_headline

# Window around each anchor. Grouped CV (te exact, one stage): 30/12 0.705, 40/20 0.720,
# 50/20 0.717; 40/20 puts the gold line among the candidates on 88% of the te pages.
WINDOW_ABOVE = 40
WINDOW_BELOW = 20
_META_LABELS = (Label.CAPTION, Label.TIMESTAMP, Label.BYLINE, Label.CREDIT)

# Stage 1 (every line in the window): cheap evidence, no regular expressions.
PREFILTER_FEATURES: tuple[str, ...] = (
    "bias",
    "log_dist_above",
    "log_dist_below",
    "log_run_above",
    "log_run_below",
    "is_start",
    "log_words",
    "words_1_2",
    "words_3_4",
    "words_5_8",
    "words_9_14",
    "words_25_up",
    "ends_period",
    "ends_comma",
    "body_score",
    "labelled_meta",
    "first_line",
    "printed_twice",
    "group_size_1",
    "next_is_start",
    "prev_meta",
    "next_meta",
    "next_long",
    "title_length",
    "rank_from_top",
    "rank_from_body",
)


def run_start(blocks: list[Block]) -> int:
    """First prose line (8+ words) of the maximum-sum run of (body score - 0.5) x length:
    where the article's text is densest, whatever the first body line says."""
    best_lo, best_hi = max_run([(b.score - 0.5) * (min(b.text.count(" ") + 1, 60) + 1) for b in blocks])
    for i in range(best_lo, best_hi + 1):
        if blocks[i].label.in_body and blocks[i].text.count(" ") >= 7:
            return i
    return best_lo


def candidate_window(blocks: list[Block], start: int, anchor: int | None = None) -> list[int]:
    """Lines near the first body paragraph and near the densest run's first paragraph."""
    n = len(blocks)
    span = set(range(max(0, start - WINDOW_ABOVE), min(n, start + WINDOW_BELOW + 1)))
    if anchor is not None and anchor != start:
        span.update(range(max(0, anchor - WINDOW_ABOVE), min(n, anchor + WINDOW_BELOW + 1)))
    return sorted(span)


@dataclass(slots=True)
class _Page:
    """What every candidate is compared with, computed once per page."""

    blocks: list[Block]
    start: int  # the first body paragraph
    anchor: int  # the first paragraph of the densest body run
    window: list[int]  # candidate lines, in page order
    titles: list[str]  # clean_headline() of each window line
    text: str  # the window's lines joined by blank lines, "\n" at both ends (echo searches)
    counts: dict[str, int]  # how often each line of the window is printed


def _page(blocks: list[Block], start: int) -> _Page:
    anchor = run_start(blocks)
    window = candidate_window(blocks, start, anchor)
    titles = [clean_headline(blocks[i].text) for i in window]
    counts: dict[str, int] = {}
    for t in titles:
        counts[t] = counts.get(t, 0) + 1
    return _Page(blocks, start, anchor, window, titles, "\n" + "\n\n".join(titles) + "\n", counts)


def prefilter_candidates(blocks: list[Block], start: int) -> list[tuple[int, str, list[float]]]:
    """(block index, title text, stage-1 row) for every plausible headline line in the window."""
    if not blocks:
        return []
    return _prefilter_rows(_page(blocks, start))


def _prefilter_rows(pg: _Page) -> list[tuple[int, str, list[float]]]:
    blocks, start, anchor, counts = pg.blocks, pg.start, pg.anchor, pg.counts
    n = len(blocks)
    out: list[tuple[int, str, list[float]]] = []
    for i, text in zip(pg.window, pg.titles):
        b = blocks[i]
        words = text.count(" ") + 1
        if words <= 2 and not text.isascii():
            words = word_count(text)  # CJK
        if not text or words > 40 or not (text[0].isalpha() or any(c.isalpha() for c in text)):
            continue
        prev_b = blocks[i - 1] if i else None
        next_b = blocks[i + 1] if i + 1 < n else None
        ends = text[-1]
        out.append(
            (
                i,
                text,
                [
                    1.0,
                    math.log1p(start - i) if i < start else 0.0,
                    math.log1p(i - start) if i > start else 0.0,
                    math.log1p(anchor - i) if i < anchor else 0.0,
                    math.log1p(i - anchor) if i > anchor else 0.0,
                    1.0 if i == start else 0.0,
                    math.log1p(words),
                    1.0 if words <= 2 else 0.0,
                    1.0 if 3 <= words <= 4 else 0.0,
                    1.0 if 5 <= words <= 8 else 0.0,
                    1.0 if 9 <= words <= 14 else 0.0,
                    1.0 if words >= 25 else 0.0,
                    1.0 if ends == "." else 0.0,
                    1.0 if ends in ",;:" else 0.0,
                    b.score,
                    1.0 if b.label in _META_LABELS else 0.0,
                    1.0 if i == 0 else 0.0,
                    1.0 if counts[text] > 1 else 0.0,
                    1.0 if b.group_size == 1 else 0.0,
                    1.0 if i + 1 == start else 0.0,
                    1.0 if prev_b is not None and prev_b.label in _META_LABELS else 0.0,
                    1.0 if next_b is not None and next_b.label in _META_LABELS else 0.0,
                    1.0 if next_b is not None and next_b.label.in_body and next_b.text.count(" ") >= 7 else 0.0,
                    1.0 if 4 <= words <= 20 and ends != "." else 0.0,
                    math.log1p(len(out)),
                    0.0,  # rank_from_body, set by candidate_features
                ],
            )
        )
    above = sum(1 for i, _, _ in out if i < start)
    at = PREFILTER_FEATURES.index("rank_from_body")
    for rank, (i, _, row) in enumerate(out):
        if i < start:
            row[at] = math.log1p(above - rank - 1)
    return out
