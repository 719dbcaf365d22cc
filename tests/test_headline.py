"""newsclean.headline: the two-stage ranker on small synthetic pages."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.headline import (
    _DATE,
    HEADLINE_FEATURES,
    PREFILTER_FEATURES,
    best_headline,
    candidate_features,
    clean_headline,
    headline_model,
    prefilter_candidates,
    run_start,
    title_from_line,
)
from newsclean.model import Block, Label

LEAD = (
    "The city council voted on Tuesday to close the old river bridge for repairs after engineers "
    "found cracks in two of its pillars, officials said."
)
SECOND = (
    "Traffic will be diverted over the northern bridge for at least six months, and buses will "
    "run on a temporary timetable, the council said in a statement."
)
THIRD = (
    "Residents who live near the river bridge said they had warned about the cracks for years and "
    "asked the council to publish the engineers' full report before the repairs begin."
)


def _page(lines: list[str | None]) -> str:
    """Lines of a dump; None is a blank line."""
    return "\n".join("" if line is None else line for line in lines) + "\n"


def test_title_above_byline_and_lead_beats_menu() -> None:
    page = _page(
        [
            "Home",
            "News",
            "Sport",
            "Weather",
            "Contact",
            None,
            "Council closes river bridge after cracks found",
            None,
            "By Jane Doe",
            "March 3, 2021",
            None,
            LEAD,
            None,
            SECOND,
            None,
            THIRD,
        ]
    )
    assert newsclean.extract(page).headline == "Council closes river bridge after cracks found"


def test_repeated_title_wins_over_teaser() -> None:
    title = "River bridge to close for six months"
    page = _page(
        [
            f"Local news | {title}",
            None,
            "Most read: Mayor opens new library wing",
            None,
            title,
            None,
            LEAD,
            None,
            SECOND,
            None,
            THIRD,
        ]
    )
    assert newsclean.extract(page).headline == title


def test_model_matches_feature_lists() -> None:
    model = headline_model()
    assert model.prefilter.names == PREFILTER_FEATURES
    assert model.ranker.names == HEADLINE_FEATURES


def _block(i: int, text: str, label: Label, score: float) -> Block:
    return Block(i, i + 1, text, text, group=i, group_size=1, label=label, score=score)


def test_rows_have_one_value_per_feature_and_page_order() -> None:
    texts = ["Menu", "A title about the bridge closure", LEAD, SECOND]
    blocks = [
        _block(i, t, Label.BODY if i >= 2 else Label.BOILERPLATE, 0.9 if i >= 2 else 0.1) for i, t in enumerate(texts)
    ]
    assert run_start(blocks) == 2
    stage1 = prefilter_candidates(blocks, 2)
    assert all(len(row) == len(PREFILTER_FEATURES) for _, _, row in stage1)
    rows = candidate_features(blocks, 2)
    assert [i for i, _ in rows] == sorted(i for i, _ in rows)
    assert all(len(row) == len(HEADLINE_FEATURES) for _, row in rows)
    best = best_headline(blocks, 2)
    assert best is not None and 0.0 < best.score <= 1.0


def test_no_blocks_no_candidate() -> None:
    assert candidate_features([], 0) == [] and best_headline([], 0) is None


def test_clean_headline_strips_leading_separators_only() -> None:
    assert clean_headline(": AP: Kerry off to Russia") == "AP: Kerry off to Russia"
    assert clean_headline("Kerry – in Moscow") == "Kerry – in Moscow"


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("23.01.2022 - Skier keeps her lead after the final race", "Skier keeps her lead after the final race"),
        ("Home » Sport » Climber signs with a new sponsor", "Climber signs with a new sponsor"),
        ("What we do not want to hear | EXAMPLE.NET", "What we do not want to hear"),
        (": AP: Kerry off to Russia for talks", "AP: Kerry off to Russia for talks"),
        ("Kerry: Attacks Confirm Need for Talks", "Kerry: Attacks Confirm Need for Talks"),
        ("2016 was a year of change for all of us", "2016 was a year of change for all of us"),
        ("Rates | Fees | Terms | Contact", "Rates | Fees | Terms | Contact"),
        # format labels go; a topic kicker and a wire credit stay
        ("WATCH: Drone footage shows the bypass taking shape", "Drone footage shows the bypass taking shape"),
        ("PHOTOS: Two explosions hit the marathon", "Two explosions hit the marathon"),
        ("Fotos: así se preparan los elefantes para viajar", "así se preparan los elefantes para viajar"),
        ("Pétition : Non à la fermeture de la gare", "Non à la fermeture de la gare"),
        ("Brexit: May survives vote", "Brexit: May survives vote"),
        # site, section and date segments of a page title
        ("Klimaschutz: Neue Regeln für Heizungen - Wirtschaft - Example.de", "Neue Regeln für Heizungen"),
        ("Skier keeps her lead - 21/12/2018 - Sport - Example", "Skier keeps her lead"),
        ("Skier keeps her lead - Sport - 21/12/2018 - Example Daily", "Skier keeps her lead"),
        ("Briefe - 26 Oktober 2010 - Blog - Bilder, News und mehr!", "Briefe"),
        ("¿Ha llegado el verano a la Antártida? | Ciencia | EL EJEMPLO", "¿Ha llegado el verano a la Antártida?"),
        (
            "El Nobel advirtió que el régimen podría usar armas nucleares - Infobae",
            "El Nobel advirtió que el régimen podría usar armas nucleares",
        ),
        ("Ein Albtraum - DER SPIEGEL 52/2018", "Ein Albtraum"),
        ("HTC Touch: Bald bei o2 als „Xda Nova“ - ExampleBase", "HTC Touch: Bald bei o2 als „Xda Nova“"),
        ("Подольски завершил карьеру в сборной — example.ua", "Подольски завершил карьеру в сборной"),
        ("Diario HOY | Darán bendición a vehículos este sábado", "Darán bendición a vehículos este sábado"),
        (
            "unocero - Estas son las marcas que más dificultan el trabajo",
            "Estas son las marcas que más dificultan el trabajo",
        ),
        # an author and a blog after the title
        ("Turpitude et architecture, par Jane Doe (Les blogs du Diplo, 21 juin 2018)", "Turpitude et architecture"),
        # subtitles, scores, quotations and kickers that are part of the headline stay
        ("Minecraft 1.8 - The Bountiful Update", "Minecraft 1.8 - The Bountiful Update"),
        ("Chapter 1: Prologue - Murdered", "Chapter 1: Prologue - Murdered"),
        ("Hund vertreibt Einbrecher – Zeugenaufruf", "Hund vertreibt Einbrecher – Zeugenaufruf"),
        ("Derek Jarman · The Garden", "Derek Jarman · The Garden"),
        ("Liverpool 2 - 1 Chelsea", "Liverpool 2 - 1 Chelsea"),
        ("Theresa May - I will fight on for the party", "Theresa May - I will fight on for the party"),
        ("Coufal, Souček, Diop (West Ham - Manchester City)", "Coufal, Souček, Diop (West Ham - Manchester City)"),
        ("Kerry – in Moscow", "Kerry – in Moscow"),
        (
            "Der Simulator wird größer - Trailer stellt Platinum Edition vor",
            "Der Simulator wird größer - Trailer stellt Platinum Edition vor",
        ),
        (
            "Change Font Size of Plot in R | Axis Text, Main Title & Legend",
            "Change Font Size of Plot in R | Axis Text, Main Title & Legend",
        ),
        ("Tillerson to NATO Members: Pay Up", "Tillerson to NATO Members: Pay Up"),
    ],
)
def test_title_from_line(line: str, title: str) -> None:
    assert title_from_line(line) == title


@pytest.mark.parametrize("line", ["a - " * 100_000, "Title" + " | x" * 50_000, "(" * 100_000 + " - Site"])
def test_title_from_line_long_inputs_are_fast(line: str) -> None:
    import time

    start = time.perf_counter()
    title_from_line(line)
    assert time.perf_counter() - start < 1.0


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab_1290:./- x²٣\n")), max_size=20))
def test_date_pattern_finds_what_the_original_finds(text: str) -> None:
    original = re.compile(r"\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d{1,2}:\d{2}|\b(?:19|20)\d\d\b")
    assert (_DATE.search(text) is None) == (original.search(text) is None)
