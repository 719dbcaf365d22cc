"""newsclean.meta.dateline: "MOSCOW (Sputnik) —" at the start of a body paragraph."""

from __future__ import annotations

import time

import pytest

from newsclean.meta.dateline import agency_name, parse_dateline
from newsclean.model import Dateline

SENTENCE = " U.S. officials said on Thursday that the talks would go on as planned."

# paragraph, dateline text, place, agency
DATELINES = [
    (
        "MOSCOW (Sputnik)\u00a0— Tuesday’s terrorist attacks in Brussels confirm the need for work",
        "MOSCOW (Sputnik)\u00a0—",
        "Moscow",
        "Sputnik",
    ),
    ("WASHINGTON (AP) —" + SENTENCE, "WASHINGTON (AP) —", "Washington", "AP"),
    (
        "Moscow: U.S. Secretary of State John Kerry called on Thursday for countries to boost efforts",
        "Moscow:",
        "Moscow",
        None,
    ),
    ("MOSCOW --" + SENTENCE, "MOSCOW --", "Moscow", None),
    (
        "MOSUL, Iraq -- Islamic State militants launched an overnight attack against Iraqi forces",
        "MOSUL, Iraq --",
        "Mosul, Iraq",
        None,
    ),
    (
        "LONDON, March 3 (Reuters) - British house prices rose more than expected in February.",
        "LONDON, March 3 (Reuters) -",
        "London",
        "Reuters",
    ),
    (
        "BEIRUT, Lebanon — Syrian government troops and allied militiamen seized more ground",
        "BEIRUT, Lebanon —",
        "Beirut, Lebanon",
        None,
    ),
    (
        "PARIS (AFP) - France said on Monday it would send more troops to the region.",
        "PARIS (AFP) -",
        "Paris",
        "AFP",
    ),
    (
        "NEW DELHI: The government on Friday announced a new scheme for farmers in the state.",
        "NEW DELHI:",
        "New Delhi",
        None,
    ),
    (
        "BERLIN (dpa) – Die Bundesregierung hat am Montag neue Regeln beschlossen.",
        "BERLIN (dpa) –",
        "Berlin",
        "dpa",
    ),
    (
        "SAN FRANCISCO — Apple unveiled a new phone on Tuesday at an event in the city.",
        "SAN FRANCISCO —",
        "San Francisco",
        None,
    ),
    (
        "Berlin (dpa) - Die Regierung hat am Montag beschlossen, dass alles anders wird.",
        "Berlin (dpa) -",
        "Berlin",
        "dpa",
    ),
    ("WASHINGTON (Associated Press) —" + SENTENCE, "WASHINGTON (Associated Press) —", "Washington", "AP"),
    (
        "THE HAGUE, Netherlands (AP) — The International Criminal Court said on Monday it would act.",
        "THE HAGUE, Netherlands (AP) —",
        "The Hague, Netherlands",
        "AP",
    ),
    (
        "RIO DE JANEIRO — Brazil's president said on Monday that the games would go ahead.",
        "RIO DE JANEIRO —",
        "Rio de Janeiro",
        None,
    ),
    (
        "WINSTON-SALEM, N.C. (AP) — A man was arrested on Tuesday after a chase.",
        "WINSTON-SALEM, N.C. (AP) —",
        "Winston-Salem, N.C.",
        "AP",
    ),
    (
        "MOSCOW, March 24. /TASS/. Russian Foreign Minister Sergey Lavrov said on Thursday that",
        "MOSCOW, March 24. /TASS/.",
        "Moscow",
        "TASS",
    ),
    (
        "KYIV, Ukraine—Ukrainian forces said on Sunday they had pushed back an attack.",
        "KYIV, Ukraine—",
        "Kyiv, Ukraine",
        None,
    ),
    (
        "Paris : Le gouvernement a annoncé lundi une nouvelle réforme des retraites pour tous.",
        "Paris :",
        "Paris",
        None,
    ),
    # a slash joins two places, or an agency and its regional desk or the paper's initials
    (
        "Frankfurt/Main (dpa) - Die Messe meldet in diesem Jahr mehr Aussteller als je zuvor.",
        "Frankfurt/Main (dpa) -",
        "Frankfurt/Main",
        "dpa",
    ),
    (
        "Berlin/Hamburg (dpa) - Die Bahn baut im Sommer die Strecke zwischen beiden Städten aus.",
        "Berlin/Hamburg (dpa) -",
        "Berlin/Hamburg",
        "dpa",
    ),
    (
        "Kiel (dpa/lno) – Der Landtag hat am Mittwoch ein neues Schulgesetz beschlossen.",
        "Kiel (dpa/lno) –",
        "Kiel",
        "dpa",
    ),
    # a full stop after the agency's parenthesis
    (
        "Bonn (KNA/ab). Die Bischöfe haben am Montag ihre Herbstversammlung in der Stadt eröffnet.",
        "Bonn (KNA/ab).",
        "Bonn",
        "KNA",
    ),
    # a two-letter state code keeps its capitals
    ("WASHINGTON, DC —" + SENTENCE, "WASHINGTON, DC —", "Washington, DC", None),
    ("BOSTON, MA (AP) —" + SENTENCE, "BOSTON, MA (AP) —", "Boston, MA", "AP"),
]


