"""Vocabulary files under ``newsclean/data/``, read once per process.

Files are UTF-8 text, one entry per line; ``#`` starts a comment line; blank lines are ignored.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def read_text(name: str) -> str:
    """The text of ``data/<name>`` (``name`` may contain ``/``)."""
    node = resources.files("newsclean").joinpath("data")
    for part in name.split("/"):
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of ``data/<name>``, stripped."""
    out = []
    for line in read_text(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@cache
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated ``data/<name>``, comment and blank lines skipped."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in load_lines(name))


def list_dir(name: str) -> list[str]:
    """File names inside ``data/<name>/``, sorted."""
    node = resources.files("newsclean").joinpath("data").joinpath(name)
    return sorted(p.name for p in node.iterdir() if p.is_file())
