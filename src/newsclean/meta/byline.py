"""Bylines: "By Jane Doe and John Roe, Associated Press", "Chris Davies - Nov 19, 2019, 10:31 pm CST".

Only short lines are read. A byline opens with a prefix word ("By", "Von", "Par", "Autor:")
or, without one, is a name followed by a separator and an agency, a role or a date. The
text after the names is cut into segments at separators; a segment is an agency, a role
("Staff Writer"), or names joined by "and"; the first segment that is none of these (an
outlet, a section) ends the names. After a prefix, a first segment that goes on past the
names ("By Erin Cunningham March 18 at 3:57 PM") gives its leading run of name tokens.
Person names are 2-5 capitalised tokens, allowing particles, initials, hyphens and
apostrophes; scripts without case count as capitalised. ``loose=True`` also takes a single
word after a prefix ("von Kathrin", "by jdoe77"): the caller weighs such names (see
``meta.authors``). Words the page glued together are split first when one side is byline
vocabulary ("AuthorJane Doe", "By Jane DoeStaff Writer", "Jane Doe22. Februar 2020").
Also read: a place between names ("Jane Doe, London, John Roe"), a badge before the prefix
("ABO+ Par"), agencies with staff ("By AP and TOI staff"), an agency alone or after a short
label ("AFP", "Periodista Digital: EFE"), two or more names opening with known given names and
nothing else, an e-mail address glued to the surname it starts after.
Vocabulary: ``data/byline_words.tsv``, ``data/agencies.txt``, ``data/dateline_places.txt`` and
``data/given_names.txt``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..language import stopwords
from ..resources import list_dir, load_lines, load_table
from .dateline import agency_name
from .timestamps import FoundTimestamp, find_timestamps, month_number

__all__ = [
    "Byline",
    "deglue",
    "name_run",
    "name_tokens",
    "opens_with_prefix_word",
    "parse_byline",
    "person_name",
    "prefix_spans",
    "stamps_in",
]


@dataclass(frozen=True, slots=True)
class Byline:
    raw: str  # the byline as printed (stripped), up to a trailing date or "Email the author"
    authors: list[str]  # person names, properly capitalised; no "By", titles, outlets or emails
    agency: str | None  # "Associated Press" -> "AP", "Reuters", ...
    timestamp_text: str | None  # trailing date split off, e.g. "Nov 19, 2019, 10:31 pm CST"


_MAX_CHARS = 250
_MAX_WORDS = 24
_LEAD_JUNK = " \t/|•·-–—:*>"
_SEP_TRAIL = " \t,;|•·-–—/:*"  # "*": a footnote mark after the last name
_PARENS = re.compile(r"\(([^()]{0,60})\)")
# E-mail addresses, @handles (also glued: "Jane Doe@jdoe") and links: cut off like the
# "Email the author" tail.
_CONTACT = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}|@\w{1,50}|https?://|www\.")
_SPLIT = re.compile(r"[|•·/;,]|\s[-–—](?=\s)")
_NAME_SEP = re.compile(r"[|•·;,]|\s[-–—](?=\s)")
_BARS = re.compile(r"[|•·]")
_INITIAL = re.compile(r"(?:[^\W\d_]\.){1,3}|[^\W\d_]\.-[^\W\d_]\.")
# A user name standing for a name after a prefix (loose reading): "jdoe", "Herr_Rein", "bo2man".
_USER_NAME = re.compile(r"[^\W\d_][\w.-]{1,29}")
_DOMAIN_END = re.compile(r"\.[a-z]{2,6}$", re.IGNORECASE)
# Glued words: a lower-case letter right before a capital ("AuthorJane"), or a day number
# glued to a word and followed by a month ("Doe22. Februar", "Nolan22 Dec").
_GLUE_CASE = re.compile(r"[a-zß-öø-ÿ][A-ZÀ-ÖØ-Þ]")
_GLUE_DAY = re.compile(r"(?<=[^\W\d_]{2})\d{1,2}\.?\s?(?=([^\W\d_]{3,}))")


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
    glue: frozenset[str]  # words that may be glued to a neighbour: prefixes, roles, tails
    with_: frozenset[str]  # "(avec Jane Doe)": a co-author in parentheses
    credit: frozenset[str]  # "Foto", "Illustration": a credit for something else follows
    articles: frozenset[str]  # never open a person's name ("Der Spiegel", "The Times")
    lead: frozenset[str]  # verbs before a prefix ("Posted", "Veröffentlicht")
    suffixes: frozenset[str]  # close a name, dot kept ("Jr.", "III")
    prefix_any: re.Pattern[str]  # a prefix anywhere in a line, at a word start
    places: frozenset[str]  # data/dateline_places.txt, casefolded: "Jane Doe, London, John Roe"
    given: frozenset[str]  # data/given_names.txt (lower-case, unaccented): names without a prefix


@lru_cache(maxsize=1024)
def stamps_in(text: str) -> tuple[FoundTimestamp, ...]:
    """``find_timestamps(text)``, remembered: a candidate line is read several ways."""
    return tuple(find_timestamps(text))


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
        prefix_starts=frozenset(p.split()[0].rstrip(":") for p in kinds["prefix"]),
        tail=re.compile(rf"(?i)(?<![^\W\d_])(?:{_alt(kinds['tail'])})(?![^\W\d_])"),
        roles=frozenset(kinds["role"]),
        nonname=frozenset(kinds["nonname"]),
        conj=frozenset(kinds["conj"]),
        particles=frozenset(kinds["particle"]),
        particle_prefixes=tuple(sorted(kinds["particle_prefix"], key=len, reverse=True)),
        trail=frozenset(kinds["trail"]),
        glue=frozenset(w for k in ("prefix", "role", "tail") for w in kinds[k] if " " not in w) | {"on"},
        with_=frozenset(kinds["with"]),
        credit=frozenset(kinds["credit"]),
        articles=frozenset(kinds["article"]),
        lead=frozenset(kinds["lead"]),
        suffixes=frozenset(kinds["suffix"]),
        prefix_any=re.compile(rf"(?i)(?<![^\W\d_])(?:{_alt(kinds['prefix'])})(?:\s{{0,3}}:\s{{0,3}}|\s{{1,3}})(?=\S)"),
        places=frozenset(p.casefold() for p in load_lines("dateline_places.txt")),
        given=frozenset(load_lines("given_names.txt")),
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


def _person(segment: str, v: _Vocab, loose: bool = False) -> str | None:
    """``segment`` as a person's name ("JANE DOE" -> "Jane Doe"), or None if it is not one.
    ``loose``: one word is enough, a user name included ("Kathrin", "jdoe")."""
    tokens = segment.split()
    if not 1 <= len(tokens) <= 5:
        return None
    if loose and len(tokens) == 1:
        return _single(tokens[0].rstrip("."), v)
    last = tokens[-1].casefold()
    if last.endswith(".") and not _INITIAL.fullmatch(tokens[-1]) and last not in v.suffixes:  # "Alon Zakai."
        tokens[-1] = tokens[-1].rstrip(".")
        if not tokens[-1]:
            return None
    first = tokens[0].casefold().rstrip(":")
    if first in v.articles or first in v.prefix_starts:  # "Der Publizist", "The Times", "By Jane"
        return None
    names = full = 0
    for i, tok in enumerate(tokens):
        low = tok.casefold()
        if low.strip(".") in v.nonname or low in v.roles:
            return None
        if i and i < len(tokens) - 1 and low in v.particles:
            continue
        if i and (low in v.trail or low in v.conj):  # "Henry In Aktuell"
            return None
        if i == len(tokens) - 1 and low in v.suffixes:  # "Perry Bacon Jr."
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
    else:  # "Bruno CANEPARO" -> "Bruno Caneparo"
        tokens = [t.title() if len(t) > 2 and _is_caps(t) and t.casefold() not in v.suffixes else t for t in tokens]
    half = len(tokens) // 2
    if len(tokens) >= 4 and len(tokens) % 2 == 0 and tokens[:half] == tokens[half:]:
        tokens = tokens[:half]  # "Olivier Minot Olivier Minot": the name printed twice
    return " ".join(tokens)


def _single(token: str, v: _Vocab) -> str | None:
    """A one-word name or user name, not a vocabulary word (a lower-case stop word of any
    language is a sentence going on: "Von dem Gewinner ...", not a user called "dem")."""
    low = token.casefold()
    if not _USER_NAME.fullmatch(token) or low in v.nonname or low in v.roles or low in v.conj or low in v.trail:
        return None
    if token.islower() and (low in _common_words() or _fold(low) in _common_words()):  # "qué" as "que"
        return None
    if _DOMAIN_END.search(token):  # "example.com" is the outlet
        return None
    if low in v.prefix_starts or low in v.particles:
        return None
    return token.title() if _is_caps(token) and len(token) > 3 else token


def _names(segment: str, v: _Vocab, loose: bool = False) -> list[str] | None:
    """ "Jane Doe and John Roe" -> both names; None if any part is not a name."""
    parts: list[list[str]] = [[]]
    for tok in segment.split():
        if tok.casefold() in v.conj:
            parts.append([])
        else:
            parts[-1].append(tok)
    out = []
    for part in parts:
        name = _person(" ".join(part), v, loose and len(parts) == 1)
        if name is None:
            return None
        out.append(name)
    return out


def _name_run(segment: str, v: _Vocab, loose: bool) -> tuple[list[str], str] | None:
    """The names at the start of a segment that goes on with other words: "Erin Cunningham
    March 18 at 3:57 PM" -> ["Erin Cunningham"]. See ``name_run``."""
    run = _run_tokens(segment.split(), v, loose)
    if run is None:
        return None
    text = " ".join(run)
    names = _names(text, v, loose)
    return (names, text) if names is not None else None


