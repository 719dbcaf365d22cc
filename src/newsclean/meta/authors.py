"""Who wrote the article: the byline among the lines around the article's start and end.

Bylines take many forms: "By Jane Doe", a meta line "Veröffentlicht am 3. März 2019 von Jane
Doe | 4 Kommentare", "Jane Doe · 12.03.2020", the name alone on the line under the headline,
"Text: Jane Doe" after the article. Each line near the article's first paragraph (from
``WINDOW_ABOVE`` above to ``WINDOW_BELOW`` below) or right after its last (``TAIL_WINDOW``)
is read in up to three ways:

- ``prefix``: the line opens with a byline prefix ("By", "Von", "Autor:") or is a name then a
  separator and an agency, role or date ("Jane Doe | Reuters"): ``parse_byline``;
- ``inner``: a prefix further on in a meta line ("Posted on May 3 by jdoe in News");
- ``bare``: a segment of the line between separators and dates that opens with a name
  ("Jane Doe", "12.03.2020 - Jane Doe", "Jane Doe Kategorien: Mode"); a three-word run is
  also read as its first two words ("Carola Pönisch Kultur").

A single word counts as a name after a prefix or beside a date ("von Kathrin"), so the
readings are many and loose; a linear model weighs each one on language-independent
evidence: how it was read, the name's shape (stop words, a given name from
``data/given_names.txt``, an acronym), where the line sits, what the line classifier thought
of it, dates and role words beside it, whether a sentence goes on after the name, how often
the name recurs on the page (an author box, "More from Jane Doe") and, on the HTML path, the
markup around the line (byline, meta or comment classes, ``<time>``, header, aside). The
model is a softmax over the page's readings and "no byline", trained by
``scripts/train_authors.py`` (cross-validation grouped by site; weights in
``data/authors_model.json``, one set per input format). The best reading wins when its share
clears ``MIN_SCORE``. Two hard rules keep the body safe: on a line the classifier kept as
body only a reading that is most of the line counts, and a bare name needs some support
(a date beside it, a given name, a second printing, byline markup).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from ..classify import LinearModel
from ..language import stopwords
from ..model import Block, DomContext, DomEvidence, Label
from ..resources import list_dir, load_lines, load_table, read_text
from .byline import (
    Byline,
    deglue,
    name_run,
    name_tokens,
    opens_with_prefix_word,
    parse_byline,
    person_name,
    prefix_spans,
    stamps_in,
)
from .dateline import agency_name
from .timestamps import month_number

__all__ = ["AUTHOR_FEATURES", "MIN_SCORE", "AuthorLine", "Reading", "author_rows", "find_author_line", "readings"]

# Lines read around the first body paragraph, and after the last (further up, only lines that
# open with a prefix). The gold name is among the readings on 70% of the text dumps with gold
# authors at 20/8/10 (71% at 25/10/12, 68% at 15/6/8, for ~25% less time than 25/10/12).
WINDOW_ABOVE = 20
WINDOW_BELOW = 8
TAIL_WINDOW = 10
# Longer lines are sentences, not bylines (the longest meta lines in the dev sets run ~20
# words), unless they open with a prefix: "By Jane Doe, a deputy editor. She covers ..."
MAX_WORDS = 20
MAX_WORDS_PREFIXED = 60
# ... or are meta lines of several parts: "Le Monde | 04.05.2015 à 13h36 | Par Jane Doe (avec ...)"
MAX_WORDS_META = 30
_BARS = re.compile(r"[|•·]")
_SEPARATED = re.compile(r"[|•·/~]|\s[-–—]\s|\d")
_SPLITS = re.compile(r"[|•·;,]|\s[-–—]\s|\d")
# A body line is taken as a byline only when this many words at most are neither names nor date.
MAX_LEFTOVER = 3
# The best reading is taken above this share of the probability mass. Grouped CV, text dumps
# (te+rd): cut 0.2 F1 0.585 with 77% of the named pages right, 0.3 0.570 / 83%, 0.5 0.519 / 89%;
# HTML 0.3 0.639 / 85%. 0.3 keeps five picks in six right.
MIN_SCORE = 0.3

_BARE_SPLIT = re.compile(r"[|•·/;~>»«@]|\s[-–—]\s|[-–—]{2,}|\s-$|^-\s")
_EDGE = " \t,:;-–—*()[]{}\"'“”„«»"
_JUNK = " \t/|•·-–—:*>"
_INITIAL_END = re.compile(r"(?<![^\W\d_])[^\W\d_]\.$")
_READ_WORDS = 24
_READ_CHARS = 300
_BARE_WORDS = 8
# What a line without a prefix needs to name someone: a digit (a date beside a user name), two
# capitalised words in a row (particles between), or letters of a script without case.
_MAYBE_NAMED = re.compile(
    r"\d|[A-ZÀ-ÖØ-Þ]\S{0,30}\s+(?:[a-zà-ÿ']{1,4}\s+){0,2}[A-ZÀ-ÖØ-Þ]|[^\x00-\u024f\u2000-\u206f\u00a0-\u00bf]"
)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a candidate line as a byline."""

    index: int  # the block
    kind: str  # "prefix", "inner" or "bare"
    byline: Byline
    before: str  # the line's text before the names (a date, "Posted on ...")
    prefixed: bool  # the line opens with a byline prefix
    variant: bool = False  # the first two words of a longer name ("Jane Doe" of "Jane Doe Kultur")


