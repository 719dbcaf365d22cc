"""Structural evidence of HTML lines as numbers, appended to the text features (``features.py``)
so one line model weighs both: what a line says and where the page put it."""

from __future__ import annotations

import math
import re

import numpy as np

from ..model import Block, DomContext

DOM_FEATURE_NAMES: tuple[str, ...] = (
    "dom_in_p",
    "dom_in_h1",
    "dom_in_heading",
    "dom_in_li",
    "dom_in_cell",
    "dom_in_div",  # text straight in a div/section/span soup: templates, not prose
    "dom_in_figure",
    "dom_in_caption",
    "dom_in_quote",
    "dom_in_pre",
    "dom_link_share",
    "dom_all_link",
    "dom_nav",
    "dom_aside",
    "dom_header",
    "dom_footer",
    "dom_form",
    "dom_article",
    "dom_section",
    "dom_aria_hidden",
    "dom_boiler_tokens",
    "dom_content_tokens",
    "dom_hint_caption",
    "dom_hint_byline",
    "dom_hint_date",
    "dom_hint_title",
    "dom_hint_lead",
    "dom_hint_dek",
    "dom_time",
    # Page-level: how much of the page's text sits under the same nearest <article>-like
    # container as this line; the article's own lines share one container.
    "dom_container_share",
    # Readability's candidate scoring (paragraph length and commas credited to the parent
    # and grandparent, discounted by link density): inside the best-scoring element, inside
    # its parent, and the score of the line's best ancestor relative to the best.
    "dom_hidden_class",
    # A line inside one of many look-alike boxes (same tag and classes under the same kind
    # of parent): teaser streams, comment threads, product tiles.
    "dom_log_repeated_box",
    # ... of which three or more carry a linked title: a teaser stream, not the article.
    "dom_teaser_box",
    "dom_in_top_candidate",
    "dom_in_top_parent",
    "dom_candidate_share",
    # Readability keeps whatever its top element holds; the line model needs the products to
    # see that a short list item or heading inside it is article, and prose far outside is not.
    "dom_top_x_list_item",
    "dom_top_x_heading",
    "dom_outside_x_paragraph",
)

_LANDMARK_COLUMNS = ("nav", "aside", "header", "footer", "form", "article", "section", "aria-hidden")
_HINTS = ("caption", "byline", "date", "title", "lead")


def _row(ctx: DomContext, link_share: float, has_time: bool) -> list[float]:
    container = ctx.container
    marks = ctx.landmarks
    return [
        float(container == "p"),
        float(ctx.heading == 1),
        float(ctx.heading > 1),
        float(container in ("li", "dt", "dd")),
        float(container in ("td", "th")),
        float(container in ("div", "section", "body", "article", "main", "center")),
        float("figure" in marks),
        float("caption" in marks or container == "figcaption"),
        float("quote" in marks),
        float("pre" in marks),
        link_share,
        float(link_share > 0.9),
        *(float(m in marks) for m in _LANDMARK_COLUMNS),
        min(ctx.boiler_tokens, 4) / 4,
        min(ctx.content_tokens, 4) / 4,
        *(float(h in ctx.hints) for h in _HINTS),
        float("dek" in ctx.hints),
        float(has_time),
    ]


def _block_container(ctx: DomContext) -> DomContext | None:
    """The nearest ancestor that is a sectioning block (div, section, article, main ...) with
    more than one child line: approximated by the closest div/section/article/main."""
    node = ctx.parent
    while node is not None and node.tag not in ("div", "section", "article", "main", "td", "body"):
        node = node.parent
    return node


