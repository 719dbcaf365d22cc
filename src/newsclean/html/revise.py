"""Stage 3b on the HTML path: the text path's context rules, minus the ones that read page
order as article order.

A dump is one column, so a "Related" heading followed by a list ends the article there. A page
is not: a most-read rail or a related box can sit in the middle of the article's markup, with
article paragraphs after it. The line model already sees such boxes through their structure
(list, link share, class words), so here the heading is dropped with its list only.
"""

from __future__ import annotations

from ..model import Block, DomContext, Label
from ..revise import _is_list_heading, cut_comment_sections, drop_comma_lists, rescue_subheadings


def revise_html(blocks: list[Block]) -> None:
    drop_comma_lists(blocks)
    drop_related_boxes(blocks)
    cut_comment_sections(blocks)  # reader comments come after the article in the markup too
    rescue_subheadings(blocks)
    mark_heading_elements(blocks)


# A heading longer than this is a teaser's title or a pull quote set in a heading tag.
_MAX_SUBHEADING_WORDS = 20


def mark_heading_elements(blocks: list[Block]) -> None:
    """A body line set in <h2>..<h6> is an in-article subheading: the markup says so."""
    for block in blocks:
        dom = block.dom
        if block.label is Label.BODY and dom is not None and dom.context.heading >= 2 \
                and block.words <= _MAX_SUBHEADING_WORDS:
            block.mark(Label.SUBHEADING, f"<h{dom.context.heading}> inside the article")


def _box(ctx: DomContext) -> DomContext | None:
    """The nearest enclosing div/section/aside: the box a heading and its list share."""
    node = ctx.parent
    while node is not None and node.tag not in ("div", "section", "aside", "nav", "footer", "body"):
        node = node.parent
    return node


def drop_related_boxes(blocks: list[Block]) -> None:
    """A "Related"/"Most read" heading and the list in its own box are not the article."""
    for i, block in enumerate(blocks):
        if block.dom is None or not _is_list_heading(block):
            continue
        box = _box(block.dom.context)
        if box is None or box.tag == "body":
            continue
        members = []
        for b in blocks[i + 1 :]:
            if b.dom is None or not b.dom.context.within(box) or not _list_like(b):
                break
            members.append(b)
        if len(members) < 2:
            continue
        block.mark(Label.RELATED, "heading of a box of other stories")
        for b in members:
            if b.label.in_body:
                b.mark(Label.RELATED, f"in the box under {block.text!r}")


def _list_like(block: Block) -> bool:
    """A list item or a line that is mostly a link: what a box of other stories is made of."""
    assert block.dom is not None
    return "list" in block.dom.context.landmarks or block.dom.link_share >= 0.5
