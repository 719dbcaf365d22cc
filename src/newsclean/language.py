"""Language guess (ISO 639-1) and stop-word lists, standard library only.

``detect_language`` looks at the first ``max_chars`` characters of a text:

1. Script: letters are counted per script (CJK characters weigh more, since one carries about as
   much as a short word). Scripts used by one language map straight to it (Hangul -> ko, Thai ->
   th, Greek -> el, Hebrew -> he, ...); Han with enough kana -> ja, without -> zh.
2. Within a script shared by several languages (Latin, Cyrillic, Arabic, Devanagari), a naive-Bayes
   vote over stop words: each language's list is frequency-ranked, a word at rank ``r`` adds
   ``log((floor_rank + k) / (r + k))`` to that language's score for every occurrence, which is
   the log-likelihood ratio of a Zipf model against a floor probability for words missing from
   the list. Words in no list are ignored.

Too little evidence (fewer than ``MIN_HITS`` stop-word occurrences, or too few letters of a
single-language script) gives ``None``.

Stop-word lists live in ``data/stopwords/<code>.txt`` (see ``scripts/build_stopwords.py``), one
word per line, most frequent first, and are read once per process.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from functools import lru_cache

from newsclean import resources

__all__ = ["MAX_CHARS", "MIN_HITS", "detect_language", "known_languages", "stopwords", "word_tokens"]

MAX_CHARS = 3000
"""Characters of a text that ``detect_language`` looks at by default."""

MIN_HITS = 2
"""Stop-word occurrences needed before a shared-script language is named."""

_STOPWORD_DIR = "stopwords"
_ALIASES = {"nb": "no", "nn": "no"}

# Stop-word vote weights: rank r (1-based) in a list scores log((FLOOR_RANK + K) / (r + K)).
_K = 5.0
_FLOOR_RANK = 400.0

# Languages voted among, per script. Each has a stop-word file.
_SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "latin": (
        "en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sv", "da", "no", "fi", "hu",
        "ro", "tr", "id", "ca", "hr", "sl", "lt", "lv", "et", "vi",
    ),
    "cyrillic": ("ru", "uk", "bg", "sr", "mk", "be"),
    "arabic": ("ar", "fa", "ur"),
    "devanagari": ("hi", "mr", "ne"),
}  # fmt: skip
# Fallback when a shared script has letters but no stop words (needs _MIN_SCRIPT_LETTERS).
_SCRIPT_DEFAULT = {"cyrillic": "ru", "arabic": "ar", "devanagari": "hi"}

# Scripts with (practically) one language.
_SCRIPT_SINGLE = {
    "greek": "el", "hebrew": "he", "hangul": "ko", "thai": "th", "armenian": "hy",
    "georgian": "ka", "bengali": "bn", "gurmukhi": "pa", "gujarati": "gu", "oriya": "or",
    "tamil": "ta", "telugu": "te", "kannada": "kn", "malayalam": "ml", "sinhala": "si",
    "lao": "lo", "myanmar": "my", "khmer": "km", "ethiopic": "am",
}  # fmt: skip

# (first code point, script) for the non-Latin blocks; None marks a gap.
_BLOCKS: tuple[tuple[int, str | None], ...] = (
    (0x0370, "greek"), (0x0400, "cyrillic"), (0x0530, "armenian"), (0x0590, "hebrew"),
    (0x0600, "arabic"), (0x0700, None), (0x0750, "arabic"), (0x0780, None), (0x08A0, "arabic"),
    (0x0900, "devanagari"), (0x0980, "bengali"), (0x0A00, "gurmukhi"), (0x0A80, "gujarati"),
    (0x0B00, "oriya"), (0x0B80, "tamil"), (0x0C00, "telugu"), (0x0C80, "kannada"),
    (0x0D00, "malayalam"), (0x0D80, "sinhala"), (0x0E00, "thai"), (0x0E80, "lao"), (0x0F00, None),
    (0x1000, "myanmar"), (0x10A0, "georgian"), (0x1100, "hangul"), (0x1200, "ethiopic"),
    (0x1380, None), (0x1780, "khmer"), (0x1800, None), (0x1F00, "greek"), (0x2000, None),
    (0x3040, "cjk"), (0x3100, None), (0x3130, "hangul"), (0x3190, None), (0x31F0, "cjk"),
    (0x3200, None), (0x3400, "cjk"), (0x4DC0, None), (0x4E00, "cjk"), (0xA000, None),
    (0xAC00, "hangul"), (0xD7B0, None), (0xF900, "cjk"), (0xFB00, None), (0xFB1D, "hebrew"),
    (0xFB50, "arabic"), (0xFE00, None), (0xFE70, "arabic"), (0xFF00, None), (0xFF66, "cjk"),
    (0xFFA0, None), (0x20000, "cjk"), (0x2FA20, None),
)  # fmt: skip
_BLOCK_STARTS = tuple(start for start, _ in _BLOCKS)

_LATIN_RUN = re.compile(r"[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF]+")
# Letters of the scripts in _BLOCKS (digits and punctuation of those blocks are mostly excluded).
_NONLATIN_RUN = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0531-\u0587\u05d0-\u05f2\u0620-\u064a\u066e-\u06d3\u06d5"
    "\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\u0900-\u0963\u0972-\u0dff\u0e00-\u0e4e\u0e80-\u0eff"
    "\u1000-\u103f\u1050-\u109f\u10a0-\u10ff\u1100-\u11ff\u1200-\u137f\u1780-\u17dd\u1f00-\u1fff"
    "\u3041-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufb1d-\ufb4f"
    "\ufb50-\ufdff\ufe70-\ufeff\uff66-\uff9f\U00020000-\U0002fa1f]+"
)
_KANA_RUN = re.compile("[\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f]+")
_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")

_CJK_WEIGHT = 3  # a Han or kana character counts as this many letters
_MIN_SCRIPT_LETTERS = 6  # single-language scripts; CJK counts weighted
_SAMPLED_RUNS = 120  # runs of non-Latin letters classified per call (evenly spaced)
_KANA_SHARE_JA = 0.08  # kana / (kana + Han) at or above which CJK text is Japanese


@lru_cache(maxsize=1)
def _token_re() -> re.Pattern[str]:
    """``\\w`` plus combining marks (Devanagari, Thai, Arabic vowel signs are not ``\\w``)."""
    ranges: list[str] = []
    start = -1
    for cp in range(0x300, 0x10000):
        mark = unicodedata.category(chr(cp))[0] == "M"
        if mark and start < 0:
            start = cp
        elif not mark and start >= 0:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}")
            start = -1
    return re.compile(r"[\w" + "".join(ranges) + r"]+")


def word_tokens(text: str) -> list[str]:
    """Lowercase word tokens: runs of Unicode word characters and combining marks.

    ``_`` counts as a word character (as in ``\\w``); apostrophes, hyphens, zero-width joiners
    and non-joiners separate tokens. Stop-word lists are tokenised the same way.
    """
    return _token_re().findall(text.lower())


def _normalise_code(lang: str) -> str:
    code = lang.replace("_", "-").split("-")[0].strip().lower()
    return _ALIASES.get(code, code)


@lru_cache(maxsize=None)
def known_languages() -> frozenset[str]:
    """Codes with a stop-word list."""
    return frozenset(
        name[:-4] for name in resources.list_dir(_STOPWORD_DIR) if name.endswith(".txt")
    )


@lru_cache(maxsize=None)
def _ranked(code: str) -> tuple[str, ...]:
    if code not in known_languages():
        return ()
    return resources.load_lines(f"{_STOPWORD_DIR}/{code}.txt")


@lru_cache(maxsize=None)
def stopwords(lang: str) -> frozenset[str]:
    """Stop words of ``lang`` (ISO 639-1; a region subtag is ignored), lowercase.

    An empty frozenset for a language without a list (including zh, ja, th: no word spaces).
    """
    return frozenset(_ranked(_normalise_code(lang)))


@lru_cache(maxsize=None)
def _vote_table(script: str) -> tuple[tuple[str, ...], dict[str, tuple[tuple[int, float], ...]]]:
    """Languages of ``script`` and, per stop word, ``(language index, weight)`` pairs."""
    import math

    langs = tuple(code for code in _SCRIPT_LANGUAGES[script] if _ranked(code))
    table: dict[str, list[tuple[int, float]]] = {}
    for index, code in enumerate(langs):
        for rank, word in enumerate(_ranked(code), start=1):
            weight = math.log((_FLOOR_RANK + _K) / (rank + _K))
            table.setdefault(word, []).append((index, max(weight, 0.05)))
    return langs, {word: tuple(pairs) for word, pairs in table.items()}


def _vote(text: str, script: str) -> str | None:
    langs, table = _vote_table(script)
    scores = [0.0] * len(langs)
    hits = [0] * len(langs)
    get = table.get
    for token, count in Counter(word_tokens(text)).items():
        pairs = get(token)
        if pairs is None:
            continue
        for index, weight in pairs:
            scores[index] += weight * count
            hits[index] += count
    best = max(range(len(langs)), key=scores.__getitem__, default=-1)
    if best < 0 or hits[best] < MIN_HITS:
        return None
    return langs[best]


def _script_of(char: str) -> str | None:
    i = bisect_right(_BLOCK_STARTS, ord(char)) - 1
    return _BLOCKS[i][1] if i >= 0 else None


def _script_counts(sample: str) -> dict[str, int]:
    """Weighted letter counts per script (``cjk`` = Han + kana)."""
    counts: dict[str, int] = {}
    runs = _NONLATIN_RUN.findall(sample)
    if runs:
        step = max(1, len(runs) // _SAMPLED_RUNS)
        picked = runs[::step]
        scale = len(runs) / len(picked)
        for run in picked:
            script = _script_of(run[0])
            if script is not None:
                counts[script] = counts.get(script, 0) + len(run)
        for script in counts:
            counts[script] = round(counts[script] * scale * (_CJK_WEIGHT if script == "cjk" else 1))
    latin = sum(map(len, _LATIN_RUN.findall(sample)))
    if latin:
        counts["latin"] = latin
    return counts


def detect_language(text: str, max_chars: int = MAX_CHARS) -> str | None:
    """ISO 639-1 code of the language of ``text``, or ``None`` when there is too little evidence.

    Only the first ``max_chars`` characters are looked at.
    """
    sample = text[:max_chars] if max_chars > 0 else text
    if not _NONLATIN_RUN.search(sample):
        return _vote(sample, "latin")
    counts = _script_counts(sample)
    if not counts:
        return None
    script = max(counts, key=counts.__getitem__)
    if script in _SCRIPT_LANGUAGES:
        guess = _vote(sample, script)
        if guess is None and counts[script] >= 4 * _MIN_SCRIPT_LETTERS:
            return _SCRIPT_DEFAULT.get(script)
        return guess
    if counts[script] < _MIN_SCRIPT_LETTERS:
        return None
    if script == "cjk":
        kana = sum(map(len, _KANA_RUN.findall(sample)))
        han = sum(map(len, _HAN_RUN.findall(sample)))
        return "ja" if kana >= _KANA_SHARE_JA * (kana + han) else "zh"
    return _SCRIPT_SINGLE.get(script)
