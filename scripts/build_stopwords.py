#!/usr/bin/env python3
"""Build ``src/newsclean/data/stopwords/<iso639-1>.txt`` from jusText's stop lists.

Dev-time only: needs ``pip install justext`` (its ``justext/stoplists/*.txt`` are BSD-2-Clause,
(c) 2011 Jan Pomikalek, (c) 2013 Michal Belica). The package is located with ``importlib.util``
and never imported (importing it needs lxml's html-clean extra); the newsclean runtime reads only
the generated text files.

jusText's lists are word-frequency ranked (most frequent first, from Wikipedia). For each language
we tokenise every entry with newsclean's own ``word_tokens`` (so lookups match), keep tokens of the
language's script only, drop tokens with digits, drop entries that occur only capitalised in the
source list (proper nouns such as "NGC", "Indonesia"), de-duplicate, and keep the first ``--top``
(default 200). File order is rank order; ``newsclean.language`` uses the rank as a weight.

    python scripts/build_stopwords.py [--top 200] [--out src/newsclean/data/stopwords]
    python scripts/build_stopwords.py --evaluate      # accuracy on the shared dev sets
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import importlib.util
import json
import time
from collections import Counter
from pathlib import Path

from newsclean.language import word_tokens

FOREIGN_TOP = 5
OWN_TOP = 80
QUOTED = ("en", "fr", "es", "de", "it")
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsclean" / "data" / "stopwords"
SHARED = ROOT.parent / "shared" / "data"

# iso639-1 -> (jusText list name, script)
LANGUAGES: dict[str, tuple[str, str]] = {
    # Latin script
    "en": ("English", "latin"),
    "de": ("German", "latin"),
    "fr": ("French", "latin"),
    "es": ("Spanish", "latin"),
    "it": ("Italian", "latin"),
    "pt": ("Portuguese", "latin"),
    "nl": ("Dutch", "latin"),
    "pl": ("Polish", "latin"),
    "cs": ("Czech", "latin"),
    "sk": ("Slovak", "latin"),
    "sv": ("Swedish", "latin"),
    "da": ("Danish", "latin"),
    "no": ("Norwegian_Bokmal", "latin"),
    "fi": ("Finnish", "latin"),
    "hu": ("Hungarian", "latin"),
    "ro": ("Romanian", "latin"),
    "tr": ("Turkish", "latin"),
    "id": ("Indonesian", "latin"),
    "ca": ("Catalan", "latin"),
    "hr": ("Croatian", "latin"),
    "sl": ("Slovenian", "latin"),
    "lt": ("Lithuanian", "latin"),
    "lv": ("Latvian", "latin"),
    "et": ("Estonian", "latin"),
    "vi": ("Vietnamese", "latin"),
    # Cyrillic
    "ru": ("Russian", "cyrillic"),
    "uk": ("Ukrainian", "cyrillic"),
    "bg": ("Bulgarian", "cyrillic"),
    "sr": ("Serbian", "cyrillic"),
    "mk": ("Macedonian", "cyrillic"),
    "be": ("Belarusian", "cyrillic"),
    # Arabic script
    "ar": ("Arabic", "arabic"),
    "fa": ("Persian", "arabic"),
    "ur": ("Urdu", "arabic"),
    # Devanagari
    "hi": ("Hindi", "devanagari"),
    "mr": ("Marathi", "devanagari"),
    "ne": ("Nepali", "devanagari"),
    # one language per script: lists only for the stop-word share feature
    "el": ("Greek", "greek"),
    "he": ("Hebrew", "hebrew"),
    "ko": ("Korean", "hangul"),
}

_SCRIPT_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "latin": ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF)),
    "cyrillic": ((0x400, 0x52F),),
    "arabic": ((0x600, 0x6FF), (0x750, 0x77F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "devanagari": ((0x900, 0x97F),),
    "greek": ((0x370, 0x3FF), (0x1F00, 0x1FFF)),
    "hebrew": ((0x590, 0x5FF),),
    "hangul": ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)),
}


def _in_script(token: str, script: str) -> bool:
    """True when every letter of ``token`` is in ``script`` (combining marks are let through)."""
    for ch in token:
        cp = ord(ch)
        if any(lo <= cp <= hi for lo, hi in _SCRIPT_RANGES[script]):
            continue
        if ch.isalpha():
            return False
    return True


def stoplist_dir() -> Path:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("jusText is not installed: pip install justext (dev-time only)")
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


def read_entries(source: Path) -> list[str]:
    return [e.strip() for e in source.read_text(encoding="utf-8").splitlines() if e.strip()]


def capitalised_only(entries: list[str]) -> set[str]:
    """Lowercased entries that the list has only capitalised: names, months in English, acronyms."""
    lowercase_seen = {e for e in entries if e == e.lower()}
    return {e.lower() for e in entries if e != e.lower() and e.lower() not in lowercase_seen}


def build_list(entries: list[str], script: str, top: int, names: set[str]) -> list[str]:
    """The first ``top`` usable tokens of a frequency-ranked list.

    ``names``: words to leave out (proper nouns, acronyms, English month names), so that
    e.g. "november" counts for no language.
    """
    out: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.lower() in names:
            continue
        tokens = word_tokens(entry)
        if entry.endswith(".") and len(tokens) == 1 and len(tokens[0]) <= 2:
            continue  # an abbreviation such as "d." or "г."
        for tok in tokens:
            if tok in seen or tok in names or any(ch.isdigit() for ch in tok) or "_" in tok:
                continue
            if not _in_script(tok, script):
                continue
            seen.add(tok)
            out.append(tok)
        if len(out) >= top:
            break
    return out[:top]


def drop_foreign(lang: str, lists: dict[str, list[str]], script: str) -> list[str]:
    """``lists[lang]`` less words that a much-quoted language (``QUOTED``) has in its top
    ``FOREIGN_TOP`` while ``lang`` has them only below rank ``OWN_TOP``: "the" and "of" in the
    German list, "de" in the English one (names and titles quoted in Wikipedia articles)."""
    foreign: dict[str, str] = {}
    for other, words in lists.items():
        if other != lang and other in QUOTED and LANGUAGES[other][1] == script:
            for word in words[:FOREIGN_TOP]:
                foreign.setdefault(word, other)
    kept = []
    for rank, word in enumerate(lists[lang], start=1):
        if rank > OWN_TOP and word in foreign:
            print(f"  {lang}: drop {word!r} (rank {rank}; top word of {foreign[word]})")
            continue
        kept.append(word)
    return kept


def build(top: int, out_dir: Path) -> None:
    src = stoplist_dir()
    try:
        version = importlib.metadata.version("justext")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = {lang: read_entries(src / f"{name}.txt") for lang, (name, _) in LANGUAGES.items()}
    # English proper nouns and month names ("November", "John", "American"), which other
    # Wikipedias use as well and which say nothing about a text's language.
    english_names = {w for w in capitalised_only(entries["en"]) if len(w) >= 3}
    lists = {
        lang: build_list(entries[lang], script, top + 50, english_names | capitalised_only(entries[lang]))
        for lang, (_, script) in LANGUAGES.items()
    }
    for lang, (name, script) in sorted(LANGUAGES.items()):
        words = drop_foreign(lang, lists, script)[:top]
        header = (
            f"# {lang}: top {len(words)} words of jusText {version} stoplists/{name}.txt "
            "(BSD-2-Clause, (c) 2011 Jan Pomikalek, (c) 2013 Michal Belica), "
            "frequency-ranked, lowercased; generated by scripts/build_stopwords.py\n"
        )
        (out_dir / f"{lang}.txt").write_text(header + "\n".join(words) + "\n", encoding="utf-8")
        print(f"{lang}: {len(words):4d} words from {name}.txt")


# --------------------------------------------------------------------------- evaluation


def _primary(tag: str | None) -> str | None:
    if not tag:
        return None
    code = tag.replace("_", "-").split("-")[0].lower()
    return {"nb": "no", "nn": "no"}.get(code, code)


def load_eval_sets() -> dict[str, list[tuple[str, str, str, str | None]]]:
    """name -> [(id, gold language, dump text, gold body or None)].

    trafilatura-eval has no gold body: its "with" snippets are used instead. sites declares no
    language; its nine sites are English-language news sites.
    """
    sets: dict[str, list[tuple[str, str, str, str | None]]] = {"readability": [], "trafilatura-eval": []}
    rd = SHARED / "readability"
    for line in (rd / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        gold = _primary(rec.get("language"))
        if gold is None:
            continue
        dump = (rd / rec["id"] / "page.txt").read_text(encoding="utf-8")
        sets["readability"].append((rec["id"], gold, dump, rec.get("body")))
    td = SHARED / "trafilatura-eval"
    for line in (td / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        gold = _primary(rec.get("lang_guess"))
        if gold is None:
            continue
        with gzip.open(td / "text" / f"{rec['id']}.txt.gz", "rt", encoding="utf-8") as fh:
            dump = fh.read()
        # no gold body here: the "with" snippets (main-text excerpts) stand in for it
        snippets = "\n\n".join(rec.get("with") or []) or None
        sets["trafilatura-eval"].append((rec["id"], gold, dump, snippets))
    sd = SHARED / "sites"
    if (sd / "gold.jsonl").exists():
        # no declared language: nine English-language news sites, so "en" is expected throughout
        sets["sites"] = []
        for line in (sd / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            dump = (sd / "text" / rec["group"] / f"{rec['id']}.txt").read_text(encoding="utf-8")
            sets["sites"].append((rec["id"], "en", dump, rec.get("body")))
    return sets


def evaluate(max_chars: int, show: int) -> None:
    """Accuracy of ``detect_language`` on the dev sets' dumps and bodies, and time per call."""
    from newsclean.language import detect_language

    sets = load_eval_sets()
    for name, rows in sets.items():
        for field in ("dump", "with" if name == "trafilatura-eval" else "body"):
            texts: list[tuple[str, str, str]] = []
            for doc_id, gold, dump, body in rows:
                text = dump if field == "dump" else body
                if text is not None:
                    texts.append((doc_id, gold, text))
            if not texts:
                continue
            wrong = [
                (doc_id, gold, guess)
                for doc_id, gold, text in texts
                if (guess := detect_language(text, max_chars=max_chars)) != gold
            ]
            acc = 1 - len(wrong) / len(texts)
            print(f"{name:17s} {field:4s} n={len(texts):4d} accuracy={acc:.4f} wrong={len(wrong)}")
            for doc_id, gold, guess in wrong[:show]:
                print(f"    {doc_id}: gold={gold} guess={guess}")
            confusion = Counter((g, p) for _, g, p in wrong)
            if confusion:
                print("    confusion:", dict(confusion.most_common(10)))
    # time per call on the first 5,000 characters of every dump that long (best of 5 rounds)
    sample = [d[:5000] for rows in sets.values() for _, _, d, _ in rows if len(d) >= 5000]
    detect_language(sample[0])
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for text in sample:
            detect_language(text, max_chars=max_chars)
        best = min(best, time.perf_counter() - t0)
    print(f"timing: {best / len(sample) * 1e6:.1f} us per call on {len(sample)} texts of 5,000 chars")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", type=int, default=200, help="words kept per language (default 200)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--evaluate", action="store_true", help="measure accuracy, build nothing")
    ap.add_argument("--max-chars", type=int, default=3000)
    ap.add_argument("--show", type=int, default=40, help="failures listed per set (with --evaluate)")
    args = ap.parse_args()
    if args.evaluate:
        evaluate(args.max_chars, args.show)
    else:
        build(args.top, args.out)


if __name__ == "__main__":
    main()
