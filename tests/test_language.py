"""Language guess and stop-word lists (newsclean.language)."""

from __future__ import annotations

import time

import pytest

from newsclean.language import detect_language, known_languages, stopwords, word_tokens

PARAGRAPHS = {
    "en": "The government said on Tuesday that it would not change the plan, although several "
    "members of the committee have asked for more time to study the report.",
    "de": "Die Regierung hat am Dienstag erklärt, dass sie an dem Plan festhalten werde, obwohl "
    "mehrere Mitglieder des Ausschusses mehr Zeit für die Prüfung des Berichts verlangt haben.",
    "fr": "Le gouvernement a déclaré mardi qu'il ne modifierait pas son projet, bien que plusieurs "
    "membres de la commission aient demandé plus de temps pour étudier le rapport.",
    "es": "El gobierno dijo el martes que no cambiará el plan, aunque varios miembros de la "
    "comisión han pedido más tiempo para estudiar el informe.",
    "it": "Il governo ha detto martedì che non cambierà il piano, anche se diversi membri della "
    "commissione hanno chiesto più tempo per studiare il rapporto.",
    "pt": "O governo disse na terça-feira que não vai mudar o plano, embora vários membros da "
    "comissão tenham pedido mais tempo para estudar o relatório.",
    "nl": "De regering heeft dinsdag gezegd dat zij het plan niet zal wijzigen, hoewel een aantal "
    "leden van de commissie om meer tijd heeft gevraagd om het rapport te bestuderen.",
    "pl": "Rząd poinformował we wtorek, że nie zmieni planu, chociaż kilku członków komisji "
    "poprosiło o więcej czasu na zapoznanie się z raportem.",
    "cs": "Vláda v úterý uvedla, že plán nezmění, přestože několik členů výboru požádalo o více "
    "času na prostudování zprávy, která byla zveřejněna minulý týden.",
    "sv": "Regeringen sade på tisdagen att den inte kommer att ändra planen, även om flera "
    "ledamöter i utskottet har bett om mer tid för att studera rapporten.",
    "da": "Regeringen sagde tirsdag, at den ikke vil ændre planen, selv om flere af udvalgets "
    "medlemmer har bedt om mere tid til at læse rapporten, som blev offentliggjort i sidste uge.",
    "fi": "Hallitus sanoi tiistaina, että se ei muuta suunnitelmaa, vaikka useat valiokunnan "
    "jäsenet ovat pyytäneet lisää aikaa raportin tutkimiseen, joka julkaistiin viime viikolla.",
    "hu": "A kormány kedden azt közölte, hogy nem változtat a tervén, bár a bizottság több tagja "
    "is több időt kért a jelentés tanulmányozására, amelyet a múlt héten hoztak nyilvánosságra.",
    "tr": "Hükümet salı günü yaptığı açıklamada planı değiştirmeyeceğini söyledi, ancak komisyonun "
    "birçok üyesi raporu incelemek için daha fazla zaman istedi ve bu konuda bir karar verilmedi.",
    "ro": "Guvernul a declarat marți că nu va modifica planul, deși mai mulți membri ai comisiei "
    "au cerut mai mult timp pentru a studia raportul care a fost publicat săptămâna trecută.",
    "id": "Pemerintah mengatakan pada hari Selasa bahwa mereka tidak akan mengubah rencana itu, "
    "meskipun beberapa anggota komisi telah meminta lebih banyak waktu untuk mempelajari laporan.",
    "vi": "Chính phủ cho biết vào thứ Ba rằng họ sẽ không thay đổi kế hoạch, mặc dù một số thành "
    "viên của ủy ban đã yêu cầu thêm thời gian để nghiên cứu báo cáo.",
    "ru": "Правительство заявило во вторник, что не будет менять план, хотя несколько членов "
    "комиссии попросили больше времени для изучения доклада, который был опубликован на прошлой неделе.",
    "uk": "Уряд заявив у вівторок, що не змінюватиме план, хоча кілька членів комісії попросили "
    "більше часу для вивчення доповіді, яка була оприлюднена минулого тижня.",
    "bg": "Правителството заяви във вторник, че няма да промени плана, въпреки че няколко членове "
    "на комисията са поискали повече време, за да проучат доклада, който беше публикуван.",
    "el": "Η κυβέρνηση δήλωσε την Τρίτη ότι δεν θα αλλάξει το σχέδιο, αν και αρκετά μέλη της "
    "επιτροπής ζήτησαν περισσότερο χρόνο για να μελετήσουν την έκθεση.",
    "ar": "قالت الحكومة يوم الثلاثاء إنها لن تغير الخطة، على الرغم من أن عددا من أعضاء اللجنة "
    "طلبوا مزيدا من الوقت لدراسة التقرير الذي نشر في الأسبوع الماضي.",
    "fa": "دولت روز سه‌شنبه اعلام کرد که این طرح را تغییر نخواهد داد، هر چند چند تن از اعضای "
    "کمیسیون برای بررسی گزارش که هفته گذشته منتشر شد وقت بیشتری خواسته‌اند.",
    "he": "הממשלה הודיעה ביום שלישי כי לא תשנה את התוכנית, אף על פי שכמה מחברי הוועדה ביקשו "
    "זמן נוסף כדי ללמוד את הדוח.",
    "hi": "सरकार ने मंगलवार को कहा कि वह योजना में कोई बदलाव नहीं करेगी, हालांकि समिति के कई "
    "सदस्यों ने रिपोर्ट का अध्ययन करने के लिए और समय मांगा है।",
    "zh": "政府星期二表示不会改变这项计划，尽管委员会的几名成员要求有更多时间研究这份报告。",
    "ja": "政府は火曜日、計画を変更しないと発表したが、"
    "委員会の複数の委員は報告書を検討する時間を求めている。",
    "ko": "정부는 화요일 계획을 변경하지 않겠다고 밝혔지만 "
    "위원회의 여러 위원들은 보고서를 검토할 시간을 더 달라고 요구했다.",
    "th": "รัฐบาลกล่าวเมื่อวันอังคารว่าจะไม่เปลี่ยนแปลงแผนดังกล่าว แม้ว่าสมาชิกคณะกรรมการหลายคนจะขอเวลาเพิ่มเติม",
}


