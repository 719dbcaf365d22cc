"""The first pass of ``--learn-templates``: learn each site's template before extracting.

Every new or changed input is read and fingerprinted by the worker pool (the same limits
as extraction); the runner counts each page's line keys on its site (``TemplateLearner``:
hashes and counts only), in input order so the result does not depend on which worker was
faster. A document that fails here is not reported: it fails again in the second pass,
which reports it once, as usual. Stdin is not learned from: it cannot be read twice, and
belongs to no folder.

With ``--state`` the learner starts from the stored profiles, inputs the state already
knows with the same bytes are not read, and the profiles and the record of what was learned
are committed in one transaction at the end of the pass, before any record is written: a
killed run has learned all of its new pages or none of them, so its rerun extracts with the
same profiles as an uninterrupted run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..inputs import InputRef
from ..templates.learner import SiteProfile, TemplateLearner
from .pool import WorkerPool
from .settings import BatchSettings
from .sources import Input, Item, ItemSettings, ItemSource
from .state import StateStore
from .tasks import TemplateConfig, WorkerConfig

WINDOW_PER_JOB = 16  # items in flight per worker, as in the second pass


class LearningPass:
    def __init__(
        self,
        settings: BatchSettings,
        state: StateStore | None,
        stop_fd: int | None,
        stopped: Callable[[], bool],
    ) -> None:
        self._settings = settings
        self._state = state
        self._stop_fd = stop_fd
        self._stopped = stopped
        self._learner = state.learner(settings.group_by) if state is not None else TemplateLearner()
        self._changed: set[str] = set()  # sites that learned a page in this run
        self._pending: dict[int, Item] = {}
        self._next = 0

    def run(self, refs: Iterator[InputRef], item_settings: ItemSettings, pool: WorkerPool) -> TemplateLearner | None:
        """The learned profiles; None when the run was stopped (then nothing was learned).
        ``pool`` runs with ``learning_config``; it is left idle for the second pass."""
        group_by = self._settings.group_by
        files = (ref for ref in refs if ref.problem is None and ref.fs_path is not None)
        items = ItemSource(files, item_settings, self._state, learning_group_by=group_by).items()
        done = False
        try:
            done = self._loop(items, pool)
        finally:
            items.close()
            if not done:
                pool.kill()
            self._settle(done)
        return self._learner if done else None

    def _loop(self, items: Iterator[Item], pool: WorkerPool) -> bool:
        window = max(32, WINDOW_PER_JOB * self._settings.jobs)
        exhausted = False
        while not self._stopped():
            while not exhausted and len(self._pending) < window:
                item = next(items, None)
                if item is None:
                    exhausted = True
                    break
                self._pending[item.seq] = item
                if item.task is not None:
                    pool.submit(item.task)
            self._count_finished()
            if exhausted and not self._pending:
                return True
            if pool.idle:
                continue
            for result in pool.wait(None, self._stop_fd):
                self._pending[result.seq].result = result
        return False

    def _count_finished(self) -> None:
        """Count the finished pages in input order."""
        while (item := self._pending.get(self._next)) is not None and item.done:
            del self._pending[item.seq]
            self._next += 1
            result = item.result
            if result is not None and result.sha256 is not None:
                item.input.sha256 = result.sha256
            if result is not None and result.page is not None:
                self._learner.add(result.page)
                if result.page.site is not None:
                    self._changed.add(result.page.site)
            if result is not None and result.failure is not None and not result.failure.remember:
                item.input.remembered = False  # not a fact about its bytes: try it again next run
            if item.last and not item.skipped:
                self._mark_learned(item.input)

    def _mark_learned(self, source: Input) -> None:
        if self._state is not None and source.remembered and source.sha256 is not None:
            self._state.learned(source.source, source.sha256, self._settings.group_by)

    def _settle(self, done: bool) -> None:
        """Commit what was learned with the profiles, or drop it all."""
        if self._state is None:
            return
        if done:
            self._state.save_profiles(self._settings.group_by, self._learner, self._changed)
            self._state.commit()
        else:
            self._state.rollback()


def learning_config(settings: BatchSettings) -> WorkerConfig:
    """The first pass's workers: fingerprint, do not extract."""
    templates = TemplateConfig(settings.group_by, learning=True)
    return WorkerConfig(settings.options, settings.fmt, settings.reference_time, templates)


def worker_profiles(learner: TemplateLearner, group_by: str) -> TemplateConfig:
    """What the second pass's workers get: the profiles of the sites with enough pages,
    pruned to the keys evidence looks up."""
    profiles: dict[str, SiteProfile] = {}
    for site in learner.sites():
        profile = learner.profile(site)
        if profile is not None:
            profiles[site] = profile.evidence_only()
    return TemplateConfig(group_by, False, profiles)
