"""Which line is the headline: a learned two-stage ranker over the lines near the article's start.

Candidates are the lines from ``WINDOW_ABOVE`` above to ``WINDOW_BELOW`` below two anchors:
the first body paragraph, and the first paragraph of the page's densest run of body lines
(they differ when a navigation line was read as body). Stage 1 scores every candidate on
cheap evidence (distance to both anchors, length, end punctuation, the line model's body
score, labelled neighbours, a second printing); stage 2 re-scores its best
``PREFILTER_KEEP`` with the rest: whether the line is printed inside a longer one (a page
title, a breadcrumb's end, a share text) or contains such an echo, how many of its words the
article's lead repeats, dates, credits, separators, menus above and a dek or byline below.
Everything is language-independent. Both stages are linear models trained per page as a
softmax over the candidates (``scripts/train_headline.py``, cross-validation grouped by
site; weights in ``data/headline_model.json``); the best line wins if its share of stage 2's
probability mass clears ``Options.headline_min_score``.

Layout: the candidate window and stage 1 are in ``headline_candidates``, the title text
inside a line (``clean_headline``, ``title_from_line``) in ``titles``; this module holds
stage 2, the trained model and the choice of the headline, and re-exports those names.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .classify import LinearModel
from .features import boilerplate_match, ends_sentence
from .headline_candidates import (
    PREFILTER_FEATURES,
    WINDOW_ABOVE,
    WINDOW_BELOW,
    _page,
    _prefilter_rows,
    candidate_window,
    prefilter_candidates,
    run_start,
)
from .model import Block, Label
from .resources import read_text
from .templates.evidence import headline_adjustments
from .titles import clean_headline, title_from_line

__all__ = [
    "HEADLINE_FEATURES",
    "LEAD_WORDS",
    "PREFILTER_FEATURES",
    "PREFILTER_KEEP",
    "WINDOW_ABOVE",
    "WINDOW_BELOW",
    "Candidate",
    "HeadlineModel",
    "best_headline",
    "candidate_features",
    "candidate_window",
    "clean_headline",
    "continues_previous_line",
    "headline_model",
    "prefilter_candidates",
    "run_start",
    "title_from_line",
]

_WORD = re.compile(r"\w{4,}")
# How much of the article the word-overlap features read (the lead repeats the headline's
# words early). Grouped CV: 150 words te 0.710 / sites 0.783, 400 words 0.705 / 0.800 at
# ~2.5x the cost.
LEAD_WORDS = 150
# numeric dates and times, and years (19xx/20xx): the "Name · 3.2.2022" meta lines
# Written to open with \d, so the regex engine skips straight to digits; the same matches as
# \d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d{1,2}:\d{2}|\b(?:19|20)\d\d\b
_DATE = re.compile(r"\d(?:\d?[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d?:\d{2}|(?<!\w\d)(?:(?<=1)9|(?<=2)0)\d\d\b)")
_STAMP_LABELS = (Label.TIMESTAMP, Label.BYLINE)
# Stage 2 (the best ``PREFILTER_KEEP`` lines of stage 1): the stage-1 row, then these.
HEADLINE_FEATURES: tuple[str, ...] = (
    *PREFILTER_FEATURES,
    "capitalised_share",
    "all_caps",
    "boilerplate",
    "echoed_inside",
    "echo_prefix",
    "echo_suffix",
    "contains_echo",
    "lead_overlap",
    "para_overlap",
    "best_overlap",
    "overlap_x_words",
    "site_suffix",
    "digit_share",
    "longest_above",
    "has_credit",
    "next_log_words",
    "next_sentence",
    "prev_log_words",
    "truncated_echo",
    "menu_above",
    "overlap_gap",
    "words_15_24",
    "ends_question",
    "has_colon",
    "group_first",
    "group_last",
    "stamp_below3",
    "prev_short",
    "has_date",
    "meta_separator",
    "prev_title_like",
    "next_title_like",
    "breadcrumb",
    "title_below_title",
    "title_above_title",
    "anchor_overlap",
)
# Stage 2 scores this many lines. Grouped CV: stage 1 keeps the gold line on 98% of the pages
# where it is a candidate; te exact K=3 0.676, 6 0.695, 8 0.703, 12 0.708, all 0.717 —
# stage 2 costs ~15 us a line, stage 1 ~2.
PREFILTER_KEEP = 8


@dataclass(frozen=True, slots=True)
class Candidate:
    index: int
    score: float
    evidence: str


@dataclass(frozen=True, slots=True)
class HeadlineModel:
    prefilter: LinearModel
    ranker: LinearModel


@lru_cache(maxsize=1)
def headline_model() -> HeadlineModel:
    spec = json.loads(read_text("headline_model.json"))
    pre = spec["prefilter"]
    model = HeadlineModel(
        LinearModel(tuple(pre["features"]), tuple(float(w) for w in pre["weights"]), 0.0),
        LinearModel(tuple(spec["features"]), tuple(float(w) for w in spec["weights"]), float(spec["intercept"])),
    )
    if model.prefilter.names != PREFILTER_FEATURES or model.ranker.names != HEADLINE_FEATURES:
        raise ValueError("headline_model.json does not match the feature lists; retrain it")
    return model


def candidate_features(
    blocks: list[Block], start: int, prefilter: LinearModel | None = None, keep: int = PREFILTER_KEEP
) -> list[tuple[int, list[float]]]:
    """(block index, feature row) for the lines stage 1 (``prefilter``, default the shipped
    one) ranks best near the body start, in page order."""
    if not blocks:
        return []
    pg = _page(blocks, start)
    pre = prefilter or headline_model().prefilter
    cands = _prefilter_rows(pg)
    scored = [(pre.logit(row), rank) for rank, (_, _, row) in enumerate(cands)]
    kept = sorted(rank for _, rank in sorted(scored, reverse=True)[:keep])
    lead, para = _lead_vocabulary(blocks, start)
    alt_lead = _lead_vocabulary(blocks, pg.anchor)[0] if pg.anchor != start else lead
    truncated = tuple(_truncated_copies(blocks, pg.window))
    page = pg.text
    rows: list[tuple[int, list[float]]] = []
    folded: list[str] = []
    for rank in kept:
        i, text, row = cands[rank]
        block = blocks[i]
        words = text.count(" ") + 1
        key = text.casefold()
        whole = pg.counts[text]
        # printed inside a longer line: a page title, a breadcrumb's end, a share text
        inside = words >= 2 and page.count(text) > whole
        own = set(_WORD.findall(key))
        digits = _digit_count(text)
        overlap = len(own & lead) / len(own) if own else 0.0
        prev_b = blocks[i - 1] if i else None
        next_b = blocks[i + 1] if i + 1 < len(blocks) else None
        prev_text = prev_b.text if prev_b is not None else ""
        next_text = next_b.text if next_b is not None else ""
        next_spaces = next_text.count(" ")
        row = [
            *row,
            _capitalised_share(text),
            1.0 if len(text) >= 4 and text.isupper() else 0.0,
            1.0 if boilerplate_match(text) else 0.0,
            1.0 if inside else 0.0,
            1.0 if inside and page.count("\n" + text) > whole else 0.0,
            1.0 if inside and page.count(text + "\n") > whole else 0.0,
            0.0,  # contains_echo, set below
            overlap,
            len(own & para) / len(own) if own else 0.0,
            0.0,  # best_overlap, set below
            overlap * math.log1p(words),
            1.0 if " | " in text or " - " in text or " – " in text or " — " in text else 0.0,
            digits / len(text),
            float(words),  # longest_above, set below
            1.0 if "©" in text else 0.0,
            math.log1p(next_spaces + 1) if next_b is not None else 0.0,
            1.0 if next_b is not None and next_spaces >= 7 and next_text[-1] in ".!?" else 0.0,
            math.log1p(prev_text.count(" ") + 1) if prev_b is not None else 0.0,
            1.0 if key.startswith(truncated) else 0.0,
            math.log1p(_menu_depth(blocks, i)),
            overlap,  # overlap_gap, set below
            1.0 if 15 <= words <= 24 else 0.0,
            1.0 if text[-1] in "!?" else 0.0,
            1.0 if ": " in text else 0.0,
            1.0 if prev_b is None or prev_b.group != block.group else 0.0,
            1.0 if next_b is None or next_b.group != block.group else 0.0,
            1.0 if any(x.label in _STAMP_LABELS for x in blocks[i + 1 : i + 4]) else 0.0,
            1.0 if prev_b is not None and not prev_b.label.in_body and prev_text.count(" ") < 3 else 0.0,
            1.0 if digits and _DATE.search(text) else 0.0,
            1.0 if " · " in text or " • " in text or " | " in text else 0.0,
            1.0 if prev_b is not None and _title_like(prev_text) else 0.0,
            1.0 if next_b is not None and _title_like(next_text) else 0.0,
            1.0 if _is_crumb(text) else 0.0,
            0.0,  # title_below_title, set below
            0.0,  # title_above_title, set below
            len(own & alt_lead) / len(own) if own else 0.0,
        ]
        rows.append((i, row))
        folded.append(key)
    _add_relative_features(start, rows, folded)
    return rows


_AT = {name: k for k, name in enumerate(HEADLINE_FEATURES)}


def _add_relative_features(start: int, rows: list[tuple[int, list[float]]], folded: list[str]) -> None:
    """Features that compare a candidate with the other candidates."""
    overlap_at, echo_at, longest_at = _AT["lead_overlap"], _AT["echoed_inside"], _AT["longest_above"]
    best = max((r[overlap_at] for _, r in rows), default=0.0)
    most = max((r[longest_at] for i, r in rows if start - 6 <= i < start), default=0.0)
    for k, (i, row) in enumerate(rows):
        row[_AT["overlap_gap"]] = best - row[overlap_at]
        own_title = row[_AT["title_length"]]
        row[_AT["title_below_title"]] = own_title * row[_AT["prev_title_like"]]
        row[_AT["title_above_title"]] = own_title * row[_AT["next_title_like"]]
        row[_AT["best_overlap"]] = 1.0 if best > 0 and row[overlap_at] == best else 0.0
        row[longest_at] = 1.0 if start - 6 <= i < start and row[longest_at] == most else 0.0
        if row[echo_at]:
            # a line that contains an echoed title is the title with something around it
            key = folded[k]
            for j, (_, other) in enumerate(rows):
                if j != k and len(folded[j]) > len(key) and key in folded[j]:
                    other[_AT["contains_echo"]] = 1.0


def _truncated_copies(blocks: list[Block], window: list[int]) -> list[str]:
    """The kept part of lines cut with an ellipsis ("Empa-Spin-off revolutioniert die Mes ..."):
    a teaser or page title that repeats the headline's start."""
    out = []
    for i in window:
        t = blocks[i].text
        if t.endswith(("...", "…")):
            kept = t.rstrip(" .…").casefold()
            if kept.count(" ") >= 2:
                out.append(kept)
    return out


