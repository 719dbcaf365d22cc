"""What a Dask job is asked to do, as ``newsclean dask`` parses it (no Dask needed here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..batch.tasks import TemplateConfig, WorkerConfig
from ..cli import DEFAULT_TIME_LIMIT
from ..inputs import NO_FILTER, PathFilter
from ..options import Options
from ..templates.sites import DEFAULT_GROUP_BY
from .cli import DEFAULT_PARTITION_SIZE


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """What shapes the records and the failures: ``newsclean extract``'s options."""

    options: Options = field(default_factory=Options)
    fmt: str | None = None  # forced input format, None to sniff
    reference_time: datetime | None = None
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds per document
    storage_options: Mapping[str, Any] = field(default_factory=dict)  # for fsspec: remote inputs, DIR

    def worker_config(self, templates: TemplateConfig | None = None) -> WorkerConfig:
        """The extraction process's config; ``templates``: a pass of ``--learn-templates``."""
        return WorkerConfig(self.options, self.fmt, self.reference_time, templates)


@dataclass(frozen=True, slots=True)
class DaskJob:
    """What to extract and where to."""

    sources: tuple[str, ...]  # paths, folders, globs, fsspec URLs
    out_dir: str
    files_from: str | None = None  # a file listing more sources, one a line ("-": stdin)
    path_filter: PathFilter = NO_FILTER
    partition_size: int = DEFAULT_PARTITION_SIZE
    errors: str | None = None  # --errors FILE, written by the client
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    reference_time_is_now: bool = False  # --reference-time now: the manifest says "now"
    learn_templates: bool = False  # --learn-templates: a learning pass on the cluster first (learning.py)
    group_by: str = DEFAULT_GROUP_BY  # --group-by: how that pass groups pages into sites
    overwrite: bool = False
