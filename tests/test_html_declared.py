"""newsclean.html.declared: what a page declares about itself (meta, JSON-LD, microdata, title).

Every expected value below was read off the hand-written page above it.
"""

from __future__ import annotations

import json
from datetime import date

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.html.declared import Candidate, DeclaredDate, DeclaredImage, read_declared
from newsclean.html.declared_dates import parse_declared_date
from newsclean.html.declared_names import name_from_profile_url, split_author_value
from newsclean.html.declared_title import split_title


def page(head: str, body: str = "<p>Text.</p>", html_attrs: str = "") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        f"<!DOCTYPE html><html{html_attrs}><head>{head}</head><body>{body}</body></html>"
    )


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "@id": "https://example.com/#website", "name": "Example News"},
        {"@type": "NewsMediaOrganization", "@id": "https://example.com/#org", "name": "Example News Ltd"},
        {
            "@type": "WebPage",
            "@id": "https://example.com/2016/03/story/",
            "url": "https://example.com/2016/03/story/",
            "name": "Mayor opens bridge - Example News",
            "inLanguage": "de-DE",
        },
        {
            "@type": "Person",
            "@id": "https://example.com/#/schema/person/1",
            "name": "Jane Doe",
            "url": "https://example.com/author/jane-doe/",
        },
        {
            "@type": ["NewsArticle"],
            "@id": "https://example.com/2016/03/story/#article",
            "isPartOf": {"@id": "https://example.com/2016/03/story/"},
            "mainEntityOfPage": {"@id": "https://example.com/2016/03/story/"},
            "headline": "Mayor opens the new bridge",
            "datePublished": "2016-03-24T10:24:00Z",
            "dateModified": "2016-03-24T12:00:00+01:00",
            "author": {"@id": "https://example.com/#/schema/person/1"},
            "publisher": {"@id": "https://example.com/#org"},
            "articleSection": ["Local", "Berlin"],
            "keywords": ["bridges", "Berlin"],
            "isAccessibleForFree": "False",
            "image": {
                "@type": "ImageObject",
                "url": "/img/bridge.jpg",
                "caption": "The bridge at dawn",
                "creditText": "Photo: AP",
            },
        },
    ],
}


def test_jsonld_graph_with_references() -> None:
    d = read_declared(page(ld(GRAPH) + '<link rel="canonical" href="/2016/03/story/">'), url="https://example.com/feed")
    assert d.headlines[0] == Candidate("jsonld:headline", "Mayor opens the new bridge")
    assert d.authors == ("Jane Doe",)
    assert d.author_candidates == (Candidate("jsonld:author", "Jane Doe"),)
    assert d.organizations == ()
    assert d.publisher == "Example News Ltd"
    assert d.site_name == "Example News Ltd"  # publisher.name outranks the WebSite's name
    assert d.url == "https://example.com/2016/03/story/"
    assert d.published == (DeclaredDate("jsonld:datePublished", "2016-03-24T10:24:00Z", "2016-03-24T10:24:00+00:00"),)
    assert d.modified == (
        DeclaredDate("jsonld:dateModified", "2016-03-24T12:00:00+01:00", "2016-03-24T12:00:00+01:00"),
    )
    assert d.sections == ("Local", "Berlin")
    assert d.section == "Local"
    assert d.tags == ("bridges", "Berlin")
    assert d.language == "de"  # from the WebPage's inLanguage
    assert d.is_accessible_for_free is False
    assert d.images == (DeclaredImage("https://example.com/img/bridge.jpg", "The bridge at dawn", "Photo: AP"),)
    assert d.types == ("WebSite", "NewsMediaOrganization", "WebPage", "Person", "NewsArticle")
    assert d.jsonld_errors == 0


def test_jsonld_array_person_and_organization_authors() -> None:
    blocks = [
        {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "name": "World"}]},
        {
            "@type": "ReportageNewsArticle",
            "headline": "Floods in the north",
            "author": [
                {"@type": "Person", "name": "Jane Doe"},
                {"@type": "Organization", "name": "Reuters"},
                "John Roe",
                {"@type": "Person", "givenName": "Max", "familyName": "Moe"},
            ],
            "publisher": {"@type": "Organization", "name": "Daily Planet"},
        },
    ]
    d = read_declared(page(ld(blocks)))
    assert d.authors == ("Jane Doe", "John Roe", "Max Moe")
    assert d.organizations == ("Reuters",)
    assert d.types == ("BreadcrumbList", "ReportageNewsArticle")


