r"""The vocabulary and compiled patterns of ``meta.timestamps``: month and weekday names, relative-time
words, time zones and labels, and the anchored regexes built from them.

Vocabulary (month and weekday names, relative-time words, time zones, labels such as
"Updated") lives in ``data/months*.tsv``, ``data/relative_time.tsv`` (from CLDR),
``data/date_labels*.tsv`` and ``data/timezones.tsv``; ``_vocab()`` reads and compiles it once,
on first use (about 0.1 s), into one ``_Vocab``. Every quantifier is bounded, so one attempt
costs a bounded amount whatever the input. Where the opening word is already known to be a
month or weekday the patterns use generic words (``[^\W\d_]{2,15}``) checked afterwards with
dict look-ups; after a bare number the month is matched by a prefix-tree regex (``_trie``),
which fails at once on "24 people". Kept apart from the search (``timestamps``) and the
values (``timestamp_values``) so that what a stamp may look like is read in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Role
from ..resources import load_table
from .date_context import zone_abbreviations

_ROLES = {"published": Role.PUBLISHED, "updated": Role.UPDATED, "other": Role.OTHER}
_NOT_LETTER = r"(?![^\W\d_])"
_W = r"[^\W\d_]{2,15}" + _NOT_LETTER  # a word, checked against the vocabulary afterwards
# A year may be glued to the time after it ("3 de mayo de 202221:25"): text dumps of pages
# lose the space between a date and a time printed in separate elements.
_YEAR = r"(?<!\d)(?:19|20)\d\d(?:(?!\d)|(?=(?:2[0-3]|[01]?\d)[:h][0-5]\d(?!\d)))"
_YY = r"\d\d(?!\d)(?!\.\d)"  # a two-digit year, taken only when a time or a label follows/precedes
_DAY = r"(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_AMPM = r"[AaPp]\.?\s?[Mm]\.?" + _NOT_LETTER

_Tree = dict[str, "_Tree"]


def _trie(words: set[str]) -> str:
    """Case-insensitive alternation of ``words`` as a prefix tree: a miss costs a few char tests."""
    tree: _Tree = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Tree) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(alts) == 1 else body + "?"

    return rf"(?=[^\W\d_])(?i:{emit(tree)}){_NOT_LETTER}"


def _alt(words: set[str]) -> str:
    """Alternation of a short phrase list, longest first; spaces match 1-3 blanks."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s{1,3}") for w in ordered)


def _time(p: str, suffixes: str) -> str:
    """A clock time with optional am/pm, suffix ("Uhr") and zone; groups prefixed with ``p``."""
    return (
        rf"(?:(?<!\d)|(?<=(?:19|20)\d\d))(?P<{p}h>2[0-3]|[01]?\d)"
        rf"(?:(?:[:.]|\s?[hH]\s?)(?P<{p}m>[0-5]\d)(?!\d)(?::(?P<{p}s>[0-5]\d)(?:[.,]\d{{1,9}})?)?(?!\.\d)"
        rf"(?:\s?(?P<{p}ap>{_AMPM}))?|\s?(?P<{p}ap2>{_AMPM})"
        # "à 11h": a whole hour, its "h" taken by the suffix group below
        rf"|(?=\s?h(?![^\W_])))"
        rf"(?:\s?(?i:{suffixes})\.?{_NOT_LETTER})?"
        rf"(?P<{p}zone>\s?\(?(?P<{p}z>[A-Z]{{2,5}})(?P<{p}zoff>[+-]\d\d?(?::?\d\d)?)?\)?{_NOT_LETTER}"
        rf"|\s?(?P<{p}zo>Z|[+-]\d\d(?::?\d\d)?)(?!\d))?"
    )


