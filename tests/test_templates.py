"""Site templates, library side: fingerprints, site grouping, the learner (map-reduce,
decay, bounds) and the gate that keeps unrelated pages on their single-page records.

The CLI side (--learn-templates, --state, templates show) is in test_templates_cli.py; a
page extracted with its site's template is a golden fixture (fixtures/template-site-promo-line).
"""

from __future__ import annotations

import dataclasses
from hashlib import blake2b
from pathlib import Path

import pytest

import newsclean
from newsclean.pipeline import fingerprint
from newsclean.templates import TemplateLearner, TemplateOptions, line_keys, site_key, url_host
from newsclean.templates.fingerprint import PagePrint, key_hash, masked_key, page_print

SITE = Path(__file__).parent / "fixtures" / "template-site-promo-line"
SITE_PAGES = [SITE / "input.txt", *sorted((SITE / "site").iterdir())]


def keys_equal(a: str, b: str) -> tuple[bool, bool]:
    """(exact keys equal, masked keys equal) of two lines."""
    ka, kb = line_keys([a]), line_keys([b])
    return ka.exact == kb.exact, ka.masked == kb.masked


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Updated 3 hours ago", "Updated 15 hours ago"),
        ("Comments (12)", "Comments (3)"),
        ("Published 24 March 2016, 15:54", "Published 3 April 2017, 09:02"),
        ("Veröffentlicht am 24. März 2016", "Veröffentlicht am 2. Mai 2016"),
    ],
)
def test_digits_and_date_words_are_masked(a: str, b: str) -> None:
    assert keys_equal(a, b) == (False, True)


def test_case_and_spaces_do_not_matter_but_words_do() -> None:
    assert keys_equal("Share  this  ARTICLE", "share this article") == (True, True)
    assert keys_equal("Share this article", "Share this page") == (False, False)
    # month names are masked only next to digits: a line about May stays itself
    assert masked_key("may the best team win") == "may the best team win"


def test_hashes_are_stable_blake2b_not_salted() -> None:
    expected = int.from_bytes(blake2b(b"home", digest_size=8).digest(), "little")
    assert key_hash("home") == expected
    assert line_keys(["Home"]).exact == (expected,)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.example.com/news/1", "example.com"),
        ("http://EXAMPLE.com:8080/a", "example.com"),
        ("https://web.archive.org/web/20170203173512/http://www.latimes.com/politics/x.html", "latimes.com"),
        ("https://web.archive.org/web/20051230052639id_/arstechnica.com/", "arstechnica.com"),
        ("https://money.cnn.com/2017/03/28/x.html", "money.cnn.com"),
        ("not a url", None),
        ("", None),
        (None, None),
    ],
)
def test_url_host(url: str | None, host: str | None) -> None:
    assert url_host(url) == host


def test_site_key_by_host_then_folder(tmp_path: Path) -> None:
    page = str(tmp_path / "a" / "p.txt")
    folder = "folder:" + str(tmp_path / "a")
    assert site_key(url="https://www.example.com/x", path=page) == "host:example.com"
    assert site_key(url=None, path=page) == folder
    assert site_key(url="https://www.example.com/x", path=page, group_by="folder") == folder
    assert site_key(url=None, path=page, group_by="host") is None
    assert site_key(url="https://example.com/", path=page, group_by="none") is None
    assert site_key(url=None, path="-") is None
    with pytest.raises(ValueError, match="group_by"):
        site_key(url=None, path=page, group_by="domain")


def test_html_page_is_grouped_by_its_declared_canonical_url() -> None:
    html = b'<html><head><link rel="canonical" href="https://www.example.org/story/1"></head><body><p>Hi</p></body></html>'
    assert fingerprint(html, path="/tmp/x/page.html").site == "host:example.org"


def _prints(site: str, pages: list[list[str]]) -> list[PagePrint]:
    return [page_print(site, lines) for lines in pages]


MENU = ["Home", "World", "Sport", "Share this article"]


def _site_pages(n: int) -> list[list[str]]:
    return [[*MENU, f"Story number {k} is about something else entirely."] for k in range(n)]


def test_profile_counts_pages_per_line_and_waits_for_min_pages() -> None:
    learner = TemplateLearner()
    learner.add_all(_prints("s", _site_pages(3)))
    assert learner.profile("s") is None  # 3 pages: below min_pages (4)
    learner.add_all(_prints("s", _site_pages(1)))
    profile = learner.profile("s")
    assert profile is not None and profile.pages == 4
    counts = profile.counts(line_keys(["Home", "Story number 0 is about something else entirely.", "Unseen"]))
    # masked, the story lines of all four pages are one line ("story number # is ..."); as
    # printed, "Story number 0" is on two of them (page 0 of each batch)
    assert [c[:2] for c in counts] == [(4.0, 4.0), (4.0, 2.0), (0.0, 0.0)]
    assert ("Home", 4.0) in profile.repeated_lines()
    assert learner.sites() == {"s": 4.0}


