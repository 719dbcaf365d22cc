"""`newsclean dask --learn-templates`: the first pass as a reduction on a real cluster, the
profiles broadcast, and the same records as learning every page in-process and extracting
each with its site's profile, however the inputs are partitioned.

One site of five text pages (tests/fixtures/template-site-promo-line) shares a menu, a
footer and a newsletter promo that reads like prose: single-page extraction keeps the promo
in the body, the learned template drops it. Three unrelated pages sit in a folder of their
own (a group under 4 pages: single-page records); two web archives hold the same site under
a host, three records in one and two in the other, so that site reaches 4 pages only when
the partitions' learners are merged.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest

from batch_helpers import article, run_cli, write_warc
from newsclean.dask import ExtractSettings, Outcome, extract_bag, learn_templates, local_cluster
from newsclean.pipeline import extract, fingerprint
from newsclean.templates import SiteProfile, TemplateLearner

FIXTURE = Path(__file__).parent / "fixtures" / "template-site-promo-line"
PROMO = "Get the Riverside Gazette morning briefing delivered to your inbox every weekday before seven."
HOST = "https://www.riverside-gazette.example/news/"


def site_pages() -> list[bytes]:
    return [(FIXTURE / "input.txt").read_bytes()] + [
        (FIXTURE / "site" / f"page{n}.txt").read_bytes() for n in range(2, 6)
    ]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``crawl/gazette`` (the site's 5 pages), ``crawl/misc`` (3 unrelated pages)."""
    crawl = tmp_path_factory.mktemp("dask-templates") / "crawl"
    (crawl / "gazette").mkdir(parents=True)
    for n, page in enumerate(site_pages(), start=1):
        (crawl / "gazette" / f"page{n}.txt").write_bytes(page)
    (crawl / "misc").mkdir()
    for n in range(3):
        (crawl / "misc" / f"story{n}.txt").write_text(article(8100 + n), encoding="utf-8")
    return crawl


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's pages again, as WARC records under its host: 3 in one archive, 2 in another."""
    folder = tmp_path_factory.mktemp("dask-templates-warc")
    responses = [(f"{HOST}{n}", "text/plain; charset=utf-8", page) for n, page in enumerate(site_pages())]
    write_warc(folder / "a.warc.gz", responses[:3])
    write_warc(folder / "b.warc.gz", responses[3:])
    return folder


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """Two worker processes: the profiles must reach both."""
    with local_cluster(2, silence_logs=logging.ERROR) as running:
        yield running


def text_inputs(crawl: Path) -> list[Path]:
    return sorted(crawl.rglob("*.txt"), key=str)


def reference_records(paths: list[Path], *, group_by: str = "auto") -> list[bytes]:
    """In-process: learn every page, then extract each with its site's full profile."""
    prints = {path: fingerprint(path.read_bytes(), path=str(path), group_by=group_by) for path in paths}
    learner = TemplateLearner().add_all(prints.values())
    return [
        record_line(path, learner.profile(prints[path].site) if prints[path].site else None)
        for path in sorted(paths, key=str)
    ]


def single_page_records(paths: list[Path]) -> list[bytes]:
    return [record_line(path, None) for path in sorted(paths, key=str)]


def record_line(path: Path, profile: SiteProfile | None) -> bytes:
    """The line ``newsclean extract`` writes for the page."""
    page = extract(path.read_bytes(), path=str(path), template=profile)
    return json.dumps(page.to_dict(), ensure_ascii=False).encode("utf-8")


def job_records(out: Path) -> list[bytes]:
    """The job's records, sorted by source path."""
    lines = [line for part in sorted((out / "records").glob("part-*.jsonl")) for line in part.read_bytes().splitlines()]
    return sorted(lines, key=lambda line: json.loads(line)["source"]["path"])


def bodies(records: list[bytes], folder: str) -> list[str]:
    return [r["body"] for r in map(json.loads, records) if f"/{folder}/" in r["source"]["path"]]


