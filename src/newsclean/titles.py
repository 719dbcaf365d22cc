"""The title inside a headline line: what is left once the page furniture a text dump glued to it is cut off.

``clean_headline`` strips separators left in front of a line; ``title_from_line`` also cuts a
leading date, a breadcrumb, a format label ("WATCH: "), the site, section and date segments of
a page title ("Title - Section - Site", "Site | Title") and an author and blog after the title.
The headline ranker (``headline``) compares candidates by their ``clean_headline`` text;
``title_from_line`` gives the winner's printed title. Kept apart from the ranker because it
reads one line's text only; its few words (format labels, "par") are in
``data/headline_labels.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_LEADING_JUNK = re.compile(r"^[\s:;|,.\-–—•·]+")
_TRAIL_SEPARATORS = " -–—|:·•/"
_BREADCRUMB = re.compile(r"\s[»›>]\s")
_SITE_SUFFIX_BAR = re.compile(r"\s\|\s(?=[^|]{1,40}$)")
# What a page title puts between headline, section, date and site: "Title - Section - Site".
_SEGMENT_SEP = re.compile(r"\s(?:\||-|–|—|·|•|::)\s")
_MAX_SEGMENTS = 6  # more separators than this: a menu or a list, not a title
_SECTION_WORDS = 4  # a section or site segment of a multi-part title has at most this many words
_SITE_WORDS = 3  # a site name after the one separator of a title ("- Bondy Blog", "- DER SPIEGEL 52/2018")
_SITE_CHARS = 40
_MIN_TITLE_WORDS = 2
_WEB_NAME = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){0,3}\.[a-z]{2,12}")
_ISSUE = re.compile(r"\d{1,4}(?:[/.]\d{1,4})?")  # "52/2018" after "DER SPIEGEL"
_KICKER = re.compile(r"[^\W\d_][\w-]{1,30}\s?:\s")  # "Deutschlandtakt: ", one word and a colon


@dataclass(frozen=True, slots=True)
class _TitleVocab:
    label: re.Pattern[str]  # "WATCH: ", "Pétition : "
    by: frozenset[str]  # "par" in "Title, par Didier Roy"
    stop: frozenset[str]  # English stop words: not inside a site name


@lru_cache(maxsize=1)
def _title_vocab() -> _TitleVocab:
    from .language import stopwords
    from .resources import load_table

    kinds: dict[str, set[str]] = {}
    for phrase, kind in load_table("headline_labels.txt"):
        kinds.setdefault(kind, set()).add(phrase.casefold())
    alt = "|".join(re.escape(w) for w in sorted(kinds["label"], key=len, reverse=True))
    return _TitleVocab(
        re.compile(rf"(?i)(?:{alt})\s?:\s{{1,3}}(?=\S)"),
        frozenset(kinds["by"]),
        stopwords("en"),
    )


def clean_headline(text: str) -> str:
    """Strip separators the dump left in front of a title (": AP: Talks resume …" -> "AP: Talks resume …").
    A wire credit that is part of the printed title ("AP: …") stays: the page shows it."""
    if text[:1].isalnum():  # the common case, without the regex
        return text
    return _LEADING_JUNK.sub("", text).strip()


def title_from_line(text: str) -> str:
    """The title inside the winning line, when the dump glued page furniture to it:
    a leading date ("23.01.2022 - Title"), a breadcrumb ending in the title
    ("Home » Sport » Title"), a format label ("WATCH: Title", "Pétition : Title"), the page
    title's site, section and date segments ("Title - Section - 21/12/2018 - Site",
    "Kicker: Title - Section - Site", "Title | Site", "Site | Title", "unocero - Title"), and an
    author and blog after the title ("Title, par Jane Doe (Blog, 21 juin 2018)"). A topic
    kicker ("Brexit: May survives vote") is part of the headline."""
    from .meta.timestamps import find_timestamps

    text = clean_headline(text)
    if text[:1].isdigit():
        stamps = find_timestamps(text[:60])
        if stamps and stamps[0].start == 0:
            rest = text[stamps[0].end :].lstrip(_TRAIL_SEPARATORS)
            if len(rest.split()) >= 3:
                text = rest
    parts = _BREADCRUMB.split(text)
    if len(parts) >= 3 and parts[-1].strip():
        text = parts[-1].strip()
    if ":" in text[:20]:
        label = _title_vocab().label.match(text)
        if label and text.count(" ", label.end()) >= 2:
            text = text[label.end() :]
    text = _title_segment(text)
    bar = _SITE_SUFFIX_BAR.search(text)
    if bar and text.count(" | ") == 1 and len(text[: bar.start()].split()) >= 3 and len(text[bar.end() :].split()) <= 4:
        text = text[: bar.start()].rstrip()
    return _without_author(text)


def _title_segment(text: str) -> str:
    """The headline among a page title's segments (see ``title_from_line``)."""
    if len(text) > 400:
        return text
    seps = list(_SEGMENT_SEP.finditer(text))
    if not seps or len(seps) > _MAX_SEGMENTS:
        return text
    bounds = [0, *(x for m in seps for x in (m.start(), m.end())), len(text)]
    parts = [text[bounds[i] : bounds[i + 1]].strip() for i in range(0, len(bounds), 2)]
    title, rest = parts[0], parts[1:]
    if not _balanced(title):  # "Coufal, Souček, Diop (West Ham - Manchester City)"
        return text
    if len(parts) == 2:
        sep = seps[0].group().strip()
        if sep in "|-—–" and _site_name(rest[0], title, sep):
            return title
        if sep in "|-" and _site_before(title, sep == "|") and _sentence_like(rest[0]):
            return rest[0]
        return text
    for cut, seg in enumerate(rest):  # sections and sites before a date segment or the end
        if _date_segment(seg):
            # a one-word title only right before the date ("Briefe - 26 Oktober 2010 - Blog - …")
            return text if cut and _word_count(title) < _MIN_TITLE_WORDS else title
        if not _section_or_site(seg):
            return text
    if _word_count(title) < _MIN_TITLE_WORDS:
        return text
    kicker = _KICKER.match(title)  # "Deutschlandtakt: Flixbus attackiert … - Wirtschaft - SZ.de"
    if kicker and title.count(" ", kicker.end()) >= 2:
        return title[kicker.end() :]
    return title


