"""The metadata test corpus (issue 4, item 7): labelled snippets from real pages -> expected values.

Cases live in ``tests/metadata_corpus/<lang>.jsonl``, one JSON object a line::

    {"id": "de-ts-014", "lang": "de", "kind": "timestamp",
     "source": "trafilatura-eval:<id>", "where": "text", "snippet": "...",
     "expected": {...}, "context": {...}, "note": "..."}

``kind`` and its ``expected`` (what the parser must return for ``snippet``):

- ``timestamp``: ``find_timestamps(snippet)[index]`` (``index`` defaults to 0) has ``value``
  (ISO 8601 as precise as printed; a trailing "Z" counts as "+00:00"; null for a stamp that
  cannot be resolved; with a ``reference_time`` the same instant in another zone counts) and,
  when given, ``role`` (published / updated / other).
  ``{"none": true}``: no stamp at all. ``context`` (``reference_time``, ``host``,
  ``language``) is passed to ``find_timestamps`` when it takes a ``context`` argument.
- ``dateline``: ``parse_dateline(snippet)`` gives ``place`` and ``agency``; ``{"none": true}``: None.
- ``byline``: ``parse_byline(snippet)`` gives ``authors`` (in order) and ``agency``, and
  ``timestamp_text`` when the case names it; ``{"none": true}``: None.
- ``caption``: ``split_credit(snippet) == (text, credit)``.
- ``headline``: ``title_from_line(snippet) == headline``.

Sources (``source``): ``seed:<file>`` (``seeds/``), ``readability:<id>``,
``trafilatura-eval:<id>`` and ``sites:<group>/<id>`` (the dev data in ``../shared/data``, or
``$NEWSCLEAN_DEV_DATA``). ``where``: ``text`` = the page's text dump (``page.txt``,
``text/<id>.txt.gz``, ``text/<group>/<id>.txt``, or the seed itself); ``html`` = the page's
HTML. How a snippet is checked against its source:

- text: whitespace runs (NBSP included) collapsed to one space in each line and in the
  snippet; the snippet must lie inside one line.
- html: the page parsed with lxml, script/style/template and comments dropped, its text nodes
  joined (once with nothing and once with a space between nodes, to allow for text split over
  inline elements) and whitespace-collapsed; the snippet must occur in one of the two. A case
  with ``"attr": "<name>"`` quotes an attribute instead (``alt``, ``title``, ``content``,
  ``datetime``): the snippet must occur in the whitespace-collapsed value of that attribute
  on some element.

Strictness: every case must pass, except those listed in ``metadata_corpus/known_failures.txt``
(one id a line, ``# reason``), which must fail: a listed case that passes fails the run
(it names the ids to remove) so that the list is pruned as the parsers improve. Cases run in
one test per language and kind; ``scripts/metadata_corpus_report.py --failing`` lists them.
"""

from __future__ import annotations

import dataclasses
import gzip
import importlib
import inspect
import json
import os
import re
from collections.abc import Callable
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pytest

from newsclean.headline import title_from_line
from newsclean.meta import timestamps as ts_module
from newsclean.meta.byline import parse_byline
from newsclean.meta.captions import split_credit
from newsclean.meta.dateline import parse_dateline

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "metadata_corpus"
KNOWN_FAILURES = CORPUS / "known_failures.txt"
SEEDS = REPO / "seeds"

LANGS = ("en", "de", "fr", "es", "it", "pt", "ru", "other")
NAMED_LANGS = ("en", "de", "fr", "es", "it", "pt", "ru")  # issue 4, item 1
KINDS = {"timestamp": "ts", "dateline": "dl", "byline": "by", "caption": "cap", "headline": "hl"}
ROLES = ("published", "updated", "other")
CONTEXT_KEYS = ("reference_time", "host", "language")
SOURCE_RE = re.compile(r"(seed|readability|trafilatura-eval|sites):(\S+)")
ID_RE = re.compile(r"(?P<lang>[a-z]+)-(?P<kind>[a-z]+)-\d{3}")
MIN_CASES = 300
MIN_PER_LANG = 20
# Languages the dev data cannot fill to MIN_PER_LANG with genuine snippets: the exact count
# that exists (see tests/metadata_corpus/README.md). Raising it means adding real cases.
SHORT_LANGS: dict[str, int] = {}


