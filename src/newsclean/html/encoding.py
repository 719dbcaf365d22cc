"""Bytes of an HTML page -> text, with the encoding that was used.

Order of evidence, as browsers do it: a byte-order mark; then the charset the caller got
from the HTTP header; then ``<meta charset>`` or ``<meta http-equiv=Content-Type>`` in the
head (an ``<?xml encoding?>`` declaration counts last); then strict UTF-8; then
charset-normalizer, only as the last resort. Labels follow the WHATWG Encoding Standard
(``charsets.py``): "iso-8859-1" decodes as windows-1252, "gb2312" as gb18030.

A declaration is evidence, not an order, when the bytes plainly contradict it:

* bytes that are valid UTF-8 and hold multi-byte sequences are UTF-8 whatever the page
  declares (qq.com declares gb2312 on UTF-8): legacy text is practically never valid UTF-8
  once it has a few non-ASCII bytes;
* a page declared UTF-8 with a few stray invalid bytes is UTF-8, the strays replaced by
  U+FFFD; when invalid sequences dominate, the page is in a legacy encoding after all;
* a declared legacy encoding that leaves a twentieth of the non-ASCII bytes undecodable is
  replaced by a guess when the guess decodes more.

A Latin-script legacy page patched with UTF-8 snippets (a CMS template in UTF-8 around
windows-1252 text, or the reverse) is decoded piecewise, so neither part becomes "fÃ¼r".

Without a declaration, a page that is not UTF-8 is guessed (``encoding_guess``): the default
encoding of its ``<html lang>`` (``data/html/legacy_defaults.tsv``), charset-normalizer's
candidates, windows-1252, scored by how implausible each decoding reads.

``decode_html`` never raises: undecodable bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
import re

from ..decode import bomless_wide_codec
from .charsets import ASCII_BYTES, Charset, charset_for_label, decode_legacy, utf8_chars
from .encoding_guess import guess_legacy

__all__ = ["charset_for_label", "decode_html"]

_BOMS = (  # UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# How far into the page a charset declaration is looked for. WHATWG prescans 1 KB, but real
# heads put kilobytes of inline script before it (a tenth of the dev pages declare after
# 4 KB, one after 58 KB); the scan is one regex over an ASCII slice, so it is cheap.
_PRESCAN_BYTES = 65536
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.DOTALL)
_META_CHARSET = re.compile(rb"<meta\s[^>]{0,400}?charset\s*=\s*[\"']?\s*([A-Za-z0-9:._+-]{1,40})", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"\A\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9:._+-]{1,40})", re.IGNORECASE)
_BODY = re.compile(rb"<body[\s>]", re.IGNORECASE)
_REPLACEMENT = "\ufffd"


def decode_html(data: bytes, declared_charset: str | None = None) -> tuple[str, str]:
    """Decode a page: (text, encoding name for ``source.encoding``).

    ``declared_charset``: the charset from the HTTP Content-Type header, when known (a bare
    label or the whole header value).
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace"), name
    wide = _bomless_utf16(data) or bomless_wide_codec(data)
    if wide is not None:
        return data.decode(wide, "replace"), wide
    declared = charset_for_label(declared_charset) or _declared_in_page(data)
    if declared is not None and declared.name.startswith("utf-16"):
        declared = charset_for_label("utf-8")  # a <meta> read as ASCII cannot mean UTF-16 (WHATWG)
    if declared is None or declared.name == "utf-8":
        return _decode_utf8_or_guess(data, declared_utf8=declared is not None)
    return _decode_declared_legacy(data, declared)


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for a page saved as UTF-16 without a mark that starts with "<"
    (the general test, ``bomless_wide_codec``, needs a few characters to go on)."""
    head = data[:2]
    if head == b"<\x00":
        return "utf-16-le"
    if head == b"\x00<":
        return "utf-16-be"
    return None


def _declared_in_page(data: bytes) -> Charset | None:
    head = data[:_PRESCAN_BYTES]
    body = _BODY.search(head)
    if body is not None:
        head = head[: body.start()]
    if b"<!--" in head:
        head = _COMMENT.sub(b"", head)
    for m in _META_CHARSET.finditer(head):
        charset = charset_for_label(m.group(1).decode("ascii"))
        if charset is not None:
            return charset
    xml = _XML_ENCODING.match(head)
    return charset_for_label(xml.group(1).decode("ascii")) if xml else None


def _decode_utf8_or_guess(data: bytes, *, declared_utf8: bool) -> tuple[str, str]:
    """UTF-8 (strays replaced) unless its invalid sequences show a legacy page."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    invalid = text.count(_REPLACEMENT) - data.count(b"\xef\xbf\xbd")
    valid = utf8_chars(data) - invalid  # invalid runs often start with a lead byte too
    # Stray bytes in a UTF-8 page stay stray (replaced); a page whose non-ASCII bytes are
    # mostly invalid UTF-8 is legacy, declared so or not.
    if valid >= 4 * invalid or (declared_utf8 and invalid <= 3):
        return text, "utf-8"
    return guess_legacy(data)


def _decode_declared_legacy(data: bytes, declared: Charset) -> tuple[str, str]:
    if data.isascii():
        return data.decode("ascii"), declared.name
    if utf8_chars(data) > 0:
        try:
            return data.decode("utf-8"), "utf-8"  # valid UTF-8 with multi-byte text: the declaration is wrong
        except UnicodeDecodeError:
            pass
    text = decode_legacy(data, declared.codec)
    # A declaration that leaves a sizeable share of the page undecodable is wrong too.
    if text.count(_REPLACEMENT) * 20 > len(data.translate(None, ASCII_BYTES)):
        guessed, name = guess_legacy(data)
        if guessed.count(_REPLACEMENT) < text.count(_REPLACEMENT):
            return guessed, name
    return text, declared.name
