"""Declared dates ("2016-03-24T10:24:00Z", "20170101", "Tue, 24 Mar 2016 10:24:00 GMT") to ISO 8601.

The value keeps what the page states: a bare date stays a date, a naive time stays naive, an
offset is kept as written (``Z`` becomes ``+00:00``); fractions of a second are dropped, as
``meta.timestamps`` does for printed times. ISO forms, the commonest by far, go through one
anchored regex; Unix epochs are UTC; anything else is read by ``meta.timestamps``, which knows
month names in many languages and zone abbreviations. Nonsense is rejected: impossible
dates, years before 1990 or after next year.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from ..meta.timestamps import timestamp_line

__all__ = ["parse_declared_date"]

_MIN_YEAR = 1990
_ISO = re.compile(
    r"(?P<y>\d{4})(?P<sep>-?)(?P<mo>\d\d)(?P=sep)(?P<d>\d\d)"
    r"(?:(?:T|\s+|T\s+)(?P<h>\d\d):?(?P<mi>\d\d)(?::?(?P<s>\d\d)(?:[.,]\d{1,9})?)?"
    r"\s*(?P<z>Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?)?",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"\d{9,10}(?:\d{3})?")
_MAX_CHARS = 120  # a declared date is short; longer content is prose, not a date


def parse_declared_date(raw: str, *, today: date | None = None) -> str | None:
    """ISO 8601 value of a declared date string, or None when it is not a plausible date.

    ``today`` bounds the year (next year at most); the default is the clock's date.
    """
    text = raw.strip()
    if not text or len(text) > _MAX_CHARS:
        return None
    max_year = (today or date.today()).year + 1
    m = _ISO.fullmatch(text)
    if m is not None:
        value = _from_iso(m)
    elif _EPOCH.fullmatch(text):
        value = _from_epoch(text)
    else:
        found = timestamp_line(text)
        value = found.value if found is not None else None
    if value is None or not _MIN_YEAR <= int(value[:4]) <= max_year:
        return None
    return value


def _from_iso(m: re.Match[str]) -> str | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    try:
        date(y, mo, d)
    except ValueError:
        return None
    day = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["h"] is None:
        return day
    h, mi, s = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return f"{day}T{h:02d}:{mi:02d}:{s:02d}{_offset(m['z'])}"


def _offset(zone: str | None) -> str:
    """The offset as "+HH:MM" ("+0530", "+05" -> "+05:30", "+05:00"; Z/UTC/GMT -> "+00:00"); "" when none."""
    if zone is None:
        return ""
    if zone.upper() in ("Z", "UTC", "GMT"):
        return "+00:00"
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 14 or minutes > 59:
        return ""  # not an offset any zone has: keep the time, drop the zone
    return f"{zone[0]}{hours:02d}:{minutes:02d}"


def _from_epoch(text: str) -> str | None:
    seconds = int(text) / (1000 if len(text) > 10 else 1)
    try:
        stamp = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return stamp.replace(microsecond=0).isoformat()
