"""Language-independent evidence about each line, as numbers the line classifier weighs.

Two kinds: *intrinsic* features of the line itself (length, punctuation, stop-word share,
boilerplate vocabulary) and *layout* features of where it sits (its blank-line group, its
distance from the page's densest run of prose). Everything is computed per document, column
by column: character counts (digits, punctuation, separators, words and their capitals) in
one numpy pass over the code points of the whole page, the string tests as ``map`` calls
over all lines, and everything derived from them on whole columns. A Python loop with a
body per line costs several microseconds a line; the columns cost a fraction of that.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import NamedTuple

import numpy as np

from .language import stopwords
from .model import Block
from .resources import load_lines

# A sentence mark, then closing quotes/brackets to the end, or (after . ! ? …) a short word in
# brackets or not: "... said. (AP)". Written to open with the mark's character class, so the
# regex engine skips to the marks instead of trying every position (~5x faster); the same
# matches as [.!?…。！？:;]['"’”»)\]]*$|[.!?…。！？]['"’”»)\]]*\s*\(?\w{0,12}\)?$
_SENTENCE_END = re.compile(r"[.!?…。！？:;](?:['\"’”»)\]]*$|(?<=[.!?…。！？])['\"’”»)\]]*\s*\(?\w{0,12}\)?$)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_BULLET = re.compile(r"^[-–—•·*►▶▸»›o]\s")
# On lowercased text: a link, an e-mail address or a domain. The same matches (shifted to the
# ":" or ".") as https?://|www\.|@\w+\.\w|\.(com|org|net|html?)\b, written to open with one of
# ":.@" so a scan of the whole page skips straight to those characters.
_URLISH = re.compile(r":(?:(?<=http:)|(?<=https:))//|\.(?:(?<=www\.)|(?:com|org|net|html?)\b)|@\w+\.\w")


_EDGE_JUNK = re.compile(r"^[\W\d_]+|[\W\d_]+$")
# A numeric date, a clock time or a year (19xx, 20xx), each opening at a word start; written
# to open with \d (a digit with no word character before it), so the engine skips to digits;
# the same matches as \b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b(19|20)\d{2}\b
_DATEISH = re.compile(r"\d(?<!\w\d)(?:\d{0,3}[./-]\d{1,2}[./-]\d{2,4}\b|\d?:\d{2}\b|(?<=1)9\d\d\b|(?<=2)0\d\d\b)")

FEATURE_NAMES: tuple[str, ...] = (
    "bias",
    "log_words",
    "log_chars",
    "ends_sentence",
    "stopword_share",
    "punct_per_word",
    "digit_share",
    "capitalised_share",
    "all_caps",
    "log_group_size",
    "group_short_share",
    "relative_position",
    "boiler_line",
    "boiler_prefix",
    "boiler_contains",
    "repeated",
    "separators",
    "bullet",
    "urlish",
    "dateish",
    "in_core",
    "log_dist_core",
    "log_dist_anchor",
    "words_before_share",
    "quote_start",
    "ends_colon",
    "group_first",
    "short_line",
    "long_line",
    "stop_x_long",
    # Blank-line group as a whole: wrapped prose (pre text, hard-wrapped dumps) has lines that
    # never end a sentence, and a long list inside the article is the page's largest group.
    "group_log_words",
    "group_words_share",
    "group_sentence_share",
    "group_stop_share",
    "group_mean_log_words",
    # Smooth article region: the maximum-sum run of lines scored by their length (long lines
    # add, short ones subtract), as in body-text-extraction; lists and code between long
    # paragraphs fall inside it, a menu or a link list outside it does not.
    "in_region",
    "log_dist_region",
    "short_x_in_region",
    "short_x_in_core",
    "bullet_x_in_region",
)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    lines: frozenset[str]
    line_max: int  # longest whole-line entry; longer lines skip the set lookup
    prefixes: dict[str, tuple[str, ...]]  # line openings by their first two characters
    contained: tuple[str, ...]  # phrases that mark a short line wherever they occur in it


def _by_start(phrases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    if any(len(p) < 2 for p in phrases):
        raise ValueError("boilerplate/prefixes.txt: every opening needs 2+ characters")
    starts: dict[str, list[str]] = {}
    for phrase in phrases:
        starts.setdefault(phrase[:2], []).append(phrase)
    return {start: tuple(group) for start, group in starts.items()}


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    lines = load_lines("boilerplate/lines.txt")
    contained = load_lines("boilerplate/contains.txt")
    return Vocabulary(
        lines=frozenset(lines),
        line_max=max((len(x) for x in lines), default=0),
        prefixes=_by_start(load_lines("boilerplate/prefixes.txt")),
        contained=contained,
    )


# Only lines up to this long are tested against the "contains" phrases.
_CONTAINS_MAX_CHARS = 160
# Everything in ASCII that is not a letter: on an ASCII line, stripping these is exactly what
# _EDGE_JUNK.sub("", ...) does, at a tenth of the cost.
_ASCII_EDGE_JUNK = "".join(chr(c) for c in range(128) if not chr(c).isalpha())


def boilerplate_match(text: str) -> str | None:
    """Which boilerplate rule the line matches ("line", "prefix", "contains"), if any."""
    folded = text.casefold()
    vocab = vocabulary()
    rule = _whole_line_or_prefix(folded, vocab)
    # any phrase as a substring: what the alternation regex finds, at a fraction of its cost
    if rule is None and len(folded) <= _CONTAINS_MAX_CHARS and any(map(folded.__contains__, vocab.contained)):
        return "contains"
    return rule


def boilerplate_matches(texts: list[str]) -> list[str | None]:
    """``boilerplate_match`` of every line of a page; the "contains" phrases are looked for
    in all short lines at once (one ``str.find`` scan per phrase, not one regex per line)."""
    vocab = vocabulary()
    folded = list(map(str.casefold, texts))
    rules = [_whole_line_or_prefix(f, vocab) for f in folded]
    short = [i for i, f in enumerate(folded) if len(f) <= _CONTAINS_MAX_CHARS and rules[i] is None]
    for k in lines_containing([folded[i] for i in short], vocab.contained):
        rules[short[k]] = "contains"
    return rules


def _whole_line_or_prefix(folded: str, vocab: Vocabulary) -> str | None:
    if len(folded) <= vocab.line_max + 12:
        bare = folded.strip(_ASCII_EDGE_JUNK) if folded.isascii() else _EDGE_JUNK.sub("", folded)
        if bare in vocab.lines:
            return "line"
    for prefix in vocab.prefixes.get(folded[:2], ()):
        # the opening, then no letter: "share" does not open "shareholders"
        if folded.startswith(prefix) and not _letter(folded[len(prefix) : len(prefix) + 1]):
            return "prefix"
    return None


def _letter(char: str) -> bool:
    """What the regex class ``[^\\W\\d_]`` matches: a word character that is no digit or "_"."""
    return char.isalnum() and not char.isdecimal()


def lines_matching(lines: list[str], pattern: re.Pattern[str]) -> set[int]:
    """Indexes of the lines where ``pattern`` (which never matches a newline, nor looks across
    one) matches: one scan of all lines instead of a search per line."""
    page = "\n".join(lines)
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    return {bisect_right(starts, m.start()) - 1 for m in pattern.finditer(page)}


def lines_containing(lines: list[str], needles: Iterable[str]) -> set[int]:
    """Indexes of the lines holding any of ``needles`` (none of which holds a newline): one
    ``str.find`` scan over all lines per needle, rather than a test per line and needle."""
    page = "\n".join(lines)
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    found: set[int] = set()
    for needle in needles:
        at = page.find(needle)
        while at >= 0:
            line = bisect_right(starts, at) - 1
            found.add(line)
            at = page.find(needle, starts[line + 1])
    return found


def word_count(text: str) -> int:
    """Words of a line; CJK characters count as half a word each (no spaces in those scripts)."""
    cjk = 0 if text.isascii() else len(_CJK.findall(text))
    if cjk:
        return max(1, len(text.split()) + cjk // 2)
    return len(text.split())


_SENTENCE_MARKS = ".!?…。！？:;"


def ends_sentence(text: str) -> bool:
    # A closing mark as the last character is the usual case and a match; otherwise only the
    # tail can match, and searching the whole line costs ~7x more.
    return (text[-1:] != "" and text[-1] in _SENTENCE_MARKS) or _SENTENCE_END.search(text[-40:]) is not None


def _core_region(words: list[int], ends: list[bool]) -> tuple[int, int, list[int]]:
    """The densest run of prose: anchors are long sentence-like lines; the core spans the
    anchors around the heaviest cluster (gaps of up to 8 lines allowed)."""
    anchors = [i for i, (w, e) in enumerate(zip(words, ends)) if w >= 12 and e]
    if not anchors:
        anchors = [max(range(len(words)), key=words.__getitem__)] if words else []
    if not anchors:
        return 0, -1, anchors
    best: tuple[int, int, int] = (0, anchors[0], anchors[0])
    start = anchors[0]
    mass = words[start]
    for prev, cur in pairwise(anchors):
        if cur - prev > 8:
            start, mass = cur, 0
        mass += words[cur]
        if mass > best[0]:
            best = (mass, start, cur)
    if words[anchors[0]] > best[0]:
        best = (words[anchors[0]], anchors[0], anchors[0])
    return best[1], best[2], anchors


# Words at which a line neither adds to nor subtracts from the article region (max_run).
# Grouped CV (train_lines.py), pivots 4/6/9: within 0.003 everywhere; 9 best on readability
# and trafilatura-eval, sites still above the old model.
_REGION_PIVOT = 9


def max_run(values: list[float]) -> tuple[int, int]:
    """Start and end (inclusive) of the maximum-sum contiguous run (Kadane)."""
    best, best_start, best_end = 0.0, 0, -1
    run, start = 0.0, 0
    for i, v in enumerate(values):
        if run <= 0:
            run, start = 0, i
        run += v
        if run > best:
            best, best_start, best_end = run, start, i
    return best_start, best_end


# -- character counts ----------------------------------------------------------------------

# One bit per character class the features count.
_SPACE, _UPPER, _DIGIT_BIT, _PUNCT_BIT, _SEPARATOR_BIT = 1, 2, 4, 8, 16
_PUNCT_CHARS = ",;:\u3001\uff0c"  # punct_per_word counts these
_SEPARATOR_CHARS = "|•·»›«‹/\\"  # the "separators" feature: any of these in the line


def _classes_of(char: str) -> int:
    """The class bits of one character, as the string methods and regexes see it: ``isspace``
    is where ``str.split()`` splits, ``isdecimal`` is what ``\\d`` matches."""
    return (
        (_SPACE if char.isspace() else 0)
        | (_UPPER if char.isupper() else 0)
        | (_DIGIT_BIT if char.isdecimal() else 0)
        | (_PUNCT_BIT if char in _PUNCT_CHARS else 0)
        | (_SEPARATOR_BIT if char in _SEPARATOR_CHARS else 0)
    )


@lru_cache(maxsize=1)
def _bmp_classes() -> np.ndarray:
    """Class bits of every character of the Basic Multilingual Plane (built once, ~20 ms)."""
    return np.array([_classes_of(chr(c)) for c in range(0x10000)], dtype=np.uint8)


@dataclass(frozen=True, slots=True)
class CharCounts:
    """Per line: whitespace-separated pieces (``len(text.split())``), pieces opening with a
    capital, decimal digits, commas/semicolons/colons, separator characters."""

    pieces: np.ndarray
    capitalised: np.ndarray
    digits: np.ndarray
    punct: np.ndarray
    separators: np.ndarray


def char_counts(texts: list[str]) -> CharCounts:
    """``CharCounts`` of every line, from one pass over the code points of all lines."""
    # A newline after every line: a piece never runs into the next line, and every line
    # (even an empty one) owns at least one position.
    page = "\n".join(texts) + "\n"
    points = np.frombuffer(page.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if points.max() > 0xFFFF:  # emoji and rarer scripts: looked up one by one
        astral = points > 0xFFFF
        classes = np.take(_bmp_classes(), np.where(astral, 0, points))
        classes[astral] = [_classes_of(chr(c)) for c in points[astral].tolist()]
    else:
        classes = np.take(_bmp_classes(), points)
    space = (classes & _SPACE).astype(bool)
    piece_start = ~space
    piece_start[1:] &= space[:-1]
    marks = np.array(
        [
            piece_start,
            piece_start & (classes & _UPPER).astype(bool),
            classes & _DIGIT_BIT,
            classes & _PUNCT_BIT,
            classes & _SEPARATOR_BIT,
        ],
        dtype=bool,
    )
    starts = np.cumsum([0, *(len(t) + 1 for t in texts[:-1])])
    return CharCounts(*np.add.reduceat(marks, starts, axis=1, dtype=np.int64))


def _inside(n: int, start: int, end: int) -> np.ndarray:
    """1.0 for the lines start..end (inclusive), else 0.0."""
    out = np.zeros(n)
    out[start : end + 1] = 1.0
    return out


def _distance_outside(index: np.ndarray, start: int, end: int) -> np.ndarray:
    """Lines between each line and the run start..end (0 inside it)."""
    distance: np.ndarray = np.maximum(start - index, 0) + np.maximum(index - end, 0)
    return distance


def _group_sums(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For every line, the sum of each row of ``values`` over the line's blank-line group.

    One np.bincount for all rows: bin ``group * rows + row``, fed line by line, so each sum
    adds its terms in line order, exactly as a bincount per row would.
    """
    rows = len(values)
    bins = (groups[:, None] * rows + np.arange(rows)).ravel()
    sums = np.bincount(bins, weights=values.T.ravel()).reshape(-1, rows)
    per_line: np.ndarray = sums[groups].T
    return per_line


