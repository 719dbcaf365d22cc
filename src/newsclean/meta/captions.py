"""Photo captions and their credits: "… in Paris. (Photo: AP)", "© REUTERS / Jane DoeThe minister …",
"… May 2, 2016 - Example International", "Photograph: Jane Doe/AFP/Getty Images".

A credit sits at the start or the end of a caption, so only those ends are examined, with
string methods rather than regex scans (``split_credit`` runs on every caption-sized line):
a leading "©" credit, whose end is where a lower-case letter runs into the capital opening
the caption when the dump glued them; a BBC-style "Image copyright X Image caption Y" (and a
bare leading "Image caption"); a leading label ("Photo: AP"), the credit's end found the same
way when the caption is glued after it; a trailing parenthesis; a trailing "© X"; a last
sentence, spaced or glued ("… Paris.Photo: AP"), that is a labelled or bare ("REUTERS/Jane Doe")
credit; a trailing " - Outlet", " - Jane Doe/Outlet" or " / AFP"; a trailing ", photo X" or
", example.com"; a labelled credit at the end ("… Bildquelle: dpa"); and a known source
closing the line ("Dee Dee Myers Getty Images"). A credit loses its "©" and its final full stop.
Vocabulary: ``data/credit_patterns.txt`` and ``data/agencies.txt``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_lines, load_table

__all__ = ["caption_key", "caption_key_from", "caption_key_head", "is_credit_only", "split_credit"]

_TAIL = 120  # chars at the end of a caption searched for a credit
_GLUED_TAIL = 60  # chars at the end searched for a credit glued to the caption's full stop
_GLUE_SPAN = 100  # chars after "©" searched for the glued caption start
_MAX_CREDIT_WORDS = 12
_BARE_KEY = 2  # label_nocolon entries are indexed by this many first characters
_COPYRIGHT = ("©", "(c)", "(C)")
_DASHES = (" - ", " – ", " — ", " | ", " -- ")
_CAPTION_END = " -–—|,;:·•"  # separators left at the end of a caption when its credit is cut off
_LOOSE_WORDS = 6  # words of a credit after a label written without its colon ("фото ФК Динамо Киев")
# [/|;,]|\s(?:[-–—]|via|vía|for|für|pour|para|per)(?=\s), written to open with one character class
# so the regex engine skips straight to the candidates instead of trying every position.
_PARTS = re.compile(r"[/|;,\s](?:(?<=[/|;,])|(?<=\s)(?:[-–—]|via|vía|for|für|pour|para|per)(?=\s))")
# Any of these (or " - ") near the end of a line may introduce a credit; without one only a
# short last sentence ("… in Washington. Getty Images") needs a closer look.
_MARK_CHARS = re.compile(r"[()/:|©–—]").search
# "Photo: ", "Crédit photo : ", "Photo (cc) : " (a licence mark between the label and its colon)
_LEAD_LABEL = re.compile(r"(?P<l>[^\W\d_]{2,16}(?:\s[^\W\d_]{2,12})?)(?:\s?\([^()]{1,12}\))?\s?:\s{0,3}(?=\S)")
# a web address standing as the credit: "acspezia.com", "instagram.com/inside_global"
_DOMAIN = re.compile(r"(?:[\w-]{1,63}\.){1,4}(?P<tld>[a-z]{2,12})(?:/[\w./-]{0,80})?")
# a credit's final full stop stays after an initial or an abbreviation ("J.", "Jr.", "Inc.")
_ABBREV_END = re.compile(r"(?:\b[^\W\d_]|\b(?:Jr|Sr|Inc|Ltd|Co|Corp|St))\.$")
_KEY_CHARS = str.maketrans(
    {"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "’": "'", "‘": "'", "“": '"', "”": '"'}
)
_KEY_CHAR_AT = re.compile("[" + "".join(map(chr, _KEY_CHARS)) + "]").search


@dataclass(frozen=True, slots=True)
class _Vocab:
    labels: frozenset[str]  # before a colon: "photo", "crédit photo"
    labels_bare: tuple[str, ...]  # without a colon, longest first: "image copyright", "photo by"
    label_words: frozenset[str]  # one-word labels of either kind: "foto", "copyright"
    glued_labels: frozenset[str]  # label words of 5+ letters, for "CreditJane Doe"
    glued_sizes: tuple[int, ...]  # their lengths, longest first
    source_ends: frozenset[str]  # last words of the sources of several words: "images", "press"
    bare_by_start: dict[str, tuple[str, ...]]  # labels_bare by their first _BARE_KEY characters
    label_starts: frozenset[str]  # first words of all labels, for a cheap test
    caption_labels: re.Pattern[str]  # "Image caption" between a credit and its caption
    sources: frozenset[str]  # "getty images", "ap photo", agencies
    outlet_words: frozenset[str]
    name_prefixes: frozenset[str]
    brands: frozenset[str]
    caps_sources: frozenset[str]  # credits only when written in capitals: "DR"
    particles: frozenset[str]  # "de", "of": lower-case words inside a name in a marked credit
    caption_lead: re.Pattern[str]  # "Image caption" opening a line
    file_exts: frozenset[str]  # "js", "pdf": a file name, not a web address
    given: frozenset[str]  # given names, lower-case, unaccented (data/given_names.txt)


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    kinds: dict[str, set[str]] = {}
    for phrase, kind in load_table("credit_patterns.txt"):
        kinds.setdefault(kind, set()).add(phrase.casefold())
    sources = set(kinds["source"])
    for row in load_table("agencies.txt"):
        sources.update(s.casefold() for s in row)
    glued = {w for w in kinds["label"] | kinds["label_nocolon"] if " " not in w and len(w) >= 5}
    caption_alt = "|".join(re.escape(w) for w in sorted(kinds["caption_label"], key=len, reverse=True))
    bare = tuple(sorted(kinds["label_nocolon"], key=len, reverse=True))
    if any(len(label) < _BARE_KEY for label in bare):
        raise ValueError(f"credit_patterns.txt: label_nocolon entries need {_BARE_KEY}+ characters")
    return _Vocab(
        labels=frozenset(kinds["label"]),
        labels_bare=bare,
        label_words=frozenset(w for w in kinds["label"] | kinds["label_nocolon"] if " " not in w),
        glued_labels=frozenset(glued),
        glued_sizes=tuple(sorted({len(w) for w in glued}, reverse=True)),
        bare_by_start={k: tuple(b for b in bare if b[:_BARE_KEY] == k) for k in {b[:_BARE_KEY] for b in bare}},
        label_starts=frozenset(w.split()[0] for w in kinds["label"] | kinds["label_nocolon"]),
        caption_labels=re.compile(rf"(?i)\s(?:{caption_alt})\s{{0,3}}:?\s"),
        sources=frozenset(sources),
        outlet_words=frozenset(kinds["outlet_word"]),
        name_prefixes=frozenset(kinds["glued_name_prefix"]),
        brands=frozenset(kinds["brand"]) | sources,
        caps_sources=frozenset(kinds["caps_source"]),
        source_ends=frozenset(s.rsplit(None, 1)[-1] for s in sources if " " in s),
        particles=frozenset(kinds["particle"]),
        caption_lead=re.compile(rf"(?i)(?:{caption_alt})\s{{0,3}}:?\s"),
        file_exts=frozenset(kinds["file_ext"]),
        given=frozenset(load_lines("given_names.txt")),
    )


def _name_like(part: str) -> bool:
    """1-5 words, each opening with a capital (or a letter without case): a photographer's name."""
    words = part.split()
    return 1 <= len(words) <= 5 and all(_capital(w) for w in words)


