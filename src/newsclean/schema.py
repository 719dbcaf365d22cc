"""The JSON Schema of the record, shipped as ``schema/article.schema.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files("newsclean").joinpath("schema").joinpath("article.schema.json").read_text(encoding="utf-8")


def article_schema() -> dict[str, Any]:
    """A fresh copy of the record schema (callers may modify it)."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema
