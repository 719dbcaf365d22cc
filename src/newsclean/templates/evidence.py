"""A learned site template as evidence about one page's lines.

``attach_repeats`` looks each line up in the site's profile; ``weigh_repeats`` then runs a
third, small logistic stage over the line model's score and the repeat counts (trained by
``scripts/train_templates.py`` on the ``sites`` pages, grouped by site). It is evidence, not
a delete: a long sentence that ends like prose and scored as body keeps a good part of its
weight even when it repeats (an agency's tag line), a short repeated line loses it.

``template_line`` says which lines are the site's own furniture for the metadata readers:
a line printed the same way on most of the site's pages is never the page's headline,
byline or date.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np

from ..classify import LinearModel, _linear
from ..features import ends_sentence
from ..model import Block, Label, Repeats
from ..options import Options
from ..resources import read_text
from .fingerprint import line_keys
from .learner import SiteProfile

TEMPLATE_FEATURES: tuple[str, ...] = (
    "bias",
    "p2_logit",  # the line model's verdict without the template
    "share",  # share of the site's other pages showing the line (masked)
    "log_others",  # on how many other pages, log1p
    "exact_share",  # the same for the line as printed
    "log_words",
    "ends_sentence",
    "share_x_log_words",  # long repeated lines: standard sentences rather than menus
    "share_x_p2_logit",
    # How much of the page is template at all: in a real site group most short lines repeat;
    # in a folder of unrelated sites' pages almost nothing does.
    "page_template_share",
)
# A line on at least this share of the site's other pages counts towards page_template_share.
_TEMPLATE_SHARE = 0.5


def attach_repeats(blocks: list[Block], profile: SiteProfile, options: Options) -> bool:
    """Set ``block.repeats`` from the site's profile, if the page shows the site's template.

    It does when a few of its lines (``options.template_gate_lines``) are on a good share of
    the site's other pages (``template_gate_share``). A group of unrelated sites' pages (a
    folder of mixed downloads) has no such lines: each page then keeps its single-page record.
    """
    counts = profile.counts(line_keys(b.text for b in blocks))
    least = max(3.0, options.template_gate_share * max(profile.pages - 1.0, 1.0))
    shared = sum(1 for masked, _, _ in counts if masked - 1.0 >= least)
    if shared < options.template_gate_lines:
        return False
    for block, (masked, exact, linked) in zip(blocks, counts):
        block.repeats = Repeats(masked, exact, profile.pages, linked)
    return True


def template_rows(blocks: list[Block], p2: np.ndarray) -> np.ndarray:
    """The template stage's inputs, one row per block (blocks carry ``repeats``). Only the
    rows of lines seen on another page are used: a line on no other page keeps its line-model
    verdict (related-story teasers differ from page to page too; uniqueness is no evidence
    of article text)."""
    rows = np.zeros((len(blocks), len(TEMPLATE_FEATURES)))
    pc = np.clip(p2, 1e-4, 1 - 1e-4)
    logit = np.log(pc / (1 - pc))
    shares = [b.repeats.share if b.repeats is not None else 0.0 for b in blocks]
    page_share = sum(1 for s in shares if s >= _TEMPLATE_SHARE) / max(len(blocks), 1)
    for i, block in enumerate(blocks):
        r = block.repeats
        assert r is not None
        share = shares[i]
        log_words = float(np.log1p(block.words))
        rows[i] = (
            1.0,
            logit[i],
            share,
            float(np.log1p(r.others)),
            r.exact_share,
            log_words,
            1.0 if ends_sentence(block.text) else 0.0,
            share * log_words,
            share * logit[i],
            page_share,
        )
    return rows


@lru_cache(maxsize=4)
def template_model(key: str, names: tuple[str, ...] = TEMPLATE_FEATURES) -> LinearModel:
    """The weights under ``key`` ("text", "html", "headline_text", "headline_html") in
    ``data/template_model.json``."""
    model = _linear(json.loads(read_text("template_model.json"))[key])
    if model.names != names:
        raise ValueError(f"template_model.json [{key}] does not match the feature list; retrain it")
    return model


def weigh_repeats(blocks: list[Block], mode: str, options: Options) -> None:
    """Relabel the body/boilerplate lines seen on other pages of the site, with the template
    evidence beside the line score."""
    if not blocks or blocks[0].repeats is None:
        return
    model = template_model(mode)
    p2 = np.array([b.score for b in blocks])
    logits = template_rows(blocks, p2) @ model.vector
    scores = 1.0 / (1.0 + np.exp(-np.clip(logits, -35.0, 35.0)))
    for block, score in zip(blocks, scores.tolist()):
        r = block.repeats
        assert r is not None
        if r.others == 0 or block.label not in (Label.BODY, Label.BOILERPLATE):
            continue
        label = Label.BODY if score >= options.body_threshold else Label.BOILERPLATE
        why = f"{r.describe()}; template model p={score:.2f} (line model {block.score:.2f})"
        if label is block.label:
            block.note(why)
        else:
            block.mark(label, why)
        block.score = score


# The headline ranker's candidates, with a template: what the site's other pages say of each.
HEADLINE_TEMPLATE_FEATURES: tuple[str, ...] = (
    "share",  # masked line on the site's other pages
    "exact_share",
    "linked_share",  # printed so next to the same line: fixed furniture rather than a rail item
    "unique",  # on no other page
    "furniture",  # site_furniture()
    "after_fixed",  # the line above is on most other pages: the template's headline slot
    "before_unique",  # the line below is on no other page
)


def headline_adjustments(blocks: list[Block], indices: list[int], furniture: frozenset[int]) -> list[float]:
    """What to add to the headline ranker's logit of each candidate line, given the template
    (``data/template_model.json``, "headline_text"/"headline_html", trained by
    ``scripts/train_templates.py --headline``); zeros without a template."""
    if not indices or blocks[0].repeats is None:
        return [0.0] * len(indices)
    model = template_model("headline_html" if blocks[0].dom is not None else "headline_text",
                           HEADLINE_TEMPLATE_FEATURES)
    adjustments: list[float] = (headline_rows(blocks, indices, furniture) @ model.vector).tolist()
    return adjustments


def headline_rows(blocks: list[Block], indices: list[int], furniture: frozenset[int]) -> np.ndarray:
    def repeats(i: int) -> Repeats | None:
        return blocks[i].repeats if 0 <= i < len(blocks) else None

    rows = []
    for i in indices:
        r = repeats(i)
        assert r is not None
        above, below = repeats(i - 1), repeats(i + 1)
        rows.append((
            r.share,
            r.exact_share,
            r.linked_share,
            1.0 if r.others == 0 else 0.0,
            1.0 if i in furniture else 0.0,
            1.0 if above is not None and above.share >= _TEMPLATE_SHARE else 0.0,
            1.0 if below is not None and below.others == 0 else 0.0,
        ))
    return np.array(rows, dtype=float).reshape(len(indices), len(HEADLINE_TEMPLATE_FEATURES))


def site_furniture(blocks: list[Block], options: Options) -> frozenset[int]:
    """The lines that are the site's fixed furniture: never the page's byline or date, and
    a feature of the headline ranker's template adjustment (``headline_adjustments``).

    Such a line is printed exactly so, next to the same line as here, on most of the site's
    other pages (``Options`` ``template_min_pages``, ``template_line_share``). Repetition
    alone is not enough: a page's own headline is repeated on its sibling pages too, in their
    "Most read" rails, but there it stands next to other lines than in its own header.
    """
    if not blocks or blocks[0].repeats is None:
        return frozenset()
    least, share = options.template_min_pages, options.template_line_share

    found = set()
    for i, block in enumerate(blocks):
        r = block.repeats
        assert r is not None
        if r.linked_others >= least and r.linked_share >= share:
            found.add(i)
            block.note("site furniture: never the byline or a date")
    return frozenset(found)