def _run_tokens(tokens: list[str], v: _Vocab, loose: bool) -> list[str] | None:
    """The leading name-like tokens when more tokens follow, else None. Leading job titles are
    skipped ("Rechtsanwalt Jane Doe"). The run stops at a word with a digit, a label
    ("Kategorien:"), a vocabulary word (role, outlet, comment), a month before a number, or a
    lower-case word that is no particle or conjunction; a role after three or more words takes
    the last one with it ("Jane Doe Education editor"). A run of one word ("Kathrin", with
    ``loose``) must end at a number, a date, a label or a preposition: "Miami Today" and "Catch
    more fish" are no "Miami" and "Catch". With ``loose``, a lower-case user name opening the
    segment is a run of its own."""
    while len(tokens) > 1 and tokens[0].casefold().strip(".,:") in v.roles and tokens[0].casefold() not in v.nonname:
        tokens = tokens[1:]
    if loose and tokens and tokens[0][:1].islower() and len(tokens) > 1 and _USER_NAME.fullmatch(tokens[0]):
        return tokens[:1]
    run: list[str] = []
    stop = min(len(tokens), 12)
    hard = False  # the run ends at a number, a date, a label or a preposition
    for i, tok in enumerate(tokens[:12]):
        low = tok.casefold().strip(".,")
        if any(map(str.isdigit, tok)) or low in v.trail:
            stop, hard = i, True
            break
        if low in v.roles or low in v.nonname or low in v.credit or (low in v.articles and low not in v.particles):
            stop = i
            break
        if i + 1 < len(tokens) and tokens[i + 1][:1].isdigit() and month_number(tok.rstrip(".,")) is not None:
            stop, hard = i, True
            break
        if tok[:1].islower() and low not in v.particles and low not in v.conj:
            stop = i
            break
        run.append(tok.rstrip(","))
        if tok.endswith((":", ",")):
            if tok.endswith(":"):
                run.pop()
            stop, hard = i + 1, True
            break
    if stop < len(tokens) and len(run) >= 3 and tokens[stop].casefold().strip(".,") in v.roles:
        run.pop()
    while run and (run[-1].casefold() in v.conj or run[-1].casefold() in v.particles):
        run.pop()
    if not run or len(run) == len(tokens) or (len(run) == 1 and not hard):
        return None
    return run


