"""Which line is the headline: a learned ranker over the lines around the article's start.

Candidates are the lines from ``WINDOW_ABOVE`` above the first body paragraph to
``WINDOW_BELOW`` below it (a dump often prints the title inside the first body group).
Each gets language-independent features — distance to the body, length and shape, the
line model's body score, whether the page prints it twice, and how many of its words the
article's lead repeats (a headline's words come back in the first paragraphs; a menu's
do not). A logistic model (``data/headline_model.json``, trained by
``scripts/train_headline.py`` with cross-validation grouped by site) scores them; the best
wins if its score clears ``Options.headline_min_score``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .classify import LinearModel, sigmoid
from .features import boilerplate_match, ends_sentence, word_count
from .model import Block, Label
from .resources import read_text

WINDOW_ABOVE = 30
WINDOW_BELOW = 12
_WORD = re.compile(r"\w{4,}")
_LEADING_JUNK = re.compile(r"^[\s:;|,.\-–—•·]+")
_SITE_SUFFIX = re.compile(r"\s[|–—-]\s\S")

HEADLINE_FEATURES: tuple[str, ...] = (
    "bias",
    "log_dist_above",
    "log_dist_below",
    "rank_from_top",
    "log_words",
    "ends_period",
    "ends_other_punct",
    "has_colon",
    "capitalised_share",
    "all_caps",
    "body_score",
    "boilerplate",
    "printed_twice",
    "lead_overlap",
    "group_size_1",
    "group_first",
    "site_suffix",
    "digit_share",
    "labelled_meta",
    "first_line",
    "short",
    "best_overlap",
    "overlap_x_words",
    "prev_meta",
    "next_meta",
    "next_is_start",
    "title_length",
    "rank_from_body",
)


def clean_headline(text: str) -> str:
    """Strip separators the dump left in front of a title (": AP: Kerry …" -> "AP: Kerry …").
    A wire credit that is part of the printed title ("AP: …") stays: the page shows it."""
    return _LEADING_JUNK.sub("", text).strip()


@dataclass(frozen=True, slots=True)
class Candidate:
    index: int
    score: float
    evidence: str


@lru_cache(maxsize=1)
def headline_model() -> LinearModel:
    spec = json.loads(read_text("headline_model.json"))
    model = LinearModel(tuple(spec["features"]), tuple(float(w) for w in spec["weights"]), float(spec["intercept"]))
    if model.names != HEADLINE_FEATURES:
        raise ValueError("headline_model.json does not match the feature list; retrain it")
    return model


def candidate_window(blocks: list[Block], start: int) -> range:
    return range(max(0, start - WINDOW_ABOVE), min(len(blocks), start + WINDOW_BELOW + 1))


def candidate_features(blocks: list[Block], start: int) -> list[tuple[int, list[float]]]:
    """(block index, feature row) for every plausible headline line near the body start."""
    window = candidate_window(blocks, start)
    lead_words = _lead_vocabulary(blocks, start)
    counts: dict[str, int] = {}
    for b in blocks:
        key = clean_headline(b.text).casefold()
        counts[key] = counts.get(key, 0) + 1
    rows = []
    rank = 0
    for i in window:
        b = blocks[i]
        text = clean_headline(b.text)
        words = word_count(text)
        if not 1 <= words <= 40 or not any(c.isalpha() for c in text):
            continue
        tokens = text.split()
        own = {w.casefold() for w in _WORD.findall(text)}
        overlap = len(own & lead_words) / len(own) if own else 0.0
        letters = [c for c in text if c.isalpha()]
        above = start - i if i < start else 0
        below = i - start if i >= start else 0
        rows.append(
            (
                i,
                [
                    1.0,
                    math.log1p(above),
                    math.log1p(below),
                    math.log1p(rank),
                    math.log1p(words),
                    1.0 if text.endswith(".") else 0.0,
                    1.0 if text.endswith((",", ";", ":", "!", "?")) else 0.0,
                    1.0 if ": " in text else 0.0,
                    sum(1 for t in tokens if t[:1].isupper()) / len(tokens),
                    1.0 if len(letters) >= 4 and all(c.isupper() for c in letters) else 0.0,
                    b.score,
                    1.0 if boilerplate_match(text) else 0.0,
                    1.0 if counts.get(text.casefold(), 0) > 1 else 0.0,
                    overlap,
                    1.0 if b.group_size == 1 else 0.0,
                    1.0 if i == 0 or blocks[i - 1].group != b.group else 0.0,
                    1.0 if _SITE_SUFFIX.search(text) else 0.0,
                    sum(c.isdigit() for c in text) / len(text),
                    1.0 if b.label in (Label.CAPTION, Label.TIMESTAMP, Label.BYLINE, Label.CREDIT) else 0.0,
                    1.0 if i == 0 else 0.0,
                    1.0 if words <= 2 else 0.0,
                ],
            )
        )
        rank += 1
    _add_relative_features(blocks, start, rows)
    return rows


_META_LABELS = (Label.CAPTION, Label.TIMESTAMP, Label.BYLINE, Label.CREDIT)


def _add_relative_features(blocks: list[Block], start: int, rows: list[tuple[int, list[float]]]) -> None:
    """Features that compare a candidate with its neighbours and with the other candidates."""
    overlap_at = HEADLINE_FEATURES.index("lead_overlap")
    best = max((r[overlap_at] for _, r in rows), default=0.0)
    above = [i for i, _ in rows if i < start]
    for i, row in rows:
        words = word_count(blocks[i].text)
        prev_b = blocks[i - 1] if i > 0 else None
        next_b = blocks[i + 1] if i + 1 < len(blocks) else None
        row.extend(
            [
                1.0 if best > 0 and row[overlap_at] == best else 0.0,
                row[overlap_at] * math.log1p(words),
                1.0 if prev_b is not None and prev_b.label in _META_LABELS else 0.0,
                1.0 if next_b is not None and next_b.label in _META_LABELS else 0.0,
                1.0 if i + 1 == start else 0.0,
                1.0 if 4 <= words <= 20 and not blocks[i].text.endswith(".") else 0.0,
                math.log1p(len(above) - above.index(i) - 1) if i in above else 0.0,
            ]
        )


def _lead_vocabulary(blocks: list[Block], start: int) -> set[str]:
    """Words (4+ letters) of the article's first ~400 body words."""
    vocab: set[str] = set()
    taken = 0
    for b in blocks[start:]:
        if not b.label.in_body:
            continue
        words = _WORD.findall(b.text)
        vocab.update(w.casefold() for w in words)
        taken += len(words)
        if taken >= 400:
            break
    return vocab


def best_headline(blocks: list[Block], start: int) -> Candidate | None:
    """The highest-scoring candidate, or None when there is no line to consider."""
    model = headline_model()
    best: Candidate | None = None
    for i, row in candidate_features(blocks, start):
        score = sigmoid(model.logit(row))
        if best is None or score > best.score:
            best = Candidate(i, score, model.top_evidence(row))
    return best


def is_title_shaped(text: str) -> bool:
    """Used to reject a winning candidate that is plainly a sentence of the article."""
    return word_count(text) <= 40 and not (ends_sentence(text) and word_count(text) > 25)
