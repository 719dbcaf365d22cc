"""The ``--state`` file: which inputs were already extracted, so a rerun can skip them.

It is an SQLite database (in the standard library, and crash-safe: a transaction is there
in full or not at all, even after SIGKILL). Per input path it keeps the sha256 of the
file as stored, the fingerprint of the run that extracted it (newsclean version, options,
output destination) and the failures that input gave, so they can be listed again in
``--errors`` without extracting it again. Inputs whose failure says nothing about their
content (unreadable, over the time limit, an internal error) are not remembered: they are
tried again next time.

An exclusive ``flock`` on ``FILE.lock`` keeps two runs from sharing one state; the
kernel drops it when the process dies, so a killed run leaves no stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..templates import store as templates
from ..templates.learner import TemplateLearner
from .tasks import Failure

_SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS inputs (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    failures INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS failures (
    path TEXT NOT NULL,
    n INTEGER NOT NULL,
    source TEXT NOT NULL,
    error TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (path, n)
) WITHOUT ROWID;
"""


class StateError(Exception):
    """The state cannot be used: locked by another run, or not a newsclean state file."""


@dataclass(frozen=True, slots=True)
class Remembered:
    sha256: str
    failures: int  # how many failures are remembered with it


@dataclass(frozen=True, slots=True)
class OutputMark:
    """How far ``-o FILE`` had been written when the state was last committed."""

    path: str
    inode: int
    size: int


class StateStore:
    def __init__(self, path: str, fingerprint: str) -> None:
        if os.path.isdir(path):
            path = os.path.join(path, "newsclean-state.sqlite")
        self.path = path
        self._fingerprint = fingerprint
        self._lock_fd = _lock(path + ".lock", path)
        try:
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # durable against process death, fast
            self._db.executescript(_SCHEMA)
            self._db.executescript(templates.SCHEMA)
            version = self._meta("schema")
            if version is None:
                self._set_meta("schema", _SCHEMA_VERSION)
            elif version != _SCHEMA_VERSION:
                raise StateError(f"{path} was written by another version of newsclean (state schema {version})")
            self._db.execute("BEGIN")
        except sqlite3.DatabaseError as exc:
            os.close(self._lock_fd)
            raise StateError(f"{path} is not a usable newsclean state file: {exc}") from None

    def lookup(self, path: str) -> Remembered | None:
        """What is remembered about ``path`` from a run with the same fingerprint."""
        row = self._db.execute(
            "SELECT sha256, failures FROM inputs WHERE path = ? AND fingerprint = ?", (path, self._fingerprint)
        ).fetchone()
        return None if row is None else Remembered(row[0], row[1])

    def failures(self, path: str) -> list[Failure]:
        rows = self._db.execute("SELECT source, error, message FROM failures WHERE path = ? ORDER BY n", (path,))
        return [Failure(source, error, message) for source, error, message in rows]

    def remember(self, path: str, sha256: str, failures: Iterable[Failure]) -> None:
        self._db.execute("DELETE FROM failures WHERE path = ?", (path,))
        rows = [(path, n, f.source, f.error, f.message) for n, f in enumerate(failures)]
        self._db.executemany("INSERT INTO failures VALUES (?, ?, ?, ?, ?)", rows)
        self._db.execute(
            "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?)", (path, sha256, self._fingerprint, len(rows))
        )

    def forget(self, path: str) -> None:
        self._db.execute("DELETE FROM failures WHERE path = ?", (path,))
        self._db.execute("DELETE FROM inputs WHERE path = ?", (path,))

    def learner(self, group_by: str) -> TemplateLearner:
        """The site profiles learned so far under this grouping (``--learn-templates``)."""
        return templates.load_learner(self._db, group_by)

    def known_contents(self, path: str, group_by: str) -> set[str]:
        """The sha256 of the contents of ``path`` the first pass need not read again: learned
        under this grouping, or extracted by a run like this one (learned then, or failed)."""
        known = templates.learned_contents(self._db, group_by, path)
        remembered = self.lookup(path)
        if remembered is not None:
            known.add(remembered.sha256)
        return known

    def learned(self, path: str, sha256: str, group_by: str) -> None:
        """This content of ``path`` is counted in its site's profile (committed with it)."""
        templates.mark_learned(self._db, group_by, path, sha256)

    def save_profiles(self, group_by: str, learner: TemplateLearner, sites: Iterable[str]) -> None:
        templates.save_sites(self._db, group_by, learner, sites)

    def output_mark(self) -> OutputMark | None:
        path, inode, size = self._meta("output_path"), self._meta("output_inode"), self._meta("output_size")
        if path is None or inode is None or size is None:
            return None
        return OutputMark(path, int(inode), int(size))

    def commit(self, mark: OutputMark | None = None) -> None:
        """Make everything remembered so far permanent (with how far ``-o FILE`` got)."""
        if mark is not None:
            self._set_meta("output_path", mark.path)
            self._set_meta("output_inode", str(mark.inode))
            self._set_meta("output_size", str(mark.size))
        self._db.execute("COMMIT")
        self._db.execute("BEGIN")

    def rollback(self) -> None:
        """Drop everything remembered since the last commit."""
        self._db.execute("ROLLBACK")
        self._db.execute("BEGIN")

    def close(self) -> None:
        """Commit and release the lock."""
        with contextlib.suppress(sqlite3.ProgrammingError):  # already closed
            self._db.execute("COMMIT")
            self._db.close()
        os.close(self._lock_fd)

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _lock(lock_path: str, state_path: str) -> int:
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StateError(f"cannot open the lock file {lock_path}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise StateError(
            f"another newsclean run (pid {holder}) is using the state {state_path}; this run did nothing"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd
