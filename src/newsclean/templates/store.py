"""Learned site profiles in the ``--state`` database (SQLite), beside what was extracted.

Two tables, created when missing so older states keep working:

- ``template_sites``: per grouping (``--group-by``) and site, its profile as compressed JSON
  (``SiteProfile.to_dict``) and its page count, for ``templates list`` without decoding;
- ``template_pages``: which contents (path + sha256) each grouping has learned, so an input
  is counted once only, whether it is extracted again (``--force``) or was learned by a run
  killed before it extracted it.

The batch writes both in the transaction that ends its first pass: a killed run has learned
either all its new pages or none of them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from .learner import PROFILE_FORMAT, SiteProfile, TemplateLearner, TemplateOptions
from .sites import url_host

SCHEMA = """
CREATE TABLE IF NOT EXISTS template_sites (
    group_by TEXT NOT NULL,
    site TEXT NOT NULL,
    pages REAL NOT NULL,
    profile BLOB NOT NULL,
    PRIMARY KEY (group_by, site)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS template_pages (
    group_by TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (group_by, path, sha256)
) WITHOUT ROWID;
"""
STATE_FILE_NAME = "newsclean-state.sqlite"  # in a state folder


class TemplateStoreError(Exception):
    """The state cannot be read for its templates."""


def load_learner(db: sqlite3.Connection, group_by: str, options: TemplateOptions | None = None) -> TemplateLearner:
    """Every site profile stored for this grouping."""
    rows = db.execute("SELECT site, profile FROM template_sites WHERE group_by = ?", (group_by,))
    sites = {site: _decoded(blob) for site, blob in rows}
    return TemplateLearner.from_dict({"format": PROFILE_FORMAT, "sites": sites}, options)


def save_sites(db: sqlite3.Connection, group_by: str, learner: TemplateLearner, sites: Iterable[str]) -> None:
    """Store the profiles of ``sites`` (those that learned something) as they are now."""
    stored = learner.to_dict()["sites"]
    rows = [(group_by, site, stored[site]["pages"], _encoded(stored[site])) for site in sorted(set(sites))]
    db.executemany("INSERT OR REPLACE INTO template_sites VALUES (?, ?, ?, ?)", rows)


def learned_contents(db: sqlite3.Connection, group_by: str, path: str) -> set[str]:
    """The sha256 of every content of ``path`` this grouping has learned."""
    rows = db.execute("SELECT sha256 FROM template_pages WHERE group_by = ? AND path = ?", (group_by, path))
    return {row[0] for row in rows}


def mark_learned(db: sqlite3.Connection, group_by: str, path: str, sha256: str) -> None:
    db.execute("INSERT OR IGNORE INTO template_pages VALUES (?, ?, ?)", (group_by, path, sha256))


def stored_sites(db: sqlite3.Connection) -> list[tuple[str, str, float]]:
    """(site, grouping, pages) of every stored profile, by site."""
    rows = db.execute("SELECT site, group_by, pages FROM template_sites ORDER BY site, group_by")
    return [(site, group_by, float(pages)) for site, group_by, pages in rows]


def stored_profile(db: sqlite3.Connection, site: str) -> SiteProfile | None:
    """The profile of ``site``; learned under several groupings, the one with most pages."""
    row = db.execute(
        "SELECT profile FROM template_sites WHERE site = ? ORDER BY pages DESC, group_by LIMIT 1", (site,)
    ).fetchone()
    return None if row is None else SiteProfile.from_dict(_decoded(row[0]))


def open_read_only(path: str) -> sqlite3.Connection:
    """The state at ``path`` (a file or a state folder), for reading while a run may use it."""
    if os.path.isdir(path):
        path = os.path.join(path, STATE_FILE_NAME)
    if not os.path.isfile(path):
        raise TemplateStoreError(f"{path}: no such state file")
    try:
        db = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=ro", uri=True)
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise TemplateStoreError(f"{path} is not a usable newsclean state file: {exc}") from None
    if "inputs" not in tables:
        db.close()
        raise TemplateStoreError(f"{path} is not a newsclean state file")
    return db


def has_templates(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'template_sites'").fetchone()
    return row is not None


def _encoded(profile: dict[str, Any]) -> bytes:
    text = json.dumps(profile, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return zlib.compress(text.encode("utf-8"), 6)


def _decoded(blob: bytes) -> dict[str, Any]:
    """A profile as ``SiteProfile.to_dict`` gives it."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob).decode("utf-8"))
    return data


def stored_sites_of(state: str) -> list[tuple[str, str, float]]:
    """``stored_sites`` of the state at ``state``; an error when it learned nothing."""
    db = open_read_only(state)
    try:
        sites = stored_sites(db) if has_templates(db) else []
    finally:
        db.close()
    if not sites:
        raise TemplateStoreError(f"no site templates learned in {state} (extract --learn-templates --state)")
    return sites


def stored_profile_of(state: str, site: str) -> SiteProfile | None:
    db = open_read_only(state)
    try:
        return stored_profile(db, site) if has_templates(db) else None
    finally:
        db.close()


def sites_listing(sites: list[tuple[str, str, float]]) -> list[str]:
    """One line per site: its key and page count (and grouping, when it was learned under several)."""
    groupings: dict[str, int] = {}
    for site, _, _ in sites:
        groupings[site] = groupings.get(site, 0) + 1
    lines = []
    for site, group_by, pages in sites:
        suffix = f"  (--group-by {group_by})" if groupings[site] > 1 else ""
        lines.append(f"{site}  {pages:g} pages{suffix}")
    return lines


def site_of_argument(text: str) -> str:
    """The site key a user means: ``host:...``/``folder:...`` as given, a folder path (one
    that exists, or starts with /, . or ~) as its absolute folder, else a host or URL."""
    if text.startswith(("host:", "folder:")):
        return text
    if "://" not in text and (os.path.isdir(text) or text.startswith(("/", ".", "~"))):
        return "folder:" + os.path.abspath(os.path.expanduser(text))
    host = url_host(text if "://" in text else "http://" + text)
    return f"host:{host}" if host else text
