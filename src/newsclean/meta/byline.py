"""Bylines: "By Jane Doe and John Roe, Associated Press", "Chris Davies - Nov 19, 2019, 10:31 pm CST".

Only short lines are read. A byline opens with a prefix word ("By", "Von", "Par", "Autor:")
or, without one, is a name followed by a separator and an agency, a role or a date. The
text after the names is cut into segments at separators; a segment is an agency, a role
("Staff Writer"), or names joined by "and"; the first segment that is none of these (an
outlet, a section) ends the names. Person names are 2-5 capitalised tokens, allowing
particles, initials, hyphens and apostrophes; scripts without case count as capitalised.
Vocabulary: ``data/byline_words.tsv`` and ``data/agencies.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_table
from .dateline import agency_name
from .timestamps import find_timestamps

__all__ = ["Byline", "parse_byline"]


@dataclass(frozen=True, slots=True)
class Byline:
    raw: str  # the byline as printed (stripped), up to a trailing date or "Email the author"
    authors: list[str]  # person names, properly capitalised; no "By", titles, outlets or emails
    agency: str | None  # "Associated Press" -> "AP", "Reuters", ...
    timestamp_text: str | None  # trailing date split off, e.g. "Nov 19, 2019, 10:31 pm CST"


_MAX_CHARS = 250
_MAX_WORDS = 24
_LEAD_JUNK = " \t/|•·-–—:*>"
_SEP_TRAIL = " \t,;|•·-–—/:"
_PARENS = re.compile(r"\(([^()]{0,60})\)")
# E-mail addresses, @handles and links: cut off like the "Email the author" tail.
_CONTACT = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}|(?<!\S)@\w{1,50}|https?://|www\.")
_SPLIT = re.compile(r"[|•·/;,]|\s[-–—](?=\s)")
_NAME_SEP = re.compile(r"[|•·;,]|\s[-–—](?=\s)")
_BARS = re.compile(r"[|•·]")
_INITIAL = re.compile(r"(?:[^\W\d_]\.){1,3}|[^\W\d_]\.-[^\W\d_]\.")


@dataclass(frozen=True, slots=True)
class _Vocab:
    prefix: re.Pattern[str]
    prefix_starts: frozenset[str]  # first words of the prefixes, for a cheap test
    tail: re.Pattern[str]
    roles: frozenset[str]
    nonname: frozenset[str]
    conj: frozenset[str]
    particles: frozenset[str]
    particle_prefixes: tuple[str, ...]
    trail: frozenset[str]


def _alt(words: set[str]) -> str:
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s{1,3}") for w in ordered)


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    kinds: dict[str, set[str]] = {}
    for word, kind in load_table("byline_words.tsv"):
        kinds.setdefault(kind, set()).add(word.casefold())
    return _Vocab(
        # "By Jane", "Autor: Hans", "by: Jane"; the prefix must be followed by a blank or a colon.
        prefix=re.compile(rf"(?i)(?:{_alt(kinds['prefix'])})(?:\s{{0,3}}:\s{{0,3}}|\s{{1,3}})"),
        prefix_starts=frozenset(p.split()[0] for p in kinds["prefix"]),
        tail=re.compile(rf"(?i)(?<![^\W\d_])(?:{_alt(kinds['tail'])})(?![^\W\d_])"),
        roles=frozenset(kinds["role"]),
        nonname=frozenset(kinds["nonname"]),
        conj=frozenset(kinds["conj"]),
        particles=frozenset(kinds["particle"]),
        particle_prefixes=tuple(sorted(kinds["particle_prefix"], key=len, reverse=True)),
        trail=frozenset(kinds["trail"]),
    )


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _capitalised(token: str) -> bool:
    """Starts with a capital (or a letter of a script without case), then letters, - ' ’ . only."""
    first = token[:1]
    if not first.isalpha() or first.islower():
        return False
    return all(c.isalpha() or c in "-'’." for c in token)


def _person(segment: str, v: _Vocab) -> str | None:
    """``segment`` as a person's name ("JANE DOE" -> "Jane Doe"), or None if it is not one."""
    tokens = segment.split()
    if not 1 <= len(tokens) <= 5:
        return None
    if tokens[-1].endswith(".") and not _INITIAL.fullmatch(tokens[-1]):  # "Posted by Alon Zakai."
        tokens[-1] = tokens[-1].rstrip(".")
        if not tokens[-1]:
            return None
    names = full = 0
    for i, tok in enumerate(tokens):
        low = tok.casefold()
        if low.strip(".") in v.nonname or low in v.roles:
            return None
        if i and i < len(tokens) - 1 and low in v.particles:
            continue
        if _INITIAL.fullmatch(tok):  # "R.", "J.R."
            names += 1
            continue
        bare = tok
        if low.startswith(v.particle_prefixes):  # one C call rules most tokens out
            for pre in v.particle_prefixes:  # "al-Assad", "d'Estaing"
                if low.startswith(pre) and len(tok) > len(pre):
                    bare = tok[len(pre) :]
                    break
        if not _capitalised(bare):
            return None
        names, full = names + 1, full + 1
    caseless = tokens[0][0].lower() == tokens[0][0].upper()
    if not full or names < (1 if caseless else 2):
        return None
    if _is_caps(segment):  # "JANE DOE" -> "Jane Doe", keeping particles low
        tokens = [t.lower() if i and t.casefold() in v.particles else t.title() for i, t in enumerate(tokens)]
    return " ".join(tokens)


