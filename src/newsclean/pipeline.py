"""The spine: ``extract(data) -> Article``. Pure: no I/O, no global state.

1. decode      bytes -> text + encoding                          (decode.py)
2. segment     text -> list[Block], one per non-empty line        (segment_text.py)
3. classify    label every block: body or not, with reasons       (classify.py)
4. metadata    headline, section, byline, timestamps, captions... (meta/)
5. assemble    paragraphs, dateline, language, warnings -> Article (assemble.py)
"""

from __future__ import annotations

import hashlib

from .assemble import assemble
from .classify import classify
from .decode import decode, sniff_format
from .errors import InputTooLargeError, UnsupportedFormatError
from .language import detect_language
from .metadata import read_metadata
from .model import Article, Source
from .options import Options
from .revise import revise
from .segment_text import segment_text

DEFAULT_OPTIONS = Options()


def extract(
    data: bytes | str,
    *,
    format: str | None = None,
    url: str | None = None,
    options: Options | None = None,
    path: str | None = None,
) -> Article:
    """Extract one article from a raw page dump (``bytes`` or already-decoded ``str``).

    ``format`` forces "text" or "html" (default: sniffed). ``path`` is recorded as
    ``source.path``. Raises ``NewscleanError`` subclasses for input that cannot be handled.
    """
    opts = options or DEFAULT_OPTIONS
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > opts.max_bytes:
        raise InputTooLargeError(f"input is {len(raw):,} bytes, over the limit of {opts.max_bytes:,}")
    if isinstance(data, str):
        text, encoding = data, "utf-8"
    else:
        decoded = decode(raw)
        text, encoding = decoded.text, decoded.encoding
    fmt = format or sniff_format(text)
    if fmt == "html":
        raise UnsupportedFormatError("HTML input is not supported yet (use --format text to treat it as text)")
    if fmt != "text":
        raise UnsupportedFormatError(f"unknown format {fmt!r} (expected 'text' or 'html')")
    source = Source(path, "text", len(raw), encoding, hashlib.sha256(raw).hexdigest())
    blocks = segment_text(text)
    language = detect_language(text)
    classify(blocks, language, opts)
    revise(blocks)
    meta = read_metadata(blocks, opts)
    return assemble(blocks, meta, source, language, opts)