def test_jsonld_author_as_string_list_and_outlet_as_author() -> None:
    article = {
        "@type": "Article",
        "headline": "Budget passes",
        "author": ["Anna Berg", "Tom Lind", "Daily Planet"],
        "publisher": {"@type": "Organization", "name": "Daily Planet"},
    }
    d = read_declared(page(ld(article)))
    assert d.authors == ("Anna Berg", "Tom Lind")
    assert d.organizations == ("Daily Planet",)  # the outlet's own name is not a person


def test_bad_jsonld_is_repaired_or_salvaged() -> None:
    trailing_comma = (
        '<script type="application/ld+json"><![CDATA[ {"@type": "NewsArticle", "headline": "A", } ]]></script>'
    )
    d = read_declared(page(trailing_comma))
    assert d.headlines == (Candidate("jsonld:headline", "A"),)
    assert d.jsonld_errors == 0

    broken = (
        '<script type="application/ld+json">\n{"@type": "NewsArticle",\n'
        '"headline": "Senator calls it "unfit"",\n"datePublished": "2022-05-03T10:00:00-05:00",\n'
        '"author": {"@type": "Person", "name": "Ana Ruiz"}\n</script>'
    )
    d = read_declared(page(broken))
    assert d.jsonld_errors == 1
    assert d.headlines == (Candidate("jsonld:headline", 'Senator calls it "unfit"'),)
    assert d.published == (
        DeclaredDate("jsonld:datePublished", "2022-05-03T10:00:00-05:00", "2022-05-03T10:00:00-05:00"),
    )
    assert d.authors == ("Ana Ruiz",)


def test_html_entities_and_markup_in_jsonld_strings() -> None:
    article = {
        "@type": "NewsArticle",
        "headline": "Tom &amp; Jerry&#39;s <b>return</b>",
        "description": " Two\n lines ",
    }
    d = read_declared(page(ld(article)))
    assert d.headlines[0].value == "Tom & Jerry's return"
    assert d.description == "Two lines"


def test_meta_fallbacks_in_priority_order() -> None:
    head = """
    <title>Storm hits coast</title>
    <meta name="dc.title" content="DC title">
    <meta name="parsely-title" content="Parsely title">
    <meta property="og:title" content="OG title">
    <meta name="twitter:title" content="Twitter title">
    <meta name="parsely-author" content="Jane Doe">
    <meta name="byl" content="By JANE DOE and JOHN ROE">
    <meta name="dc.creator" content="Doe, Jane">
    <meta name="parsely-pub-date" content="2024-04-20T04:20:00.000Z">
    <meta name="DC.date.issued" content="2024-04-20">
    <meta name="sailthru.date" content="2024-04-19 22:20:00">
    <meta property="article:modified_time" content="2024-04-21T08:00:00+02:00">
    <meta name="parsely-section" content="Weather">
    <meta property="og:type" content="article">
    """
    d = read_declared(page(head))
    assert [c.source for c in d.headlines] == [
        "meta:og:title",
        "meta:twitter:title",
        "meta:parsely-title",
        "meta:dc.title",
    ]
    assert d.authors == ("Jane Doe",)  # parsely-author is the first author source present
    assert d.author_candidates == (
        Candidate("meta:parsely-author", "Jane Doe"),
        Candidate("meta:byl", "JANE DOE"),
        Candidate("meta:byl", "JOHN ROE"),
        Candidate("meta:dc.creator", "Doe, Jane"),
    )
    assert d.published == (
        DeclaredDate("meta:parsely-pub-date", "2024-04-20T04:20:00.000Z", "2024-04-20T04:20:00+00:00"),
        DeclaredDate("meta:sailthru.date", "2024-04-19 22:20:00", "2024-04-19T22:20:00"),
        DeclaredDate("meta:dc.date.issued", "2024-04-20", "2024-04-20"),
    )
    assert d.modified == (
        DeclaredDate("meta:article:modified_time", "2024-04-21T08:00:00+02:00", "2024-04-21T08:00:00+02:00"),
    )
    assert d.section == "Weather"
    assert d.og_type == "article"
    assert (d.title, d.title_headline, d.title_site) == ("Storm hits coast", "Storm hits coast", None)


