r"""Dates and times in one line of a news page, resolved to ISO 8601 as precisely as printed.

Every date or time contains a digit, so the search is driven by digit runs: for each run
we try a few small anchored patterns at the run itself and, when the words just before it
are a month, weekday or "ago" word ("Sunday, May 8", "vor 3 Stunden"), at the first of
them. A line with no digit costs one scan (and, when short, a look at its last word for
"Updated yesterday"); scanning whole lines with a vocabulary regex would cost tens of
microseconds a line. Where the opening word is already known to be a month or weekday the
patterns use generic words (``[^\W\d_]{2,15}``) checked afterwards with dict look-ups; after
a bare number the month is matched by a prefix-tree regex, which fails at once on "24 people".

What a line alone cannot settle comes from a ``DateContext`` (``meta/date_context.py``):
relative stamps ("5 hours ago", "gestern, 15:54") are resolved against its reference time,
"03/04/2016" by the page's locale, "IST" by the outlet's country. Without one, or without
the evidence, the value is None (or the zone left out) and ``FoundTimestamp.note`` says why.

Vocabulary (month and weekday names, relative-time words, time zones, labels such as
"Updated") lives in ``data/months*.tsv``, ``data/relative_time.tsv`` (from CLDR),
``data/date_labels*.tsv`` and ``data/timezones.tsv``; it is read and compiled once, on first
use (about 0.1 s). Every quantifier is bounded, so one attempt costs a bounded amount whatever
the input, and at most ``_MAX_ATTEMPTS`` digit runs are tried per line.

Forms of real dumps read as well: a year glued to the next date ("10. Februar 20199. Februar
2019"), "Posted by <name> on DATE" (the label's role), a four-digit time with its zone before
the date ("Updated 1033 GMT (1833 HKT) March 28, 2017"), "20H06" and "à 11h", two-digit years
in shapes that cannot be something else (a weekday that fits one reading, slashes in a known
order, "Feb ’20", "14 Gennaio 20 )"), and year-less dates with a weekday, whose year is the one
around the reference time in which the day falls on that weekday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..model import Role
from ..resources import load_table
from .date_context import DateContext, read_zone, zone_abbreviations

__all__ = ["DateContext", "FoundTimestamp", "find_timestamps", "month_number", "timestamp_line", "timestamp_notes"]


@dataclass(frozen=True, slots=True)
class FoundTimestamp:
    text: str  # the matched text including its label, e.g. "Published Mar 24, 2016, 3:54 pm IST"
    role: Role  # PUBLISHED / UPDATED from the label words, else OTHER
    value: str | None  # ISO 8601 as precise as stated; None if unresolvable
    start: int  # span of `text` in the input line
    end: int
    relative: bool = False  # "5 hours ago", "yesterday": the value needs a reference time
    ambiguous: bool = False  # day/month order or zone could not be told: value None or without offset
    note: str | None = None  # why the value is missing or partly assumed, for the record's warnings


_ROLES = {"published": Role.PUBLISHED, "updated": Role.UPDATED, "other": Role.OTHER}
_LOOKBACK = 40  # chars before a digit run searched for month/weekday/label words
_BY_LOOKBACK = 70  # chars before a date searched for "Posted by <name> on"
_DAY_LOOKBACK = 30  # chars before a time searched for "yesterday at", "gestern,"
_MAX_DAY_ONLY_LINE = 40  # a line without digits is read for "Updated yesterday" up to this length
_MAX_ATTEMPTS = 1000  # digit runs tried per line: bounds the cost of huge number-laden lines
_NOT_LETTER = r"(?![^\W\d_])"
_W = r"[^\W\d_]{2,15}" + _NOT_LETTER  # a word, checked against the vocabulary afterwards
# A year may be glued to the time after it ("3 de mayo de 202221:25"): text dumps of pages
# lose the space between a date and a time printed in separate elements.
_YEAR = r"(?<!\d)(?:19|20)\d\d(?:(?!\d)|(?=(?:2[0-3]|[01]?\d)[:h][0-5]\d(?!\d)))"
_YY = r"\d\d(?!\d)(?!\.\d)"  # a two-digit year, taken only when a time or a label follows/precedes
_DAY = r"(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_AMPM = r"[AaPp]\.?\s?[Mm]\.?" + _NOT_LETTER
_SECONDS = {"second": 1, "minute": 60, "hour": 3600}

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
        rf"(?:(?<!\d)|(?<=(?:19|20)\d\d))(?P<{p}h>2[0-3]|[01]?\d)"
        rf"(?:(?:[:.]|\s?[hH]\s?)(?P<{p}m>[0-5]\d)(?!\d)(?::(?P<{p}s>[0-5]\d)(?:[.,]\d{{1,9}})?)?(?!\.\d)"
        rf"(?:\s?(?P<{p}ap>{_AMPM}))?|\s?(?P<{p}ap2>{_AMPM})"
        # "à 11h": a whole hour, its "h" taken by the suffix group below
        rf"|(?=\s?h(?![^\W_])))"
        rf"(?:\s?(?i:{suffixes})\.?{_NOT_LETTER})?"
        rf"(?P<{p}zone>\s?\(?(?P<{p}z>[A-Z]{{2,5}})(?P<{p}zoff>[+-]\d\d?(?::?\d\d)?)?\)?{_NOT_LETTER}"
        rf"|\s?(?P<{p}zo>Z|[+-]\d\d(?::?\d\d)?)(?!\d))?"
    )


@dataclass(frozen=True, slots=True)
class _Vocab:
    months: dict[str, int]
    weekdays: dict[str, int]  # name -> ISO weekday (1 = Monday)
    zones: frozenset[str]
    labels: dict[str, Role]
    preps: frozenset[str]
    units: dict[str, dict[str, str]]  # unit word -> language -> second/minute/.../year
    ago_after: dict[str, frozenset[str]]  # "ago" word -> its languages
    ago_before: dict[str, frozenset[str]]  # "vor", "il y a" -> their languages
    ago_before_words: frozenset[str]  # the words of the "before" phrases ("il", "y", "a")
    days: dict[str, int]  # "yesterday" -> -1
    day_ends: tuple[str, ...]  # the one-word day words, for a quick str.endswith on short lines
    time_lead: re.Pattern[str]  # a time that may be followed by its date ("12:32 Mar. 23, 2016")
    conn: re.Pattern[str]  # what joins a time and a date: ", ", " at ", " à ", "T"
    date_digit: re.Pattern[str]  # a date starting with its first number
    date_word: re.Pattern[str]  # a date starting with a weekday or month name
    date_word_nowd: re.Pattern[str]  # the same without the weekday ("March 18 at 3:57 PM")
    hhmm: re.Pattern[str]  # "1033 GMT (1833 HKT)": a four-digit time with its zone, before a date
    bys: frozenset[str]  # "by", "von", "par": "Posted by X on DATE"
    rel_after: re.Pattern[str]  # "5 hours ago"
    rel_before: re.Pattern[str]  # "vor 3 Stunden"
    day_before: re.Pattern[str]  # "yesterday at " ending where a time starts


def _key(word: str) -> str:
    return word.lower().rstrip(".")


def _by_language(rows: list[tuple[str, str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for phrase, lang in rows:
        out.setdefault(phrase, set()).add(lang)
    return {phrase: frozenset(langs) for phrase, langs in out.items()}


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    months: dict[str, int] = {}
    for _lang, num, name in load_table("months.tsv"):
        months.setdefault(_key(name), int(num))
    weekdays: dict[str, int] = {}
    for _lang, num, name in load_table("months_weekdays.tsv"):
        weekdays.setdefault(_key(name), int(num))
    kinds: dict[str, set[str]] = {}
    for phrase, kind, _lang in load_table("date_labels.tsv"):
        kinds.setdefault(kind, set()).add(phrase.lower())
    rel: dict[str, list[tuple[str, str, str]]] = {}
    for phrase, kind, lang, meaning in load_table("relative_time.tsv") + load_table("date_labels_relative.tsv"):
        rel.setdefault(kind, []).append((phrase.lower(), lang, meaning))
    units: dict[str, dict[str, str]] = {}
    for word, lang, meaning in rel["unit"]:
        units.setdefault(word, {}).setdefault(lang, meaning)
    days = {word: int(meaning) for word, _lang, meaning in rel["day"]}

    of = rf"(?:(?i:{_alt(kinds['of'])})\s{{1,3}})?"
    conn = rf"T(?=\d)|(?:\s{{0,3}}[,:|·•∙@–—-])?\s{{0,3}}(?:(?i:{_alt(kinds['at'])})\.?(?:\s{{1,3}}|(?=\d)))?"
    suffixes = _alt(kinds["time_suffix"])
    # A trailing time, taken whole through a lookahead (an atomic group that Python 3.10 lacks),
    # so its shorter readings are not retried.
    time_after = rf"(?:(?=(?P<ta>(?:{conn}){_time('a', suffixes)}))(?P=ta))?"

    # After a bare number the month must be a real one ("24 March", not "24 people"): the
    # trie fails there early, which is cheaper than matching on and checking afterwards.
    month_trie = _trie(set(months))
    # After a month name, a year may also be glued to the next date ("10. Februar 20199. Februar
    # 2019", "20 janvier 202020 janvier"), or printed with two digits: "Feb ’20", or "14 Gennaio
    # 20" closing the date (before a bracket, a bar or the end; not "14 March 20 people").
    glued = rf"(?=(?:3[01]|[12]\d|0?[1-9])\.?\s{{1,3}}{of}{month_trie})"
    year_named = rf"(?P<xy>{_YEAR[:-1]}|{glued}))|[’'‘](?P<xya>\d\d)(?!\d)|(?P<xye>\d\d)(?=\s{{0,3}}(?:[)\]|·•]|$))"

    def dmy(month: str) -> str:
        return (
            rf"(?P<xd>{_DAY})(?:st|nd|rd|th|er|º|\.)?(?:\s{{1,3}}|\.|-){of}(?P<xm>{month})\.?"
            rf"(?:(?:,?\s{{1,3}}|-|(?<=\.)){of}(?:{year_named}))?"
        )

    date_digit = (
        rf"(?:(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])(?!\d)"
        rf"|(?P<sy>{_YEAR})/(?P<sm>0?[1-9]|1[0-2])/(?P<sd>{_DAY})"
        rf"|(?<![\d.])(?P<dd>{_DAY})\.(?P<dm>0?[1-9]|1[0-2])\.(?P<dy>{_YEAR})"
        # Numbers only, day and month in either order; two-digit years with dots too: US pages
        # print "04.08.05, 1:21 PM ET".
        rf"|(?<![\d/.])(?P<na>\d\d?)(?P<ns>[/.-])(?P<nb>\d\d?)(?P=ns)"
        rf"(?:(?<![.])(?P<ny>{_YEAR})|(?P<nyy>{_YY})(?![/-]))"
        rf"|{dmy(month_trie)}){time_after}"
    )
    numeric = (
        rf"(?<![\d/.])(?P<na>\d\d?)(?P<ns>[/.-])(?P<nb>\d\d?)(?P=ns)"
        rf"(?:(?<![.])(?P<ny>{_YEAR})|(?P<nyy>{_YY})(?![/-]))"
    )
    date_word_nowd = (
        rf"(?:{dmy(_W)}"
        rf"|(?P<ym>{_W})\.?\s{{0,3}}(?P<yd>{_DAY})(?:st|nd|rd|th)?(?!\d)(?:(?:,?\s{{1,3}}|,)(?P<yy>{_YEAR}))?"
        rf"|(?P<zm>{_W})\.?,?\s{{1,3}}{of}(?P<zy>{_YEAR}))"
        rf"{time_after}"
    )
    date_word = (
        rf"(?:(?P<wd>{_W})\.?,?\s{{1,3}})?"
        rf"(?:{dmy(_W)}"
        # "mardi 10.12.19": a weekday before a numeric date (which it may disambiguate)
        rf"|(?<=\s){numeric}"
        rf"|(?P<ym>{_W})\.?\s{{0,3}}(?P<yd>{_DAY})(?:st|nd|rd|th)?(?!\d)(?:(?:,?\s{{1,3}}|,)(?P<yy>{_YEAR}))?"
        rf"|(?P<zm>{_W})\.?,?\s{{1,3}}{of}(?P<zy>{_YEAR}))"
        rf"{time_after}"
    )
    unit = r"(?P<u>[^\W\d_]{1,12})" + _NOT_LETTER
    number = r"(?<!\d)(?P<n>\d{1,3})(?!\d)"
    before = _by_language([(w, lang) for w, lang, _ in rel["before"]])
    return _Vocab(
        months=months,
        weekdays=weekdays,
        zones=zone_abbreviations(),
        labels={w: _ROLES[k] for k in _ROLES for w in kinds.get(k, ())},
        preps=frozenset(kinds["prep"]),
        units=units,
        ago_after=_by_language([(w, lang) for w, lang, _ in rel["after"]]),
        ago_before=before,
        ago_before_words=frozenset(w for phrase in before for w in phrase.split()),
        days=days,
        day_ends=tuple(sorted(w for w in days if " " not in w)),
        time_lead=re.compile(_time("b", suffixes)),
        conn=re.compile(conn),
        date_digit=re.compile(date_digit),
        date_word=re.compile(date_word),
        date_word_nowd=re.compile(date_word_nowd),
        hhmm=re.compile(
            r"(?P<ch>2[0-3]|[01]\d)(?P<cm>[0-5]\d)\s?(?P<cz>[A-Z]{2,5})(?![^\W\d_])"
            r"(?:\s{1,3}\(\d{3,4}\s?[A-Z]{2,5}\))?"
        ),
        bys=frozenset(kinds.get("by", ())),
        rel_after=re.compile(rf"{number}\s?{unit}\.?\s{{1,3}}(?P<a>[^\W\d_]{{2,10}}){_NOT_LETTER}"),
        rel_before=re.compile(
            rf"(?P<b>[^\W\d_]{{1,6}}(?:\s{{1,3}}[^\W\d_]{{1,6}}){{0,2}})\s{{1,3}}{number}\s?{unit}\.?"
        ),
        day_before=re.compile(rf"(?<![^\W\d_])(?P<dw>(?i:{_alt(set(days))}))(?:{conn})$"),
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
    minute = int(m.group(p + "m") or 0)
    zone, extra = m.group(p + "z") or m.group(p + "zo"), m.group(p + "zoff")
    if (m.group(p + "z") and zone not in v.zones) or (zone and _is_range(zone, hour, minute, m.group(p + "s"))):
        zone = extra = None
        end = m.start(p + "zone")
    return _Clock(hour, minute, int(m.group(p + "s") or 0), zone, extra, end)


def _is_range(zone: str, hour: int, minute: int, seconds: str | None) -> bool:
    """ "10:00-11:30" is a range, not 10:00 at -11:30: a negative "offset" after a time without
    seconds that reads as a later time of day ("16:05-04:00" stays an offset)."""
    if zone[0] != "-" or seconds is not None:
        return False
    return _fixed(zone) * -1 > hour * 3600 + minute * 60


def _at_time(start: int, end: int, c: _Clock, local: datetime, ctx: DateContext | None, relative: bool) -> _Hit:
    """``local`` with the printed zone as "+HH:MM": IANA zones resolved on the stated date,
    abbreviations read for the page's country (a note when that reading was assumed)."""
    value = local.isoformat()
    if c.zone is None:
        return _Hit(start, end, value, False, relative)
    if c.zone == "Z" or c.zone[0] in "+-":
        return _Hit(start, end, value + ("+00:00" if c.zone == "Z" else _offset(_fixed(c.zone))), False, relative)
    reading = read_zone(c.zone, ctx.country() if ctx else None)
    note = f"time zone {c.zone} {reading.note}" if reading.note else None  # one per zone, not per stamp
    if reading.zone is None:
        return _Hit(start, end, value, False, relative, ambiguous=True, note=note)
    if reading.zone[0] in "+-":
        offset = _offset(_fixed(reading.zone) + (_fixed(c.extra) if c.extra else 0))
    else:
        offset = _offset((local.replace(tzinfo=_zone(reading.zone)).utcoffset() or timedelta()).total_seconds())
    return _Hit(start, end, value + offset, False, relative, note=note)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    value: str | None
    needs_label: bool  # a bare time or a year-less date is a timestamp only after a label
    relative: bool = False
    ambiguous: bool = False
    note: str | None = None  # "{text}" stands for the stamp's text


