"""Character encodings by label, and decoding with a legacy codec.

Labels follow the WHATWG Encoding Standard (``data/html/charsets.tsv``), which is what browsers
do with a declared charset: "iso-8859-1" and "ascii" mean windows-1252, "gb2312" means gb18030,
"x-sjis" means windows-31j.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_table

__all__ = ["ASCII_BYTES", "Charset", "charset_for_label", "decode_legacy", "utf8_chars"]

_CONTENT_TYPE_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9:._+-]{1,40})", re.IGNORECASE)
ASCII_BYTES = bytes(range(0x80))  # bytes.translate(None, ASCII_BYTES) keeps the non-ASCII bytes
# Lead bytes of UTF-8 multi-byte sequences: counting them (in C, via bytes.translate) tells how
# many non-ASCII characters a UTF-8 reading holds.
_NOT_LEAD_BYTES = bytes([*range(0x00, 0xC2), *range(0xF5, 0x100)])
# UTF-8 sequences that a legacy single-byte page patched with UTF-8 snippets typically holds:
# U+0080-U+017F (accented Latin letters: "Ã¼" in windows-1252) and U+2000-U+2FFF (quotes, dashes,
# the euro sign: "â€™"). Other well-formed pairs are as likely to be legacy text ("ß" + soft
# hyphen is the UTF-8 of U+07ED), so they stay legacy.
_UTF8_SNIPPET = re.compile(rb"[\xc2-\xc5][\x80-\xbf]|\xe2[\x80-\xbf][\x80-\xbf]")


@dataclass(frozen=True, slots=True)
class Charset:
    name: str  # reported in source.encoding, e.g. "windows-1252"
    codec: str  # Python codec that decodes it, e.g. "cp1252"


@lru_cache(maxsize=1)
def _labels() -> dict[str, Charset]:
    table: dict[str, Charset] = {}
    for name, codec, labels in load_table("html/charsets.tsv"):
        charset = Charset(name, codec)
        for label in labels.split():
            table[label] = charset
    return table


def charset_for_label(label: str | None) -> Charset | None:
    """The encoding a charset label stands for (WHATWG mapping), or None when unknown.

    Accepts a bare label ("ISO-8859-1"), a Content-Type value ("text/html; charset=gbk")
    and Python codec names as charset-normalizer reports them ("latin_1", "cp1250").
    """
    if not label:
        return None
    m = _CONTENT_TYPE_CHARSET.search(label)
    key = (m.group(1) if m else label).strip(" \t\"'").lower()
    table = _labels()
    found = table.get(key) or table.get(key.replace("_", "-"))
    if found is not None:
        return found
    try:
        codec = codecs.lookup(key).name
    except (LookupError, ValueError, TypeError):
        return None
    return table.get(codec) or table.get(codec.replace("_", "-"))


def utf8_chars(data: bytes) -> int:
    """Non-ASCII characters in ``data`` read as UTF-8 (lead bytes of multi-byte sequences)."""
    return len(data.translate(None, _NOT_LEAD_BYTES))


def decode_legacy(data: bytes, codec: str) -> str:
    """Decode with a legacy codec; in a single-byte page, well-formed UTF-8 sequences are read as
    UTF-8: such pages are often patched with UTF-8 snippets, and cp1252 would show them as "fÃ¼r"."""
    if not _takes_utf8_snippets(codec) or utf8_chars(data) == 0:
        return data.decode(codec, "replace")
    parts = []
    last = 0
    for m in _UTF8_SNIPPET.finditer(data):
        parts.append(data[last : m.start()].decode(codec, "replace"))
        parts.append(m.group().decode("utf-8"))
        last = m.end()
    parts.append(data[last:].decode(codec, "replace"))
    return "".join(parts)


@lru_cache(maxsize=64)
def _takes_utf8_snippets(codec: str) -> bool:
    """A single-byte Latin-script codec, where the UTF-8 lead bytes 0xC2-0xC5 and 0xE2 are accented
    letters ("Ã", "â") that real text rarely puts before a symbol. In Cyrillic or Greek codecs they
    are common letters followed by others ("ДІ" is 0xC4 0xB2 in windows-1251): no snippets there."""
    single_byte = len(bytes(range(0x80, 0x100)).decode(codec, "replace")) == 0x80
    return single_byte and all("\u00c0" <= c <= "\u024f" for c in b"\xc2\xc3\xc4\xc5\xe2".decode(codec, "replace"))
