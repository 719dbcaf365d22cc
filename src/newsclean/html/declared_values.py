"""Declared raw values -> field values: texts out of JSON shapes (string, list, object with a
``name``), author names and organisations, languages, tags, dates, images.

``raw`` maps a source name of ``data/html/declared_sources.tsv`` to the values found there, in
document order; JSON-LD values keep their JSON shape. Every function skips what it cannot read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from ..resources import load_table
from .declared_dates import parse_declared_date
from .declared_model import Candidate, DeclaredDate, DeclaredImage
from .declared_names import is_organization, name_from_profile_url, name_key, split_author_value
from .jsonld import JsonLd, schema_kind, type_names

__all__ = [
    "URL_KEYS",
    "RawValues",
    "absolute_url",
    "all_sources",
    "clean_text",
    "find_authors",
    "find_dates",
    "find_free",
    "find_images",
    "is_http",
    "language_code",
    "sources",
    "split_tags",
    "strings",
]

RawValues = dict[str, list[Any]]

URL_KEYS = ("url", "@id", "contentUrl")  # where an object holds its URL
_CREDIT_KEYS = ("creditText", "copyrightHolder", "author", "creator", "copyrightNotice")
_TAG = re.compile(r"<[^<>]{0,300}>")
_TAG_SPLIT = re.compile(r"\s*[,;]\s*")
_LANG_SPLIT = re.compile(r"[,;\s]")
_MAX_TEXT = 2000
_MAX_TAGS = 100
_MAX_TAG_CHARS = 80
_NOT_TAGS = frozenset(("null", "none", "undefined", "nan", "false"))  # serialised empty values
_NOT_LANGUAGES = frozenset(("x", "i", "und", "mul", "zxx", "xx"))


@lru_cache(maxsize=1)
def _sources() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for field_name, source in load_table("html/declared_sources.tsv"):
        table.setdefault(field_name, []).append(source)
    return {k: tuple(v) for k, v in table.items()}


def sources(field_name: str) -> tuple[str, ...]:
    """The sources of a field, most trusted first."""
    return _sources().get(field_name, ())


@lru_cache(maxsize=1)
def all_sources() -> frozenset[str]:
    """Every source name of the table: values found anywhere else are not kept."""
    return frozenset(s for field_sources in _sources().values() for s in field_sources)


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    return {row[0]: row[1] for row in load_table("html/languages.tsv")}


def strings(value: Any, ld: JsonLd, keys: tuple[str, ...] = ("name",), depth: int = 0) -> list[str]:
    """The text values in a declared value: a string, a list, an object's ``keys`` (or @value)."""
    if isinstance(value, str):
        text = clean_text(value)
        return [text] if text else []
    if depth > 4:
        return []
    if isinstance(value, list):
        return [s for item in value[:50] for s in strings(item, ld, keys, depth + 1)]
    if isinstance(value, dict):
        value = ld.resolve(value)
        for key in (*keys, "@value"):
            found = strings(value.get(key), ld, keys, depth + 1)
            if found:
                return found
    return []


def clean_text(text: str) -> str:
    """Entities decoded, tags dropped, whitespace collapsed: declared strings hold all three."""
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    return " ".join(text[:_MAX_TEXT].split())


def absolute_url(href: str, base: str | None) -> str | None:
    """``href`` resolved against ``base`` (kept as is without one); None for script and data URLs."""
    href = href.strip()
    if not href or href.startswith(("javascript:", "data:")):
        return None
    try:
        return urljoin(base, href) if base else href
    except ValueError:
        return None


def is_http(url: str) -> bool:
    """An absolute web URL (a canonical that is not is useless)."""
    return url.startswith(("http://", "https://"))


def find_authors(
    raw: RawValues, ld: JsonLd, site_keys: set[str], host_keys: set[str]
) -> tuple[tuple[str, ...], tuple[Candidate, ...], tuple[str, ...]]:
    """(authors from the first source naming a person, every person with its source, organisations).

    ``site_keys``: name keys of the outlet (site and publisher names, host); ``host_keys``: those
    of the host alone (``declared_names.is_organization`` explains the difference).
    """
    authors: list[str] = []
    candidates: list[Candidate] = []
    organizations: dict[str, str] = {}
    for source in sources("author"):
        found: dict[str, str] = {}
        for value in raw.get(source, ()):
            for name, declared_type in _author_entries(value, ld):
                key = name_key(name)
                if not key:
                    continue
                if declared_type == "organization" or is_organization(
                    name, site_keys, host_keys, declared_person=declared_type == "person"
                ):
                    organizations.setdefault(key, name)
                else:
                    found.setdefault(key, name)
        candidates.extend(Candidate(source, name) for name in found.values())
        if not authors:
            authors = list(found.values())
    return tuple(authors), tuple(dict.fromkeys(candidates)), tuple(organizations.values())


