"""``--learn-templates`` on a Dask cluster: the first pass as a reduction, its profiles broadcast.

1. One task per partition reads its documents as the second pass will (the batch code's
   items: decompression, web archive records, ``--max-bytes``, ``--time-limit``),
   fingerprints them and returns a ``TemplateLearner``: per-site counts of line hashes,
   never the pages (``extraction.learn_partition``).
2. The partial learners are merged in a tree, ``SPLIT_EVERY`` at a time. ``merge`` is exact
   while no site reaches the learner's decay window (2 x 100 pages) or key limit, so up to
   there the profiles do not depend on how the inputs were partitioned.
3. The sites with enough pages (``TemplateLearner.profile``), pruned to what the evidence
   looks up (``SiteProfile.evidence_only``), go to the workers once: ``newsclean dask``
   scatters them to every worker, ``extract_bag`` makes them one task every partition
   depends on. The worker hands them to its extraction process when the pass changes.

The second pass hands the profiles to ``extract`` as ``SiteTemplates``: extraction finds the
document's site the way the first pass did (the URL, an HTML page's declared canonical URL,
or the folder of its ``source.path``) and uses that site's profile, if any.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from dask.delayed import Delayed, delayed

from ..batch.learning import worker_profiles
from ..inputs import NO_FILTER, PathFilter
from ..templates.learner import TemplateLearner
from ..templates.sites import DEFAULT_GROUP_BY, GROUP_BY_CHOICES
from .cli import DEFAULT_PARTITION_SIZE
from .extraction import learn_partition
from .listing import Source, list_sources, partition
from .settings import ExtractSettings

SPLIT_EVERY = 8  # partial learners merged by one task


def learner_graph(parts: Sequence[tuple[Source, ...]], settings: ExtractSettings, group_by: str) -> Delayed:
    """The learner of every partition's documents, as a Dask tree reduction (not computed)."""
    if group_by not in GROUP_BY_CHOICES:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BY_CHOICES)}")
    level: list[Delayed] = [delayed(learn_partition)(part, settings, group_by) for part in parts]
    if not level:
        level = [delayed(TemplateLearner)()]
    while len(level) > 1:
        level = [delayed(merge_learners)(*level[i : i + SPLIT_EVERY]) for i in range(0, len(level), SPLIT_EVERY)]
    return level[0]


def merge_learners(*learners: TemplateLearner) -> TemplateLearner:
    """One learner with the counts of all; a new one: Dask may still hold the partial ones."""
    merged = TemplateLearner()
    for learner in learners:
        merged.merge(learner)
    return merged


def templates_graph(parts: Sequence[tuple[Source, ...]], settings: ExtractSettings, group_by: str) -> Delayed:
    """The first pass up to what the workers get, computed on the cluster: only the pruned
    profiles come back to the client."""
    graph: Delayed = delayed(worker_profiles)(learner_graph(parts, settings, group_by), group_by)
    return graph


def shared_templates(learner: TemplateLearner, group_by: str) -> Delayed:
    """The pruned profiles as one Dask task that every partition of a bag depends on: each
    worker receives them once, not once per partition or document."""
    name = f"newsclean-templates-{uuid.uuid4().hex}"
    shared: Delayed = delayed(worker_profiles(learner, group_by), name=name, traverse=False)
    return shared


def learn_templates(
    sources: Iterable[str],
    settings: ExtractSettings | None = None,
    *,
    group_by: str = DEFAULT_GROUP_BY,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    path_filter: PathFilter = NO_FILTER,
) -> TemplateLearner:
    """Learn the site templates of the inputs on the current Dask cluster (the default
    client, else Dask's local scheduler), as ``newsclean dask --learn-templates`` does:
    one task per partition, merged in a tree. ``group_by``: how pages are grouped into
    sites (``auto``, ``host``, ``folder``, ``none``); extract with the same grouping:

        learner = learn_templates(["crawl/"])
        bag = extract_bag(["crawl/"], templates=learner)

    The learner is ``newsclean.templates.TemplateLearner``: ``sites()``, ``profile(site)``,
    ``to_dict()`` to store it, ``merge`` to add another run's counts. The workers must not
    be daemonic (see ``local_cluster``).
    """
    settings = settings or ExtractSettings()
    parts = partition(list_sources(sources, path_filter, settings.storage_options), partition_size)
    learner: TemplateLearner = learner_graph(parts, settings, group_by).compute()  # type: ignore[no-untyped-call]
    return learner
