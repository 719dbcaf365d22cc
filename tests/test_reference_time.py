"""What a line alone cannot settle: relative stamps against a reference time, "03/04/2016" by
the page's locale, "IST" by the outlet's country; and the plumbing that brings that evidence
from ``extract(reference_time=..., url=...)`` and ``--reference-time`` to the parser."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsclean
from newsclean.batch import BatchSettings
from newsclean.cli import cli
from newsclean.meta.date_context import DateContext, date_context, read_zone
from newsclean.meta.timestamps import find_timestamps, timestamp_line

REF = datetime(2024, 5, 1, 12, 3, 27, tzinfo=timezone.utc)
AT = DateContext(reference_time=REF)


def value(line: str, context: DateContext | None = AT) -> str | None:
    found = find_timestamps(line, context=context)
    assert len(found) == 1, (line, found)
    assert found[0].text == line.strip()
    return found[0].value


# -- relative stamps ------------------------------------------------------------------------

RELATIVE = [
    # to the minute, with the reference's offset, for seconds to hours
    ("5 hours ago", "2024-05-01T07:03:00+00:00"),
    ("52m ago", "2024-05-01T11:11:00+00:00"),
    ("30 seconds ago", "2024-05-01T12:02:00+00:00"),
    ("3 hrs. ago", "2024-05-01T09:03:00+00:00"),
    ("vor 3 Stunden", "2024-05-01T09:03:00+00:00"),
    ("vor 10 Min.", "2024-05-01T11:53:00+00:00"),
    ("il y a 2 heures", "2024-05-01T10:03:00+00:00"),
    ("hace 3 horas", "2024-05-01T09:03:00+00:00"),
    ("há 4 horas", "2024-05-01T08:03:00+00:00"),
    ("2 ore fa", "2024-05-01T10:03:00+00:00"),
    ("1 час назад", "2024-05-01T11:03:00+00:00"),
    ("3 часа назад", "2024-05-01T09:03:00+00:00"),
    ("5 часов назад", "2024-05-01T07:03:00+00:00"),
    ("1 минуту назад", "2024-05-01T12:02:00+00:00"),
    ("2 минуты назад", "2024-05-01T12:01:00+00:00"),
    ("15 минут назад", "2024-05-01T11:48:00+00:00"),
    ("3 uur geleden", "2024-05-01T09:03:00+00:00"),
    ("2 godziny temu", "2024-05-01T10:03:00+00:00"),
    # the day, for days and weeks
    ("3 days ago", "2024-04-28"),
    ("vor 2 Tagen", "2024-04-29"),
    ("il y a 2 jours", "2024-04-29"),
    ("hace 1 día", "2024-04-30"),
    ("há 2 dias", "2024-04-29"),
    ("3 giorni fa", "2024-04-28"),
    ("1 день назад", "2024-04-30"),
    ("2 дня назад", "2024-04-29"),
    ("5 дней назад", "2024-04-26"),
    ("2 weeks ago", "2024-04-17"),
    # the month or the year, for those
    ("2 months ago", "2024-03"),
    ("hace 3 meses", "2024-02"),
    ("5 месяцев назад", "2023-12"),
    ("3 years ago", "2021"),
]


@pytest.mark.parametrize(("line", "expected"), RELATIVE)
def test_relative_stamps_resolve_against_the_reference_time(line: str, expected: str) -> None:
    assert value(line) == expected
    found = find_timestamps(line)  # without a reference: found, no value, a note saying why
    assert found[0].value is None and found[0].relative and "no reference time" in (found[0].note or "")


def test_the_unit_is_read_in_the_language_of_its_ago_word() -> None:
    assert value("52m ago") == "2024-05-01T11:11:00+00:00"  # English m: minutes
    assert value("hace 3 m") == "2024-02"  # Spanish m: months


def test_reference_offset_is_kept() -> None:
    ref = DateContext(reference_time=datetime(2024, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=2))))
    assert value("5 hours ago", ref) == "2024-05-01T07:00:00+02:00"


DAYS = [
    ("yesterday at 3:05 pm", "2024-04-30T15:05:00"),
    ("Yesterday, 10:24 GMT", "2024-04-30T10:24:00+00:00"),
    ("Today 10:24", "2024-05-01T10:24:00"),
    ("gestern, 15:54 Uhr", "2024-04-30T15:54:00"),
    ("heute, 12.09 Uhr", "2024-05-01T12:09:00"),
    ("hier à 15h54", "2024-04-30T15:54:00"),
    ("aujourd'hui à 9h05", "2024-05-01T09:05:00"),
    ("ayer a las 15:54", "2024-04-30T15:54:00"),
    ("ontem às 15h54", "2024-04-30T15:54:00"),
    ("ieri alle 15:54", "2024-04-30T15:54:00"),
    ("вчера в 15:54", "2024-04-30T15:54:00"),
    ("сегодня, 08:07", "2024-05-01T08:07:00"),
    ("Updated yesterday", "2024-04-30"),
    ("Aktualisiert: gestern", "2024-04-30"),
]


@pytest.mark.parametrize(("line", "expected"), DAYS)
def test_day_words(line: str, expected: str) -> None:
    assert value(line) == expected
    assert value(line, None) is None


def test_relative_stamp_keeps_its_label_and_role() -> None:
    stamp = timestamp_line("Updated 5 hours ago", context=AT)
    assert stamp is not None
    assert (stamp.role.value, stamp.value) == ("updated", "2024-05-01T07:03:00+00:00")


def test_reference_time_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        DateContext(reference_time=datetime(2024, 5, 1, 12, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        newsclean.extract("Some text", reference_time=datetime(2024, 5, 1, 12, 0))


# -- ambiguous numeric dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        (None, None),
        (DateContext(language="en"), None),  # English alone: US writes M/D, the rest D/M
        (DateContext(language="en", region="US"), "2016-03-04"),
        (DateContext(language="en", region="GB"), "2016-04-03"),
        (DateContext(language="en", region="IN"), "2016-04-03"),
        (DateContext(region="US"), "2016-03-04"),
        (DateContext(language="de"), "2016-04-03"),
        (DateContext(language="fr"), "2016-04-03"),
        (DateContext(language="es"), "2016-04-03"),
        (DateContext(language="it"), "2016-04-03"),
        (DateContext(language="pt"), "2016-04-03"),
        (DateContext(language="ru"), "2016-04-03"),
        (date_context(url="https://www.example.co.uk/news/1", language="en"), "2016-04-03"),
        (date_context(language="en", locale="en-US"), "2016-03-04"),
        (date_context(language="en", text="Shares rose to Rs 500 crore on Friday."), "2016-04-03"),
    ],
)
def test_ambiguous_numeric_dates_follow_the_page_locale(context: DateContext | None, expected: str | None) -> None:
    [found] = find_timestamps("03/04/2016", context=context)
    assert found.value == expected
    assert found.ambiguous == (expected is None)
    assert (found.note is not None) == (expected is None)


def test_unambiguous_numeric_dates_need_no_evidence() -> None:
    us = DateContext(language="en", region="US")
    assert value("24/03/2016", us) == "2016-03-24"  # no 24th month, whatever the locale
    assert value("03/24/2016", DateContext(language="de")) == "2016-03-24"


def test_two_digit_year_century_follows_the_reference() -> None:
    assert value("Stand: 24.03.16", DateContext(reference_time=REF)) == "2016-03-24"
    old = DateContext(reference_time=datetime(2010, 1, 1, tzinfo=timezone.utc))
    assert value("Stand: 24.03.16", old) == "1916-03-24"  # 2016 would be after the page was fetched


# -- time-zone abbreviations ----------------------------------------------------------------

IST_LINE = "Published Mar 24, 2016, 3:54 pm IST"


@pytest.mark.parametrize(
    ("context", "expected", "note"),
    [
        (None, "2016-03-24T15:54:00+05:30", "assumed"),  # no evidence: India, said to be assumed
        (date_context(url="https://www.example.in/world/1"), "2016-03-24T15:54:00+05:30", None),
        (date_context(url="https://example.com/x", text="₹ 5 lakh for the winners"), "2016-03-24T15:54:00+05:30", None),
        (date_context(locale="en_IN"), "2016-03-24T15:54:00+05:30", None),
        (date_context(url="https://www.example.ie/news/1"), "2016-03-24T15:54:00+01:00", None),
        (date_context(url="https://www.example.co.il/news/1"), "2016-03-24T15:54:00+02:00", None),
        (DateContext(region="il"), "2016-03-24T15:54:00+02:00", None),
        # A British page: none of the readings is its own, none is taken.
        (date_context(url="https://www.example.co.uk/news/1"), "2016-03-24T15:54:00", "ambiguous"),
    ],
)
def test_ist_is_read_for_the_outlets_country(context: DateContext | None, expected: str, note: str | None) -> None:
    [found] = find_timestamps(IST_LINE, context=context)
    assert found.value == expected
    assert (found.note is None) == (note is None)
    if note:
        assert note in (found.note or "")
    assert found.ambiguous == (note == "ambiguous")


@pytest.mark.parametrize(
    ("line", "context", "expected"),
    [
        ("Nov 19, 2019, 10:31 pm CST", None, "2019-11-19T22:31:00-06:00"),  # US Central, silently
        ("Nov 19, 2019, 10:31 pm CST", DateContext(region="CN"), "2019-11-19T22:31:00+08:00"),
        ("Nov 19, 2019, 10:31 pm PST", DateContext(region="PH"), "2019-11-19T22:31:00+08:00"),
        ("Jul 5, 2016, 9:00 am PT", None, "2016-07-05T09:00:00-07:00"),  # daylight saving on that date
        ("Jan 5, 2016, 9:00 am PT", None, "2016-01-05T09:00:00-08:00"),
        ("Jul 5, 2016, 9:00 am BST", None, "2016-07-05T09:00:00+01:00"),
        ("Jul 5, 2016, 9:00 am AEST", None, "2016-07-05T09:00:00+10:00"),
        ("Jul 5, 2016, 9:00 am JST", None, "2016-07-05T09:00:00+09:00"),
        ("Jul 5, 2016, 9:00 am MSK", None, "2016-07-05T09:00:00+03:00"),
        ("Jul 5, 2016, 9:00 am MESZ", None, "2016-07-05T09:00:00+02:00"),
        ("Jul 5, 2016, 9:00 am AST", None, "2016-07-05T09:00:00"),  # Atlantic or Arabia: evidence only
        ("Jul 5, 2016, 9:00 am AST", DateContext(region="SA"), "2016-07-05T09:00:00+03:00"),
    ],
)
def test_zone_readings(line: str, context: DateContext | None, expected: str) -> None:
    assert value(line, context) == expected


def test_zone_readings_are_cached_per_country() -> None:
    assert read_zone("IST", "IN").zone == "+05:30"
    assert read_zone("IST", "IE").zone == "+01:00"
    assert read_zone("IST", "US").zone is None


# -- the record: extract(), the CLI ---------------------------------------------------------

DUMP = (
    "A headline for a short test article about budgets\n\n"
    "Updated 5 hours ago\n\n"
    "BERLIN (dpa) — The council approved a new budget on Tuesday, officials said, after a debate that lasted"
    " late into the night.\n\n"
    "The ministry said the decision would be reviewed next year, and that the plan was approved by a large"
    " majority of members.\n"
)


def test_extract_resolves_relative_stamps_with_a_reference_time() -> None:
    article = newsclean.extract(DUMP, reference_time=datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc))
    assert [t.to_dict() for t in article.timestamps] == [
        {"text": "Updated 5 hours ago", "role": "updated", "value": "2024-05-01T07:00:00+00:00"}
    ]
    assert article.updated == "2024-05-01T07:00:00+00:00"
    assert not any("reference time" in w for w in article.warnings)


def test_extract_without_reference_time_keeps_the_stamp_and_warns() -> None:
    article = newsclean.extract(DUMP)
    assert [t.to_dict() for t in article.timestamps] == [
        {"text": "Updated 5 hours ago", "role": "updated", "value": None}
    ]
    assert (
        "relative timestamp 'Updated 5 hours ago' not resolved: no reference time"
        " (a WARC record's date or --reference-time)"
    ) in article.warnings


def test_extract_reads_ist_by_the_url() -> None:
    dump = DUMP.replace("Updated 5 hours ago", "Updated Mar 24, 2016, 3:54 pm IST")
    assumed = newsclean.extract(dump)
    assert assumed.timestamps[0].value == "2016-03-24T15:54:00+05:30"
    assumed_note = "time zone IST assumed to be India Standard Time (+05:30): nothing shows the page's country"
    assert assumed_note in assumed.warnings
    irish = newsclean.extract(dump, url="https://www.example.ie/news/1")
    assert irish.timestamps[0].value == "2016-03-24T15:54:00+01:00"
    assert not any("time zone" in w for w in irish.warnings)


def test_html_locale_is_evidence() -> None:
    page = (
        '<html lang="en"><head><meta property="og:locale" content="en_US"><title>T</title></head><body>'
        "<h1>A headline for a short test article about budgets</h1><p>Posted 03/04/2016 10:00</p>"
        "<p>BERLIN (dpa) — The council approved a new budget on Tuesday, officials said, after a debate "
        "that lasted late into the night and ended with a vote.</p>"
        "<p>The ministry said the decision would be reviewed next year, and that the plan was approved by a "
        "large majority of members.</p></body></html>"
    )
    stamps = [t.to_dict() for t in newsclean.extract(page).timestamps]
    assert {"text": "Posted 03/04/2016 10:00", "role": "published", "value": "2016-03-04T10:00:00"} in stamps


@pytest.fixture
def dump_file(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(DUMP, encoding="utf-8")
    return path


def test_cli_reference_time(dump_file: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", "--reference-time", "2024-05-01T14:00:00+02:00", str(dump_file)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["timestamps"] == [
        {"text": "Updated 5 hours ago", "role": "updated", "value": "2024-05-01T09:00:00+02:00"}
    ]
    assert record["updated"] == "2024-05-01T09:00:00+02:00"
    zulu = CliRunner().invoke(cli, ["extract", "--reference-time", "2024-05-01T12:00:00Z", str(dump_file)])
    assert json.loads(zulu.output)["timestamps"][0]["value"] == "2024-05-01T07:00:00+00:00"
    # Exactly the library's record for that reference time, one JSON line.
    expected = newsclean.extract(
        dump_file.read_bytes(), path=str(dump_file), reference_time=datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    )
    assert zulu.output == json.dumps(expected.to_dict(), ensure_ascii=False) + "\n"


def test_cli_reference_time_now(dump_file: Path) -> None:
    before = datetime.now(timezone.utc).replace(second=0, microsecond=0) - timedelta(hours=5)
    result = CliRunner().invoke(cli, ["extract", "--reference-time", "now", str(dump_file)])
    assert result.exit_code == 0, result.output
    resolved = datetime.fromisoformat(json.loads(result.output)["timestamps"][0]["value"])
    assert timedelta(0) <= resolved - before <= timedelta(minutes=2)


@pytest.mark.parametrize("bad", ["2024-05-01T12:00:00", "yesterday", "2024-13-01T00:00:00Z"])
def test_cli_reference_time_needs_an_offset(dump_file: Path, bad: str) -> None:
    result = CliRunner().invoke(cli, ["extract", "--reference-time", bad, str(dump_file)])
    assert result.exit_code == 2
    assert result.output.endswith(
        f"Error: Invalid value for '--reference-time': {bad!r}: give a time with its UTC offset,"
        " e.g. 2024-05-01T12:00:00Z, or now\n"
    )


def test_explain_takes_a_reference_time(dump_file: Path) -> None:
    result = CliRunner().invoke(
        cli, ["explain", "--no-color", "--reference-time", "2024-05-01T12:00:00Z", str(dump_file)]
    )
    assert result.exit_code == 0, result.output
    assert "2024-05-01T07:00:00+00:00" in result.output


def test_batch_state_fingerprint_includes_the_reference_time() -> None:
    plain = BatchSettings()
    at = BatchSettings(reference_time=REF)
    later = BatchSettings(reference_time=REF + timedelta(hours=1))
    now = BatchSettings(reference_time=REF, reference_time_is_now=True)
    now_later = BatchSettings(reference_time=REF + timedelta(days=1), reference_time_is_now=True)
    assert len({plain.fingerprint(), at.fingerprint(), later.fingerprint(), now.fingerprint()}) == 4
    assert now.fingerprint() == now_later.fingerprint()  # "now" is remembered as "now"
