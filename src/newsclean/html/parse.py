"""Parse HTML text into an lxml tree, safely: libxml2's forgiving HTML parser with the
network off, no huge-tree mode (its depth and size limits stay on), comments and
processing instructions dropped."""

from __future__ import annotations

import re

from lxml import etree

from ..errors import DecodeError

_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]{0,200}\?>")


def _parser() -> etree.HTMLParser:
    # plain etree elements: lxml.html's element classes cost a Python lookup per node visited
    return etree.HTMLParser(
        recover=True,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=False,
        default_doctype=False,
        collect_ids=False,
    )


_PARSER = _parser()  # parsers hold no document state between calls; one per process is enough


def parse_html(text: str) -> etree._Element:
    """The document's root element. Raises ``DecodeError`` when nothing parses."""
    # lxml refuses a str that still carries an XML encoding declaration (the bytes are decoded)
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise DecodeError("empty HTML document")
    try:
        root = etree.fromstring(text, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise DecodeError(f"HTML could not be parsed: {exc}") from None
    if root is None:
        raise DecodeError("HTML could not be parsed")
    return root