def _names(segment: str, v: _Vocab) -> list[str] | None:
    """ "Jane Doe and John Roe" -> both names; None if any part is not a name."""
    parts: list[list[str]] = [[]]
    for tok in segment.split():
        if tok.casefold() in v.conj:
            parts.append([])
        else:
            parts[-1].append(tok)
    out = []
    for part in parts:
        name = _person(" ".join(part), v)
        if name is None:
            return None
        out.append(name)
    return out


def _is_role(segment: str, v: _Vocab) -> bool:
    return any(tok.casefold().strip(".") in v.roles for tok in segment.split())


def _read(text: str, body_at: int, has_prefix: bool, v: _Vocab) -> Byline | None:
    """Names, agency and trailing date of the byline ``text`` whose names start at ``body_at``."""
    body = text[body_at:]
    stamp = None
    if any(map(str.isdigit, body)):
        found = [f for f in find_timestamps(body) if f.start > 0]
        if found:
            stamp = found[0].text
            body = body[: found[0].start]
    junk = (v.tail.search(body), _CONTACT.search(body))
    cuts = [c.start() for c in junk if c is not None and c.start() > 0]
    if cuts:
        body = body[: min(cuts)]
    words = body.rstrip(_SEP_TRAIL).split()
    while words and words[-1].casefold() in v.trail:  # "Jane Doe on" before a cut-off date
        words.pop()
    body = " ".join(words)
    raw = (text[:body_at] + body).strip()
    agency = None
    for inner in _PARENS.findall(body):  # "(AP)", "(reporting)", "(photography)"
        agency = agency or agency_name(inner)
    body = _PARENS.sub(" ", body)
    authors: list[str] = []
    closed = False  # names end at the first segment that is not a name
    support = False  # without a prefix, an agency/role/date must back the name
    for seg in _SPLIT.split(body):
        seg = seg.strip()
        if not seg:
            continue
        known = agency_name(seg)
        if known:
            agency, support = agency or known, True
            continue
        if closed:
            continue
        role = _is_role(seg, v)
        names = None if role else _names(seg, v)
        if names is None:
            closed, support = True, support or role
            if not authors:
                break
            continue
        authors.extend(names)
    if not has_prefix and not (authors and (support or stamp)):
        return None
    if not authors and agency is None:
        return None
    return Byline(raw=raw, authors=authors, agency=agency, timestamp_text=stamp)


def _prefix_end(text: str, v: _Vocab) -> int:
    """End of a byline prefix ("By ", "Autor: ") opening ``text``, or 0."""
    words = text[:24].split(None, 1)
    if not words or words[0].rstrip(":").casefold() not in v.prefix_starts:
        return 0
    m = v.prefix.match(text)
    return m.end() if m else 0


def parse_byline(line: str) -> Byline | None:
    """The byline when ``line`` is one, else None (sentences, legal text, lines without a name)."""
    if len(line) > _MAX_CHARS:
        return None
    text = line.strip().lstrip(_LEAD_JUNK)
    if not text or text.count(" ") > _MAX_WORDS + 5 or len(text.split()) > _MAX_WORDS:
        return None
    v = _vocab()
    body_at = _prefix_end(text, v)
    if body_at:
        return _read(text, body_at, True, v)
    if not text[0].isupper():
        return None
    if "|" in text or "•" in text or "·" in text:  # "Le Monde | 04.05.2015 | Par Jane Doe"
        for bar in _BARS.finditer(text):
            rest = text[bar.end() :].lstrip()
            at = _prefix_end(rest, v)
            sub = _read(rest, at, True, v) if at else None
            if sub is not None and sub.authors:
                if sub.timestamp_text is None:
                    before = find_timestamps(text[: bar.start()])
                    sub = Byline(sub.raw, sub.authors, sub.agency, before[0].text if before else None)
                return sub
    # Without "By", a name then a separator, then an agency, role or date: "Jane Doe | Reuters".
    # "/" does not count here: "JIM WATSON/AFP/Getty Images" is a photo credit.
    sep = _NAME_SEP.search(text, 0, 80)
    if sep is None or _names(text[: sep.start()], v) is None:
        return None
    return _read(text, 0, False, v)
