"""Stage 2 (text path): a plain-text page dump -> one ``Block`` per non-empty line.

Dumps mark structure only with line breaks: paragraphs, headings and lists are set off
by blank lines, while ``div``/``li``/table rows follow each other on single lines. So
every non-empty line is a block, and the blank-line-separated *group* it belongs to is
kept as evidence (a group of many short lines is a menu or a list).
"""

from __future__ import annotations

import re
from collections import Counter

from .features import word_count
from .model import Block

# No-break, thin, zero-width and other odd spaces that dumps carry over from HTML.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_ODD_OR_ZERO_WIDTH = re.compile(_ODD_SPACES.pattern[:-1] + _ZERO_WIDTH.pattern[1:]).search


def normalize_space(text: str) -> str:
    """No-break and other odd spaces become spaces, zero-width characters go, runs collapse."""
    text = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text))
    return _RUNS_OF_SPACES.sub(" ", text).strip()


def _normalize_line(line: str) -> str:
    """``normalize_space(line)`` without the regex scans where they cannot match: most lines
    are ASCII, where only tab, form feed and vertical tab are odd spaces. The commonest odd
    space, the no-break space, goes first (a C-speed replace): often the line is ASCII after it."""
    if not line.isascii() and "\xa0" in line:
        line = line.replace("\xa0", " ")
    if line.isascii():
        if "\t" in line or "\f" in line or "\v" in line:
            line = line.replace("\t", " ").replace("\f", " ").replace("\v", " ")
    elif _ODD_OR_ZERO_WIDTH(line):
        line = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", line))
    line = line.strip()  # stripping before collapsing runs of spaces gives the same text
    return _RUNS_OF_SPACES.sub(" ", line) if "  " in line else line


def _words(norm: str) -> int:
    """``word_count(norm)`` for a normalised line. Where the only whitespace is single spaces
    and there is no CJK (always so in ASCII) that is the number of spaces plus one."""
    if norm.isascii():
        if "\x1c" in norm or "\x1d" in norm or "\x1e" in norm or "\x1f" in norm:
            return len(norm.split())
        return norm.count(" ") + 1
    return word_count(norm)


def segment_text(text: str) -> list[Block]:
    """Split a dump into blocks (non-empty lines) with their blank-line group."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    group = 0
    previous_blank = True
    for line_no, raw in enumerate(text.split("\n"), start=1):
        norm = _normalize_line(raw) if raw else raw
        if not norm:
            previous_blank = True
            continue
        if previous_blank and blocks:
            group += 1
        previous_blank = False
        indent = len(raw) - len(raw.lstrip(" \t\u00a0"))
        blocks.append(Block(len(blocks), line_no, raw, norm, group, 0, indent, _words(norm)))
    sizes = Counter(b.group for b in blocks)
    for b in blocks:
        b.group_size = sizes[b.group]
    return blocks
