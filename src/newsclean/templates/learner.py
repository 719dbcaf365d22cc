"""Per-site counts of the pages each line occurs on: the learned template.

Learning is a map-reduce: ``add`` counts one page, ``merge`` adds another learner's counts
(a partition's, a stored profile's), and the result does not depend on how pages were split
while no limit below is reached.

Memory is bounded per site: past ``max_keys`` distinct keys in a map, keys seen on a single
page are dropped first (lossy counting: a line must recur to matter). Counts decay: when a
site has seen ``2 x window`` pages, every count and the page count are halved, so after a
redesign the old template fades within a few windows and the new one takes over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .fingerprint import LineKeys, PagePrint
from .sites import site_key

PROFILE_FORMAT = 1
_CHECK_EVERY = 1000  # pages between checks of the learner's total size (a check sums every site's)


@dataclass(frozen=True, slots=True)
class TemplateOptions:
    # A site needs this many pages before its template counts (issue 8: "e.g. 4"); below
    # it, every page gets exactly its single-page record. At 3 a line on 2 of 3 pages would
    # already read as template, and two articles of one story share quotes.
    min_pages: int = 4
    # Counts halve when a site reaches 2 x window pages: the template is what the last
    # 100-200 pages show. A daily cron over a few dozen sites adds tens of pages a site.
    window: int = 100
    # Distinct keys kept per site and map before single-page keys are dropped: a site's
    # furniture is a few hundred lines; 20,000 keys is ~2 MB in memory, ~0.6 MB stored.
    max_keys: int = 20_000
    # All sites together: past this many keys (about 100 bytes each in memory), every site
    # drops its rarest keys, single-page ones first, down to three quarters of it. A crawl of
    # a thousand sites then holds some 200 MB of counts at most, not a thousand sites' worth.
    max_total_keys: int = 2_000_000


def _drop_at_most(counts: dict[int, float], floor: float) -> None:
    """Drop the keys counted on ``floor`` pages or fewer."""
    for key in [k for k, c in counts.items() if c <= floor]:
        del counts[key]


@dataclass(slots=True)
class SiteProfile:
    """What was learned of one site: on how many of its pages each line key occurs."""

    pages: float = 0.0
    masked: dict[int, float] = field(default_factory=dict)
    # Only keys whose exact form differs from the masked one (lines with digits): for the
    # others the masked count is the exact count.
    exact: dict[int, float] = field(default_factory=dict)
    # The line as first printed, for masked keys seen on 2+ pages: what ``templates show`` prints.
    lines: dict[int, str] = field(default_factory=dict)
    # Line pairs (a line and the one before it, exact forms): see ``fingerprint.LineKeys``.
    pairs: dict[int, float] = field(default_factory=dict)

    def add(self, page: PagePrint) -> None:
        self.pages += 1
        masked = self.masked
        for key in page.masked:
            masked[key] = masked.get(key, 0.0) + 1.0
        for key in page.exact - page.masked:
            self.exact[key] = self.exact.get(key, 0.0) + 1.0
        pairs = self.pairs
        for key in page.pairs:
            pairs[key] = pairs.get(key, 0.0) + 1.0
        for key, text in page.shown:
            if masked[key] >= 2 and key not in self.lines:
                self.lines[key] = text

    def merge(self, other: SiteProfile) -> None:
        self.pages += other.pages
        for mine, theirs in zip(self._maps(), other._maps()):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0.0) + count
        for key, text in other.lines.items():
            self.lines.setdefault(key, text)

    def bound(self, options: TemplateOptions) -> None:
        """Apply the decay and the key limit (see the module docstring)."""
        while self.pages >= 2 * options.window:
            self.pages /= 2
            for counts in self._maps():
                for key in list(counts):
                    counts[key] /= 2
        for counts in self._maps():
            floor = 1.0
            while len(counts) > options.max_keys:
                _drop_at_most(counts, floor)
                floor *= 2
        self._drop_orphan_lines()

    def drop_rare(self, floor: float) -> None:
        """Drop the keys seen on ``floor`` pages or fewer."""
        for counts in self._maps():
            _drop_at_most(counts, floor)
        self._drop_orphan_lines()

    @property
    def size(self) -> int:
        """Keys held, all maps together."""
        return sum(map(len, self._maps()))

    def _maps(self) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
        return self.masked, self.exact, self.pairs

    def _drop_orphan_lines(self) -> None:
        if len(self.lines) > len(self.masked):
            self.lines = {k: t for k, t in self.lines.items() if k in self.masked}

    def repeated_lines(self, min_pages: float = 2.0) -> list[tuple[str, float]]:
        """The lines seen on ``min_pages`` or more pages, commonest first, with their counts."""
        found = [(t, self.masked[k]) for k, t in self.lines.items() if self.masked.get(k, 0.0) >= min_pages]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def counts(self, keys: LineKeys) -> list[tuple[float, float, float]]:
        """For each line: on how many pages its masked and its exact form occur, and on how
        many it stands next to the same line (before or after it) as here."""
        out = []
        masked, exact, pairs = self.masked, self.exact, self.pairs
        linked = [pairs.get(p, 0.0) for p in keys.pairs] + [0.0]
        for i, (e, m) in enumerate(zip(keys.exact, keys.masked)):
            mc = masked.get(m, 0.0)
            out.append((mc, mc if e == m else exact.get(e, 0.0), max(linked[i], linked[i + 1])))
        return out

    def evidence_only(self) -> SiteProfile:
        """A copy with only what evidence looks up: keys on more than one page (a line on
        this page alone counts as unseen), no printed lines. Gives the same records; it is
        what a batch ships to its worker processes."""
        return SiteProfile(
            self.pages,
            {k: c for k, c in self.masked.items() if c > 1.0},
            {k: c for k, c in self.exact.items() if c > 1.0},
            pairs={k: c for k, c in self.pairs.items() if c > 1.0},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "masked": {f"{k:016x}": c for k, c in self.masked.items()},
            "exact": {f"{k:016x}": c for k, c in self.exact.items()},
            "lines": {f"{k:016x}": t for k, t in self.lines.items()},
            "pairs": {f"{k:016x}": c for k, c in self.pairs.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SiteProfile:
        return cls(
            float(data["pages"]),
            {int(k, 16): float(c) for k, c in data["masked"].items()},
            {int(k, 16): float(c) for k, c in data["exact"].items()},
            {int(k, 16): str(t) for k, t in data.get("lines", {}).items()},
            {int(k, 16): float(c) for k, c in data.get("pairs", {}).items()},
        )


class TemplateLearner:
    """Site profiles learned from page prints; see the module docstring.

    >>> learner = TemplateLearner()
    >>> for page in prints: learner.add(page)          # doctest: +SKIP
    >>> profile = learner.profile("host:example.com")  # doctest: +SKIP
    """

    def __init__(self, options: TemplateOptions | None = None) -> None:
        self.options = options or TemplateOptions()
        self._sites: dict[str, SiteProfile] = {}
        self._unchecked = 0  # pages added since the total was last checked

    def add(self, page: PagePrint) -> None:
        """Count one page on its site (pages with no site are not counted)."""
        if page.site is None:
            return
        profile = self._sites.setdefault(page.site, SiteProfile())
        profile.add(page)
        limit = self.options.max_keys
        if profile.pages >= 2 * self.options.window or max(len(profile.masked), len(profile.exact),
                                                           len(profile.pairs)) > limit:
            profile.bound(self.options)
        self._unchecked += 1
        if self._unchecked >= _CHECK_EVERY:
            self._bound_total()

    def add_all(self, pages: Iterable[PagePrint]) -> TemplateLearner:
        for page in pages:
            self.add(page)
        return self

    def merge(self, other: TemplateLearner) -> TemplateLearner:
        """Add ``other``'s counts to this learner's (the reduce step); returns self."""
        for site, theirs in other._sites.items():
            mine = self._sites.setdefault(site, SiteProfile())
            mine.merge(theirs)
            mine.bound(self.options)
        self._bound_total()
        return self

    def _bound_total(self) -> None:
        """Keep all sites together under ``max_total_keys`` (see ``TemplateOptions``)."""
        self._unchecked = 0
        if sum(p.size for p in self._sites.values()) <= self.options.max_total_keys:
            return
        floor = 1.0
        while sum(p.size for p in self._sites.values()) > 0.75 * self.options.max_total_keys:
            for profile in self._sites.values():
                profile.drop_rare(floor)
            floor *= 2

    def profile(self, site: str | None) -> SiteProfile | None:
        """The site's profile once it has ``min_pages`` pages, else None."""
        if site is None:
            return None
        profile = self._sites.get(site)
        if profile is None or profile.pages < self.options.min_pages:
            return None
        return profile

    def sites(self) -> dict[str, float]:
        """Every site learned, with its (decayed) page count."""
        return {site: p.pages for site, p in sorted(self._sites.items())}

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": PROFILE_FORMAT,
            "sites": {site: p.to_dict() for site, p in sorted(self._sites.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], options: TemplateOptions | None = None) -> TemplateLearner:
        if data.get("format") != PROFILE_FORMAT:
            raise ValueError(f"unknown template profile format {data.get('format')!r}")
        learner = cls(options)
        learner._sites = {site: SiteProfile.from_dict(p) for site, p in data["sites"].items()}
        return learner


@dataclass(frozen=True, slots=True)
class SiteTemplates:
    """Profiles by site, and how pages are grouped into sites: handed to ``extract`` instead
    of one profile, it finds the page's own (an HTML page's site is named by the canonical
    URL it declares, which extraction reads anyway: no second parse)."""

    profiles: Mapping[str, SiteProfile]
    group_by: str = "auto"

    def for_page(self, url: str | None, path: str | None) -> SiteProfile | None:
        site = site_key(url=url, path=path, group_by=self.group_by)
        return None if site is None else self.profiles.get(site)
