"""The bad-input corpus: every hostile or broken input of issue 6, written at test time.

    python tests/badinput/make_corpus.py DIR     # write it (about 90 MB) to look at by hand

Each ``Case`` writes one file and says what ``newsclean extract`` must make of it: records
(``Extracted``, with a check of the fields that matter) or a failure (``Fails``: the
``--errors`` code and the words of the message that name the problem). Nothing is committed:
the big files (a 50 MB line, a gzip bomb) are a few seconds to write.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MB = 1_000_000
Record = dict[str, Any]

HEADLINE = "Council approves the river plan after a long debate"
PARAGRAPHS = [
    "BERLIN (dpa) — The city council approved the river plan on Tuesday, officials said, after a debate"
    " that lasted late into the night and ended with a clear majority.",
    "The plan moves the old harbour wall, builds two footbridges and opens the east bank to the public,"
    " the transport ministry said in a statement on Wednesday morning.",
    "Opponents said the cost had doubled since the first draft and asked for a new review of the budget,"
    " which the council rejected by a large majority of its members.",
]
ARTICLE = HEADLINE + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
GERMAN_HEADLINE = "Stadtrat beschließt den Plan für die Brücke"
GERMAN_PARAGRAPHS = [
    "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss zu erneuern und zwei neue"
    " Fußwege zu bauen, sagten Beamte in München nach einer langen Sitzung.",
    "Die Gegner des Plans kritisierten, dass sich die Kosten seit dem ersten Entwurf fast verdoppelt hätten,"
    " und verlangten eine neue Prüfung des Haushalts durch unabhängige Gutachter.",
    "Die Arbeiten sollen im Frühjahr beginnen und zwei Jahre dauern; während dieser Zeit bleibt der Übergang"
    " für Autos gesperrt, Fußgänger können eine Behelfsbrücke nutzen.",
]
GERMAN_PARAGRAPH = GERMAN_PARAGRAPHS[0]
GERMAN = GERMAN_HEADLINE + "\n\n" + "\n\n".join(GERMAN_PARAGRAPHS) + "\n"
RUSSIAN_PARAGRAPH = (
    "Городской совет во вторник одобрил план реконструкции набережной, сообщили чиновники после долгого"
    " обсуждения, которое продолжалось до поздней ночи."
)
SECRET_MARKER = "SECRET-MARKER-7f3a9c"  # in a local file an external entity points at


def html_page(body: str, head: str = "", doctype: str = "<!DOCTYPE html>") -> str:
    return f"{doctype}\n<html><head>{head}<title>{HEADLINE}</title></head><body>{body}</body></html>\n"


ARTICLE_HTML_BODY = f"<article><h1>{HEADLINE}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"


# ------------------------------------------------------------------------------ outcomes


@dataclass(frozen=True)
class Extracted:
    """A record for ``where`` (appended to the file's path: ``#3`` for an archive's record)."""

    check: Callable[[Record], None]
    why: str
    where: str = ""


@dataclass(frozen=True)
class Fails:
    """A failure for ``where``: ``--errors`` code ``error``, the message holding ``message``."""

    error: str
    message: str
    why: str
    where: str = ""


Outcome = Extracted | Fails


@dataclass(frozen=True)
class Case:
    name: str
    path: bytes  # relative to the corpus folder; bytes, since a name need not be UTF-8
    write: Callable[[Path], None]
    outcomes: tuple[Outcome, ...]


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


# ------------------------------------------------------------------------------ record checks


def no_text(record: Record) -> None:
    assert record["body"] == "" and record["word_count"] == 0, record["body"][:200]
    assert "no article text found" in record["warnings"] and record["is_article"] is False


def _has(*parts: str, encoding: str | None = None, headline: str | None = None) -> Callable[[Record], None]:
    def check(record: Record) -> None:
        for part in parts:
            assert part in record["body"], f"{part!r} not in body {record['body'][:300]!r}"
        if encoding is not None:
            assert record["source"]["encoding"] == encoding, record["source"]["encoding"]
        if headline is not None:
            assert record["headline"] == headline, record["headline"]

    return check


def _all(*checks: Callable[[Record], None]) -> Callable[[Record], None]:
    def check(record: Record) -> None:
        for one in checks:
            one(record)

    return check


def _lacks(*parts: str) -> Callable[[Record], None]:
    def check(record: Record) -> None:
        for part in parts:
            assert part not in str(record), f"{part!r} found in the record"

    return check


def _body_over(chars: int) -> Callable[[Record], None]:
    def check(record: Record) -> None:
        assert len(record["body"]) > chars, len(record["body"])

    return check


def _any_record(record: Record) -> None:
    assert isinstance(record["body"], str)


# ------------------------------------------------------------------------------ writers


def one_line(size: int) -> bytes:
    """A single line of prose, ``size`` bytes, no newline anywhere."""
    sentence = b"The council approved a new budget on Tuesday, officials said after a long debate. "
    return (sentence * (size // len(sentence) + 1))[:size]


def _write_line(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        chunk = one_line(MB)
        with open(path, "wb") as fh:
            for _ in range(size // MB):
                fh.write(chunk)
            fh.write(chunk[: size % MB])

    return write


def gzip_bomb(decompressed: int) -> bytes:
    """Gzip members of 1 MB each, ``decompressed`` bytes in all, from a file of ~1 KB a member."""
    member = gzip.compress(b"a " * (MB // 2), 9)
    return member * (decompressed // MB)


def _deflated(size: int) -> bytes:
    """One gzip member inflating to ``size`` bytes of spaces (an HTTP Content-Encoding bomb)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * MB
    parts = [packer.compress(block) for _ in range(size // MB)]
    return b"".join([*parts, packer.flush()])


def _warc_response(writer: WARCWriter, url: str, body: bytes, extra: list[tuple[str, str]] | None = None) -> None:
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/plain; charset=utf-8"), *(extra or [])], protocol="HTTP/1.1"
    )
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def _raw_warc_record(url: bytes, body: bytes, content_length: bytes | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
    length = str(len(http)).encode() if content_length is None else content_length
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + url + b"\r\nWARC-Date: 2024-05-01T12:00:00Z\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: " + length + b"\r\n\r\n"
    )
    return head + http + b"\r\n\r\n"


def malformed_warc() -> bytes:
    """Record 1 is fine; record 2 says its Content-Length is "twelve"; record 3 would be fine."""
    return (
        _raw_warc_record(b"https://news.example.org/1", ARTICLE.encode())
        + _raw_warc_record(b"https://news.example.org/2", ARTICLE.encode(), content_length=b"twelve")
        + _raw_warc_record(b"https://news.example.org/3", ARTICLE.encode())
    )


def _write_bomb_warc(path: Path) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        _warc_response(writer, "https://news.example.org/ok", ARTICLE.encode())
        _warc_response(
            writer, "https://news.example.org/bomb", _deflated(200 * MB), extra=[("Content-Encoding", "gzip")]
        )
        _warc_response(writer, "https://news.example.org/after", ARTICLE.encode())


def nested_divs(depth: int, text: str = PARAGRAPHS[0]) -> bytes:
    return html_page("<div>" * depth + f"<p>{text}</p>" + "</div>" * depth).encode()


def million_paragraphs() -> bytes:
    return html_page("<p>" * 1_000_000).encode()


def unclosed_everywhere(paragraphs: int = 2000) -> bytes:
    """Tags left open the ways broken CMS output leaves them: <p>, <span>, <b>/<i>/<font>, <li>,
    <td>, unquoted and unterminated attributes, no </body></html>."""
    parts = [f"<html><head><title>{HEADLINE}</title><body><h1>{HEADLINE}"]
    for n in range(paragraphs):
        kind = n % 4
        words = f"{PARAGRAPHS[n % 3]} This is paragraph number {n}."
        if kind == 0:
            parts.append(f"<p><span class=lead>{words}")
        elif kind == 1:
            parts.append(f"<p><b><i><font color=red>{words}")
        elif kind == 2:
            parts.append(f"<div class=story><p>{words}")
        else:
            parts.append(f"<ul><li><a href=/x{n}>link {n}</a><li>{words}</ul><table><tr><td>{words}")
    return "".join(parts).encode()


def comment_prolog(closers: int = 200_000) -> bytes:
    """A page that opens with a comment and holds many ``-->`` later (in scripts, say)."""
    return ("<!-- a comment -->" + html_page(ARTICLE_HTML_BODY + "<script>" + "-->" * closers + "</script>")).encode()


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    doctype = '<?xml version="1.0"?>\n<!DOCTYPE html [\n' + "\n".join(entities) + "\n]>"
    return html_page(f"<p>&lol9;</p>{ARTICLE_HTML_BODY}", doctype=doctype).encode()


def external_entities(secret: Path, port: int) -> bytes:
    """XHTML whose DTD and entities point at a local secret file and a local server."""
    doctype = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://127.0.0.1:{port}/xhtml1.dtd" [\n'
        f'<!ENTITY secret SYSTEM "file://{secret}">\n'
        f'<!ENTITY remote SYSTEM "http://127.0.0.1:{port}/entity">\n'
        f'<!ENTITY % dtd SYSTEM "http://127.0.0.1:{port}/param.dtd"> %dtd;\n'
        "]>"
    )
    body = f"<article><h1>{HEADLINE} &secret;</h1><p>{PARAGRAPHS[0]} &secret; &remote;</p>"
    body += "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:]) + "</article>"
    head = f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">'
    return html_page(body + f'<img src="http://127.0.0.1:{port}/img.png">', head, doctype).encode()


