"""The record ``read_declared`` returns: what a page declares about itself, field by field,
with the source of each value so the pipeline can weigh it against what the page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Candidate", "Declared", "DeclaredDate", "DeclaredImage", "TimeElement"]


@dataclass(frozen=True, slots=True)
class Candidate:
    source: str  # where the value was declared, e.g. "meta:og:title"
    value: str


@dataclass(frozen=True, slots=True)
class DeclaredDate:
    source: str  # e.g. "jsonld:datePublished", "meta:article:published_time"
    raw: str  # as declared
    value: str  # ISO 8601, precision and offset as declared


@dataclass(frozen=True, slots=True)
class DeclaredImage:
    src: str  # absolute when the page URL or <base> is known
    caption: str | None
    credit: str | None


@dataclass(frozen=True, slots=True)
class TimeElement:
    value: str | None  # the datetime attribute as ISO 8601; None when it is not a plausible date
    raw: str  # the datetime attribute
    text: str  # the element's visible text, whitespace-normalised
    element: Any = field(compare=False, repr=False)  # the lxml element, to find it in the DOM


@dataclass(frozen=True, slots=True)
class Declared:
    title: str | None = None  # <title>, whitespace-normalised
    title_headline: str | None = None  # the title without its site part (the whole title if none)
    title_site: str | None = None  # "The Guardian" of "Headline | The Guardian"
    headlines: tuple[Candidate, ...] = ()  # every declared headline, most trusted first
    site_name: str | None = None
    publisher: str | None = None  # JSON-LD publisher (or the page's Organization) name
    url: str | None = None  # canonical URL, absolute
    description: str | None = None
    section: str | None = None  # sections[0]
    sections: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # declared keywords and tags, deduplicated, order kept
    language: str | None = None  # ISO 639-1 of the most trusted declaration
    languages: tuple[Candidate, ...] = ()  # every declaration, normalised to ISO 639-1
    authors: tuple[str, ...] = ()  # person names from the most trusted source that names any
    author_candidates: tuple[Candidate, ...] = ()  # every person name with its source
    organizations: tuple[str, ...] = ()  # author entries that are outlets, agencies or collectives
    published: tuple[DeclaredDate, ...] = ()  # most trusted first
    modified: tuple[DeclaredDate, ...] = ()
    types: tuple[str, ...] = ()  # schema.org types (JSON-LD top level, microdata itemtype)
    og_type: str | None = None
    is_accessible_for_free: bool | None = None
    images: tuple[DeclaredImage, ...] = ()
    time_elements: tuple[TimeElement, ...] = ()  # <time datetime> in document order
    jsonld_errors: int = 0  # JSON-LD blocks that did not parse (what could be salvaged was used)
