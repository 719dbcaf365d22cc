"""The HTML front end: rendering into blocks with structural evidence, the HTML-only rules,
and a page-like fuzz of the whole HTML path."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.errors import NewscleanError
from newsclean.html.parse import parse_html
from newsclean.html.segment import attribute_roles, render_page
from newsclean.schema import article_schema

PARAGRAPH = "The council met on Tuesday and agreed to spend more money on the roads, officials said."


def render(html: str) -> list[tuple[str, int]]:
    return [(b.text, b.group) for b in render_page(parse_html(html)).blocks]


def test_layout_follows_inner_text() -> None:
    page = (
        "<body><div>one</div><div>two <b>bold</b> tail</div><p>para<br>second line</p>"
        "<ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table>"
        "<script>var no = 1;</script><p hidden>gone</p><p style='display: none'>gone too</p></body>"
    )
    assert render(page) == [
        ("one", 0),
        ("two bold tail", 0),  # inline elements stay on their line
        ("para", 1),  # <p> starts a group (a blank line in a dump)
        ("second line", 1),  # <br> breaks the line within the group
        ("a", 2),
        ("b", 2),
        ("x y", 3),  # table cells joined by a space
    ]


def test_evidence_of_a_navigation_link() -> None:
    page = render_page(parse_html(f"<body><nav class='main-menu'><a href='/'>Home</a></nav><p>{PARAGRAPH}</p></body>"))
    nav, para = page.blocks
    assert nav.dom is not None and para.dom is not None
    assert nav.dom.link_share == 1.0
    assert "nav" in nav.dom.context.landmarks and nav.dom.context.boiler_tokens == 1
    assert para.dom.link_share == 0.0 and para.dom.context.container == "p"


def test_class_words_in_compounds_and_other_languages() -> None:
    assert attribute_roles("story-body relatedLinks") == {"content", "boiler"}
    assert attribute_roles("socialshare") == {"boiler"}
    assert attribute_roles("vorspann") == {"dek"}
    assert attribute_roles("col-md-8 clearfix") == frozenset()  # layout classes say nothing


def test_heading_inside_the_article_is_a_subheading() -> None:
    body = "".join(f"<p>{PARAGRAPH} Part {n} of the story goes on for a while longer.</p>" for n in range(4))
    article = f"<h1>Roads get more money</h1>{body}<h2>What happens next</h2>{body}"
    html = f"<html><body><article>{article}</article></body></html>"
    record = newsclean.extract(html.encode(), format="html").to_dict()
    assert record["headline"] == "Roads get more money"
    assert record["subheadings"] == ["What happens next"]
    assert "What happens next" in record["body"].split("\n\n")


def test_html_paragraphs_are_never_joined() -> None:
    # a long <p> without closing punctuation is still a whole paragraph (a dump would be rejoined)
    body = "".join(f"<p>{PARAGRAPH} Then the meeting went on for a long time without a break</p>" for _ in range(5))
    record = newsclean.extract(f"<html><body><article><h1>Roads</h1>{body}</article></body></html>", format="html")
    assert len(record.paragraphs) == 5


def test_an_error_page_is_not_an_article() -> None:
    html = "<html><head><title>Page not found</title></head><body><h1>Page not found</h1><p>Sorry.</p></body></html>"
    record = newsclean.extract(html, format="html")
    assert record.is_article is False
    assert any(w.startswith("not an article") or w == "no article text found" for w in record.warnings)


def test_declared_author_that_is_the_outlet_goes_to_site() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Roads get more money",
        "author": {"@type": "Organization", "name": "Daily Bugle"},
        "publisher": {"@type": "Organization", "name": "Daily Bugle"},
        "datePublished": "2021-06-03T14:05:00+02:00",
    }
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(4))
    html = (
        f"<html><head><script type='application/ld+json'>{json.dumps(ld)}</script></head>"
        f"<body><article><h1>Roads get more money</h1>{body}</article></body></html>"
    )
    record = newsclean.extract(html, format="html")
    assert record.authors == []
    assert record.site == "Daily Bugle"
    assert record.published == "2021-06-03T14:05:00+02:00"


_TAGS = st.sampled_from(["p", "div", "span", "a", "h1", "h2", "li", "ul", "table", "tr", "td", "nav", "figure",
                         "figcaption", "script", "article", "br", "time", "aside"])
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def page_like(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(_TAGS)
        cls = draw(st.sampled_from(["", " class='related'", " class='story-body'", " hidden", " class='caption'"]))
        close = draw(st.booleans())  # unclosed tags too
        parts.append(f"<{tag}{cls}>{draw(_TEXT)}" + (f"</{tag}>" if close else ""))
    return "<html><body>" + "".join(parts)


@settings(max_examples=60, deadline=None)
@given(page_like())
def test_any_page_gives_a_valid_record_or_a_clear_error(html: str) -> None:
    try:
        record = newsclean.extract(html.encode("utf-8", "surrogatepass"), format="html").to_dict()
    except NewscleanError:
        return
    jsonschema.validate(record, article_schema())


def test_markup_after_leading_junk_is_html_but_a_quoted_page_in_prose_is_not() -> None:
    from newsclean.decode import sniff_format

    assert sniff_format('<?xml version="1.0"?>\n<!DOCTYPE html\n PUBLIC "-//W3C//DTD XHTML">') == "html"
    assert sniff_format("<br />\n<b>Warning</b>: mysql_connect() failed\n<!DOCTYPE html>\n<html><body>") == "html"
    assert sniff_format("Let's write the test page for it:\n\n<!DOCTYPE html>\n<html>\n<head>") == "text"


def test_published_keeps_the_local_offset_when_utc_and_local_forms_are_both_declared() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Roads get more money",
          "datePublished": "2019-10-18T22:04:00Z"}
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(4))
    html = (
        f"<html><head><script type='application/ld+json'>{json.dumps(ld)}</script>"
        "<meta name='date' content='2019-10-19T00:04:00+02:00'></head>"
        f"<body><article><h1>Roads get more money</h1>{body}</article></body></html>"
    )
    # the same instant; the local form puts it on the day the page's readers saw
    assert newsclean.extract(html, format="html").published == "2019-10-19T00:04:00+02:00"
