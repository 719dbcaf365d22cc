"""Regenerate ``src/newsclean/data/months.tsv`` and ``months_weekdays.tsv`` from CLDR (via Babel),
and ``dateline_places.txt`` (country names from CLDR, cities from the IANA zone names and CLDR
exemplar cities, plus the hand list below of cities that datelines often name but no zone does).

Dev-time only: ``pip install babel && python scripts/build_months.py``. The runtime never
imports Babel; it reads the committed files through ``newsclean.resources``.

Each name is written as CLDR prints it (e.g. "févr.") and, when different, without the dot
and without accents ("fevr"), because dumps often lose both. A folded form that would mean
two different months (or weekdays) in two languages is dropped and reported: the runtime
looks names up without knowing the language.
"""

from __future__ import annotations

import sys
import unicodedata
import zoneinfo
from pathlib import Path

from babel import Locale
from babel.dates import get_day_names, get_month_names

LANGS = ["en", "de", "fr", "es", "it", "pt", "ru", "uk", "nl", "pl", "cs", "sv", "da", "nb", "fi", "ro", "tr"]
WIDTHS = ["wide", "abbreviated"]
CONTEXTS = ["format", "stand-alone"]
# Spellings seen in news dumps that CLDR does not list.
EXTRA_MONTHS = {"en": {9: ["Sept", "Sept."]}, "de": {3: ["Maerz"]}}
EXTRA_DAYS = {
    "en": {2: ["Tues", "Tue."], 3: ["Weds"], 4: ["Thur", "Thurs"]},
    # Brazilian pages print the weekday without "-feira" ("Quarta, 04 de Maio").
    "pt": {1: ["segunda"], 2: ["terça"], 3: ["quarta"], 4: ["quinta"], 5: ["sexta"]},
}
# Czech abbreviations that are everyday English words; Czech dates print the full genitive anyway.
EXCLUDE = {"pro", "led", "dub"}

# Cities often named in datelines that are not IANA zone cities.
EXTRA_PLACES = """
Washington|New Delhi|Mumbai|Bangalore|Bengaluru|Chennai|Hyderabad|Islamabad|Lahore|Peshawar|Beijing
Guangzhou|Shenzhen|Wuhan|Tel Aviv|Ramallah|Aleppo|Homs|Idlib|Mosul|Basra|Erbil|Raqqa|Benghazi
Misrata|Sanaa|Aden|Mecca|Jeddah|Geneva|Strasbourg|The Hague|Rotterdam|Munich|Frankfurt|Hamburg
Cologne|Düsseldorf|Stuttgart|Leipzig|Dresden|Bonn|Milan|Naples|Turin|Florence|Venice|Barcelona
Seville|Valencia|Marseille|Lyon|Nice|Toulouse|Bordeaux|Manchester|Birmingham|Liverpool|Glasgow
Edinburgh|Cardiff|Belfast|Cork|Porto|Krakow|Kraków|Gdansk|Gdańsk|Saint Petersburg|St. Petersburg
Sochi|Kazan|Donetsk|Luhansk|Kharkiv|Odessa|Odesa|Lviv|Mariupol|Sevastopol|Crimea|Davos|Zurich|Basel
Bern|Salzburg|Graz|Antwerp|Ghent|San Francisco|Los Angeles|San Diego|Seattle|Portland|Boston
Philadelphia|Atlanta|Miami|Dallas|Houston|Austin|Las Vegas|Washington, D.C.|Baltimore|Pittsburgh
Cleveland|Cincinnati|Minneapolis|St. Louis|New Orleans|Nashville|Memphis|Orlando|Tampa|Sacramento
Oakland|San Jose|Silicon Valley|Cupertino|Mountain View|Redmond|Brooklyn|Ottawa|Montreal|Quebec
Calgary|Ottawa|Rio de Janeiro|Brasilia|Brasília|Medellín|Cali|Quito|Lima|Caracas|Havana|Kabul
Kandahar|Herat|Tehran|Baghdad|Damascus|Beirut|Amman|Cairo|Alexandria|Tunis|Algiers|Rabat|Casablanca
Nairobi|Mogadishu|Addis Ababa|Khartoum|Juba|Kampala|Kigali|Dar es Salaam|Lagos|Abuja|Accra|Dakar
Johannesburg|Cape Town|Pretoria|Durban|Harare|Lusaka|Kinshasa|Canberra|Melbourne|Sydney|Brisbane
Perth|Auckland|Wellington|Manila|Jakarta|Kuala Lumpur|Singapore|Bangkok|Hanoi|Ho Chi Minh City
Phnom Penh|Yangon|Naypyitaw|Dhaka|Kathmandu|Colombo|Seoul|Pyongyang|Tokyo|Osaka|Kyoto|Hiroshima
Taipei|Hong Kong|Macau|Ulaanbaatar|Astana|Almaty|Tashkent|Bishkek|Dushanbe|Ashgabat|Baku|Tbilisi
Yerevan|Ankara|Istanbul|Izmir|Athens|Thessaloniki|Nicosia|Valletta|Moscow|Kyiv|Kiev|Minsk|Vilnius
Riga|Tallinn|Helsinki|Stockholm|Oslo|Copenhagen|Reykjavik|Dublin|London|Paris|Berlin|Vienna|Prague
Bratislava|Budapest|Warsaw|Bucharest|Sofia|Belgrade|Zagreb|Sarajevo|Skopje|Tirana|Podgorica
Ljubljana|Chisinau|Madrid|Lisbon|Rome|Brussels|Amsterdam|Luxembourg|Monaco|Vatican City|Gaza
Jerusalem|West Bank
"""

