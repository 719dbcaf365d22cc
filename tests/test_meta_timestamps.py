"""newsclean.meta.timestamps: dates and times in a line, their role and ISO value."""

from __future__ import annotations

import re
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.meta.date_context import date_context
from newsclean.meta.timestamps import find_timestamps, month_number, timestamp_line
from newsclean.model import Role
from newsclean.resources import load_table

P, U, OT = Role.PUBLISHED, Role.UPDATED, Role.OTHER

# line, expected text, role, value
FOUND = [
    (
        "Published Mar 24, 2016, 3:54 pm IST",
        "Published Mar 24, 2016, 3:54 pm IST",
        P,
        "2016-03-24T15:54:00+05:30",
    ),
    (
        "Updated Mar 24, 2016, 3:54 pm IST",
        "Updated Mar 24, 2016, 3:54 pm IST",
        U,
        "2016-03-24T15:54:00+05:30",
    ),
    ("12:32 Mar. 23, 2016", "12:32 Mar. 23, 2016", OT, "2016-03-23T12:32:00"),
    ("24 March 2016 15:54 GMT", "24 March 2016 15:54 GMT", OT, "2016-03-24T15:54:00+00:00"),
    ("24 July 2015", "24 July 2015", OT, "2015-07-24"),
    ("2016-03-24T10:24:00Z", "2016-03-24T10:24:00Z", OT, "2016-03-24T10:24:00+00:00"),
    ("2016-03-24T10:24:00+05:30", "2016-03-24T10:24:00+05:30", OT, "2016-03-24T10:24:00+05:30"),
    ("2016-03-24 10:24", "2016-03-24 10:24", OT, "2016-03-24T10:24:00"),
    ("2020-08-01 18:00:00+00 | 404", "2020-08-01 18:00:00+00", OT, "2020-08-01T18:00:00+00:00"),
    (
        "Updated 4:05 PM ET, Thu March 24, 2016",
        "Updated 4:05 PM ET, Thu March 24, 2016",
        U,
        "2016-03-24T16:05:00-04:00",
    ),
    ("24.03.2016, 15:54 Uhr", "24.03.2016, 15:54 Uhr", OT, "2016-03-24T15:54:00"),
    ("Published: 24.03.2016, 15:54 Uhr", "Published: 24.03.2016, 15:54 Uhr", P, "2016-03-24T15:54:00"),
    ("Stand: 24.03.2016", "Stand: 24.03.2016", U, "2016-03-24"),
    ("Veröffentlicht am 24. März 2016", "Veröffentlicht am 24. März 2016", P, "2016-03-24"),
    (
        "Donnerstag, 24. März 2016, 15:54 Uhr",
        "Donnerstag, 24. März 2016, 15:54 Uhr",
        OT,
        "2016-03-24T15:54:00",
    ),
    ("le 24 mars 2016 à 15h54", "le 24 mars 2016 à 15h54", OT, "2016-03-24T15:54:00"),
    ("Mis à jour le 05.05.2015 à 20h13", "Mis à jour le 05.05.2015 à 20h13", U, "2015-05-05T20:13:00"),
    ("24 марта 2016, 15:54", "24 марта 2016, 15:54", OT, "2016-03-24T15:54:00"),
    ("Обновлено 24 марта 2016", "Обновлено 24 марта 2016", U, "2016-03-24"),
    (
        "1 de diciembre de 2017 3:00 AM PST",
        "1 de diciembre de 2017 3:00 AM PST",
        OT,
        "2017-12-01T03:00:00-08:00",
    ),
    ("Actualizado 24 marzo 2016", "Actualizado 24 marzo 2016", U, "2016-03-24"),
    ("21.dez.2018 às 12h55", "21.dez.2018 às 12h55", OT, "2018-12-21T12:55:00"),
    ("Pubblicato il 24 marzo 2016", "Pubblicato il 24 marzo 2016", P, "2016-03-24"),
    ("24 maart 2016 om 15:54", "24 maart 2016 om 15:54", OT, "2016-03-24T15:54:00"),
    ("24 marca 2016 r.", "24 marca 2016", OT, "2016-03-24"),
    ("March 24, 2016 at 3:54 p.m. EDT", "March 24, 2016 at 3:54 p.m. EDT", OT, "2016-03-24T15:54:00-04:00"),
    ("Thursday 24 March 2016 10.24 GMT", "Thursday 24 March 2016 10.24 GMT", OT, "2016-03-24T10:24:00+00:00"),
    (
        "First published on Thu 24 Mar 2016 10.24 GMT",
        "First published on Thu 24 Mar 2016 10.24 GMT",
        P,
        "2016-03-24T10:24:00+00:00",
    ),
    ("News15:21 Dec. 29, 2016", "15:21 Dec. 29, 2016", OT, "2016-12-29T15:21:00"),
    ("Nov 19, 2019, 10:31 pm CST", "Nov 19, 2019, 10:31 pm CST", OT, "2019-11-19T22:31:00-06:00"),
    ("February 1, 2016: 1:28 AM ET", "February 1, 2016: 1:28 AM ET", OT, "2016-02-01T01:28:00-05:00"),
    ("Sunday, May 8, 2016", "Sunday, May 8, 2016", OT, "2016-05-08"),
    ("By JEFFREY GETTLEMAN JAN. 13, 2017", "JAN. 13, 2017", OT, "2017-01-13"),
    ("March 11th, 2015 at 02:57", "March 11th, 2015 at 02:57", OT, "2015-03-11T02:57:00"),
    (
        "posted on April 21, 2015, at 11:29 a.m.",
        "posted on April 21, 2015, at 11:29 a.m.",
        P,
        "2015-04-21T11:29:00",
    ),
    ("12 May 2016 09:00 MSK", "12 May 2016 09:00 MSK", OT, "2016-05-12T09:00:00+03:00"),
    ("12 May 2016 09:00 BST", "12 May 2016 09:00 BST", OT, "2016-05-12T09:00:00+01:00"),
    ("12 Jan 2016 09:00 GMT+3", "12 Jan 2016 09:00 GMT+3", OT, "2016-01-12T09:00:00+03:00"),
    ("12 Jan 2016 09:00 AEDT", "12 Jan 2016 09:00 AEDT", OT, "2016-01-12T09:00:00+11:00"),
    ("12 Jan 2016 09:00 THE END", "12 Jan 2016 09:00", OT, "2016-01-12T09:00:00"),  # unknown zone cut off
    ("24/03/2016", "24/03/2016", OT, "2016-03-24"),
    ("03/24/2016", "03/24/2016", OT, "2016-03-24"),
    ("03/04/2016", "03/04/2016", OT, None),  # day-month or month-day: cannot tell
    ("03/03/2016", "03/03/2016", OT, "2016-03-03"),
    ("2016/03/24", "2016/03/24", OT, "2016-03-24"),
    ("Beginning in February 2014, Russia orchestrated", "February 2014", OT, "2014-02"),
    ("Posted 3 hours ago", "Posted 3 hours ago", P, None),
    ("Updated 3 hours ago", "Updated 3 hours ago", U, None),
    ("5 hours ago", "5 hours ago", OT, None),
    ("By R. England, 52m ago", "52m ago", OT, None),
    ("vor 3 Stunden", "vor 3 Stunden", OT, None),
    ("il y a 3 heures", "il y a 3 heures", OT, None),
    ("hace 2 horas", "hace 2 horas", OT, None),
    ("3 часа назад", "3 часа назад", OT, None),
    ("Updated 10:24 GMT", "Updated 10:24 GMT", U, None),  # a time with no date
    ("Updated Mar 24", "Updated Mar 24", U, None),  # no year
    # The forms of issue 4 in Italian, Portuguese, Spanish, Russian, French and German.
    ("24 marzo 2016 alle 15:54", "24 marzo 2016 alle 15:54", OT, "2016-03-24T15:54:00"),
    ("Pubblicato il 24 marzo 2016 alle 15:54", "Pubblicato il 24 marzo 2016 alle 15:54", P, "2016-03-24T15:54:00"),
    ("Aggiornato il 24/03/2016 ore 15:54", "Aggiornato il 24/03/2016 ore 15:54", U, "2016-03-24T15:54:00"),
    ("24 de março de 2016 às 15h54", "24 de março de 2016 às 15h54", OT, "2016-03-24T15:54:00"),
    ("Publicado em 24 de março de 2016", "Publicado em 24 de março de 2016", P, "2016-03-24"),
    ("Atualizado em 24/03/2016 15h54", "Atualizado em 24/03/2016 15h54", U, "2016-03-24T15:54:00"),
    ("24 de marzo de 2016 a las 15:54", "24 de marzo de 2016 a las 15:54", OT, "2016-03-24T15:54:00"),
    ("Publicado el 24 de marzo de 2016", "Publicado el 24 de marzo de 2016", P, "2016-03-24"),
    ("Actualizado: 24/03/2016 - 15:54", "Actualizado: 24/03/2016 - 15:54", U, "2016-03-24T15:54:00"),
    ("Опубликовано 24 марта 2016, 15:54", "Опубликовано 24 марта 2016, 15:54", P, "2016-03-24T15:54:00"),
    ("Обновлено: 24.03.2016 в 15:54", "Обновлено: 24.03.2016 в 15:54", U, "2016-03-24T15:54:00"),
    ("Publié le 24 mars 2016 à 15h54", "Publié le 24 mars 2016 à 15h54", P, "2016-03-24T15:54:00"),
    ("Dernière mise à jour le 24 mars 2016", "Dernière mise à jour le 24 mars 2016", U, "2016-03-24"),
    ("Publié le 24 mars 2016 à 15 h 54 HAE", "Publié le 24 mars 2016 à 15 h 54 HAE", P, "2016-03-24T15:54:00-04:00"),
    (
        "Veröffentlicht am 24.03.2016 um 15:54 Uhr",
        "Veröffentlicht am 24.03.2016 um 15:54 Uhr",
        P,
        "2016-03-24T15:54:00",
    ),
    ("Aktualisiert am 24. März 2016, 15:54 Uhr", "Aktualisiert am 24. März 2016, 15:54 Uhr", U, "2016-03-24T15:54:00"),
    ("24. März 2016", "24. März 2016", OT, "2016-03-24"),
    # Two-digit years: with a time, or after a label.
    ("24.03.16, 15:54", "24.03.16, 15:54", OT, "2016-03-24T15:54:00"),
    ("Stand: 24.03.16", "Stand: 24.03.16", U, "2016-03-24"),
    ("24/03/16, 02:31 pm", "24/03/16, 02:31 pm", OT, "2016-03-24T14:31:00"),
    ("09.18.09, 06:50 PM EDT", "09.18.09, 06:50 PM EDT", OT, "2009-09-18T18:50:00-04:00"),
    ("04.08.05, 1:21 PM ET", "04.08.05, 1:21 PM ET", OT, None),  # US pages print m.d.yy too
    # A time range is not a time with a negative offset; an offset still is.
    ("24.03.2016, 10:00-11:30", "24.03.2016, 10:00", OT, "2016-03-24T10:00:00"),
    ("2016-03-24 16:05-04:00", "2016-03-24 16:05-04:00", OT, "2016-03-24T16:05:00-04:00"),
    # Relative stamps are found; without a reference time they get no value.
    ("Updated yesterday", "Updated yesterday", U, None),
    ("yesterday at 3:05 pm", "yesterday at 3:05 pm", OT, None),
    ("Gestern, 19:48", "Gestern, 19:48", OT, None),
    ("2 ore fa", "2 ore fa", OT, None),
    ("há 2 dias", "há 2 dias", OT, None),
    ("před 3 minutami", "před 3 minutami", OT, None),
]


