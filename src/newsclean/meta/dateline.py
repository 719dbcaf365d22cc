"""Datelines at the start of a body paragraph: "BERLIN (dpa) —", "MOSUL, Iraq --",
"LONDON, March 3 (Reuters) -", "Paris:".

The opening up to the first dash or colon is split at commas into the place, an optional
region ("Iraq") and an optional date ("March 3"); an agency may follow in parentheses.
How much evidence is needed depends on the form: an agency, a date, or an ALL-CAPS place
before a dash is strong. Otherwise ("Paris:", "Berlin –", "NEW DELHI:") the place must
be 1-3 capitalised words naming a known place, and a real sentence must follow: so
"Smith said: ...", "Review: ...", "Note: ..." and "Smith: Talks Have a Chance ..." are
not datelines. Vocabulary: ``data/agencies.txt``, ``data/dateline_words.tsv`` and
``data/dateline_places.txt`` (countries and cities, generated from CLDR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Dateline
from ..resources import load_lines, load_table
from .timestamps import month_number

__all__ = ["agency_name", "parse_dateline"]

_SCAN = 100  # a dateline's separator comes within this many chars
_HAS_SEP = re.compile(r"[—–:/]|--|\s-\s").search
# Place (and region/date) up to the separator, then "(Agency)", then the dash or colon (or a
# full stop after the agency: "Wiesbaden (KNA/iz). …"). A slash inside the place joins two
# names ("Frankfurt/Main", "Berlin/Frankfurt"). The lazy head is bounded and tried from one
# position only, so the cost is bounded.
_HEAD = re.compile(
    r"(?P<head>[^\W\d_](?:[^:()/\n—–]|/(?=[^\W\d_])){0,70}?)\s{0,3}"
    r"(?:\((?P<agency>[^()\n]{1,40})\)\s{0,3})?"
    r"(?P<sep>—|–|--|-(?=\s)|:|(?(agency)\.(?=\s)|(?!))|(?:\.\s{0,2}|\s{1,2})/(?P<slash>[^\W\d_][\w.-]{1,20})/\.?)"
)
_REGION_ABBREV = 2  # an ALL-CAPS region this short is a state's code and keeps its capitals ("DC", "NY")
_QUOTES = "\"'“‘«„‚"


@dataclass(frozen=True, slots=True)
class _Vocab:
    agencies: dict[str, str]  # any spelling, casefolded -> short name
    stop: frozenset[str]
    openers: frozenset[str]
    lower: frozenset[str]
    places: frozenset[str]  # casefolded


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    agencies: dict[str, str] = {}
    for row in load_table("agencies.txt"):
        for spelling in row:
            agencies.setdefault(spelling.casefold(), row[0])
    kinds: dict[str, set[str]] = {}
    for word, kind in load_table("dateline_words.tsv"):
        kinds.setdefault(kind, set()).add(word.casefold())
    return _Vocab(
        agencies,
        frozenset(kinds["stop"]),
        frozenset(kinds["opener"]),
        frozenset(kinds["lower"]),
        frozenset(p.casefold() for p in load_lines("dateline_places.txt")),
    )


def agency_name(text: str) -> str | None:
    """The short name of a news agency in any known spelling ("Associated Press" -> "AP")."""
    return _vocab().agencies.get(" ".join(text.split()).casefold())


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _place_words(segment: str, v: _Vocab, max_words: int) -> list[str] | None:
    """The words of a place name, or None if ``segment`` is not one (lower-case words, digits...)."""
    words = segment.split()
    if not 1 <= len(words) <= max_words:
        return None
    for i, w in enumerate(words):
        core = w.strip(".'’")
        if not core or any(c.isdigit() for c in core) or not core[0].isalpha():
            return None
        if not core[0].isupper() and not (i and w.casefold() in v.lower):
            return None
    return words


def _title(words: list[str], v: _Vocab) -> str:
    """ "SAN FRANCISCO" -> "San Francisco", "RIO DE JANEIRO" -> "Rio de Janeiro"; mixed case kept."""
    out: list[str] = []
    for i, w in enumerate(words):
        if not _is_caps(w):
            out.append(w)
        elif i and w.casefold() in v.lower:
            out.append(w.lower())
        else:
            out.append(w.title())  # title() also fixes "WINSTON-SALEM" and "N'DJAMENA"
    return " ".join(out)


def _region_title(words: list[str], v: _Vocab) -> str:
    """The region after the place: as ``_title``, but an abbreviation keeps its capitals
    ("WASHINGTON, DC" -> "DC", "NEW YORK, NY" -> "NY")."""
    if len(words) == 1 and len(words[0]) <= _REGION_ABBREV and _is_caps(words[0]):
        return words[0]
    return _title(words, v)


def _agency_of(raw: str, v: _Vocab) -> str | None:
    """The known agency in "(dpa)", or in "(dpa/lno)", "(KNA/iz)": an agency, a slash and a
    regional desk's or the paper's own initials."""
    known = agency_name(raw)
    if known is None and "/" in raw:
        known = agency_name(raw.split("/", 1)[0])
    return known


def _is_date(segment: str) -> bool:
    """ "March 3", "3 March", "March 3, 2016" (the date inside "LONDON, March 3 (Reuters) -")."""
    words = segment.replace(".", " ").split()
    return 2 <= len(words) <= 3 and any(month_number(w) for w in words) and any(w.isdigit() for w in words)


def _sentence_follows(rest: str, min_words: int, min_lower: int) -> bool:
    """A sentence, not a headline or a name: capital start, enough words, some in lower case."""
    rest = rest.lstrip()
    if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in _QUOTES):
        return False
    words = rest[:200].split()
    return len(words) >= min_words and sum(w[:1].islower() for w in words[:12]) >= min_lower


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening ``paragraph``, or None."""
    if not paragraph[:1].isalpha() or not paragraph[:1].isupper() or not _HAS_SEP(paragraph, 0, _SCAN):
        return None
    m = _HEAD.match(paragraph, 0, _SCAN + 20)
    if m is None:
        return None
    v = _vocab()
    segments = [s.strip() for s in m.group("head").split(",")]
    place = _place_words(segments[0], v, 4)
    if place is None or len(segments) > 3:
        return None
    region: list[str] = []
    dated = False
    for seg in segments[1:]:
        if _is_date(seg):
            dated = True
            continue
        extra = _place_words(seg, v, 3)
        if extra is None or region:
            return None
        region = extra
    name = " ".join(place)
    if name.casefold() in v.stop or place[0].casefold() in v.openers or name.casefold() in v.agencies:
        return None
    if "/" in name and name.split("/", 1)[0].casefold() not in v.places:
        return None  # "Frankfurt/Main", "Berlin/Frankfurt"; not "AFP/ANP –", "Nachname/Vorname (Jahr):"
    raw_agency = m.group("agency") or m.group("slash")
    agency = None
    if raw_agency:
        agency = _agency_of(raw_agency, v)
        if agency is None and (m.group("slash") or m.group("sep") == "." or _place_words(raw_agency, v, 4) is None):
            return None  # "(R)", "(file photo)", "/Apps/", "Smith (R). …": not an agency
        agency = agency or raw_agency.strip()
    rest = paragraph[m.end() :]
    if agency is not None or dated or (_is_caps(name) and m.group("sep") != ":"):
        if not _sentence_follows(rest, 3, 1):
            return None
    else:
        known = name.casefold() in v.places or " ".join(region).casefold() in v.places
        if len(place) > 3 or not known or not _sentence_follows(rest, 6, 3):
            return None
    text = paragraph[: m.end()]
    place_text = _title(place, v) + (", " + _region_title(region, v) if region else "")
    return Dateline(text=text, place=place_text, agency=agency)