def _drop_titles(segment: str, v: _Vocab) -> str:
    """ "Rechtsanwalt Jane Doe" -> "Jane Doe": job titles before a name of two words or more."""
    tokens = segment.split()
    i = 0
    while i < len(tokens) - 2 and tokens[i].casefold().strip(".,:") in v.roles:
        if tokens[i].casefold().strip(".,:") in v.nonname:
            return segment  # "Redacción Diario X": the newsroom, not a title before a name
        i += 1
    return " ".join(tokens[i:]) if i else segment


def _is_role(segment: str, v: _Vocab) -> bool:
    return any(tok.casefold().strip(".") in v.roles for tok in segment.split())


def _read(
    text: str, body_at: int, has_prefix: bool, v: _Vocab, loose: bool = False, bare_names: bool = True
) -> Byline | None:
    """Names, agency and trailing date of the byline ``text`` whose names start at ``body_at``."""
    body = text[body_at:]
    stamp = None
    if any(map(str.isdigit, body)):
        found = [f for f in stamps_in(body) if f.start > 0]
        if found:
            stamp = found[0].text
            body = body[: found[0].start]
    tail, contact = v.tail.search(body), _CONTACT.search(body)
    cuts = [tail.start()] if tail is not None and tail.start() > 0 else []
    if contact is not None and contact.start() > 0:  # "Carrasquilla Reinamaria.carrasquilla@…"
        cuts.append(contact.start() + _glued_address(body, contact.start(), contact.group()))
    if cuts:
        body = body[: min(cuts)]
    words = body.rstrip(_SEP_TRAIL).split()
    while words and words[-1].casefold() in v.trail:  # "Jane Doe on" before a cut-off date
        words.pop()
    body = " ".join(words)
    raw = (text[:body_at] + body).strip()
    agency = None
    extra: list[str] = []
    for inner in _PARENS.findall(body):  # "(AP)", "(reporting)", "(photography)", "(avec Jane Doe)"
        agency = agency or agency_name(inner)
        first, _, rest = inner.strip().partition(" ")
        if first.casefold() in v.with_:
            extra.extend(_names(rest.replace(",", " and "), v) or [])
    body = _PARENS.sub(" ", body)
    authors: list[str] = []
    closed = False  # names end at the first segment that is not a name
    support = False  # without a prefix, an agency/role/date must back the name
    for seg in _SPLIT.split(body):
        seg = _drop_titles(seg.strip(), v)
        if not seg:
            continue
        known = agency_name(seg)
        if known:
            agency, support = agency or known, True
            continue
        if closed:
            continue
        if authors and seg.casefold() in v.places:  # "Jane Doe, London, John Roe": where she writes
            continue
        role = _is_role(seg, v)
        names = None if role else _names(seg, v, loose and has_prefix and not authors)
        if names is None and has_prefix and not authors:
            run = _name_run(seg, v, loose)
            if run is not None:
                authors.extend(run[0])
                raw = (text[:body_at] + body[: body.find(run[1]) + len(run[1])]).strip()
                closed = True  # what follows the run is not names
                continue
        if names is None and not authors:
            known = _agencies_joined(seg, v)  # "By AP and TOI staff"
            if known:
                agency, support = agency or known, True
                continue
        if names is None:
            closed, support = True, support or role
            if not authors:
                break
            continue
        authors.extend(names)
    if not has_prefix and not (authors and (support or stamp or (bare_names and _given_names(authors, v)))):
        return None
    if authors:
        authors.extend(a for a in extra if a not in authors)
    if not authors and agency is None:
        return None
    return Byline(raw=raw, authors=authors, agency=agency, timestamp_text=stamp)