_NO_REFERENCE = "relative timestamp {text} not resolved: no reference time (a WARC record's date or --reference-time)"
_NO_ORDER = "ambiguous date {text}: day-month or month-day order unknown (no language or country evidence)"


def _year(short: str, ctx: DateContext | None) -> int:
    """A two-digit year: the latest century that does not put it after next year."""
    limit = ctx.reference_time.year + 1 if ctx and ctx.reference_time else 2069
    year = 2000 + int(short)
    return year if year <= limit else year - 100


@dataclass(frozen=True, slots=True)
class _Parts:
    ymd: tuple[int, int, int] | None  # None: not a full date (no year, or day/month order unknown)
    short_year: bool = False  # "24.03.16": a date only with a time or a label
    ambiguous: bool = False  # "03/04/2016" and nothing says which order
    yearless: bool = False  # "11 de mayo": its year comes from the reference time


def _date_parts(v: _Vocab, m: re.Match[str], ctx: DateContext | None) -> _Parts | None:
    """The year, month and day of a date match; None if its words are no month."""
    names = m.re.groupindex  # date_word has no numeric groups

    def g(name: str) -> str | None:
        return m.group(name) if name in names else None

    def num(name: str) -> int:
        return int(g(name) or 0)

    if g("iy"):
        return _Parts((num("iy"), num("im"), num("id")))
    if g("sy"):
        return _Parts((num("sy"), num("sm"), num("sd")))
    if g("dd"):
        return _Parts((num("dy"), num("dm"), num("dd")))
    weekday = v.weekdays.get(_key(g("wd") or ""))
    if g("na"):
        short = g("nyy")
        a, b, y = num("na"), num("nb"), _year(short, ctx) if short else num("ny")
        if weekday is not None:  # "mardi 10.12.19": the reading that falls on that weekday
            fits = [(y, m, d) for m, d in {(b, a), (a, b)} if _is_weekday(y, m, d, weekday)]
            if len(fits) == 1:
                return _Parts(fits[0])
        day_first = True if a == b or (a > 12 and b <= 12) else False if b > 12 and a <= 12 else None
        if day_first is None and ctx is not None:
            day_first = ctx.day_first()  # 03/04/2016: the page's locale says which
        if day_first is None:
            return _Parts(None, bool(short), ambiguous=True)
        # "02/03/21" with slashes and a known order is a date; "1.2.10" may be a version
        return _Parts((y, b, a) if day_first else (y, a, b), bool(short) and g("ns") != "/")
    for mon, day, year in (("xm", "xd", "xy"), ("ym", "yd", "yy")):
        name = g(mon)
        if name:
            month = v.months.get(_key(name))
            if month is None:
                return None
            if g(year):
                return _Parts((num(year), month, num(day)))
            short = g("xya") or g("xye") if mon == "xm" else None
            if short:  # "14 Feb ’20", "14 Gennaio 20 )"
                return _Parts((_year(short, ctx), month, num(day)))
            if weekday is not None:
                return _Parts(_year_of_weekday(month, num(day), weekday, ctx))
            return _Parts(_year_before(month, num(day), ctx), yearless=True)
    return None


