"""Fixture builders for the batch tests: small distinct articles, web archives, odd files.

Every builder fails loudly (an exception, never a skip) when it cannot make what it was
asked for: a test that silently lost a case would pass for the wrong reason.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
CITIES = ("BERLIN", "PARIS", "MADRID", "OSLO", "LIMA", "CAIRO", "DELHI", "QUITO")
SUBJECTS = ("The council", "The ministry", "A court", "The central bank", "Rescue teams", "Local officials")
VERBS = ("approved", "rejected", "announced", "postponed", "reviewed", "defended")
OBJECTS = ("a new budget", "the river plan", "a tax on sugar", "the bridge repairs", "school reforms")


def article(n: int) -> str:
    """A small, well-formed text dump, different for every ``n`` (deterministic)."""
    rng = random.Random(n)
    city = rng.choice(CITIES)
    lines = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} in case {n}", ""]
    lines.append(
        f"{city} (dpa) — {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} on Tuesday, "
        f"officials said, after a debate that lasted {n % 9 + 2} hours and ended late at night."
    )
    for _ in range(2):
        lines += [
            "",
            f"{rng.choice(SUBJECTS)} said the decision on {rng.choice(OBJECTS)} would be reviewed next year, "
            f"and that {rng.choice(OBJECTS)} was {rng.choice(VERBS)} by a large majority of members.",
        ]
    return "\n".join(lines) + "\n"


def write_articles(folder: Path, count: int, *, start: int = 0, per_folder: int = 250) -> list[Path]:
    """``count`` text files in sub-folders of ``per_folder`` files each."""
    paths = []
    for n in range(start, start + count):
        sub = folder / f"part{n // per_folder:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"doc{n:06d}.txt"
        path.write_text(article(n), encoding="utf-8")
        paths.append(path)
    return paths


def write_warc(
    path: Path,
    responses: Sequence[tuple[str, str, bytes]],
    *,
    compress: bool = True,
    extras: bool = True,
) -> Path:
    """A WARC of HTTP ``(url, content_type, body)`` responses, each after its request.

    With ``extras``, a warcinfo record opens it and an image response follows each
    article (both must be passed over).
    """
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        if extras:
            writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsclean tests"}))
        for url, content_type, body in responses:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
            if extras:
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                png = b"\x89PNG\r\n\x1a\n" + bytes(300)
                writer.write_record(
                    writer.create_warc_record(url + ".png", "response", payload=io.BytesIO(png), http_headers=image)
                )
    return path


def text_responses(numbers: Iterable[int]) -> list[tuple[str, str, bytes]]:
    return [(f"https://news.example.org/{n}", "text/plain; charset=utf-8", article(n).encode()) for n in numbers]


def write_arc(path: Path, responses: Sequence[tuple[str, str, bytes]]) -> Path:
    """A version-1 ARC file (the WARC predecessor) with one HTTP response per item."""
    header_body = b"1 0 newsclean-tests\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://%s 0.0.0.0 20240101000000 text/plain %d\n" % (path.name.encode(), len(header_body))]
    out += [header_body, b"\n"]
    for url, content_type, body in responses:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\n\r\n" % content_type.encode() + body
        mime = content_type.split(";")[0].encode()  # ARC header fields are space-separated
        out.append(b"%s 1.2.3.4 20240101000000 %s %d\n" % (url.encode(), mime, len(http)))
        out += [http, b"\n"]
    path.write_bytes(b"".join(out))
    return path


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    if not path.is_fifo():
        raise AssertionError(f"could not make a FIFO at {path}")
    return path


def make_dangling_symlink(path: Path) -> Path:
    path.symlink_to(path.parent / f"missing-target-of-{path.name}")
    if not path.is_symlink() or path.exists():
        raise AssertionError(f"could not make a dangling symlink at {path}")
    return path


def make_loop(folder: Path) -> Path:
    """A symlink to its own folder (a directory loop) and a symlink to itself (ELOOP)."""
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    if not (folder / "loop").is_dir():
        raise AssertionError(f"could not make a directory loop in {folder}")
    return folder


def corrupt_gzip(path: Path, n: int) -> Path:
    path.write_bytes(gzip.compress(article(n).encode())[:25])
    return path


def run_cli(
    args: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``newsclean ARGS`` as a real process (stdin closed, nothing a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "newsclean", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def read_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