DATA = Path(__file__).resolve().parent.parent / "src" / "newsclean" / "data"


def strip_accents(s: str) -> str:
    decomposed = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def variants(name: str) -> list[str]:
    out = [name]
    if name.rstrip(".") != name:
        out.append(name.rstrip("."))
    # Accent-free spellings only for longer names: "úno" -> "uno" would read Spanish "one".
    for v in list(out):
        bare = strip_accents(v)
        if len(bare.rstrip(".")) >= 4 and bare not in out:
            out.append(bare)
    return out


def key(name: str) -> str:
    return name.rstrip(".").casefold()


def build(kind: str, names_for: dict[str, dict[int, list[str]]]) -> list[tuple[str, int, str]]:
    rows: list[tuple[str, int, str]] = []
    meaning: dict[str, int] = {}
    clash: set[str] = set()
    for lang in LANGS:
        for num, names in sorted(names_for[lang].items()):
            for name in names:
                for v in variants(name):
                    k = key(v)
                    if len(k) < 2 or k.isdigit() or k in EXCLUDE:
                        continue
                    if meaning.setdefault(k, num) != num:
                        clash.add(k)
                    rows.append((lang, num, v))
    if clash:
        print(f"{kind}: dropped ambiguous {sorted(clash)}", file=sys.stderr)
    seen: set[tuple[str, int, str]] = set()
    out = []
    for row in rows:
        if key(row[2]) not in clash and row not in seen:
            seen.add(row)
            out.append(row)
    return out


def collect_months() -> dict[str, dict[int, list[str]]]:
    res: dict[str, dict[int, list[str]]] = {}
    for lang in LANGS:
        per: dict[int, list[str]] = {m: [] for m in range(1, 13)}
        for w in WIDTHS:
            for c in CONTEXTS:
                for m, name in get_month_names(w, c, lang).items():
                    per[m].append(str(name))
        for m, extra in EXTRA_MONTHS.get(lang, {}).items():
            per[m].extend(extra)
        res[lang] = per
    return res


def collect_days() -> dict[str, dict[int, list[str]]]:
    res: dict[str, dict[int, list[str]]] = {}
    for lang in LANGS:
        per: dict[int, list[str]] = {d: [] for d in range(1, 8)}
        for w in WIDTHS:
            for c in CONTEXTS:
                for d, name in get_day_names(w, c, lang).items():  # Babel: 0 = Monday
                    per[d + 1].append(str(name))
        for d, extra in EXTRA_DAYS.get(lang, {}).items():
            per[d].extend(extra)
        res[lang] = per
    return res


def write(path: Path, header: str, rows: list[tuple[str, int, str]]) -> None:
    lines = [f"# {header}", "# Generated by scripts/build_months.py from CLDR (Babel); do not edit by hand."]
    lines += [f"{lang}\t{num}\t{name}" for lang, num, name in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} rows to {path}", file=sys.stderr)


def collect_places() -> list[str]:
    names = {n.strip() for n in EXTRA_PLACES.replace("\n", "|").split("|") if n.strip()}
    for zone in zoneinfo.available_timezones():
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/")):
            names.add(zone.rsplit("/", 1)[1].replace("_", " "))
    for lang in LANGS:
        loc = Locale.parse(lang)
        for code, name in loc.territories.items():
            if code.isalpha() and len(code) == 2 and code not in ("ZZ", "EU", "EZ", "UN", "QO"):
                names.add(str(name))
        for info in loc.time_zones.values():
            if info.get("city"):
                names.add(str(info["city"]))
    return sorted(n for n in names if 2 < len(n) <= 40 and not any(c.isdigit() for c in n))


def main() -> None:
    months = build("months", collect_months())
    write(DATA / "months.tsv", "language\tmonth (1-12)\tname or abbreviation", months)
    write(
        DATA / "months_weekdays.tsv",
        "language\tweekday (1 = Monday)\tname or abbreviation",
        build("weekdays", collect_days()),
    )
    places = collect_places()
    header = '# Place names for dateline checks ("Moscow:"), one a line, matched case-insensitively.\n'
    header += "# Generated by scripts/build_months.py from CLDR (Babel), IANA zone names and a hand list.\n"
    (DATA / "dateline_places.txt").write_text(header + "\n".join(places) + "\n", encoding="utf-8")
    print(f"wrote {len(places)} places", file=sys.stderr)


if __name__ == "__main__":
    main()
