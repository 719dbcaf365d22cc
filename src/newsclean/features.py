"""Language-independent evidence about each line, as numbers the line classifier weighs.

Two kinds: *intrinsic* features of the line itself (length, punctuation, stop-word share,
boilerplate vocabulary) and *layout* features of where it sits (its blank-line group, its
distance from the page's densest run of prose). Everything is computed per document in
one pass over the blocks, so the cost is linear in the number of lines.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from .language import stopwords, word_tokens
from .model import Block
from .resources import load_lines

_SENTENCE_END = re.compile(r"[.!?…。！？:;]['\"’”»)\]]*$|[.!?…。！？]['\"’”»)\]]*\s*\(?\w{0,12}\)?$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_DIGIT = re.compile(r"\d")
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


def line_stats(blocks: list[Block], lang: str | None) -> list[LineStats]:
    stops = stopwords(lang) if lang else frozenset()
    out = []
    for b in blocks:
        share = 0.0
        if stops:
            tokens = word_tokens(b.text)
            if tokens:
                share = len([t for t in tokens if t in stops]) / len(tokens)
        out.append(LineStats(word_count(b.text), ends_sentence(b.text), share))
    return out


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


def compute_features(blocks: list[Block], lang: str | None) -> list[list[float]]:
    """One feature vector per block, in ``FEATURE_NAMES`` order."""
    if not blocks:
        return []
    stats = line_stats(blocks, lang)
    n = len(blocks)
    core_start, core_end, anchors = _core_region(stats)
    counts = Counter(b.text for b in blocks)
    group_short: dict[int, list[int]] = {}
    for b, s in zip(blocks, stats):
        tally = group_short.setdefault(b.group, [0, 0])
        tally[0] += s.words < 5
        tally[1] += 1
    total_words = sum(s.words for s in stats) or 1
    # distance to nearest anchor, two sweeps
    dist = [n] * n
    last = -n
    anchor_set = set(anchors)
    for i in range(n):
        if i in anchor_set:
            last = i
        dist[i] = i - last
    last = 2 * n
    for i in range(n - 1, -1, -1):
        if i in anchor_set:
            last = i
        dist[i] = min(dist[i], last - i)

    group_acc: dict[int, list[float]] = {}  # words, sentence ends, stop mass, log-words sum, lines
    for b, s in zip(blocks, stats):
        g = group_acc.setdefault(b.group, [0.0, 0.0, 0.0, 0.0, 0.0])
        g[0] += s.words
        g[1] += s.ends_sentence
        g[2] += s.stop_share * s.words
        g[3] += math.log1p(s.words)
        g[4] += 1
    region_start, region_end = max_run([s.words - _REGION_PIVOT for s in stats])

    rows: list[list[float]] = []
    words_before = 0
    last = n - 1 or 1
    log1p = math.log1p
    for i, (b, s) in enumerate(zip(blocks, stats)):
        text = b.text
        chars = len(text)
        words = s.words
        tokens = text.split()
        initials = "".join([t[0] for t in tokens])
        capitalised = sum(map(str.isupper, initials)) / len(tokens) if tokens else 0.0
        match = boilerplate_match(text)
        if core_start <= i <= core_end:
            in_core, dist_core = 1.0, 0
        else:
            in_core, dist_core = 0.0, (core_start - i if i < core_start else i - core_end)
        short, size = group_short[b.group]
        g = group_acc[b.group]
        g_words = g[0]
        if region_start <= i <= region_end:
            in_region, dist_region = 1.0, 0
        else:
            in_region, dist_region = 0.0, (region_start - i if i < region_start else i - region_end)
        first = text[:1]
        bullet = _BULLET.match(text) is not None
        is_short = words < 6
        rows.append(
            [
                1.0,
                log1p(words),
                log1p(chars),
                1.0 if s.ends_sentence else 0.0,
                s.stop_share,
                len(_PUNCT.findall(text)) / (words or 1),
                len(_DIGIT.findall(text)) / (chars or 1),
                capitalised,
                1.0 if chars >= 2 and text.isupper() else 0.0,
                log1p(b.group_size),
                short / size,
                i / last,
                1.0 if match == "line" else 0.0,
                1.0 if match == "prefix" else 0.0,
                1.0 if match == "contains" else 0.0,
                1.0 if counts[text] > 1 else 0.0,
                1.0 if _SEPARATORS.search(text) else 0.0,
                1.0 if bullet else 0.0,
                1.0 if _urlish(text.lower()) else 0.0,
                1.0 if _DATEISH.search(text) else 0.0,
                in_core,
                log1p(dist_core),
                log1p(dist[i]),
                words_before / total_words,
                1.0 if first in "\"'“‘«„" else 0.0,
                1.0 if text.endswith(":") else 0.0,
                1.0 if i == 0 or blocks[i - 1].group != b.group else 0.0,
                1.0 if words < 4 else 0.0,
                1.0 if words >= 20 else 0.0,
                s.stop_share * log1p(words),
                log1p(g_words),
                g_words / total_words,
                g[1] / g[4],
                g[2] / g_words if g_words else 0.0,
                g[3] / g[4],
                in_region,
                log1p(dist_region),
                in_region if is_short else 0.0,
                in_core if is_short else 0.0,
                in_region if bullet or first in "+*-" else 0.0,
            ]
        )
        words_before += words
    return rows
