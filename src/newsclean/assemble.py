"""Stage 5: labelled blocks + metadata -> ``Article``.

Body paragraphs are the BODY and SUBHEADING blocks in order; a paragraph the dump cut in
two (a long line ending mid-sentence, the rest on the next body line) is joined again.
"""

from __future__ import annotations

from .features import ends_sentence
from .language import detect_language
from .meta.dateline import parse_dateline
from .metadata import Metadata
from .model import Article, Block, Label, Source
from .options import Options


def mark_subheadings(blocks: list[Block]) -> None:
    """A short body line standing alone in its group, between body paragraphs, that does
    not end like a sentence is an in-article subheading."""
    body = [b for b in blocks if b.label.in_body]
    for prev, cur, nxt in zip(body, body[1:], body[2:]):
        if (
            1 <= cur.words <= 14
            and cur.group_size == 1
            and nxt.words >= 10
            and prev.words >= 5
            and prev.group != cur.group != nxt.group
            and not cur.text.rstrip("'\"’”»)").endswith((".", ",", ";"))
        ):
            cur.mark(Label.SUBHEADING, "short line alone between body paragraphs, no closing punctuation")


def body_paragraphs(blocks: list[Block], options: Options) -> list[str]:
    body = [b for b in blocks if b.label.in_body]
    paragraphs: list[str] = []
    joining = False
    for i, b in enumerate(body):
        if joining and paragraphs:
            paragraphs[-1] += " " + b.text
        else:
            paragraphs.append(b.text)
        joining = False
        # a page's <p> is a whole paragraph: only a dump cuts paragraphs (HTML blocks carry .dom)
        if b.label is Label.BODY and b.dom is None and b.words >= options.join_min_words and not ends_sentence(b.text):
            nxt = body[i + 1] if i + 1 < len(body) else None
            if nxt is not None and nxt.label is Label.BODY and nxt.words >= 3:
                b.joined_with_next = True
                b.note("ends mid-sentence: joined with the next body line")
                joining = True
    return paragraphs


def assemble(blocks: list[Block], meta: Metadata, source: Source, language: str | None, options: Options) -> Article:
    mark_subheadings(blocks)
    paragraphs = body_paragraphs(blocks, options)
    article = Article(
        source=source,
        headline=meta.headline,
        standfirst=meta.standfirst,
        section=meta.section,
        authors=meta.authors,
        byline=meta.byline,
        published=meta.published,
        updated=meta.updated,
        timestamps=meta.timestamps,
        captions=meta.captions,
        paragraphs=paragraphs,
        subheadings=[b.text for b in blocks if b.label is Label.SUBHEADING],
        blocks=blocks,
    )
    first = next((b for b in blocks if b.label is Label.BODY), None)
    if first is not None:
        article.dateline = parse_dateline(first.text)
        if article.dateline:
            first.dateline = article.dateline
            first.note(f"opens with dateline {article.dateline.text!r}")
    body_language = detect_language(article.body[: options.language_sample_chars]) if paragraphs else None
    article.language = body_language or language
    if not article.headline:
        article.warnings.append("no headline found")
    if not paragraphs:
        article.warnings.append("no article text found")
    if article.language is None:
        article.warnings.append("language not recognised")
    return article
