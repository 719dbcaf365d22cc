"""Smoke test of the benchmark/gate helpers (pure functions; no dev data needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench
import devsets
import gate

READABILITY_LINE = (
    "readability n=122 | body P=0.759 R=0.965 F1=0.850 | headline exact=0.000 tokF1=0.000 (n=121)"
    " | published day=0.000 wrong=0.000 none=1.000 (n=33) | language=0.000 (n=71)"
    " | authors F1=0.000 (n=73) | [missing=2 unknown=0]"
)
TRAF_LINE = (
    "trafilatura-eval n=990 | with=0.990 without=0.339 hmean=0.505"
    " (traf P=0.598 R=0.990 F1=0.746 acc=0.664) | headline exact=0.125 tokF1=0.500 (n=845)"
)


def test_parse_summary() -> None:
    r = devsets.parse_summary(READABILITY_LINE)
    assert r["n"] == 122 and r["body_f1"] == 0.850 and r["body_p"] == 0.759 and r["authors"] == 0.0
    assert r["published"] == 0.0 and r["published_none"] == 1.0 and r["missing"] == 2
    t = devsets.parse_summary(TRAF_LINE)
    assert (t["with"], t["without"], t["hmean"], t["traf_f1"]) == (0.990, 0.339, 0.505, 0.746)
    assert t["headline_exact"] == 0.125 and "language" not in t and "body_f1" not in t
    with pytest.raises(devsets.ScoreError):
        devsets.parse_summary("usage: score_dev.py ...")


def test_doc_id_matches_scorer_rules() -> None:
    assert devsets.doc_id("readability", Path("d/readability/bbc-1/page.txt")) == "bbc-1"
    assert devsets.doc_id("trafilatura-eval", Path("d/text/a b.ó.txt.gz")) == "a b.ó"
    assert devsets.doc_id("sites", Path("d/text/bbc-2005/bbc-2005-x-1.txt")) == "bbc-2005-x-1"


def test_floor3_and_gate_logic() -> None:
    assert devsets.floor3(0.864) == 0.864 and devsets.floor3(0.8649) == 0.864 and devsets.floor3(1.0) == 1.0
    floors = {"readability": {"body_f1": 0.85, "language": 0.5}}
    figures = {"readability": {"body_f1": 0.8499, "headline_exact": 0.2}}
    fails = gate.compare(figures, floors)
    assert len(fails) == 2 and "body_f1" in fails[0] and "not reported" in fails[1]
    new, lowered = gate.updated_floors({"readability": {"body_f1": 0.9012, "language": 0.4}}, floors)
    assert new == {"readability": {"body_f1": 0.901, "language": 0.4}}
    assert lowered == ["readability language: 0.500 -> 0.400"]


def test_wrap_html_and_stoplist_names() -> None:
    page = bench.wrap_html("Head <1>\n\nline a\nline & b\n\n\n\nlast")
    assert "<p>Head &lt;1&gt;</p>\n<p>line a<br>line &amp; b</p>\n<p>last</p>" in page
    avail = frozenset({"English", "German"})
    assert bench.justext_language("de-AT", avail) == "German"
    assert bench.justext_language("fr", avail) == "English"
    assert bench.justext_language(None, avail) == "English"


def test_gate_skips_without_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gate.main(["--data", str(tmp_path / "nope")]) == 0
    assert "gate skipped" in capsys.readouterr().out
