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
    # The publication-date chooser's confidence (meta/published.py) at or above which its
    # best date is taken: a wrong date is worse than none. scripts/train_published.py,
    # grouped CV on trafilatura-eval text dumps: 0.7 gives 0.676 right / 0.055 wrong day,
    # 0.8 gives 0.637 / 0.047, 0.9 gives 0.552 / 0.029; about 0.02 of the wrong days are gold
    # dates the page does not print (typos, a modified date, another time zone's day).
    published_min_score: float = 0.8
    # HTML pages: how sure the date chooser must be of the date a page shows (1) to take it
    # when the markup declares no date, (2) to put it before a declared date of another day,
    # (3) the same when another declared date (modified, a second published) is that day,
    # (4) to write a UTC-declared instant on the shown day (in the outlet's offset, or as the day alone).
    # Set on the HTML pages of trafilatura-eval and readability (783 dated pages): (1) 0.5
    # gains 0.010 right and 0.002 wrong days over 0.6, 0.7 the reverse; (2) at 0.93 one
    # readability page goes wrong; (3) and (4) matter little between 0.7 and 0.9 / 0 and 0.5.
    html_published_min_score: float = 0.6
    shown_date_over_declared: float = 0.95
    shown_date_confirmed: float = 0.9
    shown_date_localises: float = 0.3
    # Site templates (--learn-templates): a line printed exactly the same on at least this
    # many other pages of its site, and on at least this share of them, is the site's own
    # furniture and never the page's headline, byline or date. A prolific author's byline
    # is on a fifth of a site's pages at most in the sites dev set; menus and fixed labels
    # on nearly all.
    template_min_pages: float = 2.0
    template_line_share: float = 0.5
    # A page shows its site's template when at least this many of its lines are on at least
    # this share (and 3+) of the site's other pages; else the template is not used for it.
    # In the sites dev set 95% of pages have 3+ such lines (median 58); in the folder of
    # trafilatura-eval dumps (990 pages of many sites, one group) no page has one.
    template_gate_lines: int = 3
    template_gate_share: float = 0.2
    # How many characters of body text the language guesser reads; enough for a stable
    # stop-word vote, small enough to keep it off the profile.
    language_sample_chars: int = 3000
    # Record, for every line, which features decided its label (``newsclean explain``).
    # Off for batch runs: it costs about a fifth of the classification time.
    explain: bool = False