@dataclass(frozen=True, slots=True)
class AuthorLine:
    index: int
    byline: Byline
    score: float
    evidence: str


AUTHOR_FEATURES: tuple[str, ...] = (
    "bias",
    "kind_prefix",
    "kind_inner",
    "kind_bare",
    "bare_alone",
    "prefix_at_start",
    "lead_word",
    "credit_word",
    "before_date",
    "n_names",
    "tokens_1",
    "tokens_2",
    "tokens_3",
    "tokens_4_up",
    "single_lower",
    "name_digit",
    "name_caps",
    "name_initial",
    "has_agency",
    "has_stamp",
    "line_date",
    "line_role",
    "log_line_words",
    "line_words_le3",
    "name_share",
    "above_1_2",
    "above_3_6",
    "above_7_up",
    "below_0_2",
    "below_3_up",
    "in_tail",
    "page_top",
    "log_distance",
    "body_score",
    "label_body",
    "label_caption",
    "label_credit",
    "label_other",
    "group_size_1",
    "log_repeats",
    "repeats_body",
    "repeats_tail",
    "next_date",
    "prev_date",
    "prev_prefix",
    "ends_period",
    "stop_tokens",
    "given_name",
    "then_lower",
    "acronym",
    "variant",
    "last_elsewhere",
    "comment_word",
    "same_kind_others",
    "first_of_kind",
    "dom_byline",
    "dom_byline_own",
    "dom_meta_zone",
    "dom_comment_zone",
    "dom_time",
    "dom_header",
    "dom_link",
    "dom_landmark",
    "dom_heading",
)


@dataclass(frozen=True, slots=True)
class _Vocab:
    lead: frozenset[str]
    credit: frozenset[str]
    roles: frozenset[str]
    comment: frozenset[str]
    particles: frozenset[str]
    stop: frozenset[str]  # the stop words of every language with a list
    given: frozenset[str]  # given names (data/given_names.txt), lower-case, unaccented
    markup_meta: frozenset[str]  # class/id words of an article's meta line ("entry-meta", "vcard")
    markup_comment: frozenset[str]  # class/id words of a comment thread
    trail: frozenset[str]  # prepositions before a date ("am", "on")


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    kinds: dict[str, set[str]] = {}
    for word, kind in load_table("byline_words.tsv"):
        kinds.setdefault(kind, set()).add(word.casefold())
    stop = frozenset(w for name in list_dir("stopwords") for w in stopwords(name.split(".")[0]))
    return _Vocab(
        frozenset(kinds["lead"]),
        frozenset(kinds["credit"]),
        frozenset(kinds["role"]),
        frozenset(kinds["comment"]),
        frozenset(kinds["particle"]),
        stop,
        frozenset(load_lines("given_names.txt")),
        frozenset(kinds["markup_meta"]),
        frozenset(kinds["markup_comment"]),
        frozenset(kinds["trail"]),
    )


