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
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..meta.byline import parse_byline
from ..meta.date_context import DateContext
from ..metadata import Metadata
from ..model import Block, Caption, DomContext, Image, Label
from ..options import Options
from ..resources import load_table
from .captions import find_html_captions
from .declared_model import Declared
from .declared_names import host_keys, is_organization, name_key, person_shaped

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


def add_markup_metadata(
    blocks: list[Block], meta: Metadata, declared: Declared, options: Options, dates: DateContext | None = None
) -> MarkupMetadata:
    captions, owner = find_html_captions(blocks)
    known = {c.text.casefold() for c in captions}
    meta.captions = captions + [c for c in meta.captions if c.text.casefold() not in known]
    threshold = options.body_threshold
    headline_at = _reconcile_headline(blocks, meta, declared, threshold)
    _reconcile_standfirst(blocks, meta, declared, headline_at, threshold)
    _reconcile_section(blocks, meta, declared, headline_at)
    _reconcile_dates(meta, declared, options, dates.zones() if dates is not None else ())
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


def _reconcile_dates(meta: Metadata, declared: Declared, options: Options, zones: tuple[str, ...] = ()) -> None:
    """Declared dates first, weighed against the date the page shows: a UTC-declared instant
    is written on the shown day (``_on_shown_day``), and a confidently shown date of
    another day wins (the page presents that date as the article's: often a re-publication
    whose markup kept the first date). Without declarations, the shown date (sharpened by a
    <time datetime> stating it more precisely); else the first <time>. ``zones``: the
    outlet's likely time zones (``DateContext.zones``)."""
    shown = meta.shown_date
    if declared.published:
        value = _local_form([d.value for d in declared.published])
        if shown and shown[0][:10] != value[:10]:
            # Markup in UTC often puts a late-evening story on the next day: the shown day wins.
            utc = value.endswith(("+00:00", "Z")) and shown[1] >= options.shown_date_localises
            localised = _on_shown_day(value, shown[0], zones) if utc else None
            others = {d.value[:10] for d in (*declared.published[1:], *declared.modified)}
            confirmed = shown[0][:10] in others  # e.g. the modified date, shown as the article's
            if localised:
                value = localised
            elif shown[1] >= (options.shown_date_confirmed if confirmed else options.shown_date_over_declared):
                value = _sharpened(shown[0], declared) or value
        meta.published = value
    else:
        visible = shown[0] if shown and shown[1] >= options.html_published_min_score else None
        meta.published = _sharpened(visible, declared)
    if declared.modified:
        modified = declared.modified[0].value
        if modified != meta.published:
            meta.updated = modified
    else:
        meta.updated = _sharpened(meta.updated, declared)


def _on_shown_day(declared: str, shown: str, zones: tuple[str, ...] = ()) -> str | None:
    """``declared`` (an instant with an offset) as the shown local day has it, or None when
    that is not the same instant's day.

    A shown time gives the offset itself (to the quarter hour). A shown day alone: when the
    outlet's zones (``zones``) have one offset at that instant, the instant in that offset if
    it falls on the shown day, else None; when they are unknown or disagree (a country of
    several zones), the shown day alone, provided some real offset (-12:00 .. +14:00) reaches
    it: which offset the page's clock has is not known, and an offset is not made up.
    """
    moment = _instant(declared)
    if moment is None:
        return None
    try:
        shown_local = datetime.fromisoformat(shown[:19])
    except ValueError:
        return None
    utc = moment.astimezone(timezone.utc).replace(tzinfo=None)
    if len(shown) >= 16:  # a shown time: its offset is the difference, to the quarter hour
        minutes = round((shown_local - utc).total_seconds() / 900) * 15
        if not -720 <= minutes <= 840:
            return None
        return moment.astimezone(timezone(timedelta(minutes=minutes))).isoformat()
    offsets = _offsets_at(moment, zones)
    if len(offsets) == 1:
        local = moment.astimezone(timezone(offsets.pop()))
        return local.isoformat() if local.date().isoformat() == shown[:10] else None
    earliest = moment.astimezone(timezone(timedelta(hours=-12))).date().isoformat()
    latest = moment.astimezone(timezone(timedelta(hours=14))).date().isoformat()
    return shown[:10] if earliest <= shown[:10] <= latest else None


def _offsets_at(moment: datetime, zones: tuple[str, ...]) -> set[timedelta]:
    """The UTC offsets ``zones`` have at ``moment`` (zones the system does not know are skipped)."""
    offsets: set[timedelta] = set()
    for name in zones:
        try:
            offset = moment.astimezone(ZoneInfo(name)).utcoffset()
        except (ZoneInfoNotFoundError, ValueError):
            continue
        if offset is not None:
            offsets.add(offset)
    return offsets


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
    """Declared persons, unless the page shows a byline that says otherwise:

    - an author that is the outlet (the site's name, a declared organisation that is not
      shaped like a person's name) is the site's business, not an author, declared or shown;
    - the shown byline wins when it completes the declared names ("Todd" -> "Todd Bates"),
      or when it names others and the declared names appear nowhere on the page (a theme's
      or a CMS account's name in ``<meta name=author>``);
    - with nothing declared, the shown byline; without one, a line the markup classes as a
      byline (``_byline_from_markup``).
    """
    hosts = host_keys(declared.url)
    site_keys = {name_key(s) for s in (site, declared.site_name, declared.title_site) if s}
    org_keys = {name_key(o) for o in declared.organizations if not person_shaped(o)}
    outlet_keys = (site_keys | org_keys) - {""}

    def is_outlet(name: str) -> bool:
        return is_organization(name, outlet_keys, hosts)

    declared_people = [a for a in declared.authors if not is_outlet(a)]
    shown = [a for a in meta.authors if not is_outlet(a)]
    if not declared_people and not shown:
        meta.authors = []
        _byline_from_markup(blocks, meta)
        meta.authors = [a for a in meta.authors if not is_outlet(a)]
        return
    if not shown or not declared_people:
        meta.authors = declared_people or shown
        return
    meta.authors = declared_people
    declared_keys = {name_key(a) for a in declared_people}
    shown_keys = {name_key(a) for a in shown}
    if declared_keys & shown_keys:
        return
    if all(any(_part_of(d, s) for s in shown) for d in declared_people):
        meta.authors = shown  # "Todd" declared, "Todd Bates" shown
        return
    page = "\n".join(b.text for b in blocks).casefold()
    if not any(d.casefold() in page for d in declared_people):
        meta.authors = shown


def _part_of(short: str, full: str) -> bool:
    """ "Todd" is part of "Todd Bates": the words of one open the other's."""
    a, b = short.casefold().split(), full.casefold().split()
    return len(a) < len(b) and b[: len(a)] == a


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