@pytest.mark.parametrize(("line", "text", "role", "value"), FOUND)
def test_find_timestamps(line: str, text: str, role: Role, value: str | None) -> None:
    found = find_timestamps(line)
    assert found, line
    ts = found[0]
    assert (ts.text, ts.role, ts.value) == (text, role, value)
    assert line[ts.start : ts.end] == ts.text


NOT_FOUND = [
    "",
    "No digits at all in this line.",
    "In 2014 the army killed 24 people.",
    "Kerry departed Washington late Tuesday (March 22) after accompanying President Obama",
    "The 100 metres final",
    "version 1.2.16 released",
    "10 am",  # a bare time without a label is not a timestamp
    "Call 555-1234 now",
    "Room 24B, 3rd floor",
    "24 people were hurt",
    "Feb 30, 2016",  # no such day
    "version 1.2.16",  # a two-digit "year" with neither time nor label
    "24.03.16",
    "The talks lasted for 3 hours",  # Danish/Norwegian "for" is no "ago" word here
    "Today",  # a day word alone (a menu item) is no timestamp
    "Yesterday's news and more",
    "Updated",
]


@pytest.mark.parametrize("line", NOT_FOUND)
def test_no_timestamp(line: str) -> None:
    assert find_timestamps(line) == []


def test_several_in_one_line() -> None:
    line = "Published 24 March 2016 • Updated 25 March 2016, 10:00 GMT"
    found = find_timestamps(line)
    assert [(f.role, f.value) for f in found] == [(P, "2016-03-24"), (U, "2016-03-25T10:00:00+00:00")]


