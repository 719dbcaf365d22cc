"""Stage 4b on the HTML path: weigh what the page declares (JSON-LD, OpenGraph, <meta>,
``<time>``) against what it shows, and add what only the markup knows (figure captions,
images, the canonical URL, the site's name, tags).

Declared values are evidence, not the answer:

- headline: the visible ``<h1>`` that matches a declared headline wins (the declared one is
  often an SEO variant); without a match the article's ``<h1>``, then the declared headline,
  then the text path's pick;
- dates: a declared ``datePublished`` keeps its time and offset, which visible dates rarely
  state; a visible date is used only when nothing is declared;
- authors: declared persons; an author that is the outlet is the ``site``, not an author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from ..meta.byline import parse_byline
from ..metadata import Metadata
from ..model import Block, Caption, DomContext, Image, Label
from ..options import Options
from ..resources import load_table
from .captions import find_html_captions
from .declared_model import Declared

_TOKEN = re.compile(r"\w+")
_CRUMB_SEPARATOR = re.compile(r"\s+[/>›»|·•]\s+|\s*[›»]\s*")
# A visible heading whose words overlap a declared headline this much is that headline.
_SAME_HEADLINE = 0.6


@dataclass(slots=True)
class MarkupMetadata:
    declared: Declared
    captions: list[Caption]  # from the figure markup
    caption_of: dict[int, int]  # block index of a caption line -> its position in ``captions``
    site: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)

    def image_list(self, figures: list[tuple[Block | None, str]]) -> list[Image]:
        """The declared images, then the article's own (``images.article_images``), each once."""
        return _article_images(self.declared, self.captions, self.caption_of, figures)


def add_markup_metadata(blocks: list[Block], meta: Metadata, declared: Declared, options: Options) -> MarkupMetadata:
    captions, owner = find_html_captions(blocks)
    known = {c.text.casefold() for c in captions}
    meta.captions = captions + [c for c in meta.captions if c.text.casefold() not in known]
    threshold = options.body_threshold
    headline_at = _reconcile_headline(blocks, meta, declared, threshold)
    _reconcile_standfirst(blocks, meta, declared, headline_at, threshold)
    _reconcile_section(blocks, meta, declared, headline_at)
    _reconcile_dates(meta, declared)
    site = declared.site_name or declared.title_site or declared.publisher
    _reconcile_authors(blocks, meta, declared, site)
    return MarkupMetadata(declared, captions, owner, site=site, url=declared.url, tags=list(declared.tags))


def _article_start(blocks: list[Block]) -> int:
    """Index of the first body line that reads as prose (8+ words), or the end."""
    return next((i for i, b in enumerate(blocks) if b.label is Label.BODY and b.words >= 8), len(blocks))


def _release(block: Block, threshold: float, why: str) -> None:
    """Give a block that lost a metadata label back the label its line-model score earns."""
    block.mark(Label.BODY if block.score >= threshold else Label.BOILERPLATE, why)


def token_f1(a: str, b: str) -> float:
    ta, tb = _TOKEN.findall(a.casefold()), _TOKEN.findall(b.casefold())
    if not ta or not tb:
        return 0.0
    common = len(set(ta) & set(tb))
    if not common:
        return 0.0
    p, r = common / len(set(ta)), common / len(set(tb))
    return 2 * p * r / (p + r)


def _visible_heading(block: Block) -> bool:
    ev = block.dom
    if ev is None or block.words > 40:
        return False
    ctx = ev.context
    if ctx.landmarks & {"nav", "aside", "footer", "hidden-class"}:
        return False
    return ctx.heading > 0 or "title" in ctx.hints


def _reconcile_headline(blocks: list[Block], meta: Metadata, declared: Declared, threshold: float) -> int | None:
    """Settle the headline; the index of its line, when it is a line of the page."""
    declared_texts = [c.value for c in declared.headlines]
    if declared.title_headline:
        declared_texts.append(declared.title_headline)
    start = _article_start(blocks)
    best: tuple[float, int] | None = None
    for i, b in enumerate(blocks):
        if not _visible_heading(b):
            continue
        assert b.dom is not None
        match = max((token_f1(b.text, d) for d in declared_texts), default=0.0)
        h1 = b.dom.context.heading == 1
        if match < _SAME_HEADLINE and not h1:
            continue
        # a declared match first, then an <h1>, then nearness above the article's first paragraph
        rank = (match >= _SAME_HEADLINE) * 4 + h1 * 2 + (i <= start) - abs(start - i) / (len(blocks) + 1)
        if best is None or rank > best[0]:
            best = (rank, i)
    # an <h1> that shares no word with any declared headline is a logo, a section name or a
    # generic heading ("Lorem"), not a reworded title: the declared headline wins
    if (
        best is not None
        and best[0] < 4
        and declared_texts
        and len(declared_texts[0].split()) >= 2
        and not any(token_f1(blocks[best[1]].text, d) > 0 for d in declared_texts)
    ):
        best = None
    if best is not None:
        why = "the page's heading" + (" matching the declared headline" if best[0] >= 4 else "")
        _set_headline(blocks, meta, best[1], why, threshold)
        return best[1]
    if declared_texts and not (meta.headline and max(token_f1(meta.headline, d) for d in declared_texts) >= 0.5):
        _clear_headline(blocks, meta, threshold)
        meta.headline = declared_texts[0]
        return None
    return next((i for i, b in enumerate(blocks) if b.label is Label.HEADLINE), None)


