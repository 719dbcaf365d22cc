"""newsclean.meta.captions: photo credits in captions, credit-only lines, caption keys."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.meta.captions import (
    _MARK_CHARS,
    _PARTS,
    caption_key,
    caption_key_from,
    caption_key_head,
    is_credit_only,
    split_credit,
)

LAVROV = "Russian Foreign Minister Sergei Lavrov (R) shakes hands with U.S. Secretary of State John Kerry"
GREET = (
    "Russian Foreign Minister Sergey Lavrov and U.S. Secretary of State John Kerry greet each other prior "
    "their talks in Moscow."
)

# text, caption, credit
SPLITS = [
    (GREET + " (Photo: AP)", GREET, "AP"),
    (
        "John Kerry speaks to reporters in Washington, March 17, 2016 (AP Photo)",
        "John Kerry speaks to reporters in Washington, March 17, 2016",
        "AP Photo",
    ),
    (
        "© REUTERS / Maxim Zmeyev" + LAVROV + " in Moscow, March 24, 2016",
        LAVROV + " in Moscow, March 24, 2016",
        "REUTERS / Maxim Zmeyev",
    ),
    (
        LAVROV + " in Moscow, March 24, 2016 - Sputnik International",
        LAVROV + " in Moscow, March 24, 2016",
        "Sputnik International",
    ),
    (
        "President Obama waves in Washington. REUTERS/Kevin Lamarque",
        "President Obama waves in Washington.",
        "REUTERS/Kevin Lamarque",
    ),
    ("The scene in Aleppo. Photo: Jane Doe/Getty Images", "The scene in Aleppo.", "Jane Doe/Getty Images"),
    (
        "The scene in Aleppo. Photograph: Jane Doe/AFP/Getty Images",
        "The scene in Aleppo.",
        "Jane Doe/AFP/Getty Images",
    ),
    ("A rally in Kiev (Photo by Jane Doe/Getty Images)", "A rally in Kiev", "Jane Doe/Getty Images"),
    ("Fans in Prague. | Foto: Reuters", "Fans in Prague.", "Reuters"),
    ("A protest in Harare on Thursday Credit: STR/AFP", "A protest in Harare on Thursday", "STR/AFP"),
    (
        "Image copyright Getty Images Image caption The scene in Aleppo after the strike",
        "The scene in Aleppo after the strike",
        "Getty Images",
    ),
    (
        "A protest in Seoul. Credit Jane Doe/Agence France-Presse — Getty Images",
        "A protest in Seoul.",
        "Jane Doe/Agence France-Presse — Getty Images",
    ),
    (
        "© McClatchy / Jane McDonaldA fire truck outside the station",
        "A fire truck outside the station",
        "McClatchy / Jane McDonald",
    ),
    ("Photo: Jane Doe/Getty Images", "", "Jane Doe/Getty Images"),
    ("Foto: dpa", "", "dpa"),
    ("Bild: Keystone", "", "Keystone"),
    ("Crédit photo : Jean Dupont", "", "Jean Dupont"),
    ("Image copyright Getty Images", "", "Getty Images"),
    ("Credit: Jane Doe for The New York Times", "", "Jane Doe for The New York Times"),
    ("REUTERS/Kevin Lamarque", "", "REUTERS/Kevin Lamarque"),
    ("(Reuters)", "", "Reuters"),
    ("© Reuters", "", "Reuters"),
    # labels: German compounds, French and Portuguese forms, a licence mark, "Courtesy of"
    ("Bildquelle: dpa", "", "dpa"),
    ("Bildrechte: imago images / Jane Doe", "", "imago images / Jane Doe"),
    ("Titelbild: Jane Doe on Unsplash", "", "Jane Doe on Unsplash"),
    ("Crédits photos : Jean Dupont", "", "Jean Dupont"),
    ("(crédito: Maria Silva/Agência)", "", "Maria Silva/Agência"),
    ("Photo (cc) : jdoe", "", "jdoe"),
    ("Courtesy of Example Museum", "", "Example Museum"),
    ("Boats in the harbour. | Bildquelle: dpa", "Boats in the harbour.", "dpa"),
    ("Die Messe öffnet am Montag. (Symbolbild: Jane Doe/Stock)", "Die Messe öffnet am Montag.", "Jane Doe/Stock"),
    ("Ein Weg am Fluss - Foto von Jane Doe", "Ein Weg am Fluss", "Jane Doe"),
    # a "©" or a label after the label, a "©" after the caption, spaced or glued
    ("© Foto: Jane Doe/dpa", "", "Jane Doe/dpa"),
    ("(Foto: © Jane Doe/Stock.com)", "", "Jane Doe/Stock.com"),
    ("Rubriklistenbild: © KCNA/dpa", "", "KCNA/dpa"),
    ("Der Minister im Landtag. © Jane Doe/dpa", "Der Minister im Landtag.", "Jane Doe/dpa"),
    ("Der Minister im Landtag© Jane Doe /AFP", "Der Minister im Landtag", "Jane Doe /AFP"),
    ("Menschen vor der Bühne Bild © Jane Doe/hr", "Menschen vor der Bühne", "Jane Doe/hr"),
    ("(© Jane Doe/Agency)", "", "Jane Doe/Agency"),
    # a credit glued after the caption's full stop
    ("Senator Jane Doe.Photo: Getty Images", "Senator Jane Doe.", "Getty Images"),
    ("Fighters walk along a street in Raqqa.Reuters", "Fighters walk along a street in Raqqa.", "Reuters"),
    (
        "Protesters gather in Seoul on Thursday.Jane Doe / AFP - Getty Images",
        "Protesters gather in Seoul on Thursday.",
        "Jane Doe / AFP - Getty Images",
    ),
    # the credit's final full stop and the caption's trailing separator are dropped
    ("Walter Molano. Foto: Jane Doe / Archivo El País.", "Walter Molano.", "Jane Doe / Archivo El País"),
    ("Playa Los Piamonteses, Colonia. · Foto: Jane Doe", "Playa Los Piamonteses, Colonia.", "Jane Doe"),
    # labels without their colon, where the place marks them
    ("Cosme Damián fue detenido. FOTO Jane Doe.", "Cosme Damián fue detenido.", "Jane Doe"),
    ("Un Népalais prie à Katmandou. (Photo Jane Doe. AFP)", "Un Népalais prie à Katmandou.", "Jane Doe. AFP"),
    ("Сборная Украины, фото УАФ", "Сборная Украины", "УАФ"),
    ("Динамо — Бенфика, фото ФК Динамо Киев", "Динамо — Бенфика", "ФК Динамо Киев"),
    ("Виктор Коваленко на презентации, example.com", "Виктор Коваленко на презентации", "example.com"),
    # bare credits: a name and a source, an organisation with particles in a parenthesis, a
    # photographer's name after a full sentence, a name with slashes after a dash, "/ AFP"
    ("Эрлинг Холанд, Getty Images", "Эрлинг Холанд", "Getty Images"),
    (
        "Una prueba en el Mar de Okhotsk (Ministerio de Defensa de Rusia vía AP)",
        "Una prueba en el Mar de Okhotsk",
        "Ministerio de Defensa de Rusia vía AP",
    ),
    (
        "Dos investigadores caminan por la bahía en el extremo norte de la península. Camila Doe",
        "Dos investigadores caminan por la bahía en el extremo norte de la península.",
        "Camila Doe",
    ),
    (
        "Lula recebe a taça dos representantes do clube - Jane Doe/Instituto Lula",
        "Lula recebe a taça dos representantes do clube",
        "Jane Doe/Instituto Lula",
    ),
    ("Presidente de EEUU, Joe Biden / AFP", "Presidente de EEUU, Joe Biden", "AFP"),
    ("(Getty Images via @example)", "", "Getty Images via @example"),
    ("Jane Doe Getty Images", "Jane Doe", "Getty Images"),
    ("«Vape Wave» et «Braguino» DR", "«Vape Wave» et «Braguino»", "DR"),
    # a label glued to the credit, the caption glued after the credit
    ("CreditJane Doe/EPA via Shutterstock", "", "Jane Doe/EPA via Shutterstock"),
    (
        "Photo: Jane Doe Archives Le Devoir Les entreprises de trottinettes ont enregistré 365 000 trajets en été.",
        "Les entreprises de trottinettes ont enregistré 365 000 trajets en été.",
        "Jane Doe Archives Le Devoir",
    ),
]


@pytest.mark.parametrize(("text", "caption", "credit"), SPLITS)
def test_split_credit(text: str, caption: str, credit: str) -> None:
    assert split_credit(text) == (caption, credit)


NO_CREDIT = [
    "The U.S. and Russia have been at odds over Syria since the conflict began more than five years ago.",
    "Members of self-defense battalions take part in a rally in Kiev, Ukraine, Feb. 20, 2016.",
    "Credit card debt rose sharply in the second quarter, the central bank said.",
    "Kerry said: We must act now, and he meant it.",
    "Watch also Kerry warns Syrian FM comments",
    "The match ended 2-1 - Manchester United",
    "Copyright Notice",
    "Facebook",
    "Twitter",
    "",
    # "Image caption" is a label, not a credit
    # (split_credit("Image caption X") gives (X, None): tested below)
    # not credits: a capitalised sentence end, title case, file names, a wire named in a sentence
    "The department, however, insisted that it was working to monitor the truce. The State",
    "Veteran Wraps Baby in American Flag, Photo Sparks Controversy",
    "PHOTO GALLERY",
    "By The Associated Press",
    "Rice said in an interview with The Associated Press.",
    "Source files: blanket.js, mocha-blanket.js",
    "Durch die Nutzung stimmst du der Verwendung von Cookies zu. Weitere Informationen Akzeptieren",
    "Home / News - Kraftfahrzeugtechnik / Lehrberufe KFT",
    "Gallery: Coronavirus outbreak around the world (Photo Services)",
    "Neu im Sortiment (gilt auch für das Wake News © Feiertags-Angebot):",
]


def test_caption_label_is_not_a_credit() -> None:
    assert split_credit("Image caption Mayor Jane Doe said the statue was popular") == (
        "Mayor Jane Doe said the statue was popular",
        None,
    )
    assert split_credit("Image caption The scene in Aleppo. Photo: Jane Doe/AFP") == (
        "The scene in Aleppo.",
        "Jane Doe/AFP",
    )


@pytest.mark.parametrize("text", NO_CREDIT)
def test_no_credit(text: str) -> None:
    assert split_credit(text) == (text.strip(), None)


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("© Reuters", True),
        ("Getty Images", True),
        ("GETTY IMAGES", True),
        ("Photo: AP", True),
        ("AP Photo/Evan Vucci", True),
        ("Image copyright Reuters", True),
        ("(Reuters)", True),
        ("Jane Doe/AFP/Getty Images", True),
        ("Photo by Jane Doe", True),
        ("AP", True),
        (GREET + " (Photo: AP)", False),
        (GREET, False),
        ("Photo: " + GREET, False),
        ("Credit card debt rose", False),
        ("Facebook", False),
        ("", False),
    ],
)
def test_is_credit_only(text: str, only: bool) -> None:
    assert is_credit_only(text) is only


def test_caption_key_matches_both_printings() -> None:
    first = GREET + " (Photo: AP)"
    second = "\u00a0" + GREET + " (Photo: AP)"
    assert caption_key(first) == caption_key(second)
    glued = "© REUTERS / Maxim Zmeyev" + LAVROV + ", March 24, 2016"
    dashed = LAVROV + ", March 24, 2016 - Sputnik International"
    assert caption_key(glued) == caption_key(dashed)
    assert caption_key("Kerry  arrives in  Moscow.") == caption_key("KERRY ARRIVES IN MOSCOW")
    assert caption_key("He said “yes”…") == caption_key('he said "yes"')
    assert caption_key(GREET) != caption_key(LAVROV)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 100_000,
        "©" + "a" * 100_000,
        "Photo: " + "A " * 50_000,
        "x - " * 25_000 + "News",
        "a. " * 30_000,
        "(" * 50_000 + ")" * 50_000,
        "Photo:" * 15_000,
    ],
    ids=lambda s: repr(s[:10]),
)
def test_long_inputs_are_fast(text: str) -> None:
    start = time.perf_counter()
    split_credit(text)
    is_credit_only(text)
    caption_key(text)
    assert time.perf_counter() - start < 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("©()PhotoAPReuters/GetyImags :.-|aZ\u00a0")), max_size=80))
def test_random_text_never_fails(text: str) -> None:
    caption, credit = split_credit(text)
    assert credit is None or credit.strip()
    assert isinstance(caption_key(text), str)
    assert is_credit_only(text) == (credit is not None and not caption)


CAPTION_PIECES = [
    GREET, LAVROV, "(Photo: AP)", "REUTERS/Kevin Lamarque", "- Sputnik International", "Photo: Jane Doe",
    "© AFP", "Image copyright Reuters Image caption", "Getty Images", "Kerry said:", "in Moscow.", "“yes”",
    "\u00a0", "  ", "\x1c", ":", "(", ")", "—", ". ", "via", "Photograph: Jane Doe/AFP/Getty Images",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CAPTION_PIECES), min_size=1, max_size=8).map(" ".join))
def test_caption_key_head_is_the_head_of_the_key(text: str) -> None:
    key = caption_key(text)
    assert caption_key_from(text, split_credit(text)[0]) == key
    head = caption_key_head(text)
    assert head is None or head == key[:8]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" -/|;,viíaforpeü–—()©:x\t")), max_size=16), st.integers(0, 16))
def test_rewritten_patterns_match_the_originals(text: str, start: int) -> None:
    parts = re.compile(r"[/|;,]|\s(?:[-–—]|via|vía|for|für|pour|para|per)(?=\s)")
    marks = re.compile(r"[()/:|©–—]| - ")
    assert _PARTS.split(text) == parts.split(text)
    marked = _MARK_CHARS(text, start) is not None or text.find(" - ", start) >= 0
    assert marked == (marks.search(text, start) is not None)
