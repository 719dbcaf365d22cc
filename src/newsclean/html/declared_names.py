"""Author values as pages declare them -> person names, with organisations told apart.

Declared author values are cleaner than printed bylines but not clean: "By JANE DOE and JOHN
ROE", "Jane Doe, Reuters", "Doe, Jane", "Redaktion", "admin", profile URLs. A value is split
at ";" and "|", at commas only when the first part is a full name (so "Doe, Jane" and
"Jong, Michiel de" stay whole), and at "and"/"und"/"&" only when every side has two words
or more ("Mac & i" stays whole). Job titles after a comma are dropped.

Vocabulary: byline prefixes, conjunctions, particles and roles from ``data/byline_words.tsv``
(shared with ``meta.byline``), agencies from ``data/agencies.txt``, and
``data/html/organization_words.txt``, ``not_names.txt``, ``author_url_words.txt``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from ..meta.dateline import agency_name
from ..resources import load_lines, load_table

__all__ = [
    "host_keys",
    "is_organization",
    "is_outlet_word",
    "name_from_profile_url",
    "name_key",
    "person_shaped",
    "split_author_value",
]

_MAX_WORDS = 6
_MAX_CHARS = 70
_URLISH = re.compile(r"https?://|www\.|\S@\S|\.(?:com|net|org|html?|php)\b", re.IGNORECASE)
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)
_EMAIL_OR_HANDLE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\S)@\w+")
_HARD_SEPARATORS = re.compile(r"\s*[;|\n]\s*|\s+[/–—-]\s+")
_TRAILING_PARENS = re.compile(r"\s*\(([^()]{1,40})\)\s*\Z")
_STRIP = " \t,;:|-–—•·/\"'“”„«»"
_WORD = re.compile(r"[^\W\d_]+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_SLUG = re.compile(r"[^\W\d_A-Z]+(?:[-_.][^\W\d_A-Z]+){1,3}")
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"))


@dataclass(frozen=True, slots=True)
class _Vocab:
    prefix: re.Pattern[str]
    conj: re.Pattern[str]
    particles: frozenset[str]
    roles: frozenset[str]
    org_words: frozenset[str]
    not_names: frozenset[str]
    url_words: frozenset[str]
    articles: frozenset[str]
    with_parens: re.Pattern[str]  # "(avec John Roe et Max Moe)"


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    kinds: dict[str, set[str]] = {}
    for row in load_table("byline_words.tsv"):
        if len(row) >= 2:
            kinds.setdefault(row[1], set()).add(row[0].casefold())

    def alt(words: set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    words: dict[str, set[str]] = {}
    for word, kind in load_table("html/name_words.tsv"):
        words.setdefault(kind, set()).add(word.casefold())
    return _Vocab(
        prefix=re.compile(rf"(?:{alt(kinds['prefix'])})(?:\s*:\s*|\s+)", re.IGNORECASE),
        conj=re.compile(rf"\s+(?:{alt(kinds['conj'])})\s+", re.IGNORECASE),
        particles=frozenset(kinds.get("particle", ())),
        roles=frozenset(kinds.get("role", ())),
        org_words=frozenset(w.casefold() for w in load_lines("html/organization_words.txt")),
        not_names=frozenset(w.casefold() for w in load_lines("html/not_names.txt")),
        url_words=frozenset(w.casefold() for w in load_lines("html/author_url_words.txt")),
        articles=frozenset(words["article"]),
        with_parens=re.compile(rf"\s*\(\s*(?:{alt(kinds['with'])})\s+([^()]{{1,200}})\)", re.IGNORECASE),
    )


def name_key(text: str) -> str:
    """Comparison key: case, accents' compatibility forms, punctuation, spaces and a leading
    "The" ignored ("The Guardian" == "the guardian" == "Guardian")."""
    key = _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())
    return key[3:] if key.startswith("the") and len(key) > 6 else key


def host_keys(url: str | None) -> set[str]:
    """Name keys of a URL's host: "https://www.theguardian.com/x" -> {"guardian", "guardiancom"};
    a blog on a hosting platform is its sub-domain ("jane.blogspot.com" -> also "jane")."""
    if not url:
        return set()
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return set()
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    labels = host.split(".")
    if len(labels) < 2:
        return set()
    second_level = len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2
    registrable = labels[-3] if second_level else labels[-2]
    keys = [registrable, host]
    if registrable in _hosting() and labels[0] != registrable:
        keys.append(labels[0])
    return {k for k in map(name_key, keys) if len(k) >= 2}


@lru_cache(maxsize=1)
def _hosting() -> frozenset[str]:
    return frozenset(load_lines("html/hosting_domains.txt"))


def is_organization(name: str, site_keys: set[str], host_keys: set[str], *, declared_person: bool = False) -> bool:
    """An outlet, an agency or a collective ("Redaktion", "BBC News Staff"), not a person.

    A name equal to the site's (``site_keys``) is the outlet's, unless JSON-LD declares it a
    Person or it is shaped like a person's name on a domain of that name ("Haki Benita" on
    hakibenita.com): a personal blog's site name is its author.
    """
    if agency_name(name) is not None or _DOMAIN.fullmatch(name):
        return True
    folded = name.casefold()
    if any(w in _vocab().org_words for w in _WORD.findall(folded)):
        return True
    if "." in folded and any(w.strip(",") in _vocab().org_words for w in folded.split()):
        return True  # a legal form with dots: "Bund der Energieverbraucher e.V."
    key = name_key(name)
    if declared_person or key not in site_keys:
        return False
    return not (key in host_keys and person_shaped(name))


def is_outlet_word(word: str) -> bool:
    """A word that makes a name an outlet's or a collective's ("News", "Online", "Redaktion")."""
    return word.casefold() in _vocab().org_words


def person_shaped(name: str) -> bool:
    """Two to four capitalised words of letters (particles allowed), not opening with an article."""
    v = _vocab()
    words = name.split()
    if not 2 <= len(words) <= 4 or words[0].casefold() in v.articles:
        return False
    return all(
        (w[0].isupper() or w.casefold() in v.particles) and all(c.isalpha() or c in "-'’." for c in w) for w in words
    )


def split_author_value(raw: str) -> list[str]:
    """The names in one declared author string, cleaned; organisations included (see
    ``is_organization``), URLs, e-mail addresses, placeholders and job titles left out."""
    v = _vocab()
    text = " ".join(html.unescape(raw).split()) if "&" in raw else " ".join(raw.split())
    if not text or _URLISH.match(text):
        return []
    text = _EMAIL_OR_HANDLE.sub(" ", text)
    text = v.with_parens.sub(r", \1", text)  # "A (avec B et C)" -> "A, B et C"
    out: list[str] = []
    for part in _HARD_SEPARATORS.split(text):
        for piece in _split_commas(_strip_prefix(part.strip(_STRIP), v)):
            for raw_name in _split_conjunctions(piece, v):
                name = _clean(raw_name)
                if name and name not in out:
                    out.append(name)
    return out


def _strip_prefix(text: str, v: _Vocab) -> str:
    m = v.prefix.match(text)
    return text[m.end() :] if m and text[m.end() :] else text


def _split_commas(text: str) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 2 or len(parts[0].split()) < 2:
        return [text]  # "Doe, Jane": a reversed name, not two people
    kept = [parts[0]]
    for part in parts[1:]:
        words = part.split()
        if any(w.casefold() in _vocab().roles for w in words):
            continue  # a job title ("Staff Writer", "Senior Correspondent")
        if len(words) >= 2:
            kept.append(part)
        elif len(words) == 1 and agency_name(part) is not None:
            kept.append(part)  # "Jane Doe, Reuters": the agency is kept (and routed to organisations)
        # else a place or a job title ("Jane Doe, Berlin", "Jane Doe, Editor")
    return kept


def _split_conjunctions(text: str, v: _Vocab) -> list[str]:
    pieces = v.conj.split(text)
    if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
        return pieces
    return [text]


def _clean(name: str) -> str | None:
    name = name.strip(_STRIP)
    parens = _TRAILING_PARENS.search(name)
    if parens and agency_name(parens.group(1)) is not None:
        name = name[: parens.start()]  # "Jane Doe (AP)": the agency is the outlet's business
    words = name.split()
    if not words or len(words) > _MAX_WORDS or len(name) > _MAX_CHARS or _URLISH.search(name):
        return None
    if any(c.isdigit() for c in name) or not any(c.isalpha() for c in name):
        return None
    if name.casefold() in _vocab().not_names or all(w.casefold() in _vocab().roles for w in words):
        return None
    if len(words) == 1 and name.isascii() and name.islower():
        return None  # a user name ("jdoe"), not a name
    if len(words) > 1 and words[0].islower() and words[0].casefold() not in _vocab().particles:
        return None  # words of a sentence ("deinen Hochzeitsbloggern"), not a name
    return name


def name_from_profile_url(url: str) -> str | None:
    """The name in an author-profile URL ("https://example.com/author/jane-doe/" -> "Jane Doe"),
    only when its last segment is a slug of two to four lower-case words."""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    segments = [unquote(s) for s in path.split("/") if s]
    if len(segments) < 2 or not any(s.casefold() in _vocab().url_words for s in segments[:-1]):
        return None
    slug = segments[-1].rsplit(".", 1)[0] if segments[-1].endswith((".html", ".htm")) else segments[-1]
    if not _SLUG.fullmatch(slug):
        return None
    particles = _vocab().particles
    words = re.split(r"[-_.]", slug)
    return " ".join(w if w in particles and i else w.capitalize() for i, w in enumerate(words))
