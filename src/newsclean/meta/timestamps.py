r"""Dates and times in one line of a news page, resolved to ISO 8601 as precisely as printed.

Every date or time contains a digit, so the search is driven by digit runs: for each run
we try a few small anchored patterns at the run itself and, when the words just before it
are a month, weekday or "ago" word ("Sunday, May 8", "vor 3 Stunden"), at the first of
them. A line with no digit costs one scan; scanning whole lines with a vocabulary regex
would cost tens of microseconds a line. Where the opening word is already known to be a
month or weekday the patterns use generic words (``[^\W\d_]{2,15}``) checked afterwards
with dict look-ups; after a bare number the month is matched by a prefix-tree regex, which
fails at once on "24 people". Relative stamps ("5 hours ago") get no value: they need a
reference time that the caller has.

Vocabulary (month and weekday names in many languages, time zones, labels such as
"Updated", relative units) lives in ``data/months*.tsv``, ``data/timezones.tsv`` and
``data/date_labels*.tsv``; it is read and compiled once, on first use (about 0.1 s). Every
quantifier is bounded, so one attempt costs a bounded amount whatever the input, and at
most ``_MAX_ATTEMPTS`` digit runs are tried per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..model import Role
from ..resources import load_table

__all__ = ["FoundTimestamp", "find_timestamps", "month_number", "timestamp_line"]


@dataclass(frozen=True, slots=True)
class FoundTimestamp:
    text: str  # the matched text including its label, e.g. "Published Mar 24, 2016, 3:54 pm IST"
    role: Role  # PUBLISHED / UPDATED from the label words, else OTHER
    value: str | None  # ISO 8601 as precise as stated; None if unresolvable
    start: int  # span of `text` in the input line
    end: int


_ROLES = {"published": Role.PUBLISHED, "updated": Role.UPDATED, "other": Role.OTHER}
_LOOKBACK = 40  # chars before a digit run searched for month/weekday/label words
_MAX_ATTEMPTS = 1000  # digit runs tried per line: bounds the cost of huge number-laden lines
_NOT_LETTER = r"(?![^\W\d_])"
_W = r"[^\W\d_]{2,15}" + _NOT_LETTER  # a word, checked against the vocabulary afterwards
_YEAR = r"(?<!\d)(?:19|20)\d\d(?!\d)"
_DAY = r"(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_AMPM = r"[AaPp]\.?\s?[Mm]\.?" + _NOT_LETTER


_Tree = dict[str, "_Tree"]


def _trie(words: set[str]) -> str:
    """Case-insensitive alternation of ``words`` as a prefix tree: a miss costs a few char tests."""
    tree: _Tree = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Tree) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(alts) == 1 else body + "?"

    return rf"(?=[^\W\d_])(?i:{emit(tree)}){_NOT_LETTER}"


def _alt(words: set[str]) -> str:
    """Alternation of a short phrase list, longest first; spaces match 1-3 blanks."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s{1,3}") for w in ordered)


def _time(p: str, suffixes: str) -> str:
    """A clock time with optional am/pm, suffix ("Uhr") and zone; groups prefixed with ``p``."""
    return (
        rf"(?<!\d)(?P<{p}h>2[0-3]|[01]?\d)"
        rf"(?:(?:[:.]|h\s?)(?P<{p}m>[0-5]\d)(?!\d)(?::(?P<{p}s>[0-5]\d)(?:[.,]\d{{1,9}})?)?"
        rf"(?:\s?(?P<{p}ap>{_AMPM}))?|\s?(?P<{p}ap2>{_AMPM}))"
        rf"(?:\s?(?i:{suffixes})\.?{_NOT_LETTER})?"
        rf"(?P<{p}zone>\s?\(?(?P<{p}z>[A-Z]{{2,5}})(?P<{p}zoff>[+-]\d\d?(?::?\d\d)?)?\)?{_NOT_LETTER}"
        rf"|\s?(?P<{p}zo>Z|[+-]\d\d(?::?\d\d)?)(?!\d))?"
    )


