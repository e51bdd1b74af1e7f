"""Planted rewrites with exact ground truth, for measuring per-kind recall and precision.

:func:`plant_rewrite` turns a news article into a content-farm style rewrite: it plants errors and
warnings (the finding kinds of the spec) and meaning-preserving spin around them, and records each
change with exact character spans into the source and the rewrite. Every edit is applied to a list
of pieces that remember where they came from, so offsets never drift; :func:`plant_rewrite` verifies
all spans before returning and raises :class:`SpanMismatchError` if one is off.

Run ``python -m tests.eval.plant --source bbc --per-kind 40 --seed 1 --out /tmp/planted.jsonl`` to
write a planted set for inspection (it reads the evaluation data by path; never commit the output).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rewrite_detect import records
from rewrite_detect.records import ERROR_KINDS, WARNING_KINDS

Span = tuple[int, int]


def _words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of a lexicon string."""
    return tuple(text.split())


PLANTABLE_KINDS: tuple[str, ...] = ERROR_KINDS + WARNING_KINDS
# The spin kinds the generator plants (paraphrase is not planted: it has no exact span).
SPIN_KINDS: tuple[str, ...] = tuple(k for k in records.SPIN_KINDS if k != "paraphrase")

# =========================================================================== lexicons

# Meaning-preserving substitutions common in news spinning (source -> rewrite). Lower-case keys;
# a capitalised occurrence gets a capitalised replacement. Nothing here changes a name, number,
# role, pronoun, quote, hedge, attribution or polarity.
SYNONYMS: dict[str, str] = {
    # movement, conflict, disaster
    "flee": "escape",
    "fled": "escaped",
    "fleeing": "escaping",
    "terrified": "fearful",
    "frightened": "scared",
    "civilians": "residents",
    "residents": "inhabitants",
    "heavy fighting": "fierce fighting",
    "heavy rain": "torrential rain",
    "campaigners": "activists",
    "activists": "campaigners",
    "militants": "insurgents",
    "insurgents": "militants",
    "rebels": "insurgents",
    "troops": "soldiers",
    "soldiers": "troops",
    "clashes": "confrontations",
    "attack": "assault",
    "attacks": "assaults",
    "attacked": "assaulted",
    "blast": "explosion",
    "explosion": "blast",
    "injured": "wounded",
    "wounded": "injured",
    "deaths": "fatalities",
    "destroyed": "wrecked",
    "damage": "harm",
    "threat": "danger",
    "dangerous": "hazardous",
    "arrested": "detained",
    "jailed": "imprisoned",
    "freed": "released",
    "battle": "struggle",
    "dispute": "disagreement",
    # size, degree, time
    "big": "large",
    "bigger": "larger",
    "biggest": "largest",
    "huge": "massive",
    "enormous": "huge",
    "vast": "immense",
    "tiny": "minuscule",
    "important": "significant",
    "significant": "important",
    "major": "significant",
    "vital": "crucial",
    "crucial": "vital",
    "difficult": "tough",
    "easy": "simple",
    "expensive": "costly",
    "cheap": "inexpensive",
    "fast": "quick",
    "quickly": "rapidly",
    "rapidly": "quickly",
    "recently": "lately",
    "currently": "presently",
    "previously": "formerly",
    "finally": "eventually",
    "immediately": "instantly",
    "shortly": "soon",
    "former": "previous",
    "current": "present",
    "latest": "newest",
    "mostly": "largely",
    "largely": "mostly",
    "mainly": "chiefly",
    "completely": "entirely",
    "totally": "completely",
    "clearly": "obviously",
    "probably": "likely",
    "especially": "particularly",
    "particularly": "especially",
    "often": "frequently",
    "sometimes": "occasionally",
    "usually": "typically",
    "perhaps": "maybe",
    "therefore": "thus",
    "moreover": "furthermore",
    "meanwhile": "in the meantime",
    "despite": "in spite of",
    "because of": "due to",
    "as well as": "along with",
    "in order to": "to",
    "amid": "amidst",
    "many": "numerous",
    "several": "a number of",
    # verbs
    "began": "started",
    "begin": "start",
    "begins": "starts",
    "ended": "concluded",
    "helped": "assisted",
    "helping": "assisting",
    "buy": "purchase",
    "bought": "purchased",
    "try": "attempt",
    "tried": "attempted",
    "trying": "attempting",
    "expected": "anticipated",
    "warned": "cautioned",
    "showed": "demonstrated",
    "happened": "occurred",
    "occurred": "happened",
    "caused": "triggered",
    "sparked": "triggered",
    "praised": "lauded",
    "allow": "permit",
    "allowed": "permitted",
    "allows": "permits",
    "stopped": "halted",
    "prevent": "stop",
    "build": "construct",
    "built": "constructed",
    "changed": "altered",
    "boosted": "bolstered",
    "died": "perished",
    "obtained": "acquired",
    "received": "got",
    "provide": "supply",
    "provided": "supplied",
    "require": "need",
    "requires": "needs",
    "required": "needed",
    "needed": "required",
    "reduce": "lower",
    "reduced": "lowered",
    "decided": "opted",
    "believed": "thought",
    "believes": "thinks",
    "appears": "seems",
    "using": "utilising",
    "seeking": "pursuing",
    "aims to": "seeks to",
    "wants to": "wishes to",
    "investigate": "probe",
    "unveiled": "presented",
    "revealed": "disclosed",
    "announced": "unveiled",
    "said": "stated",
    # nouns
    "company": "firm",
    "firm": "company",
    "companies": "firms",
    "firms": "companies",
    "firm's": "company's",
    "car": "vehicle",
    "cars": "vehicles",
    "problem": "issue",
    "problems": "issues",
    "area": "region",
    "areas": "regions",
    "country": "nation",
    "countries": "nations",
    "homes": "houses",
    "houses": "homes",
    "meeting": "gathering",
    "talks": "negotiations",
    "agreement": "deal",
    "rules": "regulations",
    "debate": "discussion",
    "speech": "address",
    "proposals": "plans",
    "scheme": "plan",
    "measures": "steps",
    "investigation": "probe",
    "inquiry": "probe",
    "doctors": "physicians",
    "illness": "sickness",
    "disease": "illness",
    "scientists": "researchers",
    "researchers": "scientists",
    "experts": "specialists",
    "technology": "tech",
    "gadgets": "devices",
    "devices": "gadgets",
    "internet": "web",
    "website": "site",
    "mobile phone": "cellphone",
    "mobile phones": "cellphones",
    "film": "movie",
    "films": "movies",
    "movie": "film",
    "album": "record",
    "song": "track",
    "songs": "tracks",
    "band": "group",
    "viewers": "audiences",
    "victory": "win",
    "fans": "supporters",
    "supporters": "backers",
    "critics": "detractors",
    "customers": "clients",
    "workers": "employees",
    "staff": "personnel",
    "profits": "earnings",
    "growth": "expansion",
    "merger": "tie-up",
    "takeover": "acquisition",
    "funding": "financing",
    "spending": "expenditure",
    "prices": "costs",
    "chance": "opportunity",
    "fears": "concerns",
    "worries": "concerns",
    "concerns": "worries",
    "worried": "concerned",
    "angry": "irate",
    "happy": "pleased",
    "delighted": "thrilled",
    "keen": "eager",
}

# Very common words swapped less often, so rewrites do not read "stated ... stated ...".
_SPIN_DAMPING: dict[str, float] = {"said": 0.3, "company": 0.5, "firm": 0.5}

# Look-alike countries and demonyms (the classic rewrite error).
LOOKALIKE_ENTITIES: dict[str, str] = {
    "Niger": "Nigeria",
    "Nigeria": "Niger",
    "Nigerien": "Nigerian",
    "Nigerian": "Nigerien",
    "Austria": "Australia",
    "Australia": "Austria",
    "Austrian": "Australian",
    "Australian": "Austrian",
    "Iran": "Iraq",
    "Iraq": "Iran",
    "Iranian": "Iraqi",
    "Iraqi": "Iranian",
    "Sweden": "Switzerland",
    "Switzerland": "Sweden",
    "Swedish": "Swiss",
    "Swiss": "Swedish",
    "Slovakia": "Slovenia",
    "Slovenia": "Slovakia",
    "Gambia": "Zambia",
    "Zambia": "Gambia",
    "Mali": "Malawi",
    "Malawi": "Mali",
    "Latvia": "Lithuania",
    "Lithuania": "Latvia",
    "Paraguay": "Uruguay",
    "Uruguay": "Paraguay",
    "Libya": "Liberia",
    "Liberia": "Libya",
    "Mauritania": "Mauritius",
    "Mauritius": "Mauritania",
    "Albania": "Armenia",
    "Armenia": "Albania",
    "North Korea": "South Korea",
    "South Korea": "North Korea",
    "North Korean": "South Korean",
    "South Korean": "North Korean",
    "West Germany": "East Germany",
    "East Germany": "West Germany",
}