def _balanced(text: str) -> bool:
    """No bracket or quotation left open: the separator is inside a quotation, not after the title."""
    return text.count("(") == text.count(")") and text.count('"') % 2 == 0 and sum(map(text.count, "“”„")) % 2 == 0


def _word_count(text: str) -> int:
    return text.count(" ") + 1 if text else 0


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isalpha() and word[:1].lower() == word[:1].upper())


def _site_name(seg: str, title: str, sep: str) -> bool:
    """The segment after a title's only separator is the site: a web name after any dash or
    bar ("— football.ua"); after a hyphen or bar 1-3 capitalised words without function words
    ("- Bondy Blog", "- DER SPIEGEL 52/2018", "- Infobae"), either set like a brand (capitals
    inside or throughout, an issue number) or after a title at least twice as long (4+ words):
    a subtitle ("Minecraft 1.8 - The Bountiful Update", "Chapter 1: Prologue - Murdered") is not."""
    words = seg.split()
    if not words or len(seg) > _SITE_CHARS or not seg[0].isalpha() or seg[-1] in ".!?…":
        return False
    if _WEB_NAME.fullmatch(seg):
        return _word_count(title) >= _MIN_TITLE_WORDS
    if sep not in "-|":
        return False
    issue = len(words) > 1 and _ISSUE.fullmatch(words[-1]) is not None
    names = words[:-1] if issue else words
    if len(names) > _SITE_WORDS or not _name_words(names, first_too=True):
        return False
    brand = issue or any((w.isupper() and len(w) > 1) or not w[1:].islower() for w in names)
    size = _word_count(title)
    return size >= _MIN_TITLE_WORDS and (brand or size >= max(4, 2 * len(names)))


def _section_or_site(seg: str) -> bool:
    """A section or site segment of a title: "Wirtschaft", "EL PAÍS Uruguay", "tdg.ch"."""
    words = seg.split()
    if not 1 <= len(words) <= _SECTION_WORDS or len(seg) > _SITE_CHARS or seg[-1] in ".!?…":
        return False
    if _WEB_NAME.fullmatch(seg) is not None:
        return True
    return _capitalised(seg) and not any(c.isdigit() for c in seg) and _name_words(words, capitals=False)


def _name_words(words: list[str], capitals: bool = True, first_too: bool = False) -> bool:
    """Words of a name: capitalised (``capitals``), no English function word after the first
    (or at all, ``first_too``): "Everything We Know", "The Bountiful Update" are title-case
    headline words, not a site."""
    if capitals and not all(_capitalised(w) for w in words):
        return False
    stops = _title_vocab().stop
    return not any(w.casefold() in stops for w in (words if first_too else words[1:]))


def _date_segment(seg: str) -> bool:
    """A segment that is only a date: "21/12/2018", "26 Oktober 2010"."""
    from .meta.timestamps import find_timestamps

    if len(seg) > 30 or not any(c.isdigit() for c in seg):
        return False
    stamps = find_timestamps(seg)
    return bool(stamps) and stamps[0].end - stamps[0].start >= len(seg) - 2


def _site_before(seg: str, bar: bool) -> bool:
    """A site name opening the title: "Diario HOY | Title" (capitalised words before a bar),
    "unocero - Title" (a lower-case brand: no headline starts in lower case)."""
    words = seg.split()
    if not words or len(seg) > _SITE_CHARS or any(c.isdigit() for c in seg):
        return False
    if len(words) == 1 and seg.islower() and seg.replace(".", "").isalpha():
        return True
    return bar and len(words) <= _SITE_WORDS and all(_capitalised(w) for w in words)


def _sentence_like(seg: str) -> bool:
    """A headline: 4+ words, a capital first, some words in lower case."""
    words = seg.split()
    return len(words) >= 4 and _capitalised(seg) and sum(w[:1].islower() for w in words) >= 2


def _without_author(text: str) -> str:
    """ "Turpitude et architecture, par Didier Roy (Les blogs du Diplo, 21 juin 2018)" -> the
    title: a closing parenthesis naming a blog and a date, then ", par <name>"."""
    if text.endswith(")"):
        from .meta.timestamps import find_timestamps

        open_at = text.rfind(" (")
        inner = text[open_at + 2 : -1] if open_at > 0 else ""
        if inner and "," in inner and len(inner) <= 80 and "(" not in inner and find_timestamps(inner):
            text = text[:open_at].rstrip()
    comma = text.rfind(", ")
    if comma > 0:
        word, _, name = text[comma + 2 :].partition(" ")
        names = name.split()
        if (
            word.casefold() in _title_vocab().by
            and 2 <= len(names) <= 3
            and all(w[:1].isupper() for w in names)
            and text.count(" ", 0, comma) >= 1
        ):
            text = text[:comma]
    return text
