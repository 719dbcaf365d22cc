"""newsclean: clean JSON records from raw news article dumps.

>>> import newsclean
>>> article = newsclean.extract("Headline here\\n\\nMOSCOW (Sputnik) — A first paragraph that says things.")
"""

from __future__ import annotations

from ._version import __version__
from .errors import DecodeError, InputTooLargeError, NewscleanError, UnsupportedFormatError
from .model import Article, Block, Caption, Dateline, Label, Role, Source, Timestamp
from .options import Options
from .pipeline import extract

__all__ = [
    "Article",
    "Block",
    "Caption",
    "Dateline",
    "DecodeError",
    "InputTooLargeError",
    "Label",
    "NewscleanError",
    "Options",
    "Role",
    "Source",
    "Timestamp",
    "UnsupportedFormatError",
    "__version__",
    "extract",
]