def dom_features(blocks: list[Block]) -> np.ndarray:
    """One row of ``DOM_FEATURE_NAMES`` per block (zeros for a block without DOM evidence)."""
    rows: list[list[float]] = []
    mass: dict[int, float] = {}
    keys: list[int] = []
    total = 0.0
    for b in blocks:
        ev = b.dom
        if ev is None:
            rows.append([0.0] * (len(DOM_FEATURE_NAMES) - 1))
            keys.append(-1)
            continue
        rows.append(_row(ev.context, ev.link_share, ev.has_time))
        container = _block_container(ev.context)
        key = id(container)
        weight = math.log1p(b.words) * (1.0 - ev.link_share)
        mass[key] = mass.get(key, 0.0) + weight
        total += weight
        keys.append(key)
    share = [mass.get(k, 0.0) / total if total and k != -1 else 0.0 for k in keys]
    if not rows:
        return np.zeros((0, len(DOM_FEATURE_NAMES)))
    chains = [b.dom.context.ancestors() if b.dom is not None else [] for b in blocks]
    table = np.column_stack(
        [
            np.array(rows, dtype=float),
            np.array(share, dtype=float),
            [float(b.dom is not None and "hidden-class" in b.dom.context.landmarks) for b in blocks],
            *repeated_box_columns(blocks, chains),
            candidate_columns(blocks, chains),
        ]
    )
    return np.hstack([table, _interactions(table)])


def _interactions(table: np.ndarray) -> np.ndarray:
    """The products named at the end of ``DOM_FEATURE_NAMES``, from the columns before them."""
    col = {name: table[:, i] for i, name in enumerate(DOM_FEATURE_NAMES[: table.shape[1]])}
    not_link = 1.0 - col["dom_link_share"]
    return np.column_stack(
        [
            col["dom_in_top_candidate"] * col["dom_in_li"] * not_link,
            col["dom_in_top_candidate"] * col["dom_in_heading"],
            (1.0 - col["dom_in_top_parent"]) * col["dom_in_p"],
        ]
    )


def _box_key(node: DomContext) -> tuple[str, str]:
    """Tag and classes (ids left out: they number the copies) of a box and of its parent."""
    parent = node.parent.ident.split("#")[0] if node.parent is not None else ""
    return parent, node.tag + "." + node.ident.partition(".")[2]


def _paragraph_at(chain: list[DomContext]) -> int:
    """Index in ``chain`` (a line's ancestors) of the line's own paragraph element: the
    nearest one carrying the line's container tag."""
    container = chain[0].container
    return next((i for i, node in enumerate(chain) if node.tag == container), 0)


def repeated_box_columns(blocks: list[Block], chains: list[list[DomContext]]) -> tuple[np.ndarray, np.ndarray]:
    """Per line: log(1 + the most copies of any box above its own paragraph element), and
    whether one of those boxes is a teaser (three or more copies hold a linked title)."""
    copies: dict[tuple[str, str], set[int]] = {}
    titled: dict[tuple[str, str], set[int]] = {}
    boxes_of: list[list[tuple[tuple[str, str], DomContext]]] = []
    key_of: dict[int, tuple[str, str]] = {}  # lines share their boxes: each key is made once
    for b, chain in zip(blocks, chains):
        if b.dom is None:
            boxes_of.append([])
            continue
        at = _paragraph_at(chain)
        boxes = []
        for node in chain[at + 1 : at + 6]:
            key = key_of.get(id(node))
            if key is None:
                key = key_of[id(node)] = _box_key(node)
            boxes.append((key, node))
        boxes_of.append(boxes)
        linked_title = b.dom.link_share > 0.5 and b.words >= 3
        for key, node in boxes:
            copies.setdefault(key, set()).add(id(node))
            if linked_title:
                titled.setdefault(key, set()).add(id(node))
    repeated = np.zeros(len(blocks))
    teaser = np.zeros(len(blocks))
    for i, boxes in enumerate(boxes_of):
        if boxes:
            repeated[i] = math.log1p(max(len(copies[k]) for k, _ in boxes) - 1)
            teaser[i] = any(len(titled.get(k, ())) >= 3 and id(node) in titled[k] for k, node in boxes)
    return repeated, teaser


_SCORED_CONTAINERS = frozenset(("p", "td", "pre", "li", "blockquote"))
_COMMAS = re.compile(r"[,，、،]")


