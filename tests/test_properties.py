"""Property-based: any text yields a schema-valid record or a NewscleanError, never a crash."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.schema import article_schema

VALIDATOR = jsonschema.Draft202012Validator(article_schema())

# Page-like lines: headlines, datelines, stamps, captions, boilerplate, prose, noise.
PAGE_LINES = st.sampled_from(
    [
        "Breaking News",
        "Published Mar 24, 2016, 3:54 pm IST",
        "Updated 4:05 PM ET, Thu March 24, 2016",
        "12:32 Mar. 23, 2016",
        "MOSCOW (Sputnik) — Officials said on Tuesday that talks would go on for a second day.",
        "By Jane Doe and John Roe, Associated Press",
        "© REUTERS / Jane DoeA man walks past a mural in the city centre, March 3, 2016",
        "A man walks past a mural in the city centre (AP Photo)",
        "Watch also Something else happened somewhere",
        "Advertisements",
        "XS",
        "log in or register",
        "The council voted on Monday to extend the programme for another year, officials said.",
        "Заголовок открываемого материала",
        "",
        "   ",
        "\u00a0",
    ]
)
PAGE = st.lists(st.one_of(PAGE_LINES, st.text(max_size=200)), max_size=40).map("\n".join)


def check(record: dict[str, object]) -> None:
    VALIDATOR.validate(record)
    json.loads(json.dumps(record, ensure_ascii=False))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE)
def test_page_like_text_gives_valid_record(text: str) -> None:
    try:
        article = newsclean.extract(text, format="text")
    except newsclean.NewscleanError:
        return
    check(article.to_dict())


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_record_or_newsclean_error(data: bytes) -> None:
    try:
        article = newsclean.extract(data)
    except newsclean.NewscleanError:
        return
    check(article.to_dict())


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=3000))
def test_well_formed_text_never_fails(text: str) -> None:
    # Any str is well-formed text: it must always give a record.
    check(newsclean.extract(text, format="text").to_dict())


def test_str_with_a_lone_surrogate_gives_a_record_with_a_replacement_character() -> None:
    # Found by the issue-6 fuzzing: a lone surrogate used to escape as UnicodeEncodeError.
    article = newsclean.extract("A headline\n\nA paragraph with a lone surrogate \ud800 in it, long enough to read.")
    record = article.to_dict()
    check(record)
    assert "\ud800" not in json.dumps(record, ensure_ascii=False)
