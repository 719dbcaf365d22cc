"""The records that flow through the pipeline: ``Block`` per input line/block, ``Article`` at the end.

Every field is declared here; stages fill them in order (see ``pipeline.extract``).
``Article.to_dict()`` is exactly the JSON record documented in the README and in
``schema/article.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ._version import __version__

SCHEMA_VERSION = "0.2.0"


class Label(Enum):
    """What a block is. Only BODY and SUBHEADING blocks make up the article body."""

    BODY = "body"
    SUBHEADING = "subheading"
    HEADLINE = "headline"
    STANDFIRST = "standfirst"
    SECTION = "section"
    BYLINE = "byline"
    TIMESTAMP = "timestamp"
    CAPTION = "caption"
    CREDIT = "credit"
    BOILERPLATE = "boilerplate"
    RELATED = "related"

    in_body: bool  # set on every member below: an attribute reads ~8x faster than a property


for _label in Label:
    _label.in_body = _label in (Label.BODY, Label.SUBHEADING)
del _label


class Role(Enum):
    PUBLISHED = "published"
    UPDATED = "updated"
    OTHER = "other"


@dataclass(slots=True, eq=False)
class DomContext:
    """Where an HTML element sits: the structural evidence its lines inherit (HTML path only).

    One object per element, shared by every line the element renders; ``parent`` links up
    the tree so ``explain`` can print the path without building it for every line. Never
    changed once built; not declared frozen because a frozen dataclass is three times as
    slow to build, and a page builds one per element.
    """

    parent: DomContext | None
    tag: str  # this element's tag
    ident: str  # "tag#id.class" as shown by explain
    container: str  # nearest block-level element (p, li, td, h2, div, figcaption ...)
    heading: int  # 1..6 inside an <hN>, else 0
    link: bool  # inside an <a href>
    landmarks: frozenset[str]  # nav, aside, header, footer, form, article, list, table, figure ...
    boiler_tokens: int  # ancestors whose class/id/itemprop names boilerplate (menu, related, share ...)
    content_tokens: int  # ancestors whose class/id/itemprop names article content (story, body ...)
    hints: frozenset[str]  # other class/id roles seen up the tree: caption, byline, date, title, lead

    def ancestors(self) -> list[DomContext]:
        """This element and every element above it, nearest first."""
        chain: list[DomContext] = []
        node: DomContext | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def within(self, other: DomContext) -> bool:
        """This element is ``other`` or lies inside it."""
        node: DomContext | None = self
        while node is not None:
            if node is other:
                return True
            node = node.parent
        return False

    def path(self, depth: int = 4) -> str:
        """The last ``depth`` elements down to this one, e.g. ``article>div.body>p``."""
        return ">".join(node.ident for node in reversed(self.ancestors()[:depth]))


@dataclass(frozen=True, slots=True)
class DomEvidence:
    """Structural evidence of one rendered HTML line."""

    context: DomContext  # the element the line's first text came from
    link_share: float  # share of the line's characters inside links
    has_time: bool  # the line holds a <time> element


@dataclass(slots=True)
class Block:
    """One non-empty line of the input (text path) with the evidence gathered about it.

    ``reasons`` is the human-readable trail of every rule that set or changed the label;
    ``explain`` prints it.
    """

    index: int  # position among the blocks of the document
    line_no: int  # 1-based line number in the decoded input
    raw: str  # the line as it appears in the input (no trailing newline)
    text: str  # whitespace-normalised text
    group: int  # index of the blank-line-separated group the line belongs to
    group_size: int  # number of lines in that group
    indent: int = 0  # leading spaces of the raw line
    words: int = 0  # features.word_count(text), counted once in segment_text: most stages test it
    label: Label = Label.BOILERPLATE
    score: float = 0.0  # body-likeness from the line classifier, 0..1
    reasons: list[str] = field(default_factory=list)
    joined_with_next: bool = False  # paragraph continues in the next block (split by the dump)
    dateline: Dateline | None = None  # set on the first body paragraph when it opens with one
    dom: DomEvidence | None = None  # HTML path: where the line sits in the page
    repeats: Repeats | None = None  # with a learned site template: on how many of its pages the line occurs

    def mark(self, label: Label, reason: str) -> None:
        """Set the label and record why."""
        self.label = label
        self.reasons.append(f"{label.value}: {reason}")

    def note(self, reason: str) -> None:
        """Record evidence that did not change the label."""
        self.reasons.append(reason)


@dataclass(slots=True, frozen=True)
class Repeats:
    """Template evidence of one line: on how many of its site's pages it occurs (this page
    included, as learned); counts are fractional once a site's counts have decayed."""

    masked: float  # with digits and date words masked ("Updated 3 hours ago")
    exact: float  # as printed
    pages: float  # the site's pages
    linked: float = 0.0  # pages where it stands next to the same line (before or after) as here

    @property
    def others(self) -> float:
        """On how many *other* pages of the site the (masked) line occurs."""
        return max(self.masked - 1.0, 0.0)

    @property
    def share(self) -> float:
        """The share of the site's other pages that show the (masked) line."""
        return self._of_others(self.masked)

    @property
    def exact_share(self) -> float:
        """The same for the line as printed."""
        return self._of_others(self.exact)

    @property
    def linked_others(self) -> float:
        """On how many other pages the line is printed so, next to the same line as here."""
        return max(min(self.exact, self.linked) - 1.0, 0.0)

    @property
    def linked_share(self) -> float:
        return self._of_others(min(self.exact, self.linked))

    def _of_others(self, pages: float) -> float:
        """``pages`` (this one included) as a share of the site's other pages."""
        return max(pages - 1.0, 0.0) / max(self.pages - 1.0, 1.0)

    def describe(self) -> str:
        exact = "" if self.exact == self.masked else f" ({self.exact:g} exactly)"
        return f"repeats on {self.masked:g} of {self.pages:g} pages of this site{exact}"