def _menu_depth(blocks: list[Block], i: int) -> int:
    """How many short non-body lines (a menu, a breadcrumb) stand directly above line ``i``."""
    depth = 0
    for b in blocks[max(0, i - 8) : i][::-1]:
        if b.label.in_body or b.text.count(" ") >= 3:
            break
        depth += 1
    return depth


def _is_crumb(text: str) -> bool:
    """A breadcrumb step: "Home / News / …", "» Sport"."""
    return " / " in text or " » " in text or " > " in text or " › " in text or text[0] in "/»>›" or text[-1] in "/»>›"


def _title_like(text: str) -> bool:
    spaces = text.count(" ")
    return 3 <= spaces <= 19 and not text.endswith(".")


def _capitalised_share(text: str) -> float:
    tokens = text.split()
    return sum(map(str.isupper, [t[0] for t in tokens])) / len(tokens)


def _digit_count(text: str) -> int:
    """Characters of ``text`` for which ``str.isdigit`` holds (on ASCII: 0-9, counted in C)."""
    if text.isascii():
        return sum(map(text.count, "0123456789"))
    return sum(map(str.isdigit, text))


def _lead_vocabulary(blocks: list[Block], start: int) -> tuple[set[str], set[str]]:
    """Words (4+ letters) of the article's first ~LEAD_WORDS body words, and of its first paragraph."""
    texts: list[str] = []
    taken = 0
    for b in blocks[start:]:
        if b.label.in_body:
            texts.append(b.text)
            taken += b.text.count(" ") + 1
            if taken >= LEAD_WORDS:
                break
    if not texts:
        return set(), set()
    para = set(_WORD.findall(texts[0].casefold()))
    return para.union(_WORD.findall(" ".join(texts[1:]).casefold())), para