def _is_weekday(year: int, month: int, day: int, weekday: int) -> bool:
    try:
        return date(year, month, day).isoweekday() == weekday
    except ValueError:
        return False


def _year_of_weekday(month: int, day: int, weekday: int, ctx: DateContext | None) -> tuple[int, int, int] | None:
    """ "domenica 23 febbraio": the year around the reference time in which that day falls on that
    weekday (the nearest such day, which may be a few days ahead: "from today to Sunday 23
    February"); failing that, as a date without weekday."""
    if ctx is None or ctx.reference_time is None:
        return None
    ref = ctx.reference_time.date()
    fits = [
        date(y, month, day)
        for y in (ref.year - 1, ref.year, ref.year + 1)
        if _is_weekday(y, month, day, weekday) and abs((date(y, month, day) - ref).days) <= 183
    ]
    if fits:
        best = min(fits, key=lambda d: abs((d - ref).days))
        return (best.year, best.month, best.day)
    return _year_before(month, day, ctx)


def _year_before(month: int, day: int, ctx: DateContext | None) -> tuple[int, int, int] | None:
    """A year-less date ("Publicado el 11 de mayo") is the latest such day not after the
    reference time (a day of slack for time zones); unknown without a reference time."""
    if ctx is None or ctx.reference_time is None:
        return None
    ref = ctx.reference_time.date() + timedelta(days=1)
    for year in (ref.year, ref.year - 1):
        try:
            if date(year, month, day) <= ref:
                return (year, month, day)
        except ValueError:
            return None  # 30 February, or 29 February outside a leap year
    return None