def _capital(word: str) -> bool:
    c = word[0]
    return c.isupper() or (c.isalpha() and c.lower() == c.upper()) or (c == "@" and word[1:2].isalnum())


def _loose_name(part: str, v: _Vocab, max_words: int = _LOOSE_WORDS, digits: bool = True) -> bool:
    """A name in a credit already marked as one by a label or a parenthesis: capitalised words,
    lower-case particles inside ("Ministerio de Defensa de Rusia"), a parenthesised word
    ("(NaturalistaUY)"), digits ("Brasil 247")."""
    words = part.split()
    if not 1 <= len(words) <= max_words or not _capital(words[0]):
        return False
    for w in words[1:]:
        core = w.lstrip("(«\"'“")
        if not core or not (_capital(core) or (digits and core[0].isdigit()) or w.casefold() in v.particles):
            return False
    return True


def _clean_credit(credit: str, v: _Vocab) -> str:
    """A credit without a leading "©" or label ("Quelle: BDEW") and without the final full stop
    of its sentence ("Nación Media.")."""
    out = credit.strip()
    if out.startswith("©"):
        out = out[1:].lstrip()
    head = out[:12].casefold()
    for size in v.glued_sizes:  # "Credit...Rich Pedroncelli/AP", "CreditEtienne Laurent/EPA"
        if head[:size] in v.glued_labels:
            rest = out[size:]
            if rest[:1].isupper() or (rest.startswith(("...", "…")) and rest.lstrip(".…")[:1].isupper()):
                out = rest.lstrip(".… ")
            break
    m = _LEAD_LABEL.match(out) if ":" in out[:30] else None
    if m and (m.group("l").casefold() in v.labels or m.group("l").casefold() in v.label_words):
        out = out[m.end() :].lstrip("© ")
    if out.endswith(".") and not out.endswith("..") and not _ABBREV_END.search(out[-6:]):
        out = out[:-1].rstrip()
    return out or credit.strip()


