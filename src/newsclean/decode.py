"""Stage 1: bytes -> text, with the encoding that was used, and the input format.

Order of evidence: a byte-order mark (UTF-8/UTF-16/UTF-32); UTF-16/UTF-32 without a mark,
recognised by where the NUL bytes of its ASCII characters fall; strict UTF-8; UTF-8 with a
few stray invalid bytes (each replaced by U+FFFD, as browsers do, rather than reading the
whole dump in a legacy encoding); then charset-normalizer's guess among legacy encodings.

Binary input (NUL bytes or control characters that no text encoding produces) is refused
with ``DecodeError``. A few stray NUL bytes in text (one in a thousand bytes at most) become
U+FFFD, and a run of NULs padding the end of a file is dropped. A dump of more than
``MAX_LINES`` lines is refused with ``ResourceLimitError``: every line becomes a block, and
a block costs time and memory in every later stage.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .errors import DecodeError, ResourceLimitError
from .html.charsets import utf8_chars

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Control characters that do not occur in text (tab, LF, VT, FF, CR and ESC excepted).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
# Stray NUL bytes tolerated in text: one per this many bytes (and at least two). Binary files
# hold far more (a PNG or PDF has NULs in its first few hundred bytes).
_NUL_SPACING = 1000
# Lines a text dump may have. The longest dump of the dev corpora has 2,473 lines; each line
# costs about 25 us and 1.5 KB in the later stages (measured on the 2-core development
# machine: 1.6 million short lines took 39 s and 2.3 GB), so 200,000 lines stay within a few
# seconds and a few hundred MB, and a 20 MB dump of one-letter lines is refused at once.
MAX_LINES = 200_000
_WIDE_SAMPLE = 4096  # bytes looked at to recognise UTF-16/UTF-32 without a byte-order mark
# Binary formats recognised by their first bytes, for the few files of them that hold too few
# NULs to give themselves away (a PDF's first kilobytes are often plain ASCII).
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "gzip-compressed data (a name ending in .gz has it decompressed)"),
    (b"BZh", "bzip2-compressed data (a name ending in .bz2 has it decompressed)"),
    (b"\xfd7zXZ\x00", "xz-compressed data (a name ending in .xz has it decompressed)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an ELF executable"),
)
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
    """Decode input bytes; raise ``DecodeError`` for binary or undecodable data and
    ``ResourceLimitError`` for a dump of more than ``MAX_LINES`` lines."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(codec), name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {name} after a byte-order mark: {exc.reason}") from None
    wide = bomless_wide_codec(data)
    if wide is not None:
        # "replace": a file cut after an odd byte, or a stray surrogate, costs a character only
        text = data.decode(wide, "replace")
        if text.count("\ufffd") <= max(2, len(text) // 1000):
            try:
                return _checked(text, wide)
            except DecodeError:
                pass  # NULs in that pattern by chance: binary, told below
    if b"\x00" in data:
        data = _without_nul_padding(data)
    for magic, kind in _MAGIC:
        if data.startswith(magic) and (magic != b"BZh" or data[3:4].isdigit()):
            raise DecodeError(f"binary data, not text: {kind}")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", "replace")
    if mostly_utf8(data, replaced):
        return _checked(replaced, "utf-8")
    return _checked(*_guess_legacy(data))


def _without_nul_padding(data: bytes) -> bytes:
    """``data`` without the NULs that pad its end; ``DecodeError`` when NULs show binary data."""
    body = data.rstrip(b"\x00")
    if not body or body.count(b"\x00") > max(2, len(body) // _NUL_SPACING):
        raise DecodeError("binary data (NUL bytes), not text")
    return body


def bomless_wide_codec(data: bytes) -> str | None:
    """'utf-16-le', 'utf-16-be', 'utf-32-le' or 'utf-32-be' for text saved in that encoding
    without a byte-order mark, else None. Such text shows its ASCII characters' NUL bytes in
    a fixed place: every second byte (UTF-16) or three bytes of every four (UTF-32). Binary
    data has its NULs anywhere; a caller still decodes strictly to be sure."""
    head = data[:_WIDE_SAMPLE]
    quads = len(head) // 4
    if quads:
        zeros = [head[i : quads * 4 : 4].count(0) for i in range(4)]
        if zeros[2] == zeros[3] == quads and zeros[0] * 10 <= quads:
            return "utf-32-le"
        if zeros[0] == zeros[1] == quads and zeros[3] * 10 <= quads:
            return "utf-32-be"
    pairs = len(head) // 2
    if not pairs:
        return None
    even, odd = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    # Non-Latin text in UTF-16 has no NULs in its letters, but its spaces, digits and
    # newlines still have one: a third of the characters is plenty of evidence.
    if odd * 3 >= pairs and even * 50 <= pairs:
        return "utf-16-le"
    if even * 3 >= pairs and odd * 50 <= pairs:
        return "utf-16-be"
    return None


def mostly_utf8(data: bytes, replaced: str | None = None) -> bool:
    """True when ``data`` is UTF-8 with a few stray invalid bytes (a page cut mid-character,
    a legacy snippet pasted in): its valid multi-byte characters outnumber the invalid
    sequences four to one. Legacy text is practically never valid UTF-8 once it has a few
    non-ASCII bytes, so its sequences are mostly invalid. ``replaced``: ``data`` decoded as
    UTF-8 with replacement, when the caller has it already."""
    text = data.decode("utf-8", "replace") if replaced is None else replaced
    invalid = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = utf8_chars(data) - invalid  # invalid runs often start with a lead byte too
    return valid >= 4 * invalid


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
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")  # stray NULs (few, or decoding refused them)
    sample = text[:8192]
    if sample and _control_count(sample) > max(2, len(sample) // 1000):
        raise DecodeError("binary data (control characters), not text")
    lines = text.count("\n")
    if lines > MAX_LINES:
        raise ResourceLimitError(
            f"input has {lines:,} lines, over the limit of {MAX_LINES:,} (news pages have a few thousand)"
        )
    return Decoded(text, encoding)


def _control_count(text: str) -> int:
    """How many of the ``_CONTROL_BYTES`` characters ``text`` holds. In UTF-8 a byte below 0x20
    only ever encodes that character itself, so bytes.translate() counts them in C (~10x faster
    than a regex scan)."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def head_view(data: bytes) -> str:
    """The first 4 KB as text good enough to sniff the format before the encoding is known:
    UTF-16/32 by their byte-order mark or their NUL pattern, anything else byte for byte
    (markup is ASCII in every encoding a page may declare)."""
    for bom, codec, _ in _BOMS:
        if data.startswith(bom):
            return data[len(bom) : len(bom) + 4096].decode(codec, "replace")
    wide = bomless_wide_codec(data)
    if wide is not None:
        unit = 4 if wide.startswith("utf-32") else 2
        return data[: 4096 * unit].decode(wide, "replace")
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