@dataclass(frozen=True, slots=True)
class _Vocab:
    months: dict[str, int]
    weekdays: dict[str, int]  # name -> ISO weekday (1 = Monday)
    zones: frozenset[str]
    labels: dict[str, Role]
    preps: frozenset[str]
    units: dict[str, dict[str, str]]  # unit word -> language -> second/minute/.../year
    ago_after: dict[str, frozenset[str]]  # "ago" word -> its languages
    ago_before: dict[str, frozenset[str]]  # "vor", "il y a" -> their languages
    ago_before_words: frozenset[str]  # the words of the "before" phrases ("il", "y", "a")
    days: dict[str, int]  # "yesterday" -> -1
    day_ends: tuple[str, ...]  # the one-word day words, for a quick str.endswith on short lines
    time_lead: re.Pattern[str]  # a time that may be followed by its date ("12:32 Mar. 23, 2016")
    conn: re.Pattern[str]  # what joins a time and a date: ", ", " at ", " à ", "T"
    date_digit: re.Pattern[str]  # a date starting with its first number
    date_word: re.Pattern[str]  # a date starting with a weekday or month name
    date_word_nowd: re.Pattern[str]  # the same without the weekday ("March 18 at 3:57 PM")
    hhmm: re.Pattern[str]  # "1033 GMT (1833 HKT)": a four-digit time with its zone, before a date
    bys: frozenset[str]  # "by", "von", "par": "Posted by X on DATE"
    rel_after: re.Pattern[str]  # "5 hours ago"
    rel_before: re.Pattern[str]  # "vor 3 Stunden"
    day_before: re.Pattern[str]  # "yesterday at " ending where a time starts


def _key(word: str) -> str:
    return word.lower().rstrip(".")


