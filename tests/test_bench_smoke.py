"""Smoke test of the benchmark/gate helpers and a tiny HTML-mode run (no dev data needed)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench
import devsets
import gate
import htmlbench
import htmltext
import peers_html

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


# ------------------------------------------------------------------------------ HTML mode

STUB_SCORER = '''import json, sys
preds = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
empty = sum(1 for p in preds if not p.get("body"))
print(f"{sys.argv[1]} n={len(preds)} | body P=0.500 R=1.000 F1=0.667 | headline exact=0.000 tokF1=0.000 (n=2)"
      f" | [missing={empty} unknown=0]")
'''


def test_html_to_text_follows_the_gold_rules() -> None:
    page = (
        "<div>a<b>b</b><p>c&nbsp; d<br>e</p>f<table><tr><td>x</td><td><p>y</p> z</td></tr></table>"
        "<pre>l1\n  l2</pre><img alt='alt'><script>s()</script><figure><figcaption>cap</figcaption></figure></div>"
    )
    assert htmltext.html_to_text(page) == "ab\n\nc d\ne\n\nf\n\nx | y z\n\nl1\nl2\n\ncap"
    assert htmltext.html_to_text("") == "" and htmltext.html_to_text(b"  ") == ""
    assert htmltext.lines_to_paragraphs("one\n\n two \nthree") == "one\n\ntwo\n\nthree"


def test_decode_page() -> None:
    assert htmltext.decode_page("naïve".encode()) == "naïve"
    latin = b'<meta charset="iso-8859-2"><p>\xb3\xf3d\xbc</p>'
    assert htmltext.decode_page(latin).endswith("<p>łódź</p>")
    assert htmltext.decode_page(b"\xef\xbb\xbfbom") == "bom"


def test_a_failing_page_is_kept_empty_and_counted(tmp_path: Path) -> None:
    pages = []
    for i in range(2):
        p = tmp_path / f"p{i}.html.gz"
        p.write_bytes(gzip.compress(b"<p>page</p>"))
        pages.append(devsets.PageRef(f"p{i}", p))

    def run(doc: devsets.Doc) -> devsets.Record:
        if doc.id == "p1":
            raise ValueError("boom")
        return {"id": doc.id, "body": "ok"}

    out = list(peers_html.extract_all(run, pages, timeout=5))
    assert [r[0]["id"] for r in out] == ["p0", "p1"]
    err0, err1 = out[0][4], out[1][4]
    assert err0 is None and out[1][0]["body"] == "" and err1 is not None and "ValueError: boom" in err1


def _tiny_sites(root: Path) -> Path:
    """A two-page 'sites' set and a stub scorer, laid out like ../shared."""
    data = root / "data"
    pages = data / "sites" / "html" / "x-2009"
    pages.mkdir(parents=True)
    gold = []
    for i in range(2):
        html = f"<html><head><title>T{i}</title></head><body><nav>Home</nav><p>Story {i} text.</p></body></html>"
        (pages / f"x-2009-a-{i}.html.gz").write_bytes(gzip.compress(html.encode()))
        gold.append({"id": f"x-2009-a-{i}", "headline": f"T{i}", "body": f"Story {i} text."})
    devsets.write_jsonl(data / "sites" / "gold.jsonl", gold)
    (root / "tools").mkdir()
    (root / "tools" / "score_dev.py").write_text(STUB_SCORER, encoding="utf-8")
    return data


def test_html_mode_tiny_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, report, saved = _tiny_sites(tmp_path), tmp_path / "r.json", tmp_path / "pred"
    argv = ["--mode", "html", "--data", str(data), "--sets", "sites", "--html-systems", "keep-all,newsclean"]
    assert bench.main([*argv, "--json", str(report), "--save-predictions", str(saved)]) == 0
    out = capsys.readouterr().out
    assert "sites (HTML): 2 pages" in out and "HTML speed and memory" in out
    cells = json.loads(report.read_text())["html"]["sets"]["sites"]["systems"]
    assert cells["keep-all"]["failed"] == 0 and cells["keep-all"]["figures"]["all"]["body_f1"] == 0.667
    assert cells["keep-all"]["network_attempts"] == 0 and cells["keep-all"]["rss_peak_mb"] > 0
    keep = devsets.load_jsonl(saved / "sites.keep-all.html.jsonl")
    assert [r["body"] for r in keep] == ["Home\n\nStory 0 text.", "Home\n\nStory 1 text."]
    # newsclean may or may not handle HTML yet; either way every page has a record.
    assert len(devsets.load_jsonl(saved / "sites.newsclean.html.jsonl")) == 2
    assert cells["newsclean"]["failed"] in (0, 2)


def test_a_dead_worker_fails_its_whole_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _tiny_sites(tmp_path)
    dead = tmp_path / "dead.py"
    dead.write_text("import sys\nsys.exit('segfault stand-in')\n", encoding="utf-8")
    monkeypatch.setattr(htmlbench, "WORKER", dead)
    cell = htmlbench.run_worker("keep-all", devsets.load_pages(data, "sites"), data, 1, tmp_path, 5.0)
    assert cell.failed == 2 and "segfault stand-in" in cell.stats["errors"][0]
    assert cell.pred is not None and [r["body"] for r in devsets.load_jsonl(cell.pred)] == ["", ""]
