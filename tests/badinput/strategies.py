"""Hypothesis strategies for page-like input, and the property every input must satisfy.

Pages are built from what news pages are made of — headlines, datelines, dates and times in
many languages and formats, bylines, captions with credits, boilerplate phrases, prose —
drawn from newsclean's own vocabulary files where they exist, mixed with random text and
then, for some, mutated at the byte level (insertions, deletions, duplicated runs, flipped
bytes, truncation, stray NULs and byte-order marks). HTML pages are random element trees with
the attributes and declared metadata newsclean reads (classes, itemprop, ``<time datetime>``,
``<meta>``, JSON-LD of any shape), serialised with unclosed and mismatched tags, entities and
doctypes, in random encodings.

``check_input`` is the property: ``extract`` returns a schema-valid record that the batch
worker can write as UTF-8 JSON, or raises a ``NewscleanError``; anything else is an escape.
``tests/test_fuzz.py`` runs it briefly; ``scripts/fuzz.py`` runs it for as long as asked.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import strategies as st

from newsclean import NewscleanError, extract
from newsclean.schema import article_schema

DATA = Path(__file__).resolve().parents[2] / "src" / "newsclean" / "data"


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@cache
def vocabulary(name: str, column: int = 0) -> tuple[str, ...]:
    return tuple(dict.fromkeys(row[column] for row in _rows(name) if len(row) > column and row[column]))


WORDS = [
    "the",
    "council",
    "minister",
    "said",
    "on",
    "Tuesday",
    "officials",
    "a",
    "new",
    "budget",
    "for",
    "river",
    "plan",
    "after",
    "debate",
    "and",
    "of",
    "in",
    "to",
    "police",
    "court",
    "election",
    "vote",
    "government",
    "president",
    "city",
    "reported",
    "week",
    "million",
    "people",
    "would",
    "not",
    "was",
    "der",
    "die",
    "und",
    "Regierung",
    "sagte",
    "am",
    "Dienstag",
    "le",
    "la",
    "et",
    "gouvernement",
    "mardi",
    "el",
    "la",
    "y",
    "gobierno",
    "martes",
    "в",
    "и",
    "правительство",
    "заявил",
    "во",
    "вторник",
]
CITIES = ("MOSCOW", "BERLIN", "NEW DELHI", "WASHINGTON", "PARIS", "São Paulo", "Kyiv", "LONDON", "TOKYO")
NAMES = ("Jane Doe", "John Roe", "Анна Иванова", "María García", "Jean-Luc Picard", "Li Wei", "O'Brien")
SEPARATORS = ("\n", "\n\n", "\r\n", "\n \n", "\n\n\n", "\r", "\u2028", "\t\n")

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join)
sentence = st.builds(lambda w, end: w[:1].upper() + w[1:] + end, words, st.sampled_from([".", "!", "?", "", ":", "…"]))
headline = st.lists(st.sampled_from(WORDS), min_size=2, max_size=14).map(lambda w: " ".join(w).title())


MONTHS = st.sampled_from(vocabulary("months.tsv", 2))
ZONES = st.sampled_from([*vocabulary("timezones.tsv"), "", "UTC", "+05:30", "GMT+2", "Uhr"])
UNITS = st.sampled_from(vocabulary("relative_time.tsv"))
DAYS, MONTH_NUMBERS = st.integers(0, 40), st.integers(0, 14)
YEARS = st.sampled_from([16, 1999, 2016, 2024, 2031, 0, 99999])
HOURS, MINUTES = st.integers(0, 30), st.integers(0, 70)
date_text = st.one_of(
    st.builds("{} {}, {}, {}:{:02d} pm {}".format, MONTHS, DAYS, YEARS, HOURS, MINUTES, ZONES),
    st.builds("{}.{}.{}, {}:{:02d} {}".format, DAYS, MONTH_NUMBERS, YEARS, HOURS, MINUTES, ZONES),
    st.builds("{} {} {} à {}h{:02d}".format, DAYS, MONTHS, YEARS, HOURS, MINUTES),
    st.builds("{}-{:02d}-{:02d}T{:02d}:{:02d}:00{}".format, YEARS, MONTH_NUMBERS, DAYS, HOURS, MINUTES, ZONES),
    st.builds("{}/{}/{}".format, MONTH_NUMBERS, DAYS, YEARS),
    st.builds("{} {} ago".format, st.integers(0, 200), UNITS),
    st.builds("vor {} Stunden".format, st.integers(0, 99)),
    st.builds("yesterday at {}:{:02d} {}".format, HOURS, MINUTES, st.sampled_from(["am", "pm", ""])),
    st.builds("{}:{:02d} {}. {}, {}".format, HOURS, MINUTES, MONTHS, DAYS, YEARS),
)


timestamp_line = st.builds(
    lambda label, sep, date: f"{label}{sep}{date}",
    st.sampled_from(["", *vocabulary("date_labels.tsv")]),
    st.sampled_from([" ", ": ", " on ", " am ", " le ", " | "]),
    date_text,
)
dateline = st.builds(
    lambda city, agency, dash, rest: f"{city} {agency}{dash} {rest}",
    st.sampled_from(CITIES),
    st.sampled_from(["", *(f"({a})" for a in vocabulary("agencies.txt")), "(", "(("]),
    st.sampled_from([" —", " -", ":", ",", " –", ""]),
    sentence,
)
byline = st.builds(
    lambda prefix, names, tail: f"{prefix} {names}{tail}",
    st.sampled_from(["By", "Von", "Par", "Por", "Автор:", "By:", "BY", ""]),
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=4).map(" and ".join),
    st.sampled_from(["", ", Associated Press", " | Reuters", " (AFP)", ", Staff Writer", "|"]),
)
caption = st.builds(
    lambda text, credit, where: f"{text} {credit}" if where else f"{credit} {text}",
    sentence,
    st.sampled_from(
        ["(Photo: AP)", "© REUTERS / Jane Doe", "- Sputnik International", "Image copyright Getty", "Foto: dpa", "("]
    ),
    st.booleans(),
)
boilerplate = st.sampled_from(
    vocabulary("boilerplate/lines.txt")
    + vocabulary("boilerplate/prefixes.txt")
    + vocabulary("boilerplate/contains.txt")
    + vocabulary("boilerplate/comment_headings.txt")
)
noise = st.one_of(
    st.text(max_size=120),
    st.text(alphabet=st.sampled_from("0123456789 .,:/-()+|—«»\"'&<>;#"), max_size=200),
    st.builds(
        lambda unit, n: unit * n,
        st.sampled_from(["1 ", "(", "By ", "12:30 ", "Mar 1, ", "© ", "— "]),
        st.integers(1, 400),
    ),
)


def _pool(size: int = 6000) -> tuple[str, ...]:
    """Lines made the way the strategies above make them, with ``random`` (drawing them from
    hypothesis costs a draw per word: a pool keeps a long fuzz run generating fast)."""
    rng = random.Random(20261125)
    months, zones = vocabulary("months.tsv", 2), vocabulary("timezones.tsv")
    labels, agencies = vocabulary("date_labels.tsv"), vocabulary("agencies.txt")

    def text(low: int, high: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))

    def date() -> str:
        d, m, y = rng.randint(0, 40), rng.choice(months), rng.choice([16, 2016, 2024, 0, 99999])
        h, mi, z = rng.randint(0, 30), rng.randint(0, 70), rng.choice(zones)
        return rng.choice([f"{m} {d}, {y}, {h}:{mi:02d} pm {z}", f"{d}.{rng.randint(0, 14)}.{y}, {h}:{mi:02d} {z}"])

    makers = [
        lambda: text(2, 14).title(),
        lambda: text(1, 40).capitalize() + rng.choice([".", "!", "", ":"]),
        lambda: f"{rng.choice(labels)}{rng.choice([' ', ': ', ' on '])}{date()}",
        lambda: f"{rng.choice(CITIES)} ({rng.choice(agencies)}) — {text(5, 30)}.",
        lambda: f"{rng.choice(['By', 'Von', 'Par'])} {' and '.join(rng.sample(NAMES, rng.randint(1, 3)))}",
        lambda: f"{text(4, 20).capitalize()} {rng.choice(['(Photo: AP)', '© REUTERS / Jane Doe', 'Foto: dpa'])}",
    ]
    return tuple(rng.choice(makers)() for _ in range(size))


pooled_line = st.sampled_from(_pool())
page_line = st.one_of(
    pooled_line,
    pooled_line,
    pooled_line,
    pooled_line,
    headline,
    sentence,
    timestamp_line,
    dateline,
    byline,
    caption,
    boilerplate,
    noise,
    st.just(""),
)


@st.composite
def text_page(draw: st.DrawFn) -> str:
    lines = draw(st.lists(page_line, max_size=60))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(lines), max_size=len(lines)))
    return "".join(line + sep for line, sep in zip(lines, seps))


# ------------------------------------------------------------------------------ HTML

TAGS = [
    "p",
    "div",
    "span",
    "a",
    "h1",
    "h2",
    "h3",
    "article",
    "section",
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "time",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "td",
    "b",
    "i",
    "em",
    "strong",
    "br",
    "img",
    "blockquote",
    "main",
    "address",
    "small",
    "font",
    "script",
    "style",
    "noscript",
    "form",
    "button",
    "iframe",
    "svg",
]
VOID = frozenset({"br", "img"})
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40), date_text),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
LD_KEYS = ("@type", "headline", "name", "datePublished", "dateModified", "author", "publisher", "@graph", "keywords")
json_ld = st.dictionaries(st.sampled_from(LD_KEYS), json_value, max_size=6)


CLASSES = st.lists(st.sampled_from(vocabulary("html/class_tokens.tsv")), max_size=3).map(" ".join)
EXTRA_ATTRIBUTES = st.sampled_from(
    [
        "",
        "",
        "",
        ' itemprop="headline"',
        ' itemprop="author"',
        ' itemprop="datePublished"',
        ' itemprop="articleBody"',
        " hidden",
        ' style="display:none"',
        " href='/x",
        ' src="a.jpg',
        " =",
        ' "',
    ]
)
attributes = st.one_of(
    st.just(""),
    st.builds(' class="{}"{}'.format, CLASSES, EXTRA_ATTRIBUTES),
    st.builds(' datetime="{}"{}'.format, date_text, EXTRA_ATTRIBUTES),
)


def _render(tokens: list[tuple[int, str, str, str, int]]) -> str:
    """Markup from a flat list of tokens ``(move, tag, attributes, text, end)``: ``move`` > 0
    opens ``tag`` (its text inside), < 0 closes that many open elements — by the right end tag,
    the wrong one, or none (``end``: 0 leaves it open, 1 the wrong tag) — and 0 adds the text."""
    out: list[str] = []
    stack: list[str] = []
    for move, tag, attrs, text, end in tokens:
        if move > 0:
            out.append(f"<{tag}{attrs}>{text}")
            if tag not in VOID:
                stack.append(tag)
        elif move < 0:
            for _ in range(min(-move, len(stack))):
                closing = stack.pop()
                if end == 1:
                    out.append(f"</{TAGS[(TAGS.index(closing) + 1) % len(TAGS)]}>")
                elif end > 1:
                    out.append(f"</{closing}>")
            out.append(text)
        else:
            out.append(text)
    if tokens and tokens[-1][4] > 3:  # close what is open, most of the time
        out.extend(f"</{tag}>" for tag in reversed(stack))
    return "".join(out)


leaf = st.one_of(
    pooled_line,
    pooled_line,
    pooled_line,
    page_line.map(lambda s: s.replace("<", "&lt;")),
    page_line,
    st.sampled_from(
        ["&amp;", "&nbsp;", "&#0;", "&#x110000;", "&bogus;", "&#8212;", "<!-- c -->", "<![CDATA[x]]>", "<?pi?>"]
    ),
)
TOKEN = st.tuples(st.integers(-3, 2), st.sampled_from(TAGS), attributes, leaf, st.integers(0, 7))
body_markup = st.lists(TOKEN, max_size=80).map(_render)


@st.composite
def html_page(draw: st.DrawFn) -> str:
    doctype = draw(
        st.sampled_from(
            [
                "<!DOCTYPE html>",
                "",
                '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd">',
                '<!DOCTYPE html [<!ENTITY e "&e;&e;">]>',
                "<!DOCTYPE html [",
            ]
        )
    )
    head = [f"<title>{draw(headline)}</title>"]
    for _ in range(draw(st.integers(0, 4))):
        prop = draw(st.sampled_from(["og:title", "article:published_time", "og:site_name", "author", "og:locale"]))
        head.append(f'<meta property="{prop}" content="{draw(st.one_of(headline, date_text))}">')
    if draw(st.booleans()):
        head.append(f'<meta charset="{draw(st.sampled_from(["utf-8", "windows-1252", "shift_jis", "bogus", ""]))}">')
    if draw(st.booleans()):
        ld = json.dumps(draw(json_ld), ensure_ascii=draw(st.booleans()))
        head.append(f'<script type="application/ld+json">{ld}</script>')
    lang = draw(st.sampled_from(["", ' lang="en"', ' lang="de-DE"', ' lang="en-IN"', " lang=zz"]))
    body = draw(body_markup)
    return f"{doctype}<html{lang}><head>{''.join(head)}</head><body>{body}</body></html>"


# ------------------------------------------------------------------------------ bytes and mutations

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "shift_jis", "koi8-r", "gb18030")


@st.composite
def encoded(draw: st.DrawFn, text: st.SearchStrategy[str]) -> bytes:
    return draw(text).encode(draw(st.sampled_from(ENCODINGS)), "replace")


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[bytes]) -> bytes:
    """``base`` with up to eight byte-level edits at random places."""
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.integers(0, 6))
        at = draw(st.integers(0, len(data)))
        if op == 0:
            data[at:at] = draw(st.binary(max_size=16))
        elif op == 1:
            del data[at : at + draw(st.integers(0, 64))]
        elif op == 2:  # a duplicated run, many times: long repeats are what regexes choke on
            run = bytes(data[at : at + draw(st.integers(1, 32))])
            data[at:at] = run * draw(st.integers(1, 200))
        elif op == 3 and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == 4:
            del data[at:]
        elif op == 5:
            data[at:at] = draw(st.sampled_from([b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\r", b"\xc3", b"<", b"&#"]))
        else:
            data[at:at] = draw(
                st.sampled_from([b"<p>", b"</div>", b"<script>", b"<!--", b"]]>", b"<![CDATA[", b"<html>"])
            )
    return bytes(data)


text_bytes = encoded(text_page())
html_bytes = encoded(html_page())
any_page = st.one_of(
    text_bytes,
    html_bytes,
    mutated(text_bytes),
    mutated(html_bytes),
    mutated(st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"\x1f\x8b\x08", b"WARC/1.0\r\n"])),
    st.binary(max_size=3000),
)
FORMATS = st.sampled_from([None, None, "text", "html"])
KINDS: dict[str, st.SearchStrategy[bytes]] = {
    "text": text_bytes,
    "html": html_bytes,
    "mutated-text": mutated(text_bytes),
    "mutated-html": mutated(html_bytes),
    "any": any_page,
}


# ------------------------------------------------------------------------------ the property

VALIDATOR = jsonschema.Draft202012Validator(article_schema())
# Generous, in CPU seconds: a page-like input of a few KB takes milliseconds; only a blow-up
# takes this long.
SECONDS_FLOOR = 5.0
SECONDS_PER_BYTE = 50e-6


@dataclass(frozen=True)
class Outcome:
    kind: str  # "record", "refused" (a NewscleanError), or "escape"
    seconds: float
    detail: str = ""


def time_bound(size: int) -> float:
    return SECONDS_FLOOR + SECONDS_PER_BYTE * size


def check_input(data: bytes, fmt: str | None = None, run: Callable[..., Any] = extract) -> Outcome:
    """Extract ``data``; an escape is any exception but a ``NewscleanError``, a record the schema
    refuses or that is not writable as UTF-8 JSON, or a time beyond ``time_bound``."""
    started = time.process_time()  # CPU time: a shared machine's load does not make an input slow
    try:
        article = run(data, format=fmt)
        record = article.to_dict()
        VALIDATOR.validate(record)
        json.dumps(record, ensure_ascii=False).encode("utf-8")  # what the batch worker writes
        kind = "record"
    except NewscleanError:
        kind = "refused"
    seconds = time.process_time() - started
    if seconds > time_bound(len(data)):
        return Outcome("escape", seconds, f"slow: {seconds:.2f} s for {len(data):,} bytes")
    return Outcome(kind, seconds)