def test_glued_time_is_found_inside_a_word() -> None:
    assert [f.value for f in find_timestamps("News11:20 Dec. 23, 2016")] == ["2016-12-23T11:20:00"]


def test_et_follows_daylight_saving() -> None:
    winter = find_timestamps("Jan 5, 2016, 9:00 am ET")[0].value
    summer = find_timestamps("Jul 5, 2016, 9:00 am ET")[0].value
    assert winter == "2016-01-05T09:00:00-05:00"
    assert summer == "2016-07-05T09:00:00-04:00"


LINES = [
    ("24 Mar 2016", "2016-03-24"),
    ("Updated 4:05 PM ET, Thu March 24, 2016", "2016-03-24T16:05:00-04:00"),
    ("12:32 Mar. 23, 2016", "2016-03-23T12:32:00"),
    ("Published: 24.03.2016, 15:54 Uhr", "2016-03-24T15:54:00"),
    ("Posted 3 hours ago", None),
    ("News15:21 Dec. 29, 2016", "2016-12-29T15:21:00"),
    ("April 5, 2018 | 6:00 PM", "2018-04-05T18:00:00"),
    ("Last updated September 14, 2016", "2016-09-14"),
]


@pytest.mark.parametrize(("line", "value"), LINES)
def test_timestamp_line(line: str, value: str | None) -> None:
    ts = timestamp_line(line)
    assert ts is not None
    assert ts.value == value