def _is_source(part: str, v: _Vocab) -> bool:
    return " ".join(part.split()).casefold().strip(".") in v.sources


def _credit_phrase(text: str, v: _Vocab, loose: bool = False) -> bool:
    """ "REUTERS / Jane Doe", "AP Photo/John Roe", "Jane Doe/AFP/Getty Images", "Getty Images".
    ``loose``: where a parenthesis marks the credit, names may hold particles
    ("Ministerio de Defensa de Rusia vía AP")."""
    if not text or len(text) > 150 or text.count(" ") > _MAX_CREDIT_WORDS + 2:
        return False
    parts = [p.strip() for p in _PARTS.split(text.strip(" .")) if p.strip()]
    if not parts or len(parts) > 4:
        return False
    if not any(_is_source(p, v) for p in parts):
        return False
    if loose:
        return all(_is_source(p, v) or _loose_name(p, v) for p in parts)
    return all(_is_source(p, v) or _name_like(p) for p in parts)


def _slash_names(text: str, v: _Vocab) -> bool:
    """ "Heinrich Aikawa/Instituto Lula": names joined by slashes, a photographer and an outlet."""
    if "/" not in text or " / " in text or len(text) > 100:
        return False
    parts = [p.strip() for p in text.split("/")]
    if not 2 <= len(parts) <= 4 or "," in text or not any(" " in p for p in parts):
        return False
    return all(_loose_name(p, v, 5, digits=False) for p in parts)


def _is_label_word(word: str, v: _Vocab) -> bool:
    return word.casefold() in v.labels


def _loose_label_credit(text: str, v: _Vocab, any_case: bool) -> str | None:
    """The credit after a label written without its colon: "FOTO Ángel Flecha", and, where the
    place marks it (``any_case``: in a parenthesis, after a comma), "Photo Prakash Mathema. AFP",
    "фото ФК Динамо Киев"."""
    head, _, rest = text.partition(" ")
    if not rest or not _is_label_word(head, v) or not (any_case or (head.isupper() and len(head) > 1)):
        return None
    rest = rest.strip()
    if not any_case and not any(c.islower() for c in rest):  # "PHOTO GALLERY", "PHOTO REVEALS …"
        return None
    return rest if _loose_name(rest.rstrip("."), v) else None


