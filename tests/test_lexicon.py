"""Facts the error detectors rely on, checked on real words."""

from __future__ import annotations

import gzip
import json

import pytest

from rewrite_detect.lexicon import (
    PlaceRef,
    are_antonyms,
    are_synonyms,
    attribution_kind,
    attribution_markers,
    hedge_of,
    is_negation,
    lemmas,
    multiword_place_names,
    multiword_role_names,
    number_value,
    parse_number,
    place_description,
    place_of,
    pronoun_difference,
    pronoun_features,
    reporting_verb,
    role_is_ambiguous,
    role_of,
    role_relation,
    synonym_relation,
)
from rewrite_detect.lexicon import synonyms as synonyms_module
from rewrite_detect.lexicon._data import load_json

# --- places ---------------------------------------------------------------------------------


def country(phrase: str) -> str | None:
    ref = place_of(phrase)
    return None if ref is None else ref.country


@pytest.mark.parametrize(
    ("phrase", "expected", "form"),
    [
        ("Niger", "Niger", "country"),
        ("Nigerien", "Niger", "demonym"),
        ("Nigeriens", "Niger", "demonym"),
        ("Niger's", "Niger", "country"),
        ("Nigeria", "Nigeria", "country"),
        ("Nigerian", "Nigeria", "demonym"),
        ("Nigerians", "Nigeria", "demonym"),
        ("Mali", "Mali", "country"),
        ("Malian", "Mali", "demonym"),
        ("Malians", "Mali", "demonym"),
        ("France", "France", "country"),
        ("French", "France", "demonym"),
        ("Russia", "Russia", "country"),
        ("Russian", "Russia", "demonym"),
        ("American", "United States", "demonym"),
        ("Americans", "United States", "demonym"),
        ("Austria", "Austria", "country"),
        ("Australia", "Australia", "country"),
        ("Iran", "Iran", "country"),
        ("Iraq", "Iraq", "country"),
        ("Burkina Faso", "Burkina Faso", "country"),
        ("Burkina", "Burkina Faso", "country"),
        ("Burkinabe", "Burkina Faso", "demonym"),
        ("South Africa", "South Africa", "country"),
        ("South Africans", "South Africa", "demonym"),
        ("Frenchmen", "France", "demonym"),
    ],
)
def test_place_of(phrase: str, expected: str, form: str) -> None:
    ref = place_of(phrase)
    assert ref is not None
    assert (ref.country, ref.form) == (expected, form)


@pytest.mark.parametrize(
    "phrase",
    ["U.S.", "US", "USA", "United States", "the United States", "America", "u.s.", "U.S.'s"],
)
def test_united_states_names(phrase: str) -> None:
    assert country(phrase) == "United States"