def best_headline(blocks: list[Block], start: int, furniture: frozenset[int] = frozenset()) -> Candidate | None:
    """The highest-scoring candidate with its softmax share among the scored candidates, or
    None when there is no line to consider. With a learned site template, what the site's
    other pages say of each line (``furniture``: its fixed lines) weighs in too."""
    model = headline_model().ranker
    best_row: list[float] | None = None
    best_at, best_logit, logits = -1, -math.inf, []
    rows = [(i, row) for i, row in candidate_features(blocks, start) if not continues_previous_line(blocks, i)]
    adjust = headline_adjustments(blocks, [i for i, _ in rows], furniture)
    for (i, row), extra in zip(rows, adjust):
        logit = model.logit(row) + extra
        logits.append(logit)
        if logit > best_logit:
            best_at, best_logit, best_row = i, logit, row
    if best_row is None:
        return None
    total = sum(math.exp(x - best_logit) for x in logits)
    return Candidate(best_at, 1.0 / total, model.top_evidence(model.contributions(best_row)))


def continues_previous_line(blocks: list[Block], i: int) -> bool:
    """The line goes on with the sentence of the body line above it (a hard-wrapped
    paragraph): whatever it looks like, it is not a title."""
    if i == 0:
        return False
    prev = blocks[i - 1]
    return (
        prev.group == blocks[i].group
        and prev.label is Label.BODY
        and prev.words >= 8
        and not ends_sentence(prev.text)
    )
