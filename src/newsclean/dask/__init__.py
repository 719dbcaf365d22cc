"""newsclean on a Dask cluster: the [dask] extra (``pip install 'newsclean[dask]'``).

    from distributed import Client
    from newsclean.dask import Outcome, extract_bag, learn_templates, local_cluster

    with local_cluster(workers=4) as cluster, Client(cluster):
        records = extract_bag(["crawl/"]).filter(lambda o: o.record is not None).map(Outcome.as_dict)
        # With site templates: learned first, as a reduction on the cluster.
        learner = learn_templates(["crawl/"])
        records = extract_bag(["crawl/"], templates=learner)

``newsclean dask`` (``dask/cli.py``, ``job.py``) runs a whole job: partitions written
atomically under a folder, resumable. The batch code of ``newsclean extract`` does the
reading, the limits and the failures (``extraction.py``), so the records are the same.

Importing this package imports no Dask: ``newsclean.cli`` imports ``newsclean.dask.cli``
to register the command. The names below are loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .extraction import Outcome, iter_outcomes
    from .job import extract_bag, local_cluster, run_job
    from .learning import learn_templates
    from .listing import Source, list_sources, partition
    from .settings import DaskJob, ExtractSettings

_EXPORTS = {
    "DaskJob": ".settings",
    "ExtractSettings": ".settings",
    "Outcome": ".extraction",
    "Source": ".listing",
    "extract_bag": ".job",
    "iter_outcomes": ".extraction",
    "learn_templates": ".learning",
    "list_sources": ".listing",
    "local_cluster": ".job",
    "partition": ".listing",
    "run_job": ".job",
}
__all__ = [
    "DaskJob",
    "ExtractSettings",
    "Outcome",
    "Source",
    "extract_bag",
    "iter_outcomes",
    "learn_templates",
    "list_sources",
    "local_cluster",
    "partition",
    "run_job",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