@pytest.mark.parametrize(
    "line",
    [
        "World Europe 24 Mar 2016 John Kerry in Moscow ...",
        "Kerry will meet Putin on March 24, 2016 to discuss the situation in Syria and Ukraine.",
        "Savchenko was sentenced to 22 years in prison on Tuesday.",
        "Subscribe to receive regular email updates",
        "x" * 300 + " 24 March 2016",
    ],
)
def test_not_a_timestamp_line(line: str) -> None:
    assert timestamp_line(line) is None


def test_min_coverage() -> None:
    line = "Dan Goodin - Apr 16, 2015 8:02 pm UTC"
    assert timestamp_line(line) is not None
    assert timestamp_line(line, min_coverage=0.9) is None


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("March", 3),
        ("Sept.", 9),
        ("марта", 3),
        ("März", 3),
        ("déc.", 12),
        ("octubre", 10),
        ("października", 10),
        ("people", None),
    ],
)
def test_month_number(word: str, month: int | None) -> None:
    assert month_number(word) == month


ADVERSARIAL = [
    "1" * 100_000,
    "1 " * 50_000,
    "12:30 " * 20_000,
    "March " * 20_000 + "24",
    "24 March " * 12_000,
    "(" * 100_000,
    "Mar 1, " * 15_000,
    " " * 100_000 + "2016-03-24",
    "2016-" * 20_000,
    "ago 1 " * 20_000,
]


@pytest.mark.parametrize("line", ADVERSARIAL, ids=lambda s: repr(s[:12]))
def test_long_inputs_are_fast(line: str) -> None:
    start = time.perf_counter()
    find_timestamps(line)
    timestamp_line(line)
    assert time.perf_counter() - start < 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 :.,-/+MarchJunUpdated ampPMGTESTZ()à")), max_size=80))
