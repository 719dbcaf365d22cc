"""Everything a batch run was asked to do, as parsed by the CLI, and its fingerprint."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime

from .._version import __version__
from ..inputs import NO_FILTER, PathFilter
from ..options import Options


@dataclass(frozen=True, slots=True)
class BatchSettings:
    paths: tuple[str, ...] = ()
    files_from: str | None = None  # a file listing inputs, "-" for stdin
    path_filter: PathFilter = NO_FILTER
    output: str | None = None  # -o FILE (None: stdout)
    out_dir: str | None = None
    errors: str | None = None
    state: str | None = None
    force: bool = False
    jobs: int = 1
    ordered: bool = True
    time_limit: float | None = None
    options: Options = dataclasses.field(default_factory=Options)
    fmt: str | None = None  # forced input format, None to sniff
    pretty: bool = False
    reference_time: datetime | None = None  # --reference-time, resolved ("now" is the run's start)
    reference_time_is_now: bool = False  # it was given as "now"
    learn_templates: bool = False  # --learn-templates: two passes, see batch/learning.py
    group_by: str = "auto"  # --group-by: how --learn-templates groups pages into sites

    def fingerprint(self) -> str:
        """What makes a remembered extraction still valid: same version, options, destination.

        An out-dir is a destination: another DIR holds none of the files. stdout and -o FILE
        are one stream, whatever the file is called: a cron job writing a file a day wants
        each day's file to get only what is new. The time limit and the input selection are
        not in it: they decide what is tried, not what a record looks like.

        ``--reference-time`` is (relative timestamps resolve against it), as given: "now" stays
        "now", so a daily run keeps the records it made of unchanged inputs, each resolved
        against the day it first read them (the closest it knows to when they were fetched).

        ``--learn-templates`` and ``--group-by`` are: they change the records. A profile that
        grows later is not: what was extracted stays, as ``--force`` documents.
        """
        sink = ["out-dir", os.path.abspath(self.out_dir)] if self.out_dir is not None else ["stream"]
        options = {k: v for k, v in dataclasses.asdict(self.options).items() if k != "explain"}
        described = {"newsclean": __version__, "options": options, "format": self.fmt, "pretty": self.pretty}
        if self.reference_time is not None:  # absent otherwise: older states stay valid
            described["reference_time"] = "now" if self.reference_time_is_now else self.reference_time.isoformat()
        if self.learn_templates:  # absent otherwise, as above; a grouping learns other templates
            described["templates"] = self.group_by
        text = json.dumps({**described, "sink": sink}, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
