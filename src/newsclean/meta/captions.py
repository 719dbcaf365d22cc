"""Photo captions and their credits: "… in Paris. (Photo: AP)", "© REUTERS / Jane DoeThe minister …",
"… May 2, 2016 - Example International", "Photograph: Jane Doe/AFP/Getty Images".

A credit sits at the start or the end of a caption, so only those ends are examined, with
string methods rather than regex scans (``split_credit`` runs on every caption-sized line):
a leading "©" credit, whose end is where a lower-case letter runs into the capital opening
the caption when the dump glued them; a BBC-style "Image copyright X Image caption Y"; a
leading label ("Photo: AP"); a trailing parenthesis; a trailing " - Outlet"; and a last
sentence that is a labelled or bare ("REUTERS/Jane Doe") credit.
Vocabulary: ``data/credit_patterns.txt`` and ``data/agencies.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_table

__all__ = ["caption_key", "caption_key_from", "caption_key_head", "is_credit_only", "split_credit"]

_TAIL = 120  # chars at the end of a caption searched for a credit
_GLUE_SPAN = 100  # chars after "©" searched for the glued caption start
_MAX_CREDIT_WORDS = 12
_BARE_KEY = 2  # label_nocolon entries are indexed by this many first characters
_COPYRIGHT = ("©", "(c)", "(C)")
_DASHES = (" - ", " – ", " — ", " | ", " -- ")
_CAPTION_END = " -–—|,;:"  # separators left at the end of a caption when its credit is cut off
# [/|;,]|\s(?:[-–—]|via|for|für|pour|para|per)(?=\s), written to open with one character class
# so the regex engine skips straight to the candidates instead of trying every position.
_PARTS = re.compile(r"[/|;,\s](?:(?<=[/|;,])|(?<=\s)(?:[-–—]|via|for|für|pour|para|per)(?=\s))")
# Any of these (or " - ") near the end of a line may introduce a credit; without one only a
# short last sentence ("… in Washington. Getty Images") needs a closer look.
_MARK_CHARS = re.compile(r"[()/:|©–—]").search
_LEAD_LABEL = re.compile(r"(?P<l>[^\W\d_]{2,12}(?:\s[^\W\d_]{2,12})?)\s?:\s{0,3}(?=\S)")
_KEY_CHARS = str.maketrans(
    {"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "’": "'", "‘": "'", "“": '"', "”": '"'}
)
_KEY_CHAR_AT = re.compile("[" + "".join(map(chr, _KEY_CHARS)) + "]").search


@dataclass(frozen=True, slots=True)
class _Vocab:
    labels: frozenset[str]  # before a colon: "photo", "crédit photo"
    labels_bare: tuple[str, ...]  # without a colon, longest first: "image copyright", "photo by"
    bare_by_start: dict[str, tuple[str, ...]]  # labels_bare by their first _BARE_KEY characters
    label_starts: frozenset[str]  # first words of all labels, for a cheap test
    caption_labels: re.Pattern[str]  # "Image caption" between a credit and its caption
    sources: frozenset[str]  # "getty images", "ap photo", agencies
    outlet_words: frozenset[str]
    name_prefixes: frozenset[str]
    brands: frozenset[str]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    kinds: dict[str, set[str]] = {}
    for phrase, kind in load_table("credit_patterns.txt"):
        kinds.setdefault(kind, set()).add(phrase.casefold())
    sources = set(kinds["source"])
    for row in load_table("agencies.txt"):
        sources.update(s.casefold() for s in row)
    caption_alt = "|".join(re.escape(w) for w in sorted(kinds["caption_label"], key=len, reverse=True))
    bare = tuple(sorted(kinds["label_nocolon"], key=len, reverse=True))
    if any(len(label) < _BARE_KEY for label in bare):
        raise ValueError(f"credit_patterns.txt: label_nocolon entries need {_BARE_KEY}+ characters")
    return _Vocab(
        labels=frozenset(kinds["label"]),
        labels_bare=bare,
        bare_by_start={k: tuple(b for b in bare if b[:_BARE_KEY] == k) for k in {b[:_BARE_KEY] for b in bare}},
        label_starts=frozenset(w.split()[0] for w in kinds["label"] | kinds["label_nocolon"]),
        caption_labels=re.compile(rf"(?i)\s(?:{caption_alt})\s{{0,3}}:?\s"),
        sources=frozenset(sources),
        outlet_words=frozenset(kinds["outlet_word"]),
        name_prefixes=frozenset(kinds["glued_name_prefix"]),
        brands=frozenset(kinds["brand"]) | sources,
    )


def _name_like(part: str) -> bool:
    """1-5 words, each opening with a capital (or a letter without case): a photographer's name."""
    words = part.split()
    return 1 <= len(words) <= 5 and all(_capital(w) for w in words)