# Other plausible entity confusions (countries, cities, parties, companies, clubs).
OTHER_ENTITIES: dict[str, str] = {
    "US": "UK",
    "UK": "US",
    "U.S.": "U.K.",
    "Britain": "Ireland",
    "British": "Irish",
    "Ireland": "Scotland",
    "Irish": "Scottish",
    "France": "Germany",
    "French": "German",
    "Germany": "France",
    "German": "French",
    "China": "Japan",
    "Chinese": "Japanese",
    "Japan": "China",
    "Japanese": "Chinese",
    "India": "Pakistan",
    "Indian": "Pakistani",
    "Pakistan": "India",
    "Spain": "Italy",
    "Spanish": "Italian",
    "Italy": "Spain",
    "Italian": "Spanish",
    "Russia": "Ukraine",
    "Russian": "Ukrainian",
    "Ukraine": "Russia",
    "Canada": "Mexico",
    "Canadian": "Mexican",
    "Brazil": "Argentina",
    "Brazilian": "Argentine",
    "Argentina": "Brazil",
    "England": "Scotland",
    "Scotland": "Wales",
    "Wales": "Scotland",
    "Scottish": "Welsh",
    "Welsh": "Scottish",
    "London": "Manchester",
    "Manchester": "Liverpool",
    "Paris": "Lyon",
    "Berlin": "Munich",
    "Tokyo": "Osaka",
    "Beijing": "Shanghai",
    "Shanghai": "Beijing",
    "Moscow": "Kiev",
    "New York": "Chicago",
    "Chicago": "Boston",
    "Europe": "Asia",
    "European": "Asian",
    "Africa": "Asia",
    "African": "Asian",
    "Microsoft": "Apple",
    "Apple": "Microsoft",
    "Google": "Yahoo",
    "Yahoo": "Google",
    "Sony": "Nintendo",
    "Nintendo": "Sony",
    "Intel": "AMD",
    "IBM": "Dell",
    "Labour": "Conservative",
    "Conservative": "Labour",
    "Conservatives": "Liberal Democrats",
    "Tory": "Labour",
    "Tories": "Liberal Democrats",
    "Arsenal": "Chelsea",
    "Chelsea": "Arsenal",
    "Liverpool": "Everton",
}

PLACES: tuple[str, ...] = tuple(
    k
    for k in (*LOOKALIKE_ENTITIES, *OTHER_ENTITIES)
    if not re.search(r"(an|ese|ish|ss|i|ch|Tory|Tories|es)$", k)
    and k not in {"Labour", "Microsoft", "Apple", "Google", "Yahoo", "Sony", "Nintendo", "Intel"}
    and k not in {"IBM", "Arsenal", "Chelsea", "Conservative", "Conservatives"}
)

FIRST_NAMES: tuple[str, ...] = tuple(
    _words(
        """
        John David Michael Paul Peter James Robert Richard Tony Gordon Charles George William
        Mark Andrew Stephen Steve Chris Tom Thomas Jack Mike Alan Ian Simon Martin Brian Kevin
        Gary Neil Tim Ben Sam Daniel Matthew Jonathan Nick Patrick Sean Jose Carlos Sarah Mary
        Jane Anne Susan Elizabeth Helen Emma Kate Laura Claire Rachel Julie Karen Lisa Jennifer
        Nicole Maria Hazel Tessa Margaret Ruth Alex Jim Bill Bob Joe Frank Henry Edward Howard
        Jeremy Kenneth Ken Roger Ryan Scott Wayne Jamie Jason Luke Oliver Harry Bruce Dennis
        Greg Hugh Graham Keith Colin Charlie Clive Rob Jonny Sven Arsene Rafael Heni Massoud
        """
    )
)
SURNAMES: tuple[str, ...] = tuple(
    _words(
        """
        Harrison Morgan Fletcher Walsh Palmer Keane Duncan Hughes Russell Barker Dixon Ellis
        Foster Griffin Hayes Jenkins Lawson Marsh Norris Porter Quinn Shaw Turner Vaughan Webb
        Whitaker Gibson Holloway Kendall Lambert Mercer Oakley Pearce Radford Sutton Thornton
        Underwood Warren
        """
    )
)
_TITLES_BEFORE_NAME = (
    r"Mr|Mrs|Ms|Dr|Miss|Sir|Lord|Lady|President|Chancellor|Senator|Governor|Judge|General|Captain"
)

ROLE_SWAPS: dict[str, str] = {
    "prime minister": "president",
    "minister": "president",
    "ministers": "presidents",
    "president": "vice-president",
    "vice-president": "president",
    "presidents": "chairmen",
    "officials": "officers",
    "officer": "official",
    "officers": "officials",
    "chairman": "chief executive",
    "chairwoman": "chief executive",
    "chief executive": "chairman",
    "director": "chairman",
    "directors": "shareholders",
    "manager": "director",
    "coach": "captain",
    "captain": "coach",
    "mayor": "governor",
    "governor": "mayor",
    "senator": "governor",
    "secretary": "minister",
    "chancellor": "prime minister",
    "ambassador": "minister",
    "judge": "prosecutor",
    "judges": "prosecutors",
    "prosecutor": "judge",
    "prosecutors": "judges",
    "lawyer": "prosecutor",
    "lawyers": "prosecutors",
    "commander": "colonel",
    "striker": "defender",
    "defender": "striker",
    "goalkeeper": "defender",
    "midfielder": "goalkeeper",
    "founder": "chairman",
    "owner": "manager",
    "actor": "director",
    "actress": "director",
    "singer": "guitarist",
    "producer": "director",
    "presenter": "producer",
    "editor": "reporter",
    "reporter": "editor",
    "teacher": "headteacher",
    "doctor": "nurse",
    "doctors": "nurses",
    "nurse": "doctor",
    "analyst": "executive",
    "analysts": "executives",
    "economist": "minister",
    "deputy leader": "leader",
}
# "official" is a role only as a noun ("a senior official said"), not in "official figures".
_OFFICIAL_RE = re.compile(r"(?<![\w-])official(?=\s+(?:said|says|told|who|from|at|in|with)\b|[,.])")
ROLE_SWAPS_EXACT: dict[str, str] = {
    "MP": "minister",
    "MPs": "ministers",
    "MEP": "MP",
    "MEPs": "MPs",
}

ANTONYMS: dict[str, str] = {
    "rose": "fell",
    "fell": "rose",
    "rise": "fall",
    "rises": "falls",
    "risen": "fallen",
    "fallen": "risen",
    "increased": "decreased",
    "decreased": "increased",
    "increase": "decrease",
    "won": "lost",
    "lost": "won",
    "win": "lose",
    "wins": "loses",
    "gained": "lost",
    "higher": "lower",
    "lower": "higher",
    "approved": "rejected",
    "rejected": "approved",
    "accepted": "rejected",
    "agreed": "refused",
    "refused": "agreed",
    "success": "failure",
    "successful": "unsuccessful",
    "profit": "loss",
    "profits": "losses",
    "losses": "profits",
    "best": "worst",
    "worst": "best",
    "highest": "lowest",
    "lowest": "highest",
    "strong": "weak",
    "stronger": "weaker",
    "weak": "strong",
    "weaker": "stronger",
    "always": "never",
    "never": "always",
    "able": "unable",
    "unable": "able",
    "likely": "unlikely",
    "unlikely": "likely",
    "possible": "impossible",
    "legal": "illegal",
    "supported": "opposed",
    "opposed": "supported",
    "welcomed": "criticised",
    "positive": "negative",
    "negative": "positive",
}
_AUX = "is|was|are|were|will|would|could|should|has|have|had"

ATTRIBUTION: dict[str, tuple[str, ...]] = {
    "said": ("claimed", "alleged", "insisted", "reportedly said"),
    "says": ("claims", "insists", "reportedly says"),
    "stated": ("claimed",),
    "announced": ("claimed",),
    "confirmed": ("claimed",),
    "explained": ("claimed",),
    "added": ("claimed",),
    "reported": ("alleged",),
    "according to": ("as claimed by",),
}

_HEDGE_CLASSES: dict[str, tuple[str, ...]] = {
    "approx": ("about", "around", "approximately", "roughly", "some"),
    "upper": ("nearly", "almost", "less than", "fewer than", "up to", "close to", "just under"),
    "lower": ("more than", "over", "at least", "just over"),
}
_HEDGE_CLASS = {h: c for c, hs in _HEDGE_CLASSES.items() for h in hs}

PRONOUN_SWAPS: dict[str, tuple[str, ...]] = {
    "he": ("she",),
    "she": ("he",),
    "him": ("her",),
    "his": ("her", "their"),
    "they": ("we",),
    "their": ("his", "our"),
    "them": ("us",),
}

QUOTE_SWAPS: dict[str, str] = {
    "very": "extremely",
    "really": "truly",
    "good": "great",
    "great": "good",
    "bad": "terrible",
    "terrible": "bad",
    "think": "believe",
    "believe": "think",
    "want": "wish",
    "know": "understand",
    "sure": "certain",
    "certain": "sure",
    "feel": "believe",
    "proud": "honoured",
    "hard": "difficult",
    "fantastic": "brilliant",
    "brilliant": "fantastic",
    "wonderful": "marvellous",
    "must": "should",
    "will": "would",
    "always": "often",
    "everyone": "everybody",
    "lot": "great deal",
    "things": "matters",
    "going": "about",
    "just": "only",
    "now": "today",
    "need": "have",
    "we": "they",
    "our": "their",
}

NUMBER_WORDS: tuple[str, ...] = _words("two three four five six seven eight nine ten eleven twelve")
MONTHS = _words(
    "January February March April May June July August September October November December"
)
DAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

