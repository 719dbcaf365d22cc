#!/usr/bin/env python3
"""Build ``src/newsclean/data/given_names.txt``: given names, one a line, for the byline ranker.

Dev-time only: reads the 1990 US Census first-name lists (public domain) as shipped by the
``names`` package on PyPI (MIT; ``names/dist.male.first``, ``names/dist.female.first``). Pass
the folder holding them, or install the package (``pip install names``) and it is located
with ``importlib.util`` without being imported. Names are lower-cased; the lists are
English-centred, so the feature built on them (``meta.authors``: "given_name") is one piece
of evidence among many, never required. Names that are stop words of a language newsclean
knows ("see", "will", "may") are left out.

    python scripts/build_given_names.py [--source DIR] [--out src/newsclean/data/given_names.txt]
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsclean" / "data" / "given_names.txt"
FILES = ("dist.male.first", "dist.female.first")
HEADER = (
    "# Given names for the byline ranker (newsclean.meta.authors), lower-case, sorted.\n"
    "# Source: the 1990 US Census first-name lists (public domain), as shipped in the PyPI package\n"
    "# `names` 0.3.0 (dist.male.first, dist.female.first), stop words left out.\n"
    "# Written by scripts/build_given_names.py.\n"
)


def source_dir() -> Path:
    spec = importlib.util.find_spec("names")
    if spec is None or spec.origin is None:
        raise SystemExit("pip install names, or pass --source DIR")
    return Path(spec.origin).parent


def common_words() -> set[str]:
    """The stop words of every language newsclean has a list for: "see", "will", "may" are
    census first names too, and as evidence of a name they mislead."""
    from newsclean.language import stopwords
    from newsclean.resources import list_dir

    return {w for name in list_dir("stopwords") for w in stopwords(name.split(".")[0])}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, help="folder with dist.male.first and dist.female.first")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    folder = args.source or source_dir()
    found: set[str] = set()
    for name in FILES:
        for line in (folder / name).read_text(encoding="ascii").splitlines():
            word = line.split()[0].casefold() if line.strip() else ""
            if word.isalpha() and len(word) >= 3:
                found.add(word)
    found -= common_words()
    args.out.write_text(HEADER + "\n".join(sorted(found)) + "\n", encoding="utf-8")
    print(f"wrote {len(found)} names to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
