"""What a found date or time stands for, for ``meta.timestamps``: its ISO 8601 value with the zone,
the locale and the reference time taken into account.

A date match from the patterns of ``timestamp_vocab`` is checked (its words must be a month
or weekday) and turned into a value by ``_resolve``; relative stamps ("5 hours ago",
"gestern, 15:54") by ``_rel_after``, ``_on_day`` and ``_relative``. What a line alone cannot
settle comes from a ``DateContext`` (``meta/date_context.py``): relative stamps are resolved
against its reference time, "03/04/2016" by the page's locale, "IST" by the outlet's country.
Without one, or without the evidence, the value is None (or the zone left out) and the
``_Hit`` carries a note that says why. Two-digit years and year-less dates (with or without
a weekday) take their year from the reference time too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from .date_context import DateContext, read_zone
from .timestamp_vocab import _key, _Vocab

_DAY_LOOKBACK = 30  # chars before a time searched for "yesterday at", "gestern,"
_SECONDS = {"second": 1, "minute": 60, "hour": 3600}


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