@dataclass(frozen=True, slots=True)
class _Vocab:
    months: dict[str, int]
    weekdays: frozenset[str]
    zones: dict[str, str]
    labels: dict[str, Role]
    preps: frozenset[str]
    units: frozenset[str]
    ago_after: frozenset[str]
    ago_before: frozenset[str]
    ago_before_words: frozenset[str]  # the words of the "before" phrases ("il", "y", "a")
    time_lead: re.Pattern[str]  # a time that may be followed by its date ("12:32 Mar. 23, 2016")
    conn: re.Pattern[str]  # what joins a time and a date: ", ", " at ", " à ", "T"
    date_digit: re.Pattern[str]  # a date starting with its first number
    date_word: re.Pattern[str]  # a date starting with a weekday or month name
    rel_after: re.Pattern[str]  # "5 hours ago"
    rel_before: re.Pattern[str]  # "vor 3 Stunden"


def _key(word: str) -> str:
    return word.lower().rstrip(".")


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    months: dict[str, int] = {}
    for _lang, num, name in load_table("months.tsv"):
        months.setdefault(_key(name), int(num))
    kinds: dict[str, set[str]] = {}
    for phrase, kind, _lang in load_table("date_labels.tsv"):
        kinds.setdefault(kind, set()).add(phrase.lower())
    rel: dict[str, set[str]] = {}
    for phrase, kind, _lang in load_table("date_labels_relative.tsv"):
        rel.setdefault(kind, set()).add(phrase.lower())

    of = rf"(?:(?i:{_alt(kinds['of'])})\s{{1,3}})?"
    conn = rf"T(?=\d)|(?:\s{{0,3}}[,:|·•@–—-])?\s{{0,3}}(?:(?i:{_alt(kinds['at'])})\.?(?:\s{{1,3}}|(?=\d)))?"
    suffixes = _alt(kinds["time_suffix"])
    # A trailing time, taken whole through a lookahead (an atomic group that Python 3.10 lacks),
    # so its shorter readings are not retried.
    time_after = rf"(?:(?=(?P<ta>(?:{conn}){_time('a', suffixes)}))(?P=ta))?"

    def dmy(month: str) -> str:
        return (
            rf"(?P<xd>{_DAY})(?:st|nd|rd|th|er|º|\.)?(?:\s{{1,3}}|\.|-){of}(?P<xm>{month})\.?"
            rf"(?:(?:,?\s{{1,3}}|-|(?<=\.)){of}(?P<xy>{_YEAR}))?"
        )

    # After a bare number the month must be a real one ("24 March", not "24 people"): the
    # trie fails there early, which is cheaper than matching on and checking afterwards.
    month_trie = _trie(set(months))
    date_digit = (
        rf"(?:(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])(?!\d)"
        rf"|(?P<sy>{_YEAR})/(?P<sm>0?[1-9]|1[0-2])/(?P<sd>{_DAY})"
        rf"|(?<![\d.])(?P<dd>{_DAY})\.(?P<dm>0?[1-9]|1[0-2])\.(?P<dy>{_YEAR})"
        rf"|(?<![\d/])(?P<na>\d\d?)(?P<ns>[/-])(?P<nb>\d\d?)(?P=ns)(?P<ny>{_YEAR})"
        rf"|{dmy(month_trie)}){time_after}"
    )
    date_word = (
        rf"(?:(?P<wd>{_W})\.?,?\s{{1,3}})?"
        rf"(?:{dmy(_W)}"
        rf"|(?P<ym>{_W})\.?\s{{0,3}}(?P<yd>{_DAY})(?:st|nd|rd|th)?(?!\d)(?:(?:,?\s{{1,3}}|,)(?P<yy>{_YEAR}))?"
        rf"|(?P<zm>{_W})\.?,?\s{{1,3}}{of}(?P<zy>{_YEAR}))"
        rf"{time_after}"
    )
    unit = r"(?P<u>[^\W\d_]{1,12})" + _NOT_LETTER
    before_words = {w for phrase in rel["before"] for w in phrase.split()}
    return _Vocab(
        months=months,
        weekdays=frozenset(_key(name) for _lang, _num, name in load_table("months_weekdays.tsv")),
        zones={row[0]: row[1] for row in load_table("timezones.tsv")},
        labels={w: _ROLES[k] for k in _ROLES for w in kinds.get(k, ())},
        preps=frozenset(kinds["prep"]),
        units=frozenset(rel["unit"]),
        ago_after=frozenset(rel["after"]),
        ago_before=frozenset(rel["before"]),
        ago_before_words=frozenset(before_words),
        time_lead=re.compile(_time("b", suffixes)),
        conn=re.compile(conn),
        date_digit=re.compile(date_digit),
        date_word=re.compile(date_word),
        rel_after=re.compile(rf"(?<!\d)\d{{1,3}}(?!\d)\s?{unit}\.?\s{{1,3}}(?P<a>[^\W\d_]{{2,10}}){_NOT_LETTER}"),
        rel_before=re.compile(
            rf"(?P<b>[^\W\d_]{{1,6}}(?:\s{{1,3}}[^\W\d_]{{1,6}}){{0,2}})\s{{1,3}}\d{{1,3}}(?!\d)\s?{unit}\.?"
        ),
    )