def test_space_separated_meta_properties() -> None:
    d = read_declared(page('<meta property="og:title twitter:title" content="Both">'))
    assert d.headlines == (Candidate("meta:og:title", "Both"), Candidate("meta:twitter:title", "Both"))


def test_author_urls_and_profile_slugs() -> None:
    head = """
    <meta property="article:author" content="https://www.facebook.com/janedoe">
    <meta property="article:author" content="https://example.com/author/jane-van-doe/">
    """
    d = read_declared(page(head))
    assert d.authors == ("Jane van Doe",)


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
        ("Doe, Jane", ["Doe, Jane"]),
        ("Jong, Michiel de", ["Jong, Michiel de"]),
        ("Jane Doe, Reuters", ["Jane Doe", "Reuters"]),
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        ("Mac & i", ["Mac & i"]),
        (
            "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
            ["Martin Untersinger", "Damien Leloup", "Morgane Tual"],
        ),
        ("Matthias Hille - Lukas Balbach", ["Matthias Hille", "Lukas Balbach"]),
        ("Von Hans Müller; Eva Schmidt", ["Hans Müller", "Eva Schmidt"]),
        ("jane@example.com", []),
        ("@janedoe", []),
        ("admin", []),
        ("jdoe", []),
        ("https://example.com/people/jane-doe", []),
    ],
)
def test_split_author_value(value: str, names: list[str]) -> None:
    assert split_author_value(value) == names


def test_profile_url_slug_is_conservative() -> None:
    assert name_from_profile_url("https://example.com/author/jane-doe/") == "Jane Doe"
    assert name_from_profile_url("https://example.com/autoren/hans-peter-mueller.html") == "Hans Peter Mueller"
    assert name_from_profile_url("https://example.com/jane-doe/") is None  # no author segment
    assert name_from_profile_url("https://example.com/author/jdoe42/") is None  # not a slug of words
    assert name_from_profile_url("https://example.com/author/") is None


def test_site_name_as_author_is_the_outlet_unless_it_is_a_person() -> None:
    outlet = read_declared(
        page('<meta property="og:site_name" content="BBC News"><meta name="author" content="BBC News">')
    )
    assert (outlet.authors, outlet.organizations) == ((), ("BBC News",))
    head = '<meta property="og:site_name" content="Haki Benita"><meta name="author" content="Haki Benita">'
    blog = read_declared(page(head), url="https://hakibenita.com/sql")
    assert (blog.authors, blog.organizations) == (("Haki Benita",), ())  # a personal site: its name is a person
    typed = {"@type": "Article", "author": {"@type": "Person", "name": "Ana Ruiz"}, "publisher": "Ana Ruiz"}
    assert read_declared(page(ld(typed))).authors == ("Ana Ruiz",)  # declared a Person: trusted
    untyped = {"@type": "Article", "author": "Ana Ruiz", "publisher": "Ana Ruiz"}
    assert read_declared(page(ld(untyped))).organizations == ("Ana Ruiz",)
    desk = read_declared(page('<meta name="author" content="Redaktion">'))
    assert (desk.authors, desk.organizations) == ((), ("Redaktion",))