def _resolve(v: _Vocab, m: re.Match[str], start: int, lead: _Clock | None, ctx: DateContext | None) -> _Hit | None:
    """Check the words of a date match and compute its value."""
    if "zm" in m.re.groupindex and m.group("zm"):
        month = v.months.get(_key(m.group("zm")))
        if month is None:
            return None
        return _Hit(start, m.end(), f"{int(m.group('zy')):04d}-{month:02d}", False)
    parts = _date_parts(v, m, ctx)
    if parts is None:
        return None
    clock = lead or (_clock(v, m, "a", m.end("ta")) if m.group("ta") else None)
    end = m.end() if lead or clock is None else clock.end
    # Without a time, "Updated Mar 24" (no year) and "24.03.16" (maybe a version) need a label.
    needs_label = clock is None and ((parts.ymd is None and not parts.ambiguous) or parts.short_year or parts.yearless)
    if parts.ymd is None:
        note = _NO_ORDER if parts.ambiguous else None
        return _Hit(start, end, None, needs_label, ambiguous=parts.ambiguous, note=note)
    try:
        day = datetime(*parts.ymd)
    except ValueError:
        return None
    if clock is None:
        return _Hit(start, end, day.date().isoformat(), needs_label)
    local = day.replace(hour=clock.hour, minute=clock.minute, second=clock.second)
    return _at_time(start, end, clock, local, ctx, relative=False)


