"""Stage 2 (HTML path): a parsed page -> the same ``Block`` sequence the text path produces,
each block carrying where it sits in the page (``Block.dom``).

The page is rendered the way a browser's ``innerText`` lays it out, which is also how the
text dumps the line model learnt from were made: paragraphs, headings, lists, tables and
figures are set off by a blank line (a new *group*), other block elements (div, li, tr,
figcaption ...) by a line break, ``<br>`` is a line break. Scripts, styles, embedded media,
form controls and hidden elements render nothing; image alt text is left out (the gold
bodies never hold it and captions come from ``<figcaption>``).

The walk is iterative (no recursion limit on deeply nested pages) and each element's
evidence is computed once from its parent's (``DomContext``), so the cost is linear in the
size of the tree.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from ..features import word_count
from ..model import Block, DomContext, DomEvidence
from ..resources import load_lines, load_table
from ..segment_text import normalize_space


def _elements(kind: str) -> frozenset[str]:
    return frozenset(tag for tag, k in load_table("html/elements.tsv") if k == kind)


_DROP = _elements("drop")  # rendered with nothing, content included
_PARAGRAPH = _elements("paragraph")  # set off by a blank line: a new group, as in the dumps
_BLOCK = _elements("block")  # set off by a line break
_CELL = frozenset(("td", "th"))
_PREFORMATTED = frozenset(("pre", "listing", "xmp", "plaintext"))
_HEADING = {f"h{n}": n for n in range(1, 7)}
# Landmarks an element opens for everything inside it (the tag names themselves, plus ARIA roles).
_LANDMARK_TAGS = {
    "nav": "nav",
    "aside": "aside",
    "form": "form",
    "article": "article",
    "main": "article",
    "ul": "list",
    "ol": "list",
    "dl": "list",
    "table": "table",
    "figure": "figure",
    "figcaption": "caption",
    "blockquote": "quote",
    "pre": "pre",
    "time": "time",
}
_LANDMARK_ROLES = {
    "navigation": "nav",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "aside",
    "main": "article",
    "article": "article",
    "menu": "nav",
    "menubar": "nav",
    "dialog": "aside",
}
# A page-level <header>/<footer> (not inside a sectioning element) is the banner/contentinfo.
_SECTIONING = frozenset(("article", "aside", "main", "nav", "section"))
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1)
def _token_table() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    """Exact token -> role, and patterns finding a word of five letters or more at the start
    or the end of a compound token ("relatedstories", "socialshare")."""
    exact = {row[0]: row[1] for row in load_table("html/class_tokens.tsv")}
    long_words = sorted((w for w in exact if len(w) >= 5), key=len, reverse=True)
    alternation = "|".join(map(re.escape, long_words))
    return exact, re.compile(f"(?:{alternation})"), re.compile(f"(?:{alternation})$")


@lru_cache(maxsize=16384)
def _token_role(token: str) -> str | None:
    exact, at_start, at_end = _token_table()
    role = exact.get(token)
    if role is None and len(token) >= 6:
        m = at_start.match(token) or at_end.search(token)
        if m:
            role = exact[m.group(0)]
    return role


@lru_cache(maxsize=4096)
def attribute_roles(value: str) -> frozenset[str]:
    """Roles named by a class/id/itemprop/role value: "story-body relatedLinks" -> {content, boiler}."""
    roles = set()
    for token in _NON_ALNUM.split(_CAMEL.sub(" ", value).lower()):
        role = _token_role(token) if token else None
        if role is not None:
            roles.add(role)
    return frozenset(roles)


def _is_hidden(el: etree._Element) -> bool:
    get = el.get
    if get("hidden") is not None:
        return True
    style = get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


@lru_cache(maxsize=1)
def _hiding_classes() -> frozenset[str]:
    return frozenset(c.lower() for c in load_lines("html/hidden_classes.txt"))


@lru_cache(maxsize=4096)
def _hides_by_class(classes: str) -> bool:
    hiding = _hiding_classes()
    return any(c.lower() in hiding for c in classes.split())


def _ident(tag: str, el_id: str | None, cls: str | None) -> str:
    """"tag#id.class1.class2", as explain prints an element."""
    ident = tag
    if el_id:
        ident += "#" + el_id.strip()[:30]
    if cls:
        ident += "." + ".".join(cls.split()[:2])[:40]
    return ident


@dataclass(slots=True)
class _Line:
    chunks: list[str] = field(default_factory=list)
    context: DomContext | None = None
    chars: int = 0
    link_chars: int = 0
    has_time: bool = False


@dataclass(frozen=True, slots=True)
class PageImage:
    src: str  # as written in the page (src, else a lazy-loading data-src)
    context: DomContext  # the element holding the <img>
    line: int  # how many lines were rendered before it: its place among the blocks


@dataclass(frozen=True, slots=True)
class RenderedPage:
    blocks: list[Block]
    images: list[PageImage]


_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "data-srcset")


def _image_src(el: etree._Element) -> str | None:
    """The image's address, or None for an inline data: image or a 1x1 tracking pixel."""
    if el.get("width") in ("0", "1") or el.get("height") in ("0", "1"):
        return None
    for attr in ("src", *_LAZY_SRC):
        value = (el.get(attr) or "").strip().split(" ")[0]
        if value and not value.startswith("data:"):
            return value
    return None