@pytest.mark.parametrize(
    ("title", "site_names", "url", "headlines", "expected"),
    [
        # 0. the declared site name ends the title, even with a separator inside it
        ("Obama speaks at rally | The Guardian", ["The Guardian"], None, [], ("Obama speaks at rally", "The Guardian")),
        (
            "This API is so Fetching! ✩ Mozilla Hacks – the Web developer blog",
            ["Mozilla Hacks – the Web developer blog"],
            None,
            [],
            ("This API is so Fetching!", "Mozilla Hacks – the Web developer blog"),
        ),
        # 1. a segment is the site by the URL's host; a declared headline ends the headline
        (
            "Obama speaks at rally | Politics | The Guardian",
            [],
            "https://www.theguardian.com/politics/x",
            ["Obama speaks at rally"],
            ("Obama speaks at rally", "The Guardian"),
        ),
        (
            "Le Monde.fr - Le projet de loi est adopté",
            ["Le Monde"],
            None,
            [],
            ("Le projet de loi est adopté", "Le Monde.fr"),
        ),
        (
            "BBC NEWS | Technology | Apple iPod sets sights on video",
            [],
            "http://news.bbc.co.uk/1/hi/technology/1.stm",
            [],
            ("Technology | Apple iPod sets sights on video", "BBC NEWS"),
        ),
        ("der Schreibstil - chadim.net - Webdesign", [], None, [], ("der Schreibstil", "chadim.net")),
        # 2. a declared headline is one side
        (
            "Budget passes after long night :: Daily Planet",
            [],
            None,
            ["Budget passes after long night"],
            ("Budget passes after long night", "Daily Planet"),
        ),
        # 3. no evidence: a short last segment after a strong separator
        (
            "A long headline about something important | XYZ",
            [],
            None,
            [],
            ("A long headline about something important", "XYZ"),
        ),
        (
            "Xbox One X review - A console that keeps up with gaming PCs",
            [],
            None,
            [],
            ("Xbox One X review - A console that keeps up with gaming PCs", None),
        ),
        ("Brexit: talks resume in Brussels", [], None, [], ("Brexit: talks resume in Brussels", None)),
        # a date segment is neither headline nor site
        (
            "CNN.com - Rita growing weaker, slower - Sep 25, 2005",
            [],
            None,
            [],
            ("Rita growing weaker, slower", "CNN.com"),
        ),
        # unspaced CJK separators
        (
            "武汉的声音：有英勇的你，才有英雄的城！-新华网",
            [],
            None,
            [],
            ("武汉的声音：有英勇的你，才有英雄的城！", "新华网"),
        ),
    ],
)
def test_split_title(
    title: str, site_names: list[str], url: str | None, headlines: list[str], expected: tuple[str, str | None]
) -> None:
    from newsclean.html.declared_names import host_keys

    assert split_title(title, site_names, host_keys(url), headlines) == expected


def test_title_split_uses_page_evidence() -> None:
    head = """<title>Floods in the north - Daily Planet</title>
    <meta property="og:site_name" content="Daily Planet">
    <meta name="application-name" content="Floods in the north">
    <meta property="og:title" content="Floods in the north">"""
    d = read_declared(page(head))
    assert (d.title_headline, d.title_site, d.site_name) == ("Floods in the north", "Daily Planet", "Daily Planet")


def test_relative_canonical_against_base_and_page_url() -> None:
    with_base = page('<base href="https://example.com/news/"><link rel="canonical" href="2016/story.html">')
    assert read_declared(with_base).url == "https://example.com/news/2016/story.html"
    with_url = page('<link rel="Canonical" href="/a/b"><meta property="og:url" content="https://other.example/c">')
    assert read_declared(with_url, url="https://example.org/x?y=1").url == "https://example.org/a/b"
    no_base = page('<link rel="canonical" href="/a/b"><meta property="og:url" content="https://example.net/c">')
    assert read_declared(no_base).url == "https://example.net/c"  # a relative URL with no base is unusable


def test_keywords_string_and_list_deduplicated_in_order() -> None:
    head = (
        '<meta property="article:tag" content="Elections">'
        '<meta name="keywords" content="politics, Budget ,elections, null">'
        '<meta name="news_keywords" content="Budget; Senate">'
        + ld({"@type": "NewsArticle", "headline": "H", "keywords": "senate,  Taxes"})
    )
    d = read_declared(page(head))
    assert d.tags == ("Elections", "senate", "Taxes", "Budget", "politics")


