"""Everything a page declares about itself: ``<title>``, ``<meta>`` (OpenGraph, ``article:*``,
Twitter, parsely, sailthru, Dublin Core, byl ...), ``<link rel=canonical>``, JSON-LD,
microdata and ``<time datetime>``.

``read_declared`` gathers the raw values in one pass over the tree (plus one XPath for
microdata), then builds each field from its sources in the priority order of
``data/html/declared_sources.tsv``. It never raises on malformed data: a value of an
unexpected shape is skipped. The declared values are evidence, not the answer: the
pipeline reconciles them with what the page shows (an SEO headline, an outlet as author).
Source names (``Candidate.source``, ``DeclaredDate.source``) are those of the table, e.g.
``jsonld:datePublished``, ``meta:article:published_time``, ``microdata:headline``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any, cast
from urllib.parse import urljoin

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from .declared_dates import parse_declared_date
from .declared_model import Candidate, Declared, DeclaredDate, DeclaredImage, TimeElement
from .declared_names import host_keys, name_key
from .declared_title import split_title
from .declared_values import (
    URL_KEYS,
    RawValues,
    absolute_url,
    all_sources,
    clean_text,
    find_authors,
    find_dates,
    find_free,
    find_images,
    is_http,
    language_code,
    sources,
    split_tags,
    strings,
)
from .jsonld import JsonLd, JsonObject, parse_jsonld, schema_kind, type_names

__all__ = ["Candidate", "Declared", "DeclaredDate", "DeclaredImage", "TimeElement", "read_declared"]

# Through the attribute axis: "//*[@itemprop or @itemtype]" tests every element and costs 3-4x more.
_MICRODATA = etree.XPath("(//@itemprop|//@itemtype)/..")
_MAX_ITEM_TEXT = 300  # microdata text taken from an element's content


def read_declared(root: etree._Element, url: str | None = None) -> Declared:
    """What the page under ``root`` (an lxml element of the parsed document) declares.

    ``url``: where the page was fetched from, to absolutise relative URLs and to recognise
    the site's name in the title and among authors.
    """
    raw: RawValues = defaultdict(list)
    wanted = all_sources()
    title: str | None = None
    base_href: str | None = None
    scripts: list[str] = []
    times: list[Any] = []
    doc = root.getroottree().getroot()
    lang = doc.get("lang") or doc.get("xml:lang")
    if lang:
        raw["html:lang"].append(lang)
    for el in root.iter("meta", "link", "script", "title", "base", "time"):
        tag = el.tag
        if tag == "meta":
            _read_meta(el, raw, wanted)
        elif tag == "link":
            rel, href = el.get("rel"), el.get("href")
            if rel and href and "canonical" in rel.lower().split():
                raw["link:canonical"].append(href)
        elif tag == "script":
            kind = el.get("type")
            if kind and "ld+json" in kind.lower():
                scripts.append(el.text or "")
        elif tag == "title":
            if title is None and not any(a.tag == "svg" for a in el.iterancestors()):
                title = _text(el) or None
        elif tag == "base":
            base_href = base_href or el.get("href")
        elif el.get("datetime") is not None:
            times.append(el)
    types = _read_microdata(root, raw, wanted)
    ld = parse_jsonld(scripts)
    base = _base_url(url, base_href)
    _read_jsonld(ld, raw, wanted, types, _matches_page(raw, base))
    return _assemble(raw, title, base, url, ld, types, times)


def _read_meta(el: Any, raw: RawValues, wanted: frozenset[str]) -> None:
    content = el.get("content")
    if content is None:
        return
    # <meta itemprop> is microdata: read with its item (a reference list's authors are not the page's)
    for attr, prefix in (("property", "meta:"), ("name", "meta:"), ("http-equiv", "http-equiv:")):
        keys = el.get(attr)
        if keys:
            for key in keys.lower().split():
                source = prefix + key
                if source in wanted:
                    raw[source].append(content)


def _read_microdata(root: etree._Element, raw: RawValues, wanted: frozenset[str]) -> list[str]:
    """Microdata itemprops of the page's first article item (or of no item); returns the itemtypes."""
    types: list[str] = []
    main_scope = None
    for el in cast("list[Any]", _MICRODATA(root)):
        itemtype = el.get("itemtype")
        if itemtype:
            types.extend(t.rstrip("/").rsplit("/", 1)[-1] for t in itemtype.split())
        prop = el.get("itemprop")
        if not prop:
            continue
        props = [s for s in ("microdata:" + p for p in prop.lower().split()) if s in wanted]
        if not props:
            continue
        scope = next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)
        if scope is not None:
            kinds = {schema_kind(t.rstrip("/").rsplit("/", 1)[-1]) for t in (scope.get("itemtype") or "").split()}
            if kinds & {"article", "media"}:
                main_scope = scope if main_scope is None else main_scope
                if scope is not main_scope:
                    continue  # a related article's properties
            elif "page" not in kinds:
                continue  # a property of a person, an image, a list item ...
        value = _microdata_value(el, props[0])
        if value:
            for source in props:
                raw[source].append(value)
    return types