# -- relative stamps ------------------------------------------------------------------------


def _unit(v: _Vocab, word: str, langs: frozenset[str]) -> str | None:
    """What a unit word means in the languages of its "ago" word; elsewhere, if it means one thing."""
    meanings = v.units.get(word.lower())
    if not meanings:
        return None
    for lang in sorted(langs):
        if lang in meanings:
            return meanings[lang]
    found = set(meanings.values())
    return found.pop() if len(found) == 1 else None


def _ago(n: int, unit: str, ref: datetime) -> str:
    """``n`` units before ``ref``: to the minute for seconds to hours, else the day, month or year."""
    if unit in _SECONDS:
        return (ref - timedelta(seconds=n * _SECONDS[unit])).replace(second=0, microsecond=0).isoformat()
    if unit in ("day", "week"):
        return (ref - timedelta(days=n * (7 if unit == "week" else 1))).date().isoformat()
    if unit == "month":
        months = ref.year * 12 + ref.month - 1 - n
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    return f"{ref.year - n:04d}"


def _relative(start: int, end: int, n: int, unit: str, ctx: DateContext | None) -> _Hit:
    if ctx is None or ctx.reference_time is None:
        return _Hit(start, end, None, False, relative=True, note=_NO_REFERENCE)
    return _Hit(start, end, _ago(n, unit, ctx.reference_time), False, relative=True)


