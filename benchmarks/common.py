"""Helpers shared by the text and HTML halves of the benchmark: tables, one-core pinning, RSS."""

from __future__ import annotations

import html
import os
import re
import resource
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version

MB = 1_000_000
QUICK_EVERY = 4  # --quick keeps every 4th document of each set

# ISO 639-1 -> jusText stoplist name; languages without one fall back to English.
JUSTEXT_LANGS = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "gl": "Galician",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "ms": "Malay",
    "nb": "Norwegian_Bokmal",
    "nl": "Dutch",
    "nn": "Norwegian_Nynorsk",
    "no": "Norwegian_Bokmal",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
}


def justext_language(lang: str | None, available: frozenset[str]) -> str:
    name = JUSTEXT_LANGS.get((lang or "").lower().split("-")[0], "English")
    return name if name in available else "English"


def version_of(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


@contextmanager
def one_core() -> Iterator[None]:
    """Pin this process to one CPU while timing (where the OS supports it)."""
    if not hasattr(os, "sched_getaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024  # bytes on macOS, KiB elsewhere


def own_peak_rss_mb() -> float:
    """Peak RSS of this process image. On Linux ru_maxrss keeps the parent's peak across
    fork+exec, so a worker started by a 40 MB parent would never report less than 40 MB;
    /proc's VmHWM belongs to the current memory map only."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return peak_rss_mb()


def render(title: str, heads: list[str], rows: list[list[str]], markdown: bool, notes: list[str]) -> str:
    """One table as aligned plain text or as Markdown, with its notes below."""
    if markdown:
        lines = [
            f"**{title}**",
            "",
            "| " + " | ".join(heads) + " |",
            "| " + " | ".join(["---"] + ["---:"] * (len(heads) - 1)) + " |",
        ]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        lines += [""] + [f"- {n}" for n in notes] if notes else []
        return "\n".join(lines) + "\n"
    widths = [max(len(str(x)) for x in col) for col in zip(heads, *rows, strict=True)]

    def line(r: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))

    out = [title, line(heads), "  ".join("-" * w for w in widths), *map(line, rows)]
    out += [f"  * {n}" for n in notes]
    return "\n".join(out) + "\n"


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def wrap_html(text: str) -> str:
    """The dump as a minimal HTML page: each blank-line-separated block a <p>, lines joined by <br>."""
    blocks = [b for b in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if b.strip()]
    paras = ("<p>" + "<br>".join(html.escape(ln) for ln in b.split("\n") if ln.strip()) + "</p>" for b in blocks)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n' + "\n".join(paras) + "\n</body></html>\n"
    )