def pdf_without_nuls() -> bytes:
    """The start of a PDF whose first kilobytes hold no NUL (they often do not)."""
    objects = b"".join(
        b"%d 0 obj\n<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>\nendobj\n" % (n, n + 100) for n in range(3, 60)
    )
    stream = bytes(b for b in range(1, 256) if b not in (10, 13)) * 8
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + objects + stream


# Each line is built to make a backtracking pattern or a quadratic scan blow up: long runs of
# the pieces dates, datelines, bylines, captions and boilerplate phrases are made of.
BACKTRACKING_UNITS: dict[str, list[str]] = {
    "dates": [
        "1 ",
        "24.03.2016 ",
        "Mar 1, ",
        "12:30 ",
        "2016-",
        "03/04/16 ",
        "3 hours ago ",
        "Published ",
        "Updated: ",
        "+05:30 ",
        "Tuesday, ",
    ],
    "datelines": ["MOSCOW (", "BERLIN (dpa) — ", "WASHINGTON, ", "(", "PARIS — ", "AP) "],
    "bylines": ["By ", "John Smith and ", "A. ", "Von Max Mustermann, ", "By:", "and "],
    "captions": ["(Photo: ", "AP / ", "© REUTERS / ", "Image copyright ", "(", "Photo by Jane Doe "],
    "boilerplate": ["Read more ", "Advertisement ", "Share this article ", "Related: ", "Click here to ", "Sign up"],
}


