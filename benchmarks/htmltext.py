"""Peers' HTML output as plain-text paragraphs, made the way the dev gold bodies are made.

The gold ``body`` of the readability set is ``expected.html`` turned into text by these rules
(``../shared/data/README.md``), and this module applies the same rules to the HTML a peer
returns (readability-lxml's ``summary()``), so that no system gains or loses by formatting:

* every block element (p, h1-h6, li, dt/dd, blockquote, figure, figcaption, table row, div,
  section, ...) is its own paragraph; paragraphs are separated by one empty line;
* whitespace, NBSP included, is collapsed; ``<br>`` is a line break inside its paragraph;
  ``<pre>`` keeps its lines;
* the cells of a table row are joined with `` | ``;
* images, media, svg, scripts and form controls contribute nothing (alt text is not kept).

Only the text between tags matters to the scorers (``\\w+`` shingles, whitespace-normalised
snippets), but the block breaks keep two words of adjacent blocks from fusing into one token.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from lxml import etree
from lxml import html as lhtml

SKIP = frozenset(
    {
        "head", "title", "meta", "link", "base", "script", "style", "noscript", "template",
        "img", "picture", "source", "track", "svg", "video", "audio", "iframe", "object",
        "embed", "param", "canvas", "map", "area", "input", "select", "option", "optgroup",
        "textarea", "button", "datalist", "output", "progress", "meter", "frame", "frameset",
    }
)  # fmt: skip
BLOCKS = frozenset(
    {
        "html", "body", "address", "article", "aside", "blockquote", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main",
        "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "caption", "thead",
        "tbody", "tfoot", "tr", "ul", "search", "listing", "xmp", "plaintext",
    }
)  # fmt: skip
PRE = frozenset({"pre", "listing", "xmp", "plaintext"})
CELLS = frozenset({"td", "th"})
_WS = re.compile(r"[^\S\n]+|\n")  # any whitespace run (NBSP included), or a source newline
_NL = "\ue000"  # a kept line break (<br>, or a <pre> line) until whitespace is collapsed


class _Paragraphs:
    """Collects text pieces and cuts them into paragraphs at block boundaries."""

    def __init__(self) -> None:
        self.paras: list[str] = []
        self.buf: list[str] = []
        self.pre = 0  # depth inside <pre>
        self.row: list[int] = []  # per open <tr>: cells seen so far

    def text(self, s: str | None) -> None:
        if s:
            self.buf.append(s.replace("\n", _NL) if self.pre else s)

    def flush(self) -> None:
        para = _collapse("".join(self.buf))
        self.buf.clear()
        if para:
            self.paras.append(para)

    def walk(self, el: Any) -> None:
        tag = el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else None
        if tag is not None and tag not in SKIP:
            self._element(el, tag)
        self.text(el.tail)

    def _element(self, el: Any, tag: str) -> None:
        if tag == "br":
            self.buf.append(_NL)
            return
        in_row = bool(self.row)
        if tag in CELLS and in_row:
            if self.row[-1]:
                self.buf.append(" | ")
            self.row[-1] += 1
        block = tag in BLOCKS and not (in_row and tag != "tr")  # blocks inside a cell stay inline
        if block:
            self.flush()
        elif in_row and tag in BLOCKS:
            self.buf.append(" ")
        self.pre += tag in PRE
        if tag == "tr":
            self.row.append(0)
        self.text(el.text)
        for child in el:
            self.walk(child)
        if tag == "tr":
            self.row.pop()
        self.pre -= tag in PRE
        if block:
            self.flush()


def _collapse(s: str) -> str:
    lines = (" ".join(_WS.sub(" ", ln).split()) for ln in s.split(_NL))
    return "\n".join(ln for ln in lines if ln)


def html_to_text(markup: str | bytes | None) -> str:
    """Plain text of an HTML fragment or page: one paragraph per block, blank line between."""
    if not markup or not markup.strip():
        return ""
    try:
        root = lhtml.fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    p = _Paragraphs()
    p.walk(root)
    p.flush()
    return "\n\n".join(p.paras)


def lines_to_paragraphs(text: str) -> str:
    """Text with one paragraph per line (trafilatura's txt) in the gold's layout: blank line between."""
    return "\n\n".join(ln.strip() for ln in text.splitlines() if ln.strip())


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "x-sjis": "shift_jis", "utf8": "utf-8",
}  # fmt: skip


def decode_page(data: bytes) -> str:
    """Page bytes as text for a peer whose API takes ``str`` (newspaper4k).

    The rule the dev data was rendered with (``render_text.py``): BOM, else strict UTF-8 (which
    also handles readability's ``qq``, UTF-8 that declares gb2312), else the ``<meta>`` charset,
    else windows-1252.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:20000])
    declared = m.group(1).decode("ascii", "replace").lower() if m else ""
    declared = _ALIASES.get(declared, declared)
    if declared and declared not in ("utf-8", "utf-16"):
        try:
            return data.decode(declared, "replace")
        except LookupError:
            pass
    text = data.decode("utf-8", "replace")
    return data.decode("cp1252", "replace") if declared != "utf-8" and text.count("\ufffd") > 5 else text