# -- features --------------------------------------------------------------------------------


def compute_features(blocks: list[Block], lang: str | None) -> np.ndarray:
    """One feature row per block, in ``FEATURE_NAMES`` order (an ``n x len(FEATURE_NAMES)`` array)."""
    return line_features(blocks, lang).features


class LineEvidence(NamedTuple):
    features: np.ndarray  # compute_features()
    pieces: np.ndarray  # len(text.split()) per line: the context features weigh lines by it
    rules: list[str | None]  # boilerplate_match() per line


def line_features(blocks: list[Block], lang: str | None) -> LineEvidence:
    """``compute_features`` with the per-line evidence the classifier reuses."""
    n = len(blocks)
    if not n:
        return LineEvidence(np.zeros((0, len(FEATURE_NAMES))), np.zeros(0, dtype=np.int64), [])
    texts = [b.text for b in blocks]
    counts = char_counts(texts)
    pieces = counts.pieces
    line_words = [b.words for b in blocks]
    line_ends = list(map(ends_sentence, texts))
    lowered = list(map(str.lower, texts))

    stop = np.zeros(n)
    stops = stopwords(lang) if lang else frozenset()
    if stops:
        # Whitespace pieces, not regex tokens: a stop word glued to punctuation ("it.") is
        # missed, which the trained weights absorb; a regex scan costs 5x more.
        hits = np.frombuffer(bytes(map(stops.__contains__, " ".join(lowered).split())), dtype=np.uint8)
        running = np.zeros(len(hits) + 1, dtype=np.int64)
        np.cumsum(hits, out=running[1:])
        firsts = np.cumsum(pieces) - pieces
        stop = np.divide(running[firsts + pieces] - running[firsts], pieces, out=stop, where=pieces > 0)

    rules = boilerplate_matches(texts)
    urlish = [False] * n
    for i in lines_matching(lowered, _URLISH):
        urlish[i] = True
    repeats = Counter(texts)
    firsts = [t[:1] for t in texts]
    bullets = [_BULLET.match(t) is not None for t in texts]
    digit_counts = counts.digits.tolist()
    chars = list(map(len, texts))
    flags = np.array(
        [
            [c >= 2 and t.isupper() for t, c in zip(texts, chars)],
            [r == "line" for r in rules],
            [r == "prefix" for r in rules],
            [r == "contains" for r in rules],
            [repeats[t] > 1 for t in texts],
            counts.separators > 0,
            bullets,
            urlish,
            # every dateish form has 3+ digits
            [d >= 3 and _DATEISH.search(t) is not None for t, d in zip(texts, digit_counts)],
            [f in "\"'“‘«„" for f in firsts],
            [t.endswith(":") for t in texts],
            [b or f in "+*-" for b, f in zip(bullets, firsts)],
        ],
        dtype=float,
    )
    (all_caps, boiler_line, boiler_prefix, boiler_contains, repeated, separators, bullet, urlish_col, dateish,
     quote_start, ends_colon, list_mark) = flags

    groups = np.array([b.group for b in blocks])
    core_start, core_end, anchors = _core_region(line_words, line_ends)
    region_start, region_end = max_run([w - _REGION_PIVOT for w in line_words])
    index = np.arange(n)
    anchor_at = np.array(anchors)
    pos = np.searchsorted(anchor_at, index)
    to_next_anchor = np.abs(anchor_at[np.minimum(pos, len(anchor_at) - 1)] - index)
    to_prev_anchor = np.abs(index - anchor_at[np.maximum(pos - 1, 0)])
    # Every count that enters as a log, one row each, through a single log1p call.
    counted = np.array(
        [
            line_words,
            chars,
            [b.group_size for b in blocks],
            _distance_outside(index, core_start, core_end),
            np.minimum(to_next_anchor, to_prev_anchor),
            _distance_outside(index, region_start, region_end),
        ],
        dtype=float,
    )
    words, chars_col = counted[0], counted[1]
    log_words, log_chars, log_group_size, log_dist_core, log_dist_anchor, log_dist_region = np.log1p(counted)
    ends = np.array(line_ends, dtype=float)
    in_core = _inside(n, core_start, core_end)
    in_region = _inside(n, region_start, region_end)
    g_lines, g_words, g_short, g_ends, g_stop, g_log = _group_sums(
        groups, np.array([np.ones(n), words, words < 5, ends, stop * words, log_words])
    )
    total_words = words.sum() or 1.0
    short6 = (words < 6).astype(float)
    group_first = np.ones(n)
    group_first[1:] = groups[1:] != groups[:-1]
    capitalised = np.divide(counts.capitalised, pieces, out=np.zeros(n), where=pieces > 0)

    # Rows of columns, then transposed into the C-ordered n x k matrix the models multiply
    # (np.column_stack costs ~1 us a column more).
    columns = np.array(
        [
            np.ones(n),
            log_words,
            log_chars,
            ends,
            stop,
            counts.punct / np.maximum(words, 1),
            counts.digits / np.maximum(chars_col, 1),
            capitalised,
            all_caps,
            log_group_size,
            g_short / g_lines,
            index / (n - 1 or 1),
            boiler_line,
            boiler_prefix,
            boiler_contains,
            repeated,
            separators,
            bullet,
            urlish_col,
            dateish,
            in_core,
            log_dist_core,
            log_dist_anchor,
            (np.cumsum(words) - words) / total_words,
            quote_start,
            ends_colon,
            group_first,
            words < 4,
            words >= 20,
            stop * log_words,
            np.log1p(g_words),
            g_words / total_words,
            g_ends / g_lines,
            np.divide(g_stop, g_words, out=np.zeros(n), where=g_words > 0),
            g_log / g_lines,
            in_region,
            log_dist_region,
            in_region * short6,
            in_core * short6,
            in_region * list_mark,
        ],
        dtype=float,
    )
    return LineEvidence(np.ascontiguousarray(columns.T), pieces, rules)
