"""What a page's dates need from outside the line they are printed on.

"5 hours ago" needs the time the page was fetched (a WARC record's date, ``--reference-time``);
"03/04/2016" needs the page's locale (en-US writes month first, most others day first); "IST"
needs the outlet's country (India, Ireland or Israel). A ``DateContext`` carries that evidence
into ``meta.timestamps``; ``date_context`` builds it from what a page shows: its URL's host, its
declared locale ("en-IN"), its language, and words such as a currency, searched only when a
date actually needs them.

Data: ``date_order.tsv`` (from CLDR, ``scripts/build_date_order.py``), ``timezones.tsv`` (the
readings of each zone abbreviation and the countries that select them), ``region_evidence.tsv``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from ..resources import load_table

__all__ = ["DateContext", "ZoneReading", "date_context", "read_zone", "zone_abbreviations"]

# Country-code top-level domains that sites everywhere use for their look, not their country.
_GENERIC_TLDS = frozenset(
    {"ac", "ad", "ai", "am", "as", "cc", "co", "fm", "gg", "io", "la", "ly", "me", "ms", "nu", "sh", "so", "st"}
    | {"to", "tv", "vc", "ws"}
)
_TLD_COUNTRY = {"uk": "GB"}  # the one ccTLD that is not the ISO code
_EVIDENCE_CHARS = 200_000  # of a page's text searched for country words (the header and well beyond)


@dataclass(frozen=True, slots=True)
class DateContext:
    """Evidence for reading a page's dates. Every field is optional.

    ``reference_time``: when the page was fetched (timezone-aware); relative stamps ("5 hours
    ago", "yesterday") are resolved against it. ``language``: ISO 639-1 of the page.
    ``region``: ISO 3166-1 alpha-2 country of the outlet, when known for sure (host, declared
    locale, the caller). ``evidence_text``: the page's text, searched for country words only
    when a date needs the country and ``region`` is not set.
    """

    reference_time: datetime | None = None
    language: str | None = None
    region: str | None = None
    evidence_text: str = field(default="", repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.reference_time is not None and self.reference_time.utcoffset() is None:
            raise ValueError("reference_time must be timezone-aware (e.g. datetime.now(timezone.utc))")
        if self.region is not None:
            object.__setattr__(self, "region", self.region.upper())
        if len(self.evidence_text) > _EVIDENCE_CHARS:  # cut once: the same str object, hashed once
            object.__setattr__(self, "evidence_text", self.evidence_text[:_EVIDENCE_CHARS])

    def country(self) -> str | None:
        """The outlet's country: ``region``, else what the page's words show, else None."""
        if self.region is not None:
            return self.region
        return _text_country(self.evidence_text) if self.evidence_text else None

    def zones(self) -> tuple[str, ...]:
        """The IANA zones of the outlet's country, else of the country its language most
        likely means (CLDR: de -> DE, pt -> BR); () when neither is known."""
        zones, likely = _country_zones()
        country = self.country() or (likely.get(self.language) if self.language else None)
        return zones.get(country, ()) if country else ()

    def day_first(self) -> bool | None:
        """How "03/04/2016" is meant on this page: True day first, False month first, None unknown."""
        order = _date_order(self.language, self.country())
        return None if order is None else order == "dmy"


def date_context(
    reference_time: datetime | None = None,
    *,
    url: str | None = None,
    language: str | None = None,
    locale: str | None = None,
    text: str = "",
) -> DateContext:
    """The context of one page: its fetch time, language, and the country its ``locale``
    ("en-IN", "pt_BR") or its URL's host ("…co.in") shows; ``text`` is kept for country words."""
    region = _locale_country(locale) if locale else None
    if region is None and url:
        region = _host_country(url)
    return DateContext(reference_time, language, region, text)


@lru_cache(maxsize=1)
def _country_zones() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """``country_zones.tsv`` (``scripts/build_country_zones.py``): zones by country, and the
    country each language most likely means."""
    zones: dict[str, tuple[str, ...]] = {}
    likely: dict[str, str] = {}
    for kind, key, value in load_table("country_zones.tsv"):
        if kind == "zones":
            zones[key] = tuple(value.split())
        elif kind == "country":
            likely[key] = value
    return zones, likely


def _locale_country(tag: str) -> str | None:
    parts = tag.replace("_", "-").split("-")
    country = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if country is None or (country.upper() == "LA" and parts[0].lower() in ("es", "pt")):
        return None  # "es_LA": sites write LA for Latin America (CLDR: 419), not for Laos
    return country.upper()


def _host_country(url: str) -> str | None:
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return None
    tld = host.rstrip(".").rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in _GENERIC_TLDS:
        return None
    return _TLD_COUNTRY.get(tld, tld.upper())


@lru_cache(maxsize=1)
def _evidence() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = load_table("region_evidence.tsv")
    words = {row[0]: row[1] for row in rows}
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])"), words