# How far below the headline a dek may sit (lines): bylines, dates and share bars come between.
_DEK_REACH = 8


def _reconcile_standfirst(
    blocks: list[Block], meta: Metadata, declared: Declared, headline_at: int | None, threshold: float
) -> None:
    """The dek is the line under the headline that the markup classes as one (dek, standfirst,
    summary, Vorspann ...), or a heading or box above the article's first paragraph that
    repeats the declared description; not a share bar, not the first paragraph itself."""
    for b in blocks:
        if b.label is Label.STANDFIRST:
            _release(b, threshold, "not the standfirst: the markup decides")
    meta.standfirst = None
    if headline_at is None:
        return
    first_body = next((i for i, b in enumerate(blocks) if i > headline_at and b.label is Label.BODY), len(blocks))
    for i in range(headline_at + 1, min(len(blocks), headline_at + 1 + _DEK_REACH)):
        b = blocks[i]
        if b.dom is None or b.words < 5 or b.label in (Label.HEADLINE, Label.BYLINE, Label.TIMESTAMP, Label.CAPTION):
            continue
        if b.dom.link_share > 0.5 or b.dom.context.landmarks & {"nav", "aside", "footer", "form"}:
            continue
        hinted = _own_hint(b.dom.context, "dek")
        # the declared description often repeats the article's first paragraph: that <p> is body
        described = (
            declared.description is not None
            and b.dom.context.container != "p"
            and i <= first_body
            and token_f1(b.text, declared.description) >= 0.8
        )
        if hinted or described:
            b.mark(Label.STANDFIRST, "the dek under the headline" + (" (classed so)" if hinted else
                                                                    " (the declared description)"))
            meta.standfirst = b.text
            return


def _reconcile_section(blocks: list[Block], meta: Metadata, declared: Declared, headline_at: int | None) -> None:
    """The last breadcrumb item above the headline (not "Home", not the headline itself);
    else what the text rules found; else the declared section."""
    end = headline_at if headline_at is not None else len(blocks)
    crumbs = [b for b in blocks[:end] if b.dom is not None and "crumb" in b.dom.context.hints and b.words <= 6]
    items = [part for b in crumbs for part in _CRUMB_SEPARATOR.split(b.text) if part.strip()]
    while items and meta.headline and token_f1(items[-1], meta.headline) > 0.8:
        items.pop()  # a trail that ends with the article's own title
    if items and len(items[-1].split()) <= 5:
        meta.section = items[-1].strip()
        return
    if meta.section is None and declared.section:
        meta.section = declared.section


def _clear_headline(blocks: list[Block], meta: Metadata, threshold: float) -> None:
    for b in blocks:
        if b.label is Label.HEADLINE:
            _release(b, threshold, "not the headline: the markup names another")
    meta.headline = None


def _set_headline(blocks: list[Block], meta: Metadata, index: int, why: str, threshold: float) -> None:
    chosen = blocks[index]
    if chosen.label is Label.HEADLINE and meta.headline:
        return
    _clear_headline(blocks, meta, threshold)
    chosen.mark(Label.HEADLINE, why)
    meta.headline = chosen.text
    if meta.standfirst and meta.standfirst == chosen.text:
        meta.standfirst = None


def _reconcile_dates(meta: Metadata, declared: Declared) -> None:
    """Declared dates first; else a <time datetime> that states the visible date more
    precisely (time and offset); else the visible date; else the first <time>."""
    if declared.published:
        meta.published = _local_form([d.value for d in declared.published])
    else:
        meta.published = _sharpened(meta.published, declared)
    if declared.modified:
        modified = declared.modified[0].value
        if modified != meta.published:
            meta.updated = modified
    else:
        meta.updated = _sharpened(meta.updated, declared)


def _local_form(values: list[str]) -> str:
    """The most trusted declared value; but when it is in UTC and another declaration states
    the same instant with the page's own offset, that one (its calendar day is the local one)."""
    first = values[0]
    if not first.endswith(("+00:00", "Z")):
        return first
    instant = _instant(first)
    for other in values[1:]:
        if not other.endswith(("+00:00", "Z")) and instant is not None and _instant(other) == instant:
            return other
    return first