def month_number(word: str) -> int | None:
    """The month a name or abbreviation stands for ("März", "Sept.", "марта"), in any known language."""
    return _vocab().months.get(_key(word))


# -- values ---------------------------------------------------------------------------------


def _offset(seconds: float) -> str:
    sign = "-" if seconds < 0 else "+"
    minutes = int(abs(seconds)) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _fixed(text: str) -> float:
    """Seconds in a printed offset: "+05:30", "+0530", "+3", "-04"."""
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    return sign * (int(hours) * 3600 + int(minutes) * 60)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@dataclass(frozen=True, slots=True)
class _Clock:
    hour: int
    minute: int
    second: int
    zone: str | None  # abbreviation from timezones.tsv, or a printed offset ("Z", "+05:30")
    extra: str | None  # "+3" of "GMT+3"
    end: int


def _clock(v: _Vocab, m: re.Match[str], p: str, end: int) -> _Clock:
    """The time in groups ``p*`` of ``m`` ending at ``end``; an unknown zone word is cut off."""
    hour = int(m.group(p + "h"))
    ampm = m.group(p + "ap") or m.group(p + "ap2")
    if ampm and ampm[0] in "pP" and hour < 12:
        hour += 12
    elif ampm and ampm[0] in "aA" and hour == 12:
        hour = 0
    zone, extra = m.group(p + "z") or m.group(p + "zo"), m.group(p + "zoff")
    if m.group(p + "z") and zone not in v.zones:
        zone = extra = None
        end = m.start(p + "zone")
    return _Clock(hour, int(m.group(p + "m") or 0), int(m.group(p + "s") or 0), zone, extra, end)


def _zone_offset(v: _Vocab, c: _Clock, local: datetime) -> str:
    """The printed zone as "+HH:MM"; IANA zones (ET, MSK) are resolved on the stated date."""
    assert c.zone is not None
    if c.zone == "Z" or c.zone[0] in "+-":
        return "+00:00" if c.zone == "Z" else _offset(_fixed(c.zone))
    target = v.zones[c.zone]
    if target[0] in "+-":
        return _offset(_fixed(target) + (_fixed(c.extra) if c.extra else 0))
    off = local.replace(tzinfo=_zone(target)).utcoffset()
    return _offset((off or timedelta()).total_seconds())


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    value: str | None
    needs_label: bool  # a bare time or a year-less date is a timestamp only after a label


def _date_parts(v: _Vocab, m: re.Match[str]) -> tuple[int, int, int] | str | None:
    """(year, month, day); "noyear" / "ambiguous" / "month" when not a full date; None if not a date."""
    names = m.re.groupindex  # date_word has no numeric groups

    def g(name: str) -> str | None:
        return m.group(name) if name in names else None

    if g("iy"):
        return int(g("iy") or 0), int(g("im") or 0), int(g("id") or 0)
    if g("sy"):
        return int(g("sy") or 0), int(g("sm") or 0), int(g("sd") or 0)
    if g("dy"):
        return int(g("dy") or 0), int(g("dm") or 0), int(g("dd") or 0)
    if g("ny"):
        a, b, y = int(g("na") or 0), int(g("nb") or 0), int(g("ny") or 0)
        if a == b or (a > 12 and b <= 12):
            return y, b, a
        if b > 12 and a <= 12:
            return y, a, b
        return "ambiguous"  # 03/04/2016: day-month or month-day, cannot tell
    for mon, day, year in (("xm", "xd", "xy"), ("ym", "yd", "yy")):
        name = g(mon)
        if name:
            month = v.months.get(_key(name))
            if month is None:
                return None
            return (int(g(year) or 0), month, int(g(day) or 0)) if g(year) else "noyear"
    return None


