"""Golden fixtures: each ``tests/fixtures/<slug>/`` holds an input and a hand-written ``expected.json``.

A fixture with a ``site/`` folder is a page of a site: the site's template is learned from
the input and the pages in ``site/`` (as ``--learn-templates`` would), and the input is
extracted with it.

One test per (fixture, field): ``pytest -k seed-000-world-breadcrumb`` runs one fixture,
``pytest -k ":headline"`` one field across fixtures. Only the fields present in ``expected.json``
are checked; keys starting with ``_`` (e.g. ``_notes``) are ignored.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean.pipeline import fingerprint
from newsclean.templates import SiteProfile, TemplateLearner

FIXTURES = Path(__file__).parent / "fixtures"
INPUT_NAMES = ("input.txt", "input.html")


def _input_path(folder: Path) -> Path | None:
    for name in INPUT_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def _load_expected(folder: Path) -> dict[str, Any]:
    with (folder / "expected.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{folder.name}/expected.json must hold a JSON object")
    return data


def _cases() -> list[Any]:
    cases: list[Any] = []
    if not FIXTURES.is_dir():
        return cases
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        slug = folder.name
        try:
            expected = _load_expected(folder)
        except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
            # Keep a broken fixture visible as a failing test instead of breaking collection.
            cases.append(pytest.param(slug, "_load", str(exc), id=f"{slug}:_load"))
            continue
        for field, value in expected.items():
            if field.startswith("_"):
                continue
            cases.append(pytest.param(slug, field, value, id=f"{slug}:{field}"))
    return cases


@functools.cache
def _extract(slug: str) -> dict[str, Any]:
    """Run the extractor once per fixture; every field test of that fixture shares the record."""
    folder = FIXTURES / slug
    path = _input_path(folder)
    if path is None:
        raise FileNotFoundError(f"{slug}: no {' or '.join(INPUT_NAMES)}")
    article = newsclean.extract(path.read_bytes(), path=str(path), template=_site_profile(folder, path))
    record: dict[str, Any] = article.to_dict()
    return record


def _site_profile(folder: Path, path: Path) -> SiteProfile | None:
    """The template learned from the input and ``site/*`` (one group), if there is a ``site/``."""
    if not (folder / "site").is_dir():
        return None
    learner = TemplateLearner()
    for page in [path, *sorted((folder / "site").iterdir())]:
        learner.add(dataclasses.replace(fingerprint(page.read_bytes(), path=str(page)), site="fixture"))
    profile = learner.profile("fixture")
    assert profile is not None, f"{folder.name}: site/ needs {learner.options.min_pages - 1}+ pages"
    return profile


def _body_diff(expected: str, actual: str) -> str:
    exp = expected.split("\n\n") if expected else []
    act = actual.split("\n\n") if actual else []
    diff = difflib.unified_diff(exp, act, "expected paragraphs", "actual paragraphs", lineterm="", n=1)
    return "\n".join(diff)


def _message(slug: str, field: str, expected: Any, actual: Any) -> str:
    if field == "body" and isinstance(expected, str) and isinstance(actual, str):
        return f"{slug}: body differs (one paragraph per line)\n{_body_diff(expected, actual)}"
    exp = json.dumps(expected, ensure_ascii=False, indent=2)
    act = json.dumps(actual, ensure_ascii=False, indent=2)
    diff = "\n".join(
        difflib.unified_diff(exp.splitlines(), act.splitlines(), "expected", "actual", lineterm="")
    )
    return f"{slug}: {field} differs\n{diff}"


@pytest.mark.parametrize(("slug", "field", "expected"), _cases())
def test_fixture_field(slug: str, field: str, expected: Any) -> None:
    if field == "_load":
        pytest.fail(f"{slug}: cannot load expected.json: {expected}")
    record = _extract(slug)
    assert field in record, f"{slug}: the record has no field {field!r} (keys: {sorted(record)})"
    actual = record[field]
    assert actual == expected, _message(slug, field, expected, actual)