def _microdata_value(el: Any, source: str) -> str:
    if el.tag == "meta":
        return el.get("content") or ""
    if source == "microdata:author" and el.get("itemscope") is not None:
        for sub in el.iterdescendants():
            if "name" in (sub.get("itemprop") or "").split():
                return sub.get("content") or _text(sub)
        return ""
    value = el.get("datetime") or el.get("content")
    return value if value is not None else _text(el)[:_MAX_ITEM_TEXT]


def _matches_page(raw: RawValues, base: str | None) -> set[str]:
    """URL keys that identify this page: its canonical and og:url (and the given URL)."""
    urls = [absolute_url(u, base) for u in (*raw.get("link:canonical", ()), *raw.get("meta:og:url", ()))]
    return {_url_key(u) for u in (*urls, base) if u}


def _url_key(url: str) -> str:
    url = url.split("#", 1)[0].split("?", 1)[0].strip().rstrip("/")
    return url.split("://", 1)[-1].removeprefix("www.")


def _read_jsonld(ld: JsonLd, raw: RawValues, wanted: frozenset[str], types: list[str], page_urls: set[str]) -> None:
    """The main article object's properties as ``jsonld:*``, its page's as ``jsonld-page:*``."""
    by_kind: dict[str, list[JsonObject]] = defaultdict(list)
    ld_types: list[str] = []
    for obj in ld.objects:
        names = type_names(obj)
        ld_types.extend(names)
        for kind in dict.fromkeys(schema_kind(t) for t in names):
            if kind is not None:
                by_kind[kind].append(obj)
    types[:0] = ld_types  # JSON-LD types first, then microdata
    articles = by_kind.get("article") or by_kind.get("media") or []
    pages = by_kind.get("page", [])
    # The object describing this page (its URL is the canonical one), else the first of its kind.
    article = next((a for a in articles if _object_urls(a, ld) & page_urls), articles[0] if articles else None)
    page = next((p for p in pages if _object_urls(p, ld) & page_urls), pages[0] if pages else None)
    for prefix, main in (("jsonld:", article), ("jsonld-page:", page)):
        if main is not None:
            for key, value in main.items():
                if prefix + key in wanted:
                    raw[prefix + key].append(value)
    for kind, source in (("site", "jsonld-site:name"), ("organization", "jsonld-org:name")):
        if by_kind.get(kind):
            raw[source].append(by_kind[kind][0].get("name"))


def _object_urls(obj: JsonObject, ld: JsonLd) -> set[str]:
    urls = strings(obj.get("url"), ld, URL_KEYS) + strings(obj.get("mainEntityOfPage"), ld, URL_KEYS)
    node_id = obj.get("@id")
    if isinstance(node_id, str):
        urls.append(node_id)
    return {_url_key(u) for u in urls}


def _base_url(url: str | None, base_href: str | None) -> str | None:
    if not base_href:
        return url
    try:
        return urljoin(url, base_href.strip()) if url else base_href.strip()
    except ValueError:
        return url