def _author_entries(value: Any, ld: JsonLd, depth: int = 0) -> Iterator[tuple[str, str | None]]:
    """(name, "person"/"organization" when a JSON-LD @type says so) for each entry of an author value."""
    if depth > 4:
        return
    if isinstance(value, list):
        for item in value[:30]:
            yield from _author_entries(item, ld, depth + 1)
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith(("http://", "https://", "/")):
            slug = name_from_profile_url(text)
            if slug:
                yield slug, None
        else:
            for name in split_author_value(text):
                yield name, None
    elif isinstance(value, dict):
        obj = ld.resolve(value)
        kinds = {schema_kind(t) for t in type_names(obj)} | {t.casefold() for t in type_names(obj)}
        declared = "organization" if "organization" in kinds else "person" if "person" in kinds else None
        names = strings(obj.get("name"), ld)
        if not names:
            given, family = strings(obj.get("givenName"), ld), strings(obj.get("familyName"), ld)
            names = [" ".join(given[:1] + family[:1])] if given or family else []
        if not names and isinstance(obj.get("url"), str):
            names = [n for n in (name_from_profile_url(obj["url"]),) if n]
        for text in names:
            for name in split_author_value(text) if declared != "organization" else [text]:
                yield name, declared


def language_code(value: str) -> str | None:
    """ISO 639-1 code of a declared language ("en-US", "de_DE", "English", "deu"), or None."""
    tokens = _LANG_SPLIT.split(value.strip().lower().replace("_", "-"), maxsplit=1)
    token = tokens[0] if tokens else ""
    primary = token.split("-", 1)[0]
    mapped = _language_names().get(primary) or _language_names().get(token)
    if mapped:
        return mapped
    return primary if len(primary) == 2 and primary.isalpha() and primary not in _NOT_LANGUAGES else None


def split_tags(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        for tag in _TAG_SPLIT.split(value):
            tag = tag.strip(" #\"'")
            if tag and len(tag) <= _MAX_TAG_CHARS and len(seen) < _MAX_TAGS and tag.casefold() not in _NOT_TAGS:
                seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())


def find_dates(raw: RawValues, ld: JsonLd, sources: tuple[str, ...]) -> tuple[DeclaredDate, ...]:
    """Every plausible date of ``sources``, in their order; implausible ones are dropped."""
    out: dict[tuple[str, str], DeclaredDate] = {}
    for source in sources:
        for value in raw.get(source, ()):
            for text in strings(value, ld, ("@value",)):
                parsed = parse_declared_date(text)
                if parsed is not None:
                    out.setdefault((source, text), DeclaredDate(source, text, parsed))
    return tuple(out.values())


def find_free(raw: RawValues) -> bool | None:
    """JSON-LD isAccessibleForFree (a bool or "True"/"False"), else article:content_tier free/locked."""
    for value in raw.get("jsonld:isAccessibleForFree", ()):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
    for value in raw.get("meta:article:content_tier", ()):
        tier = str(value).strip().lower()
        if tier in ("free", "locked"):
            return tier == "free"
    return None


def find_images(raw: RawValues, ld: JsonLd, sources: tuple[str, ...], base: str | None) -> tuple[DeclaredImage, ...]:
    """Declared images by absolute URL, first seen first; a repeat may add a caption or credit."""
    found: dict[str, DeclaredImage] = {}
    for source in sources:
        for value in raw.get(source, ()):
            for src, caption, credit in _image_entries(value, ld):
                absolute = absolute_url(src, base)
                if absolute is None:
                    continue
                old = found.get(absolute)
                if old is None:
                    found[absolute] = DeclaredImage(absolute, caption, credit)
                elif (caption and not old.caption) or (credit and not old.credit):
                    found[absolute] = DeclaredImage(absolute, old.caption or caption, old.credit or credit)
    return tuple(found.values())


def _image_entries(value: Any, ld: JsonLd, depth: int = 0) -> Iterator[tuple[str, str | None, str | None]]:
    if depth > 3:
        return
    if isinstance(value, str):
        if value.strip():
            yield value.strip(), None, None
    elif isinstance(value, list):
        for item in value[:30]:
            yield from _image_entries(item, ld, depth + 1)
    elif isinstance(value, dict):
        obj = ld.resolve(value)
        srcs = [s for key in ("url", "contentUrl") for s in strings(obj.get(key), ld, URL_KEYS)]
        if not srcs:
            return
        caption = next(iter(strings(obj.get("caption"), ld, ("text", "name"))), None)
        credit = next((c for key in _CREDIT_KEYS for c in strings(obj.get(key), ld)), None)
        yield srcs[0], caption, credit