def _resolve(v: _Vocab, m: re.Match[str], start: int, lead: _Clock | None) -> _Hit | None:
    """Check the words of a date match and compute its value."""
    if "zm" in m.re.groupindex and m.group("zm"):
        month = v.months.get(_key(m.group("zm")))
        if month is None:
            return None
        return _Hit(start, m.end(), f"{int(m.group('zy')):04d}-{month:02d}", False)
    parts = _date_parts(v, m)
    if parts is None:
        return None
    clock = lead or (_clock(v, m, "a", m.end("ta")) if m.group("ta") else None)
    end = m.end() if lead or clock is None else clock.end
    if not isinstance(parts, tuple):
        return _Hit(start, end, None, parts == "noyear" and clock is None)
    try:
        day = datetime(*parts)
    except ValueError:
        return None
    if clock is None:
        return _Hit(start, end, day.date().isoformat(), False)
    local = day.replace(hour=clock.hour, minute=clock.minute, second=clock.second)
    zone = _zone_offset(v, clock, local) if clock.zone else ""
    return _Hit(start, end, local.isoformat() + zone, False)


def _at_word(v: _Vocab, line: str, s: int) -> _Hit | None:
    """A date opening with a weekday or month name, or "vor 3 Stunden"."""
    m = v.date_word.match(line, s)
    if m is not None:
        wd = m.group("wd")
        if wd and _key(wd) not in v.weekdays:  # "Updated March 24": start at the month
            rest = m.start("xd") if m.group("xd") else max(m.start("ym"), m.start("zm"))
            m = v.date_word.match(line, rest) if line[rest].isalpha() else v.date_digit.match(line, rest)
        hit = _resolve(v, m, m.start(), None) if m else None
        if hit is not None:
            return hit
    r = v.rel_before.match(line, s)
    if r and " ".join(r.group("b").lower().split()) in v.ago_before and r.group("u").lower() in v.units:
        return _Hit(s, r.end(), None, False)
    return None


def _at_digit(v: _Vocab, line: str, p: int, q: int) -> _Hit | None:
    """A date, time or relative stamp opening with the digit run ``line[p:q]``."""
    if q - p > 2:  # a year opens only ISO-like dates; "100 days ago"; longer runs nothing
        if q - p == 4 and line[q : q + 1] in ("-", "/"):
            m = v.date_digit.match(line, p)
            return _resolve(v, m, p, None) if m else None
        r = v.rel_after.match(line, p) if q - p == 3 else None
        if r and r.group("u").lower() in v.units and r.group("a").lower() in v.ago_after:
            return _Hit(p, r.end(), None, False)
        return None
    t = v.time_lead.match(line, p)
    if t is not None:  # "12:32 Mar. 23, 2016", "4:05 PM ET, Thu March 24, 2016"
        lead = _clock(v, t, "b", t.end())
        c = v.conn.match(line, lead.end)
        q = c.end() if c else lead.end
        rx = v.date_digit if line[q : q + 1].isdigit() else v.date_word
        m = rx.match(line, q)
        hit = _resolve(v, m, p, lead) if m else None
        if hit is not None:
            return hit
    m = v.date_digit.match(line, p)
    hit = _resolve(v, m, p, None) if m else None
    if hit is not None:
        return hit
    r = v.rel_after.match(line, p)
    if r and r.group("u").lower() in v.units and r.group("a").lower() in v.ago_after:
        return _Hit(p, r.end(), None, False)
    if t is not None:
        return _Hit(p, _clock(v, t, "b", t.end()).end, None, True)
    return None


# -- search ---------------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
_HAS_DIGIT = re.compile(r"\d").search
_WORDS = re.compile(r"[^\W\d_]+")


