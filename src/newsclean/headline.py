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
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .classify import LinearModel
from .features import boilerplate_match, ends_sentence, max_run, word_count
from .model import Block, Label
from .resources import read_text
from .templates.evidence import headline_adjustments

# Window around each anchor. Grouped CV (te exact, one stage): 30/12 0.705, 40/20 0.720,
# 50/20 0.717; 40/20 puts the gold line among the candidates on 88% of the te pages.
WINDOW_ABOVE = 40
WINDOW_BELOW = 20
_WORD = re.compile(r"\w{4,}")
# How much of the article the word-overlap features read (the lead repeats the headline's
# words early). Grouped CV: 150 words te 0.710 / sites 0.783, 400 words 0.705 / 0.800 at
# ~2.5x the cost.
LEAD_WORDS = 150
_LEADING_JUNK = re.compile(r"^[\s:;|,.\-–—•·]+")
# numeric dates and times, and years (19xx/20xx): the "Name · 3.2.2022" meta lines
# Written to open with \d, so the regex engine skips straight to digits; the same matches as
# \d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d{1,2}:\d{2}|\b(?:19|20)\d\d\b
_DATE = re.compile(r"\d(?:\d?[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d?:\d{2}|(?<!\w\d)(?:(?<=1)9|(?<=2)0)\d\d\b)")
_META_LABELS = (Label.CAPTION, Label.TIMESTAMP, Label.BYLINE, Label.CREDIT)
_STAMP_LABELS = (Label.TIMESTAMP, Label.BYLINE)

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


_TRAIL_SEPARATORS = " -–—|:·•/"
_BREADCRUMB = re.compile(r"\s[»›>]\s")
_SITE_SUFFIX_BAR = re.compile(r"\s\|\s(?=[^|]{1,40}$)")
# What a page title puts between headline, section, date and site: "Title - Section - Site".
_SEGMENT_SEP = re.compile(r"\s(?:\||-|–|—|·|•|::)\s")
_MAX_SEGMENTS = 6  # more separators than this: a menu or a list, not a title
_SECTION_WORDS = 4  # a section or site segment of a multi-part title has at most this many words
_SITE_WORDS = 3  # a site name after the one separator of a title ("- Bondy Blog", "- DER SPIEGEL 52/2018")
_SITE_CHARS = 40
_MIN_TITLE_WORDS = 2
_WEB_NAME = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){0,3}\.[a-z]{2,12}")
_ISSUE = re.compile(r"\d{1,4}(?:[/.]\d{1,4})?")  # "52/2018" after "DER SPIEGEL"
_KICKER = re.compile(r"[^\W\d_][\w-]{1,30}\s?:\s")  # "Deutschlandtakt: ", one word and a colon


@dataclass(frozen=True, slots=True)
class _TitleVocab:
    label: re.Pattern[str]  # "WATCH: ", "Pétition : "
    by: frozenset[str]  # "par" in "Title, par Didier Roy"
    stop: frozenset[str]  # English stop words: not inside a site name


@lru_cache(maxsize=1)
def _title_vocab() -> _TitleVocab:
    from .language import stopwords
    from .resources import load_table

    kinds: dict[str, set[str]] = {}
    for phrase, kind in load_table("headline_labels.txt"):
        kinds.setdefault(kind, set()).add(phrase.casefold())
    alt = "|".join(re.escape(w) for w in sorted(kinds["label"], key=len, reverse=True))
    return _TitleVocab(
        re.compile(rf"(?i)(?:{alt})\s?:\s{{1,3}}(?=\S)"),
        frozenset(kinds["by"]),
        stopwords("en"),
    )


def clean_headline(text: str) -> str:
    """Strip separators the dump left in front of a title (": AP: Talks resume …" -> "AP: Talks resume …").
    A wire credit that is part of the printed title ("AP: …") stays: the page shows it."""
    if text[:1].isalnum():  # the common case, without the regex
        return text
    return _LEADING_JUNK.sub("", text).strip()


