"""Language-independent evidence about each line, as numbers the line classifier weighs.

Two kinds: *intrinsic* features of the line itself (length, punctuation, stop-word share,
boilerplate vocabulary) and *layout* features of where it sits (its blank-line group, its
distance from the page's densest run of prose). Everything is computed per document in
one pass over the blocks, so the cost is linear in the number of lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from .language import stopwords
from .model import Block
from .resources import load_lines

_SENTENCE_END = re.compile(r"[.!?…。！？:;]['\"’”»)\]]*$|[.!?…。！？]['\"’”»)\]]*\s*\(?\w{0,12}\)?$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_DIGIT = re.compile(r"\d")
_NO_DIGITS = str.maketrans("", "", "0123456789")
_PUNCT = re.compile(r"[,;:\u3001\uff0c]")
_SEPARATORS = re.compile(r"[|•·»›«‹/\\]")
_BULLET = re.compile(r"^[-–—•·*►▶▸»›o]\s")
_URLISH = re.compile(r"https?://|www\.|@\w+\.\w|\.(com|org|net|html?)\b")  # on lowercased text


def _urlish(lowered: str) -> bool:
    # cheap substring tests first: the regex alone costs ~5 us on a long line
    if "http" in lowered or "www." in lowered or "@" in lowered or ".com" in lowered or ".htm" in lowered \
            or ".org" in lowered or ".net" in lowered:
        return _URLISH.search(lowered) is not None
    return False
_EDGE_JUNK = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_DATEISH = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b(19|20)\d{2}\b")

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
    prefixes: re.Pattern[str]  # any prefix, then no letter (so "share" misses "shareholders")
    contains: re.Pattern[str]


def _alternation(phrases: tuple[str, ...]) -> str:
    # longest first, so a longer phrase wins over its own prefix
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) or "(?!x)x"


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    lines = load_lines("boilerplate/lines.txt")
    return Vocabulary(
        lines=frozenset(lines),
        line_max=max((len(x) for x in lines), default=0),
        prefixes=re.compile(f"(?:{_alternation(load_lines('boilerplate/prefixes.txt'))})(?![^\\W\\d_])"),
        contains=re.compile(_alternation(load_lines("boilerplate/contains.txt"))),
    )


def boilerplate_match(text: str) -> str | None:
    """Which boilerplate rule the line matches ("line", "prefix", "contains"), if any."""
    vocab = vocabulary()
    folded = text.casefold()
    if len(folded) <= vocab.line_max + 12 and _EDGE_JUNK.sub("", folded) in vocab.lines:
        return "line"
    if vocab.prefixes.match(folded):
        return "prefix"
    if len(folded) <= 160 and vocab.contains.search(folded):
        return "contains"
    return None


def word_count(text: str) -> int:
    """Words of a line; CJK characters count as half a word each (no spaces in those scripts)."""
    cjk = 0 if text.isascii() else len(_CJK.findall(text))
    if cjk:
        return max(1, len(text.split()) + cjk // 2)
    return len(text.split())


def ends_sentence(text: str) -> bool:
    # only the tail can match; searching the whole line costs ~7x more
    return bool(_SENTENCE_END.search(text[-40:]))


@dataclass(slots=True)
class LineStats:
    words: int
    ends_sentence: bool
    stop_share: float


def _core_region(stats: list[LineStats]) -> tuple[int, int, list[int]]:
    """The densest run of prose: anchors are long sentence-like lines; the core spans the
    anchors around the heaviest cluster (gaps of up to 8 lines allowed)."""
    anchors = [i for i, s in enumerate(stats) if s.words >= 12 and s.ends_sentence]
    if not anchors:
        anchors = [max(range(len(stats)), key=lambda i: stats[i].words)] if stats else []
    if not anchors:
        return 0, -1, anchors
    best: tuple[int, int, int] = (0, anchors[0], anchors[0])
    start = anchors[0]
    mass = stats[start].words
    for prev, cur in pairwise(anchors):
        if cur - prev > 8:
            start, mass = cur, 0
        mass += stats[cur].words
        if mass > best[0]:
            best = (mass, start, cur)
    if stats[anchors[0]].words > best[0]:
        best = (stats[anchors[0]].words, anchors[0], anchors[0])
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


def compute_features(blocks: list[Block], lang: str | None) -> np.ndarray:
    """One feature row per block, in ``FEATURE_NAMES`` order (an ``n x len(FEATURE_NAMES)`` array).

    String evidence is read line by line; everything derived from it (logs, group totals,
    regions, distances, interactions) is computed on whole columns at once.
    """
    n = len(blocks)
    if not n:
        return np.zeros((0, len(FEATURE_NAMES)))
    stops = stopwords(lang) if lang else frozenset()
    is_stop = stops.__contains__
    counts = Counter(b.text for b in blocks)
    # One pass over the lines for all string evidence: a row of numbers per line, and the
    # LineStats the region finders read.
    stats: list[LineStats] = []
    lines = []
    find_digits = _DIGIT.findall
    find_punct = _PUNCT.findall
    for b in blocks:
        text = b.text
        lowered = text.lower()
        share = 0.0
        if stops:
            # Whitespace pieces, not regex tokens: a stop word glued to punctuation ("it.")
            # is missed, which the trained weights absorb; a regex scan costs 5x more.
            pieces = lowered.split()
            if pieces:
                share = sum(map(is_stop, pieces)) / len(pieces)
        stats.append(LineStats(b.words, ends_sentence(text), share))  # b.words == word_count(text)
        tokens = text.split()
        n_tokens = len(tokens)
        initials = "".join([t[0] for t in tokens])
        ascii_text = text.isascii()
        # counting by deletion is exact for ASCII and ~5x cheaper than a regex scan
        n_digits = len(text) - len(text.translate(_NO_DIGITS)) if ascii_text else len(find_digits(text))
        match = boilerplate_match(text)
        first = text[:1]
        bullet = _BULLET.match(text) is not None
        lines.append(
            (
                len(text),
                text.count(",") + text.count(";") + text.count(":") if ascii_text else len(find_punct(text)),
                n_digits,
                sum(map(str.isupper, initials)) / n_tokens if n_tokens else 0.0,
                len(text) >= 2 and text.isupper(),
                match == "line",
                match == "prefix",
                match == "contains",
                counts[text] > 1,
                _SEPARATORS.search(text) is not None,
                bullet,
                _urlish(lowered),
                n_digits >= 3 and _DATEISH.search(text) is not None,  # every form has 3+ digits
                first in "\"'“‘«„",
                text.endswith(":"),
                bullet or first in "+*-",
            )
        )
    cols = np.array(lines, dtype=float).T
    chars, punct, digits, capitalised = cols[0], cols[1], cols[2], cols[3]
    words = np.array([s.words for s in stats], dtype=float)
    ends = np.array([s.ends_sentence for s in stats], dtype=float)
    stop = np.array([s.stop_share for s in stats])
    groups = np.array([b.group for b in blocks])
    group_size = np.array([b.group_size for b in blocks], dtype=float)
    index = np.arange(n)
    log_words = np.log1p(words)

    core_start, core_end, anchors = _core_region(stats)
    in_core = ((index >= core_start) & (index <= core_end)).astype(float)
    dist_core = np.where(index < core_start, core_start - index, np.maximum(index - core_end, 0)) * (1 - in_core)
    anchor_at = np.array(anchors)
    pos = np.searchsorted(anchor_at, index)
    after = np.abs(anchor_at[np.minimum(pos, len(anchor_at) - 1)] - index)
    before = np.abs(index - anchor_at[np.maximum(pos - 1, 0)])
    dist_anchor = np.minimum(after, before)

    total_words = words.sum() or 1.0
    g_lines = np.bincount(groups).astype(float)[groups]
    g_words = np.bincount(groups, weights=words)[groups]
    g_short = np.bincount(groups, weights=(words < 5).astype(float))[groups]
    g_ends = np.bincount(groups, weights=ends)[groups]
    g_stop = np.bincount(groups, weights=stop * words)[groups]
    g_log = np.bincount(groups, weights=log_words)[groups]
    region_start, region_end = max_run((words - _REGION_PIVOT).tolist())
    in_region = ((index >= region_start) & (index <= region_end)).astype(float)
    dist_region = np.where(index < region_start, region_start - index, np.maximum(index - region_end, 0))
    dist_region = dist_region * (1 - in_region)
    short6 = (words < 6).astype(float)
    group_first = np.ones(n)
    group_first[1:] = groups[1:] != groups[:-1]

    features = np.column_stack(
        [
            np.ones(n),
            log_words,
            np.log1p(chars),
            ends,
            stop,
            punct / np.maximum(words, 1),
            digits / np.maximum(chars, 1),
            capitalised,
            cols[4],
            np.log1p(group_size),
            g_short / g_lines,
            index / (n - 1 or 1),
            cols[5],
            cols[6],
            cols[7],
            cols[8],
            cols[9],
            cols[10],
            cols[11],
            cols[12],
            in_core,
            np.log1p(dist_core),
            np.log1p(dist_anchor),
            (np.cumsum(words) - words) / total_words,
            cols[13],
            cols[14],
            group_first,
            (words < 4).astype(float),
            (words >= 20).astype(float),
            stop * log_words,
            np.log1p(g_words),
            g_words / total_words,
            g_ends / g_lines,
            np.divide(g_stop, g_words, out=np.zeros(n), where=g_words > 0),
            g_log / g_lines,
            in_region,
            np.log1p(dist_region),
            in_region * short6,
            in_core * short6,
            in_region * cols[15],
        ]
    )
    return features