@pytest.mark.parametrize(("lang", "text"), sorted(PARAGRAPHS.items()))
def test_paragraph_language(lang: str, text: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "12345 67.89 2024-01-01", "!!! ??? ...", "Hello", "OK", "東京", "a b c", "---|---"],
)
def test_too_little_evidence(text: str) -> None:
    assert detect_language(text) is None


def test_close_pairs() -> None:
    assert detect_language("Vláda v úterý uvedla, že plán nezmění, přestože o tom řekla ministrům.") == "cs"
    assert detect_language("Vláda v utorok uviedla, že plán nezmení, hoci o tom povedala ministrom.") == "sk"
    assert detect_language(PARAGRAPHS["da"]) == "da"
    assert (
        detect_language(
            "Regjeringen sa tirsdag at den ikke vil endre planen, selv om flere av komiteens "
            "medlemmer har bedt om mer tid til å lese rapporten, som ble offentliggjort i forrige uke."
        )
        == "no"
    )


def test_mixed_script_majority_wins() -> None:
    russian_with_english = PARAGRAPHS["ru"] + " Read more: Reuters, BBC"
    assert detect_language(russian_with_english) == "ru"
    english_with_cjk = PARAGRAPHS["en"] + " (東京)"
    assert detect_language(english_with_cjk) == "en"
    japanese_with_latin = "Apple は新しい iPhone を発表した。" + PARAGRAPHS["ja"]
    assert detect_language(japanese_with_latin) == "ja"


def test_transliteration_does_not_outvote_script() -> None:
    lyrics = "\n".join(
        [
            "我还有话想对你说",
            "Wo hai you hua xiang dui ni shuo",
            "舍不得说 来不及说",
            "She bu de shuo lai bu ji shuo",
        ]
        * 5
    )
    assert detect_language(lyrics) == "zh"


def test_english_navigation_above_german_text() -> None:
    nav = "Home\nNews\nSport\nWeather\nContact us\nPrivacy policy\n" * 3
    assert detect_language(nav + PARAGRAPHS["de"] * 3) == "de"


def test_only_the_first_max_chars_are_read() -> None:
    text = PARAGRAPHS["fr"] + " " + PARAGRAPHS["en"] * 20
    assert detect_language(text, max_chars=len(PARAGRAPHS["fr"])) == "fr"
    assert detect_language(text) == "en"


def test_large_input_is_fast() -> None:
    text = (PARAGRAPHS["de"] + "\n\n") * (1_000_000 // len(PARAGRAPHS["de"]))
    assert len(text) >= 990_000
    detect_language(text)  # load the lists
    start = time.perf_counter()
    for _ in range(10):
        assert detect_language(text) == "de"
    assert (time.perf_counter() - start) / 10 < 0.05


def test_stopwords() -> None:
    assert "the" in stopwords("en")
    assert "und" in stopwords("de")
    assert stopwords("en-US") == stopwords("en")
    assert stopwords("nb") == stopwords("no")
    assert isinstance(stopwords("en"), frozenset)
    assert all(word == word.lower() for word in stopwords("de"))
    assert 150 <= len(stopwords("fr")) <= 300


def test_unknown_language_has_no_stopwords() -> None:
    assert stopwords("xx") == frozenset()
    assert stopwords("") == frozenset()
    assert stopwords("zh") == frozenset()


def test_every_listed_language_loads() -> None:
    langs = known_languages()
    assert {"en", "de", "fr", "es", "ru", "ar", "fa", "hi"} <= langs
    for lang in langs:
        words = stopwords(lang)
        assert words, lang
        # lookups use word_tokens, so every entry must be one token of itself
        assert all(word_tokens(word) == [word] for word in words), lang


def test_word_tokens() -> None:
    assert word_tokens("The cat's hat, 2024!") == ["the", "cat", "s", "hat", "2024"]
    assert word_tokens("") == []
    # combining vowel signs stay inside the word
    assert word_tokens("हिंदी भाषा") == ["हिंदी", "भाषा"]
    assert word_tokens("ÜBER Straße") == ["über", "straße"]