def test_random_text_gives_valid_spans(line: str) -> None:
    for ts in find_timestamps(line):
        assert line[ts.start : ts.end] == ts.text
        assert ts.value is None or re.fullmatch(r"\d{4}-\d\d(-\d\d(T\d\d:\d\d:\d\d([+-]\d\d:\d\d)?)?)?", ts.value)


def test_notes_say_why_a_value_is_missing_or_assumed() -> None:
    [rel] = find_timestamps("Posted 3 hours ago")
    assert rel.relative and rel.note is not None and "no reference time" in rel.note
    [order] = find_timestamps("03/04/2016")
    assert order.ambiguous and order.note is not None and "'03/04/2016'" in order.note
    [ist] = find_timestamps("Mar 24, 2016, 3:54 pm IST")  # read as India, but said to be assumed
    assert ist.value == "2016-03-24T15:54:00+05:30" and not ist.ambiguous
    assert ist.note == "time zone IST assumed to be India Standard Time (+05:30): nothing shows the page's country"
    [plain] = find_timestamps("Mar 24, 2016, 3:54 pm GMT")
    assert (plain.relative, plain.ambiguous, plain.note) == (False, False, None)


def test_vocabulary_files_are_well_formed() -> None:
    for lang, num, name in load_table("months.tsv"):
        assert lang and name and 1 <= int(num) <= 12
    for _lang, num, name in load_table("months_weekdays.tsv"):
        assert name and 1 <= int(num) <= 7
    readings: dict[str, list[set[str]]] = {}
    for abbr, target, evidence, _note in load_table("timezones.tsv"):
        assert abbr.isupper()
        if target[0] in "+-":
            assert re.fullmatch(r"[+-]\d\d:\d\d", target)
        else:
            ZoneInfo(target)
        words = set(evidence.split())
        assert words == {"-"} or all(re.fullmatch(r"[A-Z]{2}|usual|default", w) for w in words), evidence
        readings.setdefault(abbr, []).append(words)
    for abbr, rows in readings.items():  # one reading, or several each with its evidence
        assert rows == [{"-"}] or (len(rows) > 1 and all(r != {"-"} and r - {"usual", "default"} for r in rows)), abbr
        assert sum(bool(r & {"usual", "default"}) for r in rows) <= 1, abbr
    kinds = {"published", "updated", "other", "prep", "at", "of", "time_suffix", "by"}
    assert all(kind in kinds for _phrase, kind, _lang in load_table("date_labels.tsv"))
    units = {"second", "minute", "hour", "day", "week", "month", "year"}
    for phrase, kind, _lang, meaning in load_table("relative_time.tsv") + load_table("date_labels_relative.tsv"):
        assert phrase == phrase.lower()
        assert (kind, meaning in units) in {("unit", True), ("before", False), ("after", False), ("day", False)}
        assert kind != "day" or -2 <= int(meaning) <= 0
    for lang, country, order in load_table("date_order.tsv"):
        assert lang == "*" or re.fullmatch(r"[a-z]{2,3}", lang)
        assert country == "*" or re.fullmatch(r"[A-Z]{2}", country)
        assert order in {"dmy", "mdy", "mixed"}


# -- forms from the metadata corpus (issue 4): each rule on other sites' wording ----------------

_UTC = ZoneInfo("UTC")


def _first(line: str, ctx: object = None) -> tuple[str, Role, str | None]:
    found = find_timestamps(line, context=ctx)  # type: ignore[arg-type]
    assert found, line
    return found[0].text, found[0].role, found[0].value


def test_year_glued_to_the_next_date() -> None:
    """A dump that glued a year to the next printed date ("3 mars 20214 mars 2021")."""
    assert _first("Publié le 3 mars 20214 mars 2021 par Anne") == ("Publié le 3 mars 2021", P, "2021-03-03")
    assert _first("Aktualisiert 10. Mai 202111. Mai 2021")[2] == "2021-05-10"


