"""Offline word knowledge for the error detectors.

* :mod:`.places`: countries, territories, regions and demonyms (``place_of``).
* :mod:`.wordlists`: pronouns, roles, reporting verbs, attribution, hedges, negation, antonyms.
* :mod:`.numbers`: number words and numerals (``parse_number``).
* :mod:`.synonyms`: WordNet 3.0 lemmas and synonym relations (reads ``models/synonyms/``).

Everything is read from JSON shipped in this package or in ``models/``; nothing is downloaded.
"""

from rewrite_detect.lexicon.numbers import number_value, parse_number
from rewrite_detect.lexicon.places import (
    PlaceRef,
    multiword_place_names,
    place_description,
    place_of,
)
from rewrite_detect.lexicon.synonyms import (
    SynonymsNotBuiltError,
    are_synonyms,
    lemmas,
    synonym_relation,
    wordnet_antonyms,
)
from rewrite_detect.lexicon.wordlists import (
    PronounFeatures,
    are_antonyms,
    attribution_kind,
    attribution_markers,
    hedge_of,
    hedge_phrases,
    is_negation,
    multiword_role_names,
    pronoun_difference,
    pronoun_features,
    reporting_verb,
    role_is_ambiguous,
    role_of,
    role_relation,
)

__all__ = [
    "PlaceRef",
    "PronounFeatures",
    "SynonymsNotBuiltError",
    "are_antonyms",
    "are_synonyms",
    "attribution_kind",
    "attribution_markers",
    "hedge_of",
    "hedge_phrases",
    "is_negation",
    "lemmas",
    "multiword_place_names",
    "multiword_role_names",
    "number_value",
    "parse_number",
    "place_description",
    "place_of",
    "pronoun_difference",
    "pronoun_features",
    "reporting_verb",
    "role_is_ambiguous",
    "role_of",
    "role_relation",
    "synonym_relation",
    "wordnet_antonyms",
]