# Capitalised words that are not names (never misspelled as a "name").
_NOT_NAMES = frozenset(
    MONTHS
    + DAYS
    + _words(
        """
        Minister President Secretary Chancellor Prime Chairman Director Chief Executive
        Department Commission Committee Council Government Party House Office Association
        National International Company Group Court Police University Street North South East
        West Northern Southern Eastern Western Christmas However Meanwhile Although There These
        Those Their Where While Which After Before During Since Under About Other Another Every
        First Second Third Despite Because Following Earlier Later Still Others Several Speaking
        Asked Having Although Among Against Without Within Through
        """
    )
)
# Sentence-initial words that can be lower-cased when the sentence is merged into the previous one.
_LOWERABLE = frozenset(
    _words(
        """
        The A An It Its This That These Those There They He She We Their His Her Our In On At
        For With By From After Before During Some Many Most Both Such Several Last Next Other
        """
    )
)
# Sentences starting with these refer back; do not reorder or split off around them.
_BACKREF = frozenset(
    _words(
        """
        He She It They This That These Those Its His Her Their But However And Also Meanwhile
        Yet So Instead Then Still Such The Both Others Another Similarly Nevertheless Moreover
        Furthermore Thus Therefore Even Despite Although
        """
    )
)
_SENT_STARTERS = frozenset(_words("The He She It They In But A An This That We I Its However"))
_ABBREV = frozenset(
    _words(
        """
        mr mrs ms dr st jr sr prof gen col lt sgt capt gov sen rep rev inc co corp ltd no vs etc
        jan feb mar apr jun jul aug sep sept oct nov dec mt ft fig approx dept est messrs
        """
    )
)

BOILERPLATE_PREFIX = "Also Read: "
DEFAULT_TITLES: tuple[str, ...] = (
    "Stocks rally as oil prices ease",
    "Ten gadgets to watch this year",
    "Government unveils new housing plan",
    "Star striker signs three-year deal",
    "Why your phone battery dies so fast",
    "Weather warning issued for the weekend",
)

# =========================================================================== public records


class SpanMismatchError(RuntimeError):
    """A planted change's recorded span does not point at its recorded text."""


@dataclass(frozen=True)
class Truth:
    """A planted error or warning: exact spans into the source and the rewrite.

    ``source_span`` is None for inserted content; ``rewrite_span`` is a zero-width point where words
    were removed (``detail_omitted``). The ``*_text`` fields are the text at those spans.
    """

    kind: str
    source_span: Span | None
    rewrite_span: Span | None
    source_text: str
    rewrite_text: str

    @property
    def severity(self) -> str:
        """The spec severity of the kind: "error" or "warning"."""
        return "error" if self.kind in ERROR_KINDS else "warning"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "severity": self.severity,
            "source_span": list(self.source_span) if self.source_span else None,
            "rewrite_span": list(self.rewrite_span) if self.rewrite_span else None,
            "source_text": self.source_text,
            "rewrite_text": self.rewrite_text,
        }


@dataclass(frozen=True)
class Spin:
    """A planted meaning-preserving change (info severity), spans as in :class:`Truth`.

    ``synonym_substitution`` spans the swapped words; ``reordering`` spans the sentence that moved
    earlier; ``sentence_merge`` / ``sentence_split`` span the whole source sentences and the whole
    rewritten sentence(s).
    """

    kind: str
    source_span: Span | None
    rewrite_span: Span | None
    source_text: str
    rewrite_text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "severity": "info",
            "source_span": list(self.source_span) if self.source_span else None,
            "rewrite_span": list(self.rewrite_span) if self.rewrite_span else None,
            "source_text": self.source_text,
            "rewrite_text": self.rewrite_text,
        }


@dataclass(frozen=True)
class PlantedPair:
    """A source article, its planted rewrite and the ground truth of every planted change."""

    source_text: str
    rewrite_text: str
    truths: tuple[Truth, ...]
    spins: tuple[Spin, ...]
    article_id: str | None = None
    seed: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (one JSONL line of the CLI output)."""
        return {
            "article_id": self.article_id,
            "seed": self.seed,
            "source_text": self.source_text,
            "rewrite_text": self.rewrite_text,
            "truths": [t.to_dict() for t in self.truths],
            "spins": [s.to_dict() for s in self.spins],
        }


# =========================================================================== text analysis


@dataclass(frozen=True)
class _Sent:
    index: int
    start: int
    end: int
    para: int
    prose: bool  # a full sentence that edits may touch (not a headline or furniture line)


@dataclass(frozen=True)
class _Doc:
    text: str
    sents: tuple[_Sent, ...]
    quotes: tuple[Span, ...]  # every quoted stretch, unclosed ones included (kept clear of edits)
    sure_quotes: tuple[Span, ...]  # closed quotes and quotes continued in the next paragraph
    midcaps: frozenset[str]  # capitalised words seen mid-sentence (likely proper nouns)
    lower_words: frozenset[str]  # words seen in lower case


_WS = re.compile(r"\s+")
_PARA_BREAK = re.compile(r"\n\s*\n|\n[ \t]{2,}")
_CLOSERS = "\"'”’)]"
_OPENERS = "\"'“‘(["


def _is_sentence_end(text: str, ws_start: int, ws_end: int) -> bool:
    """Whether the whitespace run text[ws_start:ws_end] separates two sentences."""
    head = text[:ws_start].rstrip(_CLOSERS)
    if not head or head[-1] not in ".!?":
        return False
    nxt = text[ws_end : ws_end + 3].lstrip(_OPENERS)
    if not nxt or not (nxt[0].isupper() or nxt[0].isdigit()):
        return False
    if head[-1] != ".":
        return True
    token = head[:-1].rsplit(None, 1)[-1] if head[:-1].strip() else ""
    token = token.lstrip(_OPENERS)
    if token.lower() in _ABBREV or re.fullmatch(r"[A-Z]", token):
        return False
    # "U.S." / "U.N." end a sentence only when a typical sentence starter follows.
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        following = re.match(r"[A-Za-z]+", text[ws_end:])
        return bool(following and following.group() in _SENT_STARTERS)
    return True


def _split_sentences(text: str) -> list[_Sent]:
    """Sentences (and headline/furniture lines) with paragraph numbers."""
    cuts: list[tuple[int, int, bool]] = []
    for m in _WS.finditer(text):
        breaks = bool(_PARA_BREAK.search(m.group()))
        if breaks or _is_sentence_end(text, m.start(), m.end()):
            cuts.append((m.start(), m.end(), breaks))
    sents: list[_Sent] = []
    start = len(text) - len(text.lstrip())
    para = 0
    bounds = [*cuts, (len(text.rstrip()), len(text), False)]
    for ws_start, ws_end, is_para in bounds:
        if ws_start > start:
            sents.append(_Sent(len(sents), start, ws_start, para, _is_prose(text[start:ws_start])))
        para += is_para
        start = max(start, ws_end)
    return sents


def _is_prose(sentence: str) -> bool:
    """A complete sentence: terminal punctuation, at least four words, not a furniture line."""
    body = sentence.rstrip(_CLOSERS)
    return (
        bool(body)
        and body[-1] in ".!?"
        and len(sentence.split()) >= 4
        and not sentence.lower().startswith(("also read", "read more", "related:"))
    )


def _paragraph_spans(sents: Sequence[_Sent]) -> list[Span]:
    """(start, end) of each paragraph."""
    spans: dict[int, Span] = {}
    for s in sents:
        a, _ = spans.get(s.para, (s.start, s.end))
        spans[s.para] = (a, s.end)
    return list(spans.values())


def _quote_regions(text: str, paragraphs: Sequence[Span]) -> list[tuple[Span, bool]]:
    """Quoted stretches (quote marks included) and whether each is surely a quote.

    An unclosed quote runs to the paragraph end; it is sure only if the next paragraph opens with a
    quote mark (the news convention for a quote over several paragraphs), else it may be a typo.
    """
    regions: list[tuple[Span, bool]] = []
    for n, (a, b) in enumerate(paragraphs):
        chunk = text[a:b]
        nxt = text[paragraphs[n + 1][0]] if n + 1 < len(paragraphs) else ""
        for m in re.finditer(r"“[^”]*(?:”|$)", chunk):
            regions.append(((a + m.start(), a + m.end()), m.group().endswith("”") or nxt == "“"))
        marks = [m.start() for m in re.finditer('"', chunk)]
        for i in range(0, len(marks), 2):
            closed = i + 1 < len(marks)
            end = marks[i + 1] + 1 if closed else len(chunk)
            regions.append(((a + marks[i], a + end), closed or nxt == '"'))
    return sorted(regions)


def _analyse(text: str) -> _Doc:
    """Sentences, quote regions and likely proper nouns of a text."""
    sents = tuple(_split_sentences(text))
    regions = _quote_regions(text, _paragraph_spans(sents))
    midcaps = set()
    for s in sents:
        for m in re.finditer(r"(?<=[a-z,;:] )[A-Z][a-z]+", text[s.start : s.end]):
            midcaps.add(m.group())
    return _Doc(
        text,
        sents,
        tuple(span for span, _ in regions),
        tuple(span for span, sure in regions if sure),
        frozenset(midcaps),
        frozenset(re.findall(r"(?<![\w'’-])[a-z]+(?![\w'’-])", text)),
    )


def _in_quote(doc: _Doc, start: int, end: int) -> bool:
    """Whether [start, end) overlaps a quotation."""
    return any((a < end and start < b) or a <= start < b for a, b in doc.quotes)


def _inside_quote(doc: _Doc, start: int, end: int) -> bool:
    """Whether [start, end) lies strictly inside a sure quotation (not on its marks)."""
    return any(a < start and end < b for a, b in doc.sure_quotes)


def _name_position(doc: _Doc, sent: _Sent, pos: int) -> bool:
    """Whether a capitalised word at ``pos`` is mid-sentence (so likely part of a name)."""
    if not doc.text[pos : pos + 1].isupper():
        return False
    before = doc.text[sent.start : pos].rstrip(" ")
    return bool(before) and before[-1] not in _OPENERS + ":"


def _at_sentence_start(doc: _Doc, sent: _Sent, pos: int) -> bool:
    """Whether only quotes/brackets/space precede ``pos`` in its sentence."""
    return not doc.text[sent.start : pos].strip(_OPENERS + " ")


# =========================================================================== the rewrite builder


@dataclass(eq=False)
class _Piece:
    text: str
    src: Span | None  # source range it copies (untagged) or replaces (tagged)
    tags: set[int] = field(default_factory=set)


@dataclass(eq=False)
class _Unit:
    pieces: list[_Piece]
    sents: tuple[int, ...]  # source sentences it holds; () for inserted text
    locked: bool = False  # headline, inserted text, or already used by a structural spin

    @property
    def text(self) -> str:
        """The unit's current rewrite text."""
        return "".join(p.text for p in self.pieces)