def candidate_columns(blocks: list[Block], chains: list[list[DomContext]]) -> np.ndarray:
    """Readability's content score per element, read off the rendered lines: each paragraph
    line of 25+ characters gives 1 + commas + one point per 100 characters (at most 3) to
    its block's parent, half to the grandparent, a third to the next; an element's score is
    then scaled by (1 - its link density) and moved by its own class/id words."""
    score: dict[int, float] = {}
    nodes: dict[int, DomContext] = {}
    # Characters (and linked characters) under each element: each line adds to its own
    # element, then every element's sums go to its parent, deepest elements first.
    chars: dict[int, float] = {}
    link_chars: dict[int, float] = {}
    depth: dict[int, tuple[int, DomContext]] = {}
    for b, chain in zip(blocks, chains):
        ev = b.dom
        if ev is None:
            continue
        n = len(b.text)
        leaf = id(chain[0])
        chars[leaf] = chars.get(leaf, 0.0) + n
        link_chars[leaf] = link_chars.get(leaf, 0.0) + n * ev.link_share
        for level, node in enumerate(reversed(chain)):
            if id(node) in depth:
                continue
            depth[id(node)] = (level, node)
        if n < 25 or ev.context.container not in _SCORED_CONTAINERS:
            continue
        points = 1.0 + len(_COMMAS.findall(b.text)) + min(n / 100.0, 3.0)
        at = _paragraph_at(chain)
        for level, node in enumerate(chain[at + 1 : at + 4]):
            key = id(node)
            nodes[key] = node
            score[key] = score.get(key, 0.0) + points / (1, 2, 3)[level]
    for key, (_, node) in sorted(depth.items(), key=lambda item: -item[1][0]):
        if node.parent is not None and key in chars:
            up = id(node.parent)
            chars[up] = chars.get(up, 0.0) + chars[key]
            link_chars[up] = link_chars.get(up, 0.0) + link_chars[key]
    final: dict[int, float] = {}
    for key, node in nodes.items():
        own_boiler = node.boiler_tokens - (node.parent.boiler_tokens if node.parent else 0)
        own_content = node.content_tokens - (node.parent.content_tokens if node.parent else 0)
        density = link_chars[key] / chars[key] if chars.get(key) else 0.0
        final[key] = max(0.0, (score[key] + 25 * (own_content - own_boiler)) * (1.0 - density))
    out = np.zeros((len(blocks), 3))
    if not final:
        return out
    top_key = max(final, key=final.__getitem__)
    top = nodes[top_key]
    top_score = final[top_key] or 1.0
    parent_key = id(top.parent) if top.parent is not None else -1
    # Per element, top-down: is the top element or its parent among it and its ancestors,
    # and the best score among them (lines share ancestors: each element is done once).
    seen: dict[int, tuple[bool, bool, float]] = {}
    for _, node in sorted(depth.values(), key=lambda item: item[0]):
        key = id(node)
        above = seen.get(id(node.parent), (False, False, 0.0)) if node.parent is not None else (False, False, 0.0)
        seen[key] = (above[0] or key == top_key, above[1] or key == parent_key, max(above[2], final.get(key, 0.0)))
    for i, chain in enumerate(chains):
        if not chain:
            continue
        in_top, in_parent, best = seen[id(chain[0])]
        out[i, 0] = in_top
        out[i, 1] = in_parent
        out[i, 2] = min(1.0, best / top_score)
    return out
    top_key = max(final, key=final.__getitem__)
    top = nodes[top_key]
    top_score = final[top_key] or 1.0
    parent_key = id(top.parent) if top.parent is not None else -1
    for i, chain in enumerate(chains):
        if not chain:
            continue
        keys = [id(node) for node in chain]
        out[i, 0] = top_key in keys
        out[i, 1] = parent_key in keys
        out[i, 2] = min(1.0, max((final.get(k, 0.0) for k in keys), default=0.0) / top_score)
    return out
