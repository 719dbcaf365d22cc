"""newsclean.segment_text: one block per non-empty line, normalised, with its word count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.features import word_count
from newsclean.segment_text import normalize_space, segment_text

# Letters, CJK, and every kind of space the normaliser and the word count treat specially.
CHARS = "ab 中.\t\f\v\x1c\x85\u00a0\u2003\u200b\u00ad\ufeff\u3000’\r"
LINES = st.text(alphabet=st.sampled_from(list(CHARS)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=12).map("\n".join))
def test_blocks_are_the_normalised_lines(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = segment_text(text)
    assert [b.text for b in blocks] == [n for n in map(normalize_space, lines) if n]
    for b in blocks:
        assert b.raw == lines[b.line_no - 1]
        assert b.words == word_count(b.text)