def _label_credit(text: str, v: _Vocab) -> str | None:
    """The credit after a leading label ("Photo: AP" -> "AP"), or None when ``text`` is not one."""
    first = text[:20].split(None, 1)[0].rstrip(":").casefold() if text.strip() else ""
    if first not in v.label_starts:
        return None
    m = _LEAD_LABEL.match(text) if ":" in text else None
    if m and m.group("l").casefold() in v.labels:  # "Photo: …": anything short after the colon
        rest = text[m.end() :].strip()
        return rest if len(rest.split()) <= _MAX_CREDIT_WORDS else None
    loose = _loose_label_credit(text, v, any_case=False)  # "FOTO Ángel Flecha"
    if loose:
        return loose
    low = text.casefold()
    # "Image copyright Reuters", "Photo by Jane Doe": must look like a credit
    for label in v.bare_by_start.get(low[:_BARE_KEY], ()):
        if low.startswith(label) and not low[len(label) : len(label) + 1].isalpha():
            rest = text[len(label) :].lstrip(" :").strip()
            named = _loose_name(rest.rstrip("."), v, 5) and len(rest.split()) >= 2
            return rest if _credit_phrase(rest, v) or named else None
    return None


def _glue_point(text: str, v: _Vocab) -> int:
    """Where a caption glued to its credit starts: a capital right after a lower-case letter,
    except inside names and brands ("McDonald", "YouTube")."""
    word_start = 0
    for i in range(1, min(len(text), _GLUE_SPAN)):
        prev, ch = text[i - 1], text[i]
        if not prev.isalpha():
            word_start = i
        elif (
            prev.islower()
            and ch.isupper()
            and (text[i + 1 : i + 2].islower() or text[i + 1 : i + 2] == " ")  # "DoeThe", not "WebMD"
            and text[word_start:i].casefold() not in v.name_prefixes
        ):
            word_end = i
            while word_end < len(text) and text[word_end].isalpha():
                word_end += 1
            if text[word_start:word_end].casefold() not in v.brands:
                return i
    return 0


def _after_copyright(body: str, v: _Vocab) -> tuple[str, str | None]:
    if not body:
        return "", None
    m = _LEAD_LABEL.match(body) if ":" in body[:30] else None
    if m and m.group("l").casefold() in v.labels:  # "© Foto: iStock/martin-dm"
        body = body[m.end() :]
    i = _glue_point(body, v)
    if i:
        return body[i:].strip(), body[:i].strip()
    m = v.caption_labels.search(body, 0, _TAIL)
    if m:
        return body[m.end() :].strip(), body[: m.start()].strip()
    if len(body.split()) <= _MAX_CREDIT_WORDS:
        return "", body
    return body, None


def _outlet(text: str, v: _Vocab) -> bool:
    """ "Example International", "Getty Images", "Reuters": a short outlet name after a dash."""
    words = text.split()
    if not 1 <= len(words) <= 5 or not all(w[0].isupper() for w in words):
        return False
    return _is_source(text, v) or _credit_phrase(text, v) or words[-1].casefold() in v.outlet_words


def _paren_credit(inner: str, v: _Vocab) -> str | None:
    """The credit inside a parenthesis closing a caption: "(Photo: AP)", "(AP Photo)",
    "(Photo Prakash Mathema. AFP)", "(Ministerio de Defensa de Rusia vía AP)"."""
    if inner.startswith("©"):  # "(© FEI/Christophe Taniere)"
        return inner if len(inner.split()) <= _MAX_CREDIT_WORDS else None
    found = _label_credit(inner, v)
    if found:
        return found
    found = _loose_label_credit(inner, v, any_case=True)
    if found and " " in found:  # "(Photo Prakash Mathema. AFP)", not "(Photo Services)"
        return found
    return inner if _credit_phrase(inner, v, loose=True) else None


def _sentence_credit(piece: str, v: _Vocab) -> str | None:
    """The credit that is the caption's last sentence: labelled or a credit phrase."""
    return _label_credit(piece, v) or (piece if _credit_phrase(piece, v) else None)


def _photographer(piece: str, s: str, stop: int, v: _Vocab) -> bool:
    """ "… en el extremo norte de la península antártica. Camila Buvinic": a person's name (a
    known given name, then one or two words, in title case) after a caption of a full sentence
    (8+ words) ending in a full stop after a word, not an abbreviation ("Dr.", "U.S.")."""
    words = piece.split()
    if not 2 <= len(words) <= 3 or s[stop] != "." or s.count(" ", 0, stop) < 7:
        return False
    if not all(w[0].isupper() and w[1:].isalpha() and w[1:].islower() for w in words):
        return False
    before = s[s.rfind(" ", 0, stop) + 1 : stop]
    if not before.isalpha() or (len(before) < 4 and not before.islower()):
        return False
    return _plain(words[0]) in v.given and words[0].casefold() not in v.particles


