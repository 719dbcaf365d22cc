"""Tuned thresholds and limits, in one frozen object passed to every stage.

Each value says what evidence set it. Change one only with a benchmark run to back it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Options:
    # Inputs above this many bytes (after decompression) are refused rather than risk
    # memory blow-up; 20 MB is ~100x the largest page of the dev corpora.
    max_bytes: int = 20_000_000
    # Body-likeness (0..1) at or above which a line is body. Chosen by grouped
    # cross-validation on ../shared/data (scripts/train_lines.py): 0.4 gains 0.001 on
    # readability but loses 0.006 on sites; 0.6 the reverse; 0.5 balances the three sets.
    body_threshold: float = 0.5
    # A body paragraph with at least this many words that ends without sentence-final
    # punctuation is taken as cut by the dump and joined to the next body paragraph
    # (seed dumps split one paragraph across a blank line; shorter lines are subheadings).
    join_min_words: int = 12
    # The headline ranker's best candidate is taken only above this score: below it the
    # page shows no line that looks like its title (scripts/train_headline.py prints the
    # exact-match rate at several cut-offs; this one gives up almost nothing).
    headline_min_score: float = 0.05
    # How many characters of body text the language guesser reads; enough for a stable
    # stop-word vote, small enough to keep it off the profile.
    language_sample_chars: int = 3000
    # Record, for every line, which features decided its label (``newsclean explain``).
    # Off for batch runs: it costs about a fifth of the classification time.
    explain: bool = False