@lru_cache(maxsize=8)
def _text_country(text: str) -> str | None:
    """The country most of the page's evidence words point to; a tie is no evidence."""
    pattern, words = _evidence()
    if not any(word in text for word in words):  # substring tests run at memory speed; the regex does not
        return None
    counts = Counter(words[m.group()] for m in pattern.finditer(text))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


@lru_cache(maxsize=1)
def _orders() -> dict[tuple[str, str], str]:
    return {(lang, country): order for lang, country, order in load_table("date_order.tsv")}


@lru_cache(maxsize=256)
def _date_order(language: str | None, country: str | None) -> str | None:
    """ "dmy" / "mdy" for the language in that country, else for the language anywhere, else
    for the country's main language; None when none of them is known or they are mixed."""
    orders = _orders()
    keys: list[tuple[str, str]] = []
    if language and country:
        keys.append((language, country))
    if language:
        keys.append((language, "*"))
    if country:
        keys.append(("*", country))
    for key in keys:
        order = orders.get(key)
        if order in ("dmy", "mdy"):
            return order
    return None


# -- time-zone abbreviations -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZoneReading:
    zone: str | None  # IANA name or "+HH:MM"; None when the abbreviation cannot be read here
    note: str | None  # why the reading was assumed or left out; None when it is certain


@dataclass(frozen=True, slots=True)
class _Row:
    zone: str
    countries: frozenset[str]
    usual: bool
    default: bool
    name: str


@lru_cache(maxsize=1)
def _zone_rows() -> dict[str, tuple[_Row, ...]]:
    rows: dict[str, list[_Row]] = {}
    for abbr, zone, evidence, name in load_table("timezones.tsv"):
        words = set(evidence.split()) - {"-"}
        countries = frozenset(words - {"usual", "default"})
        rows.setdefault(abbr, []).append(_Row(zone, countries, "usual" in words, "default" in words, name))
    return {abbr: tuple(readings) for abbr, readings in rows.items()}


def zone_abbreviations() -> frozenset[str]:
    """Every abbreviation ``timezones.tsv`` knows."""
    return frozenset(_zone_rows())


@lru_cache(maxsize=256)
def read_zone(abbr: str, country: str | None) -> ZoneReading:
    """The zone ``abbr`` stands for on a page from ``country`` (None: not known)."""
    readings = _zone_rows()[abbr]
    if len(readings) == 1:
        return ZoneReading(readings[0].zone, None)
    for row in readings:
        if country in row.countries:
            return ZoneReading(row.zone, None)
    for row in readings:
        if row.usual:
            return ZoneReading(row.zone, None)
    for row in readings:
        if row.default and country is None:
            return ZoneReading(row.zone, f"assumed to be {row.name} ({row.zone}): nothing shows the page's country")
    names = ", ".join(f"{row.name} {row.zone}" for row in readings)
    where = f"a page from {country}" if country else "this page"
    return ZoneReading(None, f"ambiguous on {where} ({names}): kept without an offset")