def _capital(word: str) -> bool:
    c = word[0]
    return c.isupper() or (c.isalpha() and c.lower() == c.upper())


def _is_source(part: str, v: _Vocab) -> bool:
    return " ".join(part.split()).casefold().strip(".") in v.sources


def _credit_phrase(text: str, v: _Vocab) -> bool:
    """ "REUTERS / Jane Doe", "AP Photo/John Roe", "Jane Doe/AFP/Getty Images", "Getty Images"."""
    if not text or len(text) > 150 or text.count(" ") > _MAX_CREDIT_WORDS + 2:
        return False
    parts = [p.strip() for p in _PARTS.split(text.strip(" .")) if p.strip()]
    if not parts or len(parts) > 4:
        return False
    return any(_is_source(p, v) for p in parts) and all(_is_source(p, v) or _name_like(p) for p in parts)


def _label_credit(text: str, v: _Vocab) -> str | None:
    """The credit after a leading label ("Photo: AP" -> "AP"), or None when ``text`` is not one."""
    first = text[:16].split(None, 1)[0].rstrip(":").casefold() if text.strip() else ""
    if first not in v.label_starts:
        return None
    m = _LEAD_LABEL.match(text) if ":" in text else None
    if m and m.group("l").casefold() in v.labels:  # "Photo: …": anything short after the colon
        rest = text[m.end() :].strip()
        return rest if len(rest.split()) <= _MAX_CREDIT_WORDS else None
    low = text.casefold()
    # "Image copyright Reuters", "Photo by Jane Doe": must look like a credit
    for label in v.bare_by_start.get(low[:_BARE_KEY], ()):
        if low.startswith(label) and not low[len(label) : len(label) + 1].isalpha():
            rest = text[len(label) :].lstrip(" :").strip()
            named = _name_like(rest) and len(rest.split()) >= 2
            return rest if _credit_phrase(rest, v) or named else None
    return None


def _glue_point(text: str, v: _Vocab) -> int:
    """Where a caption glued to its credit starts: a capital right after a lower-case letter,
    except inside names and brands ("McDonald", "YouTube")."""
    word_start = 0
    for i in range(1, min(len(text), _GLUE_SPAN)):
        prev, ch = text[i - 1], text[i]
        if not prev.isalpha():
            word_start = i
        elif (
            prev.islower()
            and ch.isupper()
            and (text[i + 1 : i + 2].islower() or text[i + 1 : i + 2] == " ")  # "DoeThe", not "WebMD"
            and text[word_start:i].casefold() not in v.name_prefixes
        ):
            word_end = i
            while word_end < len(text) and text[word_end].isalpha():
                word_end += 1
            if text[word_start:word_end].casefold() not in v.brands:
                return i
    return 0


def _after_copyright(body: str, v: _Vocab) -> tuple[str, str | None]:
    if not body:
        return "", None
    i = _glue_point(body, v)
    if i:
        return body[i:].strip(), body[:i].strip()
    m = v.caption_labels.search(body, 0, _TAIL)
    if m:
        return body[m.end() :].strip(), body[: m.start()].strip()
    if len(body.split()) <= _MAX_CREDIT_WORDS:
        return "", body
    return body, None


def _outlet(text: str, v: _Vocab) -> bool:
    """ "Example International", "Getty Images", "Reuters": a short outlet name after a dash."""
    words = text.split()
    if not 1 <= len(words) <= 5 or not all(w[0].isupper() for w in words):
        return False
    return _is_source(text, v) or _credit_phrase(text, v) or words[-1].casefold() in v.outlet_words


