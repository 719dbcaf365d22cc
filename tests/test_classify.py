"""Small synthetic checks of the line classifier (shipped model, text path)."""

from __future__ import annotations

from newsclean.classify import classify
from newsclean.model import Label
from newsclean.options import Options
from newsclean.segment_text import segment_text

PARAS = [
    "The city council voted on Tuesday to expand the bus network after a year of public hearings.",
    "Officials said the new routes would connect the northern districts with the hospital and the university.",
    "Residents who spoke at the hearings had complained that the existing lines were slow and often crowded.",
    "The plan will be paid for by a regional grant and a small increase in the parking fees downtown.",
    "Construction of the new stops is expected to begin in the spring and to last about eight months.",
]
MENU = "Home\nNews\nSport\nWeather\nContact us"
RELATED = "Related news\nMayor opens new library\nBridge closed for repairs\nFestival draws record crowds"


def labels(text: str) -> dict[str, Label]:
    blocks = segment_text(text)
    classify(blocks, "en", Options())
    return {b.text: b.label for b in blocks}


def test_menu_out_prose_in() -> None:
    got = labels(MENU + "\n\n" + "\n\n".join(PARAS) + "\n\n" + RELATED)
    for line in MENU.splitlines() + RELATED.splitlines():
        assert got[line] is Label.BOILERPLATE, line
    for para in PARAS:
        assert got[para] is Label.BODY, para


def test_teaser_between_paragraphs_is_out() -> None:
    text = "\n\n".join([*PARAS[:2], "Watch also: Bus drivers strike in the capital", *PARAS[2:]])
    got = labels(text)
    assert got["Watch also: Bus drivers strike in the capital"] is Label.BOILERPLATE
    assert all(got[p] is Label.BODY for p in PARAS)


def test_every_block_explained() -> None:
    blocks = segment_text(MENU + "\n\n" + "\n\n".join(PARAS))
    classify(blocks, "en", Options())
    assert all(b.reasons and "line model p=" in b.reasons[-1] for b in blocks)
