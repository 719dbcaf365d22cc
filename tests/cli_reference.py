"""The README's command-line reference, generated from ``--help``.

``python tests/cli_reference.py --write`` rewrites the block between the markers;
``tests/test_batch_docs.py`` fails when it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from newsclean.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- cli-reference: start -->", "<!-- cli-reference: end -->"
COMMANDS = ((), ("extract",), ("explain",), ("schema",))
WIDTH = 100  # fixed, so the text does not depend on the terminal it was made in


def render() -> str:
    parts = []
    for command in COMMANDS:
        result = CliRunner().invoke(cli, [*command, "--help"], prog_name="newsclean", terminal_width=WIDTH)
        if result.exit_code != 0:
            raise RuntimeError(f"newsclean {' '.join(command)} --help failed: {result.output}")
        parts.append(f"### `newsclean {' '.join((*command, '--help'))}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def current_block(text: str) -> str:
    return text[text.index(START) + len(START) : text.index(END)].strip("\n")


def with_block(text: str) -> str:
    before, after = text[: text.index(START) + len(START)], text[text.index(END) :]
    return f"{before}\n{render()}{after}"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/cli_reference.py --write")
    README.write_text(with_block(README.read_text(encoding="utf-8")), encoding="utf-8")
