"""Split a page ``<title>`` into headline and site name: "Obama speaks | Politics | The Guardian".

In order of trust:

0. the title ends (or starts) with a declared site name, whatever the separator and even
   when the name holds one itself ("… ✩ Mozilla Hacks – the Web developer blog");
1. a segment between separators (``data/html/title_separators.tsv``) names the site: it
   matches a declared site name, the publisher or the URL's host ("Le Monde.fr" ~ "Le Monde",
   "Ars Technica" ~ arstechnica.com); the last segment is tried first ("Headline | Site"),
   then the first ("Site: Headline"), then the middle ones ("Headline - site.de - Tagline").
   Section segments left between headline and site ("| Politics") are cut too when a
   declared headline confirms where the headline ends;
2. a declared headline (og:title, JSON-LD) equals one side: the other side is the site when
   it is short;
3. no evidence: the last segment after a "guess" separator ("|", " - ", " – ", " — ", "::",
   "_" between CJK) is the site name when it is short (four words at most, no digits, no
   sentence end) and the rest is at least twice as long and four words or more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..meta.timestamps import timestamp_line
from ..resources import load_table
from .declared_names import is_outlet_word, name_key

__all__ = ["split_title"]

_MAX_SITE_WORDS = 4
_MAX_SITE_CHARS = 40
_MAX_CONFIRMED_SITE_WORDS = 8
_MIN_KEY = 3  # shorter keys ("bbc" is 3) match only exactly
_MAX_EXTENSION = 6  # letters one site key may add to another: ".fr", "online", "news"
# What may stand between a headline and a site name found at the title's end (or start).
_TRAILING_SEPARATOR = re.compile(r"(?:\s+[^\w\s]{1,3}\s*|\s*[_|｜]\s*)\Z")
_LEADING_SEPARATOR = re.compile(r"\A(?:\s*[^\w\s]{1,3}\s+|\s*[_|｜]\s*)")
_DANGLING_SEPARATOR = re.compile(r"\s+[|\-–—·•»~/]{1,2}\s*\Z")  # "Headline |" with the site left out
_LAST_SEGMENT = re.compile(r"\s+[|\-–—·•]\s+([^|\-–—·•]{4,40})\Z")
_DOMAIN = re.compile(r"(?:[\w-]+\.)+[A-Za-z]{2,6}")
_NOT_TLDS = frozenset(("js", "ts", "py", "rb", "md", "sh", "txt", "pdf", "exe", "html", "htm", "php", "jpg", "png"))
_WIDE = re.compile(r"[^\x00-\x7f]")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Separator:
    pattern: re.Pattern[str]
    guess: bool  # may rule 3 use it
    kicker: bool  # also ends a kicker ("Brexit: Headline"): only rule 1 may split there


@lru_cache(maxsize=1)
def _separators() -> tuple[_Separator, ...]:
    pads = {
        "spaced": (r"\s+", r"\s+"),
        "bare": (r"\s*", r"\s*"),
        "wide": (r"(?<=[^\x00-\x7f])", r"(?=[^\x00-\x7f])"),
        "colon": (r"(?<=\w)", r"\s+"),
    }
    out = []
    for sep, kind, guess in load_table("html/title_separators.tsv"):
        before, after = pads[kind]
        out.append(_Separator(re.compile(before + re.escape(sep) + after), guess == "yes", kind == "colon"))
    return tuple(out)


def split_title(
    title: str, site_names: Iterable[str], host_keys: Iterable[str], headlines: Iterable[str]
) -> tuple[str, str | None]:
    """(headline part, site part or None) of a whitespace-normalised ``title``.

    ``site_names``: declared site and publisher names; ``host_keys``: name keys of the page's
    host (``declared_names.host_keys``); ``headlines``: declared headlines from sources other
    than the title. A date segment ("- Sep 25, 2005") is neither and is cut off.
    """
    headline, site = _split(_strip_trailing_date(title), site_names, host_keys, headlines)
    if site is not None:
        site = _DANGLING_SEPARATOR.sub("", site) or site
    return _strip_trailing_date(headline), site


def _split(
    title: str, site_names: Iterable[str], host_keys: Iterable[str], headlines: Iterable[str]
) -> tuple[str, str | None]:
    headline_keys = {k for k in map(name_key, headlines) if k}
    # A "site name" that is a declared headline (application-name set to the title) is none.
    names = [n.strip() for n in site_names if n.strip() and name_key(n) not in headline_keys]
    named = _declared_name_at_edge(title, names)
    if named is not None:
        return named
    site_keys = {k for k in map(name_key, names) if k} | set(host_keys)
    splits = [(sep, [m.span() for m in sep.pattern.finditer(title)]) for sep in _separators()]
    splits = [(sep, spans) for sep, spans in splits if spans]
    for _sep, spans in splits:
        found = _site_segment(title, spans, site_keys, headline_keys)
        if found is not None:
            return found
    for sep, spans in splits:
        confirmed = None if sep.kicker else _confirmed_by_headline(title, spans, headline_keys)
        if confirmed is not None:
            return confirmed
    for sep, spans in splits:
        if sep.guess:
            start, end = spans[-1]
            head, tail = title[:start], title[end:]
            if _looks_like_site(tail) and _size(head) >= max(4, 2 * _size(tail)):
                return head, tail
            break  # only the most typical separator present
    return _DANGLING_SEPARATOR.sub("", title) or title, None


def _declared_name_at_edge(title: str, names: list[str]) -> tuple[str, str] | None:
    lower = title.lower()
    if len(lower) != len(title):
        return None  # lower() changed the length (rare letters): offsets would not match
    names = sorted((n for n in names if 3 <= len(n) <= len(title) - 3), key=len, reverse=True)
    for name in names:  # "Headline | Site" is far commoner than "Site | Headline": all suffixes first
        if lower.endswith(name.lower()):
            sep = _TRAILING_SEPARATOR.search(title[: -len(name)])
            if sep is not None and sep.start() > 0:
                return title[: sep.start()], title[-len(name) :]
    for name in names:
        if lower.startswith(name.lower()):
            sep = _LEADING_SEPARATOR.match(title[len(name) :])
            if sep is not None and len(name) + sep.end() < len(title):
                return title[len(name) + sep.end() :], title[: len(name)]
    return None


def _site_segment(
    title: str, spans: list[Span], site_keys: set[str], headline_keys: set[str]
) -> tuple[str, str] | None:
    """Rule 1: the segment that names the site; the headline is what precedes it (or follows
    it when the site comes first)."""
    bounds = [0, *(x for span in spans for x in span), len(title)]
    segments = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    last = len(segments) - 1
    for i in (last, 0, *range(1, last)):
        start, end = segments[i]
        if _is_site(title[start:end], site_keys):
            if i == 0:
                return title[spans[0][1] :], title[start:end]
            head_end = spans[i - 1][0]
            return _confirmed_prefix(title[:head_end], spans[: i - 1], headline_keys), title[start:end]
    return None


def _confirmed_by_headline(title: str, spans: list[Span], headline_keys: set[str]) -> tuple[str, str | None] | None:
    """Rule 2: one side of a separator is a declared headline."""
    for start, end in spans:
        if name_key(title[:start]) in headline_keys:
            later = [e for s, e in spans if s >= end]
            site = title[later[-1] :] if later else title[end:]
            if _confirmable_site(site):
                return title[:start], site
        if name_key(title[end:]) in headline_keys and _confirmable_site(title[: spans[0][0]]):
            return title[end:], title[: spans[0][0]]
    return None


def _is_site(side: str, site_keys: set[str]) -> bool:
    key = name_key(side)
    if not key or not _short(side, _MAX_CONFIRMED_SITE_WORDS):
        return False
    if key in site_keys:
        return True
    if _DOMAIN.fullmatch(side.strip()) and side.strip().rsplit(".", 1)[1].lower() not in _NOT_TLDS:
        return True  # "CNN.com", "taz.de": a site by its name
    words = side.split()
    if len(words) <= 3 and name_key(words[0]) in site_keys and all(map(is_outlet_word, words[1:])):
        return True  # "BBC NEWS" on bbc.co.uk
    # "Le Monde.fr" ~ "Le Monde", "Spiegel Online" ~ spiegel.de: one key extends the other a little
    if len(key) <= _MIN_KEY or not _short(side, _MAX_SITE_WORDS):
        return False
    return any(
        len(k) > _MIN_KEY and abs(len(k) - len(key)) <= _MAX_EXTENSION and (key.startswith(k) or k.startswith(key))
        for k in site_keys
    )


def _confirmed_prefix(rest: str, spans: list[Span], headline_keys: set[str]) -> str:
    """The headline within "Headline | Section": cut where a declared headline ends."""
    for start, _end in spans:
        if name_key(rest[:start]) in headline_keys:
            return rest[:start]
    return rest


def _strip_trailing_date(text: str) -> str:
    """``text`` without a last segment that is only a date ("… - Sep 25, 2005", "… - 07.12.2017")."""
    m = _LAST_SEGMENT.search(text)
    if m is None or not any(c.isdigit() for c in m.group(1)) or m.start() == 0:
        return text
    return text[: m.start()] if timestamp_line(m.group(1), 0.9) is not None else text


def _short(text: str, max_words: int) -> bool:
    return 0 < len(text.split()) <= max_words


def _size(text: str) -> float:
    """Words, counting two characters of an unspaced script (CJK) as one."""
    return max(len(text.split()), len(_WIDE.findall(text)) / 2)


def _confirmable_site(text: str) -> bool:
    """Rule 2's test for the side that is not the headline: short, and not a question's end."""
    return _short(text, _MAX_CONFIRMED_SITE_WORDS) and not text.rstrip().endswith(("?", "!"))


def _looks_like_site(text: str) -> bool:
    return (
        _short(text, _MAX_SITE_WORDS)
        and len(text) <= _MAX_SITE_CHARS
        and not any(c.isdigit() for c in text)
        and not text.rstrip().endswith(("?", "!", "."))
    )
