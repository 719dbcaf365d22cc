"""Stage 3b: context rules that settle what the line model cannot see from one line.

- A list of other stories after the article (a "Latest news" / "Related" heading followed by
  a bulleted or indented list) is not the article, however much its items read like prose.
- A short title-like line standing alone between paragraphs inside the article is a
  subheading even when the model, seeing a short line, leaned to boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .features import boilerplate_match, ends_sentence
from .model import Block, Label
from .resources import load_lines

_LIST_ITEM = re.compile(r"^\s*(?:[-–—•·*►▶▸›»]|\d{1,2}[.)])\s")


@lru_cache(maxsize=1)
def _list_headings() -> dict[str, tuple[str, ...]]:
    """The headings by their first character: a line is tested only against those."""
    heads = load_lines("boilerplate/list_headings.txt")
    return {c: tuple(h for h in heads if h[0] == c) for c in {h[0] for h in heads}}


def revise(blocks: list[Block]) -> None:
    drop_comma_lists(blocks)
    cut_related_lists(blocks)
    cut_comment_sections(blocks)
    rescue_subheadings(blocks)


def _is_list_heading(block: Block) -> bool:
    if block.words > 8:
        return False
    text = block.text.casefold()
    for head in _list_headings().get(text[:1], ()):
        if text.startswith(head) and (len(text) == len(head) or not text[len(head)].isalpha()):
            return True
    return False


def _list_follows(blocks: list[Block], i: int) -> bool:
    """The lines after a heading form a list: bullets, indentation, or a group of many lines."""
    following = blocks[i + 1 : i + 4]
    if not following:
        return False
    listy = sum(1 for b in following if _LIST_ITEM.match(b.raw) or b.indent >= 2 or b.group_size >= 3)
    return listy >= 2


def _cut_after_article(
    blocks: list[Block], ends_article: Callable[[int], bool], label: Label, why: str, why_after: str
) -> None:
    """Label the first line for which ``ends_article`` holds, and every body line after it.

    The article must have begun (3+ paragraphs, 100+ words) before a line can end it: the
    same words at the top of a page head a navigation menu, not the article's end.
    """
    before = paragraphs = 0
    for i, block in enumerate(blocks):
        if block.label is Label.BODY:
            before += block.words
            paragraphs += 1
        elif before >= 100 and paragraphs >= 3 and ends_article(i):
            block.mark(label, why)
            for later in blocks[i + 1 :]:
                if later.label.in_body:
                    later.mark(label, f"{why_after} {block.text!r}")
            return


# Prose has about one comma per ten words; a line of names or tags separated by commas has
# one per word or two. 0.4 per word over 20+ words leaves a wide margin on both sides.
_LIST_COMMAS_PER_WORD = 0.4


def drop_comma_lists(blocks: list[Block]) -> None:
    """A long line that is a comma-separated run of names or tags (kudos lists, tag clouds,
    "Topics: a, b, c, …") is not prose, however long it is."""
    for block in blocks:
        if block.label is Label.BODY and block.words >= 20:
            commas = block.text.count(",") + block.text.count("，") + block.text.count("、")
            if commas >= _LIST_COMMAS_PER_WORD * block.words:
                block.mark(Label.BOILERPLATE, f"comma-separated list ({commas} commas in {block.words} words)")


def cut_related_lists(blocks: list[Block]) -> None:
    _cut_after_article(
        blocks,
        lambda i: _is_list_heading(blocks[i]) and _list_follows(blocks, i),
        Label.RELATED,
        "heading of a list of other stories after the article",
        "in the list under",
    )


_NOT_LETTERS = re.compile(r"[\W\d_]+")
_CLOCK_OR_DATE = re.compile(r"\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b|\d{1,2}[./]\d{1,2}[./]\d{2,4}")
_FORM_PROMPTS = ("leave a reply", "leave a comment", "post a comment", "add a comment", "write a comment",
                 "comments are closed")


def _letters_only(text: str) -> str:
    return " ".join(_NOT_LETTERS.sub(" ", text.casefold()).split())


@lru_cache(maxsize=1)
def _comment_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    return (frozenset(load_lines("boilerplate/comment_headings.txt")),
            frozenset(load_lines("boilerplate/comment_markers.txt")))


def _comments_follow(blocks: list[Block], i: int, markers: frozenset[str]) -> bool:
    """Reader comments look alike: name-and-date lines and reply/report buttons."""
    following = blocks[i + 1 : i + 13]
    dated = sum(1 for b in following if len(b.text) <= 120 and _CLOCK_OR_DATE.search(b.text))
    buttons = sum(1 for b in following if _letters_only(b.text) in markers)
    return buttons >= 1 or dated >= 2


def cut_comment_sections(blocks: list[Block]) -> None:
    """A comment-section heading after the article ("There are 13 comments", "Leave a
    Reply") ends it: reader comments read like prose but are not the article."""
    headings, markers = _comment_vocabulary()

    def opens_comments(i: int) -> bool:
        if len(blocks[i].text) > 60:
            return False
        key = _letters_only(blocks[i].text)
        return key in headings and (key in _FORM_PROMPTS or _comments_follow(blocks, i, markers))

    _cut_after_article(
        blocks, opens_comments, Label.BOILERPLATE, "heading of the reader comments after the article",
        "reader comment under",
    )


def rescue_subheadings(blocks: list[Block]) -> None:
    body_at = [i for i, b in enumerate(blocks) if b.label is Label.BODY]
    if len(body_at) < 3:
        return
    first, last = body_at[0], body_at[-1]
    for i in range(first + 1, last):
        b = blocks[i]
        if b.label is not Label.BOILERPLATE or b.group_size != 1:
            continue
        if not 2 <= b.words <= 12 or (not b.text[:1].isupper() and b.text[:1] not in "\"'‘“«"):
            continue
        prev = next((blocks[j] for j in range(i - 1, max(i - 4, -1), -1) if blocks[j].label is Label.BODY), None)
        if prev is None or prev.words < 10:
            continue  # a subheading follows a paragraph, not a header stamp or a caption
        nxt = next((blocks[j] for j in range(i + 1, min(i + 3, len(blocks))) if blocks[j].label is Label.BODY), None)
        if nxt is None or nxt.words < 10 or nxt.group == b.group:
            continue
        if ends_sentence(b.text) or boilerplate_match(b.text):  # the dearer tests last
            continue
        b.mark(Label.BODY, "short title-like line alone between article paragraphs (subheading)")
