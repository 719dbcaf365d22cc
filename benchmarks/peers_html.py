"""The systems of the HTML benchmark, and the worker that runs one of them on one dev set.

  python benchmarks/peers_html.py SYSTEM SET --data DIR --every N --out PRED.jsonl --stats STATS.json

``htmlbench.py`` starts one worker process per system and set, so each system's import cost,
caches and peak RSS are its own. The worker blocks outgoing connections and DNS before the
system is imported (``block_network``), pins itself to one core, runs the first pages once
untimed, then times each extraction call on its own while reading the pages one at a time
(decompressing is not timed). Every page gets a record: a page whose call raises, or runs
past ``--timeout`` seconds, gets an empty body and is counted in ``errors``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import signal
import socket
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import devsets
from common import justext_language, one_core, own_peak_rss_mb, version_of
from devsets import Doc, Record
from htmltext import decode_page, html_to_text, lines_to_paragraphs

Run = Callable[[Doc], Record]  # doc.data holds the page's bytes


@dataclass(frozen=True)
class HtmlSystem:
    name: str
    dist: str  # distribution whose version is reported ("" for the built-in baseline)
    make: Callable[[], Run]  # imports the library (in the worker) and returns the per-page call
    what: str  # API and options, for the notes
    fields: frozenset[str] = frozenset()  # record fields besides body; tables show "-" for the others


# ------------------------------------------------------------------------------ systems


def _newsclean() -> Run:
    import newsclean

    def run(doc: Doc) -> Record:
        # Library errors (UnsupportedFormatError until HTML lands) propagate: the worker scores
        # the page as empty and counts it, like any other failure.
        rec = newsclean.extract(doc.data, format="html", path=str(doc.path)).to_dict()
        return {**rec, "id": doc.id}

    return run


def _keep_all() -> Run:
    def run(doc: Doc) -> Record:
        return {"id": doc.id, "body": html_to_text(doc.data)}

    return run


def _trafilatura(favor_precision: bool) -> Callable[[], Run]:
    def make() -> Run:
        import trafilatura

        def run(doc: Doc) -> Record:
            # extract(), not bare_extraction(): only extract() NFC-normalises the text. JSON keeps
            # the metadata apart from the body. include_comments=False: reader comments are not
            # article text, and with them on trafilatura also keeps more page furniture (sites
            # body F1 0.952 instead of 0.955); issue 3's reference rows were made this way.
            out = trafilatura.extract(
                doc.data,
                output_format="json",
                with_metadata=True,
                include_comments=False,
                favor_precision=favor_precision,
            )
            res = json.loads(out) if out else {}
            return {
                "id": doc.id,
                "body": lines_to_paragraphs(res.get("text") or ""),
                "headline": res.get("title"),
                "authors": _split_authors(res.get("author")),
                "published": res.get("date"),
            }

        return run

    return make


def _split_authors(author: str | None) -> list[str]:
    """trafilatura joins several authors with "; "."""
    return [a.strip() for a in (author or "").split(";") if a.strip()]


def _readability() -> Run:
    from readability import Document

    def run(doc: Doc) -> Record:
        d = Document(doc.data)  # bytes: readability-lxml detects the charset itself
        # short_title() drops the site suffix; it matches the gold headlines far more often
        # than title() (readability: exact 0.711 vs 0.446).
        return {"id": doc.id, "body": html_to_text(d.summary()), "headline": d.short_title()}

    return run


def _newspaper() -> Run:
    import tldextract
    from newspaper import Article
    from newspaper.configuration import Configuration

    # Never fetch: no image downloads for top-image sizing, no meta-refresh follow, no
    # article/category caches, and tldextract's bundled suffix list instead of the online one.
    tldextract.tldextract.TLD_EXTRACTOR.suffix_list_urls = ()
    cfg = Configuration()
    cfg.fetch_images = False
    cfg.follow_meta_refresh = False
    cfg.memorize_articles = False
    cfg.disable_category_cache = True

    def run(doc: Doc) -> Record:
        art = Article("", config=cfg)
        art.download(input_html=decode_page(doc.data))  # input_html is a str: no request is made
        art.parse()
        published = art.publish_date.isoformat() if art.publish_date else None
        return {
            "id": doc.id,
            "body": art.text,
            "headline": art.title,
            "authors": list(art.authors),
            "published": published,
        }

    return run


def _justext() -> Run:
    import justext

    available = frozenset(justext.get_stoplists())
    stoplist = lru_cache(maxsize=None)(justext.get_stoplist)

    def run(doc: Doc) -> Record:
        paras = justext.justext(doc.data, stoplist(justext_language(doc.lang, available)))
        return {"id": doc.id, "body": "\n\n".join(p.text for p in paras if not p.is_boilerplate)}

    return run


META = frozenset({"headline", "authors", "published"})
SYSTEMS: dict[str, HtmlSystem] = {
    s.name: s
    for s in [
        HtmlSystem("newsclean", "newsclean", _newsclean, 'extract(page, format="html")', META),
        HtmlSystem("keep-all", "", _keep_all, "all text of the page (htmltext rules), the bar to beat"),
        HtmlSystem("trafilatura", "trafilatura", _trafilatura(False), "extract, json, no comments", META),
        HtmlSystem(
            "trafilatura-precision",
            "trafilatura",
            _trafilatura(True),
            "extract, json, no comments, favor_precision=True",
            META,
        ),
        HtmlSystem(
            "readability-lxml",
            "readability-lxml",
            _readability,
            "Document(page).summary() through htmltext, short_title()",
            frozenset({"headline"}),
        ),
        HtmlSystem("newspaper4k", "newspaper4k", _newspaper, "Article(input_html=...).parse(), no fetching", META),
        HtmlSystem("jusText", "jusText", _justext, "justext(page, stoplist of the gold language)"),
    ]
}
PEERS = [n for n in SYSTEMS if n not in ("newsclean", "keep-all")]


# ------------------------------------------------------------------------------ worker


class NetworkBlocked(OSError):
    pass


def block_network() -> list[str]:
    """Make every outgoing connection and DNS lookup fail; return the list the attempts go to."""
    attempts: list[str] = []

    def refuse(what: str) -> Callable[..., Any]:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:2] if what == 'connect' else args[:1]}")
            raise NetworkBlocked(f"network blocked by the benchmark ({what})")

        return blocked

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> None:
        if self.family == socket.AF_UNIX:  # local IPC is not network
            return real_connect(self, address)
        refuse("connect")(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if self.family == socket.AF_UNIX:
            return real_connect_ex(self, address)
        refuse("connect")(self, address)
        return 1  # not reached

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = refuse("getaddrinfo")
    socket.gethostbyname = refuse("gethostbyname")
    return attempts


class PageTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise PageTimeout


def call(run: Run, doc: Doc, timeout: float) -> Record:
    """``run(doc)`` under a wall-clock alarm (checked between Python bytecodes)."""
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return run(doc)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def extract_all(
    run: Run, pages: list[devsets.PageRef], timeout: float, warmup: int = 3
) -> Iterator[tuple[Record, float, float, int, str | None]]:
    """Yield (record, wall s, CPU s, nbytes, error or None) per page, in order; only ``run`` is timed.

    CPU time is kept beside wall time because on a shared machine the wall clock also counts
    the time other processes hold the core.
    """
    signal.signal(signal.SIGALRM, _on_alarm)
    for ref in pages[:warmup]:
        with contextlib.suppress(Exception):  # reported by the timed pass
            call(run, ref.load(), timeout)
    for ref in pages:
        doc = ref.load()
        t0, c0 = time.perf_counter(), time.process_time()
        err: str | None = None
        try:
            rec = call(run, doc, timeout)
        except PageTimeout:
            err = f"{doc.id}: timed out after {timeout:.0f}s"
        except Exception as exc:
            err = f"{doc.id}: {type(exc).__name__}: {str(exc)[:200]}"
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        if err is not None:
            rec = {"id": doc.id, "body": "", "error": err}
        yield rec, wall, cpu, len(doc.data), err


def quiet() -> None:
    """The peers log and warn per page (e.g. newspaper4k about nltk); the table counts failures."""
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")


def worker(system: str, set_name: str, data: Path, every: int, out: Path, timeout: float) -> dict[str, Any]:
    attempts = block_network()
    quiet()
    sysdef = SYSTEMS[system]
    version = version_of(sysdef.dist) if sysdef.dist else ""
    stats: dict[str, Any] = {"system": system, "set": set_name, "version": version}
    try:
        run = sysdef.make()
    except ImportError as exc:
        return {**stats, "not_installed": f"not installed ({exc})"}
    pages = devsets.load_pages(data, set_name, every).pages
    seconds, cpu_seconds, nbytes, errors = 0.0, 0.0, 0, []
    with one_core(), out.open("w", encoding="utf-8") as f:
        stats["rss_start_mb"] = round(own_peak_rss_mb(), 1)
        for rec, wall, cpu, size, err in extract_all(run, pages, timeout):
            f.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
            seconds += wall
            cpu_seconds += cpu
            nbytes += size
            if err:
                errors.append(err)
    return {
        **stats,
        "docs": len(pages),
        "bytes": nbytes,
        "seconds": round(seconds, 4),
        "cpu_seconds": round(cpu_seconds, 4),
        "errors": errors,
        "rss_peak_mb": round(own_peak_rss_mb(), 1),
        "network_attempts": attempts,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("system", choices=list(SYSTEMS))
    ap.add_argument("set", choices=list(devsets.SETS))
    ap.add_argument("--data", type=Path, default=devsets.DEFAULT_DATA)
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per page before it counts as failed")
    ap.add_argument("--out", type=Path, required=True, help="predictions, one JSON record per page")
    ap.add_argument("--stats", type=Path, required=True, help="timing, RSS and errors as JSON")
    args = ap.parse_args(argv)
    stats = worker(args.system, args.set, args.data, args.every, args.out, args.timeout)
    args.stats.write_text(json.dumps(stats, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