def _instant(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _sharpened(shown: str | None, declared: Declared) -> str | None:
    values = [t.value for t in declared.time_elements if t.value]
    if shown is None:
        return values[0] if values else None
    same_day = [v for v in values if v[:10] == shown[:10]]
    precise = [v for v in same_day if len(v) > len(shown) and v.startswith(shown[:16] if len(shown) >= 16 else shown)]
    return precise[0] if precise else shown


def _reconcile_authors(blocks: list[Block], meta: Metadata, declared: Declared, site: str | None) -> None:
    outlets = {o.casefold() for o in declared.organizations}
    if site:
        outlets.add(site.casefold())
    if declared.authors:
        meta.authors = list(declared.authors)
    elif not meta.authors:
        _byline_from_markup(blocks, meta)
    meta.authors = [a for a in meta.authors if a.casefold() not in outlets]


# How far the markup's byline may sit from the article's start (lines): beyond that a
# "byline" or "author" class is an author box, a comment form or a teaser's credit.
_BYLINE_REACH = 12


def _byline_from_markup(blocks: list[Block], meta: Metadata) -> None:
    """A short line near the article's start whose own element is classed byline/author, read
    by the text path's byline parser or taken as a bare name; else a "posted ... by NAME"
    meta line just above the first paragraph, where the markup's place backs a looser reading
    (a single user name counts)."""
    start = _article_start(blocks)
    for i in range(max(0, start - _BYLINE_REACH), min(len(blocks), start + _BYLINE_REACH)):
        b = blocks[i]
        if b.dom is None or b.words > 12 or not _own_hint(b.dom.context, "byline"):
            continue
        if b.dom.context.landmarks & {"nav", "aside", "footer", "form"}:
            continue
        byline = parse_byline(b.text)
        names = list(byline.authors) if byline is not None else ([b.text] if _name_shaped(b.text) else [])
        if names:
            _take_byline(b, meta, names)
            return
    for i in range(max(0, start - _META_LINE_REACH), start):
        b = blocks[i]
        if b.dom is None or b.label.in_body or b.words > 30:
            continue
        names = _names_after_prefix(b.text)
        if names:
            _take_byline(b, meta, names)
            return


# A "posted on ... by NAME" line sits right above the first paragraph (lines).
_META_LINE_REACH = 4
_NAME_STOP = re.compile(r"[|·•—–,;:(\d]|\s-\s|\s(?:in|am|on|at|um|le|el|il|em|the|und|and|et|y|e)\s", re.IGNORECASE)


@lru_cache(maxsize=1)
def _prefix_pattern() -> re.Pattern[str]:
    words = sorted((row[0] for row in load_table("byline_words.tsv") if row[1] == "prefix"), key=len, reverse=True)
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")\s*:?\s+(?=\w)")


def _names_after_prefix(text: str) -> list[str]:
    """"Veröffentlicht am 13. März 2019 von Jane Doe | 4 Kommentare" -> ["Jane Doe"]."""
    for m in _prefix_pattern().finditer(text):
        rest = text[m.end() :]
        stop = _NAME_STOP.search(rest)
        name = (rest[: stop.start()] if stop else rest).strip()
        words = name.split()
        if 1 <= len(words) <= 4 and all(w[:1].isalpha() for w in words):
            return [name]
    return []


def _take_byline(block: Block, meta: Metadata, names: list[str]) -> None:
    meta.authors = names
    meta.byline = meta.byline or block.text
    if not block.label.in_body and block.label is not Label.TIMESTAMP:
        block.mark(Label.BYLINE, "names the author where the markup puts bylines")


def _own_hint(ctx: DomContext, hint: str) -> bool:
    """The hint comes from the line's element or the two above it, not a page-wide wrapper."""
    node: DomContext | None = ctx
    for _ in range(3):
        if node is None:
            return False
        parent_hints = node.parent.hints if node.parent is not None else frozenset()
        if hint in node.hints and hint not in parent_hints:
            return True
        node = node.parent
    return False


def _name_shaped(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not any(c.isdigit() for c in text)


def _article_images(
    declared: Declared, captions: list[Caption], caption_of: dict[int, int], images: list[tuple[Block | None, str]]
) -> list[Image]:
    """The article's figures with their captions, then declared images not among them."""
    out: list[Image] = []
    seen: set[str] = set()
    for caption_block, src in images:
        if src in seen:
            continue
        seen.add(src)
        at = caption_of.get(caption_block.index) if caption_block is not None else None
        cap = captions[at] if at is not None else None
        out.append(Image(src, cap.text if cap else None, cap.credit if cap else None))
    for img in declared.images:
        if img.src not in seen:
            seen.add(img.src)
            out.append(Image(img.src, img.caption, img.credit))
    return out
