"""JSON-LD blocks of a page (``<script type="application/ld+json">``), read leniently.

Pages wrap the JSON in CDATA or comments, leave trailing commas, escape it as HTML
("&quot;"), concatenate several objects, or break it outright (an unescaped quote inside a
headline). Each block is tried as is, then with those repairs; a block that still fails
gives what a few anchored regexes can salvage (``@type``, headline, dates, author name).

The parsed values are flattened into ``objects``: every block's top-level objects, the
members of ``@graph`` arrays and the ``mainEntity`` of pages, in document order. ``by_id``
maps ``@id`` to the fullest object with that id, so ``{"@id": ...}`` references resolve.
Vocabulary: ``data/html/schema_types.tsv``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..resources import load_table

__all__ = ["JsonLd", "parse_jsonld", "schema_kind", "type_names"]

JsonObject = dict[str, Any]

_WRAPPER_START = re.compile(r"\A\s*(?:/\*\s*)?(?://\s*)?(?:<!\[CDATA\[|<!--)(?:\s*\*/)?")
_WRAPPER_END = re.compile(r"(?:/\*\s*)?(?://\s*)?(?:\]\]>|-->)(?:\s*\*/)?\s*\Z")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_SPACED_ENTITY = re.compile(r"&\s*#\s*(\d{1,5})\s*;")  # "& #34;" as one broken page writes quotes
_BETWEEN_VALUES = frozenset(" \t\r\n,;")
# Salvage from a block that does not parse: "key": "value" pairs of the fields that matter.
# A value runs to the first quote that is followed by a comma, a brace or a line end, so a
# headline holding unescaped quotes ("... de "incapacitado"",) is kept whole.
_SALVAGE = re.compile(
    r'"(@type|headline|datePublished|dateModified|dateCreated|inLanguage)"\s*:\s*"(.{0,1000}?)"\s*(?=,\s*"|,?\s*[}\]\n])'
)
_SALVAGE_AUTHOR = re.compile(r'"author"\s*:\s*\[?\s*\{[^{}]{0,300}?"name"\s*:\s*"([^"\n]{1,200})"')
_MAX_NODES = 20_000  # JSON nodes visited per page: bounds the cost of huge or hostile blocks


@dataclass(slots=True)
class JsonLd:
    objects: list[JsonObject] = field(default_factory=list)  # top-level objects in document order
    by_id: dict[str, JsonObject] = field(default_factory=dict)
    errors: int = 0  # blocks that did not parse as JSON even after repairs

    def resolve(self, value: Any) -> Any:
        """``value`` itself, or the object its ``{"@id": ...}`` reference points to."""
        if isinstance(value, dict) and len(value) <= 2 and isinstance(value.get("@id"), str):
            return self.by_id.get(value["@id"], value)
        return value


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    return {name.casefold(): kind for name, kind in load_table("html/schema_types.tsv")}


def schema_kind(type_name: str) -> str | None:
    """'article', 'media', 'page', 'site' or 'organization' for a schema.org type, else None."""
    return _kinds().get(type_name.casefold())


def type_names(obj: JsonObject) -> list[str]:
    """The object's ``@type`` values as bare names ("http://schema.org/NewsArticle" -> "NewsArticle")."""
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if isinstance(v, str) and v.strip():
            out.append(re.split(r"[/:#]", v.strip())[-1])
    return out


def parse_jsonld(blocks: Iterable[str]) -> JsonLd:
    """Parse the text of every JSON-LD script of a page."""
    ld = JsonLd()
    budget = [_MAX_NODES]
    for text in blocks:
        values = _load(text)
        if values is None:
            ld.errors += 1
            values = _salvage(text)
        for value in values:
            _collect(ld, value, budget)
    return ld


def _load(text: str) -> list[Any] | None:
    """The JSON values in one block, or None when it cannot be read even after repairs."""
    text = text.strip()
    if text[:1] not in "{[":  # only wrapped blocks need the wrapper regexes (anchored, but slow on long text)
        text = _WRAPPER_START.sub("", text)
    if text[-1:] not in "}]":
        text = text[:-40] + _WRAPPER_END.sub("", text[-40:])
    if not text.strip():
        return []
    values = _decode_all(text)
    if values is not None:
        return values
    repaired = _TRAILING_COMMA.sub(r"\1", text)
    if "&" in repaired and ("&quot;" in repaired or "#34" in repaired):
        repaired = html.unescape(_SPACED_ENTITY.sub(r"&#\1;", repaired))
    return _decode_all(repaired) if repaired != text else None


def _decode_all(text: str) -> list[Any] | None:
    """Every JSON value in ``text`` (some pages concatenate several); None if the first fails."""
    decoder = json.JSONDecoder(strict=False)  # strict=False: raw control characters in strings
    values: list[Any] = []
    pos = _skip_separators(text, 0)
    while pos < len(text):
        try:
            value, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            return values or None
        values.append(value)
        pos = _skip_separators(text, pos)
    return values


def _skip_separators(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _BETWEEN_VALUES:
        pos += 1
    return pos


def _salvage(text: str) -> list[Any]:
    obj: JsonObject = {}
    for key, value in _SALVAGE.findall(text):
        obj.setdefault(key, value.replace('\\"', '"'))
    author = _SALVAGE_AUTHOR.search(text)
    if author:
        obj["author"] = {"name": author.group(1)}
    return [obj] if obj else []


def _collect(ld: JsonLd, value: Any, budget: list[int]) -> None:
    """Add the top-level objects in ``value`` to ``ld.objects`` and index every ``@id``."""
    for obj in _top_level(value):
        ld.objects.append(obj)
    for obj in _walk(value, budget):
        node_id = obj.get("@id")
        if isinstance(node_id, str) and len(obj) > len(ld.by_id.get(node_id, ())):
            ld.by_id[node_id] = obj  # the fullest object with this id; references have just "@id"


def _top_level(value: Any) -> Iterator[JsonObject]:
    if isinstance(value, list):
        for item in value[:200]:
            yield from _top_level(item)
    elif isinstance(value, dict):
        graph = value.get("@graph")
        if graph is not None and not any(k not in ("@context", "@graph", "@id") for k in value):
            yield from _top_level(graph)
            return
        yield value
        if isinstance(graph, list | dict):
            yield from _top_level(graph)
        main = value.get("mainEntity")
        if isinstance(main, dict | list) and any(schema_kind(t) == "page" for t in type_names(value)):
            yield from _top_level(main)


def _walk(value: Any, budget: list[int]) -> Iterator[JsonObject]:
    """Every object in ``value``, depth first, at most ``budget[0]`` nodes over the page."""
    stack = [value]
    while stack and budget[0] > 0:
        node = stack.pop()
        budget[0] -= 1
        if isinstance(node, dict):
            yield node
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
