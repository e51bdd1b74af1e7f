#!/usr/bin/env python3
"""Regenerate ``rewrite_detect/lexicon/places.json`` (countries, demonyms, regions).

Source: the ``countryinfo`` package (MIT; a build-time dependency only, ``pip install
countryinfo``), corrected and extended by the curated tables below: news-style names and
abbreviations, missing or misspelled demonyms, a few places it lacks (Kosovo, England, Northern
Ireland), world regions ("Africa", "Sahel", "Latin America") and multi-word places that contain a
country's name without being that country ("New Mexico", "Indian Ocean").

Run: ``python scripts/build_lexicon.py`` (writes the JSON; ``--check`` only compares).

Ambiguity: forms that are also ordinary English words, personal names or other places ("Chad",
"Turkey", "Georgia", "Jordan", "Guinea", "Polish", "Indian", "Congolese") are listed in
``AMBIGUOUS`` and marked in the JSON, so that ``place_of`` returns them with
``ambiguous=True`` and callers can ask for corroboration (capitalisation, context) first.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "rewrite_detect" / "lexicon" / "places.json"

# countryinfo entries left out: historical, duplicated under another name, or not a place.
SKIP = {
    "Antilles néerlandaises",
    "Serbia and Montenegro",
    "Palestine, State of",
    "Burma",  # same entry as Myanmar
    "Holy See (Vatican City State)",  # same as Vatican City State
}
RENAME = {
    "Republic of Macedonia": "North Macedonia",
    "Swaziland": "Eswatini",
    "The Bahamas": "Bahamas",
    "The Gambia": "Gambia",
    "Federated States of Micronesia": "Micronesia",
    "Vatican City State": "Vatican City",
    "Virgin Islands, British": "British Virgin Islands",
    "Virgin Islands, U.S.": "U.S. Virgin Islands",
    "Saint Martin (French part)": "Saint Martin",
    "Sint Maarten (Dutch part)": "Sint Maarten",
    "Cocos (Keeling) Islands": "Cocos Islands",
    "South Georgia": "South Georgia and the South Sandwich Islands",
}
# Dependent territories and other non-sovereign places, by ISO 3166 alpha-2 code.
# fmt: off
TERRITORY_CODES = {
    "AS", "AI", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CK", "CW", "CX", "EH", "FK", "FO",
    "GF", "GG", "GI", "GL", "GP", "GS", "GU", "HK", "HM", "IM", "IO", "JE", "KY", "MF", "MO",
    "MP", "MQ", "MS", "NC", "NF", "NU", "PF", "PM", "PN", "PR", "RE", "SH", "SJ", "SX", "TC",
    "TF", "TK", "UM", "VG", "VI", "WF", "YT",
}
# fmt: on
REGION_NAMES = {"Antarctica"}

# Extra names per canonical name (the canonical name itself is always included).
ALIASES: dict[str, list[str]] = {
    "United States": ["United States of America", "America", "U.S.A."],
    "United Kingdom": ["Britain", "Great Britain"],
    "Ivory Coast": ["Côte d'Ivoire", "Republic of Côte d'Ivoire"],
    "Burkina Faso": ["Burkina"],
    "Democratic Republic of the Congo": [
        "Congo",
        "DR Congo",
        "Democratic Republic of Congo",
        "Congo-Kinshasa",
        "Zaire",
    ],
    "Republic of the Congo": ["Republic of Congo", "Congo-Brazzaville", "Congo Republic"],
    "Czech Republic": ["Czechia"],
    "North Macedonia": ["Macedonia", "Republic of North Macedonia"],
    "Eswatini": ["Swaziland"],
    "Myanmar": ["Burma"],
    "Vatican City": ["Vatican", "Holy See"],
    "Netherlands": ["Holland"],
    "Turkey": ["Türkiye"],
    "East Timor": ["Timor-Leste"],
    "Cape Verde": ["Cabo Verde"],
    "China": ["mainland China"],
    "Laos": ["Lao PDR"],
    "Vietnam": ["Viet Nam"],
    "Bosnia and Herzegovina": ["Bosnia", "Bosnia-Herzegovina"],
    "Trinidad and Tobago": ["Trinidad"],
    "Antigua and Barbuda": ["Antigua"],
    "Saint Kitts and Nevis": ["St Kitts and Nevis", "St Kitts"],
    "Saint Vincent and the Grenadines": ["St Vincent and the Grenadines", "St Vincent"],
    "Saint Lucia": ["St Lucia"],
    "São Tomé and Príncipe": ["Sao Tome and Principe", "Sao Tome"],
    "Falkland Islands": ["Falklands", "Islas Malvinas", "Malvinas"],
    "Macau": ["Macao"],
    "Brunei": ["Brunei Darussalam"],
    "Micronesia": ["Federated States of Micronesia"],
    "Palestine": ["Palestinian territories", "State of Palestine"],
    "Gambia": ["The Gambia"],
    "Bahamas": ["The Bahamas"],
    "South Korea": ["Republic of Korea"],
    "North Korea": ["Democratic People's Republic of Korea"],
    "Taiwan": ["Republic of China"],
    "Guinea-Bissau": ["Guinea Bissau"],
}
# Upper-case abbreviations: matched only when written in capitals or with dots ("us" is a pronoun).
ABBREVIATIONS: dict[str, list[str]] = {
    "United States": ["US", "USA"],
    "United Kingdom": ["UK"],
    "United Arab Emirates": ["UAE"],
    "Democratic Republic of the Congo": ["DRC"],
    "North Korea": ["DPRK"],
    "China": ["PRC"],
}
# Demonyms and nationality words countryinfo lacks (added to its own).
DEMONYMS: dict[str, list[str]] = {
    "United Kingdom": ["Briton", "Brit"],
    "United States": ["American"],
    "Argentina": ["Argentine", "Argentinian"],
    "Azerbaijan": ["Azeri"],
    "Bosnia and Herzegovina": ["Bosnian"],
    "Botswana": ["Batswana", "Botswanan"],
    "Burkina Faso": ["Burkinabè"],
    "Cape Verde": ["Cape Verdean"],
    "Comoros": ["Comorian"],
    "Denmark": ["Dane"],
    "Djibouti": ["Djiboutian"],
    "Ecuador": ["Ecuadorian"],
    "El Salvador": ["Salvadorean"],
    "Finland": ["Finn"],
    "France": ["Frenchman", "Frenchwoman"],
    "Gibraltar": ["Gibraltarian"],
    "Guinea-Bissau": ["Bissau-Guinean"],
    "Iceland": ["Icelandic"],
    "Ireland": ["Irishman", "Irishwoman"],
    "Kazakhstan": ["Kazakh"],
    "Kyrgyzstan": ["Kyrgyz", "Kyrgyzstani"],
    "Laos": ["Lao"],
    "Lesotho": ["Basotho"],
    "Luxembourg": ["Luxembourgish"],
    "Madagascar": ["Madagascan"],
    "Maldives": ["Maldivian"],
    "Monaco": ["Monacan"],
    "Nepal": ["Nepali"],
    "Netherlands": ["Netherlander", "Dutchman", "Dutchwoman"],
    "Philippines": ["Philippine", "Filipina"],
    "Poland": ["Pole"],
    "Saudi Arabia": ["Saudi"],
    "Slovenia": ["Slovenian"],
    "Spain": ["Spaniard"],
    "Suriname": ["Surinamese"],
    "Sweden": ["Swede"],
    "Tajikistan": ["Tajik", "Tajikistani"],
    "East Timor": ["Timorese"],
    "São Tomé and Príncipe": ["Santomean"],
    "Trinidad and Tobago": ["Tobagonian"],
    "Turkey": ["Turk"],
    "Uzbekistan": ["Uzbek"],
    "Barbados": ["Bajan"],
    "Scotland": ["Scot", "Scotsman", "Scotswoman"],
    "Wales": ["Welshman", "Welshwoman"],
    "Wallis and Futuna": ["Wallisian", "Futunan"],
}
# countryinfo demonyms dropped: shared with the sovereign country, or not a demonym.
DROP_DEMONYMS: dict[str, set[str]] = {
    "British Indian Ocean Territory": {"Indian"},
    "Hong Kong": {"Chinese"},
    "Macau": {"Chinese"},
    "French Southern and Antarctic Lands": {"French"},
    "Martinique": {"French"},
    "Mayotte": {"French"},
    "Réunion": {"French"},
    "Saint Pierre and Miquelon": {"French"},
    "Northern Mariana Islands": {"American"},
    "Svalbard and Jan Mayen": {"Norwegian"},
    "Guernsey": {"Channel Islander"},
    "Jersey": {"Channel Islander"},
    "Dominica": {"Dominican"},  # kept for the far more often meant Dominican Republic
    "Republic of the Congo": {"Congolese"},  # kept, marked ambiguous, for the DRC
    "Djibouti": {"Djibouti"},
    "Gibraltar": {"Gibraltar"},
    "Christmas Island": {"Christmas Island"},
    # "X and Y Islander" splits into nonsense ("Heard", "Wallis"): drop those wholesale.
    "South Georgia and the South Sandwich Islands": {
        "South Georgia",
        "the South Sandwich Islander",
    },
    "Heard Island and McDonald Islands": {"Heard", "McDonald Islander"},
    "Wallis and Futuna": {"Wallis", "Futuna Islander"},
}


@dataclass
class Place:
    """One place as written to the JSON."""

    name: str
    kind: str  # country | territory | region
    noun: str  # the word used in plain-English descriptions: "country", "US state" ...
    names: list[str] = field(default_factory=list)  # other names; the canonical one is added
    demonyms: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    iso2: str = ""

    def to_json(self) -> dict[str, Any]:
        """The JSON object, with every form deduplicated and ambiguous forms marked."""
        names = unique_by_key([self.name, *self.names])
        demonyms = unique_by_key(self.demonyms)
        return {
            "name": self.name,
            "kind": self.kind,
            "noun": self.noun,
            "iso2": self.iso2,
            "definite": bool(DEFINITE.search(self.name)),
            "names": names,
            "abbreviations": self.abbreviations,
            "demonyms": demonyms,
            "ambiguous": [f for f in [*names, *demonyms] if f in AMBIGUOUS],
        }


EXTRA_PLACES = [  # Place(name, kind, noun, other names, demonyms)
    Place("Kosovo", "country", "country", [], ["Kosovar", "Kosovan"]),
    Place("England", "country", "country", [], ["English", "Englishman", "Englishwoman"]),
    Place("Northern Ireland", "country", "country", [], ["Northern Irish"]),
    Place("Africa", "region", "continent", [], ["African"]),
    Place("Europe", "region", "continent", [], ["European"]),
    Place("Asia", "region", "continent", [], ["Asian"]),
    Place("Americas", "region", "region", [], []),
    Place("North America", "region", "continent", [], ["North American"]),
    Place("South America", "region", "continent", [], ["South American"]),
    Place("Latin America", "region", "region", [], ["Latin American"]),
    Place("Central America", "region", "region", [], ["Central American"]),
    Place("Caribbean", "region", "region", [], []),
    Place("Middle East", "region", "region", [], ["Middle Eastern"]),
    Place("Sahel", "region", "region", [], ["Sahelian"]),
    Place("West Africa", "region", "region", [], ["West African"]),
    Place("East Africa", "region", "region", [], ["East African"]),
    Place("North Africa", "region", "region", [], ["North African"]),
    Place("Sub-Saharan Africa", "region", "region", [], []),
    Place("Horn of Africa", "region", "region", [], []),
    Place("Maghreb", "region", "region", [], []),
    Place("Southeast Asia", "region", "region", ["South-East Asia"], ["Southeast Asian"]),
    Place("South Asia", "region", "region", [], ["South Asian"]),
    Place("Central Asia", "region", "region", [], ["Central Asian"]),
    Place("East Asia", "region", "region", [], ["East Asian"]),
    Place("Balkans", "region", "region", [], ["Balkan"]),
    Place("Scandinavia", "region", "region", [], ["Scandinavian"]),
    # Multi-word places containing a country's name ("Niger Delta" is in Nigeria), listed so
    # that a longest-first matcher does not read them as the country.
    Place("New Mexico", "region", "US state", [], ["New Mexican"]),
    Place("New Jersey", "region", "US state", [], []),
    Place("New South Wales", "region", "Australian state", [], []),
    Place("New Guinea", "region", "island", [], []),
    Place("Indian Ocean", "region", "ocean", [], []),
    Place("Niger Delta", "region", "region of Nigeria", [], []),
    Place("Niger River", "region", "river", ["River Niger"], []),
    Place("Congo River", "region", "river", ["River Congo"], []),
    Place("Congo Basin", "region", "region", [], []),
    Place("Jordan River", "region", "river", ["River Jordan"], []),
    Place("Gulf of Guinea", "region", "sea", [], []),
    Place("Gulf of Mexico", "region", "sea", [], []),
    Place("South China Sea", "region", "sea", [], []),
    Place("East China Sea", "region", "sea", [], []),
    Place("Irish Sea", "region", "sea", [], []),
    Place("Mexico City", "region", "city", [], []),
    Place("Panama City", "region", "city", [], []),
    Place("Kuwait City", "region", "city", [], []),
    Place("Guatemala City", "region", "city", [], []),
]

# Forms that are often not this place: common words, personal names, other places.
AMBIGUOUS = {
    "Chad",  # personal name
    "Jordan",  # personal name, river
    "Georgia",  # US state
    "Georgian",  # US state; architecture
    "Turkey",  # bird
    "Guinea",  # coin, guinea pig
    "China",  # porcelain
    "Jersey",  # garment; New Jersey
    "Guernsey",  # cow, garment
    "Chile",  # chilli
    "Polish",  # verb
    "Pole",  # a pole
    "Indian",  # Native American; Indian Ocean
    "Dominican",  # Dominica; the religious order
    "Congo",  # two countries, a river
    "Congolese",  # two countries
    "Macedonia",  # Greek region
    "Macedonian",  # Greek region
    "English",  # the language
    "Finn",  # personal name
    "Swede",  # vegetable
    "Caribbean",  # the sea
    "America",  # the continent(s)
    "Lao",
}
ENGLISH_DESIGNATORS = {
    "republic",
    "kingdom",
    "state",
    "states",
    "federation",
    "commonwealth",
    "union",
    "principality",
    "duchy",
    "islands",
    "island",
    "territory",
    "sultanate",
    "emirates",
    "confederation",
    "bailiwick",
}
INVARIANT_ENDINGS = ("ese", "sh", "ch", "ss", "ern", "I-Kiribati", "Ni-Vanuatu")
DEFINITE = re.compile(
    r"^(United |Republic |Democratic |Central African|Czech|Dominican Republic|Gulf of )|"
    r"(Islands|Netherlands|Philippines|Bahamas|Gambia|Maldives|Seychelles|Comoros|Sahel|"
    r"Middle East|Caribbean|Balkans|Americas|Horn of Africa|Maghreb|Emirates|"
    r"Ocean|Sea|River|Delta|Basin)$"
)


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes and hyphens: the runtime lookup key."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("-", " ").replace(".", "")
    return " ".join(text.split())


def is_latin(text: str) -> bool:
    """Only Latin letters (accents allowed), spaces, hyphens and apostrophes."""
    return all(ch in " -'" or (ch.isalpha() and "LATIN" in unicodedata.name(ch, "")) for ch in text)


def useful_alt_spelling(alt: str) -> bool:
    """countryinfo's alternative spellings mix ISO codes, native names and official English
    names; keep only the English official forms ("Republic of Niger")."""
    alt = alt.strip()
    words = alt.replace("-", " ").split()
    return (
        len(words) >= 2
        and is_latin(alt)
        and not alt.lower().startswith("the ")
        and any(w.lower() in ENGLISH_DESIGNATORS for w in words)
    )


def split_demonyms(raw: str | None) -> list[str]:
    """countryinfo writes several demonyms as "Antiguan,Barbudan" or "Kittian and Nevisian"."""
    if not raw:
        return []
    parts = re.split(r",|/| and ", raw)
    return [p.strip() for p in parts if p.strip()]


def plural(demonym: str) -> str:
    """The plural of a demonym, as the runtime forms it ("Malians", "Frenchmen", "Swiss")."""
    if demonym.endswith("man"):
        return demonym[:-3] + "men"
    return demonym if demonym.endswith(INVARIANT_ENDINGS) else demonym + "s"


def load_countryinfo() -> list[dict[str, Any]]:
    """Every countryinfo entry as a plain dict."""
    from countryinfo import CountryInfo

    return [dict(v) for _, v in sorted(CountryInfo.all().items())]


def from_countryinfo(info: dict[str, Any]) -> Place:
    """One countryinfo entry, renamed and corrected by the curated tables."""
    name = RENAME.get(info["name"], info["name"])
    code = str((info.get("ISO") or {}).get("alpha2", ""))
    kind = "territory" if code in TERRITORY_CODES else "country"
    if name in REGION_NAMES:
        kind = "region"
    alts = [a.strip() for a in info.get("altSpellings") or [] if useful_alt_spelling(a)]
    dropped = DROP_DEMONYMS.get(name, set())
    demonyms = [d for d in split_demonyms(info.get("demonym")) if d not in dropped]
    return Place(
        name=name,
        kind=kind,
        noun="continent" if kind == "region" else kind,
        names=alts + ALIASES.get(name, []),
        demonyms=demonyms + DEMONYMS.get(name, []),
        abbreviations=ABBREVIATIONS.get(name, []),
        iso2=code,
    )


def build_places() -> list[dict[str, Any]]:
    """Merge countryinfo with the curated tables into the JSON's ``places`` list."""
    places = [from_countryinfo(i) for i in load_countryinfo() if i["name"] not in SKIP]
    places += EXTRA_PLACES
    return [p.to_json() for p in sorted(places, key=lambda p: p.name)]


