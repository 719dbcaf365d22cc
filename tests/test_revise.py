"""revise.py: the context rules, on small synthetic pages labelled by hand."""

from __future__ import annotations

from newsclean.model import Block, Label
from newsclean.revise import cut_comment_sections, cut_related_lists, drop_comma_lists, rescue_subheadings
from newsclean.segment_text import segment_text

PARAGRAPH = "The council voted on Tuesday to extend the programme for another year, officials said in a statement."


def page(text: str, body: set[int]) -> list[Block]:
    """Blocks of ``text``; the lines whose 0-based index is in ``body`` are labelled BODY."""
    blocks = segment_text(text)
    for b in blocks:
        b.label = Label.BODY if b.index in body else Label.BOILERPLATE
    return blocks


def in_body(blocks: list[Block]) -> list[int]:
    return [b.index for b in blocks if b.label.in_body]


ARTICLE = "\n\n".join([PARAGRAPH] * 6)  # 108 words: the article has begun (100+ words, 3+ paragraphs)


def test_related_list_after_article_is_cut() -> None:
    text = ARTICLE + "\n\nLatest News\n\n  • Teaser one\n    " + PARAGRAPH + "\n  • Teaser two\n"
    blocks = page(text, body={0, 1, 2, 3, 4, 5, 8})
    cut_related_lists(blocks)
    assert in_body(blocks) == [0, 1, 2, 3, 4, 5]
    assert blocks[8].label is Label.RELATED


def test_list_heading_before_the_article_cuts_nothing() -> None:
    text = "Latest News\n  • a\n  • b\n\n" + "\n\n".join([PARAGRAPH] * 4)
    blocks = page(text, body={3, 4, 5, 6})
    cut_related_lists(blocks)
    assert in_body(blocks) == [3, 4, 5, 6]


def test_comment_section_needs_comment_evidence() -> None:
    with_comments = ARTICLE + "\n\n5 Comments\n\nJane Roe · March 10, 2017 at 2:56 AM\n\n" + PARAGRAPH + "\n\nReply\n"
    blocks = page(with_comments, body={0, 1, 2, 3, 4, 5, 8})
    cut_comment_sections(blocks)
    assert in_body(blocks) == [0, 1, 2, 3, 4, 5]
    # a "Comments" label followed by more article text, with no dates or reply buttons, cuts nothing
    without = ARTICLE + "\n\nComments\n\n" + PARAGRAPH + "\n\n" + PARAGRAPH
    blocks = page(without, body={0, 1, 2, 3, 4, 5, 7, 8})
    cut_comment_sections(blocks)
    assert in_body(blocks) == [0, 1, 2, 3, 4, 5, 7, 8]


def test_comma_separated_name_list_is_not_prose() -> None:
    names = ", ".join(f"reader{i}" for i in range(30))
    blocks = page(PARAGRAPH + "\n\n" + names, body={0, 1})
    drop_comma_lists(blocks)
    assert in_body(blocks) == [0]


def test_subheading_between_paragraphs_is_rescued() -> None:
    text = PARAGRAPH + "\n\nA moment to seize\n\n" + PARAGRAPH + "\n\n" + PARAGRAPH
    blocks = page(text, body={0, 2, 3})
    rescue_subheadings(blocks)
    assert in_body(blocks) == [0, 1, 2, 3]