@lru_cache(maxsize=2)
def author_model(fmt: str) -> LinearModel:
    """The weights for ``fmt`` ("text" or "html") in ``data/authors_model.json``."""
    spec = json.loads(read_text("authors_model.json"))[fmt]
    model = LinearModel(tuple(spec["features"]), tuple(float(w) for w in spec["weights"]), float(spec["intercept"]))
    if model.names != AUTHOR_FEATURES:
        raise ValueError("authors_model.json does not match AUTHOR_FEATURES; retrain it")
    return model


def _plain_letters(word: str) -> str:
    """ "José" -> "jose": case and accents dropped, for the given-name list."""
    folded = word.casefold()
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return [w.strip(_EDGE + ".").casefold() for w in text.split()]


def readings(index: int, text: str) -> list[Reading]:
    """Every reading of the line ``text`` (block ``index``) as a byline that names someone."""
    out: list[Reading] = []
    seen: set[tuple[str, ...]] = set()
    words = text[:_READ_CHARS].split()
    if len(words) > _READ_WORDS or len(text) > _READ_CHARS:  # a long line: only its beginning
        text = " ".join(words[:_READ_WORDS])
    text = deglue(text)
    spans = prefix_spans(text)
    prefixed = bool(spans) and not text[: spans[0][0]].strip(_JUNK)

    def add(kind: str, byline: Byline | None, before: str, variant: bool = False) -> None:
        if byline is None or not byline.authors or all(agency_name(a) for a in byline.authors):
            return  # an agency alone ("AFP") is the agency, not an author
        key = tuple(a.casefold() for a in byline.authors)
        if key not in seen:
            seen.add(key)
            out.append(Reading(index, kind, byline, before, prefixed, variant))

    if spans or _SPLITS.search(text):  # without a prefix, a byline needs a separator or a date
        add("prefix", parse_byline(text, loose=True, bare_names=False), "")
    for at, _ in spans:
        if text[:at].strip(_JUNK):
            add("inner", parse_byline(text[at:], loose=True), text[:at])
    bare = _bare(text)
    if bare is not None:
        add("bare", *bare)
    for r in list(out):  # "Carola Pönisch Kultur": a name and a word, or a three-word name
        name = r.byline.authors
        parts = name[0].split()
        if len(name) == 1 and len(parts) >= 3:
            two = name_tokens(" ".join(parts[:2]))
            if two:
                by = r.byline
                add(r.kind, Byline(by.raw, two, by.agency, by.timestamp_text), r.before, variant=True)
    return out


def _bare(text: str) -> tuple[Byline, str] | None:
    """Names in the first segment of the line (between separators and dates) that opens with
    them: "Jane Doe", "12.03.2020 - Jane Doe", "Jane Doe, John Roe", "Jane Doe Kategorien: X";
    with the text before it."""
    stamp = None
    cut = text
    if any(map(str.isdigit, text)):
        stamps = stamps_in(text)
        if stamps:
            stamp = stamps[0].text
            for s in reversed(stamps):
                cut = cut[: s.start] + " | " + cut[s.end :]
    pos = 0
    for seg in _BARE_SPLIT.split(cut):
        at = cut.find(seg, pos)
        pos = at + len(seg)
        seg = seg.strip(_EDGE)
        if seg.count(" ") > _BARE_WORDS:
            continue  # a sentence or a title, not a name with a word or two after it
        if seg.endswith(".") and not _INITIAL_END.search(seg):
            seg = seg.rstrip(".")
        if not seg or len(seg) > 80 or not seg[:1].isalpha():
            continue
        before = cut[:at]
        names = _listed(seg)
        if names:
            return Byline(seg, names, None, stamp), before
        if " " not in seg:
            single = person_name(seg, loose=True) if seg[:1].isupper() or stamp else None
            if single is not None:
                return Byline(seg, [single], None, stamp), before
            continue
        run = name_run(seg, loose=stamp is not None)
        if run is not None:
            return Byline(run[1], run[0], None, stamp), before
    return None


