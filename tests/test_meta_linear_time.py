"""No timestamp, dateline, byline or caption parser takes more than linear time.

Each parser gets 1 MB lines of digits, spaces and punctuation, the shapes that make a
backtracking regex or a quadratic scan blow up ("1 1 1 …", "1:1:1:…", "12.12.12.…", "(((1").
The bound is generous: a linear parser reads a megabyte in well under a tenth of it, so only
a blow-up can exceed it. Each (parser, line) pair is its own test, so a failure names both.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone

import pytest

from newsclean.meta.byline import parse_byline
from newsclean.meta.captions import caption_key, is_credit_only, split_credit
from newsclean.meta.date_context import DateContext
from newsclean.meta.dateline import parse_dateline
from newsclean.meta.timestamps import find_timestamps, timestamp_line

MB = 1_000_000
BOUND = 2.0  # seconds; a linear pass over 1 MB takes milliseconds to a few tenths


def _fill(unit: str, tail: str = "") -> str:
    """``unit`` repeated to 1 MB, then ``tail`` (where a pattern would finally fail or match)."""
    return (unit * (MB // len(unit) + 1))[: MB - len(tail)] + tail


LINES = {
    "digits": _fill("1"),
    "digit-space": _fill("1 "),
    "colons": _fill("1:"),
    "dots": _fill("12."),
    "slashes": _fill("1/"),
    "dashes": _fill("2016-"),
    "open-parens": _fill("(", "1"),
    "close-parens": _fill("1)"),
    "commas": _fill("1, "),
    "times": _fill("12:30 "),
    "dates": _fill("24.03.2016 "),
    "plus-offsets": _fill("+05:30 "),
    "spaces-then-date": _fill(" ", "2016-03-24"),
    "punctuation": _fill("1.-:/,;()[]|"),
    "dots-spaces": _fill(". 1 "),
    "months": _fill("Mar 1, "),
    "relative": _fill("3 hours ago "),
    "relative-before": _fill("vor 3 "),
    "caps-colons": _fill("AB: 1 "),
    "dash-runs": _fill("1 — "),
    "day-words": _fill("yesterday at 1:00 "),
    "short-years": _fill("03/04/16 "),
    "ranges": _fill("10:00-11:30 "),
}

CONTEXT = DateContext(reference_time=datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc), language="en")

PARSERS: dict[str, Callable[[str], object]] = {
    "find_timestamps": find_timestamps,
    "find_timestamps+context": lambda s: find_timestamps(s, context=CONTEXT),
    "timestamp_line": timestamp_line,
    "timestamp_line+context": lambda s: timestamp_line(s, context=CONTEXT),
    "parse_dateline": parse_dateline,
    "parse_byline": parse_byline,
    "split_credit": split_credit,
    "is_credit_only": is_credit_only,
    "caption_key": caption_key,
}


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("shape", list(LINES))
def test_one_megabyte_line_in_linear_time(parser: str, shape: str) -> None:
    line = LINES[shape]
    assert len(line) == MB
    start = time.perf_counter()
    PARSERS[parser](line)
    elapsed = time.perf_counter() - start
    assert elapsed < BOUND, f"{parser} took {elapsed:.2f} s on a 1 MB line of {shape!r}"