def _plain(word: str) -> str:
    """ "José" -> "jose": case and accents dropped, as in the given-name list."""
    folded = word.casefold()
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


def _credit_at_end(s: str, v: _Vocab) -> tuple[str, str | None]:
    tail_at = max(0, len(s) - _TAIL)
    marked = _MARK_CHARS(s, tail_at) is not None or s.find(" - ", tail_at) >= 0
    if marked and s[-1] in ").":  # "… in Paris. (Photo: AP)", "… 2016 (AP Photo)"
        open_at = s.rfind("(", tail_at)
        close_at = s.rfind(")")
        if open_at >= 0 and close_at > open_at and not s[close_at + 1 :].strip(" ."):
            found = _paren_credit(s[open_at + 1 : close_at].strip(), v)
            if found:
                return s[:open_at].rstrip(), found
    stop = max(s.rfind(". ", tail_at), s.rfind("! ", tail_at), s.rfind("? ", tail_at), s.rfind("… ", tail_at))
    if stop > 0 and (marked or s.count(" ", stop + 2) <= 5):  # "… Paris. Photo: Jane Doe/Getty Images"
        piece = s[stop + 2 :].strip()
        found = _sentence_credit(piece, v) or (piece if _photographer(piece, s, stop, v) else None)
        if found:
            return s[: stop + 1].rstrip(), found
    # "… Ted Olson.Photo: Getty Images": a full stop after a lower-case letter, a capital after it
    glued_from = max(len(s) - _GLUED_TAIL, stop + 1, 1)
    glued = s.rfind(".", glued_from, len(s) - 1)
    for _ in range(5):  # a few full stops ("Credit...Jane Doe/AP"), not every one of a long line
        if glued < glued_from:
            break
        if s[glued - 1].islower() and s[glued + 1].isupper():
            found = _sentence_credit(s[glued + 1 :].strip(), v)
            if found:
                return s[: glued + 1], found
        glued = s.rfind(".", glued_from, glued)
    if marked:
        cut = -1
        for dash in _DASHES:  # "… 2016 - Example International"
            cut = max(cut, s.rfind(dash, tail_at))
        if cut > 0:
            after = s[cut + 2 :].lstrip("-–—| ").strip()
            found = _label_credit(after, v)  # "… Steinformation - Foto von Mark Hosak"
            if found:
                return s[:cut].rstrip(_CAPTION_END), found
            if _outlet(after, v) or _slash_names(after, v):  # "… - Heinrich Aikawa/Instituto Lula"
                return s[:cut].rstrip(_CAPTION_END), after
        cut = s.rfind(" / ", tail_at)  # "Presidente de EEUU, Joe Biden / AFP"
        if cut > 0 and _is_source(s[cut + 3 :], v) and not s[:cut].istitle() and _has_lower_word(s[:cut]):
            return s[:cut].rstrip(_CAPTION_END), s[cut + 3 :].strip()
    mark = s.rfind("©", tail_at) if marked else -1
    if mark > 0:  # "… der PR-Berater Bendels. © Nicolas Armer/dpa", "… im Bundestag© Odd Andersen /AFP"
        credit = s[mark + 1 :].strip()
        caption = s[:mark].rstrip(_CAPTION_END)
        if (
            credit
            and caption
            and len(credit.split()) <= _MAX_CREDIT_WORDS
            and _capital(credit)
            and credit.count("|") <= 1
            and credit.count("(") == credit.count(")")
        ):
            return caption, credit
    comma = s.rfind(", ", max(tail_at, len(s) - 80))
    if comma > 0 and s.count(" ", comma + 2) <= _LOOSE_WORDS:  # "Лассина Траоре, фото Шахтер", "…, acspezia.com"
        piece = s[comma + 2 :].strip()
        web = _DOMAIN.fullmatch(piece) if "." in piece and " " not in piece else None
        if web and web.group("tld") not in v.file_exts:
            return s[:comma].rstrip(_CAPTION_END), piece
        loose = _loose_label_credit(piece, v, any_case=True) if piece[:1].islower() else None
        if loose:
            return s[:comma].rstrip(_CAPTION_END), loose
    colon = s.rfind(":", tail_at) if marked else -1
    if colon > 0:  # "… in Paris Photo: Jane Doe"
        words = s[max(tail_at, colon - 30) : colon].split()
        for n in (2, 1):
            label = " ".join(words[-n:])
            if len(words) > n and label.casefold() in v.labels:
                credit = s[colon + 1 :].strip(" )")
                if len(credit.split()) <= _MAX_CREDIT_WORDS:
                    return s[: s.rfind(label, 0, colon)].rstrip(_CAPTION_END), credit
    return _source_at_end(s, v) if s[-1:].isalpha() else (s, None)


