"""Which of the dates a page shows is its publication date.

A page prints many dates: the article's own stamp (labelled or not), an updated stamp, dates
of comments below it, of related stories beside it, of events in its text, a copyright year.
Every dated expression is a candidate; a small logistic model scores each from where it sits
(header, byline, body, after the article; distance to the headline and to the first
paragraph), how it is printed (a line of its own, a label, a time, a zone) and how it relates
to the page's other dates (printed again elsewhere, part of a run of same-shaped stamps as in
a comment list, the newest or oldest date). The best candidate is the publication date when
its score clears ``Options.published_min_score``; otherwise the record says none, since a
wrong date is worse than none. The model is trained by ``scripts/train_published.py`` from the
dev corpora, with cross-validation grouped by site; the features use no words of any language
beyond the date vocabulary the timestamp parser already has.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..classify import LinearModel, linear_model
from ..features import ends_sentence
from ..model import Block, Label, Role
from ..resources import read_text
from .date_context import DateContext
from .timestamps import FoundTimestamp, find_timestamps

__all__ = [
    "ACCEPT_FEATURES",
    "PUBLISHED_FEATURES",
    "DateCandidate",
    "acceptor_row",
    "candidate_rows",
    "choose_published",
    "date_candidates",
]

# Lines of more words are prose that may mention dates, not stamps: 3% of the right days on
# the dev pages are only printed in such lines, 11% of the wrong ones (scripts/train_published.py).
_MAX_WORDS = 24
_MAX_LINE = 400  # chars of a line read
_MASK_DIGITS = re.compile(r"\d+")
# Every candidate names its year in four digits, so lines without one are skipped unparsed.
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)").search


@dataclass(frozen=True, slots=True)
class DateCandidate:
    index: int  # block index
    stamp: FoundTimestamp
    whole_line: bool  # the stamps of the line cover most of it (a stamp line, not a sentence)


def date_candidates(blocks: list[Block], context: DateContext | None = None) -> list[DateCandidate]:
    """Every resolved full date (year, month, day) printed on the page, in page order;
    relative ones ("3 hours ago") too when ``context`` has a reference time."""
    out: list[DateCandidate] = []
    year_needed = context is None or context.reference_time is None
    for i, block in enumerate(blocks):
        if block.words > _MAX_WORDS:
            continue
        text = block.text if len(block.text) <= _MAX_LINE else block.text[:_MAX_LINE]
        if year_needed and not _HAS_YEAR(text):
            continue
        stamps = find_timestamps(text, context=context)
        if not stamps:
            continue
        total = sum(map(str.isalnum, text)) or 1
        covered = sum(sum(map(str.isalnum, s.text)) for s in stamps)
        whole = covered / total >= 0.6
        # An updated stamp is never the publication date, however it is placed.
        out.extend(
            DateCandidate(i, s, whole) for s in stamps if s.value and len(s.value) >= 10 and s.role is not Role.UPDATED
        )
    return out


PUBLISHED_FEATURES = (
    "bias",
    "role_published",
    "role_updated",
    "whole_line",
    "coverage",
    "has_time",
    "has_zone",
    "in_header",
    "after_body",
    "in_body_text",
    "label_byline",
    "label_timestamp",
    "label_boilerplate",
    "label_related",
    "label_caption",
    "label_headline_or_standfirst",
    "near_headline",
    "below_headline",
    "lines_from_start",
    "lines_after_body",
    "page_position",
    "first_candidate",
    "first_in_header",
    "order_share",
    "same_day_count",
    "shape_count",
    "is_newest",
    "is_oldest",
    "days_before_newest",
    "line_words",
    "single_candidate",
    "prose_line",
    "words_before",
    "words_after",
    "top_lines",
)


def _log1(x: float) -> float:
    return math.log1p(max(0.0, x))


def candidate_rows(
    blocks: list[Block], cands: list[DateCandidate], start: int, headline_at: int | None
) -> list[list[float]]:
    """One feature row per candidate (``PUBLISHED_FEATURES``)."""
    n = max(1, len(blocks))
    body_end = max((i for i, b in enumerate(blocks) if b.label.in_body), default=-1)
    days = [c.stamp.value[:10] if c.stamp.value else "" for c in cands]
    day_count = Counter(days)
    shapes = Counter(_MASK_DIGITS.sub("0", c.stamp.text) for c in cands)
    ordered = sorted(set(days))
    newest, oldest = ordered[-1], ordered[0]
    first_header = next((k for k, c in enumerate(cands) if c.index < start), None)
    rows: list[list[float]] = []
    for k, c in enumerate(cands):
        b = blocks[c.index]
        value = c.stamp.value or ""
        total = sum(map(str.isalnum, b.text[:_MAX_LINE])) or 1
        label = b.label
        rows.append(
            [
                1.0,
                float(c.stamp.role is Role.PUBLISHED),
                float(c.stamp.role is Role.UPDATED),
                float(c.whole_line),
                sum(map(str.isalnum, c.stamp.text)) / total,
                float("T" in value),
                float(len(value) > 19),
                float(c.index < start),
                float(c.index > body_end >= 0),
                float(label.in_body and c.index >= start and not c.whole_line),
                float(label is Label.BYLINE),
                float(label is Label.TIMESTAMP),
                float(label is Label.BOILERPLATE),
                float(label is Label.RELATED),
                float(label in (Label.CAPTION, Label.CREDIT)),
                float(label in (Label.HEADLINE, Label.STANDFIRST)),
                float(headline_at is not None and abs(c.index - headline_at) <= 4),
                float(headline_at is not None and 0 < c.index - headline_at <= 6),
                _log1(abs(c.index - start)),
                _log1(c.index - body_end) if body_end >= 0 else 0.0,
                c.index / n,
                float(k == 0),
                float(k == first_header),
                k / len(cands),
                _log1(day_count[days[k]] - 1),
                _log1(shapes[_MASK_DIGITS.sub("0", c.stamp.text)] - 1),
                float(days[k] == newest and len(ordered) > 1),
                float(days[k] == oldest and len(ordered) > 1),
                _log1(_days_between(days[k], newest)) / 5,
                _log1(b.words),
                float(len(cands) == 1),
                float(not c.whole_line and b.words >= 12 and ends_sentence(b.text)),
                _log1(len(b.text[: c.stamp.start].split())),
                _log1(len(b.text[c.stamp.end : _MAX_LINE].split())),
                float(c.index < 15),
            ]
        )
    return rows


def _days_between(a: str, b: str) -> float:
    try:
        return float((date.fromisoformat(b) - date.fromisoformat(a)).days)
    except ValueError:
        return 0.0


ACCEPT_FEATURES = ("bias", "score", "gap", "single", *PUBLISHED_FEATURES[1:])


def acceptor_row(score: float, runner_up: float | None, row: list[float]) -> list[float]:
    """Whether to trust the ranker's best candidate: its score, its lead over the next one,
    and its own features."""
    gap = min(5.0, score - runner_up) if runner_up is not None else 5.0
    return [1.0, score, gap, float(runner_up is None), *row[1:]]


@dataclass(frozen=True, slots=True)
class DateModel:
    ranker: LinearModel  # orders a page's candidates
    acceptor: LinearModel  # P(the best one is the publication day)


@lru_cache(maxsize=1)
def published_model() -> DateModel:
    spec = json.loads(read_text("published_model.json"))
    model = DateModel(
        linear_model(spec["ranker"]["features"], spec["ranker"]["weights"], 0.0),
        linear_model(spec["acceptor"]["features"], spec["acceptor"]["weights"], 0.0),
    )
    if model.ranker.names != PUBLISHED_FEATURES or model.acceptor.names != ACCEPT_FEATURES:
        raise ValueError("published_model.json does not match the feature lists; retrain it")
    return model


@dataclass(frozen=True, slots=True)
class PublishedChoice:
    candidate: DateCandidate
    score: float  # probability that it is the publication day
    evidence: str


def choose_published(
    blocks: list[Block], cands: list[DateCandidate], start: int, headline_at: int | None, min_score: float
) -> PublishedChoice | None:
    """The candidate most likely to be the publication date, if likely enough."""
    if not cands:
        return None
    model = published_model()
    rows = candidate_rows(blocks, cands, start, headline_at)
    scores = [model.ranker.logit(r) for r in rows]
    order = sorted(range(len(cands)), key=lambda k: -scores[k])
    best = order[0]
    row = acceptor_row(scores[best], scores[order[1]] if len(order) > 1 else None, rows[best])
    score = 1.0 / (1.0 + math.exp(-model.acceptor.logit(row)))
    if score < min_score:
        return None
    return PublishedChoice(cands[best], score, model.ranker.top_evidence(model.ranker.contributions(rows[best])))
