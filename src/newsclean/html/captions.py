"""Photo captions on the HTML path: what the markup says is a caption (``<figcaption>``, a
caption/credit class inside a ``<figure>`` or on a short line) is one, and never body.

The lines of one figure make one caption; a line that is only a credit ("Photo: AP",
"© Reuters") becomes the caption's credit, and a credit glued to the caption text is split
off with the same patterns the text path uses.
"""

from __future__ import annotations

from ..meta.captions import split_credit
from ..model import Block, Caption, DomContext, Label

# A caption is a sentence or two; a long "caption" class block is a gallery text or a teaser.
_MAX_CAPTION_WORDS = 80


def _figure_of(ctx: DomContext) -> DomContext | None:
    """The element that holds one caption: the <figure>, else the <figcaption>, else the
    nearest element whose class names a caption."""
    node: DomContext | None = ctx
    fallback = None
    while node is not None:
        if node.tag == "figure":
            return node
        if fallback is None and (node.tag == "figcaption" or "caption" in node.hints):
            fallback = node
        node = node.parent
    return fallback


def _is_caption_line(block: Block) -> bool:
    ev = block.dom
    if ev is None or block.words > _MAX_CAPTION_WORDS:
        return False
    ctx = ev.context
    if ctx.container == "figcaption" or "caption" in ctx.landmarks:
        return True
    return "caption" in ctx.hints and ("figure" in ctx.landmarks or ctx.container != "p")


def find_html_captions(blocks: list[Block]) -> tuple[list[Caption], dict[int, int]]:
    """Label caption and credit lines; return the captions, each once, in page order, and
    for each caption or credit line (by block index) the position of its caption."""
    figures: dict[int, list[Block]] = {}
    order: list[int] = []
    for block in blocks:
        if block.label in (Label.HEADLINE, Label.BYLINE, Label.TIMESTAMP) or not _is_caption_line(block):
            continue
        assert block.dom is not None
        figure = _figure_of(block.dom.context)
        key = id(figure) if figure is not None else id(block)
        if key not in figures:
            figures[key] = []
            order.append(key)
        figures[key].append(block)
    captions: list[Caption] = []
    owner: dict[int, int] = {}
    seen: dict[str, int] = {}
    for key in order:
        texts: list[str] = []
        credit: str | None = None
        for block in figures[key]:
            text, line_credit = split_credit(block.text)
            if line_credit and not text:
                block.mark(Label.CREDIT, "photo credit in a figure caption")
                credit = credit or line_credit
                continue
            block.mark(Label.CAPTION, "figure caption in the markup")
            texts.append(text or block.text)
            credit = credit or line_credit
        caption = " ".join(texts)
        if not caption:
            continue
        folded = caption.casefold()
        if folded not in seen:
            seen[folded] = len(captions)
            captions.append(Caption(caption, credit))
        for block in figures[key]:
            owner[block.index] = seen[folded]
    return captions, owner