def title_from_line(text: str) -> str:
    """The title inside the winning line, when the dump glued page furniture to it:
    a leading date ("23.01.2022 - Title"), a breadcrumb ending in the title
    ("Home » Sport » Title"), a format label ("WATCH: Title", "Pétition : Title"), the page
    title's site, section and date segments ("Title - Section - 21/12/2018 - Site",
    "Kicker: Title - Section - Site", "Title | Site", "Site | Title", "unocero - Title"), and an
    author and blog after the title ("Title, par Jane Doe (Blog, 21 juin 2018)"). A topic
    kicker ("Brexit: May survives vote") is part of the headline."""
    from .meta.timestamps import find_timestamps

    text = clean_headline(text)
    if text[:1].isdigit():
        stamps = find_timestamps(text[:60])
        if stamps and stamps[0].start == 0:
            rest = text[stamps[0].end :].lstrip(_TRAIL_SEPARATORS)
            if len(rest.split()) >= 3:
                text = rest
    parts = _BREADCRUMB.split(text)
    if len(parts) >= 3 and parts[-1].strip():
        text = parts[-1].strip()
    if ":" in text[:20]:
        label = _title_vocab().label.match(text)
        if label and text.count(" ", label.end()) >= 2:
            text = text[label.end() :]
    text = _title_segment(text)
    bar = _SITE_SUFFIX_BAR.search(text)
    if bar and text.count(" | ") == 1 and len(text[: bar.start()].split()) >= 3 and len(text[bar.end() :].split()) <= 4:
        text = text[: bar.start()].rstrip()
    return _without_author(text)


def _title_segment(text: str) -> str:
    """The headline among a page title's segments (see ``title_from_line``)."""
    if len(text) > 400:
        return text
    seps = list(_SEGMENT_SEP.finditer(text))
    if not seps or len(seps) > _MAX_SEGMENTS:
        return text
    bounds = [0, *(x for m in seps for x in (m.start(), m.end())), len(text)]
    parts = [text[bounds[i] : bounds[i + 1]].strip() for i in range(0, len(bounds), 2)]
    title, rest = parts[0], parts[1:]
    if not _balanced(title):  # "Coufal, Souček, Diop (West Ham - Manchester City)"
        return text
    if len(parts) == 2:
        sep = seps[0].group().strip()
        if sep in "|-—–" and _site_name(rest[0], title, sep):
            return title
        if sep in "|-" and _site_before(title, sep == "|") and _sentence_like(rest[0]):
            return rest[0]
        return text
    for cut, seg in enumerate(rest):  # sections and sites before a date segment or the end
        if _date_segment(seg):
            # a one-word title only right before the date ("Briefe - 26 Oktober 2010 - Blog - …")
            return text if cut and _word_count(title) < _MIN_TITLE_WORDS else title
        if not _section_or_site(seg):
            return text
    if _word_count(title) < _MIN_TITLE_WORDS:
        return text
    kicker = _KICKER.match(title)  # "Deutschlandtakt: Flixbus attackiert … - Wirtschaft - SZ.de"
    if kicker and title.count(" ", kicker.end()) >= 2:
        return title[kicker.end() :]
    return title


def _balanced(text: str) -> bool:
    """No bracket or quotation left open: the separator is inside a quotation, not after the title."""
    return text.count("(") == text.count(")") and text.count('"') % 2 == 0 and sum(map(text.count, "“”„")) % 2 == 0


def _word_count(text: str) -> int:
    return text.count(" ") + 1 if text else 0


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isalpha() and word[:1].lower() == word[:1].upper())