def _by_language(rows: list[tuple[str, str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for phrase, lang in rows:
        out.setdefault(phrase, set()).add(lang)
    return {phrase: frozenset(langs) for phrase, langs in out.items()}


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    months: dict[str, int] = {}
    for _lang, num, name in load_table("months.tsv"):
        months.setdefault(_key(name), int(num))
    weekdays: dict[str, int] = {}
    for _lang, num, name in load_table("months_weekdays.tsv"):
        weekdays.setdefault(_key(name), int(num))
    kinds: dict[str, set[str]] = {}
    for phrase, kind, _lang in load_table("date_labels.tsv"):
        kinds.setdefault(kind, set()).add(phrase.lower())
    rel: dict[str, list[tuple[str, str, str]]] = {}
    for phrase, kind, lang, meaning in load_table("relative_time.tsv") + load_table("date_labels_relative.tsv"):
        rel.setdefault(kind, []).append((phrase.lower(), lang, meaning))
    units: dict[str, dict[str, str]] = {}
    for word, lang, meaning in rel["unit"]:
        units.setdefault(word, {}).setdefault(lang, meaning)
    days = {word: int(meaning) for word, _lang, meaning in rel["day"]}

    of = rf"(?:(?i:{_alt(kinds['of'])})\s{{1,3}})?"
    conn = rf"T(?=\d)|(?:\s{{0,3}}[,:|·•∙@–—-])?\s{{0,3}}(?:(?i:{_alt(kinds['at'])})\.?(?:\s{{1,3}}|(?=\d)))?"
    suffixes = _alt(kinds["time_suffix"])
    # A trailing time, taken whole through a lookahead (an atomic group that Python 3.10 lacks),
    # so its shorter readings are not retried.
    time_after = rf"(?:(?=(?P<ta>(?:{conn}){_time('a', suffixes)}))(?P=ta))?"

    # After a bare number the month must be a real one ("24 March", not "24 people"): the
    # trie fails there early, which is cheaper than matching on and checking afterwards.
    month_trie = _trie(set(months))
    # After a month name, a year may also be glued to the next date ("10. Februar 20199. Februar
    # 2019", "20 janvier 202020 janvier"), or printed with two digits: "Feb ’20", or "14 Gennaio
    # 20" closing the date (before a bracket, a bar or the end; not "14 March 20 people").
    glued = rf"(?=(?:3[01]|[12]\d|0?[1-9])\.?\s{{1,3}}{of}{month_trie})"
    year_named = rf"(?P<xy>{_YEAR[:-1]}|{glued}))|[’'‘](?P<xya>\d\d)(?!\d)|(?P<xye>\d\d)(?=\s{{0,3}}(?:[)\]|·•]|$))"

    def dmy(month: str) -> str:
        return (
            rf"(?P<xd>{_DAY})(?:st|nd|rd|th|er|º|\.)?(?:\s{{1,3}}|\.|-){of}(?P<xm>{month})\.?"
            rf"(?:(?:,?\s{{1,3}}|-|(?<=\.)){of}(?:{year_named}))?"
        )

    date_digit = (
        rf"(?:(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])(?!\d)"
        rf"|(?P<sy>{_YEAR})/(?P<sm>0?[1-9]|1[0-2])/(?P<sd>{_DAY})"
        rf"|(?<![\d.])(?P<dd>{_DAY})\.(?P<dm>0?[1-9]|1[0-2])\.(?P<dy>{_YEAR})"
        # Numbers only, day and month in either order; two-digit years with dots too: US pages
        # print "04.08.05, 1:21 PM ET".
        rf"|(?<![\d/.])(?P<na>\d\d?)(?P<ns>[/.-])(?P<nb>\d\d?)(?P=ns)"
        rf"(?:(?<![.])(?P<ny>{_YEAR})|(?P<nyy>{_YY})(?![/-]))"
        rf"|{dmy(month_trie)}){time_after}"
    )
    numeric = (
        rf"(?<![\d/.])(?P<na>\d\d?)(?P<ns>[/.-])(?P<nb>\d\d?)(?P=ns)"
        rf"(?:(?<![.])(?P<ny>{_YEAR})|(?P<nyy>{_YY})(?![/-]))"
    )
    date_word_nowd = (
        rf"(?:{dmy(_W)}"
        rf"|(?P<ym>{_W})\.?\s{{0,3}}(?P<yd>{_DAY})(?:st|nd|rd|th)?(?!\d)(?:(?:,?\s{{1,3}}|,)(?P<yy>{_YEAR}))?"
        rf"|(?P<zm>{_W})\.?,?\s{{1,3}}{of}(?P<zy>{_YEAR}))"
        rf"{time_after}"
    )
    date_word = (
        rf"(?:(?P<wd>{_W})\.?,?\s{{1,3}})?"
        rf"(?:{dmy(_W)}"
        # "mardi 10.12.19": a weekday before a numeric date (which it may disambiguate)
        rf"|(?<=\s){numeric}"
        rf"|(?P<ym>{_W})\.?\s{{0,3}}(?P<yd>{_DAY})(?:st|nd|rd|th)?(?!\d)(?:(?:,?\s{{1,3}}|,)(?P<yy>{_YEAR}))?"
        rf"|(?P<zm>{_W})\.?,?\s{{1,3}}{of}(?P<zy>{_YEAR}))"
        rf"{time_after}"
    )
    unit = r"(?P<u>[^\W\d_]{1,12})" + _NOT_LETTER
    number = r"(?<!\d)(?P<n>\d{1,3})(?!\d)"
    before = _by_language([(w, lang) for w, lang, _ in rel["before"]])
    return _Vocab(
        months=months,
        weekdays=weekdays,
        zones=zone_abbreviations(),
        labels={w: _ROLES[k] for k in _ROLES for w in kinds.get(k, ())},
        preps=frozenset(kinds["prep"]),
        units=units,
        ago_after=_by_language([(w, lang) for w, lang, _ in rel["after"]]),
        ago_before=before,
        ago_before_words=frozenset(w for phrase in before for w in phrase.split()),
        days=days,
        day_ends=tuple(sorted(w for w in days if " " not in w)),
        time_lead=re.compile(_time("b", suffixes)),
        conn=re.compile(conn),
        date_digit=re.compile(date_digit),
        date_word=re.compile(date_word),
        date_word_nowd=re.compile(date_word_nowd),
        hhmm=re.compile(
            r"(?P<ch>2[0-3]|[01]\d)(?P<cm>[0-5]\d)\s?(?P<cz>[A-Z]{2,5})(?![^\W\d_])"
            r"(?:\s{1,3}\(\d{3,4}\s?[A-Z]{2,5}\))?"
        ),
        bys=frozenset(kinds.get("by", ())),
        rel_after=re.compile(rf"{number}\s?{unit}\.?\s{{1,3}}(?P<a>[^\W\d_]{{2,10}}){_NOT_LETTER}"),
        rel_before=re.compile(
            rf"(?P<b>[^\W\d_]{{1,6}}(?:\s{{1,3}}[^\W\d_]{{1,6}}){{0,2}})\s{{1,3}}{number}\s?{unit}\.?"
        ),
        day_before=re.compile(rf"(?<![^\W\d_])(?P<dw>(?i:{_alt(set(days))}))(?:{conn})$"),
    )


def month_number(word: str) -> int | None:
    """The month a name or abbreviation stands for ("März", "Sept.", "марта"), in any known language."""
    return _vocab().months.get(_key(word))