def _credit_at_end(s: str, v: _Vocab) -> tuple[str, str | None]:
    tail_at = max(0, len(s) - _TAIL)
    marked = _MARK_CHARS(s, tail_at) is not None or s.find(" - ", tail_at) >= 0
    if marked and s[-1] in ").":  # "… in Paris. (Photo: AP)", "… 2016 (AP Photo)"
        open_at = s.rfind("(", tail_at)
        close_at = s.rfind(")")
        if open_at >= 0 and close_at > open_at and not s[close_at + 1 :].strip(" ."):
            inner = s[open_at + 1 : close_at].strip()
            found = _label_credit(inner, v) or (inner if _credit_phrase(inner, v) else None)
            if found:
                return s[:open_at].rstrip(), found
    last = max(s.rfind(". ", tail_at), s.rfind("! ", tail_at), s.rfind("? ", tail_at), s.rfind("… ", tail_at))
    if last > 0 and (marked or s.count(" ", last + 2) <= 5):  # "… Paris. Photo: Jane Doe/Getty Images"
        piece = s[last + 2 :].strip()
        found = _label_credit(piece, v) or (piece if _credit_phrase(piece, v) else None)
        if found:
            return s[: last + 1].rstrip(), found
    if marked:
        cut = -1
        for dash in _DASHES:  # "… 2016 - Example International"
            cut = max(cut, s.rfind(dash, tail_at))
        if cut > 0:
            after = s[cut + 2 :].lstrip("-–—| ").strip()
            if _outlet(after, v):
                return s[:cut].rstrip(_CAPTION_END), after
    colon = s.rfind(":", tail_at) if marked else -1
    if colon > 0:  # "… in Paris Photo: Jane Doe"
        words = s[max(tail_at, colon - 30) : colon].split()
        for n in (2, 1):
            label = " ".join(words[-n:])
            if len(words) > n and label.casefold() in v.labels:
                credit = s[colon + 1 :].strip(" )")
                if len(credit.split()) <= _MAX_CREDIT_WORDS:
                    return s[: s.rfind(label, 0, colon)].rstrip(_CAPTION_END), credit
    return s, None


def split_credit(text: str) -> tuple[str, str | None]:
    """(caption, credit): the photo credit taken out of ``text``; (text, None) when there is none.

    A line that is only a credit gives ("", credit).
    """
    s = text.strip()
    if not s:
        return "", None
    v = _vocab()
    if s.startswith(_COPYRIGHT):
        for mark in _COPYRIGHT:
            if s.startswith(mark):
                return _after_copyright(s[len(mark) :].strip(), v)
    first = s[:16].split(None, 1)[0].rstrip(":").casefold()
    if first in v.label_starts:
        m = v.caption_labels.search(s, 0, _TAIL)  # "Image copyright X Image caption Y"
        if m:
            head = s[: m.start()].strip()
            return s[m.end() :].strip(), _label_credit(head, v) or head
        credit = _label_credit(s, v)
        if credit is not None:
            return "", credit
    if len(s) <= 60 and (_is_source(s, v) or (_PARTS.search(s) and _credit_phrase(s, v))):
        return "", s  # "Getty Images", "AP Photo/John Roe"
    return _credit_at_end(s, v)


def is_credit_only(text: str) -> bool:
    """The whole line is a photo credit: "© Reuters", "Getty Images", "Photo: AP", "AP Photo/John Roe"."""
    s = text.strip()
    if not s or len(s) > 200:
        return False
    caption, credit = split_credit(s)
    return credit is not None and not caption


def caption_key(text: str) -> str:
    """A normalised form under which the two printings of one caption compare equal: credit
    removed, NBSP and runs of spaces collapsed, quotes unified, casefolded, trailing punctuation removed."""
    return caption_key_from(text, split_credit(text)[0])


def caption_key_from(text: str, caption: str) -> str:
    """``caption_key(text)`` given ``caption = split_credit(text)[0]``."""
    return _key(caption or text)


def caption_key_head(text: str) -> str | None:
    """``caption_key(text)[:8]`` without looking for a credit, or None when that is not certain.

    Certain on a line longer than ``_TAIL`` that does not open with a copyright mark or a label
    word: its credit can only be cut from the end, after ``len - _TAIL``, so the caption keeps
    everything up to the last letter or digit before that, and the key starts with that text
    folded. (The colon rule finds its label by rfind(); a tail without odd or doubled spaces
    guarantees the label it finds is in the tail.) Lets callers skip ``split_credit`` on
    long lines whose key cannot equal another's.
    """
    s = text.strip()
    tail_at = len(s) - _TAIL
    if tail_at <= 8 or s.startswith(_COPYRIGHT):
        return None
    if s[:16].split(None, 1)[0].rstrip(":").casefold() in _vocab().label_starts:
        return None
    tail = s[tail_at:]
    if "  " in tail or not tail.isprintable():
        return None
    a = min(tail_at, 48) - 1
    while a >= 0 and not s[a].isalnum():
        a -= 1
    head = _fold(s[: a + 1])
    return head[:8] if len(head) >= 8 else None


def _fold(text: str) -> str:
    # Both rewrites are skipped when they would change nothing (the usual case): on a long
    # line translate() costs ~30 ns a character and split/join ~3 us.
    if not text.isascii() and _KEY_CHAR_AT(text):  # all of them are non-ASCII; isascii() is O(1)
        text = text.translate(_KEY_CHARS)
    # isprintable(): no whitespace but the ASCII space, so split/join only collapses runs of it.
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return text.casefold()


def _key(text: str) -> str:
    return _fold(text).rstrip(" .,;:!?…-–—")