@dataclass(slots=True, frozen=True)
class Dateline:
    text: str  # the dateline as printed, e.g. "MOSCOW (Sputnik) —"
    place: str | None  # "Moscow"
    agency: str | None  # "Sputnik"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "place": self.place, "agency": self.agency}


@dataclass(slots=True, frozen=True)
class Timestamp:
    text: str  # as printed, e.g. "Published Mar 24, 2016, 3:54 pm IST"
    role: Role
    value: str | None  # ISO 8601, precision and offset as stated; None when it cannot be resolved

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "role": self.role.value, "value": self.value}


@dataclass(slots=True, frozen=True)
class Caption:
    text: str
    credit: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "credit": self.credit}


@dataclass(slots=True, frozen=True)
class Image:
    src: str  # absolute when the page's URL or <base> is known
    caption: str | None
    credit: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"src": self.src, "caption": self.caption, "credit": self.credit}


@dataclass(slots=True, frozen=True)
class Source:
    path: str | None
    format: str  # "text" or "html"
    bytes: int
    encoding: str
    sha256: str
    url: str | None = None  # where the input was fetched from (a WARC record's target URI), when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "url": self.url,
            "format": self.format,
            "bytes": self.bytes,
            "encoding": self.encoding,
            "sha256": self.sha256,
        }


@dataclass(slots=True)
class Article:
    """The extraction result. ``to_dict()`` gives the JSON record, fields in documented order."""

    source: Source
    url: str | None = None  # canonical URL as declared by the page, else the URL it was fetched from
    site: str | None = None  # the outlet's name
    is_article: bool = True  # False for a front page, link list, error page, consent or paywall stub
    headline: str | None = None
    standfirst: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    byline: str | None = None
    dateline: Dateline | None = None
    published: str | None = None
    updated: str | None = None
    timestamps: list[Timestamp] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    warnings: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list, repr=False)  # evidence for `explain`; not serialised

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "extractor": {"name": "newsclean", "version": __version__},
            "source": self.source.to_dict(),
            "url": self.url,
            "site": self.site,
            "is_article": self.is_article,
            "headline": self.headline,
            "standfirst": self.standfirst,
            "section": self.section,
            "authors": list(self.authors),
            "byline": self.byline,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "published": self.published,
            "updated": self.updated,
            "timestamps": [t.to_dict() for t in self.timestamps],
            "captions": [c.to_dict() for c in self.captions],
            "images": [i.to_dict() for i in self.images],
            "body": self.body,
            "subheadings": list(self.subheadings),
            "tags": list(self.tags),
            "language": self.language,
            "word_count": self.word_count,
            "warnings": list(self.warnings),
        }
