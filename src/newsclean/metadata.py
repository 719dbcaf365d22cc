"""Stage 4: read the page furniture around the body: timestamps, headline, section,
standfirst, byline, captions. Each finder labels the blocks it takes, with a reason.

Order matters and follows the page: first what is unambiguous by its form (timestamps,
captions printed twice or carrying a credit, bylines), then the headline (the title-like
line nearest above the article), then what is defined relative to it (section above it,
standfirst below it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .features import boilerplate_match, ends_sentence
from .headline import WINDOW_ABOVE, WINDOW_BELOW, best_headline, title_from_line
from .meta.authors import find_author_line
from .meta.captions import caption_key_from, caption_key_head, is_credit_only, split_credit
from .meta.dateline import parse_dateline
from .meta.published import choose_published, date_candidates
from .meta.timestamps import DateContext, FoundTimestamp, find_timestamps, timestamp_line
from .model import Block, Caption, Label, Role, Timestamp
from .options import Options
from .resources import load_lines
from .templates.evidence import site_furniture

_BREADCRUMB_SPLIT = re.compile(r"\s*(?:›|»|>|/|\||·|•)\s*")


@dataclass(slots=True)
class Metadata:
    headline: str | None = None
    standfirst: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    byline: str | None = None
    published: str | None = None
    updated: str | None = None
    timestamps: list[Timestamp] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    # The page's most likely publication date among the dates it shows, with the chooser's
    # confidence, even when too unsure to be ``published`` (HTML weighs it against markup).
    shown_date: tuple[str, float] | None = None


def first_body_index(blocks: list[Block]) -> int:
    """Index of the first body block whose text reads as prose (the article's start)."""
    for i, b in enumerate(blocks):
        if b.label is Label.BODY and b.words >= 8:
            return i
    for i, b in enumerate(blocks):
        if b.label is Label.BODY:
            return i
    return len(blocks)


def label_furniture(
    blocks: list[Block], *, context: DateContext | None = None, furniture: frozenset[int] = frozenset()
) -> tuple[Metadata, int]:
    """Captions, timestamps and the byline: lines recognised by their form. Returns the
    metadata found so far and the index where the article starts once they are set aside.
    ``furniture``: lines the site prints on most of its pages, never a byline or a date."""
    meta = Metadata()
    start = first_body_index(blocks)
    _find_captions(blocks, start, meta)
    _find_byline(blocks, start, meta, furniture)  # before timestamps: "Jane Doe - Nov 19, 2019" is a byline
    _find_timestamps(blocks, start, meta, context, furniture)
    return meta, first_body_index(blocks)


def read_metadata(blocks: list[Block], options: Options, *, context: DateContext | None = None) -> Metadata:
    furniture = site_furniture(blocks, options)
    meta, start = label_furniture(blocks, context=context, furniture=furniture)
    headline_at = _find_headline(blocks, start, options, meta, furniture)
    if headline_at is not None:
        _find_section(blocks, headline_at, meta)
        _find_standfirst(blocks, headline_at, meta)
    _choose_published(blocks, headline_at, options, meta, context, furniture)
    return meta


# -- timestamps -------------------------------------------------------------------------


def _find_timestamps(
    blocks: list[Block],
    start: int,
    meta: Metadata,
    context: DateContext | None = None,
    furniture: frozenset[int] = frozenset(),
) -> None:
    """Header lines that are timestamps become TIMESTAMP; the header's dates are listed.

    Only the header (above the first body paragraph) and labelled stamps elsewhere outside
    the body count: dates in captions, in the text or in related-news lists after the
    article are never the article's.
    """
    found: list[FoundTimestamp] = []
    body_end = max((i for i, b in enumerate(blocks) if b.label.in_body), default=-1)
    for i, block in enumerate(blocks):
        # A short body line can still be a labelled stamp ("Published Thu 27 Jul 2017") the
        # line model took for text; longer body lines only mention dates.
        if block.label is Label.CAPTION or (block.label.in_body and i >= start and block.words > 20) or i in furniture:
            continue
        if block.label is Label.BYLINE:
            # A date printed in the byline is the article's (e.g. "Jane Doe - Nov 19, 2019").
            found.extend(find_timestamps(block.text, context=context))
            continue
        in_header = i < start
        listed = in_header and not block.label.in_body  # its dates are listed even if not a stamp line
        if not listed and ((i > body_end and not in_header) or len(block.text) > 240):
            continue  # nothing it could hold is taken (timestamp_line reads 240 chars at most)
        stamps = find_timestamps(block.text, context=context)  # searched once, for both uses
        if not stamps:
            continue
        stamp = timestamp_line(block.text, found=stamps, context=context)
        if stamp is not None and (in_header or (stamp.role is not Role.OTHER and i <= body_end)):
            block.mark(Label.TIMESTAMP, f"timestamp line ({stamp.role.value}: {stamp.value})")
            found.append(stamp)
        elif listed:
            for ts in stamps:
                block.note(f"mentions a date: {ts.text!r} -> {ts.value}")
                found.append(ts)
    # Roles as labelled; which date is the publication date is decided later (_choose_published).
    updated = next((t for t in found if t.role is Role.UPDATED and t.value), None)
    meta.timestamps.extend(Timestamp(ts.text, ts.role, ts.value) for ts in found)
    meta.updated = updated.value if updated else None


def _choose_published(
    blocks: list[Block],
    headline_at: int | None,
    options: Options,
    meta: Metadata,
    context: DateContext | None,
    furniture: frozenset[int] = frozenset(),
) -> None:
    """The publication date: the page's dates weighed against each other (``meta/published.py``)."""
    start = first_body_index(blocks)
    cands = [c for c in date_candidates(blocks, context) if c.index not in furniture]
    unresolved = _unresolved_header_stamps(blocks, start, context)
    if unresolved:
        # The header states the date in a form we cannot resolve ("3 hours ago" without a
        # reference time, "03/04/2016" without locale evidence): a date found elsewhere on
        # the page is not the publication date, so only the header's own dates may be.
        known = {t.text for t in meta.timestamps}
        meta.timestamps.extend(Timestamp(ts.text, ts.role, None) for ts in unresolved if ts.text not in known)
        cands = [c for c in cands if c.index < start]
    best = choose_published(blocks, cands, start, headline_at, 0.0)
    meta.shown_date = (best.candidate.stamp.value or "", best.score) if best else None
    choice = best if best and best.score >= options.published_min_score else None
    if best is not None and choice is None:
        blocks[best.candidate.index].note(
            f"likeliest publication date {best.candidate.stamp.value}, too unsure to take"
            f" (p={best.score:.2f}: {best.evidence})"
        )
    meta.published = choice.candidate.stamp.value if choice else None
    if choice is None:
        return
    stamp, block = choice.candidate.stamp, blocks[choice.candidate.index]
    block.note(f"publication date {stamp.value} (p={choice.score:.2f}: {choice.evidence})")
    if choice.candidate.whole_line and not block.label.in_body and block.label is not Label.BYLINE:
        block.mark(Label.TIMESTAMP, f"timestamp line (published: {stamp.value})")
    listed = meta.timestamps
    for k, t in enumerate(listed):
        if t.text == stamp.text and t.value == stamp.value:
            listed[k] = Timestamp(t.text, Role.PUBLISHED, t.value)
            break
    else:
        listed.append(Timestamp(stamp.text, Role.PUBLISHED, stamp.value))


def _unresolved_header_stamps(blocks: list[Block], start: int, context: DateContext | None) -> list[FoundTimestamp]:
    """Relative or ambiguous stamps left without a value in the lines above the article."""
    found: list[FoundTimestamp] = []
    for b in blocks[:start]:
        if b.words <= 20 and b.label is not Label.CAPTION:
            stamps = find_timestamps(b.text, context=context)
            found.extend(ts for ts in stamps if ts.value is None and (ts.relative or ts.ambiguous))
    return found


# -- captions ---------------------------------------------------------------------------


def _find_captions(blocks: list[Block], start: int, meta: Metadata) -> None:
    """Photo captions: a line printed twice (alt text and caption), or a credited line in
    the header. The printings become one caption with the credit split off."""
    # split_credit and caption keys cost microseconds a line, so both are computed only where
    # they can matter: lines are grouped by the head of their key, which most long lines give
    # without split_credit, and a line alone in its group has a key no other line has.
    splits: dict[int, tuple[str, str | None]] = {}
    keyed: dict[int, str] = {}

    def split(i: int) -> tuple[str, str | None]:
        if i not in splits:
            splits[i] = split_credit(blocks[i].text)
        return splits[i]

    def key_of(i: int) -> str:
        if i not in keyed:
            keyed[i] = caption_key_from(blocks[i].text, split(i)[0])
        return keyed[i]

    heads: dict[str, list[int]] = {}
    for i, b in enumerate(blocks):
        if 3 <= b.words <= 80:
            head = caption_key_head(b.text)
            heads.setdefault(key_of(i)[:8] if head is None else head, []).append(i)
    keys: dict[str, list[int]] = {}
    for group in heads.values():
        if len(group) > 1:
            for i in group:
                keys.setdefault(key_of(i), []).append(i)
    seen: dict[str, int] = {}
    for i, b in enumerate(blocks):
        sized = 3 <= b.words <= 80
        if not b.label.in_body:
            if sized:
                caption, credit = split(i)
                credit_only = credit is not None and not caption and len(b.text) <= 200
            else:
                credit_only = is_credit_only(b.text)
            if credit_only:
                b.mark(Label.CREDIT, "photo credit on its own line")
                continue
        if not sized:
            continue
        if i not in splits and b.label.in_body and i > start and not _teaser_follows(blocks, i):
            continue  # its key is unique (see above) and a credit in the body is not used
        text, credit = split(i)
        # The two printings of one caption (image alt text, then the caption) sit next to
        # each other; a label repeated down a list of teasers is printed more than twice.
        printings = keys.get(keyed[i], [i]) if i in keyed else [i]
        # Captions are short: a long paragraph printed twice is a repeated paragraph, not a caption
        # (45 words is above the longest caption in the seeds and the readability pages).
        near_twin = len(printings) == 2 and abs(printings[0] - printings[1]) <= 2 and b.words <= 45
        if near_twin:
            why = "printed twice nearby (image alt text and caption)"
        elif credit and i <= start:
            why = f"carries a photo credit ({credit}) above the article"
        elif credit and _teaser_follows(blocks, i):
            b.mark(Label.RELATED, f"thumbnail of a linked story (credit {credit}, title follows)")
            blocks[i + 1].mark(Label.RELATED, "title of a linked story under its thumbnail")
            continue
        elif credit and not b.label.in_body:
            why = f"carries a photo credit ({credit})"
        else:
            continue
        b.mark(Label.CAPTION, why)
        key = key_of(i)
        if key in seen:
            _merge_credit(meta, seen[key], credit)
            continue
        seen[key] = len(meta.captions)
        meta.captions.append(Caption(text, credit))


def _teaser_follows(blocks: list[Block], i: int) -> bool:
    """A credited image line directly followed, in the same group, by a short title line."""
    if i + 1 >= len(blocks):
        return False
    nxt = blocks[i + 1]
    return nxt.group == blocks[i].group and nxt.words <= 16 and not ends_sentence(nxt.text)


def _merge_credit(meta: Metadata, index: int, credit: str | None) -> None:
    """The second printing may carry the credit the first lacked; the first credit wins."""
    existing = meta.captions[index]
    if existing.credit is None and credit:
        meta.captions[index] = Caption(existing.text, credit)


# -- byline -----------------------------------------------------------------------------


def _find_byline(blocks: list[Block], start: int, meta: Metadata, furniture: frozenset[int] = frozenset()) -> None:
    """The byline: the best reading of a line around the article's start or end (see
    ``meta/authors.py``). Its line leaves the body."""
    fmt = "html" if blocks and blocks[0].dom is not None else "text"
    found = find_author_line(blocks, start, fmt, skip=furniture)
    if found is None:
        return
    byline = found.byline
    blocks[found.index].mark(Label.BYLINE, f"byline naming {', '.join(byline.authors)} ({found.evidence})")
    meta.byline = byline.raw
    meta.authors = list(byline.authors)


# -- headline ---------------------------------------------------------------------------


def _find_headline(
    blocks: list[Block], start: int, options: Options, meta: Metadata, furniture: frozenset[int] = frozenset()
) -> int | None:
    """The best-scoring line near the article's start (see ``headline.py``); its other
    printings in the header and a breadcrumb echoing it are labelled too."""
    best = best_headline(blocks, start, furniture)
    if best is None or best.score < options.headline_min_score:
        return None
    text = title_from_line(blocks[best.index].text)
    meta.headline = text
    blocks[best.index].mark(Label.HEADLINE, f"headline ranker p={best.score:.2f} ({best.evidence})")
    key = text.casefold()
    for i in range(max(0, best.index - WINDOW_ABOVE), min(len(blocks), start + WINDOW_BELOW + 1)):
        b = blocks[i]
        if i == best.index:
            continue
        if key in b.text.casefold() and title_from_line(b.text).casefold() == key:
            b.mark(Label.HEADLINE, "another printing of the headline")
        elif i < best.index and _echoes(b.text, text):
            b.mark(Label.SECTION, "breadcrumb echoing the headline")
    return best.index


def _echoes(line: str, headline: str) -> bool:
    """A line that ends with a truncated copy of the headline ("… Talks resume in Geneva ...")."""
    words = line.rstrip(" .…").casefold().split()
    if len(words) < 3:
        return False
    return " ".join(words[-3:]) in headline.casefold() and line.rstrip().endswith(("...", "…"))


# -- section ----------------------------------------------------------------------------


def _find_section(blocks: list[Block], headline_at: int, meta: Metadata) -> None:
    """The most specific section named by a breadcrumb or kicker above the headline."""
    names = _section_names()
    for b in reversed(blocks[max(0, headline_at - 4) : headline_at]):
        if b.label not in (Label.BOILERPLATE, Label.SECTION):
            continue
        section = _section_from_line(b.text, names)
        if section:
            meta.section = section
            b.mark(Label.SECTION, f"breadcrumb/kicker naming section {section!r}")
            return


def _section_from_line(text: str, names: dict[str, str]) -> str | None:
    parts = [p for p in _BREADCRUMB_SPLIT.split(text) if p]
    if len(parts) > 1:
        items = [p for p in parts if p.casefold() in names or len(p.split()) <= 3]
        items = [p for p in items if p.casefold() not in ("home", "start", "startseite", "accueil", "inicio")]
        known = [p for p in items if p.casefold() in names]
        return (known or items or [None])[-1]
    # No separators: read known section names from the start of the line.
    words = text.split()
    found: str | None = None
    i = 0
    while i < len(words):
        for span in (3, 2, 1):
            phrase = " ".join(words[i : i + span])
            if phrase.casefold() in names:
                found = names[phrase.casefold()]
                i += span
                break
        else:
            break
    return found


@lru_cache(maxsize=1)
def _section_names() -> dict[str, str]:
    return {name.casefold(): name for name in load_lines("sections.txt")}


# -- standfirst -------------------------------------------------------------------------


def _find_standfirst(blocks: list[Block], headline_at: int, meta: Metadata) -> None:
    """The dek: a sentence-like line between the headline and the article's first
    paragraph. The first paragraph is the one opening with a dateline, else the first
    body paragraph that ends like a sentence; a line before it without a closing period
    or sharing a group with captions/stamps is header material."""
    after = range(headline_at + 1, min(len(blocks), headline_at + 8))
    first_para = None
    for i in after:
        b = blocks[i]
        if b.label is Label.BODY and parse_dateline(b.text):
            first_para = i
            break
    if first_para is None:
        first_para = next((i for i in after if blocks[i].label is Label.BODY and ends_sentence(blocks[i].text)
                           and blocks[i].words >= 8 and not _in_header_group(blocks, i)), None)
    if first_para is None:
        return
    # A hard-wrapped first paragraph starts on the lines above that flow into it.
    while first_para - 1 > headline_at and _flows_into(blocks[first_para - 1], blocks[first_para]):
        first_para -= 1
    for i in range(headline_at + 1, first_para):
        b = blocks[i]
        if b.label in (Label.CAPTION, Label.TIMESTAMP, Label.BYLINE, Label.CREDIT, Label.HEADLINE):
            continue
        if b.words >= 6 and not boilerplate_match(b.text):
            b.mark(Label.STANDFIRST, "sentence between the headline and the first paragraph")
            meta.standfirst = b.text
            return


def _flows_into(line: Block, nxt: Block) -> bool:
    """``line`` is cut mid-sentence and ``nxt`` goes on with it (same group, both body)."""
    return (
        line.group == nxt.group
        and line.label is Label.BODY
        and nxt.label is Label.BODY
        and line.words >= 8
        and not ends_sentence(line.text)
    )


def _in_header_group(blocks: list[Block], i: int) -> bool:
    """The line shares its blank-line group with captions or timestamps (header furniture)."""
    group = blocks[i].group
    return any(
        b.group == group and b.label in (Label.CAPTION, Label.TIMESTAMP, Label.CREDIT)
        for b in blocks[max(0, i - 4) : i + 4]
    )