def backtracking_page(family: str, unit_bytes: int, html: bool = False) -> bytes:
    """A page with a headline, one line of ``unit_bytes`` per unit of ``family``, and a paragraph."""
    lines = [(unit * (unit_bytes // len(unit) + 1))[:unit_bytes] for unit in BACKTRACKING_UNITS[family]]
    if html:
        tags = ["p class=byline", "figcaption", "time", "div class=meta", "span class=dateline", "p"]
        body = ""
        for i, line in enumerate(lines):
            tag = tags[i % len(tags)]
            body += f"<{tag}>{line}</{tag.split()[0]}>"
        return html_page(f"<h1>{HEADLINE}</h1>{body}<p>{PARAGRAPHS[0]}</p>").encode()
    return (HEADLINE + "\n\n" + "\n\n".join(lines) + "\n\n" + PARAGRAPHS[0] + "\n").encode()


# ------------------------------------------------------------------------------ the corpus


def cases(secret: Path, port: int) -> list[Case]:
    """Every case; ``secret`` is a local file and ``port`` a local server an entity points at."""
    utf8_german = GERMAN.encode("utf-8")
    invalid_utf8 = utf8_german[:60] + b"\xff" + utf8_german[60:200] + b"\xc3(" + utf8_german[200:]
    nul_article = ARTICLE.encode().replace(b"approved", b"appro\x00ved", 1).replace(b"harbour", b"har\x00bour")
    wrong_cp1251 = html_page(f"<h1>Заголовок</h1><p>{RUSSIAN_PARAGRAPH}</p>", '<meta charset="windows-1251">')
    german_body = f"<h1>{GERMAN_HEADLINE}</h1>" + "".join(f"<p>{p}</p>" for p in GERMAN_PARAGRAPHS)
    wrong_utf8 = html_page(german_body, '<meta charset="utf-8">')
    weird_ok, weird_bin = b"odd\nname \xff\xfe.txt", b"odd\nbinary\xe9.txt"
    found: list[Case] = [
        Case("empty", b"empty.txt", _bytes(b""), (Extracted(no_text, "nothing to extract: a record saying so"),)),
        Case(
            "whitespace",
            b"whitespace.txt",
            _bytes(" \t\n\r\n\u00a0 \u3000\n\f\n".encode()),
            (Extracted(no_text, "blank text: a record saying there is no text"),),
        ),
        Case(
            "png",
            b"image.png",
            _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8),
            (Fails("undecodable", "binary data (NUL bytes)", "an image is not text"),),
        ),
        Case(
            "pdf",
            b"paper.pdf",
            _bytes(pdf_without_nuls()),
            (
                Fails(
                    "undecodable",
                    "binary data, not text: a PDF document",
                    "recognised by its first bytes, though it has no NUL",
                ),
            ),
        ),
        Case(
            "elf",
            b"program",
            _bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x03\x00\x3e\x00" + bytes(range(256)) * 16),
            (Fails("undecodable", "binary data (NUL bytes)", "an executable is not text"),),
        ),
        Case(
            "gzip-unnamed",
            b"compressed.txt",
            _bytes(gzip.compress(ARTICLE.encode())),
            (Fails("undecodable", "gzip-compressed data (a name ending in .gz has it", "says how to have it read"),),
        ),
        Case(
            "nul-in-text",
            b"nul-in-text.txt",
            _bytes(nul_article),
            (
                Extracted(
                    _all(_has("appro\ufffdved", "har\ufffdbour", headline=HEADLINE), _lacks("\x00")),
                    "two stray NULs in an article: replaced by U+FFFD, as browsers do",
                ),
            ),
        ),
        Case(
            "nul-padding",
            b"nul-padding.txt",
            _bytes(ARTICLE.encode() + bytes(8192)),
            (Extracted(_all(_has(PARAGRAPHS[2]), _lacks("\ufffd")), "NULs padding the end are dropped"),),
        ),
        Case(
            "invalid-utf8",
            b"invalid-utf8.txt",
            _bytes(invalid_utf8),
            (
                Extracted(
                    _has("Brücke", "Fußwege", "\ufffd", encoding="utf-8"),
                    "UTF-8 with a few stray bytes stays UTF-8, the strays replaced (not read as cp1250)",
                ),
            ),
        ),
        Case(
            "utf16-bom",
            b"utf16-bom.txt",
            _bytes(b"\xff\xfe" + GERMAN.encode("utf-16-le")),
            (Extracted(_has(GERMAN_PARAGRAPH, encoding="utf-16", headline=GERMAN_HEADLINE), "byte-order mark"),),
        ),
        Case(
            "utf16le-no-bom",
            b"utf16le-no-bom.txt",
            _bytes(GERMAN.encode("utf-16-le")),
            (
                Extracted(
                    _has(GERMAN_PARAGRAPH, encoding="utf-16-le", headline=GERMAN_HEADLINE),
                    "no mark: told by where the NUL bytes fall (was refused as binary)",
                ),
            ),
        ),
        Case(
            "utf16be-no-bom",
            b"utf16be-no-bom.txt",
            _bytes(GERMAN.encode("utf-16-be")),
            (Extracted(_has(GERMAN_PARAGRAPH, encoding="utf-16-be", headline=GERMAN_HEADLINE), "the same, BE"),),
        ),
        Case(
            "utf16-no-bom-html",
            b"utf16-no-bom.html",
            _bytes(("\n  " + html_page(german_body)).encode("utf-16-le")),
            (
                Extracted(
                    _has(GERMAN_PARAGRAPH, encoding="utf-16-le"),
                    "an HTML page in UTF-16 without a mark, not starting with '<': sniffed as HTML",
                ),
            ),
        ),
        Case(
            "utf8-declared-cp1251",
            b"utf8-declared-cp1251.html",
            _bytes(wrong_cp1251.encode("utf-8")),
            (Extracted(_has(RUSSIAN_PARAGRAPH, encoding="utf-8"), "valid UTF-8 wins over a wrong <meta>"),),
        ),
        Case(
            "cp1252-declared-utf8",
            b"cp1252-declared-utf8.html",
            _bytes(wrong_utf8.encode("cp1252")),
            (
                Extracted(
                    _has(GERMAN_PARAGRAPH, encoding="windows-1252"),
                    "bytes that are mostly invalid UTF-8 are legacy, whatever the <meta> says",
                ),
            ),
        ),
        Case(
            "line-50mb",
            b"line-50mb.txt",
            _write_line(50 * MB),
            (Fails("too_large", "over the limit of 20,000,000 bytes (--max-bytes)", "over the default limit"),),
        ),
        Case(
            "line-15mb",
            b"line-15mb.txt",
            _write_line(15 * MB),
            (Extracted(_body_over(14 * MB), "under the limit: extracted whole"),),
        ),
        Case(
            "many-lines",
            b"many-lines.txt",
            _bytes(b"a b\n" * 300_000),
            (Fails("too_large", "300,000 lines, over the limit of 200,000", "each line costs a block"),),
        ),
        Case(
            "nested-divs-200k",
            b"nested-divs-200k.html",
            _bytes(nested_divs(200_000)),
            (Fails("too_large", "more than 100,000 elements", "libxml2 stops at depth 256; the rebuild counts"),),
        ),
        Case(
            "nested-divs-1000",
            b"nested-divs-1000.html",
            _bytes(nested_divs(1000)),
            (Extracted(_has(PARAGRAPHS[0]), "past libxml2's depth: rebuilt flatter, nothing lost"),),
        ),
        Case(
            "million-paragraphs",
            b"million-paragraphs.html",
            _bytes(million_paragraphs()),
            (Fails("too_large", "1,000,00", "elements over the limit"),),
        ),
        Case(
            "unclosed-everywhere",
            b"unclosed-everywhere.html",
            _bytes(unclosed_everywhere()),
            (
                Extracted(
                    _has("paragraph number 0.", "paragraph number 1998."),
                    "libxml2 nests <p><span>… 2000 deep and stopped at 256: rebuilt as a browser would",
                ),
            ),
        ),
        Case(
            "text-run-12mb",
            b"text-run-12mb.html",
            _bytes(b"<html><body><p>" + one_line(12 * MB) + b"</p></body></html>"),
            (Fails("too_large", "text run over 10,000,000 characters", "libxml2's limit (huge_tree off)"),),
        ),
        Case(
            "comment-prolog",
            b"comment-prolog.html",
            _bytes(comment_prolog()),
            (
                Extracted(
                    _has(PARAGRAPHS[0]),
                    "a page opening with a comment, then 200,000 '-->': looking for a doctype past it was"
                    " a backtracking regex (minutes; found by the benchmark on a real page), now a scan",
                ),
            ),
        ),
        Case(
            "billion-laughs",
            b"billion-laughs.html",
            _bytes(billion_laughs()),
            (Extracted(_all(_has(PARAGRAPHS[1]), _lacks("lollol")), "entities not expanded"),),
        ),
        Case(
            "external-entities",
            b"external-entities.xhtml",
            _bytes(external_entities(secret, port)),
            (
                Extracted(
                    _all(_has(PARAGRAPHS[0].split(" — ")[1][:40], PARAGRAPHS[2]), _lacks(SECRET_MARKER, "]>")),
                    "not resolved, not fetched; the internal subset is not shown as text",
                ),
            ),
        ),
        Case(
            "gzip-bomb",
            b"gzip-bomb.txt.gz",
            _bytes(gzip_bomb(1000 * MB)),
            (Fails("too_large", "over the limit of 20,000,000 bytes (--max-bytes)", "stops at the limit"),),
        ),
        Case(
            "truncated-gzip",
            b"truncated.txt.gz",
            _bytes(gzip.compress(ARTICLE.encode() * 20)[:300]),
            (Fails("corrupt_input", "compressed file is truncated", "cut short"),),
        ),
        Case(
            "malformed-warc",
            b"malformed.warc",
            _bytes(malformed_warc()),
            (
                Extracted(_has(PARAGRAPHS[0]), "the record before the damage is kept", where="#1"),
                Fails("corrupt_input", "damaged archive at record", "Content-Length is not a number"),
            ),
        ),
        Case(
            "bomb-warc",
            b"bomb.warc",
            _write_bomb_warc,
            (
                Extracted(_has(PARAGRAPHS[0]), "before the bomb", where="#1"),
                Fails("too_large", "record is over the limit of 20,000,000 bytes", "inflates to 200 MB", where="#2"),
                Extracted(_has(PARAGRAPHS[0]), "after it: the archive goes on", where="#3"),
            ),
        ),
        Case(
            "odd-name",
            weird_ok,
            _bytes(ARTICLE.encode()),
            (Extracted(_has(PARAGRAPHS[0]), "a newline and non-UTF-8 bytes in the name: shown escaped"),),
        ),
        Case(
            "odd-name-binary",
            weird_bin,
            _bytes(bytes(range(256)) * 4),
            (Fails("undecodable", "binary data", "its stderr line is still one line"),),
        ),
    ]
    for family in BACKTRACKING_UNITS:
        for html in (False, True):
            suffix = "html" if html else "txt"
            found.append(
                Case(
                    f"backtracking-{family}-{suffix}",
                    f"backtracking-{family}.{suffix}".encode(),
                    _bytes(backtracking_page(family, 150_000, html)),
                    (Extracted(_any_record, "long runs of pattern pieces: a record, in linear time"),),
                )
            )
    return found


def shown_name(name: bytes) -> str:
    """A file name as newsclean shows it: non-UTF-8 bytes as ``\\xff`` escapes."""
    return name.decode("utf-8", "backslashreplace")


def write_corpus(folder: Path, secret: Path, port: int) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    made = cases(secret, port)
    for case in made:
        case.write(folder / os.fsdecode(case.path))
    return made


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/badinput/make_corpus.py DIR")
    out = Path(sys.argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    secret_file = out.parent / "secret.txt"
    secret_file.write_text(SECRET_MARKER)
    for made_case in write_corpus(out, secret_file, 9):
        print(made_case.name, shown_name(made_case.path), sep="\t")
