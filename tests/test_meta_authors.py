"""newsclean.meta.authors: readings of candidate lines and the byline ranker's choice."""

from __future__ import annotations

import time

import pytest

from newsclean.meta.authors import AUTHOR_FEATURES, author_model, author_rows, find_author_line, readings
from newsclean.model import Block, Label
from newsclean.segment_text import segment_text


def _read(line: str) -> list[tuple[str, list[str]]]:
    return [(r.kind, r.byline.authors) for r in readings(0, line)]


@pytest.mark.parametrize(
    ("line", "kind", "authors"),
    [
        ("By Jane Doe and John Roe, Associated Press", "prefix", ["Jane Doe", "John Roe"]),
        ("Veröffentlicht am 13. März 2019 von Jana Kowalski | 4 Kommentare", "inner", ["Jana Kowalski"]),
        ("Posted on May 3, 2019 by jdoe77 in News", "inner", ["jdoe77"]),
        ("12/04/2020 by Kay 24 Comments", "inner", ["Kay"]),
        ("Posted on28. Juli 2019AuthorAndreas Kalt", "inner", ["Andreas Kalt"]),
        ("12.03.2020 - Jane Doe", "bare", ["Jane Doe"]),
        ("Jane Doe", "bare", ["Jane Doe"]),
        ("Jane Doe, John Roe & Max Moe", "bare", ["Jane Doe", "John Roe", "Max Moe"]),
        (
            "Isabel Caro, Rocío Latorre y José Miguel Wilson",
            "bare",
            ["Isabel Caro", "Rocío Latorre", "José Miguel Wilson"],
        ),
        ("Jane Doe @janedoe", "bare", ["Jane Doe"]),
        ("Text: Kirsten Albrecht", "prefix", ["Kirsten Albrecht"]),
    ],
)
def test_readings(line: str, kind: str, authors: list[str]) -> None:
    assert (kind, authors) in _read(line)


def test_three_capitalised_words_are_read_two_ways() -> None:
    # "Carola Pönisch Kultur": a name and a section, or a three-word name; the ranker decides
    assert {tuple(a) for _, a in _read("30. Oktober 2023 Carola Pönisch Kultur")} == {
        ("Carola Pönisch Kultur",),
        ("Carola Pönisch",),
    }


@pytest.mark.parametrize(
    "line",
    [
        "By clicking Subscribe you agree to our Terms of Use",
        "Der Publizist und Philosoph",
        "Written by Miami Today on November 7, 2023",  # an outlet, not "Miami"
        "Text herunterladen",  # "Text" is a prefix only with its colon
        "Accessibility links",
    ],
)
def test_no_reading(line: str) -> None:
    assert _read(line) == []


def _blocks(text: str) -> list[Block]:
    blocks = segment_text(text)
    for b in blocks:  # the line model's labels, roughly: prose is body
        b.label = Label.BODY if b.words >= 12 else Label.BOILERPLATE
        b.score = 0.9 if b.label is Label.BODY else 0.1
    return blocks


ARTICLE = """Gartenblog am Stadtrand

Warum wir dieses Jahr keine Tomaten im Freiland ziehen

{byline}

Im vergangenen Sommer hat die Krautfäule unsere Tomaten schon im Juli erwischt, und danach war nichts übrig.

Deshalb ziehen wir die Setzlinge in diesem Jahr im Gewächshaus vor und pflanzen nur die robusten Sorten nach draußen.
"""


def _start(blocks: list[Block]) -> int:
    return next(i for i, b in enumerate(blocks) if b.label is Label.BODY)


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Veröffentlicht am 13. März 2019 von Jana Kowalski | 4 Kommentare", ["Jana Kowalski"]),
        ("Von Jana Kowalski", ["Jana Kowalski"]),
        ("By JANA KOWALSKI", ["Jana Kowalski"]),
    ],
)
def test_find_author_line(byline: str, authors: list[str]) -> None:
    blocks = _blocks(ARTICLE.format(byline=byline))
    found = find_author_line(blocks, _start(blocks))
    assert found is not None
    assert found.byline.authors == authors
    assert blocks[found.index].text == byline
    assert 0.0 < found.score <= 1.0 and found.evidence


def test_a_sentence_with_von_is_no_byline() -> None:
    blocks = _blocks(
        ARTICLE.format(byline="Im von Adam Ondra veröffentlichten Video sind viele kurze Sequenzen zu sehen.")
    )
    found = find_author_line(blocks, 1)
    assert found is None or found.byline.authors != ["Adam Ondra"]


def test_rows_match_the_model() -> None:
    blocks = _blocks(ARTICLE.format(byline="Von Jana Kowalski"))
    found, rows = author_rows(blocks, _start(blocks))
    assert found and all(len(row) == len(AUTHOR_FEATURES) for row in rows)
    for fmt in ("text", "html"):
        assert author_model(fmt).names == AUTHOR_FEATURES


@pytest.mark.parametrize(
    "line",
    ["By " + "A " * 50_000, "Jane Doe " * 20_000, "Ab" * 60_000 + " Cd", "x | " * 30_000, "1" * 100_000],
    ids=lambda s: repr(s[:10]),
)
def test_long_lines_are_fast(line: str) -> None:
    blocks = segment_text("Headline of the story here\n\n" + line + "\n\n" + "word " * 40)
    start = time.perf_counter()
    find_author_line(blocks, 0)
    readings(0, line)
    assert time.perf_counter() - start < 1.0
