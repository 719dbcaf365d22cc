"""The dev corpora for bench.py and gate.py: load the text dumps or pages, run a system, score with score_dev.py.

Layout, gold fields and metrics: ``../shared/data/README.md``. The scorer lives in
``<data>/../tools/score_dev.py`` and is run as a subprocess; its one summary line is parsed
into a flat dict of figures (``parse_summary``).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import math
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
SETS: tuple[str, ...] = ("readability", "trafilatura-eval", "sites")
_DUMPS = {"readability": "*/page.txt", "trafilatura-eval": "text/*.txt.gz", "sites": "text/*/*.txt"}
_PAGES = {"readability": "*/page.html.gz", "trafilatura-eval": "html/*.gz", "sites": "html/*/*.html.gz"}

Record = dict[str, Any]
Scores = dict[str, float]


class ScoreError(RuntimeError):
    """score_dev.py failed or printed a line this module cannot read."""


@dataclass(frozen=True, slots=True)
class Doc:
    id: str  # the gold id
    path: Path  # the dump file
    data: bytes  # the dump's bytes, decompressed
    lang: str | None = None  # gold (readability) or guessed (trafilatura-eval) language tag


@dataclass(slots=True)
class DevSet:
    name: str
    root: Path  # <data>/<name>
    docs: list[Doc]
    gold: list[Record]  # the gold rows of exactly these docs
    subset: bool = False  # True when only part of the set was loaded (--quick)

    @property
    def nbytes(self) -> int:
        return sum(len(d.data) for d in self.docs)

    def gold_file(self, workdir: Path) -> Path:
        """The gold file to score against: the set's own, or the subset's written to workdir."""
        return _gold_file(self.root, self.name, self.gold, self.subset, workdir)


@dataclass(frozen=True, slots=True)
class PageRef:
    """One HTML page of a set, read only when needed (a set's pages decompress to 25-143 MB)."""

    id: str
    path: Path  # the .gz page
    lang: str | None = None

    def load(self) -> Doc:
        return Doc(self.id, self.path, gzip.decompress(self.path.read_bytes()), self.lang)


@dataclass(slots=True)
class PageSet:
    name: str
    root: Path
    pages: list[PageRef]
    gold: list[Record]  # the gold rows of exactly these pages
    subset: bool = False

    def gold_file(self, workdir: Path) -> Path:
        return _gold_file(self.root, self.name, self.gold, self.subset, workdir)


def _gold_file(root: Path, name: str, gold: list[Record], subset: bool, workdir: Path) -> Path:
    if not subset:
        return root / "gold.jsonl"
    path = workdir / f"gold-{name}.jsonl"
    write_jsonl(path, gold)
    return path


@dataclass(slots=True)
class RunResult:
    records: list[Record]
    seconds: float  # summed wall time of the timed calls
    errors: list[str] = field(default_factory=list)  # "<id>: <exception>" per failed document


# ------------------------------------------------------------------------------ loading


def scorer_path(data: Path) -> Path:
    return data.parent / "tools" / "score_dev.py"


def doc_id(set_name: str, path: Path) -> str:
    """The gold id of a dump or page: the folder for readability's <name>/page.*, else the file stem."""
    if set_name == "readability":
        return path.parent.name
    name = path.name
    for ext in (".gz", ".txt", ".html"):
        name = name.removesuffix(ext)
    return name


def load_jsonl(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, records: Iterable[Record]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def load_set(data: Path, name: str, every: int = 1) -> DevSet:
    """Load the text dumps of one set, sorted by path; ``every=4`` keeps every 4th (deterministic)."""
    if name not in _DUMPS:
        raise ValueError(f"unknown set {name!r} (known: {', '.join(SETS)})")
    root = data / name
    gold = load_jsonl(root / "gold.jsonl")
    by_id = {g["id"]: g for g in gold}
    paths = sorted(root.glob(_DUMPS[name]))
    if not paths:
        raise FileNotFoundError(f"no text dumps under {root} ({_DUMPS[name]})")
    docs = []
    for p in paths[:: max(1, every)]:
        raw = p.read_bytes()
        if p.name.endswith(".gz"):
            raw = gzip.decompress(raw)
        did = doc_id(name, p)
        g = by_id.get(did, {})
        lang = g.get("language") or g.get("lang_guess")
        docs.append(Doc(did, p, raw, lang if isinstance(lang, str) and lang else None))
    ids = {d.id for d in docs}
    return DevSet(name, root, docs, [g for g in gold if g["id"] in ids], subset=every > 1)


def load_pages(data: Path, name: str, every: int = 1) -> PageSet:
    """The HTML pages of one set (paths only), sorted; ``every=4`` keeps every 4th like ``load_set``."""
    if name not in _PAGES:
        raise ValueError(f"unknown set {name!r} (known: {', '.join(SETS)})")
    root = data / name
    gold = load_jsonl(root / "gold.jsonl")
    by_id = {g["id"]: g for g in gold}
    paths = sorted(root.glob(_PAGES[name]))
    if not paths:
        raise FileNotFoundError(f"no HTML pages under {root} ({_PAGES[name]})")
    pages = []
    for p in paths[:: max(1, every)]:
        did = doc_id(name, p)
        lang = by_id.get(did, {}).get("language") or by_id.get(did, {}).get("lang_guess")
        pages.append(PageRef(did, p, lang if isinstance(lang, str) and lang else None))
    ids = {p.id for p in pages}
    return PageSet(name, root, pages, [g for g in gold if g["id"] in ids], subset=every > 1)


# ------------------------------------------------------------------------------ running


def run_system(
    docs: Sequence[Doc],
    run: Callable[[Doc, Any], Record],
    prepare: Callable[[Doc], Any] | None = None,
    warmup: int = 3,
) -> RunResult:
    """Run ``run(doc, prepare(doc))`` on every doc in this process, timing only the ``run`` calls.

    ``prepare`` (untimed) turns a doc into the system's input, e.g. the HTML wrapping for
    the peers. The first ``warmup`` docs are run once untimed before the timed pass. A
    document whose call raises gets an empty record and is listed in ``errors``.
    """
    inputs = [prepare(d) if prepare else d.data for d in docs]
    for d, x in list(zip(docs, inputs, strict=True))[:warmup]:
        with contextlib.suppress(Exception):  # reported by the timed pass
            run(d, x)
    records: list[Record] = []
    errors: list[str] = []
    total = 0.0
    for d, x in zip(docs, inputs, strict=True):
        t0 = time.perf_counter()
        try:
            rec = run(d, x)
        except Exception as exc:
            total += time.perf_counter() - t0
            errors.append(f"{d.id}: {type(exc).__name__}: {exc}")
            rec = {"id": d.id, "body": ""}
        else:
            total += time.perf_counter() - t0
        records.append(rec)
    return RunResult(records, total, errors)


def newsclean_record(doc: Doc, data: bytes) -> Record:
    """newsclean through the library API, bytes in; source.path lets score_dev derive the id."""
    # Imported here, not at the top: the HTML workers load pages through this module, and a
    # peer's peak RSS must not include newsclean.
    import newsclean

    return newsclean.extract(data, path=str(doc.path)).to_dict()


def newsclean_template_records(docs: Sequence[Doc]) -> Callable[[Doc, Any], Record]:
    """``--learn-templates`` in-process: the first pass learns every doc's site template (sites
    as the CLI groups them: declared host, else folder); the returned function is the second."""
    import newsclean
    from newsclean.pipeline import fingerprint
    from newsclean.templates import TemplateLearner

    learner = TemplateLearner()
    sites = {}
    for doc in docs:
        page = fingerprint(doc.data, path=str(doc.path))
        learner.add(page)
        sites[doc.path] = page.site

    def record(doc: Doc, data: bytes) -> Record:
        profile = learner.profile(sites[doc.path])
        return newsclean.extract(data, path=str(doc.path), template=profile).to_dict()

    return record


def keep_all_record(doc: Doc, data: bytes) -> Record:
    """The reference: the whole dump as the body."""
    return {"id": doc.id, "body": data.decode("utf-8", "replace")}


# ------------------------------------------------------------------------------ scoring

_PATTERNS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"^\S+ n=(\d+)"), ("n",)),
    (re.compile(r"\bbody P=([\d.]+) R=([\d.]+) F1=([\d.]+)"), ("body_p", "body_r", "body_f1")),
    (
        re.compile(
            r"\bwith=([\d.]+) without=([\d.]+) hmean=([\d.]+)"
            r" \(traf P=([\d.]+) R=([\d.]+) F1=([\d.]+) acc=([\d.]+)\)"
        ),
        ("with", "without", "hmean", "traf_p", "traf_r", "traf_f1", "traf_acc"),
    ),
    (re.compile(r"\bheadline exact=([\d.]+) tokF1=([\d.]+)"), ("headline_exact", "headline_tokf1")),
    (
        re.compile(r"\bpublished day=([\d.]+) wrong=([\d.]+) none=([\d.]+)"),
        ("published", "published_wrong", "published_none"),
    ),
    (re.compile(r"\blanguage=([\d.]+)"), ("language",)),
    (re.compile(r"\bauthors F1=([\d.]+)"), ("authors",)),
    (re.compile(r"\bmissing=(\d+) unknown=(\d+)"), ("missing", "unknown")),
]