def _fold(word: str) -> str:
    """ "María" -> "maria": case and accents dropped."""
    folded = word.casefold()
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def _glued_address(body: str, at: int, address: str) -> int:
    """How much of the e-mail address at ``at`` is the surname glued before it: an address
    built from the names before it ("…Carrasquilla Reina" + "maria.carrasquilla@…" printed as
    "Reinamaria.carrasquilla@…") starts where one of those names does; else 0."""
    local = address.split("@", 1)[0]
    best = 0
    for tok in body[:at].split():
        name = _fold(tok.strip(".,"))
        if len(name) < 3:
            continue
        k = local.casefold().find(name, 2)
        if k > 0 and local[:k].isalpha() and local[0].isupper() and local[1:k].islower() and (not best or k < best):
            best = k
    return best


def _agencies_joined(segment: str, v: _Vocab) -> str | None:
    """ "AP and TOI staff": agencies and staff joined by "and"; the first agency, else None."""
    parts: list[list[str]] = [[]]
    for tok in segment.split():
        if tok.casefold() in v.conj:
            parts.append([])
        else:
            parts[-1].append(tok)
    if len(parts) < 2:
        return None
    found = [agency_name(" ".join(p)) for p in parts]
    if not any(found) or not all(a or (p and len(p) <= 3 and _is_role(" ".join(p), v)) for a, p in zip(found, parts)):
        return None
    return next(a for a in found if a)


