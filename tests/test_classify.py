"""Small synthetic checks of the line classifier (shipped model, text path)."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.classify import classify
from newsclean.features import (
    _DATEISH,
    _URLISH,
    boilerplate_match,
    boilerplate_matches,
    char_counts,
    compute_features,
    ends_sentence,
    line_features,
    lines_matching,
    vocabulary,
)
from newsclean.model import Label
from newsclean.options import Options
from newsclean.resources import load_lines
from newsclean.segment_text import segment_text

PARAS = [
    "The city council voted on Tuesday to expand the bus network after a year of public hearings.",
    "Officials said the new routes would connect the northern districts with the hospital and the university.",
    "Residents who spoke at the hearings had complained that the existing lines were slow and often crowded.",
    "The plan will be paid for by a regional grant and a small increase in the parking fees downtown.",
    "Construction of the new stops is expected to begin in the spring and to last about eight months.",
]
MENU = "Home\nNews\nSport\nWeather\nContact us"
RELATED = "Related news\nMayor opens new library\nBridge closed for repairs\nFestival draws record crowds"


def labels(text: str) -> dict[str, Label]:
    blocks = segment_text(text)
    classify(blocks, "en", Options())
    return {b.text: b.label for b in blocks}


def test_menu_out_prose_in() -> None:
    got = labels(MENU + "\n\n" + "\n\n".join(PARAS) + "\n\n" + RELATED)
    for line in MENU.splitlines() + RELATED.splitlines():
        assert got[line] is Label.BOILERPLATE, line
    for para in PARAS:
        assert got[para] is Label.BODY, para


def test_teaser_between_paragraphs_is_out() -> None:
    text = "\n\n".join([*PARAS[:2], "Watch also: Bus drivers strike in the capital", *PARAS[2:]])
    got = labels(text)
    assert got["Watch also: Bus drivers strike in the capital"] is Label.BOILERPLATE
    assert all(got[p] is Label.BODY for p in PARAS)


def test_every_block_explained() -> None:
    blocks = segment_text(MENU + "\n\n" + "\n\n".join(PARAS))
    classify(blocks, "en", Options())
    assert all(b.reasons and "line model p=" in b.reasons[-1] for b in blocks)


# -- the page-level feature passes agree with the line-by-line definitions -----------------

# Spaces str.split() splits on, digits (also non-ASCII), capitals, punctuation, separators,
# an astral letter and an emoji, a lone surrogate.
FEATURE_CHARS = "aZ 1٣²,;:、，|/•»\t\x1c\x85\u2003\u00a0É\U0001d400\U0001f600\ud800"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list(FEATURE_CHARS)), max_size=25), min_size=1, max_size=8))
def test_char_counts_are_the_per_line_counts(texts: list[str]) -> None:
    counts = char_counts(texts)
    for k, text in enumerate(texts):
        tokens = text.split()
        assert counts.pieces[k] == len(tokens)
        assert counts.capitalised[k] == sum(t[0].isupper() for t in tokens)
        assert counts.digits[k] == len(re.findall(r"\d", text))
        assert counts.punct[k] == len(re.findall(r"[,;:\u3001\uff0c]", text))
        assert (counts.separators[k] > 0) == (re.search(r"[|•·»›«‹/\\]", text) is not None)


def _original_boilerplate_match(text: str) -> str | None:
    """boilerplate_match as first written: one regex per rule."""
    alternation = "|".join(re.escape(p) for p in sorted(load_lines("boilerplate/prefixes.txt"), key=len, reverse=True))
    prefixes = re.compile(f"(?:{alternation})(?![^\\W\\d_])")
    contains = re.compile("|".join(re.escape(p) for p in load_lines("boilerplate/contains.txt")))
    vocab = vocabulary()
    folded = text.casefold()
    if len(folded) <= vocab.line_max + 12 and re.sub(r"^[\W\d_]+|[\W\d_]+$", "", folded) in vocab.lines:
        return "line"
    if prefixes.match(folded):
        return "prefix"
    if len(folded) <= 160 and contains.search(folded):
        return "contains"
    return None


BOILER_SAMPLES = [
    *load_lines("boilerplate/lines.txt")[:40],
    *(p + tail for p in load_lines("boilerplate/prefixes.txt")[:40] for tail in ("", "s", " now", "²", ":")),
    *("Read this: " + p + " today" for p in load_lines("boilerplate/contains.txt")),
    "— Home —",
    "1. Home",
    "Shareholders meet",
    "Watch also² the rest",
    "ÉLITE Newsletter",
    "x" * 170 + " cookie",
]


def test_boilerplate_rules_match_the_original_regexes() -> None:
    expected = [_original_boilerplate_match(t) for t in BOILER_SAMPLES]
    assert [boilerplate_match(t) for t in BOILER_SAMPLES] == expected
    assert boilerplate_matches(BOILER_SAMPLES) == expected
    assert {"line", "prefix", "contains", None} <= set(expected)


REGEX_CHARS = "ab_12 9019:./-!?…。()\"'’”»]\t٣²htpsw@comrgnel\n"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(REGEX_CHARS)), max_size=20))
def test_rewritten_regexes_find_what_the_originals_find(text: str) -> None:
    sentence_end = re.compile(r"[.!?…。！？:;]['\"’”»)\]]*$|[.!?…。！？]['\"’”»)\]]*\s*\(?\w{0,12}\)?$")
    dateish = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b(19|20)\d{2}\b")
    urlish = re.compile(r"https?://|www\.|@\w+\.\w|\.(com|org|net|html?)\b")
    line = text.replace("\n", " ")
    assert ends_sentence(line) == (sentence_end.search(line[-40:]) is not None)
    assert (_DATEISH.search(line) is None) == (dateish.search(line) is None)
    lines = text.split("\n")
    assert lines_matching(lines, _URLISH) == {i for i, x in enumerate(lines) if urlish.search(x)}


def test_line_features_carry_the_rules_and_pieces() -> None:
    blocks = segment_text(MENU + "\n\n" + "\n\n".join(PARAS) + "\n\nSubscribe to our newsletter")
    lines = line_features(blocks, "en")
    assert np.array_equal(lines.features, compute_features(blocks, "en"))
    assert lines.rules == [boilerplate_match(b.text) for b in blocks]
    assert lines.pieces.tolist() == [len(b.text.split()) for b in blocks]
