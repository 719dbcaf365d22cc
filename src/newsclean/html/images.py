"""The images of the article on the HTML path: an ``<img>`` in a figure whose caption was
kept, or one placed among the article's paragraphs, outside navigation and rails."""

from __future__ import annotations

from urllib.parse import urljoin

from ..model import Block, DomContext, Label
from .segment import PageImage

_OUTSIDE_ARTICLE = frozenset(("nav", "aside", "footer", "header", "hidden-class", "aria-hidden"))


def _figure(ctx: DomContext) -> DomContext | None:
    return next((node for node in ctx.ancestors() if node.tag == "figure"), None)


def article_images(images: list[PageImage], blocks: list[Block], base: str | None) -> list[tuple[Block | None, str]]:
    """(caption block or None, absolute src) for each image of the article, in page order."""
    body = [i for i, b in enumerate(blocks) if b.label.in_body]
    if not body:
        return []
    first, last = body[0], body[-1]
    captions = [b for b in blocks if b.label is Label.CAPTION and b.dom is not None]
    out: list[tuple[Block | None, str]] = []
    for image in images:
        ctx = image.context
        if ctx.landmarks & _OUTSIDE_ARTICLE or "byline" in ctx.hints:  # an author's portrait
            continue
        figure = _figure(ctx)
        caption = None
        if figure is not None:
            caption = next((b for b in captions if b.dom is not None and b.dom.context.within(figure)), None)
        inside = first <= image.line <= last + 1 and not ctx.link
        if caption is None and not inside:
            continue
        out.append((caption, urljoin(base, image.src) if base else image.src))
    return out