def _rel_after(v: _Vocab, line: str, p: int, ctx: DateContext | None) -> _Hit | None:
    """ "5 hours ago", "3 часа назад" at ``p``."""
    r = v.rel_after.match(line, p)
    langs = v.ago_after.get(r.group("a").lower()) if r else None
    if r is None or langs is None:
        return None
    unit = _unit(v, r.group("u"), langs)
    return _relative(p, r.end(), int(r.group("n")), unit, ctx) if unit else None


def _on_day(v: _Vocab, line: str, p: int, clock: _Clock, ctx: DateContext | None) -> _Hit | None:
    """ "yesterday at 3:05 pm", "gestern, 15:54 Uhr": a day word just before the time at ``p``."""
    d = v.day_before.search(line, max(0, p - _DAY_LOOKBACK), p)
    if d is None:
        return None
    offset = v.days[" ".join(d.group("dw").lower().split())]
    if ctx is None or ctx.reference_time is None:
        return _Hit(d.start(), clock.end, None, False, relative=True, note=_NO_REFERENCE)
    day = ctx.reference_time.date() + timedelta(days=offset)
    local = datetime(day.year, day.month, day.day, clock.hour, clock.minute, clock.second)
    return _at_time(d.start(), clock.end, clock, local, ctx, relative=True)


def _day_only(v: _Vocab, line: str, ctx: DateContext | None) -> list[FoundTimestamp]:
    """A short line without digits that is a label and a day word: "Updated yesterday"."""
    words = line.rsplit(None, 1)
    day = words[-1].rstrip(".,;!")
    if len(words) < 2 or day.lower() not in v.days:
        return []
    at = line.rindex(words[-1])
    begin, role = _label(v, line, at)
    if role is Role.OTHER:
        return []
    text = line[begin : at + len(day)]
    ref = ctx.reference_time if ctx else None
    if ref is None:
        return [FoundTimestamp(text, role, None, begin, begin + len(text), True, False, _note(_NO_REFERENCE, text))]
    value = (ref.date() + timedelta(days=v.days[day.lower()])).isoformat()
    return [FoundTimestamp(text, role, value, begin, begin + len(text), True)]