def _has_lower_word(text: str) -> bool:
    return any(w[:1].islower() for w in text.split())


def _source_at_end(s: str, v: _Vocab) -> tuple[str, str | None]:
    """A known source closing the line (its last character a letter) without punctuation:
    "Dee Dee Myers Getty Images" (a source of several words after a capitalised word), "…
    «Braguino» DR" (a source in capitals after closing punctuation)."""
    space = s.rfind(" ")
    end = s[space + 1 :]
    if space <= 0:
        return s, None
    if end.isupper() and s[space - 1] in "»\"”)'’":  # "… «Braguino» DR"
        if end.casefold() in v.caps_sources or _is_source(end, v):
            return s[:space].rstrip(_CAPTION_END), end
        return s, None
    if end.casefold() not in v.source_ends:
        return s, None
    words = s[-60:].split()
    for n in (3, 2):  # "Dee Dee Myers Getty Images", not "… told The Associated Press"
        if len(words) <= n + 1:
            continue
        cand = " ".join(words[-n:])
        before = words[-n - 1]
        if (
            _capital(before)
            and before[-1].isalnum()
            and before.casefold() not in v.particles
            and _capital(cand)
            and _is_source(cand, v)
        ):
            return s[: s.rfind(cand)].rstrip(_CAPTION_END), cand
    return s, None


def _lead_credit_glued(s: str, v: _Vocab) -> tuple[str, str] | None:
    """ "Photo: Adil Boukind Archives Le Devoir Les entreprises de …": a long line after a label,
    the caption glued to the credit. The credit is the run of capitalised words after the label
    but the last one, which opens the caption (the first word in lower case follows it)."""
    m = _LEAD_LABEL.match(s) if ":" in s[:30] and s[-1] in ".!?" else None
    if not m or m.group("l").casefold() not in v.labels:
        return None
    words = s[m.end() :].split(None, 12)
    run = 0
    while run < len(words) and _capital(words[run]) and words[run][-1].isalpha():
        run += 1
    if not 3 <= run <= 9 or run >= len(words) or not words[run][:1].islower():
        return None
    credit = " ".join(words[: run - 1])
    at = s.find(words[run - 1], m.end() + len(credit))
    return s[at:].strip(), credit


def split_credit(text: str) -> tuple[str, str | None]:
    """(caption, credit): the photo credit taken out of ``text``; (text, None) when there is none.

    A line that is only a credit gives ("", credit).
    """
    caption, credit = _split(text)
    if credit is None:
        return caption, None
    v = _vocab()
    for _ in range(2):  # "… vor der Bühne Bild © hr", "Gefüllte Paprika - Foto: Copyright © Marufish"
        last = caption.rsplit(None, 1)[-1] if caption else ""
        if not (
            last.rstrip(":").casefold() in v.label_words and not last.isupper() and _label_before_credit(text, caption)
        ):
            break
        caption = caption[: len(caption) - len(last)].rstrip(_CAPTION_END)
    return caption, _clean_credit(credit, v)


def _label_before_credit(text: str, caption: str) -> bool:
    """The caption's last word is followed by "©" or ":" in ``text``: it labels the credit."""
    at = text.find(caption)
    return (at >= 0 and text[at + len(caption) :].lstrip()[:1] in ("©", ":")) or text.find(caption + ":") >= 0