def test_pages_without_a_site_are_not_counted() -> None:
    learner = TemplateLearner()
    learner.add(page_print(None, MENU))
    assert learner.sites() == {}


def test_merge_is_the_same_as_adding_in_one_learner() -> None:
    prints = _prints("a", _site_pages(6)) + _prints("b", _site_pages(5))
    whole = TemplateLearner().add_all(prints)
    left = TemplateLearner().add_all(prints[:4])
    right = TemplateLearner().add_all(prints[4:])
    assert left.merge(right).to_dict() == whole.to_dict()


def test_round_trip_through_dict() -> None:
    learner = TemplateLearner().add_all(_prints("a", _site_pages(5)))
    again = TemplateLearner.from_dict(learner.to_dict())
    assert again.to_dict() == learner.to_dict()
    with pytest.raises(ValueError, match="format"):
        TemplateLearner.from_dict({"format": 99, "sites": {}})


def test_counts_halve_after_two_windows_so_a_redesign_is_learned() -> None:
    learner = TemplateLearner(TemplateOptions(window=10))
    learner.add_all(_prints("s", [["Old menu line"]] * 19))
    profile = learner.profile("s")
    assert profile is not None and profile.pages == 19
    learner.add_all(_prints("s", [["New menu line"]] * 21))
    old, new = profile.counts(line_keys(["Old menu line", "New menu line"]))
    assert profile.pages < 20  # halved at 20 pages, again at 20 more
    assert new[0] > old[0]  # the new template outweighs the old one


def test_keys_are_bounded_per_site_dropping_single_page_lines_first() -> None:
    learner = TemplateLearner(TemplateOptions(max_keys=50))
    def letters(k: int) -> str:  # digits would be masked: distinct lines need distinct words
        return chr(97 + k // 26) + chr(97 + k % 26)

    pages = [["Home", *(f"unique line {letters(k)}" for k in range(30 * p, 30 * p + 30))] for p in range(5)]
    learner.add_all(_prints("s", pages))
    profile = learner.profile("s")
    assert profile is not None
    assert 0 < len(profile.masked) <= 50  # 151 distinct lines were seen
    assert profile.counts(line_keys(["Home"]))[0][0] == 5.0  # the repeated line survives


def _extract(path: Path, template: object = None) -> dict[str, object]:
    record: dict[str, object] = newsclean.extract(path.read_bytes(), path=str(path), template=template).to_dict()
    return record


def test_evidence_only_profile_gives_the_same_records() -> None:
    learner = TemplateLearner()
    for page in SITE_PAGES:
        learner.add(dataclasses.replace(fingerprint(page.read_bytes(), path=str(page)), site="s"))
    profile = learner.profile("s")
    assert profile is not None
    assert _extract(SITE_PAGES[0], profile.evidence_only()) == _extract(SITE_PAGES[0], profile)


def test_a_group_of_unrelated_pages_keeps_single_page_records(tmp_path: Path) -> None:
    """Five pages of five sites in one folder share no template lines: the gate
    (Options.template_gate_lines) leaves each page's record as it is without a template."""
    seeds = sorted((Path(__file__).parents[1] / "seeds").glob("*.txt"))
    learner = TemplateLearner()
    for seed in seeds:
        learner.add(fingerprint(seed.read_bytes(), path=str(tmp_path / seed.name)))
    profile = learner.profile("folder:" + str(tmp_path))
    assert profile is not None and profile.pages == len(seeds) >= 4
    for seed in seeds:
        assert _extract(seed, profile) == _extract(seed)


def test_all_sites_together_stay_under_the_total_key_limit() -> None:
    """Many sites of unique lines: the learner drops single-page keys across sites once the
    total passes max_total_keys, and keeps the lines that repeat."""
    options = TemplateOptions(max_total_keys=300)
    learner = TemplateLearner(options)
    for site in range(20):
        pages = [["Home", *(f"line {chr(97 + p)} of site {chr(97 + site)} {chr(97 + k)}" for k in range(10))]
                 for p in range(5)]
        learner.merge(TemplateLearner(options).add_all(_prints(f"s{site}", pages)))
    total = sum(p.size for p in (learner.profile(f"s{site}") for site in range(20)) if p is not None)
    assert total <= 300
    profile = learner.profile("s0")
    assert profile is not None and profile.counts(line_keys(["Home"]))[0][0] == 5.0