def _given_names(authors: list[str], v: _Vocab) -> bool:
    """Two names or more, each opening with a known given name ("Luana Patriolino, Raphael
    Felice"): a byline even without a prefix or a date."""
    return len(authors) >= 2 and all(_fold(a.split()[0]) in v.given for a in authors)


_BADGE = re.compile(r"[A-ZÀ-ÖØ-Þ]{2,10}\+?")  # "ABO+", "PREMIUM": a paywall badge before the prefix


def _prefix_end(text: str, v: _Vocab) -> int:
    """End of a byline prefix ("By ", "Autor: ") opening ``text``, or 0."""
    words = text[:24].split(None, 1)
    if not words or words[0].rstrip(":").casefold() not in v.prefix_starts:
        return 0
    m = v.prefix.match(text)
    return m.end() if m else 0


def _deglue(text: str, v: _Vocab) -> str:
    """Split words the page glued together where one side is byline vocabulary."""
    cuts: list[int] = []
    if _GLUE_CASE.search(text):
        for m in _GLUE_CASE.finditer(text):
            at = m.start() + 1
            left = _LETTERS_BEFORE.search(text, max(0, at - 24), at)
            right = _GLUE_WORD.match(text, at)
            word = right.group() if right is not None else ""
            glued = left is not None and left.group().casefold() in v.glue
            glued = glued and left is not None and (
                left.group().islower()
                or len(left.group()) >= 4
                or _opening_prefix(text, left.start(), left.group(), v)  # "ByJ.R. Stone"
            )
            if glued or word.casefold() in v.glue or (len(word) >= 3 and month_number(word) is not None):
                cuts.append(at)
    if any(map(str.isdigit, text)):
        cuts.extend(m.start() for m in _GLUE_DAY.finditer(text) if month_number(m.group(1)) is not None)
        cuts.extend(m.end() for m in _GLUE_COUNT.finditer(text))
    if not cuts:
        return text
    parts, last = [], 0
    for at in sorted(cuts):
        parts.append(text[last:at])
        last = at
    parts.append(text[last:])
    return " ".join(parts)


_GLUE_WORD = re.compile(r"[^\W\d_][^\W\d_A-ZÀ-ÖØ-Þ]*")
_LETTERS_BEFORE = re.compile(r"[^\W\d_]+$")
# "Kalt4 Kommentare": a count glued to a capitalised word, a word after it.
_GLUE_COUNT = re.compile(r"(?<![^\W\d_])[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,}(?=\d{1,4}\s+[^\W\d_])")