# -- search ---------------------------------------------------------------------------------


def _at_word(v: _Vocab, line: str, s: int, ctx: DateContext | None) -> _Hit | None:
    """A date opening with a weekday or month name, or "vor 3 Stunden"."""
    m = v.date_word.match(line, s)
    if m is not None:
        wd = m.group("wd")
        if wd and _key(wd) not in v.weekdays:  # "Updated March 24": start at the month
            starts = [m.start(k) for k in ("xd", "ym", "zm", "na") if m.group(k)]
            rest = starts[0] if starts else m.start()
            m = v.date_word.match(line, rest) if line[rest].isalpha() else v.date_digit.match(line, rest)
            if m is None or _resolve(v, m, m.start(), None, ctx) is None:
                # "March 18 at 3:57 PM": the month was read as a weekday and "at" as the month
                m = v.date_word_nowd.match(line, s) if _key(wd) in v.months else m
        hit = _resolve(v, m, m.start(), None, ctx) if m else None
        if hit is not None:
            return hit
    r = v.rel_before.match(line, s)
    langs = v.ago_before.get(" ".join(r.group("b").lower().split())) if r else None
    if r is None or langs is None:
        return None
    unit = _unit(v, r.group("u"), langs)
    return _relative(s, r.end(), int(r.group("n")), unit, ctx) if unit else None


def _at_digit(v: _Vocab, line: str, p: int, q: int, ctx: DateContext | None) -> _Hit | None:
    """A date, time or relative stamp opening with the digit run ``line[p:q]``."""
    if q - p > 2:  # a year opens only ISO-like dates; "100 days ago"; longer runs nothing
        if q - p == 4 and line[q : q + 1] in ("-", "/"):
            m = v.date_digit.match(line, p)
            return _resolve(v, m, p, None, ctx) if m else None
        if q - p == 4:
            return _hhmm(v, line, p, ctx)
        return _rel_after(v, line, p, ctx) if q - p == 3 else None
    t = v.time_lead.match(line, p)
    if t is not None:  # "12:32 Mar. 23, 2016", "4:05 PM ET, Thu March 24, 2016"
        lead = _clock(v, t, "b", t.end())
        c = v.conn.match(line, lead.end)
        q = c.end() if c else lead.end
        rx = v.date_digit if line[q : q + 1].isdigit() else v.date_word
        m = rx.match(line, q)
        hit = _resolve(v, m, p, lead, ctx) if m else None
        if hit is not None:
            return hit
    m = v.date_digit.match(line, p)
    hit = _resolve(v, m, p, None, ctx) if m else None
    if hit is not None:
        return hit
    hit = _rel_after(v, line, p, ctx)
    if hit is not None:
        return hit
    if t is not None:
        clock = _clock(v, t, "b", t.end())
        return _on_day(v, line, p, clock, ctx) or _Hit(p, clock.end, None, True)
    return None


def _hhmm(v: _Vocab, line: str, p: int, ctx: DateContext | None) -> _Hit | None:
    """ "1033 GMT (1833 HKT) March 28, 2017": a four-digit time with a known zone, then its date."""
    t = v.hhmm.match(line, p)
    if t is None or t.group("cz") not in v.zones:
        return None
    lead = _Clock(int(t.group("ch")), int(t.group("cm")), 0, t.group("cz"), None, t.end())
    c = v.conn.match(line, t.end())
    q = c.end() if c else t.end()
    rx = v.date_digit if line[q : q + 1].isdigit() else v.date_word
    m = rx.match(line, q)
    return _resolve(v, m, p, lead, ctx) if m else None


_DIGITS = re.compile(r"\d+")
_HAS_DIGIT = re.compile(r"\d").search
_ALNUM = re.compile(r"[^\W_]").search
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


