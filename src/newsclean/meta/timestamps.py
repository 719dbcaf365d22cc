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

This module holds the search (where a stamp opens, its label and role) and the public entry
points; the vocabulary and compiled patterns are in ``timestamp_vocab``, the values (zones,
locale, reference time, relative stamps) in ``timestamp_values``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from ..model import Role
from .date_context import DateContext
from .timestamp_values import (
    _NO_REFERENCE,
    _Clock,
    _clock,
    _Hit,
    _on_day,
    _rel_after,
    _relative,
    _resolve,
    _unit,
)
from .timestamp_vocab import _key, _Vocab, _vocab, month_number

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


_LOOKBACK = 40  # chars before a digit run searched for month/weekday/label words
_BY_LOOKBACK = 70  # chars before a date searched for "Posted by <name> on"
_MAX_DAY_ONLY_LINE = 40  # a line without digits is read for "Updated yesterday" up to this length
_MAX_ATTEMPTS = 1000  # digit runs tried per line: bounds the cost of huge number-laden lines


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
