"""Fuzzing (issue 6): page-like text and HTML, and byte-level mutations of both, never make
newsclean raise anything but a ``NewscleanError``, always give a schema-valid record that the
batch worker can write, take time linear in their size, and never make the CLI print a traceback.

The CI run is short (a few hundred inputs). ``NEWSCLEAN_FUZZ_EXAMPLES=5000 pytest
tests/test_fuzz.py`` runs more; ``python scripts/fuzz.py --examples 100000 --jobs 2`` runs
the same property for as long as asked and keeps going after a finding (see README, Fuzzing).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badinput import strategies as fz
from newsclean.batch.tasks import INTERNAL_ERROR, PayloadTask, WorkerConfig
from newsclean.batch.worker import run_task
from newsclean.errors import NewscleanError
from newsclean.options import Options
from newsclean.pipeline import extract, fingerprint
from newsclean.templates import TemplateLearner

EXAMPLES = int(os.environ.get("NEWSCLEAN_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def assert_no_escape(data: bytes, fmt: str | None) -> None:
    outcome = fz.check_input(data, fmt)  # other exceptions propagate: hypothesis shrinks and shows them
    assert outcome.kind != "escape", outcome.detail


@FUZZ
@given(fz.text_bytes, fz.FORMATS)
def test_text_pages(data: bytes, fmt: str | None) -> None:
    assert_no_escape(data, fmt)


@FUZZ
@given(fz.html_bytes, fz.FORMATS)
def test_html_pages(data: bytes, fmt: str | None) -> None:
    assert_no_escape(data, fmt)


@FUZZ
@given(st.one_of(fz.mutated(fz.text_bytes), fz.mutated(fz.html_bytes)), fz.FORMATS)
def test_mutated_pages(data: bytes, fmt: str | None) -> None:
    assert_no_escape(data, fmt)


@FUZZ
@given(fz.any_page)
def test_any_bytes(data: bytes) -> None:
    assert_no_escape(data, None)


@settings(FUZZ, max_examples=max(1, EXAMPLES // 5))
@given(fz.any_page, st.sampled_from([None, "text", "html"]))
def test_the_worker_reports_no_internal_error(data: bytes, fmt: str | None) -> None:
    """What the CLI's workers run on a web-archive record: a record or an ordinary failure."""
    result = run_task(
        PayloadTask(0, "fuzz.warc#1", data, False, "https://example.org/a", fmt), WorkerConfig(Options(), None)
    )
    assert (result.record is None) != (result.failure is None)
    if result.failure is not None:
        assert result.failure.error != INTERNAL_ERROR, result.failure
    else:
        assert result.record is not None
        json.loads(result.record.decode("utf-8"))


@settings(FUZZ, max_examples=max(1, EXAMPLES // 75))
@given(st.lists(fz.any_page, min_size=25, max_size=25))
def test_the_cli_prints_no_traceback(tmp_path_factory: pytest.TempPathFactory, pages: list[bytes]) -> None:
    folder = tmp_path_factory.mktemp("fuzz-cli")
    for n, page in enumerate(pages):
        (folder / f"{n:02d}.{'html' if n % 2 else 'txt'}").write_bytes(page)
    errors = folder.parent / f"{folder.name}.errors.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "newsclean", "extract", "--jobs", "2", "--errors", str(errors), str(folder)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    stderr = proc.stderr.decode("utf-8")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert proc.returncode in (0, 1), stderr
    failed = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(proc.stdout.splitlines()) + len(failed) == len(pages)
    assert len(stderr.splitlines()) == (len(failed) + 1 if failed else 0)


@settings(FUZZ, max_examples=max(1, EXAMPLES // 50))
@given(st.one_of(fz.text_page().map(str.encode), fz.html_page().map(str.encode)))
def test_time_is_linear_in_size(page: bytes) -> None:
    """The same page repeated to 50 KB and to 500 KB: ten times the bytes, not a hundred times the time."""
    page = page or b"A line of text.\n"
    outcomes = []
    for size in (50_000, 500_000):
        data = (page * (size // len(page) + 1))[:size]
        started = time.perf_counter()
        outcomes.append((fz.check_input(data), time.perf_counter() - started))
    (small, t_small), (large, t_large) = outcomes
    assert large.kind != "escape", large.detail
    if small.kind == large.kind == "record":
        assert t_large < 25 * max(t_small, 0.02), (t_small, t_large)


@settings(FUZZ, max_examples=max(1, EXAMPLES // 10))
@given(st.lists(st.one_of(fz.text_bytes, fz.mutated(fz.text_bytes), fz.html_bytes), min_size=4, max_size=6))
def test_pages_extracted_with_a_learned_site_template(pages: list[bytes]) -> None:
    """Pages learned as one site (sharing a menu, so the template has lines to weigh) and
    extracted with its profile: still nothing but a NewscleanError, a schema-valid record."""
    menu = b"Home\nWorld\nShare this article\nSubscribe to our newsletter for the latest news every morning.\n\n"
    site = [menu + page if not page.lstrip().startswith(b"<") else page for page in pages]
    learner = TemplateLearner()
    for page in site:
        try:
            learner.add(dataclasses.replace(fingerprint(page), site="fuzz"))
        except NewscleanError:
            continue  # refused in the first pass: the second refuses it too
    template = learner.profile("fuzz")
    for page in site:
        outcome = fz.check_input(page, None, run=functools.partial(extract, template=template))
        assert outcome.kind != "escape", outcome.detail