def _opening_prefix(text: str, at: int, word: str, v: _Vocab) -> bool:
    """``word`` (at ``at``) opens the line and is a byline prefix that is no name particle:
    "By" in "ByJ.R. Stone" is glued to the name, "Di" in "DiMaggio" is part of it."""
    low = word.casefold()
    return not text[:at].strip() and low in v.prefix_starts and low not in v.particles


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The stop words of every language newsclean has a list for."""
    return frozenset().union(*(stopwords(name.removesuffix(".txt")) for name in list_dir("stopwords")))


def _agency_alone(text: str, v: _Vocab) -> Byline | None:
    """A line that is only an agency ("AFP"), or a short label then an agency ("Periodista
    Digital: EFE"; not a credit: "Foto: EFE")."""
    label, colon, rest = text.rpartition(":")
    known = agency_name((rest if colon else text).strip(" ."))
    if known is None:
        return None
    if colon:
        words = label.split()
        if not 1 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
            return None
        if any(w.casefold().strip("().") in v.credit for w in words) or agency_name(label):
            return None
    return Byline(raw=text, authors=[], agency=known, timestamp_text=None)


def deglue(text: str) -> str:
    """``text`` with words the page glued together split where one side is byline vocabulary."""
    return _deglue(text, _vocab())


def opens_with_prefix_word(line: str) -> bool:
    """The first word of ``line`` (after separators) could open a byline prefix: a cheap test."""
    words = line[:40].translate(_WORD_EDGE).split(None, 1)
    return bool(words) and words[0].casefold() in _vocab().prefix_starts


def prefix_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each byline prefix in ``line`` at a word start, the first at most 3."""
    v = _vocab()
    # The regex tries its alternation at every position: first a cheap test for a prefix word.
    if v.prefix_starts.isdisjoint(line.casefold().translate(_WORD_EDGE).split()):
        return []
    return [m.span() for _, m in zip(range(3), v.prefix_any.finditer(line))]


_WORD_EDGE = str.maketrans({c: " " for c in ":;,.|/()[]*-–—•·\"'“”„«»"})


def name_tokens(text: str) -> list[str] | None:
    """``text`` as person names when it is nothing else ("Jane Doe", "Jane Doe and John Roe")."""
    return _names(text, _vocab())


def name_run(text: str, loose: bool = False) -> tuple[list[str], str] | None:
    """The names opening ``text`` when other words follow ("Jane Doe Kategorien: Mode"), with
    the run of words they were read from."""
    return _name_run(text, _vocab(), loose)


def person_name(text: str, loose: bool = False) -> str | None:
    """``text`` as one person's name, properly capitalised, or None."""
    return _person(text, _vocab(), loose)


def parse_byline(line: str, *, loose: bool = False, bare_names: bool = True) -> Byline | None:
    """The byline when ``line`` is one, else None (sentences, legal text, lines without a name).

    ``loose``: a single word after a prefix counts as a name ("von Kathrin", "by jdoe").
    ``bare_names``: two or more names that open with known given names are a byline without a
    prefix, agency or date ("Luana Patriolino, Raphael Felice"); ``meta.authors`` turns this
    off, as it weighs such lines itself (a list of names in a caption is no byline).
    """
    if len(line) > _MAX_CHARS:
        return None
    text = line.strip().lstrip(_LEAD_JUNK)
    if not text or text.count(" ") > _MAX_WORDS + 5 or len(text.split()) > _MAX_WORDS:
        return None
    v = _vocab()
    text = _deglue(text, v)
    body_at = _prefix_end(text, v)
    if not body_at:  # "Enviada por Jane Doe": a verb (or a badge: "ABO+ Par") before the prefix
        first, _, rest = text.partition(" ")
        if rest and (first.casefold() in v.lead or (_BADGE.fullmatch(first) and not agency_name(first))):
            at = _prefix_end(rest, v)
            body_at = len(text) - len(rest) + at if at else 0
    if body_at:
        return _read(text, body_at, True, v, loose)
    if not (text[0].isupper() or text[0].isdigit()):
        return None
    alone = _agency_alone(text, v)
    if alone is not None:
        return alone
    if "|" in text or "•" in text or "·" in text:  # "Le Monde | 04.05.2015 | Par Jane Doe"
        for bar in _BARS.finditer(text):
            rest = text[bar.end() :].lstrip()
            at = _prefix_end(rest, v)
            sub = _read(rest, at, True, v) if at else None
            if sub is not None and sub.authors:
                if sub.timestamp_text is None:
                    before = stamps_in(text[: bar.start()])
                    sub = Byline(sub.raw, sub.authors, sub.agency, before[0].text if before else None)
                return sub
    # Without "By", a name then a separator, then an agency, role or date: "Jane Doe | Reuters".
    # "/" does not count here: "JIM WATSON/AFP/Getty Images" is a photo credit.
    sep = _NAME_SEP.search(text, 0, 80)
    if sep is None and any(map(str.isdigit, text)):  # "Bettina Kugler 19.10.2019, 05:00 Uhr"
        stamps = stamps_in(text)
        if stamps and stamps[0].start > 0 and _names(text[: stamps[0].start], v) is not None:
            return _read(text, 0, False, v)
    if sep is None or _names(text[: sep.start()], v) is None:
        return None
    return _read(text, 0, False, v, bare_names=bare_names)