def _split(text: str) -> tuple[str, str | None]:
    s = text.strip()
    if not s:
        return "", None
    v = _vocab()
    if s.startswith(_COPYRIGHT):
        for mark in _COPYRIGHT:
            if s.startswith(mark):
                return _after_copyright(s[len(mark) :].strip(), v)
    first = s[:20].split(None, 1)[0].rstrip(":").casefold()
    if first in v.label_starts:
        lead = v.caption_lead.match(s)
        if lead:  # "Image caption Mayor Bill de Blasio said …": a label, not a credit
            return _split(s[lead.end() :]) if s[lead.end() :].strip() else (s, None)
        m = v.caption_labels.search(s, 0, _TAIL)  # "Image copyright X Image caption Y"
        if m:
            head = s[: m.start()].strip()
            return s[m.end() :].strip(), _label_credit(head, v) or head
        credit = _label_credit(s, v)
        if credit is not None:
            return "", credit
        glued = _lead_credit_glued(s, v)
        if glued is not None:
            return glued
    if len(s) <= 60 and (_is_source(s, v) or (_PARTS.search(s) and _credit_phrase(s, v))):
        return _name_then_source(s, v) or ("", s)  # "Getty Images", "AP Photo/John Roe"
    return _credit_at_end(s, v)


def _name_then_source(s: str, v: _Vocab) -> tuple[str, str] | None:
    """ "Эрлинг Холанд, Getty Images": a name, a comma and a source, nothing else, is the
    caption (who is shown) and its credit."""
    comma = s.find(", ")
    if comma < 0 or s.find(",", comma + 1) >= 0 or "/" in s:
        return None
    name, source = s[:comma].strip(), s[comma + 2 :].strip()
    if _name_like(name) and not _is_source(name, v) and _is_source(source, v):
        return name, source
    return None


def is_credit_only(text: str) -> bool:
    """The whole line is a photo credit: "© Reuters", "Getty Images", "Photo: AP", "AP Photo/John Roe"."""
    s = text.strip()
    if not s or len(s) > 200:
        return False
    caption, credit = split_credit(s)
    return credit is not None and not caption


def caption_key(text: str) -> str:
    """A normalised form under which the two printings of one caption compare equal: credit
    removed, NBSP and runs of spaces collapsed, quotes unified, casefolded, trailing punctuation removed."""
    return caption_key_from(text, split_credit(text)[0])


def caption_key_from(text: str, caption: str) -> str:
    """``caption_key(text)`` given ``caption = split_credit(text)[0]``."""
    return _key(caption or text)


def caption_key_head(text: str) -> str | None:
    """``caption_key(text)[:8]`` without looking for a credit, or None when that is not certain.

    Certain on a line longer than ``_TAIL`` that does not open with a copyright mark or a label
    word: its credit can only be cut from the end, after ``len - _TAIL``, so the caption keeps
    everything up to the last letter or digit before that, and the key starts with that text
    folded. (The colon rule finds its label by rfind(); a tail without odd or doubled spaces
    guarantees the label it finds is in the tail.) Lets callers skip ``split_credit`` on
    long lines whose key cannot equal another's.
    """
    s = text.strip()
    tail_at = len(s) - _TAIL
    if tail_at <= 8 or s.startswith(_COPYRIGHT):
        return None
    if s[:16].split(None, 1)[0].rstrip(":").casefold() in _vocab().label_starts:
        return None
    tail = s[tail_at:]
    if "  " in tail or not tail.isprintable():
        return None
    a = min(tail_at, 48) - 1
    while a >= 0 and not s[a].isalnum():
        a -= 1
    head = _fold(s[: a + 1])
    return head[:8] if len(head) >= 8 else None


def _fold(text: str) -> str:
    # Both rewrites are skipped when they would change nothing (the usual case): on a long
    # line translate() costs ~30 ns a character and split/join ~3 us.
    if not text.isascii() and _KEY_CHAR_AT(text):  # all of them are non-ASCII; isascii() is O(1)
        text = text.translate(_KEY_CHARS)
    # isprintable(): no whitespace but the ASCII space, so split/join only collapses runs of it.
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return text.casefold()


def _key(text: str) -> str:
    return _fold(text).rstrip(" .,;:!?…-–—")
