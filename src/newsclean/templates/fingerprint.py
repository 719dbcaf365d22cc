"""Lines as stable hashes: what the template learner counts and the evidence looks up.

Two keys per line, both case-folded with whitespace collapsed:

- *exact*: the line as printed. A line that repeats exactly across a site's pages (a menu
  item, "Share this article", a fixed byline) is never the page's headline, byline or date.
- *masked*: digits and month/weekday names (every language in ``months.tsv``) replaced, so
  "Updated 3 hours ago", "Comments (12)" and "Published 24 March 2016" match across pages.
  This is the key the classifier's evidence uses.

A line without a digit keeps its exact key as its masked key (month names are masked only
next to digits, where they are dates): most lines cost one hash.

Hashes are the first 8 bytes of BLAKE2b, stable across processes and runs (Python's own
``hash`` of a str is salted per process), so learned profiles can be stored and merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b

from ..resources import load_table

_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class LineKeys:
    """The keys of one page's lines, in block order."""

    exact: tuple[int, ...]
    masked: tuple[int, ...]
    # Each line with the line before it (exact forms): a fixed line stands next to the same
    # neighbour on every page; a headline repeated in other pages' "Most read" rails does not.
    pairs: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PagePrint:
    """What the first pass keeps of a page: its site, the set of its line keys, and each
    masked key's line as printed (cut to ``SHOWN_CHARS``), so the learner can name the lines
    that turn out to repeat (``newsclean templates show``)."""

    site: str | None  # the group it belongs to (``sites.site_key``); None: not grouped
    exact: frozenset[int]
    masked: frozenset[int]
    shown: tuple[tuple[int, str], ...] = ()  # (masked key, line)
    pairs: frozenset[int] = frozenset()


def key_hash(key: str) -> int:
    return int.from_bytes(blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


@lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    """Month and weekday names and abbreviations of every language, case-folded."""
    words: set[str] = set()
    for name in ("months.tsv", "months_weekdays.tsv"):
        for row in load_table(name):
            words.update(_WORD.findall(row[2].casefold()))
    return frozenset(w for w in words if len(w) >= 2)


def _mask_word(match: re.Match[str]) -> str:
    word = match.group()
    return "~" if word in _date_words() else word


def masked_key(exact: str) -> str:
    """``exact`` (already case-folded and collapsed) with digits and date words masked."""
    if not _DIGITS.search(exact):
        return exact
    return _WORD.sub(_mask_word, _DIGITS.sub("#", exact))


def exact_key(text: str) -> str:
    return " ".join(text.casefold().split())


def line_keys(texts: Iterable[str]) -> LineKeys:
    """The exact and masked hashes of each line."""
    exact: list[int] = []
    masked: list[int] = []
    pairs: list[int] = []
    previous = ""
    for text in texts:
        key = exact_key(text)
        h = key_hash(key)
        exact.append(h)
        mkey = masked_key(key)
        masked.append(h if mkey == key else key_hash(mkey))
        pairs.append(key_hash(previous + "\x1f" + key))
        previous = key
    return LineKeys(tuple(exact), tuple(masked), tuple(pairs))


SHOWN_CHARS = 160


def page_print(site: str | None, texts: list[str]) -> PagePrint:
    """The print of a page whose lines are ``texts``."""
    keys = line_keys(texts)
    shown = tuple(dict(zip(keys.masked, (t[:SHOWN_CHARS] for t in texts))).items())
    return PagePrint(site, frozenset(keys.exact), frozenset(keys.masked), shown, frozenset(keys.pairs))