def _site_name(seg: str, title: str, sep: str) -> bool:
    """The segment after a title's only separator is the site: a web name after any dash or
    bar ("— football.ua"); after a hyphen or bar 1-3 capitalised words without function words
    ("- Bondy Blog", "- DER SPIEGEL 52/2018", "- Infobae"), either set like a brand (capitals
    inside or throughout, an issue number) or after a title at least twice as long (4+ words):
    a subtitle ("Minecraft 1.8 - The Bountiful Update", "Chapter 1: Prologue - Murdered") is not."""
    words = seg.split()
    if not words or len(seg) > _SITE_CHARS or not seg[0].isalpha() or seg[-1] in ".!?…":
        return False
    if _WEB_NAME.fullmatch(seg):
        return _word_count(title) >= _MIN_TITLE_WORDS
    if sep not in "-|":
        return False
    issue = len(words) > 1 and _ISSUE.fullmatch(words[-1]) is not None
    names = words[:-1] if issue else words
    if len(names) > _SITE_WORDS or not _name_words(names, first_too=True):
        return False
    brand = issue or any((w.isupper() and len(w) > 1) or not w[1:].islower() for w in names)
    size = _word_count(title)
    return size >= _MIN_TITLE_WORDS and (brand or size >= max(4, 2 * len(names)))


def _section_or_site(seg: str) -> bool:
    """A section or site segment of a title: "Wirtschaft", "EL PAÍS Uruguay", "tdg.ch"."""
    words = seg.split()
    if not 1 <= len(words) <= _SECTION_WORDS or len(seg) > _SITE_CHARS or seg[-1] in ".!?…":
        return False
    if _WEB_NAME.fullmatch(seg) is not None:
        return True
    return _capitalised(seg) and not any(c.isdigit() for c in seg) and _name_words(words, capitals=False)


def _name_words(words: list[str], capitals: bool = True, first_too: bool = False) -> bool:
    """Words of a name: capitalised (``capitals``), no English function word after the first
    (or at all, ``first_too``): "Everything We Know", "The Bountiful Update" are title-case
    headline words, not a site."""
    if capitals and not all(_capitalised(w) for w in words):
        return False
    stops = _title_vocab().stop
    return not any(w.casefold() in stops for w in (words if first_too else words[1:]))


def _date_segment(seg: str) -> bool:
    """A segment that is only a date: "21/12/2018", "26 Oktober 2010"."""
    from .meta.timestamps import find_timestamps

    if len(seg) > 30 or not any(c.isdigit() for c in seg):
        return False
    stamps = find_timestamps(seg)
    return bool(stamps) and stamps[0].end - stamps[0].start >= len(seg) - 2


def _site_before(seg: str, bar: bool) -> bool:
    """A site name opening the title: "Diario HOY | Title" (capitalised words before a bar),
    "unocero - Title" (a lower-case brand: no headline starts in lower case)."""
    words = seg.split()
    if not words or len(seg) > _SITE_CHARS or any(c.isdigit() for c in seg):
        return False
    if len(words) == 1 and seg.islower() and seg.replace(".", "").isalpha():
        return True
    return bar and len(words) <= _SITE_WORDS and all(_capitalised(w) for w in words)


def _sentence_like(seg: str) -> bool:
    """A headline: 4+ words, a capital first, some words in lower case."""
    words = seg.split()
    return len(words) >= 4 and _capitalised(seg) and sum(w[:1].islower() for w in words) >= 2


def _without_author(text: str) -> str:
    """ "Turpitude et architecture, par Didier Roy (Les blogs du Diplo, 21 juin 2018)" -> the
    title: a closing parenthesis naming a blog and a date, then ", par <name>"."""
    if text.endswith(")"):
        from .meta.timestamps import find_timestamps

        open_at = text.rfind(" (")
        inner = text[open_at + 2 : -1] if open_at > 0 else ""
        if inner and "," in inner and len(inner) <= 80 and "(" not in inner and find_timestamps(inner):
            text = text[:open_at].rstrip()
    comma = text.rfind(", ")
    if comma > 0:
        word, _, name = text[comma + 2 :].partition(" ")
        names = name.split()
        if (
            word.casefold() in _title_vocab().by
            and 2 <= len(names) <= 3
            and all(w[:1].isupper() for w in names)
            and text.count(" ", 0, comma) >= 1
        ):
            text = text[:comma]
    return text


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