class _Renderer:
    """Collects rendered lines and the blank lines between them."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, DomEvidence, int]] = []  # text, evidence, group
        self.images: list[PageImage] = []
        self.group = 0
        self.pending = 0  # line breaks owed before the next text: 1 newline, 2 blank line
        self.line = _Line()

    def text(self, text: str, ctx: DomContext, preformatted: bool) -> None:
        if preformatted:
            first, *rest = text.replace("\r\n", "\n").split("\n")
            self._append(first, ctx)
            for part in rest:
                self.hard_break()
                self._append(part, ctx)
            return
        if not text.strip(" \t\n\r\f"):  # the indentation between tags: most text nodes
            if text:
                self._append(" ", ctx)
            return
        self._append(_ASCII_SPACE.sub(" ", text), ctx)

    def _append(self, text: str, ctx: DomContext) -> None:
        if not text:
            return
        line = self.line
        if not line.chunks and (text.isspace() or not text.strip(" ")):
            return  # whitespace at the start of a line renders nothing
        if self.pending:
            self._flush()
            if self.pending >= 2 and self.lines:
                self.group += 1
            self.pending = 0
            line = self.line
            if text.startswith(" "):
                text = text.lstrip(" ")
        if line.context is None:
            line.context = ctx
        line.chunks.append(text)
        n = len(text)
        line.chars += n
        if ctx.link:
            line.link_chars += n
        if "time" in ctx.landmarks:
            line.has_time = True

    def request(self, breaks: int) -> None:
        if self.line.chunks or self.lines:
            self.pending = max(self.pending, breaks)

    def hard_break(self) -> None:
        """``<br>`` or a newline in preformatted text: ends the line; a second one in a row
        leaves an empty line, which (as in the dumps) starts a new group."""
        if self.line.chunks:
            self._flush()
            self.pending = max(self.pending, 1)
        elif self.lines:
            self.pending = 2

    def _flush(self) -> None:
        line = self.line
        self.line = _Line()
        text = "".join(line.chunks).strip(" ")
        if not text or line.context is None:
            return
        share = min(1.0, line.link_chars / line.chars) if line.chars else 0.0
        self.lines.append((text, DomEvidence(line.context, share, line.has_time), self.group))

    def finish(self) -> list[tuple[str, DomEvidence, int]]:
        self._flush()
        return self.lines


def _child_context(el: etree._Element, tag: str, parent: DomContext, page_chars: int) -> DomContext:
    # Most elements carry no attributes: read them once, in one call, and skip what they decide.
    attrs = dict(el.items()) if len(el.attrib) else _NO_ATTRIBUTES
    landmarks = parent.landmarks
    role = attrs.get("role")
    mark = _LANDMARK_TAGS.get(tag)
    add = {mark} if mark else set()
    if role:
        mark = _LANDMARK_ROLES.get(role.strip().lower())
        if mark:
            add.add(mark)
    if tag in ("header", "footer") and not (landmarks & _SECTIONING_MARKS):
        add.add(tag)
    if add:
        if add & _WRAPPING_MARKS and _wraps_article(el, page_chars):
            add -= _WRAPPING_MARKS  # a broken page's <header> that swallowed the article
        if add:
            landmarks = landmarks | add
    if tag == "section":
        landmarks = landmarks | _SECTION_MARK
    boiler, content = parent.boiler_tokens, parent.content_tokens
    hints = parent.hints
    ident = tag
    if attrs:
        cls, el_id = attrs.get("class"), attrs.get("id")
        # each value on its own: class values repeat across elements and pages (cached), ids do not
        roles = _NO_ROLES
        for value in (cls, el_id, attrs.get("itemprop"), attrs.get("rel"), role):
            if value:
                found = attribute_roles(value)
                if found:
                    roles = roles | found
        if roles:
            boiler += "boiler" in roles
            content += "content" in roles
            other = roles - _BOILER_OR_CONTENT
            if other:
                hints = hints | other
        if attrs.get("aria-hidden") == "true":
            landmarks = landmarks | _ARIA_HIDDEN
        if cls and _hides_by_class(cls):
            landmarks = landmarks | _HIDDEN_CLASS  # hidden by the site's stylesheet, most likely
        ident = _ident(tag, el_id, cls)
    link = True if tag == "a" and "href" in attrs else parent.link
    container = tag if (tag in _PARAGRAPH or tag in _BLOCK or tag in _CELL) else parent.container
    return DomContext(parent, tag, ident, container, _HEADING.get(tag, parent.heading), link, landmarks,
                      boiler, content, hints)


_NO_ATTRIBUTES: dict[str, str] = {}
_NO_ROLES: frozenset[str] = frozenset()
_SECTION_MARK = frozenset(("section",))
_ARIA_HIDDEN = frozenset(("aria-hidden",))
_HIDDEN_CLASS = frozenset(("hidden-class",))
_BOILER_OR_CONTENT = frozenset(("boiler", "content"))


_SECTIONING_MARKS = frozenset(("article", "aside", "nav", "section"))
_WRAPPING_MARKS = frozenset(("nav", "aside", "header", "footer"))


def _text_length(el: etree._Element) -> int:
    """Characters of text under ``el`` (scripts included: a rough measure, computed in C)."""
    return len(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def _wraps_article(el: etree._Element, page_chars: int) -> bool:
    """An element that holds the article (or most of the page's text) is no navigation
    landmark, whatever its tag: libxml2 does not build the HTML5 tree, so an unclosed
    <div> in a <header> swallows the rest of a malformed page."""
    for _ in el.iter("article", "main"):
        return True
    if el.find(".//*[@itemprop='articleBody']") is not None:
        return True
    chars = _text_length(el)
    return chars > page_chars / 2


def render_blocks(root: etree._Element) -> list[Block]:
    """Render the page's ``<body>`` (the whole document when there is none) into blocks."""
    return render_page(root).blocks


def render_page(root: etree._Element) -> RenderedPage:
    """The page's blocks and the images met on the way."""
    body = root.find(".//body") if root.tag != "body" else root
    if body is None:
        body = root
    page_chars = _text_length(body)
    top = DomContext(None, "body", "body", "body", 0, False, frozenset(), 0, 0, frozenset())
    out = _Renderer()
    # work items: (element, parent context) to open, or (text, context, preformatted) to emit
    stack: list[tuple[object, DomContext, bool]] = [(body, top, False)]
    while stack:
        item, ctx, pre = stack.pop()
        if isinstance(item, str):
            if item == "\0close-p":
                out.request(2)
            elif item == "\0close-b":
                out.request(1)
            else:
                out.text(item, ctx, pre)
            continue
        el = item
        assert isinstance(el, etree._Element)
        tag = el.tag
        if not isinstance(tag, str):  # comment or processing instruction: only its tail shows
            continue
        tag = tag.lower()
        if tag in _DROP or (len(el.attrib) and _is_hidden(el)):
            continue
        if tag == "br":
            out.hard_break()
            continue
        if tag == "img":
            src = _image_src(el)
            if src:
                out.images.append(PageImage(src, ctx, len(out.lines)))
            continue
        child_ctx = _child_context(el, tag, ctx, page_chars) if el is not body else top
        child_pre = pre or tag in _PREFORMATTED
        closing = ""
        if tag in _PARAGRAPH:
            out.request(2)
            closing = "\0close-p"
        elif tag in _BLOCK:
            out.request(1)
            closing = "\0close-b"
        elif tag in _CELL and out.line.chunks:
            out.text(" ", child_ctx, False)
        if closing:
            stack.append((closing, child_ctx, child_pre))
        children = list(el)
        if tag == "details" and el.get("open") is None:
            children = [c for c in children if isinstance(c.tag, str) and c.tag.lower() == "summary"]
            text = None
        else:
            text = el.text
        for child in reversed(children):
            if child.tail:
                stack.append((child.tail, child_ctx, child_pre))
            stack.append((child, child_ctx, child_pre))
        if text:
            stack.append((text, child_ctx, child_pre))
    lines = out.finish()
    return RenderedPage(_to_blocks(lines), out.images)


def _to_blocks(lines: list[tuple[str, DomEvidence, int]]) -> list[Block]:
    blocks: list[Block] = []
    renumber: dict[int, int] = {}
    line_no = 0
    previous_group = None
    for raw, evidence, group in lines:
        text = normalize_space(raw)
        if not text:
            continue
        if previous_group is not None and group != previous_group:
            line_no += 1  # the blank line between groups, as a dump would number it
        line_no += 1
        previous_group = group
        g = renumber.setdefault(group, len(renumber))
        block = Block(len(blocks), line_no, raw, text, g, 0, 0, word_count(text))
        block.dom = evidence
        blocks.append(block)
    sizes = Counter(b.group for b in blocks)
    for b in blocks:
        b.group_size = sizes[b.group]
    return blocks