@pytest.mark.parametrize(("paragraph", "text", "place", "agency"), DATELINES)
def test_dateline(paragraph: str, text: str, place: str, agency: str | None) -> None:
    assert parse_dateline(paragraph) == Dateline(text=text, place=place, agency=agency)
    assert paragraph.startswith(text)


NOT_DATELINES = [
    "",
    "However, ahead of his arrival, Russia's foreign ministry said Moscow would be looking for a revision.",
    'Kerry said: "We have reached a very important stage in this process. This is a moment to seize."',
    "In Moscow for talks with Russian President Vladimir Putin and Foreign Minister Sergey Lavrov on Syria",
    "In Moscow — talks with Russian President Vladimir Putin went on for hours, officials said.",
    "Note: This story has been updated to include the comments of the minister on the issue.",
    "Update: The police said on Friday that the suspect had been arrested in the city.",
    "UPDATE — The police said on Friday that the suspect had been arrested in the city.",
    "Photo: Jane Doe",
    "Watch: The moment the bridge collapsed into the river below the town.",
    "Read more: How the war in Syria began and why it has lasted so long",
    "Editor's note: This article was first published in 2015 and has been updated.",
    "Source: The World Bank data for the years from 2010 to 2015 in the region.",
    "Kerry: US, Russia Have Chance to Return to Better Relations",
    "AP: Kerry off to Russia for Syria talks after Brussels attacks",
    "BREAKING NEWS: The president has resigned, the spokesman said on Friday night.",
    "Review: High-flying game has a career year, and the critics are all quite pleased with it.",
    "Color: Stores use color to make products attractive and eye-catching, the study said.",
    "Nate Silver: Mostly I was getting credit for having pointed out the obvious thing here.",
    "JIM WATSON/AFP/Getty Images",
    "WNYC - New York Public Radio",
    "Sergei Lavrov (R) shakes hands with John Kerry during a meeting in Moscow - Sputnik",
    "Q: What do you think about the situation in the region right now?",
    "the city — said officials — was calm on Monday.",
    "MOSCOW",
    "MOSCOW —",
    "AFP/ANP – US Secretary of State Hillary Clinton addresses the press at the conference.",
    "Nachname/Vorname (Jahr): Titel. Abgerufen von der Webseite, Zugriff am Datum.",
    "Smith (R). The senator said on Monday that he would vote against the bill next week.",
]


@pytest.mark.parametrize("paragraph", NOT_DATELINES)
def test_not_a_dateline(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("spelling", "short"),
    [
        ("Associated Press", "AP"),
        ("Agence France-Presse", "AFP"),
        ("Press Trust of India", "PTI"),
        ("reuters", "Reuters"),
        ("DPA", "dpa"),
        ("Nobody Press", None),
    ],
)
def test_agency_name(spelling: str, short: str | None) -> None:
    assert agency_name(spelling) == short


@pytest.mark.parametrize(
    "paragraph",
    [
        "A" * 100_000,
        "MOSCOW " * 15_000 + "—",
        "(" * 100_000,
        "MOSCOW (" + "(" * 100_000,
        "M" + " " * 100_000 + ":",
    ],
    ids=lambda s: repr(s[:10]),
)
def test_long_inputs_are_fast(paragraph: str) -> None:
    start = time.perf_counter()
    parse_dateline(paragraph)
    assert time.perf_counter() - start < 1.0
