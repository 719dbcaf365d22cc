"""The template ``newsclean explain --state/--learn-from`` applies to one file: the profile
``extract --learn-templates`` would have extracted it with."""

from __future__ import annotations

from collections.abc import Iterable

import click

from ..errors import NewscleanError
from ..inputs import InputRef, hash_file, iter_inputs, read_input
from ..options import Options
from ..pipeline import fingerprint
from ..templates import store
from ..templates.learner import SiteProfile, TemplateLearner
from .tasks import one_line
from .warc import is_archive


def explained_profile(
    ref: InputRef,
    data: bytes,
    fmt: str | None,
    *,
    state: str | None,
    learn_from: Iterable[str],
    group_by: str,
    options: Options,
) -> SiteProfile | None:
    """The stored profile of the file's site (``state``), plus the pages of ``learn_from``
    and the file itself, each counted once. Raises ``store.TemplateStoreError``."""
    learner, learned = _stored(state, group_by)
    page = fingerprint(data, format=fmt, path=ref.path, group_by=group_by, options=options)
    if not _known(ref, learned):
        learner.add(page)
    for other in iter_inputs(learn_from):
        if other.path != ref.path and not _known(other, learned):
            _learn(learner, other, fmt, group_by, options)
    return learner.profile(page.site)


def _stored(state: str | None, group_by: str) -> tuple[TemplateLearner, dict[str, set[str]] | None]:
    """The state's learner and, per path, the contents it learned (None: no state)."""
    if state is None:
        return TemplateLearner(), None
    db = store.open_read_only(state)
    try:
        if not store.has_templates(db):
            return TemplateLearner(), {}
        learned: dict[str, set[str]] = {}
        for path, sha256 in db.execute("SELECT path, sha256 FROM template_pages WHERE group_by = ?", (group_by,)):
            learned.setdefault(path, set()).add(sha256)
        return store.load_learner(db, group_by), learned
    finally:
        db.close()


def _known(ref: InputRef, learned: dict[str, set[str]] | None) -> bool:
    """Whether the state has counted this content of the input already."""
    if learned is None or ref.fs_path is None or ref.path not in learned:
        return False
    try:
        return hash_file(ref.fs_path) in learned[ref.path]
    except NewscleanError:
        return False


def _learn(learner: TemplateLearner, ref: InputRef, fmt: str | None, group_by: str, options: Options) -> None:
    """Count one more page; one that cannot be read is said on stderr and left out."""
    if ref.fs_path is None:
        return  # stdin: read once, by the file explained if at all
    if is_archive(ref.fs_path):
        click.echo(f"newsclean: {one_line(ref.path)}: a web archive (not learned from: use extract)", err=True)
        return
    try:
        data = read_input(ref, options.max_bytes)
        learner.add(fingerprint(data, format=fmt, path=ref.path, group_by=group_by, options=options))
    except NewscleanError as exc:
        click.echo(f"newsclean: {one_line(ref.path)}: {one_line(str(exc))} (not learned from)", err=True)