def _listed(segment: str) -> list[str] | None:
    """ "Jane Doe", "Jane Doe and John Roe", "Jane Doe, John Roe & Max Moe": all names."""
    if "," not in segment:
        return name_tokens(segment)
    out: list[str] = []
    for part in segment.split(","):
        names = name_tokens(part.strip()) if part.strip() else None
        if names is None:
            return None
        out.extend(names)
    return out


def _date_line(block: Block) -> bool:
    return block.words <= 10 and any(map(str.isdigit, block.text)) and bool(stamps_in(block.text[:_READ_CHARS]))


@dataclass(frozen=True, slots=True)
class _Page:
    blocks: list[Block]
    start: int  # the article's first paragraph
    body_end: int  # its last body line
    text: str  # every line, casefolded, one a line
    offsets: list[int]  # where each block's line starts in ``text`` (and the end)
    kinds: dict[str, list[Reading]]  # the readings of each kind, top to bottom


def author_rows(blocks: list[Block], start: int) -> tuple[list[Reading], list[list[float]]]:
    """Every reading of the lines around the article, and its feature row (``AUTHOR_FEATURES``)."""
    found, body_end = all_readings(blocks, start)
    if not found:
        return [], []
    kinds: dict[str, list[Reading]] = {}
    for r in found:
        kinds.setdefault(r.kind, []).append(r)
    text = "\n".join(b.text for b in blocks).casefold()
    offsets = list(accumulate((len(b.text) + 1 for b in blocks), initial=0))
    if len(text) + 1 != offsets[-1]:  # casefolding changed a length ("ß" -> "ss"): fold line by line
        folded = [b.text.casefold() for b in blocks]
        text = "\n".join(folded)
        offsets = list(accumulate((len(t) + 1 for t in folded), initial=0))
    page = _Page(blocks, start, body_end, text, offsets, kinds)
    kept: list[Reading] = []
    rows: list[list[float]] = []
    for r in found:
        row = author_features(page, r)
        if r.kind == "bare" and not any(row[j] for j in _BARE_SUPPORT):
            continue  # two capitalised words and nothing else: a title, a menu, a teaser
        if r.kind == "bare" and blocks[r.index].label.in_body and not _bare_in_body(r, row):
            continue
        kept.append(r)
        rows.append(row)
    return kept, rows


def _bare_in_body(r: Reading, row: list[float]) -> bool:
    """A bare name on a line the classifier kept as body is a byline only when it opens the
    line (after a date at most), is two words or more, and a date or byline markup backs it:
    "Bern, 17.08.2007 - Rede ...", "The Garden · Derek Jarman (1990)" are the article's."""
    if len(r.byline.authors[0].split()) < 2 or _LETTER.search(r.before):
        return False
    return any(row[j] for j in _BODY_BARE_SUPPORT)


# A bare name needs one of these: a date beside it, a given name, its name printed again on
# the page, or markup that calls the line a byline.
_BARE_SUPPORT = tuple(
    AUTHOR_FEATURES.index(name)
    for name in ("line_date", "next_date", "prev_date", "given_name", "log_repeats", "dom_byline", "dom_meta_zone")
)
_BODY_BARE_SUPPORT = tuple(
    AUTHOR_FEATURES.index(name) for name in ("line_date", "next_date", "prev_date", "dom_byline", "dom_meta_zone")
)


def author_features(pg: _Page, reading: Reading) -> list[float]:
    """The feature row (``AUTHOR_FEATURES``) of one reading."""
    v = _vocab()
    blocks, start, body_end, page = pg.blocks, pg.start, pg.body_end, pg.text
    b = blocks[reading.index]
    by = reading.byline
    first = by.authors[0]
    tokens = first.split()
    text = b.text
    words = _words(text)
    before = _words(reading.before)
    i = reading.index
    dist = i - start
    f: dict[str, float] = {"bias": 1.0, f"kind_{reading.kind}": 1.0}
    if reading.kind == "bare" and by.raw.strip(_EDGE) == text.strip(_EDGE):
        f["bare_alone"] = 1.0
    if reading.prefixed:
        f["prefix_at_start"] = 1.0
    if any(w in v.lead for w in words[:6]):
        f["lead_word"] = 1.0
    if any(w in v.credit for w in words[:4]):
        f["credit_word"] = 1.0
    if before and any(c.isdigit() for c in reading.before):
        f["before_date"] = 1.0
    f["n_names"] = min(len(by.authors), 4) / 4
    n = len(tokens)
    f["tokens_1" if n == 1 else "tokens_2" if n == 2 else "tokens_3" if n == 3 else "tokens_4_up"] = 1.0
    if n == 1 and first[:1].islower():
        f["single_lower"] = 1.0
    if any(c.isdigit() or c == "_" for c in first):
        f["name_digit"] = 1.0
    raw_name = by.raw
    if sum(c.isupper() for c in raw_name) > 3 and not any(c.islower() for c in raw_name.split(None, 1)[-1]):
        f["name_caps"] = 1.0
    if any(len(t) <= 2 and t.endswith(".") for t in tokens):
        f["name_initial"] = 1.0
    if by.agency:
        f["has_agency"] = 1.0
    if by.timestamp_text:
        f["has_stamp"] = 1.0
    if any(map(str.isdigit, text)) and stamps_in(text[:_READ_CHARS]):
        f["line_date"] = 1.0
    if any(w in v.roles for w in words):
        f["line_role"] = 1.0
    f["log_line_words"] = math.log1p(b.words)
    if b.words <= 3:
        f["line_words_le3"] = 1.0
    f["name_share"] = min(1.0, sum(len(a) for a in by.authors) / max(1, len(text)))
    if dist < 0:
        f["above_1_2" if dist >= -2 else "above_3_6" if dist >= -6 else "above_7_up"] = 1.0
    elif i > body_end:
        f["in_tail"] = 1.0
    else:
        f["below_0_2" if dist <= 2 else "below_3_up"] = 1.0
    if i < 2:
        f["page_top"] = 1.0  # the page's first lines: the site's name, its title
    f["log_distance"] = math.log1p(abs(dist) if i <= body_end else i - body_end)
    f["body_score"] = b.score
    label = b.label
    if label.in_body:
        f["label_body"] = 1.0
    elif label is Label.CAPTION:
        f["label_caption"] = 1.0
    elif label is Label.CREDIT:
        f["label_credit"] = 1.0
    elif label is not Label.BOILERPLATE:
        f["label_other"] = 1.0
    if b.group_size == 1:
        f["group_size_1"] = 1.0
    key = first.casefold()
    own = text.casefold().count(key)
    repeats = page.count(key) - own
    f["log_repeats"] = math.log1p(max(0, repeats))
    if repeats > 0:  # in the article's text (a person it quotes) or after it (an author box)
        at = pg.offsets
        body = sum(
            1
            for j in range(max(0, start), body_end + 1)
            if j != i and blocks[j].label.in_body and key in page[at[j] : at[j + 1]]
        )
        f["repeats_body"] = min(body, 3) / 3
        tail_hi = at[min(len(blocks), body_end + 1 + _TAIL_REPEATS)]
        inside = own if at[body_end + 1] <= at[i] < tail_hi else 0
        f["repeats_tail"] = min(page.count(key, at[body_end + 1], tail_hi) - inside, 3) / 3
    if i + 1 < len(blocks) and _date_line(blocks[i + 1]):
        f["next_date"] = 1.0
    if i > 0 and _date_line(blocks[i - 1]):
        f["prev_date"] = 1.0
    if i > 0 and blocks[i - 1].words <= 2 and prefix_spans(blocks[i - 1].text + " x"):
        f["prev_prefix"] = 1.0  # "By" on its own line above the name
    if text.rstrip().endswith("."):
        f["ends_period"] = 1.0
    plain = [t.casefold() for t in " ".join(by.authors).split() if t.casefold() not in v.particles]
    if plain:
        f["stop_tokens"] = sum(t in v.stop for t in plain) / len(plain)
    if _plain_letters(tokens[0]) in v.given:
        f["given_name"] = 1.0
    if _continues_sentence(text, reading):
        f["then_lower"] = 1.0
    if any(2 <= len(t) <= 5 and t.isupper() and t.isalpha() for a in by.authors for t in a.split()):
        f["acronym"] = 1.0  # "ADAC", "OLG": an organisation's short name
    if reading.variant:
        f["variant"] = 1.0
    if n >= 2:  # a surname printed without the first name: a section, a place, a noun
        f["last_elsewhere"] = math.log1p(max(0, page.count(tokens[-1].casefold()) - page.count(key)))
    if any(w in v.comment for w in words):
        f["comment_word"] = 1.0
    same = pg.kinds[reading.kind]
    others = sum(1 for r in same if r.index != i and r.byline.authors != by.authors)
    f["same_kind_others"] = math.log1p(others)
    if same[0] is reading:
        f["first_of_kind"] = 1.0
    if b.dom is not None:
        _dom_features(b.dom, f, v)
    return [f.get(name, 0.0) for name in AUTHOR_FEATURES]