def _word_start(v: _Vocab, line: str, lo: int, p: int) -> int:
    """Where a date around the digit run at ``p`` may open: the month/weekday/"ago" words before it."""
    a = max(lo, p - _LOOKBACK)
    # Cheap test on the last word before the digits first ("Sunday, May 8", "il y a 3").
    tail = line[max(a, p - 16) : p].rsplit(None, 1)
    if not tail or (not line[p - 1 : p].isalpha() and line[p - 1 : p] not in " .,\u00a0"):
        return p
    word = _key(tail[-1].strip(",(."))
    if word not in v.months and word not in v.weekdays and word not in v.ago_before_words:
        return p
    toks = [(w.start(), w.end(), w.group().lower()) for w in _WORDS.finditer(line, a, p)]
    start, i = p, len(toks) - 1
    while i >= 0:
        if _HAS_DIGIT(line, toks[i][1], start):
            break  # only words with no number between them and the digits ("Mar 1, Mar 2")
        for n in (3, 2, 1):
            if i - n + 1 < 0:
                continue
            phrase = " ".join(t[2] for t in toks[i - n + 1 : i + 1])
            if phrase in v.ago_before or (n == 1 and (phrase in v.months or phrase in v.weekdays)):
                start, i = toks[i - n + 1][0], i - n
                break
        else:
            break
    return start


def _label(v: _Vocab, line: str, start: int) -> tuple[int, Role]:
    """Extend ``start`` back over a label ("Updated", "Published on:") and give its role."""
    words = _WORDS.finditer(line, max(0, start - _LOOKBACK), start)
    toks = [(w.start(), w.end(), w.group().lower()) for w in words]
    if toks and not line[toks[-1][1] : start].strip(" :\t\u00a0"):
        if len(toks) > 1 and toks[-1][2] in v.preps:  # "Published on", "Veröffentlicht am"
            toks.pop()
        for n in (3, 2, 1):
            phrase = " ".join(t[2] for t in toks[-n:])
            if len(toks) >= n and phrase in v.labels:
                return toks[-n][0], v.labels[phrase]
    # A bare preposition opening the line ("le 24 mars 2016") belongs to the timestamp.
    head = line[: start if start <= 12 else 0].strip()
    if head and head.lower() in v.preps:
        return line.index(head), Role.OTHER
    return start, Role.OTHER


def find_timestamps(line: str) -> list[FoundTimestamp]:
    """Every date/time expression in ``line``, left to right."""
    if not _HAS_DIGIT(line):
        return []
    v = _vocab()
    out: list[FoundTimestamp] = []
    lo = attempts = 0
    for d in _DIGITS.finditer(line):
        p, q = d.span()
        if p < lo or (p > 1 and line[p - 1] in ".:/-" and line[p - 2].isdigit()):
            continue  # inside a number or a date already tried ("80.2", "24.03.2016")
        attempts += 1
        if attempts > _MAX_ATTEMPTS:
            break
        hit = None
        s = _word_start(v, line, lo, p)
        if s < p:
            hit = _at_word(v, line, s)
            if hit is not None and hit.end <= p:
                hit = None
        if hit is None:
            hit = _at_digit(v, line, p, q)
        if hit is None:
            continue
        begin, role = _label(v, line, hit.start)
        if hit.needs_label and begin == hit.start:
            continue
        text = line[begin : hit.end].rstrip()
        out.append(FoundTimestamp(text, role, hit.value, begin, begin + len(text)))
        lo = hit.end
    return out


def timestamp_line(
    line: str, min_coverage: float = 0.6, *, found: list[FoundTimestamp] | None = None
) -> FoundTimestamp | None:
    """The timestamp when ``line`` is mostly one, else None.

    Mostly: the timestamps (label + date + time) cover ``min_coverage`` of the line's letters
    and digits (punctuation and separators do not count either way). A sentence that
    mentions a date is not a timestamp line. ``found``: ``find_timestamps(line)`` when the
    caller has it already.
    """
    if len(line) > 240:  # the longest labelled date-time is about 80 chars
        return None
    if found is None:
        found = find_timestamps(line)
    if not found:
        return None
    total = sum(map(str.isalnum, line))
    covered = sum(sum(map(str.isalnum, f.text)) for f in found)
    return found[0] if total and covered / total >= min_coverage else None