@dataclass
class _Record:
    tag: int
    kind: str
    spin: bool
    source_span: Span | None
    expected: str  # the text the rewrite span must hold


class _Rewrite:
    """The rewrite under construction: units of pieces, separators between them, change records."""

    def __init__(self, doc: _Doc) -> None:
        text, sents = doc.text, doc.sents
        self.doc = doc
        self.prefix = text[: sents[0].start] if sents else text
        self.units = [
            _Unit([_Piece(text[s.start : s.end], (s.start, s.end))], (s.index,), not s.prose)
            for s in sents
        ]
        ends = [s.start for s in sents[1:]] + ([len(text)] if sents else [])
        self.seps = [text[s.end : e] for s, e in zip(sents, ends, strict=True)]
        self.records: list[_Record] = []
        self.truth_sents: set[int] = set()

    # ---- locating and replacing source text

    def _find(self, start: int, end: int) -> tuple[_Unit, int] | None:
        """The unit and index of the untouched piece that copies source [start, end)."""
        for unit in self.units:
            for i, piece in enumerate(unit.pieces):
                src = piece.src
                if src and not piece.tags and src[0] <= start and end <= src[1]:
                    return unit, i
        return None

    def can_replace(self, start: int, end: int) -> bool:
        """Whether source [start, end) is still an untouched copy in the rewrite."""
        return self._find(start, end) is not None

    def _replace(self, start: int, end: int, new: str, tag: int) -> bool:
        """Replace source [start, end) by ``new`` (tagged); False if those words were touched."""
        found = self._find(start, end)
        if found is None:
            return False
        unit, i = found
        piece = unit.pieces[i]
        a, b = piece.src  # type: ignore[misc]
        if piece.text != self.doc.text[a:b]:
            raise SpanMismatchError(f"copied piece drifted from source at {a}:{b}")
        parts = [
            _Piece(piece.text[: start - a], (a, start)),
            _Piece(new, (start, end), {tag}),
            _Piece(piece.text[end - a :], (end, b)),
        ]
        unit.pieces[i : i + 1] = [p for p in parts if p.text or p.tags]
        return True

    def _record(self, kind: str, spin: bool, source_span: Span | None, expected: str) -> int:
        """Register a change and return its tag."""
        self.records.append(_Record(len(self.records), kind, spin, source_span, expected))
        return len(self.records) - 1

    def change(self, kind: str, start: int, end: int, new: str, *, spin: bool = False) -> bool:
        """Plant a word-level change of source [start, end) into ``new``."""
        if not self.can_replace(start, end):
            return False
        tag = self._record(kind, spin, (start, end), new)
        self._replace(start, end, new, tag)
        if not spin:
            self.truth_sents.update(self.sentence_of(start))
        return True

    def sentence_of(self, pos: int) -> list[int]:
        """Index of the source sentence holding ``pos`` (empty if none)."""
        return [s.index for s in self.doc.sents if s.start <= pos < s.end]

    # ---- whole-unit operations

    def insert_unit(self, k: int, text: str, kind: str, sep_before: str | None) -> None:
        """Insert new text as a unit after position ``k`` (a truth with no source span)."""
        tag = self._record(kind, False, None, text)
        unit = _Unit([_Piece(text, None, {tag})], (), locked=True)
        old_sep = self.seps[k]
        self.units.insert(k + 1, unit)
        self.seps[k : k + 1] = [sep_before if sep_before is not None else old_sep, old_sep]

    def begin_structural(self, kind: str, source_span: Span) -> int:
        """Open a structural spin record; junction edits then use :meth:`replace_raw` with it."""
        return self._record(kind, True, source_span, "")

    def replace_raw(self, start: int, end: int, new: str, tag: int) -> None:
        """Replace source [start, end) as part of an already recorded change."""
        if not self._replace(start, end, new, tag):
            raise SpanMismatchError(f"source {start}:{end} is no longer replaceable")

    def close_structural(self, tag: int, unit: _Unit) -> None:
        """Tag every piece of ``unit`` with a structural spin and fix its expected text."""
        for piece in unit.pieces:
            piece.tags.add(tag)
        self.records[tag].expected = unit.text
        unit.locked = True

    # ---- assembling and verifying

    def finish(self, article_id: str | None, seed: int | None) -> PlantedPair:
        """Concatenate the pieces, locate every tag and verify all spans."""
        text, spans = self._assemble()
        truths: list[Truth] = []
        spins: list[Spin] = []
        for rec in self.records:
            if rec.tag not in spans:
                raise SpanMismatchError(f"change {rec.kind} vanished from the rewrite")
            rspan = spans[rec.tag]
            src_text = (
                self.doc.text[rec.source_span[0] : rec.source_span[1]] if rec.source_span else ""
            )
            cls = Spin if rec.spin else Truth
            item = cls(rec.kind, rec.source_span, rspan, src_text, rec.expected)
            _verify(item, self.doc.text, text)
            (spins if rec.spin else truths).append(item)  # type: ignore[arg-type]
        order = _span_order
        return PlantedPair(
            self.doc.text,
            text,
            tuple(sorted(truths, key=order)),
            tuple(sorted(spins, key=order)),
            article_id,
            seed,
        )

    def _assemble(self) -> tuple[str, dict[int, Span]]:
        """The rewrite text and each tag's span; tags must cover consecutive pieces."""
        out = [self.prefix]
        pos = len(self.prefix)
        first: dict[int, tuple[int, int]] = {}  # tag -> (piece serial, start)
        last: dict[int, tuple[int, int, int]] = {}  # tag -> (piece serial, end, count)
        serial = 0
        for unit, sep in zip(self.units, self.seps, strict=True):
            for piece in unit.pieces:
                if piece.src and not piece.tags and piece.text != self.doc.text[slice(*piece.src)]:
                    raise SpanMismatchError(f"copied piece drifted at {piece.src}")
                for tag in piece.tags:
                    first.setdefault(tag, (serial, pos))
                    count = last[tag][2] + 1 if tag in last else 1
                    last[tag] = (serial, pos + len(piece.text), count)
                out.append(piece.text)
                pos += len(piece.text)
                serial += 1
            out.append(sep)
            pos += len(sep)
        for tag, (s0, _) in first.items():
            if last[tag][0] - s0 + 1 != last[tag][2]:
                raise SpanMismatchError(f"change {tag} is not contiguous in the rewrite")
        return "".join(out), {t: (first[t][1], last[t][1]) for t in first}


def _span_order(item: Truth | Spin) -> tuple[int, int]:
    """Sort key: position in the rewrite."""
    return item.rewrite_span or (0, 0)


def _verify(item: Truth | Spin, source: str, rewrite: str) -> None:
    """Raise SpanMismatchError unless both spans point at the recorded texts."""
    if item.rewrite_span is None or rewrite[slice(*item.rewrite_span)] != item.rewrite_text:
        raise SpanMismatchError(f"rewrite span of {item.kind} does not hold {item.rewrite_text!r}")
    if item.source_span is None:
        if item.source_text:
            raise SpanMismatchError(f"{item.kind} has source text but no source span")
    elif source[slice(*item.source_span)] != item.source_text:
        raise SpanMismatchError(f"source span of {item.kind} does not hold {item.source_text!r}")


def verify_pair(pair: PlantedPair) -> None:
    """Check every span of a planted pair; raise :class:`SpanMismatchError` on the first bad one."""
    items: list[Truth | Spin] = [*pair.truths, *pair.spins]
    for item in items:
        _verify(item, pair.source_text, pair.rewrite_text)


# =========================================================================== candidate finding


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    new: str


