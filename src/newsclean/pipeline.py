"""The spine: ``extract(data) -> Article``. Pure: no I/O, no global state.

1. decode      bytes -> text + encoding                          (decode.py)
2. segment     text -> list[Block], one per non-empty line        (segment_text.py)
               HTML -> the same blocks, rendered, with DOM evidence (html/parse.py, html/segment.py)
3. classify    label every block: body or not, with reasons       (classify.py, html/classify.py)
4. metadata    headline, section, byline, timestamps, captions... (meta/)
5. assemble    paragraphs, dateline, language, warnings -> Article (assemble.py)
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from .assemble import assemble
from .classify import classify
from .decode import decode, head_view, sniff_format
from .errors import InputTooLargeError, UnsupportedFormatError
from .html.classify import classify_html
from .html.declared import read_declared
from .html.encoding import decode_html
from .html.images import article_images
from .html.page_kind import not_article_reason
from .html.parse import parse_html
from .html.reconcile import add_markup_metadata
from .html.revise import revise_html
from .html.segment import render_page
from .language import detect_language
from .meta.date_context import DateContext, date_context
from .meta.timestamps import timestamp_notes
from .metadata import read_metadata
from .model import Article, Source
from .options import Options
from .revise import revise
from .segment_text import segment_text
from .templates.evidence import attach_repeats, weigh_repeats
from .templates.fingerprint import PagePrint, page_print
from .templates.learner import SiteProfile, SiteTemplates
from .templates.sites import site_key

DEFAULT_OPTIONS = Options()


def extract(
    data: bytes | str,
    *,
    format: str | None = None,
    url: str | None = None,
    options: Options | None = None,
    path: str | None = None,
    reference_time: datetime | None = None,
    template: SiteProfile | SiteTemplates | None = None,
) -> Article:
    """Extract one article from a raw page dump (``bytes`` or already-decoded ``str``).

    ``format`` forces "text" or "html" (default: sniffed). ``path`` is recorded as
    ``source.path``. ``reference_time`` (timezone-aware): when the page was fetched, to resolve
    relative timestamps ("5 hours ago"); without it they keep a null value and a warning.
    ``template``: the learned profile of the page's site (``TemplateLearner.profile``), learned
    from a set of pages that includes this one, as ``--learn-templates`` does; or the profiles
    of many sites (``SiteTemplates``), among which the page's is found by its URL or ``path``.
    Raises ``NewscleanError`` subclasses for input that cannot be handled (``ValueError`` for
    a naive ``reference_time``).
    """
    if reference_time is not None and reference_time.utcoffset() is None:
        raise ValueError("reference_time must be timezone-aware (e.g. datetime.now(timezone.utc))")
    opts = options or DEFAULT_OPTIONS
    raw, text, encoding, fmt = _decoded(data, format, opts)
    source = Source(path, fmt, len(raw), encoding, hashlib.sha256(raw).hexdigest(), url)
    if fmt == "html":
        return _extract_html(text, source, url, opts, reference_time, template)
    blocks = segment_text(text)
    language = detect_language(text)
    if isinstance(template, SiteTemplates):
        template = template.for_page(url, path)
    if template is not None:
        attach_repeats(blocks, template, opts)
    classify(blocks, language, opts)
    weigh_repeats(blocks, "text", opts)
    revise(blocks)
    dates = date_context(reference_time, url=url, language=language, text=text)
    meta = read_metadata(blocks, opts, context=dates)
    article = assemble(blocks, meta, source, language, opts)
    _warn_about_dates(article, dates)
    article.url = url
    article.is_article = bool(article.paragraphs)
    return article


def fingerprint(
    data: bytes | str,
    *,
    format: str | None = None,
    url: str | None = None,
    path: str | None = None,
    group_by: str = "auto",
    options: Options | None = None,
) -> PagePrint:
    """The first pass of ``--learn-templates``: the page's site and its line keys, for a
    ``TemplateLearner``. Decodes and segments the page as ``extract`` does (an HTML page's
    declared canonical URL names its site), and stops there."""
    opts = options or DEFAULT_OPTIONS
    _, text, _, fmt = _decoded(data, format, opts)
    if fmt == "html":
        root = parse_html(text)
        url = read_declared(root, url).url or url
        blocks = render_page(root).blocks
    else:
        blocks = segment_text(text)
    return page_print(site_key(url=url, path=path, group_by=group_by), [b.text for b in blocks])


def _decoded(data: bytes | str, format: str | None, opts: Options) -> tuple[bytes, str, str, str]:
    """The input's bytes, its text, the encoding read and the format ("text" or "html")."""
    if isinstance(data, str):
        # A str may hold lone surrogates (e.g. from os.fsdecode or a JSON "\\ud800"): they
        # cannot be written as UTF-8, so they become U+FFFD like any undecodable byte.
        raw = data.encode("utf-8", "surrogatepass")
        data = raw.decode("utf-8", "replace")
        raw = data.encode("utf-8")
    else:
        raw = bytes(data)
    if len(raw) > opts.max_bytes:
        raise InputTooLargeError(f"input is {len(raw):,} bytes, over the limit of {opts.max_bytes:,}")
    if isinstance(data, str):
        text, encoding = data, "utf-8"
        fmt = format or sniff_format(text)
    else:
        fmt = format or sniff_format(head_view(raw))
        if fmt == "html":
            text, encoding = decode_html(raw)  # the page's own charset declarations count here
        else:
            decoded = decode(raw)
            text, encoding = decoded.text, decoded.encoding
    if fmt not in ("text", "html"):
        raise UnsupportedFormatError(f"unknown format {fmt!r} (expected 'text' or 'html')")
    return raw, text, encoding, fmt


