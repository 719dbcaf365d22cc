"""newsclean.html.encoding: bytes of an HTML page -> text and the encoding used.

Pages are written by hand; the expected text is the page as written, before encoding.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.html.encoding import charset_for_label, decode_html

GERMAN = "Größe über Straße – „Zitat“ für Bücher, 5 €"
POLISH = "Zażółć gęślą jaźń: Łódź, Śląsk, źródło, pięść."
RUSSIAN = "Съешь же ещё этих мягких французских булок, да выпей чаю."


def html(body: str, head: str = "", lang: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html><html{lang_attr}><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def test_utf8_declared_as_gb2312_is_utf8() -> None:
    # qq.com's case: a <meta> says gb2312, the bytes are UTF-8
    page = html("人工智能迈上新台阶", head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    assert decode_html(page.encode("utf-8")) == (page, "utf-8")


def test_gb2312_page_decodes_with_the_superset() -> None:
    page = html("人工智能迈上新台阶", head='<meta charset="gb2312">')
    assert decode_html(page.encode("gb2312")) == (page, "gb18030")


def test_cp1252_page_without_declaration() -> None:
    page = html(GERMAN)
    assert decode_html(page.encode("cp1252")) == (page, "windows-1252")


def test_http_equiv_charset() -> None:
    page = html(POLISH, head='<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">')
    assert decode_html(page.encode("iso8859_2")) == (page, "iso-8859-2")


def test_meta_charset_latin1_means_windows_1252() -> None:
    page = html("“Quoted” – 5 €", head="<meta charset='latin1'>")
    assert decode_html(page.encode("cp1252")) == (page, "windows-1252")


def test_http_header_charset_wins_over_meta() -> None:
    page = html(RUSSIAN, head='<meta charset="iso-8859-1">')
    assert decode_html(page.encode("cp1251"), "text/html; charset=windows-1251") == (page, "windows-1251")


def test_charset_in_a_comment_is_ignored() -> None:
    page = html(GERMAN, head='<!-- <meta charset="koi8-r"> --><meta charset="windows-1252">')
    assert decode_html(page.encode("cp1252")) == (page, "windows-1252")


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    ],
)
def test_byte_order_mark_beats_any_declaration(bom: bytes, codec: str, name: str) -> None:
    page = html(RUSSIAN, head='<meta charset="windows-1252">')
    assert decode_html(bom + page.encode(codec)) == (page, name)


def test_utf16_without_mark() -> None:
    page = html(GERMAN)
    assert decode_html(page.encode("utf-16-le")) == (page, "utf-16-le")


def test_meta_declaring_utf16_in_an_ascii_page_means_utf8() -> None:
    page = html(GERMAN, head='<meta charset="utf-16">')
    assert decode_html(page.encode("utf-8")) == (page, "utf-8")


def test_utf8_page_with_a_stray_byte_keeps_utf8() -> None:
    page = html(f"{GERMAN} Mitgef@hl")
    data = page.encode("utf-8").replace(b"@", b"\xfc")  # one latin-1 byte pasted into a UTF-8 page
    assert decode_html(data, "utf-8") == (page.replace("@", "\ufffd"), "utf-8")


def test_page_declared_utf8_but_latin1_throughout() -> None:
    page = html(" ".join([GERMAN] * 5), head='<meta charset="utf-8">')
    assert decode_html(page.encode("cp1252")) == (page, "windows-1252")


def test_legacy_page_patched_with_utf8_snippets() -> None:
    # A windows-1252 page holding one UTF-8 encoded word: both read right, no "fÃ¼r".
    head = '<meta charset="windows-1252">'
    data = html(f"{GERMAN} XX", head=head).encode("cp1252").replace(b"XX", "für".encode())
    assert decode_html(data) == (html(f"{GERMAN} für", head=head), "windows-1252")


@pytest.mark.parametrize(
    ("text", "codec", "lang", "name"),
    [
        (POLISH, "iso8859_2", "pl", "iso-8859-2"),
        (POLISH, "cp1250", "pl", "windows-1250"),
        (RUSSIAN, "cp1251", "ru", "windows-1251"),
        (RUSSIAN, "cp1251", "", "windows-1251"),
    ],
)
def test_undeclared_legacy_pages(text: str, codec: str, lang: str, name: str) -> None:
    page = html(" ".join([text] * 3), lang=lang)
    assert decode_html(page.encode(codec)) == (page, name)


@pytest.mark.parametrize(
    ("label", "name", "codec"),
    [
        ("latin1", "windows-1252", "cp1252"),
        ("ISO-8859-1", "windows-1252", "cp1252"),
        ("us-ascii", "windows-1252", "cp1252"),
        ("gb2312", "gb18030", "gb18030"),
        ("GBK", "gb18030", "gb18030"),
        ("x-sjis", "shift_jis", "cp932"),
        ("ks_c_5601-1987", "euc-kr", "cp949"),
        ("iso-8859-9", "windows-1254", "cp1254"),
        ("tis-620", "windows-874", "cp874"),
        ('text/html; charset="UTF8"', "utf-8", "utf-8"),
        ("latin_1", "windows-1252", "cp1252"),  # charset-normalizer's spelling
    ],
)
def test_whatwg_labels(label: str, name: str, codec: str) -> None:
    charset = charset_for_label(label)
    assert charset is not None
    assert (charset.name, charset.codec) == (name, codec)


@pytest.mark.parametrize("label", ["", "no-such-charset", "text/html", None])
def test_unknown_labels(label: str | None) -> None:
    assert charset_for_label(label) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_utf8_round_trip(body: str) -> None:
    page = html(body)
    assert decode_html(page.encode("utf-8")) == (page, "utf-8")


@settings(max_examples=200, deadline=None)
# Letters only: their windows-1252 bytes (0xC0-0xFF) never form UTF-8 sequences, so the
# declaration is never overridden (typographic marks are covered by the tests above).
@given(st.text(alphabet=st.sampled_from(list("abcdefghij äöüßÄÖÜéèàñç")), max_size=200))
def test_declared_windows_1252_round_trip(body: str) -> None:
    page = html(body, head='<meta charset="windows-1252">')
    assert decode_html(page.encode("cp1252")) == (page, "windows-1252")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_never_raises(data: bytes) -> None:
    text, name = decode_html(data)
    assert isinstance(text, str)
    assert name