def dev_data() -> Path:
    env = os.environ.get("NEWSCLEAN_DEV_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


# -- cases ------------------------------------------------------------------------------------


def load_cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                case["_file"] = f"{path.name}:{n}"
                cases.append(case)
    return cases


def load_known_failures() -> dict[str, str]:
    """id -> reason."""
    out: dict[str, str] = {}
    if not KNOWN_FAILURES.exists():
        return out
    for line in KNOWN_FAILURES.read_text(encoding="utf-8").splitlines():
        body, _, reason = line.partition("#")
        if body.strip():
            out[body.strip()] = reason.strip()
    return out


CASES = load_cases()
KNOWN = load_known_failures()


def schema_errors(case: dict[str, Any]) -> list[str]:
    """What is wrong with one case (empty when it is well-formed)."""
    errs: list[str] = []
    allowed = {"id", "lang", "kind", "source", "where", "attr", "snippet", "expected", "context", "note", "_file"}
    errs += [f"unknown field {k!r}" for k in case if k not in allowed]
    for key in ("id", "lang", "kind", "source", "where", "snippet", "expected"):
        if key not in case:
            errs.append(f"missing {key!r}")
    if errs:
        return errs
    m = ID_RE.fullmatch(case["id"])
    if case["lang"] not in LANGS:
        errs.append(f"lang {case['lang']!r}")
    if case["kind"] not in KINDS:
        errs.append(f"kind {case['kind']!r}")
    elif not m or m["lang"] != case["lang"] or m["kind"] != KINDS[case["kind"]]:
        errs.append(f"id {case['id']!r} should read <lang>-{KINDS[case['kind']]}-NNN")
    if f"{case['lang']}.jsonl" != case["_file"].split(":")[0]:
        errs.append(f"case of lang {case['lang']!r} in {case['_file']}")
    if not SOURCE_RE.fullmatch(case["source"]):
        errs.append(f"source {case['source']!r}")
    elif case["source"].startswith("seed:") and case["where"] != "text":
        errs.append("a seed is text")
    if case["where"] not in ("text", "html"):
        errs.append(f"where {case['where']!r}")
    if "attr" in case and (case["where"] != "html" or not isinstance(case["attr"], str)):
        errs.append("attr needs where=html")
    snippet = case["snippet"]
    if not isinstance(snippet, str) or not snippet.strip() or "\n" in snippet:
        errs.append("snippet must be one non-empty line")
    elif " ".join(snippet.split()) != snippet:
        errs.append("snippet must have its whitespace collapsed")
    ctx = case.get("context", {})
    if not isinstance(ctx, dict) or any(k not in CONTEXT_KEYS for k in ctx):
        errs.append(f"context keys must be among {CONTEXT_KEYS}")
    elif "reference_time" in ctx:
        try:
            if datetime.fromisoformat(ctx["reference_time"]).tzinfo is None:
                errs.append("reference_time needs a zone")
        except (TypeError, ValueError):
            errs.append("reference_time is not ISO 8601")
    if "note" in case and not isinstance(case["note"], str):
        errs.append("note must be a string")
    exp = case["expected"]
    if not isinstance(exp, dict):
        return [*errs, "expected must be an object"]
    if exp.get("none") is True:
        if set(exp) != {"none"}:
            errs.append('{"none": true} stands alone')
        if case["kind"] == "caption":
            errs.append("a caption case gives text and credit, not none")
        return errs
    kind = case["kind"]
    if kind == "timestamp":
        if set(exp) - {"value", "role", "index"} or "value" not in exp:
            errs.append("timestamp expects value [role] [index]")
        if exp.get("value") is not None and not isinstance(exp["value"], str):
            errs.append("value must be a string or null")
        if isinstance(exp.get("value"), str):
            try:
                datetime.fromisoformat(exp["value"].replace("Z", "+00:00"))
            except ValueError:
                if not re.fullmatch(r"\d{4}-\d\d", exp["value"]):
                    errs.append(f"value {exp['value']!r} is not ISO 8601")
        if "role" in exp and exp["role"] not in ROLES:
            errs.append(f"role {exp['role']!r}")
        if "index" in exp and not (isinstance(exp["index"], int) and exp["index"] >= 0):
            errs.append("index must be an int >= 0")
    elif kind == "dateline":
        if set(exp) != {"place", "agency"} or not isinstance(exp["place"], str):
            errs.append("dateline expects place and agency")
    elif kind == "byline":
        if set(exp) - {"authors", "agency", "timestamp_text"} or not {"authors", "agency"} <= set(exp):
            errs.append("byline expects authors, agency [timestamp_text]")
        elif not isinstance(exp["authors"], list) or not all(isinstance(a, str) for a in exp["authors"]):
            errs.append("authors must be a list of strings")
    elif kind == "caption":
        if set(exp) != {"text", "credit"} or not isinstance(exp["text"], str):
            errs.append("caption expects text and credit")
    elif kind == "headline" and (set(exp) != {"headline"} or not isinstance(exp["headline"], str)):
        errs.append("headline expects headline")
    return errs


# -- sources ----------------------------------------------------------------------------------


def _collapse(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _trafilatura_files() -> dict[str, str]:
    path = dev_data() / "trafilatura-eval" / "gold.jsonl"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        out[doc["id"]] = doc["file"]
    return out


def source_path(source: str, where: str) -> Path:
    kind, _, name = source.partition(":")
    if kind == "seed":
        return SEEDS / name
    data = dev_data()
    if kind == "readability":
        return data / "readability" / name / ("page.txt" if where == "text" else "page.html.gz")
    if kind == "trafilatura-eval":
        if where == "text":
            return data / "trafilatura-eval" / "text" / f"{name}.txt.gz"
        return data / "trafilatura-eval" / "html" / f"{_trafilatura_files()[name]}.gz"
    group, _, page = name.partition("/")
    if where == "text":
        return data / "sites" / "text" / group / f"{page}.txt"
    return data / "sites" / "html" / group / f"{page}.html.gz"


def _read_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


@cache
def text_lines(path: Path) -> frozenset[str]:
    """The dump's lines, whitespace-collapsed."""
    text = _read_bytes(path).decode("utf-8")
    return frozenset(_collapse(line) for line in text.splitlines())


# <noscript> is kept: some pages leave one unclosed around the whole body.
_DROP = ("script", "style", "template")


@cache
def html_texts(path: Path) -> tuple[str, str, dict[str, str]]:
    """(text nodes joined with "", joined with " ", {attribute: all its values joined by newlines})."""
    import lxml.html
    from lxml import etree

    raw = _read_bytes(path)
    try:
        doc = lxml.html.document_fromstring(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        doc = lxml.html.document_fromstring(raw)  # legacy charset: libxml2 reads the <meta>
    etree.strip_elements(doc, *_DROP, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    nodes = [t for t in doc.itertext()]
    attrs: dict[str, list[str]] = {}
    for el in doc.iter():
        for name, value in el.attrib.items():
            attrs.setdefault(name, []).append(_collapse(value))
    return _collapse("".join(nodes)), _collapse(" ".join(nodes)), {k: "\n".join(v) for k, v in attrs.items()}


def snippet_in_source(case: dict[str, Any]) -> bool:
    path = source_path(case["source"], case["where"])
    snippet = _collapse(case["snippet"])
    if case["where"] == "text":
        return any(snippet in line for line in text_lines(path))
    glued, spaced, attrs = html_texts(path)
    if "attr" in case:
        return any(snippet in value for value in attrs.get(case["attr"], "").split("\n"))
    return snippet in glued or snippet in spaced


# -- running a case ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _context_factory() -> Callable[[dict[str, Any]], Any] | None:
    """How to hand a case's ``context`` to find_timestamps, or None while it takes none.

    Preferred: ``newsclean.meta.date_context.date_context(reference_time, url=host,
    language=...)``; failing that, a dataclass in the timestamps module with a
    ``reference_time`` field, given the fields it has; failing that, the plain mapping.
    """
    params = inspect.signature(ts_module.find_timestamps).parameters
    if "context" not in params:
        return None
    try:
        builder = getattr(importlib.import_module("newsclean.meta.date_context"), "date_context", None)
    except ImportError:
        builder = None
    if callable(builder):
        accepted = inspect.signature(builder).parameters

        def from_builder(ctx: dict[str, Any], builder: Any = builder) -> Any:
            typed = _typed_context(ctx)
            kw = {"reference_time": typed.get("reference_time")}
            if "host" in typed and "url" in accepted:
                kw["url"] = typed["host"]
            if "language" in typed and "language" in accepted:
                kw["language"] = typed["language"]
            return builder(**kw)

        return from_builder
    for obj in vars(ts_module).values():
        if inspect.isclass(obj) and dataclasses.is_dataclass(obj):
            fields = {f.name for f in dataclasses.fields(obj)}
            if "reference_time" in fields:

                def from_class(ctx: dict[str, Any], cls: Any = obj, fields: set[str] = fields) -> Any:
                    return cls(**{k: v for k, v in _typed_context(ctx).items() if k in fields})

                return from_class
    return _typed_context


def _typed_context(ctx: dict[str, Any]) -> dict[str, Any]:
    out = dict(ctx)
    if "reference_time" in out:
        out["reference_time"] = datetime.fromisoformat(out["reference_time"])
    return out


def find_stamps(line: str, ctx: dict[str, Any] | None) -> list[Any]:
    factory = _context_factory()
    if ctx and factory is not None:
        return list(ts_module.find_timestamps(line, context=factory(ctx)))
    return list(ts_module.find_timestamps(line))


def _norm_value(value: str | None) -> str | None:
    if value is not None and value.endswith("Z"):
        return value[:-1] + "+00:00"
    return value


def _same_value(got: str | None, want: str | None, relative: bool) -> bool:
    """Equal ISO values; with a reference time (a resolved relative or year-less stamp) the
    same instant counts, in whatever zone the parser states it."""
    got, want = _norm_value(got), _norm_value(want)
    if got == want:
        return True
    if not (relative and got and want):
        return False
    try:
        a, b = datetime.fromisoformat(got), datetime.fromisoformat(want)
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        return False
    return a == b


def _role(role: Any) -> str:
    return str(getattr(role, "value", role))


def run_case(case: dict[str, Any]) -> tuple[bool, str]:
    """(passed, what the parser gave) for one case."""
    kind, snippet, exp = case["kind"], case["snippet"], case["expected"]
    none = exp.get("none") is True
    if kind == "timestamp":
        stamps = find_stamps(snippet, case.get("context"))
        got = [(s.text, _role(s.role), s.value) for s in stamps]
        if none:
            return not stamps, repr(got)
        i = exp.get("index", 0)
        if i >= len(stamps):
            return False, repr(got)
        s = stamps[i]
        ok = _same_value(s.value, exp["value"], relative="reference_time" in case.get("context", {}))
        ok = ok and ("role" not in exp or _role(s.role) == exp["role"])
        return ok, repr(got)
    if kind == "dateline":
        d = parse_dateline(snippet)
        if d is None or none:
            return (d is None) == none, repr(d)
        return (d.place, d.agency) == (exp["place"], exp["agency"]), repr(d)
    if kind == "byline":
        b = parse_byline(snippet)
        if b is None or none:
            return (b is None) == none, repr(b)
        ok = b.authors == exp["authors"] and b.agency == exp["agency"]
        if "timestamp_text" in exp:
            ok = ok and b.timestamp_text == exp["timestamp_text"]
        return ok, repr(b)
    if kind == "caption":
        text, credit = split_credit(snippet)
        return (text, credit) == (exp["text"], exp["credit"]), repr((text, credit))
    title = title_from_line(snippet)
    return title == exp["headline"], repr(title)


# -- tests ------------------------------------------------------------------------------------


def test_corpus_schema() -> None:
    problems = [f"{c.get('_file')} {c.get('id')}: {e}" for c in CASES for e in schema_errors(c)]
    assert not problems, "\n".join(problems)
    ids = [c["id"] for c in CASES]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"


def test_corpus_size() -> None:
    assert len(CASES) >= MIN_CASES
    for lang in NAMED_LANGS:
        n = sum(c["lang"] == lang for c in CASES)
        assert n >= SHORT_LANGS.get(lang, MIN_PER_LANG), f"{lang}: {n} cases"
    for kind in KINDS:
        assert any(c["kind"] == kind for c in CASES), kind
    # no two cases feed the same snippet to the same parser with the same expectation
    seen: set[str] = set()
    for c in CASES:
        key = json.dumps([c["kind"], c["snippet"], c["expected"], c.get("context")], sort_keys=True)
        assert key not in seen, f"{c['id']} repeats another case"
        seen.add(key)


def test_known_failures_list() -> None:
    ids = {c["id"] for c in CASES}
    unknown = sorted(set(KNOWN) - ids)
    assert not unknown, f"known_failures.txt names cases that do not exist: {unknown}"
    missing_reason = sorted(i for i, r in KNOWN.items() if not r)
    assert not missing_reason, f"known_failures.txt: give a '# reason' for {missing_reason}"


def test_snippets_occur_in_seeds() -> None:
    bad = [
        f"{c['id']}: not in {c['source']}"
        for c in CASES
        if c["source"].startswith("seed:") and not snippet_in_source(c)
    ]
    assert not bad, "\n".join(bad)


def test_snippets_occur_in_dev_data() -> None:
    if not dev_data().is_dir():
        pytest.skip(f"dev data not found at {dev_data()} (set NEWSCLEAN_DEV_DATA); snippets not checked")
    bad = []
    for c in CASES:
        if c["source"].startswith("seed:"):
            continue
        path = source_path(c["source"], c["where"])
        if not path.exists():
            bad.append(f"{c['id']}: {path} missing")
        elif not snippet_in_source(c):
            where = f"attribute {c['attr']}" if "attr" in c else c["where"]
            bad.append(f"{c['id']}: snippet not in {c['source']} ({where}): {c['snippet']!r}")
    assert not bad, "\n".join(bad)


def _groups() -> list[Any]:
    """One test per language and kind: 500 parametrized cases would cost more in pytest's
    per-test overhead than in the parsers."""
    keys = sorted({(c["lang"], c["kind"]) for c in CASES})
    return [pytest.param(lang, kind, id=f"{lang}-{kind}") for lang, kind in keys]


@pytest.mark.parametrize(("lang", "kind"), _groups())
def test_cases(lang: str, kind: str) -> None:
    """Every case passes unless known_failures.txt lists it; every listed case fails."""
    unexpected, xpassed = [], []
    for case in CASES:
        if case["lang"] != lang or case["kind"] != kind:
            continue
        try:
            ok, got = run_case(case)
        except Exception as exc:  # a crash is a failure like any other
            ok, got = False, f"raised {exc!r}"
        if ok and case["id"] in KNOWN:
            xpassed.append(case["id"])
        elif not ok and case["id"] not in KNOWN:
            unexpected.append(f"{case['id']}: {case['snippet']!r}\n  expected {case['expected']}\n  got      {got}")
    problems = unexpected + ([f"now passing, remove from known_failures.txt: {' '.join(xpassed)}"] if xpassed else [])
    assert not problems, "\n".join(problems)
