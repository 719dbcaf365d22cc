"""newsclean.meta.byline: authors, agency and trailing date of a byline line."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.meta.byline import Byline, parse_byline

# line, authors, agency, timestamp_text
BYLINES = [
    ("By Jane Doe and John Roe, Associated Press", ["Jane Doe", "John Roe"], "AP", None),
    ("By JANE DOE", ["Jane Doe"], None, None),
    ("Jane Doe | Reuters", ["Jane Doe"], "Reuters", None),
    ("Chris Davies - Nov 19, 2019, 10:31 pm CST", ["Chris Davies"], None, "Nov 19, 2019, 10:31 pm CST"),
    ("Von Hans Müller", ["Hans Müller"], None, None),
    ("Par Marie Dupont", ["Marie Dupont"], None, None),
    ("Por Juan Pérez", ["Juan Pérez"], None, None),
    ("Di Mario Rossi", ["Mario Rossi"], None, None),
    ("Door Jan Jansen", ["Jan Jansen"], None, None),
    ("Autor: Hans Müller", ["Hans Müller"], None, None),
    ("Written by Jane Doe", ["Jane Doe"], None, None),
    ("By Jane Doe, Staff Writer", ["Jane Doe"], None, None),
    ("By Jane Doe | Updated 3 hours ago", ["Jane Doe"], None, "Updated 3 hours ago"),
    ("By Jane Doe Email the author", ["Jane Doe"], None, None),
    ("By Jane Doe jane.doe@example.com", ["Jane Doe"], None, None),
    ("By Devindra Hardawar @devindra", ["Devindra Hardawar"], None, None),
    (
        "By Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech, Privacy, and Technology Project",
        ["Daniel Kahn Gillmor"],
        None,
        None,
    ),
    ("by Laura June Topolsky July 10, 2015", ["Laura June Topolsky"], None, "July 10, 2015"),
    ("By JEFFREY GETTLEMAN JAN. 13, 2017", ["Jeffrey Gettleman"], None, "JAN. 13, 2017"),
    ("By R. England, 52m ago", ["R. England"], None, "52m ago"),
    ("By Nelson D. Schwartz", ["Nelson D. Schwartz"], None, None),
    ("by Lucas Nolan22 Dec 2016651", ["Lucas Nolan"], None, None),  # glued date, no year read
    (
        "By Erin Cunningham March 18 at 3:57 PM Follow @erinmcunningham",
        ["Erin Cunningham"],
        None,
        "March 18 at 3:57 PM",
    ),
    ("By Evan HalperStaff Writer", ["Evan Halper"], None, None),
    ("Geschrieben vonElisa Marvena", ["Elisa Marvena"], None, None),
    ("Nicole Collignon22. Februar 2020", ["Nicole Collignon"], None, "22. Februar 2020"),
    ("By Eric Levitz@EricLevitz", ["Eric Levitz"], None, None),
    ("By Glen Owen And Brendan Carlin For The Mail On Sunday", ["Glen Owen", "Brendan Carlin"], None, None),
    ("Von Jule Radeck Vom 3. Februar 2022 0", ["Jule Radeck"], None, "3. Februar 2022"),
    ("By J. David Goodman", ["J. David Goodman"], None, None),
    ("By Gina Roberts-Grey", ["Gina Roberts-Grey"], None, None),
    ("By Conor O'Brien", ["Conor O'Brien"], None, None),
    ("By Bashar al-Assad", ["Bashar al-Assad"], None, None),
    ("By JAN VAN DER BERG", ["Jan van der Berg"], None, None),
    ("By Иван Петров", ["Иван Петров"], None, None),
    ("By Jane Doe (AP)", ["Jane Doe"], "AP", None),
    ("By AP", [], "AP", None),
    (
        "by Eleanor Ainge Roy (reporting) and Adrian Malloch (photography)",
        ["Eleanor Ainge Roy", "Adrian Malloch"],
        None,
        None,
    ),
    (
        "Por Steven Lee Myers, Keith Bradsher y Tariq Panja",
        ["Steven Lee Myers", "Keith Bradsher", "Tariq Panja"],
        None,
        None,
    ),
    (
        "Par Alexandre Hervaud et Jérémy Piette — 24 novembre 2017 à 18:42",
        ["Alexandre Hervaud", "Jérémy Piette"],
        None,
        "24 novembre 2017 à 18:42",
    ),
    ("// By Arun Sai Krishnan • Nov 11, 2020", ["Arun Sai Krishnan"], None, "Nov 11, 2020"),
    ("Posted by Nikhil Marathe on March 10, 2015", ["Nikhil Marathe"], None, "March 10, 2015"),
    ("Posted by Alon Zakai.", ["Alon Zakai"], None, None),
    ("Dan Goodin - Apr 16, 2015 8:02 pm UTC", ["Dan Goodin"], None, "Apr 16, 2015 8:02 pm UTC"),
    ("Barry Kooij · March 10, 2017 at 2:56 AM", ["Barry Kooij"], None, "March 10, 2017 at 2:56 AM"),
    (
        "Le Monde | 04.05.2015 à 13h36 | Par Martin Untersinger",
        ["Martin Untersinger"],
        None,
        "04.05.2015 à 13h36",
    ),
]


@pytest.mark.parametrize(("line", "authors", "agency", "stamp"), BYLINES)
def test_byline(line: str, authors: list[str], agency: str | None, stamp: str | None) -> None:
    b = parse_byline(line)
    assert b is not None, line
    assert (b.authors, b.agency, b.timestamp_text) == (authors, agency, stamp)


@pytest.mark.parametrize(
    ("line", "raw"),
    [
        ("  By Jane Doe and John Roe, Associated Press ", "By Jane Doe and John Roe, Associated Press"),
        ("Chris Davies - Nov 19, 2019, 10:31 pm CST", "Chris Davies"),
        ("By Jane Doe Email the author", "By Jane Doe"),
    ],
)
def test_raw(line: str, raw: str) -> None:
    b = parse_byline(line)
    assert isinstance(b, Byline)
    assert b.raw == raw


NOT_BYLINES = [
    "",
    "By the end of the year, prices rose.",
    "By 2030 the city will be carbon neutral, the mayor said.",
    "By clicking Subscribe you agree to our Terms of Use and Privacy Policy.",
    "By changesets",
    "by Taboola by Taboola",
    "By The New York Times | Source: Congressional Budget Office",
    "Breaking News | Reuters",
    "Jane Doe",
    "JIM WATSON/AFP/Getty Images",
    "Kerry: Brussels Attacks Confirm Need for Effective US-Russia Work in Syria",
    "Por favor, selecione uma das opções abaixo.",
    "Von der Leyen kündigte am Montag neue Maßnahmen an",
    "Di Maio ha detto che il governo andrà avanti",
    "Door de regen bleef iedereen thuis",
    "Par exemple, le gouvernement a annoncé une réforme.",
    "By far the best result in years, analysts said on Tuesday after the vote.",
    "The U.S. and Russia have been at odds over Syria since the conflict began more than five years ago.",
    "By " + "A " * 30,
]


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_not_a_byline(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "By " + "A " * 50_000,
        "By " + "Jane Doe, " * 20_000,
        "1" * 100_000,
        "(" * 100_000,
        "By Jane " + "|" * 100_000,
    ],
    ids=lambda s: repr(s[:10]),
)
def test_long_inputs_are_fast(line: str) -> None:
    start = time.perf_counter()
    parse_byline(line)
    assert time.perf_counter() - start < 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ByJaneDoRAP ,|-.@()/:0123456789andéЖ")), max_size=60))
def test_random_text_never_fails(line: str) -> None:
    b = parse_byline(line)
    if b is not None:
        assert b.authors or b.agency
        assert all(name.strip() == name and name for name in b.authors)


# -- forms from the metadata corpus (issue 4): each rule on other sites' wording ----------------


def _read(line: str, **kw: bool) -> tuple[list[str], str | None, str | None] | None:
    b = parse_byline(line, **kw)
    return None if b is None else (b.authors, b.agency, b.timestamp_text)


def test_place_inside_the_author_list() -> None:
    assert _read("Jane Doe, Paris, John Roe 19.10.2019, 23:38 Uhr") == (
        ["Jane Doe", "John Roe"],
        None,
        "19.10.2019, 23:38 Uhr",
    )


def test_footnote_mark_after_the_last_name() -> None:
    assert _read("Jane Doe, Max Moe, John Roe * 12.03.2020, 09:15") == (
        ["Jane Doe", "Max Moe", "John Roe"],
        None,
        "12.03.2020, 09:15",
    )


def test_badge_before_the_prefix() -> None:
    assert _read("PLUS Von Hans Müller, Eva Roth 19.11.2019") == (["Hans Müller", "Eva Roth"], None, "19.11.2019")
    assert _read("ABO+ By Jane Doe") == (["Jane Doe"], None, None)


def test_agency_and_staff() -> None:
    assert _read("By Reuters and NYT staff") == ([], "Reuters", None)
    assert _read("By AFP and Jane Doe") is None  # a name among them: not read as agencies


def test_agency_alone() -> None:
    assert _read("AFP") == ([], "AFP", None)
    assert _read("Le Monde: AFP") == ([], "AFP", None)
    assert _read("Foto: EFE") is None  # a photo credit
    assert _read("The minister said: AFP") is None  # not a short label


def test_names_alone_with_given_names() -> None:
    assert _read("Anna Weber, Thomas Roth") == (["Anna Weber", "Thomas Roth"], None, None)
    assert _read("Anna Weber, Thomas Roth", bare_names=False) is None
    assert _read("Anna Weber") is None  # one name alone is not enough
    assert _read("Zorblax Weber, Thomas Roth") is None  # not a known given name


def test_email_glued_to_the_surname() -> None:
    assert _read("Por Ana Gómez Ruizana.gomez@example.com") == (["Ana Gómez Ruiz"], None, None)
    assert _read("By Jane Doe jane.doe@example.com") == (["Jane Doe"], None, None)


def test_prefix_glued_to_the_name_at_the_line_start() -> None:
    """"ByJ.R. Stone": the page dropped the space after "By"; a name particle glued the same
    way ("DiCaprio") is part of the name and stays."""
    byline = parse_byline("ByJ.R. Stone", loose=True)
    assert byline is not None and byline.authors == ["J.R. Stone"]
    assert parse_byline("By Jane Doe", loose=True) == parse_byline("ByJane Doe", loose=True)


def test_a_lower_case_stop_word_is_no_one_word_name() -> None:
    """"Von dem Gewinner ...": a sentence that opens with a prefix word; "dem" is no user name,
    while a lower-case user name still is one."""
    assert parse_byline("Von dem Gewinner", loose=True) is None
    assert parse_byline("Por qué", loose=True) is None  # a stop word written with its accent
    byline = parse_byline("Posted by jdoe", loose=True)
    assert byline is not None and byline.authors == ["jdoe"]