def run_job(cluster: distributed.LocalCluster, sources: list[Path], out: Path, *options: str) -> str:
    args = ["dask", *map(str, sources), "--out-dir", str(out), "--scheduler", cluster.scheduler_address]
    result = run_cli([*args, *options], cwd=out.parent)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_learned_templates_give_the_in_process_records(crawl: Path, cluster: distributed.LocalCluster) -> None:
    out = crawl.parent / "out"
    stderr = run_job(cluster, [crawl], out, "--learn-templates", "--partition-size", "2", "-v")
    assert "learned the templates of 1 site (5 pages)" in stderr  # misc/ has 3 pages: no template
    records = job_records(out)
    assert records == reference_records(text_inputs(crawl))  # byte for byte
    single = single_page_records(text_inputs(crawl))
    assert all(PROMO in body for body in bodies(single, "gazette"))  # single-page mode keeps the promo
    assert len(bodies(records, "gazette")) == 5 and not any(PROMO in body for body in bodies(records, "gazette"))
    assert bodies(records, "misc") == bodies(single, "misc")
    assert [r for r in records if b"/misc/" in r] == [r for r in single if b"/misc/" in r]  # exactly

    manifest = json.loads((out / "_manifest.json").read_text())
    assert (manifest["options"]["learn_templates"], manifest["options"]["group_by"]) == (True, "auto")
    # Another setting is another job: refused before any cluster starts, unless --overwrite.
    for changed, said in (([], "learn_templates True -> False"), (["--learn-templates", "--group-by", "folder"],
                                                                  "group_by 'auto' -> 'folder'")):
        refused = run_cli(["dask", str(crawl), "--out-dir", str(out), "--partition-size", "2", *changed], cwd=crawl)
        assert refused.returncode == 3 and said in refused.stderr, refused.stderr


def test_rerun_learns_again_and_rewrites_only_missing_partitions(
    crawl: Path, cluster: distributed.LocalCluster
) -> None:
    out = crawl.parent / "resumed"
    options = ("--learn-templates", "--partition-size", "3", "-v")
    run_job(cluster, [crawl], out, *options)
    first = job_records(out)
    kept = (out / "records" / "part-00000.jsonl").stat().st_mtime_ns
    (out / "_committed" / "part-00001.json").unlink()  # as if killed before it completed
    (out / "_SUCCESS").unlink()
    stderr = run_job(cluster, [crawl], out, *options)
    assert "2 of 3 partitions were complete already" in stderr
    assert "learned the templates of 1 site (5 pages)" in stderr  # from all inputs again
    assert (out / "records" / "part-00000.jsonl").stat().st_mtime_ns == kept
    assert job_records(out) == first and (out / "_SUCCESS").exists()


def test_records_do_not_depend_on_the_partitions(
    crawl: Path, archives: Path, cluster: distributed.LocalCluster
) -> None:
    runs = {}
    for size in ("1", "3"):
        out = crawl.parent / f"by-{size}"
        run_job(cluster, [crawl, archives], out, "--learn-templates", "--partition-size", size)
        runs[size] = job_records(out)
    assert runs["1"] == runs["3"]
    assert [r for r in runs["1"] if b".warc.gz#" not in r] == reference_records(text_inputs(crawl))
    # The archives' records: one host, 3 + 2 pages in two partitions, learned only when merged.
    archived = [json.loads(r) for r in runs["1"] if b".warc.gz#" in r]
    assert len(archived) == 5 and all(r["url"].startswith(HOST) for r in archived)
    assert not any(PROMO in r["body"] for r in archived)


def test_group_by_none_gives_single_page_records(crawl: Path, cluster: distributed.LocalCluster) -> None:
    out = crawl.parent / "ungrouped"
    stderr = run_job(cluster, [crawl], out, "--learn-templates", "--group-by", "none", "-v")
    assert "learned the templates of 0 sites" in stderr
    assert job_records(out) == single_page_records(text_inputs(crawl))


def test_bag_api_learns_as_a_reduction(crawl: Path, cluster: distributed.LocalCluster) -> None:
    settings = ExtractSettings()
    with distributed.Client(cluster):
        learner = learn_templates([str(crawl)], settings, partition_size=2)
        outcomes = extract_bag([str(crawl)], settings, partition_size=2, templates=learner).compute()
    reference = TemplateLearner().add_all(
        fingerprint(path.read_bytes(), path=str(path)) for path in text_inputs(crawl)
    )
    assert learner.sites() == reference.sites()  # gazette 5 pages, misc 3
    site = f"folder:{crawl / 'gazette'}"
    mine, theirs = learner.profile(site), reference.profile(site)
    assert mine is not None and theirs is not None and mine.evidence_only() == theirs.evidence_only()
    assert all(isinstance(o, Outcome) and o.failure is None for o in outcomes)
    records = sorted((o.record for o in outcomes if o.record), key=lambda r: json.loads(r)["source"]["path"])
    assert records == reference_records(text_inputs(crawl))


def test_group_by_needs_learn_templates(tmp_path: Path) -> None:
    shutil.copy(FIXTURE / "input.txt", tmp_path / "page.txt")
    result = run_cli(["dask", str(tmp_path), "--out-dir", str(tmp_path / "out"), "--group-by", "host"], cwd=tmp_path)
    assert result.returncode == 2
    assert "--group-by only means something with --learn-templates" in result.stderr
    assert not (tmp_path / "out").exists()