def parse_summary(line: str) -> Scores:
    """Figures from score_dev.py's summary line, e.g. ``{"body_f1": 0.864, "language": 0.0, ...}``.

    Keys: n, body_p/body_r/body_f1 (readability, sites) or with/without/hmean and traf_*
    (trafilatura-eval), headline_exact, headline_tokf1, published (same day), published_wrong,
    published_none, language, authors, missing, unknown; a figure the line lacks is absent.
    """
    out: Scores = {}
    for pat, keys in _PATTERNS:
        m = pat.search(line)
        if m:
            out.update(zip(keys, (float(v) for v in m.groups()), strict=True))
    if "body_f1" not in out and "hmean" not in out:
        raise ScoreError(f"cannot read score_dev.py summary: {line!r}")
    return out


def score(data: Path, set_name: str, pred: Path, gold: Path, extra: Sequence[str] = ()) -> tuple[Scores, str]:
    """Run score_dev.py on a prediction file (``extra``: a slice such as ``--kind news``); figures + raw line."""
    cmd = [sys.executable, str(scorer_path(data)), set_name, str(pred), "--gold", str(gold), *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    if proc.returncode != 0 or not lines:
        raise ScoreError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return parse_summary(lines[0]), lines[0]


def body_key(set_name: str) -> str:
    """The headline body figure of a set: hmean for trafilatura-eval, F1 for the others."""
    return "hmean" if set_name == "trafilatura-eval" else "body_f1"


def floor3(x: float) -> float:
    """Round down to 3 decimals (robust to float noise: floor3(0.864) == 0.864)."""
    return math.floor(round(x * 1000, 6)) / 1000