@pytest.mark.parametrize("phrase", ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"])
def test_united_kingdom_names(phrase: str) -> None:
    assert country(phrase) == "United Kingdom"


@pytest.mark.parametrize(
    "phrase", ["Ivory Coast", "Côte d'Ivoire", "Côte d’Ivoire", "cote d'ivoire"]
)
def test_ivory_coast_names(phrase: str) -> None:
    assert country(phrase) == "Ivory Coast"


def test_similar_names_are_different_countries() -> None:
    assert country("Niger") != country("Nigeria")
    assert country("Nigerien") != country("Nigerian")
    assert country("Austria") != country("Australia")
    assert country("Austrian") != country("Australian")
    assert country("Iran") != country("Iraq")
    assert country("Iranian") != country("Iraqi")
    assert place_of("Niger") != place_of("Nigeria")


def test_refs_compare_by_place_and_form() -> None:
    assert place_of("Nigerians") == place_of("Nigerian")
    assert place_of("Niger") != place_of("Nigerien")  # same country, different form
    assert place_of("Niger") == PlaceRef("Niger", "country")


def test_case_insensitive_but_pronoun_us_is_not_a_country() -> None:
    assert country("MALI") == country("mali") == "Mali"
    assert place_of("us") is None
    assert place_of("Us") is None


def test_non_places() -> None:
    for word in ["dog", "", "the", "Nigers", "Malis", "official"]:
        assert place_of(word) is None, word


@pytest.mark.parametrize("word", ["Chad", "Turkey", "Georgia", "Jordan", "Guinea", "Polish"])
def test_ambiguous_words_are_flagged(word: str) -> None:
    ref = place_of(word)
    assert ref is not None and ref.ambiguous


@pytest.mark.parametrize("word", ["Niger", "Nigeria", "Mali", "France", "Burkina Faso"])
def test_unambiguous_words_are_not_flagged(word: str) -> None:
    ref = place_of(word)
    assert ref is not None and not ref.ambiguous


def test_regions_and_false_friends() -> None:
    assert place_of("Latin American") == PlaceRef("Latin America", "demonym", "region")
    assert country("New Mexico") == "New Mexico"
    assert country("Niger Delta") == "Niger Delta"  # in Nigeria, not Niger
    assert place_description(place_of("Niger Delta")) == "the Niger Delta (a region of Nigeria)"  # type: ignore[arg-type]
    assert place_of("Sahel") is not None and place_of("Sahel").kind == "region"  # type: ignore[union-attr]
    assert place_of("Guam").kind == "territory"  # type: ignore[union-attr]


def test_multiword_place_names_longest_first() -> None:
    names = multiword_place_names()
    assert "Burkina Faso" in names and "South Africa" in names and "South Africans" in names
    assert "Mali" not in names
    lengths = [len(n) for n in names]
    assert lengths == sorted(lengths, reverse=True)
    assert names.index("Papua New Guinea") < names.index("New Guinea")


def test_place_descriptions() -> None:
    niger, nigerian = place_of("Niger"), place_of("Nigerians")
    assert niger is not None and nigerian is not None
    assert place_description(niger) == "Niger (a country)"
    assert place_description(nigerian) == "Nigerian (of Nigeria, a country)"
    assert (
        place_description(nigerian, different=True) == "Nigerian (of Nigeria, a different country)"
    )
    assert place_description(place_of("US")) == "the United States (a country)"  # type: ignore[arg-type]


def test_every_country_with_a_demonym_resolves_both_ways() -> None:
    places = load_json("places.json")["places"]
    demonyms = [(p["name"], d) for p in places for d in p["demonyms"]]
    assert len(demonyms) >= 226
    for name, demonym in demonyms:
        assert country(demonym) == name, demonym
        assert country(name) == name


# --- pronouns, roles, reporting, hedges, polarity, numbers -----------------------------------


def test_pronouns() -> None:
    he, him, she, they = (pronoun_features(w) for w in ("he", "him", "she", "they"))
    assert he is not None and him is not None and she is not None and they is not None
    assert he[:3] == him[:3] == (3, "singular", "masculine")
    assert she.gender == "feminine" and they.number == "plural"
    assert pronoun_features("We") == (1, "plural", "any", "subject")
    assert pronoun_features("itself") == (3, "singular", "neuter", "reflexive")
    assert pronoun_features("the") is None
    assert pronoun_difference("he", "she") == ("gender",)
    assert pronoun_difference("his", "their") == ("number", "gender")
    assert pronoun_difference("he", "himself") == ()


def test_role_groups() -> None:
    assert role_of("official") == role_of("officials")
    assert role_of("official") != role_of("officer")
    assert role_of("spokesman") == role_of("spokeswoman") == role_of("spokespeople")
    assert role_of("campaigners") == role_of("activists")
    assert role_of("head") == role_of("leader") == role_of("chief")
    assert role_of("minister") != role_of("president")
    assert role_of("mayor") != role_of("governor")
    assert role_of("lieutenant") != role_of("general")
    assert role_of("witnesses") == "witness"
    assert role_of("prime ministers") == role_of("premier")
    assert role_of("chiefs of staff") == "chief_of_staff"
    assert role_of("banana") is None
    assert len(load_json("roles.json")["groups"]) >= 150


def test_role_relations() -> None:
    assert role_relation("campaigner", "activist") == "same"
    assert role_relation("foreign minister", "minister") == "broader"
    assert role_relation("minister", "foreign minister") == "narrower"
    assert role_relation("official", "officer") == "different"
    assert role_relation("lieutenant", "general") == "different"
    assert role_relation("official", "banana") is None
    assert role_is_ambiguous("general") and not role_is_ambiguous("lieutenant")
    assert "prime ministers" in multiword_role_names()


@pytest.mark.parametrize(
    "word",
    [
        "said",
        "says",
        "saying",
        "told",
        "stated",
        "added",
        "reported",
        "announced",
        "noted",
        "explained",
    ],
)
def test_neutral_reporting_verbs(word: str) -> None:
    assert reporting_verb(word) == "neutral"


@pytest.mark.parametrize(
    "word",
    [
        "claimed",
        "alleged",
        "insisted",
        "admitted",
        "conceded",
        "confessed",
        "asserted",
        "boasted",
        "claims",
        "insisting",
    ],
)
def test_loaded_reporting_verbs(word: str) -> None:
    assert reporting_verb(word) == "loaded"


def test_attribution_markers() -> None:
    markers = attribution_markers()
    for phrase in ("according to", "reportedly", "allegedly", "sources say"):
        assert phrase in markers
    assert attribution_kind("According to") == "neutral"
    assert attribution_kind("allegedly") == "distancing"
    assert reporting_verb("walked") is None


@pytest.mark.parametrize(
    ("phrase", "cls"),
    [
        ("nearly", "below"),
        ("almost", "below"),
        ("about", "approx"),
        ("around", "approx"),
        ("some", "approx"),
        ("roughly", "approx"),
        ("approximately", "approx"),
        ("more than", "above"),
        ("over", "above"),
        ("at least", "above"),
        ("up to", "max"),
        ("exactly", "exact"),
        ("fewer than", "under"),
        ("banana", None),
    ],
)
def test_hedges(phrase: str, cls: str | None) -> None:
    assert hedge_of(phrase) == cls


def test_negations() -> None:
    for word in [
        "not",
        "no",
        "never",
        "n't",
        "no longer",
        "none",
        "neither",
        "nor",
        "without",
        "didn't",
        "won’t",
    ]:
        assert is_negation(word), word
    for word in ["now", "know", "note", "nothingness"]:
        assert not is_negation(word), word


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("rose", "fell"),
        ("increase", "decreased"),
        ("won", "lost"),
        ("accept", "rejected"),
        ("approve", "oppose"),
        ("allowed", "banned"),
        ("men", "women"),
        ("north", "south"),
        ("soared", "plummeted"),
        ("higher", "lower"),
        ("lifted", "imposed"),
    ],
)
def test_antonyms(a: str, b: str) -> None:
    assert are_antonyms(a, b) and are_antonyms(b, a)


