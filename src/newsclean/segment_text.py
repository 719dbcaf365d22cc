"""Stage 2 (text path): a plain-text page dump -> one ``Block`` per non-empty line.

Dumps mark structure only with line breaks: paragraphs, headings and lists are set off
by blank lines, while ``div``/``li``/table rows follow each other on single lines. So
every non-empty line is a block, and the blank-line-separated *group* it belongs to is
kept as evidence (a group of many short lines is a menu or a list).
"""

from __future__ import annotations

import re

from .model import Block

# No-break, thin, zero-width and other odd spaces that dumps carry over from HTML.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_RUNS_OF_SPACES = re.compile(r" {2,}")


def normalize_space(text: str) -> str:
    """No-break and other odd spaces become spaces, zero-width characters go, runs collapse."""
    text = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text))
    return _RUNS_OF_SPACES.sub(" ", text).strip()


def segment_text(text: str) -> list[Block]:
    """Split a dump into blocks (non-empty lines) with their blank-line group."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pending: list[tuple[int, str, str, int]] = []  # (line_no, raw, normalised, group)
    group = 0
    previous_blank = True
    for line_no, raw in enumerate(text.split("\n"), start=1):
        norm = normalize_space(raw)
        if not norm:
            previous_blank = True
            continue
        if previous_blank and pending:
            group += 1
        previous_blank = False
        pending.append((line_no, raw, norm, group))

    sizes: dict[int, int] = {}
    for *_, g in pending:
        sizes[g] = sizes.get(g, 0) + 1
    return [
        Block(
            index=i,
            line_no=line_no,
            raw=raw,
            text=norm,
            group=g,
            group_size=sizes[g],
            indent=len(raw) - len(raw.lstrip(" \t\u00a0")),
        )
        for i, (line_no, raw, norm, g) in enumerate(pending)
    ]