def test_label_before_by_name_gives_the_role() -> None:
    """ "Posted by X on DATE": the label's role, the name kept out of the stamp's text."""
    assert _first("Posted by Jane Doe on May 4, 2020 at 10:15") == ("May 4, 2020 at 10:15", P, "2020-05-04T10:15:00")
    assert _first("Publié par Jean Dupont le 4 mai 2020")[1:] == (P, "2020-05-04")
    assert _first("Written in Paris on May 4, 2020")[1] == OT  # no "by": no role


def test_four_digit_time_with_zone_before_the_date() -> None:
    """ "Updated 0915 GMT (1715 HKT) June 2, 2020": an HHMM time, its zone, a second zone in brackets."""
    assert _first("Updated 0915 GMT (1715 HKT) June 2, 2020") == (
        "Updated 0915 GMT (1715 HKT) June 2, 2020",
        U,
        "2020-06-02T09:15:00+00:00",
    )
    assert _first("Updated 2010 EST March 14, 2021")[2] == "2021-03-14T20:10:00-04:00"
    assert not find_timestamps("In 2019 NASA said")  # a year before a capitalised word is no time


def test_time_after_a_bullet_operator() -> None:
    assert _first("03.11.2021 ∙ 09:30 Uhr")[2] == "2021-11-03T09:30:00"


def test_upper_case_h_and_whole_hours() -> None:
    """ "20H06" (Spanish pages) and "à 11h" (a whole hour, French)."""
    assert _first("Actualizado 12/03/2021 09H45", date_context(language="es"))[2] == "2021-03-12T09:45:00"
    assert _first("le 5 mars 2020 à 9h")[2] == "2020-03-05T09:00:00"
    assert _first("Mis à jour le 5 mars 2020 à 18 h")[2] == "2020-03-05T18:00:00"


def test_two_digit_years_in_unambiguous_shapes() -> None:
    # a weekday picks the reading that falls on it
    assert _first("samedi 12.10.19")[2] == "2019-10-12"
    assert _first("mardi 10.12.19")[2] == "2019-12-10"
    assert not find_timestamps("Monday 10.12.19")  # neither reading is a Monday
    # slashes with a known order (the page's locale, or a day over 12)
    assert _first("25/12/20 Joyeux Noël")[2] == "2020-12-25"
    assert _first("12/10/20 Bonne nouvelle", date_context(language="fr"))[2] == "2020-10-12"
    assert not find_timestamps("v 1.2.10 released")  # dots without a label: maybe a version
    # an apostrophe year, or a two-digit year closing a date with a month name
    assert _first("Stand: 3 Mar ’21") == ("Stand: 3 Mar ’21", U, "2021-03-03")
    assert _first("(Roma, 3 Marzo 21)")[2] == "2021-03-03"
    assert _first("On 14 March 20 people were killed")[2] is None  # "20" is no year here
    assert not find_timestamps("the game at 12 20 March")


def test_year_less_date_with_weekday_takes_the_matching_year() -> None:
    """ "sabato 27 giugno", two days after the reference time: the year in which it is a Saturday."""
    ctx = date_context(datetime(2020, 6, 25, tzinfo=_UTC), language="it")
    assert _first("dal lunedì a sabato 27 giugno", ctx)[2] == "2020-06-27"
    # Portuguese weekdays without "-feira"
    ctx = date_context(datetime(2022, 5, 6, 12, tzinfo=_UTC), language="pt")
    assert _first("Sexta, 06 de Maio", ctx) == ("Sexta, 06 de Maio", OT, "2022-05-06")


def test_month_not_taken_for_a_weekday() -> None:
    """ "June 3 at 9:12 AM": "June" first read as a weekday and "at" as the month."""
    ctx = date_context(datetime(2020, 6, 3, 18, tzinfo=_UTC))
    assert _first("By Jane Doe June 3 at 9:12 AM", ctx) == ("June 3 at 9:12 AM", OT, "2020-06-03T09:12:00")


def test_year_less_date_after_comma_and_preposition() -> None:
    """ "…, le 3 février" closing a line is a stamp (value None without a reference time); in the
    middle of a sentence or a caption it is not."""
    assert _first("Texte de Paul Martin, le 3 février") == ("le 3 février", OT, None)
    assert not find_timestamps("Jane Doe y John Roe, el 1 de marzo, en el Congreso")
