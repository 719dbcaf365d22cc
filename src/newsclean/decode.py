"""Stage 1: bytes -> text, with the encoding that was used, and the input format.

Order of evidence: a byte-order mark (UTF-8/UTF-16/UTF-32), then strict UTF-8, then
charset-normalizer's guess among legacy encodings. Binary input (NUL bytes or control
characters that no text encoding produces) is refused with ``DecodeError``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Control characters that do not occur in text (tab, LF, VT, FF, CR and ESC excepted).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_HTML_SNIFF = re.compile(
    r"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|script|link)\b",
    re.IGNORECASE | re.DOTALL,
)
# A page whose markup starts after some junk (an XML declaration, a PHP warning, a <style>):
# a doctype, <html>, <head> or <body> opening a line of the first 4 KB.
_HTML_LINE = re.compile(r"^[ \t]*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.MULTILINE)
_TAG = re.compile(r"</?(?:p|div|span|a|br|li|td|h[1-6]|img|script|style|meta)\b[^<>]{0,500}>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec name reported in source.encoding


def decode(data: bytes) -> Decoded:
    """Decode input bytes; raise ``DecodeError`` for binary or undecodable data."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(codec), name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {name} after a byte-order mark: {exc.reason}") from None
    if b"\x00" in data[:4096]:
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _checked(*_guess_legacy(data))


def _guess_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise DecodeError("not text in any recognised encoding")
    encoding = best.encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise DecodeError(f"not text in any recognised encoding (best guess {encoding} fails)") from None


def _checked(text: str, encoding: str) -> Decoded:
    sample = text[:8192]
    if sample and _control_count(sample) > max(2, len(sample) // 1000):
        raise DecodeError("binary data (control characters), not text")
    return Decoded(text, encoding)


def _control_count(text: str) -> int:
    """How many of the ``_CONTROL_BYTES`` characters ``text`` holds. In UTF-8 a byte below 0x20
    only ever encodes that character itself, so bytes.translate() counts them in C (~10x faster
    than a regex scan)."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def head_view(data: bytes) -> str:
    """The first 4 KB as text good enough to sniff the format before the encoding is known:
    UTF-16/32 by their byte-order mark, anything else byte for byte (markup is ASCII in every
    encoding a page may declare)."""
    for bom, codec, _ in _BOMS:
        if data.startswith(bom):
            return data[len(bom) : len(bom) + 4096].decode(codec, "replace")
    return data[:4096].decode("latin-1")


def sniff_format(text: str) -> str:
    """'html' when the text is markup, else 'text'."""
    head = text[:4096]
    if _HTML_SNIFF.match(head):
        return "html"
    # markup after some leading junk that is itself markup; a dump that quotes a page in a
    # code sample starts with prose
    if head.lstrip().startswith("<") and _HTML_LINE.search(head):
        return "html"
    # Markup that does not start the file (a fragment) is HTML only when tags dominate:
    # text dumps of programming pages quote a few tags in prose.
    tags = _TAG.findall(head)
    if len(tags) >= 10 and sum(map(len, tags)) > 0.3 * len(head):
        return "html"
    return "text"
