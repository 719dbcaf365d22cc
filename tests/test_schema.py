"""The shipped JSON Schema matches the record the code writes."""

from __future__ import annotations

import json

import jsonschema
from click.testing import CliRunner

import newsclean
from newsclean.cli import cli
from newsclean.model import SCHEMA_VERSION
from newsclean.schema import article_schema


def test_schema_is_valid_and_printed_by_cli() -> None:
    schema = article_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == schema


def test_schema_lists_exactly_the_record_fields_in_order() -> None:
    record = newsclean.extract("Headline\n\nSome text of the article that goes on.").to_dict()
    schema = article_schema()
    assert list(schema["properties"]) == list(record)
    assert schema["required"] == list(record)
    assert SCHEMA_VERSION in schema["$id"]


def test_empty_input_gives_valid_record_with_warnings() -> None:
    article = newsclean.extract(b"")
    record = article.to_dict()
    jsonschema.validate(record, article_schema())
    assert record["body"] == "" and record["word_count"] == 0
    assert "no headline found" in record["warnings"]