def _assemble(
    raw: RawValues,
    title: str | None,
    base: str | None,
    url: str | None,
    ld: JsonLd,
    types: list[str],
    times: list[Any],
) -> Declared:
    def candidates(field_name: str, keys: tuple[str, ...] = ("name",)) -> Iterator[Candidate]:
        for source in sources(field_name):
            for value in raw.get(source, ()):
                for text in strings(value, ld, keys):
                    yield Candidate(source, text)

    site_names = [c.value for c in candidates("site_name")]
    # An article object's "name" can be the outlet's: not a headline.
    site_name_keys = {name_key(s) for s in site_names}
    headlines = tuple(
        c
        for c in dict.fromkeys(candidates("headline"))
        if not (c.source.endswith(":name") and name_key(c.value) in site_name_keys)
    )
    # ... and an application-name can be the headline: not a site name.
    headline_keys = {name_key(h.value) for h in headlines}
    site_names = [s for s in site_names if name_key(s) not in headline_keys]
    publisher = next(iter(strings(raw.get("jsonld:publisher"), ld) + strings(raw.get("jsonld-org:name"), ld)), None)
    page_url = next((u for c in candidates("url", URL_KEYS) if (u := absolute_url(c.value, base)) and is_http(u)), None)
    hosts = host_keys(page_url or url)
    title_headline, title_site = (None, None)
    if title:
        title_headline, title_site = split_title(title, site_names, hosts, (h.value for h in headlines))
    site_keys = {name_key(s) for s in _outlet_names(raw, ld)} | hosts
    site_keys.discard("")
    authors, author_candidates, organizations = find_authors(raw, ld, site_keys, hosts)
    sections = tuple(dict.fromkeys(c.value for c in candidates("section")))
    languages = tuple(
        Candidate(c.source, code)
        for c in candidates("language", ("alternateName", "name"))
        if (code := language_code(c.value))
    )
    return Declared(
        title=title,
        title_headline=title_headline,
        title_site=title_site,
        headlines=headlines,
        site_name=site_names[0] if site_names else None,
        publisher=publisher,
        url=page_url,
        description=next((c.value for c in candidates("description")), None),
        section=sections[0] if sections else None,
        sections=sections,
        tags=split_tags(c.value for c in candidates("tags")),
        language=languages[0].value if languages else None,
        languages=languages,
        authors=authors,
        author_candidates=author_candidates,
        organizations=organizations,
        published=find_dates(raw, ld, sources("published")),
        modified=find_dates(raw, ld, sources("modified")),
        types=tuple(dict.fromkeys(types)),
        og_type=next((c.value.lower() for c in candidates("og_type")), None),
        is_accessible_for_free=find_free(raw),
        images=find_images(raw, ld, sources("image"), base),
        time_elements=tuple(_time_element(el) for el in times),
        jsonld_errors=ld.errors,
    )


def _outlet_names(raw: RawValues, ld: JsonLd) -> list[str]:
    """The outlet's names, to tell its byline from a person's. Left out: CMS fields that often
    hold the author (dc.publisher, application-name) and a publisher declared a Person (blogs)."""
    names = [s for v in raw.get("meta:og:site_name", ()) for s in strings(v, ld)]
    for value in raw.get("jsonld:publisher", ()):
        for obj in value if isinstance(value, list) else [value]:
            if not (isinstance(obj, dict) and "Person" in type_names(ld.resolve(obj))):
                names += strings(obj, ld)
    for source in ("jsonld-site:name", "jsonld-org:name"):
        names += [s for v in raw.get(source, ()) for s in strings(v, ld)]
    return names


def _time_element(el: Any) -> TimeElement:
    raw = el.get("datetime") or ""
    return TimeElement(parse_declared_date(raw), raw, _text(el), el)


def _text(el: Any) -> str:
    """The element's text, whitespace-normalised (and cut at ``clean_text``'s limit)."""
    return clean_text("".join(el.itertext()))
