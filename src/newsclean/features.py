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

from .language import stopwords, word_tokens
from .model import Block
from .resources import load_lines

_SENTENCE_END = re.compile(r"[.!?…。！？:;]['\"’”»)\]]*$|[.!?…。！？]['\"’”»)\]]*\s*\(?\w{0,12}\)?$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[,;:\u3001\uff0c]")
_SEPARATORS = re.compile(r"[|•·»›«‹/\\]")
_BULLET = re.compile(r"^[-–—•·*►▶▸»›o]\s")
_URLISH = re.compile(r"https?://|www\.|@\w+\.\w|\.(com|org|net|html?)\b", re.IGNORECASE)
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
)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    lines: frozenset[str]
    prefixes: tuple[str, ...]
    contains: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary(
        lines=frozenset(load_lines("boilerplate/lines.txt")),
        prefixes=tuple(load_lines("boilerplate/prefixes.txt")),
        contains=tuple(load_lines("boilerplate/contains.txt")),
    )


def boilerplate_match(text: str) -> str | None:
    """Which boilerplate rule the line matches ("line", "prefix", "contains"), if any."""
    vocab = vocabulary()
    folded = text.casefold()
    core = _EDGE_JUNK.sub("", folded)
    if core in vocab.lines:
        return "line"
    for prefix in vocab.prefixes:
        if folded.startswith(prefix):
            rest = folded[len(prefix) : len(prefix) + 1]
            if not rest or not rest.isalpha():
                return "prefix"
    if len(folded) <= 160:
        for phrase in vocab.contains:
            if phrase in folded:
                return "contains"
    return None


def word_count(text: str) -> int:
    """Words of a line; CJK characters count as half a word each (no spaces in those scripts)."""
    cjk = len(_CJK.findall(text))
    if cjk:
        return max(1, len(text.split()) + cjk // 2)
    return len(text.split())


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


@dataclass(slots=True)
class LineStats:
    words: int
    ends_sentence: bool
    stop_share: float


def line_stats(blocks: list[Block], lang: str | None) -> list[LineStats]:
    stops = stopwords(lang) if lang else frozenset()
    out = []
    for b in blocks:
        tokens = word_tokens(b.text)
        share = sum(1 for t in tokens if t in stops) / len(tokens) if tokens and stops else 0.0
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
    for prev, cur in zip(anchors, anchors[1:]):
        if cur - prev > 8:
            start, mass = cur, 0
        mass += stats[cur].words
        if mass > best[0]:
            best = (mass, start, cur)
    if stats[anchors[0]].words > best[0]:
        best = (stats[anchors[0]].words, anchors[0], anchors[0])
    return best[1], best[2], anchors


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

    rows: list[list[float]] = []
    words_before = 0
    for i, (b, s) in enumerate(zip(blocks, stats)):
        text = b.text
        chars = len(text)
        words = s.words
        tokens = text.split()
        capitalised = sum(1 for t in tokens if t[:1].isupper()) / len(tokens) if tokens else 0.0
        letters = [c for c in text if c.isalpha()]
        all_caps = 1.0 if len(letters) >= 2 and all(c.isupper() for c in letters) else 0.0
        match = boilerplate_match(text)
        if core_start <= i <= core_end:
            in_core, dist_core = 1.0, 0
        else:
            in_core, dist_core = 0.0, (core_start - i if i < core_start else i - core_end)
        short, size = group_short[b.group]
        first = text[:1]
        rows.append(
            [
                1.0,
                math.log1p(words),
                math.log1p(chars),
                1.0 if s.ends_sentence else 0.0,
                s.stop_share,
                len(_PUNCT.findall(text)) / max(words, 1),
                len(_DIGIT.findall(text)) / max(chars, 1),
                capitalised,
                all_caps,
                math.log1p(b.group_size),
                short / size,
                i / max(n - 1, 1),
                1.0 if match == "line" else 0.0,
                1.0 if match == "prefix" else 0.0,
                1.0 if match == "contains" else 0.0,
                1.0 if counts[text] > 1 else 0.0,
                1.0 if _SEPARATORS.search(text) else 0.0,
                1.0 if _BULLET.match(text) else 0.0,
                1.0 if _URLISH.search(text) else 0.0,
                1.0 if _DATEISH.search(text) else 0.0,
                in_core,
                math.log1p(dist_core),
                math.log1p(dist[i]),
                words_before / total_words,
                1.0 if first in "\"'“‘«„" else 0.0,
                1.0 if text.endswith(":") else 0.0,
                1.0 if i == 0 or blocks[i - 1].group != b.group else 0.0,
                1.0 if words < 4 else 0.0,
                1.0 if words >= 20 else 0.0,
                s.stop_share * math.log1p(words),
            ]
        )
        words_before += words
    return rows