def _extract_html(
    text: str,
    source: Source,
    url: str | None,
    opts: Options,
    reference_time: datetime | None,
    template: SiteProfile | SiteTemplates | None,
) -> Article:
    """The same stages on a page: render it into blocks with their DOM evidence, then weigh
    what the page declares about itself against what it shows."""
    root = parse_html(text)
    declared = read_declared(root, url)
    page = render_page(root)
    blocks = page.blocks
    shown = "\n".join(b.text for b in blocks)
    language = detect_language(shown) or declared.language
    if isinstance(template, SiteTemplates):
        template = template.for_page(declared.url or url, source.path)
    if template is not None:
        attach_repeats(blocks, template, opts)
    classify_html(blocks, language, opts)
    weigh_repeats(blocks, "html", opts)
    revise_html(blocks)
    dates = date_context(
        reference_time, url=declared.url or url, language=language, locale=_page_locale(root), text=shown
    )
    meta = read_metadata(blocks, opts, context=dates)
    markup = add_markup_metadata(blocks, meta, declared, opts, dates)
    article = assemble(blocks, meta, source, language, opts)
    _warn_about_dates(article, dates)
    article.url = markup.url or url
    article.site = markup.site
    article.tags = markup.tags
    article.images = markup.image_list(article_images(page.images, blocks, article.url))
    reason = not_article_reason(blocks, declared, article.headline)
    if reason:
        article.is_article = False
        if reason != "no article text found":  # assemble has warned of that already
            article.warnings.append(f"not an article: {reason}")
    return article


def _warn_about_dates(article: Article, dates: DateContext) -> None:
    """Say which of the record's timestamps lack a value or had their zone assumed, and why."""
    article.warnings.extend(timestamp_notes([t.text for t in article.timestamps], dates))


def _page_locale(root: Any) -> str | None:
    """The locale the page declares with a country in it: ``<html lang="en-IN">`` or
    ``og:locale`` ("en_IN"); else its bare language tag, if any."""
    tags = [root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    head = root.find("head")
    if head is not None:
        tags += [el.get("content") for el in head.iter("meta") if el.get("property") == "og:locale"]
    present = [t.strip() for t in tags if t and t.strip()]
    return next((t for t in present if "-" in t or "_" in t), present[0] if present else None)