def _label(v: _Vocab, line: str, start: int, bare: bool = False) -> tuple[int, Role]:
    """Extend ``start`` back over a label ("Updated", "Published on:") and give its role.
    ``bare``: a date that needs a label (no year, no time) and ends the line may take a
    preposition after a comma as one ("par La rédaction, le 20 janvier"; not "Jane Doe y
    John Roe, el 1 de marzo, en el Congreso", a caption)."""
    words = _WORDS.finditer(line, max(0, start - _BY_LOOKBACK), start)
    toks = [(w.start(), w.end(), w.group().lower()) for w in words]
    if toks and not line[toks[-1][1] : start].strip(" :\t\u00a0"):
        prep = toks[-1] if toks[-1][2] in v.preps else None
        if len(toks) > 1 and prep:  # "Published on", "Veröffentlicht am"
            toks.pop()
        for n in (4, 3, 2, 1):
            phrase = " ".join(t[2] for t in toks[-n:])
            if len(toks) >= n and phrase in v.labels and toks[-n][0] >= start - _LOOKBACK:
                return toks[-n][0], v.labels[phrase]
        if prep:
            role = _by_label(v, line, toks)
            if role is not None:  # the label gives the role; the name stays out of the text
                return start, role
            if bare and line[: prep[0]].rstrip().endswith(","):
                return prep[0], Role.OTHER
    # A bare preposition opening the line ("le 24 mars 2016") belongs to the timestamp.
    head = line[: start if start <= 12 else 0].strip()
    if head and head.lower() in v.preps:
        return line.index(head), Role.OTHER
    return start, Role.OTHER


def _by_label(v: _Vocab, line: str, toks: list[tuple[int, int, str]]) -> Role | None:
    """The role of "Posted by Nikhil Marathe on", "Publié par Jean Dupont le": a label, a "by"
    word and one to four capitalised name words before the preposition (already cut off)."""
    for n in range(1, 5):
        if len(toks) < n + 2 or not all(line[t[0]].isupper() for t in toks[-n:]):
            return None
        if toks[-n - 1][2] in v.bys:
            label = toks[-n - 2][2]
            pair = " ".join(t[2] for t in toks[-n - 3 : -n - 1]) if len(toks) >= n + 3 else ""
            return v.labels.get(pair) or v.labels.get(label)
    return None


def _note(template: str | None, text: str) -> str | None:
    return template.replace("{text}", repr(text)) if template else None


def find_timestamps(line: str, *, context: DateContext | None = None) -> list[FoundTimestamp]:
    """Every date/time expression in ``line``, left to right.

    ``context`` resolves what the line alone cannot: relative stamps (its reference time),
    "03/04/2016" (the page's locale), "IST" (the outlet's country). Without it such values are
    None (the zone is read as without evidence) and each stamp's ``note`` says why.
    """
    if not _HAS_DIGIT(line):
        if len(line) > _MAX_DAY_ONLY_LINE or " " not in line:
            return []
        v = _vocab()
        return _day_only(v, line, context) if line.rstrip(".,;! ").lower().endswith(v.day_ends) else []
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
            hit = _at_word(v, line, s, context)
            if hit is not None and hit.end <= p:
                hit = None
        if hit is None:
            hit = _at_digit(v, line, p, q, context)
        if hit is None:
            continue
        begin, role = _label(v, line, hit.start, hit.needs_label and not _ALNUM(line, hit.end))
        if hit.needs_label and begin == hit.start:
            continue
        text = line[begin : hit.end].rstrip()
        note = _note(hit.note, text)
        out.append(FoundTimestamp(text, role, hit.value, begin, begin + len(text), hit.relative, hit.ambiguous, note))
        lo = hit.end
    return out


def timestamp_line(
    line: str,
    min_coverage: float = 0.6,
    *,
    found: list[FoundTimestamp] | None = None,
    context: DateContext | None = None,
) -> FoundTimestamp | None:
    """The timestamp when ``line`` is mostly one, else None.

    Mostly: the timestamps (label + date + time) cover ``min_coverage`` of the line's letters
    and digits (punctuation and separators do not count either way). A sentence that
    mentions a date is not a timestamp line. ``found``: ``find_timestamps(line, context=...)``
    when the caller has it already.
    """
    if len(line) > 240:  # the longest labelled date-time is about 80 chars
        return None
    if found is None:
        found = find_timestamps(line, context=context)
    if not found:
        return None
    total = sum(map(str.isalnum, line))
    covered = sum(sum(map(str.isalnum, f.text)) for f in found)
    return found[0] if total and covered / total >= min_coverage else None


def timestamp_notes(texts: list[str], context: DateContext | None = None) -> list[str]:
    """The notes of the stamps printed as ``texts`` (a record's ``timestamps``), each once: what
    the record's warnings say about values left out or assumed."""
    notes: list[str] = []
    for text in texts:
        for ts in find_timestamps(text, context=context):
            if ts.note and ts.note not in notes:
                notes.append(ts.note)
    return notes