def _alternation(phrases: Iterable[str], *, fold_case: bool) -> re.Pattern[str]:
    """A whole-word regex for any of ``phrases`` (longest first); spaces match any whitespace.

    With ``fold_case`` the first letter of every word may be upper or lower case.
    """
    alts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = []
        for word in phrase.split(" "):
            head = word[0]
            if fold_case and head.isalpha():
                words.append(f"[{head.upper()}{head.lower()}]" + re.escape(word[1:]))
            else:
                words.append(re.escape(word))
        alts.append(r"\s+".join(words))
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alts) + r")(?![\w-])")


def _spaced(matched: str) -> str:
    """A match with its whitespace runs (line wraps) collapsed to single spaces."""
    return " ".join(matched.split())


def _key(matched: str) -> str:
    """Dictionary key of a case-folded match: first letters lowered, whitespace collapsed."""
    return " ".join(w[:1].lower() + w[1:] for w in matched.split())


def _match_case(matched: str, new: str) -> str:
    """``new`` with the capitalisation pattern of ``matched`` (first letter or every word)."""
    words = matched.split()
    if all(w[:1].isupper() for w in words) and len(words) > 1:
        return " ".join(w[:1].upper() + w[1:] for w in new.split(" "))
    if matched[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


_SYN_RE = _alternation(SYNONYMS, fold_case=True)
_LOOKALIKE_RE = _alternation(LOOKALIKE_ENTITIES, fold_case=False)
_OTHER_ENTITY_RE = _alternation(OTHER_ENTITIES, fold_case=False)
_ROLE_RE = _alternation(ROLE_SWAPS, fold_case=True)
_ROLE_EXACT_RE = _alternation(ROLE_SWAPS_EXACT, fold_case=False)
_ANTONYM_RE = _alternation(ANTONYMS, fold_case=True)
_ATTRIB_RE = _alternation(ATTRIBUTION, fold_case=True)
_PRONOUN_RE = _alternation([*PRONOUN_SWAPS, "her"], fold_case=True)
_QUOTE_WORD_RE = _alternation(
    [w for w in (*SYNONYMS, *QUOTE_SWAPS) if " " not in w and "'" not in w], fold_case=True
)
_HEDGE_RE = re.compile(_alternation(_HEDGE_CLASS, fold_case=True).pattern + r"(?=\s+[$£€]?\d)")
_NUMBER_RE = re.compile(r"(?<![\w.,/#&-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d,]\d|\.\d)(?!\d)")
_NUMBER_WORD_RE = _alternation(NUMBER_WORDS, fold_case=True)
_AMOUNT_RE = re.compile(
    r"(?<![\w.,/$£€#&-])[$£€]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,.:/-]\d)(?!\d)"
)
_CAPWORD_RE = re.compile(r"(?<![\w'’-])[A-Z][a-z]{4,}(?![\w-])")
_TITLED_NAME_RE = re.compile(
    rf"(?<![\w-])(?:{_TITLES_BEFORE_NAME})\.?\s+"  # "Mr Blair", "Sir Alex Ferguson": the surname
    r"(?:[A-Z][a-z]+\s+)?(?P<name>[A-Z][a-z]{2,})(?![\w-])"
)
_FIRST_LAST_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(FIRST_NAMES) + r")\s+(?P<name>[A-Z][a-z]{2,})(?![\w-])"
)
_NEGATE_RE = re.compile(rf"(?<![\w'-])(?:{_AUX}|can)(?=\s+(?!not\b|to\b|n't)[a-z])")
_NEGATED_RE = re.compile(
    rf"(?<![\w'-])(?P<aux>{_AUX}|does|did|do)\s+not(?![\w-])"
    rf"|(?<![\w'-])(?P<aux2>is|was|are|were|does|did|do|has|have|had|could|would|should)n['’]t\b"
    r"|(?<![\w'-])(?P<can>cannot|can['’]t)(?![\w-])|(?<![\w'-])(?P<wont>won['’]t)(?![\w-])"
)

# What may follow a removed detail: punctuation or a function word (not "and", nor a noun that
# the detail modifies, as in "in the UK singles chart").
_AFTER_DROP = (
    r"(?=[.,;]| (?:on|in|at|for|to|from|last|this|after|before|since|with|by|when|where|which"
    r"|who|that|over|during|as|but|because|until|while|amid|following|despite)\b)"
)
_PLACE_ALT = "|".join(re.escape(p) for p in sorted(PLACES, key=len, reverse=True))
_DAY_ALT = "|".join(DAYS)
_MONTH_ALT = "|".join(MONTHS)
_DETAIL_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r" \((?=[^()\n]*[\d$£€A-Z])[^()\n]{1,60}\)"),
    re.compile(
        rf" (?:on|last|this|next) (?:{_DAY_ALT})(?! morning| afternoon| evening| night)"
        + _AFTER_DROP
    ),
    re.compile(rf" in (?:{_MONTH_ALT})(?: (?:19|20)\d\d)?{_AFTER_DROP}"),
    re.compile(rf" in (?:19|20)\d\d{_AFTER_DROP}"),
    re.compile(rf" in (?:the )?(?:{_PLACE_ALT}){_AFTER_DROP}"),
    re.compile(
        r"\b(?:town|city|region|village|province|district|state|county|capital|island)"
        rf"(?P<drop> of [A-Z][\w-]+(?: [A-Z][\w-]+)*){_AFTER_DROP}"
    ),
    re.compile(
        r"\b(?:the|The|a|A) (?P<drop>(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,3}) )"
        r"(?=[a-z])"
    ),
    re.compile(
        r" \d{1,3}-year-old(?= (?:man|woman|boy|girl|mother|father|son|daughter|student|player"
        r"|striker|defender|midfielder|singer|actor|actress|driver|star|pensioner)\b)"
    ),
    re.compile(r", aged \d{1,3},| aged \d{1,3}(?=[ .])"),
)

Finder = Callable[["_Rewrite", random.Random], list[_Cand]]


def _open_sents(rw: _Rewrite) -> list[_Sent]:
    """Prose sentences that do not hold a planted error yet."""
    return [s for s in rw.doc.sents if s.prose and s.index not in rw.truth_sents]


def _scan(
    rw: _Rewrite, pattern: re.Pattern[str], *, quoted: bool = False, group: str | int = 0
) -> list[tuple[_Sent, re.Match[str], int, int]]:
    """Matches of ``pattern`` in open sentences: (sentence, match, start, end of ``group``).

    With ``quoted`` only matches inside quotations are kept, otherwise only those outside.
    """
    doc = rw.doc
    hits = []
    for sent in _open_sents(rw):
        for m in pattern.finditer(doc.text, sent.start, sent.end):
            a, b = m.span(group)
            if a < 0:
                continue
            ok = _inside_quote(doc, a, b) if quoted else not _in_quote(doc, a, b)
            if ok and rw.can_replace(a, b):
                hits.append((sent, m, a, b))
    return hits


def _find_entity(rw: _Rewrite, rng: random.Random) -> list[_Cand]:
    """Look-alike countries first choice, then other entities, then a person's surname."""
    look = [
        _Cand(a, b, LOOKALIKE_ENTITIES[_spaced(m.group())])
        for _, m, a, b in _scan(rw, _LOOKALIKE_RE)
    ]
    other = [
        _Cand(a, b, OTHER_ENTITIES[_spaced(m.group())])
        for _, m, a, b in _scan(rw, _OTHER_ENTITY_RE)
    ]
    people = []
    taken = set(re.findall(r"[A-Z][a-z]+", rw.doc.text))
    spares = [n for n in SURNAMES if n not in taken]
    for pattern in (_TITLED_NAME_RE, _FIRST_LAST_RE):
        for _, m, a, b in _scan(rw, pattern, group="name"):
            fresh = [n for n in spares if n[0] != m.group("name")[0]]
            if m.group("name") not in _NOT_NAMES and fresh:
                people.append(_Cand(a, b, rng.choice(fresh)))
    look, other = _keep_possessive(rw.doc.text, look), _keep_possessive(rw.doc.text, other)
    tiers = [(weight, tier) for weight, tier in ((5, look), (3, other), (3, people)) if tier]
    if not tiers:
        return []
    return rng.choices([t for _, t in tiers], weights=[w for w, _ in tiers])[0]