# How many lines after the article's end count as its author box.
_TAIL_REPEATS = 60
# How far up the tree the markup's class and id words count (elements).
_OWN_LEVELS = 3
_ZONE_LEVELS = 8
_IDENT_WORDS = re.compile(r"[a-z]+")


def _dom_features(dom: DomEvidence, f: dict[str, float], v: _Vocab) -> None:
    """Where the line sits in the page: a byline or meta element ("entry-meta", "vcard"), a
    comment thread, a <time>, the page's header, a link."""
    ctx = dom.context
    if "byline" in ctx.hints:
        f["dom_byline"] = 1.0
    node: DomContext | None = ctx
    for level in range(_ZONE_LEVELS):
        if node is None:
            break
        words = set(_IDENT_WORDS.findall(node.ident.lower()))
        introduced = node.parent is None or "byline" not in node.parent.hints
        if level < _OWN_LEVELS and "byline" in node.hints and introduced:
            f["dom_byline_own"] = 1.0
        if level < _OWN_LEVELS + 2 and words & v.markup_meta:
            f["dom_meta_zone"] = 1.0
        if words & v.markup_comment:
            f["dom_comment_zone"] = 1.0
        node = node.parent
    if dom.has_time:
        f["dom_time"] = 1.0
    if "header" in ctx.landmarks:
        f["dom_header"] = 1.0
    if dom.link_share > 0.5:
        f["dom_link"] = 1.0
    if ctx.landmarks & {"nav", "aside", "footer", "form"}:
        f["dom_landmark"] = 1.0
    if ctx.heading:
        f["dom_heading"] = 1.0


def candidate_lines(blocks: list[Block], start: int) -> tuple[list[int], int]:
    """Indexes of the lines read as possible bylines, and the index of the last body line."""
    n = len(blocks)
    body_end = max((i for i in range(n - 1, -1, -1) if blocks[i].label.in_body), default=-1)
    span = set(range(max(0, start - WINDOW_ABOVE), min(n, start + WINDOW_BELOW + 1)))
    # Further up, only lines that open with a prefix ("By Jane Doe"): the article's first
    # paragraph may sit far below its byline, under a gallery or a video.
    span.update(
        i
        for i in range(max(0, start - WINDOW_ABOVE))
        if blocks[i].words <= MAX_WORDS and _opens_with_prefix(blocks[i].text)
    )
    if body_end >= 0:
        span.update(range(max(0, body_end - 2), min(n, body_end + TAIL_WINDOW + 1)))
    keep = []
    for i in sorted(span):
        b = blocks[i]
        if b.label is Label.TIMESTAMP or not _LETTER.search(b.text):
            continue
        if b.words > MAX_WORDS and not _long_byline(b):
            continue
        if b.words == 1:
            if not _dated_neighbour(blocks, i):
                continue  # a lone word is a menu item, unless a date sits beside it ("Jane" / "3. Mai 2020")
        elif not prefix_spans(b.text[:_READ_CHARS]):
            if b.words > _BARE_WORDS + 1 and not _SEPARATED.search(b.text):
                continue  # a sentence: no segment short enough for a bare name, nothing to split at
            if not _MAYBE_NAMED.search(b.text, 0, _READ_CHARS):
                continue
        keep.append(i)
    return keep, body_end


