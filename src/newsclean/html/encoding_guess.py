"""Guess the legacy encoding of a page that is not UTF-8 and declares none (or a wrong one).

charset-normalizer alone reads HTML badly: markup dilutes its statistics, so it calls German
pages windows-1250 and proposes ISO-8859-10 for Polish. Here it only proposes candidates, next
to the browsers' choice (the default encoding of the page's language, else windows-1252), and
each candidate's decoding is scored by how implausible it reads (``_oddities``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..resources import load_table
from .charsets import ASCII_BYTES, Charset, charset_for_label, decode_legacy

__all__ = ["guess_legacy"]

_PRESCAN_BYTES = 65536  # where <html lang> is looked for
_HTML_LANG = re.compile(rb"<html\s[^>]{0,300}?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z]{2})?)", re.IGNORECASE)
_TOKEN_SEPARATORS = re.compile(r"[\s<>\"'=]+")
_SAMPLE_BYTES = 200_000  # how much of the page the guessing reads
_CLEAN_RATIO = 200  # one oddity per this many non-ASCII bytes still reads as a right decoding


def guess_legacy(data: bytes) -> tuple[str, str]:
    """The legacy encoding of a page that declares none (or a wrong one) and is not UTF-8.

    Candidates, in order: the default encoding of the page's ``<html lang>`` (windows-1252 for
    the languages the defaults table does not list); charset-normalizer's pick when its
    language model prefers it to windows-1252; windows-1252 (the browsers' default);
    charset-normalizer's other picks among the known encodings; the rest of the table. The
    first that reads clean wins, else the one with the fewest oddities. charset-normalizer
    alone reads HTML badly: markup dilutes its statistics, so it calls German pages
    windows-1250 and proposes ISO-8859-10 for Polish.
    """
    # Only lines with non-ASCII bytes tell encodings apart; the markup-only rest would slow the
    # scoring and charset-normalizer down and dilute its statistics.
    sample = b"\n".join(line for line in data[:_SAMPLE_BYTES].split(b"\n") if not line.isascii())
    best: Charset | None = None
    best_score = 0
    best_text = ""
    # Pages hold a few odd characters whatever the encoding (symbols in scripts, pasted junk): a
    # candidate this clean is taken at once, which spares charset-normalizer and the other tries.
    good_enough = len(sample.translate(None, ASCII_BYTES)) // _CLEAN_RATIO
    tried: set[Charset] = set()
    for charset in _candidates(sample, data[:_PRESCAN_BYTES]):
        if charset in tried:
            continue
        tried.add(charset)
        text = decode_legacy(sample, charset.codec)
        score = _oddities(text)
        if best is None or score < best_score:
            best, best_score, best_text = charset, score, text
        if score <= good_enough:
            break
    assert best is not None  # windows-1252 is always a candidate
    western = charset_for_label("windows-1252")
    if western is not None and best != western and best_text == decode_legacy(sample, western.codec):
        best = western  # same text (German in windows-1250): report the common name
    return decode_legacy(data, best.codec), best.name


def _candidates(sample: bytes, head: bytes) -> Iterator[Charset]:
    """Candidate encodings, most likely first; charset-normalizer runs only when the page's
    declared language has not settled it (the caller stops at the first clean decoding)."""
    from charset_normalizer import from_bytes  # imported here: only legacy pages without a declaration need it

    western = charset_for_label("windows-1252")
    assert western is not None
    defaults = _legacy_defaults()
    lang = _HTML_LANG.search(head)
    if lang is not None:
        tag = lang.group(1).decode("ascii").lower().replace("_", "-")
        yield defaults.get(tag) or defaults.get(tag.split("-")[0]) or western
    known = {western, *_extra_candidates()}
    matches = [(c, m.coherence) for m in from_bytes(sample) if (c := charset_for_label(m.encoding)) in known]
    order = [western, *(c for c, _ in matches), *_extra_candidates()]
    if matches and matches[0][1] > dict(matches).get(western, 0.0):
        order.insert(0, matches[0][0])  # its language model prefers it to the browsers' default
    yield from dict.fromkeys(order)


@lru_cache(maxsize=1)
def _legacy_defaults() -> dict[str, Charset]:
    """Language tag -> its default legacy encoding (the first row for the language)."""
    table: dict[str, Charset] = {}
    for lang, label in load_table("html/legacy_defaults.tsv"):
        charset = charset_for_label(label)
        if charset is not None:
            table.setdefault(lang, charset)
    return table


@lru_cache(maxsize=1)
def _extra_candidates() -> tuple[Charset, ...]:
    """Every encoding named in the defaults table, in order."""
    found = (charset_for_label(label) for _lang, label in load_table("html/legacy_defaults.tsv"))
    return tuple(dict.fromkeys(c for c in found if c is not None))


# What makes a decoding implausible, as regexes so that scoring runs in C (a Python loop per
# character cost 5 ms a candidate). Script blocks: Latin, Greek, Cyrillic, Hebrew, Arabic, Thai, CJK.
_BLOCKS = (
    "A-Za-z\u00c0-\u024f",
    "\u0370-\u03ff",
    "\u0400-\u04ff",
    "\u0590-\u05ff",
    "\u0600-\u06ff",
    "\u0e00-\u0e7f",
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f",
)
_SPACED_LETTER = "[A-Za-z\u00c0-\u024f\u0370-\u04ff]"  # scripts that separate words with spaces
# A letter of one block followed by a letter of another ("Za¿ף³ז": Hebrew amid Polish).
_SCRIPT_CHANGE = re.compile(
    "|".join(f"[{block}](?=[{''.join(b for b in _BLOCKS if b != block)}])" for block in _BLOCKS)
)
# A non-ASCII non-letter inside a word ("Pol±czenie", "Ma³gorzata": superscripts and ordinals
# count as word characters for ``\w``, so they are listed); apostrophes, dashes ("coercion—which"),
# the soft hyphen and the Catalan middle dot belong there; CJK punctuation sits between CJK letters.
_SYMBOL_IN_WORD = re.compile(
    f"(?<={_SPACED_LETTER})(?![\\x00-\\x7f\u2019\u2018\u02bc\u00b4\u00b7\u2010\u2011\u2013\u2014\u00ad])"
    f"(?:[\u00aa\u00b2\u00b3\u00b9\u00ba\u00bc-\u00be]|[^\\w\\s])(?={_SPACED_LETTER})"
)
_UNDEFINED = re.compile("[\\x80-\\x9f\ufffd\ue000-\uf8ff]")  # C1 controls, replacement, private use
_ACCENTED_WORD = re.compile("[A-Za-z\u00c0-\u024f]*[\u00c0-\u024f][A-Za-z\u00c0-\u024f]*")


def _oddities(text: str) -> int:
    """How implausible ``text`` looks as a decoding. Points for: a control, undefined or private
    character (3); a symbol inside a word ("Pol±czenie": ISO-8859-2 read as windows-1250); a
    letter next to a letter of another script; a Latin word made mostly of accented letters
    ("Ñúåøü": Cyrillic read as windows-1252; real Latin-script text is mostly ASCII letters)."""
    # Every rule looks inside words holding a non-ASCII character: score only those.
    text = " ".join(t for t in _TOKEN_SEPARATORS.split(text) if not t.isascii())
    score = 3 * len(_UNDEFINED.findall(text)) + len(_SYMBOL_IN_WORD.findall(text))
    score += len(_SCRIPT_CHANGE.findall(text))
    for word in _ACCENTED_WORD.findall(text):
        # accented Latin letters are two bytes in UTF-8: the byte surplus counts them
        score += 2 * (len(word.encode("utf-8")) - len(word)) > len(word) >= 3
    return score