def _keep_possessive(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Drop swaps that would break a bare possessive ("Wales' team" -> "Scotland' team")."""
    return [
        c
        for c in cands
        if not (text[c.end : c.end + 1] in "'’" and text[c.end + 1 : c.end + 2] != "s")
        or c.new.endswith("s")
    ]


def _misspell(word: str, rng: random.Random) -> str:
    """Drop, double or transpose one inner letter (first and last letters kept)."""
    ops = ["drop", "double", "swap"]
    rng.shuffle(ops)
    for op in ops:
        i = rng.randrange(1, len(word) - 1)
        if op == "drop":
            new = word[:i] + word[i + 1 :]
        elif op == "double":
            new = word[:i] + word[i] + word[i:]
        else:
            i = rng.randrange(1, len(word) - 2)
            new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if new != word and not re.search(r"(.)\1\1", new):
            return new
    return word[:1] + word[2:]  # unreachable in practice: drop the second letter


def _find_misspelling(rw: _Rewrite, rng: random.Random) -> list[_Cand]:
    """A capitalised name of >= 5 letters, preferring words capitalised more than once.

    Skips sentence-initial words unless seen mid-sentence too, words also used in lower case,
    calendar/institution words and the countries and demonyms that ``entity_changed`` uses.
    """
    doc = rw.doc
    counts: dict[str, int] = {}
    for word in _CAPWORD_RE.findall(doc.text):
        counts[word] = counts.get(word, 0) + 1
    repeated: list[_Cand] = []
    single: list[_Cand] = []
    for sent, m, a, b in _scan(rw, _CAPWORD_RE):
        word = m.group()
        if not _name_like(doc, word) or (
            _at_sentence_start(doc, sent, a) and word not in doc.midcaps
        ):
            continue
        (repeated if counts[word] > 1 else single).append(_Cand(a, b, _misspell(word, rng)))
    return repeated or single


def _name_like(doc: _Doc, word: str) -> bool:
    """Whether a capitalised word is plausibly a name (not a common or entity-list word)."""
    common = word in _NOT_NAMES or word in _LOWERABLE or word in _BACKREF
    listed = word in LOOKALIKE_ENTITIES or word in OTHER_ENTITIES
    return not (common or listed or word.lower() in doc.lower_words)


def _changed_number(digits: str, frac: str, rng: random.Random) -> str:
    """A different number of the same shape: 2015->2016, 11->12, 60,000->16,000, 1.13->1.18."""
    if frac:
        last = int(frac[-1])
        return digits + frac[:-1] + str((last + rng.randint(1, 8)) % 10)
    plain = digits.replace(",", "")
    value = int(plain)
    if len(plain) == 4 and 1900 <= value <= 2099:
        return str(value + rng.choice((-1, 1)))
    if value <= 20:
        new = value + 1 if value <= 1 else value + rng.choice((-1, 1))
        return str(new).zfill(len(plain))
    if len(plain) == 4:  # 1400 (GMT) -> 1500, not 6400
        second = int(plain[1])
        return plain[0] + str(rng.choice([d for d in range(10) if d != second])) + plain[2:]
    lead = int(digits[0])
    choices = [d for d in range(1, 10) if d != lead]
    return str(rng.choice(choices)) + digits[1:]


def _find_number(rw: _Rewrite, rng: random.Random) -> list[_Cand]:
    """Digits (changed in place) and number words two..twelve (moved by one)."""
    cands = [
        _Cand(a, b, _changed_number(m.group(1), m.group(2) or "", rng))
        for _, m, a, b in _scan(rw, _NUMBER_RE)
    ]
    for _, m, a, b in _scan(rw, _NUMBER_WORD_RE):
        i = NUMBER_WORDS.index(_key(m.group()))
        j = i + 1 if i == 0 else (i - 1 if i == len(NUMBER_WORDS) - 1 else i + rng.choice((-1, 1)))
        cands.append(_Cand(a, b, _match_case(m.group(), NUMBER_WORDS[j])))
    return cands


def _find_quote(rw: _Rewrite, rng: random.Random) -> list[_Cand]:
    """A word inside quotation marks swapped for a synonym or a different word."""
    cands = []
    for sent, m, a, b in _scan(rw, _QUOTE_WORD_RE, quoted=True):
        if _name_position(rw.doc, sent, a):
            continue
        key = _key(m.group())
        options = [d[key] for d in (SYNONYMS, QUOTE_SWAPS) if key in d]
        cands.append(_Cand(a, b, _match_case(m.group(), rng.choice(options))))
    return cands


def _her_replacement(text: str, end: int) -> str:
    """The swap for "her": "his" when possessive (a word follows), else "him"."""
    nxt = re.match(r"\s+([a-z]+)", text[end:])
    stop = {"and", "or", "to", "in", "on", "at", "as", "for", "with", "that", "from", "by", "if"}
    return "his" if nxt and nxt.group(1) not in stop else "him"


def _find_pronoun(rw: _Rewrite, rng: random.Random) -> list[_Cand]:
    """he<->she, his->her/their, they->we, their->his/our, them->us, her->his/him."""
    cands = []
    for _, m, a, b in _scan(rw, _PRONOUN_RE):
        key = _key(m.group())
        new = _her_replacement(rw.doc.text, b) if key == "her" else rng.choice(PRONOUN_SWAPS[key])
        cands.append(_Cand(a, b, _match_case(m.group(), new)))
    return cands


def _find_role(rw: _Rewrite, rng: random.Random) -> list[_Cand]:
    """A job title swapped for a different role (minister->president, official->officer).

    A capitalised title counts only before a name ("Prime Minister Tony Blair") or at a sentence
    start, so names of organisations ("Commodity Manager Ltd") stay untouched.
    """
    text = rw.doc.text
    cands = []
    for sent, m, a, b in _scan(rw, _ROLE_RE):
        titled = m.group()[0].isupper() and not _at_sentence_start(rw.doc, sent, a)
        if titled and not re.match(r"\s+[A-Z]", text[b:]):
            continue
        new = ROLE_SWAPS[_key(m.group())]
        if new.lower() not in text[sent.start : sent.end].lower():  # not "chairman and chairman"
            cands.append(_Cand(a, b, _match_case(m.group(), new)))
    cands += [_Cand(a, b, ROLE_SWAPS_EXACT[m.group()]) for _, m, a, b in _scan(rw, _ROLE_EXACT_RE)]
    cands += [_Cand(a, b, "officer") for _, m, a, b in _scan(rw, _OFFICIAL_RE)]
    return cands


def _negated(m: re.Match[str]) -> str:
    """The positive form of a negated auxiliary match."""
    if m.group("can"):
        return _match_case(m.group("can"), "can")
    if m.group("wont"):
        return _match_case(m.group("wont"), "will")
    return m.group("aux") or m.group("aux2")


def _find_polarity(rw: _Rewrite, rng: random.Random) -> list[_Cand]:
    """Antonyms (rose->fell, won->lost) first choice, else insert or remove "not"."""
    lexical = [
        _Cand(a, b, _match_case(m.group(), ANTONYMS[_key(m.group())]))
        for sent, m, a, b in _scan(rw, _ANTONYM_RE)
        if not _name_position(rw.doc, sent, a)
    ]
    negation = [
        _Cand(a, b, "cannot" if m.group() == "can" else m.group() + " not")
        for _, m, a, b in _scan(rw, _NEGATE_RE)
    ]
    negation += [_Cand(a, b, _negated(m)) for _, m, a, b in _scan(rw, _NEGATED_RE)]
    if lexical and (not negation or rng.random() < 0.6):
        return lexical
    return negation


def _find_attribution(rw: _Rewrite, rng: random.Random) -> list[_Cand]:
    """A neutral reporting verb made loaded (said->claimed, according to->as claimed by)."""
    return [
        _Cand(a, b, _match_case(m.group(), rng.choice(ATTRIBUTION[_key(m.group())])))
        for _, m, a, b in _scan(rw, _ATTRIB_RE)
    ]


def _find_omission(rw: _Rewrite, rng: random.Random) -> list[_Cand]:
    """A number, name, place or date phrase removed ("in the town of Gao" -> "in the town")."""
    cands = []
    for pattern in _DETAIL_RES:
        group = "drop" if "drop" in pattern.groupindex else 0
        cands += [
            _Cand(*_with_comma(rw.doc.text, a, b), "")
            for _, _m, a, b in _scan(rw, pattern, group=group)
        ]
    return [c for c in cands if rw.can_replace(c.start, c.end)]


def _with_comma(text: str, start: int, end: int) -> Span:
    """Widen a removal so ", in 2000, which" loses one comma too (not ",, which")."""
    if text[start - 1 : start] == "," and text[end : end + 1] == ",":
        return start - 1, end
    return start, end


def _find_hedge(rw: _Rewrite, rng: random.Random) -> list[_Cand]:
    """A hedge swapped for one of another class ("nearly"->"more than"), or added to a number."""
    cands = []
    for _, m, a, b in _scan(rw, _HEDGE_RE):
        key = _key(m.group())
        others = [h for c, hs in _HEDGE_CLASSES.items() if c != _HEDGE_CLASS[key] for h in hs]
        cands.append(_Cand(a, b, _match_case(m.group(), rng.choice(others))))
    if cands:
        return cands
    return [c for sent, m, a, b in _scan(rw, _AMOUNT_RE) if (c := _hedged(rw, sent, m, rng))]


_NO_HEDGE_AFTER = frozenset(
    _words("the no aged number page of on in by from to and at version series than")
)


def _word_before(rw: _Rewrite, sent: _Sent, pos: int) -> tuple[str, bool]:
    """The word before ``pos`` in its sentence and whether that word is a capitalised name part."""
    before = re.search(r"([A-Za-z]+)\W*$", rw.doc.text[sent.start : pos])
    if before is None:
        return "", False
    start = sent.start + before.start(1)
    word = before.group(1)
    return word, word[:1].isupper() and not _at_sentence_start(rw.doc, sent, start)


def _hedged(rw: _Rewrite, sent: _Sent, m: re.Match[str], rng: random.Random) -> _Cand | None:
    """Hedge a bare number ("60,000" -> "about 60,000"); not years, dates, scores, ages, names."""
    word, after_name = _word_before(rw, sent, m.start())
    is_year = re.fullmatch(r"(?:19|20)\d\d", m.group().lstrip("$£€")) is not None
    after = rw.doc.text[m.end() : m.end() + 1]
    glued = after not in (" ", "%") and not (after.isalpha() and m.group()[0] in "$£€")
    if word.lower() in _NO_HEDGE_AFTER or word.lower() in _HEDGE_CLASS:
        return None
    if after_name or is_year or glued:
        return None
    hedge = rng.choice(("about", "around", "nearly", "more than", "some", "almost"))
    if _at_sentence_start(rw.doc, sent, m.start()):
        hedge = hedge.capitalize()
    return _Cand(m.start(), m.end(), f"{hedge} {m.group()}")


_FINDERS: dict[str, Finder] = {
    "entity_changed": _find_entity,
    "name_misspelled": _find_misspelling,
    "number_changed": _find_number,
    "quote_altered": _find_quote,
    "pronoun_changed": _find_pronoun,
    "role_changed": _find_role,
    "polarity_changed": _find_polarity,
    "attribution_shift": _find_attribution,
    "detail_omitted": _find_omission,
    "hedge_changed": _find_hedge,
}

# =========================================================================== planting errors


def _plant_word_level(rw: _Rewrite, kind: str, rng: random.Random) -> bool:
    """Plant one word-level change of ``kind``; False if the text has no opportunity."""
    cands = _FINDERS[kind](rw, rng)
    rng.shuffle(cands)
    return any(
        rw.change(kind, c.start, c.end, c.new)
        for c in cands
        if c.new != rw.doc.text[c.start : c.end]
    )


def _clean_sentence(sentence: str) -> str:
    """A filler sentence on one line."""
    return " ".join(sentence.split())


_DANGLING_STARTS = frozenset(
    _words("But And However He She It They This That These Those His Her Its Their Also Yet So")
)


def _good_filler(sentence: str) -> bool:
    """A stand-alone sentence: 30-300 chars, balanced quotes, no back-reference at its start."""
    balanced = sentence.count('"') % 2 == 0 and sentence.count("“") == sentence.count("”")
    return (
        30 <= len(sentence) <= 300
        and _is_prose(sentence)
        and balanced
        and _first_word(sentence, 0) not in _DANGLING_STARTS
    )


def _plant_inserted(rw: _Rewrite, rng: random.Random, filler: Sequence[str]) -> bool:
    """Insert a sentence from another article after a prose sentence."""
    pool = [_clean_sentence(s) for s in filler]
    pool = [s for s in pool if _good_filler(s) and s not in rw.doc.text]
    slots = [k for k, u in enumerate(rw.units) if u.sents and rw.doc.sents[u.sents[0]].prose]
    if not pool or not slots:
        return False
    k = rng.choice(slots)
    para = _PARA_BREAK.search(rw.seps[k]) and k < len(rw.units) - 1
    rw.insert_unit(k, rng.choice(pool), "inserted_content", rw.seps[k] if para else " ")
    return True


def _plant_boilerplate(rw: _Rewrite, rng: random.Random, titles: Sequence[str]) -> bool:
    """Insert an "Also Read: <other title>" line at a paragraph break."""
    own = rw.doc.text.strip().split("\n", 1)[0].strip()
    pool = [t.strip() for t in (titles or DEFAULT_TITLES) if t.strip() and t.strip() != own]
    prose = [k for k, u in enumerate(rw.units) if u.sents and rw.doc.sents[u.sents[0]].prose]
    if not pool or not prose:
        return False
    breaks = [k for k in prose if "\n" in rw.seps[k] and k < len(rw.units) - 1]
    line = BOILERPLATE_PREFIX + rng.choice(pool)
    if breaks:
        rw.insert_unit(rng.choice(breaks), line, "boilerplate_inserted", None)
        return True
    k = rng.choice(prose)
    rw.insert_unit(k, line, "boilerplate_inserted", "\n\n")
    if k + 1 < len(rw.units) - 1:  # a line of its own: a break after it too (unless at the end)
        rw.seps[k + 1] = "\n\n"
    return True


def _plant_one(
    rw: _Rewrite, kind: str, rng: random.Random, filler: Sequence[str], titles: Sequence[str]
) -> bool:
    """Plant one change of ``kind``; False when the article offers no opportunity."""
    if kind == "inserted_content":
        return _plant_inserted(rw, rng, filler)
    if kind == "boilerplate_inserted":
        return _plant_boilerplate(rw, rng, titles)
    return _plant_word_level(rw, kind, rng)


def _plant_errors(
    rw: _Rewrite,
    rng: random.Random,
    n_errors: int,
    kinds: Sequence[str],
    filler: Sequence[str],
    titles: Sequence[str],
) -> None:
    """Plant up to ``n_errors`` changes, cycling over ``kinds`` in random order."""
    pool = list(kinds)
    rng.shuffle(pool)
    planted = 0
    while planted < n_errors and pool:
        for kind in list(pool):
            if planted >= n_errors:
                break
            if _plant_one(rw, kind, rng, filler, titles):
                planted += 1
            else:
                pool.remove(kind)


# =========================================================================== planting spin


def _plant_synonyms(rw: _Rewrite, rng: random.Random, rate: float) -> None:
    """Swap listed words for synonyms with probability ``rate`` each (never in quotes/errors)."""
    doc = rw.doc
    for sent in doc.sents:
        if not sent.prose:
            continue
        for m in _SYN_RE.finditer(doc.text, sent.start, sent.end):
            a, b = m.span()
            damp = _SPIN_DAMPING.get(_key(m.group()), 1.0)
            if rng.random() >= rate * damp or _in_quote(doc, a, b):
                continue
            if _name_position(doc, sent, a):  # "Major League", "Big Brother"
                continue
            new = _match_case(m.group(), SYNONYMS[_key(m.group())])
            rw.change("synonym_substitution", a, b, new, spin=True)


def _first_word(text: str, start: int) -> str:
    """The word at ``start`` ('' if a quote, digit or other mark comes first)."""
    m = re.match(r"[A-Za-z]+", text[start:])
    return m.group() if m else ""


def _source_unit(rw: _Rewrite, k: int) -> _Sent | None:
    """The single prose sentence of unit ``k`` if it is free for a structural spin."""
    if not 0 <= k < len(rw.units):
        return None
    unit = rw.units[k]
    if unit.locked or len(unit.sents) != 1:
        return None
    sent = rw.doc.sents[unit.sents[0]]
    return sent if sent.prose else None


def _joinable(rw: _Rewrite, k: int) -> tuple[_Sent, _Sent] | None:
    """Units k and k+1 as two free sentences of one paragraph, not joined inside a quote."""
    a, b = _source_unit(rw, k), _source_unit(rw, k + 1)
    if a is None or b is None or "\n" in rw.seps[k] or a.para != b.para:
        return None
    if any(qa < a.end and b.start < qb for qa, qb in rw.doc.quotes):
        return None
    return a, b


def _merge(rw: _Rewrite, k: int, rng: random.Random) -> bool:
    """Merge units k and k+1: "A. The B." -> "A, and the B." or "A; the B."."""
    pair = _joinable(rw, k)
    if pair is None:
        return False
    a, b = pair
    text = rw.doc.text
    word = _first_word(text, b.start)
    ending = text[a.start : a.end]
    if not word or not re.search(r"[A-Za-z0-9)]\.$", ending) or re.search(r"\b[A-Z]\.$", ending):
        return False  # no merge after "?", a quote, or an initial such as "U.S."
    lower = word in _LOWERABLE
    proper = word in rw.doc.midcaps and word.lower() not in rw.doc.lower_words
    if not lower and (word in _BACKREF or not proper):
        return False
    spots = [(a.end - 1, a.end)] + ([(b.start, b.start + len(word))] if lower else [])
    if not all(rw.can_replace(x, y) for x, y in spots):
        return False
    tag = rw.begin_structural("sentence_merge", (a.start, b.end))
    rw.replace_raw(a.end - 1, a.end, rng.choice((", and", ";")), tag)
    if lower:
        rw.replace_raw(b.start, b.start + len(word), word.lower(), tag)
    first, second = rw.units[k], rw.units[k + 1]
    merged = _Unit([*first.pieces, _Piece(rw.seps[k], None), *second.pieces], (a.index, b.index))
    rw.units[k : k + 2] = [merged]
    del rw.seps[k]
    rw.close_structural(tag, merged)
    return True


_SPLIT_RE = re.compile(
    r",\s+and\s+(?P<word>the|he|she|it|they|its|his|her|their|this|there|we)\b"
    r"|,\s+but\s+(?P<but>the|he|she|it|they|its|his|her|their|this|there|we|[A-Z][\w'-]*)\b"
    r"|,\s+which\s+(?P<verb>is|was|has|had|will|would)\b"
    r"|;\s+(?P<semi>the|he|she|it|they|its|his|her|their|this|there|we)\b"
)


def _split_text(m: re.Match[str]) -> str:
    """The text replacing a split point: ", and the" -> ". The", ", which is" -> ". This is"."""
    if m.group("but"):
        return ". But " + m.group("but")
    if m.group("verb"):
        return ". This " + m.group("verb")
    word = m.group("word") or m.group("semi")
    return ". " + word[:1].upper() + word[1:]


def _split(rw: _Rewrite, k: int, rng: random.Random) -> bool:
    """Split unit k at ", and the" / ", but he" / "; " into two sentences."""
    sent = _source_unit(rw, k)
    if sent is None:
        return False
    text = rw.doc.text
    spots = []
    for m in _SPLIT_RE.finditer(text, sent.start, sent.end):
        before = len(text[sent.start : m.start()].split())
        after = len(text[m.end() : sent.end].split())
        tail_clause = m.group("verb") is None or "," not in text[m.end() : sent.end]
        if before >= 5 and after >= 4 and tail_clause and not _in_quote(rw.doc, *m.span()):
            spots.append(m)
    spots = [m for m in spots if rw.can_replace(*m.span())]
    if not spots:
        return False
    m = rng.choice(spots)
    new = _split_text(m)
    tag = rw.begin_structural("sentence_split", (sent.start, sent.end))
    rw.replace_raw(m.start(), m.end(), new, tag)
    rw.close_structural(tag, rw.units[k])
    return True


def _quotes_inside(doc: _Doc, sent: _Sent) -> bool:
    """Whether every quotation touching ``sent`` lies within it (moving it splits no quote)."""
    return all(
        sent.start <= qa and qb <= sent.end
        for qa, qb in doc.quotes
        if qa < sent.end and sent.start < qb
    )


def _reorder(rw: _Rewrite, k: int, rng: random.Random) -> bool:
    """Swap units k and k+1 (same paragraph, neither refers back to what precedes it)."""
    pair = _joinable(rw, k)
    if pair is None:
        return False
    a, b = pair
    text = rw.doc.text
    if _first_word(text, a.start) in _BACKREF or _first_word(text, b.start) in _BACKREF:
        return False
    if not (_quotes_inside(rw.doc, a) and _quotes_inside(rw.doc, b)):
        return False
    first, second = rw.units[k], rw.units[k + 1]
    rw.units[k], rw.units[k + 1] = second, first
    rw.close_structural(rw.begin_structural("reordering", (b.start, b.end)), second)
    first.locked = True
    return True


def _position(rw: _Rewrite, unit: _Unit) -> int:
    """Current position of ``unit`` in the rewrite."""
    return next(i for i, u in enumerate(rw.units) if u is unit)


def _plant_structure(rw: _Rewrite, rng: random.Random, rate: float) -> None:
    """Split sentences (p = rate where possible), then merge or reorder free ones (p = rate / 2)."""
    units = list(rw.units)
    rng.shuffle(units)
    for unit in units:
        if not unit.locked and rng.random() < rate:
            _split(rw, _position(rw, unit), rng)
    rng.shuffle(units)
    for unit in units:
        if unit.locked or unit not in rw.units or rng.random() >= rate / 2:
            continue
        ops = [_merge, _reorder]
        rng.shuffle(ops)
        for op in ops:
            if op(rw, _position(rw, unit), rng):
                break


# =========================================================================== public API


def _check_kinds(kinds: Sequence[str]) -> None:
    """Raise ValueError for kinds that cannot be planted."""
    unknown = [k for k in kinds if k not in PLANTABLE_KINDS]
    if unknown:
        raise ValueError(f"unknown error kinds {unknown}; choose from {PLANTABLE_KINDS}")


def plant_rewrite(
    text: str,
    *,
    seed: int,
    n_errors: int = 3,
    error_kinds: Sequence[str] | None = None,
    spin: float = 0.3,
    filler: Sequence[str] | None = None,
    titles: Sequence[str] | None = None,
    article_id: str | None = None,
) -> PlantedPair:
    """Rewrite ``text`` with up to ``n_errors`` planted errors/warnings plus spin, with exact truth.

    ``error_kinds`` (default: all of :data:`PLANTABLE_KINDS`) are tried in a seeded random order;
    a kind the article offers no opportunity for is skipped and not recorded, so fewer than
    ``n_errors`` may be planted. At most one error or warning lands in a sentence. ``spin`` is the
    probability that each listed synonym is swapped, and twice the probability that a sentence gets
    a structural spin (merge, split, reorder). ``filler`` are sentences of *other* articles for
    ``inserted_content`` (skipped without them); ``titles`` are headlines for
    ``boilerplate_inserted`` (a built-in list if None). Same inputs and seed, same output.
    Raises :class:`SpanMismatchError` if a recorded span does not hold its recorded text.
    """
    kinds = tuple(error_kinds) if error_kinds is not None else PLANTABLE_KINDS
    _check_kinds(kinds)
    rng = random.Random(seed)
    rw = _Rewrite(_analyse(text))
    if rw.units:
        _plant_errors(rw, rng, n_errors, kinds, filler or (), titles or ())
        if spin > 0:
            _plant_synonyms(rw, rng, spin)
            _plant_structure(rw, rng, spin)
    return rw.finish(article_id, seed)


def prose_sentences(text: str) -> list[str]:
    """The full prose sentences of a text (no headline), whitespace collapsed; used as filler."""
    return [_clean_sentence(text[s.start : s.end]) for s in _split_sentences(text) if s.prose]


def _headline(text: str) -> str:
    """First line of an article (its headline in the BBC files)."""
    return text.strip().split("\n", 1)[0].strip()[:120]


def build_planted_set(
    articles: Sequence[tuple[str, str]],
    *,
    seed: int,
    per_kind: int = 40,
    kinds: Sequence[str] | None = None,
    spin: float = 0.3,
    titles: Sequence[str] | None = None,
) -> list[PlantedPair]:
    """Pairs with exactly ONE planted error or warning each (plus spin), ``per_kind`` per kind.

    Articles ``(id, text)`` are visited in a seeded shuffled order (cycling at most three times);
    each gets the kind with the fewest examples so far that it offers an opportunity for. Filler
    sentences and "Also Read" titles come from other articles (``titles`` overrides the latter;
    default: their first lines). A kind no article can host ends with fewer than ``per_kind``.
    """
    kinds = tuple(kinds) if kinds is not None else PLANTABLE_KINDS
    _check_kinds(kinds)
    rng = random.Random(seed)
    order = list(range(len(articles)))
    rng.shuffle(order)
    counts = dict.fromkeys(kinds, 0)
    pairs: list[PlantedPair] = []
    for _pass in range(3):
        progress = False
        for j in range(len(order)):
            need = [k for k in kinds if counts[k] < per_kind]
            if not need:
                return pairs
            rng.shuffle(need)
            need.sort(key=counts.__getitem__)
            pair = _plant_for_set(articles, order, j, need, rng.randrange(2**31), spin, titles)
            if pair is not None:
                counts[pair.truths[0].kind] += 1
                pairs.append(pair)
                progress = True
        if not progress:
            break
    return pairs


def _plant_for_set(
    articles: Sequence[tuple[str, str]],
    order: Sequence[int],
    j: int,
    need: Sequence[str],
    pair_seed: int,
    spin: float,
    titles: Sequence[str] | None,
) -> PlantedPair | None:
    """Try the needed kinds in order on article ``order[j]``; the first that plants wins."""
    art_id, text = articles[order[j]]
    others = [articles[order[(j + d) % len(order)]] for d in (1, 2, 3)]
    others = [(i, t) for i, t in others if i != art_id and t != text]
    filler = [s for _, t in others for s in prose_sentences(t)]
    heads = titles if titles is not None else [_headline(t) for _, t in others]
    for kind in need:
        pair = plant_rewrite(
            text,
            seed=pair_seed,
            n_errors=1,
            error_kinds=[kind],
            spin=spin,
            filler=filler,
            titles=heads,
            article_id=art_id,
        )
        if pair.truths:
            return pair
    return None


# =========================================================================== command line


def _load_articles(source: str) -> tuple[list[tuple[str, str]], list[str] | None]:
    """(id, text) articles and optional headline pool for a named evaluation source."""
    from tests.eval import datasets

    if source == "bbc":
        return [(a.id, a.text) for a in datasets.load_bbc_articles()], None
    if source == "reuters":
        stories = datasets.load_reuters()
        return [(s.id, s.text) for s in stories], [s.title.title() for s in stories if s.title]
    raise ValueError(f"unknown source {source!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Write a planted set as JSONL and print per-kind counts."""
    parser = argparse.ArgumentParser(prog="python -m tests.eval.plant", description=__doc__)
    parser.add_argument("--source", choices=("bbc", "reuters"), default="bbc")
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--spin", type=float, default=0.3)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    articles, titles = _load_articles(args.source)
    t1 = time.perf_counter()
    pairs = build_planted_set(
        articles, seed=args.seed, per_kind=args.per_kind, spin=args.spin, titles=titles
    )
    t2 = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as handle:
        for pair in pairs:
            handle.write(json.dumps(pair.to_dict(), ensure_ascii=False) + "\n")
    counts = {k: sum(p.truths[0].kind == k for p in pairs) for k in PLANTABLE_KINDS}
    spins = {k: sum(s.kind == k for p in pairs for s in p.spins) for k in SPIN_KINDS}
    print(f"{len(pairs)} pairs -> {args.out} (load {t1 - t0:.1f}s, plant {t2 - t1:.1f}s)")
    print("truths per kind:", json.dumps(counts))
    print("spins:", json.dumps(spins))
    return 0


if __name__ == "__main__":
    sys.exit(main())
