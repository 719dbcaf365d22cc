"""Is the page an article at all? A front or section page, a list of links, an error page,
a consent or paywall stub is recognised and said so, with the reason, instead of its
navigation text being passed off as an article."""

from __future__ import annotations

from functools import lru_cache

from ..model import Block
from ..resources import load_table
from .declared_model import Declared

# schema.org types that declare a page of other pages, not a story
# (not WebSite or ItemList: site-wide JSON-LD declares those beside the article on many pages)
_LISTING_TYPES = frozenset(("CollectionPage", "SearchResultsPage", "ProfilePage"))
_ARTICLE_TYPES = frozenset(("Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
                            "OpinionNewsArticle", "LiveBlogPosting", "ScholarlyArticle", "TechArticle", "Report",
                            "BackgroundNewsArticle", "ReviewNewsArticle", "SocialMediaPosting", "Recipe", "HowTo"))
# A stub shows a teaser of a few sentences; an article that merely mentions subscriptions is longer.
_STUB_MAX_WORDS = 150
# An error page may carry a paragraph of apology and links; an article is longer.
_ERROR_MAX_WORDS = 200


@lru_cache(maxsize=1)
def _phrases() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for kind, phrase in load_table("html/not_article.tsv"):
        out.setdefault(kind, []).append(phrase.casefold())
    return {k: tuple(v) for k, v in out.items()}


def _says(text: str, kind: str) -> str | None:
    folded = text.casefold()
    return next((p for p in _phrases()[kind] if p in folded), None)


def not_article_reason(blocks: list[Block], declared: Declared, headline: str | None) -> str | None:
    """Why the page is not an article, or None when it is one."""
    body = [b for b in blocks if b.label.in_body]
    words = sum(b.words for b in body)
    if not body:
        return "no article text found"
    for text in (declared.title, headline):
        phrase = _says(text, "error") if text else None
        if phrase and words < _ERROR_MAX_WORDS and (phrase != "404" or "404" in (text or "").split()):
            return f"an error page ({text!r})"
    if words < _STUB_MAX_WORDS:
        if declared.is_accessible_for_free is False:
            return "a paywall stub (declared not free, short text)"
        for b in blocks:
            phrase = _says(b.text, "stub") if b.words <= 30 else None
            if phrase:
                return f"a consent or paywall stub ({phrase!r}, short text)"
    types = set(declared.types)
    if types & _LISTING_TYPES and not types & _ARTICLE_TYPES and declared.og_type != "article":
        return f"the page declares itself a {sorted(types & _LISTING_TYPES)[0]}"
    links = sum(1 for b in body if b.dom is not None and b.dom.link_share > 0.5)
    if len(body) >= 10 and links > len(body) / 2:
        return "a list of links (front or section page)"
    return None
