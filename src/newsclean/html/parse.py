"""Parse HTML text into an lxml tree, safely: libxml2's forgiving HTML parser with the
network off, no huge-tree mode (its depth and size limits stay on), comments and
processing instructions dropped.

Nothing outside the page is ever read: the HTML parser loads no DTD and expands no entity
but the predefined HTML ones, and a doctype's internal subset (``<!DOCTYPE x [<!ENTITY …>]>``,
the vehicle of "billion laughs" and external-entity payloads) is cut before parsing, so its
declarations never show up as text either.

libxml2 stops building the tree when elements nest deeper than 256 levels and, in recovery
mode, returns what it had: an article silently cut short. Real pages get there by leaving
tags open (``<p><span>text`` over and over: libxml2, unlike a browser, does not let the next
``<p>`` close the ``<span>``). Such a page is parsed again from libxml2's parse events into a
tree built the way a browser builds it (``_BrowserLikeBuilder``): a block start tag closes
an open ``<p>`` and whatever inline elements were left open inside it, ``<li>`` closes an open
``<li>``, and past ``_MAX_DEPTH`` levels elements become siblings rather than children (Chrome
does that at 512). A text run over 10,000,000 characters, libxml2's other limit, ends the
parse too: such a page is refused with ``ResourceLimitError`` naming the limit, as is a page
of more than ``MAX_ELEMENTS`` elements.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from ..errors import DecodeError, ResourceLimitError

_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]{0,200}\?>")
_SUBSET_END = re.compile(r"\]\s*>")  # linear: each "]" is tried once, with the blanks after it
_PROLOG_COMMENTS = 20  # comments looked past before a doctype
_BLANKS = re.compile(r"\s*")
# Elements a page may have. The largest page of the dev corpora has 10,106; every element is
# visited by several stages and each text block costs about 50 us and 1.5 KB (measured on the
# 2-core development machine: 1,000,000 "<p>a b c" took 65 s and 3.3 GB), so 100,000 stays
# within seconds and a few hundred MB.
MAX_ELEMENTS = 100_000
_MAX_DEPTH = 200  # levels the browser-like builder nests elements to (libxml2 stops at 256)
_TEXT_LIMIT = 10_000_000  # libxml2's limit on one text node without huge_tree (XML_MAX_TEXT_LENGTH)


_OPTIONS = {
    "recover": True,
    "no_network": True,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    "remove_blank_text": False,
    "default_doctype": False,
    "collect_ids": False,
}


def _parser() -> etree.HTMLParser:
    # plain etree elements: lxml.html's element classes cost a Python lookup per node visited
    return etree.HTMLParser(**_OPTIONS)


# A parser holds no document between calls, but its error log is the last parse's: one
# parser per thread keeps the log that ``parse_html`` reads its own.
_LOCAL = threading.local()


def _thread_parser() -> etree.HTMLParser:
    parser: etree.HTMLParser | None = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = _parser()
    return parser


def parse_html(text: str) -> etree._Element:
    """The document's root element. Raises ``DecodeError`` when nothing parses and
    ``ResourceLimitError`` when the page is over a limit of the parser or ``MAX_ELEMENTS``."""
    # lxml refuses a str that still carries an XML encoding declaration (the bytes are decoded)
    text = _XML_DECLARATION.sub("", text, count=1)
    text = _without_internal_subset(text)
    if not text.strip():
        raise DecodeError("empty HTML document")
    parser = _thread_parser()
    root = _parse(text, parser)
    if _too_deep(parser.error_log):
        root = _parse(text, etree.HTMLParser(target=_BrowserLikeBuilder(), **_OPTIONS))
    if root is None:
        raise DecodeError("HTML could not be parsed")
    if text.count("<") > MAX_ELEMENTS:  # cheap bound first: counting elements walks the tree
        elements = sum(1 for _ in root.iter())
        if elements > MAX_ELEMENTS:
            raise ResourceLimitError(f"page has {elements:,} elements, over the limit of {MAX_ELEMENTS:,}")
    return root


def _parse(text: str, parser: etree.HTMLParser) -> etree._Element | None:
    try:
        root: etree._Element | None = etree.fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise DecodeError(f"HTML could not be parsed: {exc}") from None
    _check_text_limit(parser.error_log)
    return root


def _without_internal_subset(text: str) -> str:
    """``text`` with a leading doctype's internal subset (entity declarations) removed: the
    doctype ``<!DOCTYPE html [ … ]>`` after blanks and comments, its name and ids before ``[``.
    A plain scan, no regex: a pattern for "blanks and comments, then a doctype" backtracks
    through every ``-->`` of a page that starts with a comment."""
    at = _BLANKS.match(text).end()  # type: ignore[union-attr]  # \s* always matches
    for _ in range(_PROLOG_COMMENTS):
        if not text.startswith("<!--", at):
            break
        close = text.find("-->", at + 4)
        if close < 0:
            return text
        at = _BLANKS.match(text, close + 3).end()  # type: ignore[union-attr]
    if text[at : at + 9].lower() != "<!doctype":
        return text
    head = text[at : at + 500]
    bracket, closing = head.find("["), head.find(">")
    if bracket < 0 or (0 <= closing < bracket):
        return text
    end = _SUBSET_END.search(text, at + bracket)
    # An unterminated subset swallows the page in a browser too: keep nothing of it.
    return text[:at] + (text[end.end() :] if end is not None else "")


def _too_deep(log: etree._ListErrorLog) -> bool:
    return any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message.lower() for e in log)


def _check_text_limit(log: etree._ListErrorLog) -> None:
    """Raise when libxml2 halted on a limit other than nesting depth (it keeps what it had)."""
    for entry in log:
        message = entry.message.strip()
        if entry.type_name == "ERR_NO_MEMORY":
            raise ResourceLimitError(f"the HTML parser ran out of memory ({message})")
        if entry.type_name == "ERR_RESOURCE_LIMIT" and "depth" not in message.lower():
            raise ResourceLimitError(
                f"page holds a text run over {_TEXT_LIMIT:,} characters, the HTML parser's limit"
                " (libxml2, huge_tree off): it would be read only in part"
            )


# Start tags that close an open <p> (HTML's "close a p element"), and the elements that stop
# the search for one (a <p> inside a table cell is not closed by a block after the cell).
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "ul",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dd",
        "dt",
    ]
)
_SCOPE = frozenset(["html", "body", "table", "td", "th", "caption", "button", "object", "marquee", "template"])
_LIST_ITEM = {"li": frozenset({"li"}), "dd": frozenset({"dd", "dt"}), "dt": frozenset({"dd", "dt"})}
_LIST_SCOPE = _SCOPE | {"ul", "ol", "dl"}


class _BrowserLikeBuilder:
    """An lxml parser target that builds the tree from libxml2's parse events with the implied
    end tags a browser applies (see the module docstring); libxml2's own end events that no
    longer match an open element are ignored. Used only for pages nested beyond libxml2's limit."""

    def __init__(self) -> None:
        self._builder = etree.TreeBuilder()
        self._open: list[str] = []
        self._elements = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self._elements += 1
        if self._elements > MAX_ELEMENTS:
            raise ResourceLimitError(f"page has more than {MAX_ELEMENTS:,} elements, the limit")
        if tag in _LIST_ITEM:
            self._close_in_scope(_LIST_ITEM[tag], _LIST_SCOPE)
        if tag in _CLOSES_P:
            self._close_in_scope(frozenset({"p"}), _SCOPE)
        if len(self._open) >= _MAX_DEPTH:
            self._pop()  # a sibling of the deepest element instead of its child
        self._builder.start(tag, dict(attrib))
        self._open.append(tag)

    def end(self, tag: str) -> None:
        if tag in self._open:
            while self._pop() != tag:
                pass

    def data(self, text: str) -> None:
        self._builder.data(text)

    def close(self) -> etree._Element:
        while self._open:
            self._pop()
        root: etree._Element = self._builder.close()
        return root

    def _close_in_scope(self, tags: frozenset[str], scope: frozenset[str]) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i] in tags:
                while len(self._open) > i:
                    self._pop()
                return
            if self._open[i] in scope:
                return

    def _pop(self) -> str:
        tag = self._open.pop()
        self._builder.end(tag)
        return tag