def unique_by_key(forms: list[str]) -> list[str]:
    """Drop forms whose lookup key repeats an earlier one, keeping the first spelling."""
    seen: set[str] = set()
    kept = []
    for form in forms:
        if fold(form) not in seen:
            seen.add(fold(form))
            kept.append(form)
    return kept


def check_collisions(places: list[dict[str, Any]]) -> None:
    """Every lookup key (names, demonyms and demonym plurals) must name one place only."""
    owner: dict[str, str] = {}
    problems = []
    for place in places:
        forms = [*place["names"], *place["demonyms"], *map(plural, place["demonyms"])]
        for form in forms:
            key = fold(form)
            if owner.setdefault(key, place["name"]) != place["name"]:
                problems.append(f"{form!r}: {owner[key]} and {place['name']}")
    if problems:
        raise SystemExit("ambiguous lookup keys:\n  " + "\n  ".join(problems))


def render(places: list[dict[str, Any]]) -> str:
    """The JSON text, stable across runs."""
    document = {
        "_about": (
            "Countries, territories, regions and their demonyms. Generated by "
            "scripts/build_lexicon.py from countryinfo (MIT) plus curated corrections; "
            "do not edit by hand."
        ),
        "_source": f"countryinfo {version('countryinfo')}",
        "places": places,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    places = build_places()
    check_collisions(places)
    text = render(places)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run scripts/build_lexicon.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    demonyms = sum(len(p["demonyms"]) for p in places)
    print(f"wrote {args.out}: {len(places)} places, {demonyms} demonyms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