def test_language_normalised_from_several_declarations() -> None:
    head = '<meta property="og:locale" content="de_DE"><meta http-equiv="Content-Language" content="German">'
    d = read_declared(page(head, html_attrs=' lang="en-US"'))
    assert d.language == "en"
    assert d.languages == (
        Candidate("html:lang", "en"),
        Candidate("meta:og:locale", "de"),
        Candidate("http-equiv:content-language", "de"),
    )


def test_microdata_of_the_article_not_of_related_items() -> None:
    body = """
    <article itemscope itemtype="https://schema.org/NewsArticle">
      <h1 itemprop="headline">Main story</h1>
      <span itemprop="author" itemscope itemtype="https://schema.org/Person">
        <span itemprop="name">Jane Doe</span></span>
      <time itemprop="datePublished" datetime="2019-01-03T02:00:02-0500">Jan 3</time>
      <meta itemprop="dateModified" content="2019-01-04">
      <ul><li itemscope itemtype="https://schema.org/NewsArticle">
        <span itemprop="headline">Related story</span><span itemprop="author">Max Moe</span>
      </li></ul>
    </article>
    <ol itemscope itemtype="https://schema.org/ItemList"><li itemprop="author">Not Me</li></ol>
    """
    d = read_declared(page("", body))
    assert d.headlines == (Candidate("microdata:headline", "Main story"),)
    assert d.authors == ("Jane Doe",)
    assert d.published == (
        DeclaredDate("microdata:datepublished", "2019-01-03T02:00:02-0500", "2019-01-03T02:00:02-05:00"),
    )
    assert d.modified == (DeclaredDate("microdata:datemodified", "2019-01-04", "2019-01-04"),)
    assert d.types == ("NewsArticle", "Person", "ItemList")


def test_time_elements_and_og_image() -> None:
    body = (
        '<p>Posted <time datetime="2016-03-24T10:24:00+01:00">March 24, 10:24</time></p><time datetime="soon">x</time>'
    )
    d = read_declared(
        page('<meta property="og:image" content="//cdn.example.com/a.jpg">', body), url="https://example.com/"
    )
    assert [(t.value, t.raw, t.text) for t in d.time_elements] == [
        ("2016-03-24T10:24:00+01:00", "2016-03-24T10:24:00+01:00", "March 24, 10:24"),
        (None, "soon", "x"),
    ]
    assert d.time_elements[0].element.tag == "time"
    assert d.images == (DeclaredImage("https://cdn.example.com/a.jpg", None, None),)


def test_svg_title_is_not_the_page_title() -> None:
    d = read_declared(lxml.html.document_fromstring("<html><body><svg><title>icon</title></svg><p>x</p></body></html>"))
    assert d.title is None


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2016-03-24T10:24:00Z", "2016-03-24T10:24:00+00:00"),
        ("2016-03-24T10:24:00.123+0530", "2016-03-24T10:24:00+05:30"),
        ("2016-03-24 10:24", "2016-03-24T10:24:00"),
        ("2016-03-24", "2016-03-24"),
        ("20170113", "2017-01-13"),
        ("Tue, 24 Mar 2016 10:24:00 GMT", "2016-03-24T10:24:00+00:00"),
        ("24.03.2016 10:24", "2016-03-24T10:24:00"),
        ("1458815040", "2016-03-24T10:24:00+00:00"),
        ("0000-00-00", None),
        ("1970-01-01T00:00:00Z", None),
        ("2031-01-01", None),
        ("2016-02-30", None),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_declared_date(raw: str, value: str | None) -> None:
    assert parse_declared_date(raw, today=date(2026, 11, 25)) == value


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "@type",
                    "@id",
                    "@graph",
                    "author",
                    "name",
                    "headline",
                    "image",
                    "url",
                    "datePublished",
                    "publisher",
                    "keywords",
                    "inLanguage",
                    "mainEntity",
                    "caption",
                    "isAccessibleForFree",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSON, st.text(max_size=30))
def test_never_raises_on_odd_jsonld(value: object, junk: str) -> None:
    text = json.dumps(value).replace("<", "\\u003c")
    head = f'<script type="application/ld+json">{text}</script><script type="application/ld+json">{junk}</script>'
    d = read_declared(page(head))
    assert isinstance(d.authors, tuple)
