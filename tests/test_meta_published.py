"""The publication-date chooser (meta/published.py) and how HTML weighs shown against declared dates."""

from __future__ import annotations

from newsclean.html.reconcile import _on_shown_day
from newsclean.meta.published import PUBLISHED_FEATURES, candidate_rows, date_candidates, published_model
from newsclean.model import Block, Label


def _blocks(lines: list[str], label: Label = Label.BOILERPLATE) -> list[Block]:
    blocks = []
    for i, text in enumerate(lines):
        blocks.append(Block(i, i + 1, text, text, i, 1, words=len(text.split()), label=label))
    return blocks


def test_model_file_matches_the_feature_list() -> None:
    model = published_model()
    assert model.ranker.names == PUBLISHED_FEATURES
    assert len(model.acceptor.names) == len(PUBLISHED_FEATURES) + 3


def test_candidates_are_full_dates_not_updated_stamps_or_prose() -> None:
    prose = "The council met on 5 February 2020 and " + "talked about many other things " * 5 + "as well."
    blocks = _blocks(["Published 3 March 2020", "Updated 4 March 2020", "March 2020", prose, "14:05"])
    found = [(c.index, c.stamp.value) for c in date_candidates(blocks)]
    assert found == [(0, "2020-03-03")]


def test_rows_have_one_value_per_feature() -> None:
    blocks = _blocks(["Posted on 2 August 2019", "Body text here.", "5 August 2019 at 2:51 am"])
    cands = date_candidates(blocks)
    rows = candidate_rows(blocks, cands, start=1, headline_at=None)
    assert [len(r) for r in rows] == [len(PUBLISHED_FEATURES)] * 2
    same_day = PUBLISHED_FEATURES.index("same_day_count")
    assert rows[0][same_day] == 0.0


def test_utc_declared_instant_is_written_on_the_shown_day() -> None:
    # The outlet's zone has one offset then: the instant in it, on the shown day.
    berlin = ("Europe/Berlin", "Europe/Busingen")
    assert _on_shown_day("2021-11-04T23:00:00+00:00", "2021-11-05", berlin) == "2021-11-05T00:00:00+01:00"
    # Its zone puts the instant on another day than the page shows: not taken.
    assert _on_shown_day("2020-02-18T12:53:40+00:00", "2020-02-19", ("Africa/Tunis",)) is None
    # Zones unknown, or several offsets (a country of many zones): the shown day alone, no
    # offset made up for it.
    assert _on_shown_day("2021-11-04T23:00:00+00:00", "2021-11-05") == "2021-11-05"
    us = ("America/New_York", "America/Chicago", "America/Los_Angeles")
    assert _on_shown_day("2020-02-19T01:00:00+00:00", "2020-02-18", us) == "2020-02-18"
    # A shown local time gives the offset itself (to the quarter hour).
    assert _on_shown_day("2022-05-04T03:37:37+00:00", "2022-05-03T23:37:00") == "2022-05-03T23:37:37-04:00"
    # No real offset puts it three days later: not the same instant.
    assert _on_shown_day("2021-11-04T23:00:00+00:00", "2021-11-08") is None
    assert _on_shown_day("2021-11-04", "2021-11-05") is None  # no instant declared


def test_latin_american_locale_is_not_laos() -> None:
    """Spanish sites declare "es_LA" for Latin America; Laos's zone must not be read from it."""
    from newsclean.meta.date_context import date_context

    assert date_context(None, language="es", locale="es_LA").zones() == date_context(None, language="es").zones()
    assert date_context(None, language="lo", locale="lo_LA").zones() == ("Asia/Vientiane",)