def test_not_antonyms() -> None:
    for a, b in [
        ("rose", "rise"),
        ("fell", "fall"),
        ("rose", "increased"),
        ("said", "claimed"),
        ("heavy", "fierce"),
    ]:
        assert not are_antonyms(a, b), (a, b)
    assert are_antonyms("able", "unable") and not are_antonyms("able", "unable", wordnet=False)
    assert len(load_json("polarity.json")["antonyms"]) >= 100


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("one", 1),
        ("ten", 10),
        ("forty-two", 42),
        ("ninety nine", 99),
        ("hundred", 100),
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("dozen", 12),
        ("a dozen", 12),
        ("half", 0.5),
        ("hundreds", None),
        ("dog", None),
    ],
)
def test_number_value(word: str, value: float | None) -> None:
    assert number_value(word) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("60,000", 60_000),
        ("1.5bn", 1.5e9),
        ("$10.9bn", 10.9e9),
        ("2,000", 2_000),
        ("ten", 10),
        ("forty-two", 42),
        ("3 million", 3e6),
        ("25,500", 25_500),
        ("£5m", 5e6),
        ("10%", 10),
        ("half a million", 5e5),
        ("two hundred thousand", 2e5),
        ("100m", None),
        ("1,00", None),
        ("1990s", None),
        ("", None),
        ("1 000", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == (None if value is None else pytest.approx(value))


# --- synonyms (WordNet) ---------------------------------------------------------------------


def test_lemmas() -> None:
    assert lemmas("fled") == {"flee"}
    assert lemmas("citizens") == {"citizen"}
    assert lemmas("terrified") == {"terrified", "terrify"}
    assert lemmas("xyzzy") == frozenset()


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("rocks", "stones", "synonym"),
        ("terrified", "fearful", "similar"),
        ("gruesome", "horrifying", "similar"),
        ("flee", "escape", "hypernym"),
        ("swamped", "uprooted", "none"),
        ("Niger", "Nigeria", "none"),
        ("early", "late", "none"),
    ],
)
def test_synonym_relation(a: str, b: str, relation: str) -> None:
    assert synonym_relation(a, b) == relation


def test_are_synonyms() -> None:
    assert are_synonyms("rocks", "stones")
    assert are_synonyms("strategic", "important")
    assert not are_synonyms("swamped", "uprooted")
    assert not are_synonyms("official", "officer")
    assert not are_synonyms("Niger", "Nigeria")


def test_missing_synonyms_table_names_path_and_command(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REWRITE_DETECT_MODELS", str(tmp_path))
    synonyms_module.clear_caches()
    try:
        with pytest.raises(synonyms_module.SynonymsNotBuiltError) as info:
            lemmas("fled")
        assert str(tmp_path) in str(info.value)
        assert "build_synonyms.py" in str(info.value)
    finally:
        monkeypatch.undo()
        synonyms_module.clear_caches()


def test_synonyms_artifact_is_json_with_meta() -> None:
    folder = synonyms_module.models_dir() / "synonyms"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["wordnet_version"] == "3.0"
    assert (folder / "LICENSE").read_text(encoding="utf-8").startswith("WordNet Release 3.0")
    artifact = folder / "synonyms.json.gz"
    assert artifact.stat().st_size < 2_000_000
    with gzip.open(artifact, "rt", encoding="utf-8") as handle:
        assert json.load(handle)["format"] == synonyms_module.FORMAT_VERSION