def _dated_neighbour(blocks: list[Block], i: int) -> bool:
    return (i + 1 < len(blocks) and _date_line(blocks[i + 1])) or (i > 0 and _date_line(blocks[i - 1]))


def _long_byline(b: Block) -> bool:
    """A long line that may still hold the byline: one opening with a prefix, or a meta line
    of several parts."""
    if b.words <= MAX_WORDS_PREFIXED and _opens_with_prefix(b.text):
        return True
    return b.words <= MAX_WORDS_META and len(_BARS.findall(b.text)) >= 2


def _opens_with_prefix(text: str) -> bool:
    """ "By Jane Doe, a deputy editor. She covers ...": a byline glued to a bio."""
    if not opens_with_prefix_word(text):
        return False
    spans = prefix_spans(text[:40])
    return bool(spans) and not _LETTER.search(text[: spans[0][0]])


def all_readings(blocks: list[Block], start: int) -> tuple[list[Reading], int]:
    """The readings of every candidate line. On a line the classifier kept as body, only a
    reading that is most of the line counts: taking the line as a byline takes it out of the
    article ("Rede von Jane Doe beim Städtegipfel, Basel" is a sentence)."""
    lines, body_end = candidate_lines(blocks, start)
    out: list[Reading] = []
    for i in lines:
        b = blocks[i]
        out.extend(r for r in readings(i, b.text) if not (b.label.in_body and _in_sentence(b, r)))
    return out, body_end


def _in_sentence(b: Block, r: Reading) -> bool:
    """The reading is a few words of a longer text line, not a byline on it."""
    if (r.prefixed and r.kind == "prefix") or _leftover(b, r) <= MAX_LEFTOVER:
        return False
    return _continues_sentence(b.text, r) or not _SEPARATED.search(b.text)


def _continues_sentence(text: str, reading: Reading) -> bool:
    """The names are followed by a lower-case word of a sentence ("von Jane Doe beim Gipfel"),
    not by a date, a separator or a preposition before a date ("von Jane Doe am 3. Mai")."""
    at = text.find(reading.byline.raw, len(reading.before))
    if at < 0:
        return False
    after = text[at + len(reading.byline.raw) :].split(None, 2)
    if not after or not after[0][:1].islower():
        return False
    if after[0].strip(_EDGE + ".").casefold() not in _vocab().trail:
        return True
    # "Jane Doe am 3. Mai" is a byline, "Jane Doe in Moscow urges ..." a sentence
    then = after[1] if len(after) > 1 else ""
    return bool(then) and not then[:1].isdigit() and month_number(then.strip(_EDGE + ".")) is None


def _leftover(block: Block, reading: Reading) -> int:
    """Words of the line that are neither the byline nor its date."""
    by = reading.byline
    used = len(by.raw.split()) + len(by.timestamp_text.split() if by.timestamp_text else ())
    return block.words - used


def find_author_line(
    blocks: list[Block], start: int, fmt: str = "text", skip: frozenset[int] = frozenset()
) -> AuthorLine | None:
    """The best-scoring byline reading near the article, if its share of the probability mass
    (next to "no byline", which scores 0) clears ``MIN_SCORE``. Lines in ``skip`` (the site's
    furniture) are not read."""
    found, rows = author_rows(blocks, start)
    if skip:
        kept = [k for k, f in enumerate(found) if f.index not in skip]
        found, rows = [found[k] for k in kept], [rows[k] for k in kept]
    if not found:
        return None
    model = author_model(fmt)
    logits = [model.logit(row) for row in rows]
    k = max(range(len(found)), key=logits.__getitem__)
    top = logits[k]
    score = 1.0 / (math.exp(-top) + sum(math.exp(z - top) for z in logits))
    if score < MIN_SCORE:
        return None
    evidence = model.top_evidence(model.contributions(rows[k]))
    return AuthorLine(found[k].index, found[k].byline, score, f"{found[k].kind} p={score:.2f}: {evidence}")
