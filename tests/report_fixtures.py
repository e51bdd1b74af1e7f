"""Hand-built pair results (SPEC "Output: one pair" dicts) for the report tests.

``seed_result()`` is the founding example: the AFP story on jihadists in Mali (source) and the
NewsTrack rewrite that turned Niger's army into "the Nigerian Army". Sentences come from a small
splitter here, every span from ``str.find`` on the real texts, so offsets are genuine; the
alignments, edits and findings are written by hand the way the pipeline reports them.

``hostile_result()`` carries markup, template syntax and quotes in every text field.
``shapes_result()`` is a small synthetic pair with a merge, a split, a move, an omission and an
insertion. ``long_result(n)`` is a synthetic pair of ``n`` sentences per side.

The golden cases and the scrubs are shared with ``scripts/update_golden.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED_SOURCE = ROOT / "examples" / "mali" / "002_52ceadec900c4bd2.txt"
SEED_REWRITE = ROOT / "examples" / "mali" / "001_7c31c2f309b64588.txt"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"

FIXED_TIME = "2000-01-01T00:00:00Z"
FIXED_VERSION = "0.0.0-test"

THRESHOLDS = {
    "align_min_similarity": 0.30,
    "align_min_part": 0.20,
    "align_min_gain": 0.04,
    "align_max_merge": 3,
    "align_max_candidates": 8,
    "align_max_group": 4,
    "verbatim_min_kept": 0.92,
    "light_min_kept": 0.60,
    "rewrite_probability": 0.50,
}

ERROR_KINDS = {
    "entity_changed",
    "name_misspelled",
    "number_changed",
    "quote_altered",
    "pronoun_changed",
    "role_changed",
    "polarity_changed",
}
WARNING_KINDS = {
    "attribution_shift",
    "detail_omitted",
    "hedge_changed",
    "inserted_content",
    "boilerplate_inserted",
}

_BOUNDARY = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"(])")
_FURNITURE = re.compile(
    r"^(share:?|also read:.*|related news|join .*group|leave a reply|your email address.*|"
    r"required fields.*|news subscription|subscribe to our newsletter|source:.*)$",
    re.IGNORECASE,
)


def severity(kind: str) -> str:
    """SPEC severity of a finding kind."""
    if kind in ERROR_KINDS:
        return "error"
    return "warning" if kind in WARNING_KINDS else "info"


def _line_kind(line: str, title: str | None) -> str:
    if _FURNITURE.match(line.replace("\xa0", " ").strip()):
        return "furniture"
    if title is None:
        return "title"
    if line.strip() == title:
        return "duplicate_title"
    if len(line.split()) <= 5 and line.rstrip()[-1:] not in '.!?”"':
        return "heading"
    return "body"


def split_sentences(text: str) -> list[dict[str, Any]]:
    """Sentences of a plain-text article: one per line, body lines split at sentence ends."""
    sentences: list[dict[str, Any]] = []
    title: str | None = None
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if not line.strip():
            continue
        kind = _line_kind(line, title)
        if kind == "title":
            title = line.strip()
        pieces = _BOUNDARY.split(line) if kind == "body" else [line]
        pos = match.start()
        for piece in pieces:
            start = text.index(piece, pos)
            end = start + len(piece.rstrip())
            pos = end
            sentences.append(
                {
                    "index": len(sentences),
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "boilerplate": kind in ("furniture", "duplicate_title"),
                    "kind": kind,
                }
            )
    return sentences


class Side:
    """One article of a fixture: its text and sentences, with look-ups by quoted words."""

    def __init__(self, text: str, **meta: Any) -> None:
        self.text = text
        self.sentences = split_sentences(text)
        self.meta = meta

    def sentence(self, needle: str) -> int:
        """Index of the one sentence that contains ``needle``."""
        hits = [s for s in self.sentences if needle in s["text"]]
        if len(hits) > 1:  # a repeated title: the first one counts
            hits = [s for s in hits if not s["boilerplate"]]
        if len(hits) != 1:
            raise ValueError(f"{needle!r} is in {len(hits)} sentences")
        return int(hits[0]["index"])

    def span(self, index: int, words: str) -> list[int]:
        """Span of ``words`` inside sentence ``index`` (the first occurrence)."""
        sent = self.sentences[index]
        start = self.text.find(words, sent["start"], sent["end"])
        if start < 0:
            raise ValueError(f"{words!r} not in sentence {index}: {sent['text']!r}")
        return [start, start + len(words)]

    def to_dict(self) -> dict[str, Any]:
        """The SPEC article block."""
        return {**self.meta, "text": self.text, "sentences": self.sentences}


# An edit spec: (op, source words or None, rewrite words or None, category[, moved]).
EditSpec = tuple[Any, ...]
# An alignment spec: (rewrite needles, source needles, label, similarity, edit specs).
AlignSpec = tuple[Sequence[str], Sequence[str], str, float, Sequence[EditSpec]]
# A finding spec: (kind, source needle, source words, rewrite needle, rewrite words, explanation).
FindingSpec = tuple[str, str | None, str | None, str | None, str | None, str]


def _in_group(side: Side, indexes: Iterable[int], words: str) -> list[int]:
    for index in indexes:
        try:
            return side.span(index, words)
        except ValueError:
            continue
    raise ValueError(f"{words!r} not in sentences {list(indexes)}")


def build_alignment(src: Side, rw: Side, spec: AlignSpec) -> dict[str, Any]:
    """One SPEC alignment from needles and word-level edit specs."""
    rw_needles, src_needles, label, similarity, edits = spec
    rw_idx = [rw.sentence(n) for n in rw_needles]
    src_idx = [src.sentence(n) for n in src_needles]
    out = []
    for edit in edits:
        op, s_words, r_words, category = edit[:4]
        out.append(
            {
                "op": op,
                "source_span": _in_group(src, src_idx, s_words) if s_words else None,
                "rewrite_span": _in_group(rw, rw_idx, r_words) if r_words else None,
                "category": category,
                "moved": bool(edit[4]) if len(edit) > 4 else False,
            }
        )
    return {
        "rewrite": rw_idx,
        "source": src_idx,
        "label": label,
        "similarity": similarity,
        "edits": out,
    }


def build_finding(src: Side, rw: Side, spec: FindingSpec) -> dict[str, Any]:
    """One SPEC finding from needles; spans found with ``str.find``."""
    kind, s_needle, s_words, r_needle, r_words, explanation = spec
    s_idx = src.sentence(s_needle) if s_needle else None
    r_idx = rw.sentence(r_needle) if r_needle else None
    return {
        "kind": kind,
        "severity": severity(kind),
        "source_text": s_words,
        "rewrite_text": r_words,
        "source_span": src.span(s_idx, s_words) if s_idx is not None and s_words else None,
        "rewrite_span": rw.span(r_idx, r_words) if r_idx is not None and r_words else None,
        "source_sentence": s_idx,
        "rewrite_sentence": r_idx,
        "explanation": explanation,
    }


def assemble(
    src: Side,
    rw: Side,
    aligns: Sequence[AlignSpec],
    findings: Sequence[FindingSpec],
    verdict: dict[str, Any],
) -> dict[str, Any]:
    """A whole result dict; ``omitted`` is every body/title source sentence left unaligned."""
    alignments = [build_alignment(src, rw, a) for a in aligns]
    used = {i for a in alignments for i in a["source"]}
    omitted = [
        s["index"]
        for s in src.sentences
        if s["index"] not in used and s["kind"] in ("body", "title")
    ]
    found = [build_finding(src, rw, f) for f in findings]
    counts = {
        "errors": sum(f["severity"] == "error" for f in found),
        "warnings": sum(f["severity"] == "warning" for f in found),
    }
    return {
        "schema_version": 1,
        "source": src.to_dict(),
        "rewrite": rw.to_dict(),
        "verdict": {**verdict, **counts},
        "alignments": alignments,
        "omitted": omitted,
        "findings": found,
        "thresholds": dict(THRESHOLDS),
        "features": {"tfidf_cosine": 0.71, "shared_5grams": 0.18, "aligned_share": 0.86},
    }


# ---------------------------------------------------------------- the seed pair

SEED_ALIGNMENTS: list[AlignSpec] = [
    (
        ["Citizens escape as jihadists"],
        ["Civilians flee as IS-linked"],
        "paraphrase",
        0.52,
        [
            ("replace", "Civilians", "Citizens", "spin"),
            ("replace", "flee", "escape", "spin"),
            ("replace", "IS-linked", "connected to IS", "spin"),
            ("delete", "northeast", None, "neutral"),
        ],
    ),
    (
        ["MALI: Jihadists linked"],
        ["Jihadists aligned with the Islamic State group"],
        "paraphrase",
        0.61,
        [
            ("insert", None, "MALI:", "neutral"),
            ("replace", "aligned with", "linked to", "spin"),
            ("delete", "group", None, "neutral"),
            ("replace", "north eastern", "north-eastern", "neutral"),
            ("delete", "sources there say", None, "neutral", True),
            ("insert", None, "according to local sources", "neutral", True),
            ("replace", "prompting terrified citizens", "forcing fearful residents", "spin"),
        ],
    ),
    (
        ["In March, the Islamic State in the Greater Sahara"],
        ["The Islamic State in the Greater Sahara (ISGS) launched"],
        "light",
        0.78,
        [
            ("delete", "in March", None, "neutral", True),
            ("insert", None, "In March", "neutral", True),
            ("replace", "Menaka", "Menka", "error"),
            ("replace", "heavy", "fierce", "spin"),
            ("replace", "with local armed groups and rival", "between them and other", "neutral"),
        ],
    ),
    (
        ["Witnesses and additional sources"],
        ["Witnesses and other sources contacted"],
        "light",
        0.66,
        [
            ("replace", "other", "additional", "spin"),
            ("replace", "contacted", "reached", "spin"),
            ("replace", "sustained push", "continued pressure", "spin"),
            ("replace", "remote", "isolated", "spin"),
            ("replace", "campaigners say", "activists claim", "spin"),
        ],
    ),
    (
        ["Gao and Menaka, two important cities"],
        ["The strategic towns of Gao and Menaka"],
        "paraphrase",
        0.44,
        [
            ("replace", "strategic towns", "two important cities", "spin"),
            ("replace", "in the forefront", "at the center", "spin"),
            ("replace", "decade-long", "ten-year", "spin"),
        ],
    ),
    (
        ["Since 2012, an insurgency"],
        ["Since 2012, thousands have died"],
        "paraphrase",
        0.49,
        [("replace", "neighbouring", "the neighboring countries of", "neutral")],
    ),
    (
        ["Malian army officers staged a coup"],
        ["Despair at the toll"],
        "paraphrase",
        0.41,
        [("replace", "mount", "staged", "spin"), ("replace", "Despair", "frustration", "spin")],
    ),
    (
        ["Russian paramilitaries were introduced"],
        ["The junta has brought in Russian"],
        "paraphrase",
        0.47,
        [("replace", "pull out", "withdraw", "spin"), ("replace", "battling", "fighting", "spin")],
    ),
    (
        ["Outside the two cities"],
        ["Outside the two towns"],
        "light",
        0.62,
        [("replace", "towns", "cities", "spin"), ("replace", "region", "area", "spin")],
    ),
    (
        ["he bore the brunt"],
        ["They bore the brunt"],
        "paraphrase",
        0.55,
        [("replace", "They", "he", "error"), ("replace", "clashes", "conflict", "spin")],
    ),
    (
        ["They are currently caught"],
        ["They are now caught"],
        "light",
        0.64,
        [("replace", "now", "currently", "spin"), ("delete", "motley array of", None, "neutral")],
    ),
    (
        ["The latter group includes"],
        ["The latter comprise"],
        "paraphrase",
        0.5,
        [("replace", "comprise", "group includes", "spin")],
    ),
    (
        ["According to the United Nations and non-governmental"],
        ["The UN and NGOs have reported"],
        "paraphrase",
        0.46,
        [("replace", "UN", "United Nations", "neutral")],
    ),
    (
        ["Human Rights Watch reported last month"],
        ["Hundreds of villagers have died"],
        "paraphrase",
        0.51,
        [("replace", "said", "reported", "spin")],
    ),
    (
        ["A camp for the displaced near Gao"],
        ["Eleven were killed on Monday"],
        "paraphrase",
        0.43,
        [("delete", "at Kadji", None, "neutral"), ("replace", "motorbikes", "motorcycle", "spin")],
    ),
    (
        ["According to Moussa Ag Achertoumen"],
        ["Moussa Ag Acharatoumane, head"],
        "paraphrase",
        0.45,
        [
            ("replace", "Acharatoumane", "Achertoumen", "error"),
            ("replace", "head", "leader", "spin"),
            ("replace", "climate", "atmosphere", "error"),
        ],
    ),
    (
        ["He claimed that roads have been destroyed"],
        ["All economic life has come to a halt"],
        "paraphrase",
        0.42,
        [("replace", "All economic life", "all economic activities", "spin", True)],
    ),
    (
        ["He declared that the situation"],
        ["an unprecedented humanitarian crisis,” he said, adding"],
        "paraphrase",
        0.48,
        [("replace", "swamped", "uprooted", "spin")],
    ),
    (
        ["In his district, the mayor"],
        ["A mayor in the Menaka administrative region"],
        "paraphrase",
        0.4,
        [("replace", "there’s nobody left", "no one is left", "spin")],
    ),
    (
        ["According to a UN report published"],
        ["A UN document issued this month"],
        "paraphrase",
        0.5,
        [("replace", "nearly", "some", "neutral"), ("replace", "document", "report", "spin")],
    ),
    (
        ["According to several sources, when the French"],
        ["Several sources said that the jihadists"],
        "paraphrase",
        0.39,
        [("replace", "vacuum", "vacant lot", "spin")],
    ),
    (
        ["The fighting stops at the border"],
        ["The border with neighbouring Niger marks"],
        "paraphrase",
        0.46,
        [("replace", "marks the limit of", "stops at", "spin")],
    ),
    (
        ["Foreign forces, including France's Barkhane"],
        ["Niger’s army is being supported"],
        "paraphrase",
        0.57,
        [
            ("replace", "Niger’s army", "Nigerian Army", "error"),
            ("replace", "is being supported", "are assisting", "spin"),
            ("replace", "mission", "Mission", "neutral"),
        ],
    ),
    (
        ["A local elected official who fled to Bamako"],
        ["On the Malian side, the army has holed up"],
        "paraphrase",
        0.44,
        [("replace", "holed up", "taken refuge", "spin")],
    ),
    (
        ["He and others painted a horrifying"],
        ["He and others painted a gruesome"],
        "light",
        0.81,
        [
            ("replace", "gruesome", "horrifying", "spin"),
            ("replace", "under jihadist control", "ruled by the jihadists", "spin"),
        ],
    ),
    (
        ["The officer declared"],
        ["the official said"],
        "light",
        0.7,
        [("replace", "official", "officer", "error"), ("replace", "said", "declared", "spin")],
    ),
    (
        ["Villages seized by militants are subject"],
        ["Villages seized by the militants have to pay"],
        "paraphrase",
        0.58,
        [("replace", "brutal", "stricter", "spin")],
    ),
    (
        ["In September, an unmarried couple"],
        ["An aid worker in Ansongo"],
        "paraphrase",
        0.62,
        [("replace", "aid worker", "humanitarian worker", "spin")],
    ),
    (
        ["The source claimed that on the day"],
        ["They dug a hole on weekly market day"],
        "paraphrase",
        0.55,
        [("replace", "placed", "put", "error"), ("replace", "rocks", "stones", "error")],
    ),
    (
        ["pro-government forces are trying to get"],
        ["Pro-government forces are trying to muster"],
        "paraphrase",
        0.6,
        [("replace", "muster outside help", "get outside aid", "spin")],
    ),
    (
        ["One suggestion is to join forces"],
        ["One idea is to forge an alliance"],
        "paraphrase",
        0.46,
        [("replace", "Coordination of Azawad Movements", "Azad Movements", "error")],
    ),
    (
        ["the chances of forming a united front"],
        ["But the chances of creating a joint front"],
        "paraphrase",
        0.52,
        [("replace", "low", "slim", "spin"), ("replace", "joint", "united", "spin")],
    ),
    (
        ["Politically, it would seem a bit"],
        ["Politically, it would seem quite"],
        "light",
        0.68,
        [("replace", "team up openly with", "openly associate with", "error")],
    ),
]

SEED_FINDINGS: list[FindingSpec] = [
    (
        "entity_changed",
        "Niger’s army is being supported",
        "Niger’s army",
        "Foreign forces, including France's Barkhane",
        "Nigerian Army",
        "Niger (a country) became Nigerian (of Nigeria, a different country)",
    ),
    (
        "name_misspelled",
        "The Islamic State in the Greater Sahara (ISGS) launched",
        "Menaka",
        "In March, the Islamic State in the Greater Sahara",
        "Menka",
        "Menaka (a town and region of Mali) is misspelled as Menka",
    ),
    (
        "name_misspelled",
        "Moussa Ag Acharatoumane, head",
        "Acharatoumane",
        "According to Moussa Ag Achertoumen",
        "Achertoumen",
        "The name Acharatoumane is misspelled as Achertoumen",
    ),
    (
        "quote_altered",
        "Moussa Ag Acharatoumane, head",
        "climate of terror",
        "According to Moussa Ag Achertoumen",
        "atmosphere of terror",
        "The quoted words “climate of terror” became “atmosphere of terror”",
    ),
    (
        "pronoun_changed",
        "They bore the brunt",
        "They",
        "he bore the brunt",
        "he",
        "They (the nomads) became he (one person)",
    ),
    (
        "role_changed",
        "the official said",
        "official",
        "The officer declared",
        "officer",
        "The speaker, a local elected official, became an officer",
    ),
    (
        "quote_altered",
        "They dug a hole on weekly market day",
        "rocks",
        "The source claimed that on the day",
        "stones",
        "Inside the quotation, rocks became stones",
    ),
    (
        "entity_changed",
        "One idea is to forge an alliance",
        "Coordination of Azawad Movements",
        "One suggestion is to join forces",
        "Azad Movements",
        "The Coordination of Azawad Movements became the Azad Movements, another name",
    ),
    (
        "attribution_shift",
        "Witnesses and other sources contacted",
        "say",
        "Witnesses and additional sources",
        "claim",
        "said became claimed: the rewrite casts doubt the source did not",
    ),
    (
        "attribution_shift",
        "The UN and NGOs have reported",
        "have reported",
        "According to the United Nations and non-governmental",
        "reportedly",
        "A reported fact became hearsay (“reportedly”)",
    ),
    (
        "hedge_changed",
        "A UN document issued this month",
        "nearly",
        "According to a UN report published",
        "some",
        "nearly 60,000 (just under) became some 60,000 (about)",
    ),
    (
        "detail_omitted",
        "Eleven were killed on Monday",
        "at Kadji",
        "A camp for the displaced near Gao",
        None,
        "The place name Kadji is gone",
    ),
    (
        "boilerplate_inserted",
        None,
        None,
        "Also Read:\xa0Salman",
        "Also Read:\xa0Salman who raped a Hindu girl after kidnapping, arrested by UP Police",
        "An injected “Also Read” link to an unrelated story",
    ),
    (
        "boilerplate_inserted",
        None,
        None,
        "Also Read:\xa0Turkey",
        "Also Read:\xa0Turkey\xa0strikes roughly 500 Kurdish targets in Syria and Iraq",
        "An injected “Also Read” link to an unrelated story",
    ),
    (
        "synonym_substitution",
        "Civilians flee as IS-linked",
        "flee",
        "Citizens escape as jihadists",
        "escape",
        "flee was replaced by its synonym escape",
    ),
    (
        "synonym_substitution",
        "Civilians flee as IS-linked",
        "Civilians",
        "Citizens escape as jihadists",
        "Citizens",
        "Civilians was replaced by its synonym Citizens",
    ),
    (
        "synonym_substitution",
        "He and others painted a gruesome",
        "gruesome",
        "He and others painted a horrifying",
        "horrifying",
        "gruesome was replaced by its synonym horrifying",
    ),
    (
        "synonym_substitution",
        "Witnesses and other sources contacted",
        "remote",
        "Witnesses and additional sources",
        "isolated",
        "remote was replaced by its synonym isolated",
    ),
    (
        "reordering",
        "The Islamic State in the Greater Sahara (ISGS) launched",
        "in March",
        "In March, the Islamic State in the Greater Sahara",
        "In March",
        "“in March” was moved to the front of the sentence",
    ),
    (
        "paraphrase",
        "Since 2012, thousands have died",
        None,
        "Since 2012, an insurgency",
        None,
        "The sentence was reworded, its clauses reordered",
    ),
]

SEED_VERDICT = {
    "label": "heavy_rewrite",
    "is_rewrite": True,
    "probability": 0.97,
    "derived_fraction": 0.83,
    "source_coverage": 0.86,
    "rewrite_degree": 0.64,
    "spin_rate": 7.9,
}


def seed_result() -> dict[str, Any]:
    """The founding example as a result dict: AFP source, NewsTrack rewrite."""
    src = Side(
        SEED_SOURCE.read_text(encoding="utf-8"),
        id="mali/002_52ceadec900c4bd2.txt",
        title="Civilians flee as IS-linked jihadists advance in northeast Mali",
        outlet="The East African (AFP)",
        url="https://www.theeastafrican.co.ke/news/africa/civilians-flee-jihadists-mali",
        published="2022-10-24",
    )
    rw = Side(
        SEED_REWRITE.read_text(encoding="utf-8"),
        id="mali/001_7c31c2f309b64588.txt",
        title="Citizens escape as jihadists connected to IS advance in Mali",
        outlet="NewsTrack",
        url=None,
        published="2022-10-25",
    )
    return assemble(src, rw, SEED_ALIGNMENTS, SEED_FINDINGS, SEED_VERDICT)


# ---------------------------------------------------------------- hostile text

HOSTILE_SOURCE = (
    "Mayor <b>says</b> all is calm\n\n"
    "The mayor said <script>alert(1)</script> nothing happened on Monday.\n"
    'Residents saw <img src=x onerror="window.__pwned=1"> near the river.\n'
    "Officials wrote {{ 7*7 }} and {% for x in y %} in the memo.\n"
    "A form ended with </textarea> and an unclosed <b>bold claim.\n"
    "The \"quoted\" and 'single' words stay put.\n"
)
HOSTILE_REWRITE = (
    "Mayor <b>claims</b> all is calm\n\n"
    "The mayor claimed <script>alert(1)</script> nothing happened on Tuesday.\n"
    'Locals saw <img src=x onerror="window.__pwned=1"> near the river.\n'
    "Officials wrote {{ 7*7 }} and {% for x in y %} in the memo.\n"
    '<iframe src="javascript:alert(\'frame\')"></iframe> Also Read: <a href="https://evil.example/">x</a>\n'
    "A form ended with </textarea> and an unclosed <b>bold claim.\n"
    "The \"quoted\" and 'single' words stay put.\n"
)
HOSTILE = '<script>alert("x")</script><img src=x onerror="window.__pwned=1">{{ 7*7 }}\'"'


def hostile_result() -> dict[str, Any]:
    """A result whose every text field tries to inject markup, script or template syntax."""
    src = Side(
        HOSTILE_SOURCE,
        id="</title><script>alert('id')</script>",
        title="<script>alert('title')</script> {{ 7*7 }}",
        outlet='"><img src=x onerror="window.__pwned=1">',
        url="javascript:alert('url')",
        published='2022-01-01"><script>alert(1)</script>',
    )
    rw = Side(
        HOSTILE_REWRITE,
        id="rewrite-{% for %}",
        title=None,
        outlet="</style><script>window.__pwned=1</script>",
        url="https://evil.example/track.png",
        published=None,
    )
    aligns: list[AlignSpec] = [
        (
            ["Mayor <b>claims"],
            ["Mayor <b>says"],
            "light",
            0.8,
            [("replace", "says", "claims", "spin")],
        ),
        (
            ["The mayor claimed"],
            ["The mayor said"],
            "light",
            0.7,
            [
                ("replace", "said", "claimed", "spin"),
                ("replace", "Monday", "Tuesday", "error"),
            ],
        ),
        (
            ["Locals saw"],
            ["Residents saw"],
            "light",
            0.8,
            [("replace", "Residents", "Locals", "spin")],
        ),
        (["Officials wrote {{ 7*7 }}"], ["Officials wrote {{ 7*7 }}"], "verbatim", 1.0, []),
        (["A form ended"], ["A form ended"], "verbatim", 1.0, []),
        (['The "quoted"'], ['The "quoted"'], "verbatim", 1.0, []),
    ]
    findings: list[FindingSpec] = [
        (
            "number_changed",
            "The mayor said",
            "Monday",
            "The mayor claimed",
            "Tuesday",
            "Monday became Tuesday " + HOSTILE,
        ),
        (
            "attribution_shift",
            "The mayor said",
            "said <script>alert(1)</script>",
            "The mayor claimed",
            "claimed <script>alert(1)</script>",
            "said became claimed </textarea><b>{% for x in y %}",
        ),
        (
            "synonym_substitution",
            "Residents saw",
            '<img src=x onerror="window.__pwned=1">',
            "Locals saw",
            '<img src=x onerror="window.__pwned=1">',
            "Residents became Locals {{ 7*7 }}",
        ),
    ]
    result = assemble(src, rw, aligns, findings, dict(SEED_VERDICT))
    result["findings"][0]["kind"] = "number_changed<script>alert('kind')</script>"
    result["thresholds"]['<img src=x onerror="window.__pwned=1">'] = "{{ 7*7 }}"
    result["features"] = {"</td><script>alert(1)</script>": 0.5}
    result["alignments"][0]["label"] = 'light" onmouseover="window.__pwned=1'
    return result


# ---------------------------------------------------------------- synthetic shapes


def _synthetic_text(sentences: Sequence[str]) -> str:
    return "\n".join(sentences) + "\n"


def shapes_result() -> dict[str, Any]:
    """A small pair with every alignment shape: merge, split, move, omission, insertion."""
    src = Side(
        _synthetic_text(
            [
                "Floods hit the delta towns",
                "Heavy rain fell for three days in the delta.",
                "The river rose by two metres overnight.",
                "Officials ordered the evacuation of four villages.",
                "The regional governor said aid would arrive on Friday.",
                "Schools were closed and markets emptied.",
                "Farmers fear the harvest is lost, a union leader said.",
            ]
        ),
        id="shapes/source.txt",
        title="Floods hit the delta towns",
        outlet="Wire",
        published="2023-05-01",
    )
    rw = Side(
        _synthetic_text(
            [
                "Delta towns struck by floods",
                "The regional governor claimed aid would come on Friday.",
                "After three days of heavy rain in the delta, the river rose by two metres.",
                "Authorities ordered an evacuation.",
                "Four villages were affected.",
                "Click here to read more stories like this every day.",
                "Farmers fear the harvest is lost, a union leader said.",
            ]
        ),
        id="shapes/rewrite.txt",
        title="Delta towns struck by floods",
        outlet="Farm Daily",
        published="2023-05-02",
    )
    aligns: list[AlignSpec] = [
        (["Delta towns struck"], ["Floods hit the delta"], "paraphrase", 0.5, []),
        (
            ["The regional governor claimed"],
            ["The regional governor said"],
            "light",
            0.8,
            [("replace", "said", "claimed", "spin"), ("replace", "arrive", "come", "spin")],
        ),
        (
            ["After three days"],
            ["Heavy rain fell", "The river rose"],
            "paraphrase",
            0.66,
            [
                ("delete", "overnight", None, "neutral"),
                ("equal", "three days", "three days", "neutral", True),
                ("equal", "in the delta", "in the delta", "neutral"),
            ],
        ),
        (
            ["Authorities ordered", "Four villages were"],
            ["Officials ordered the evacuation"],
            "paraphrase",
            0.58,
            [("replace", "Officials", "Authorities", "spin")],
        ),
        (["Farmers fear"], ["Farmers fear"], "verbatim", 1.0, []),
    ]
    findings: list[FindingSpec] = [
        (
            "attribution_shift",
            "The regional governor said",
            "said",
            "The regional governor claimed",
            "claimed",
            "said became claimed",
        ),
        (
            "sentence_merge",
            "The river rose",
            None,
            "After three days",
            None,
            "Two source sentences were merged into one",
        ),
        (
            "sentence_split",
            "Officials ordered the evacuation",
            None,
            "Four villages were",
            None,
            "One source sentence was split in two",
        ),
        (
            "inserted_content",
            None,
            None,
            "Click here",
            "Click here to read more stories like this every day.",
            "A sentence with no origin in the source",
        ),
    ]
    verdict = {
        "label": "light_rewrite",
        "is_rewrite": True,
        "probability": 0.91,
        "derived_fraction": 0.74,
        "source_coverage": 0.8,
        "rewrite_degree": 0.38,
        "spin_rate": 3.2,
    }
    return assemble(src, rw, aligns, findings, verdict)


def long_result(n: int = 240) -> dict[str, Any]:
    """A synthetic pair of ``n`` sentences per side: every third one reworded, some moved."""
    words = [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
    ]
    src_lines = [
        f"Sentence {i} reports {words[i % 10]} and {words[(i * 7) % 10]} news." for i in range(n)
    ]
    rw_lines = [
        line.replace("reports", "tells of") if i % 3 == 0 else line
        for i, line in enumerate(src_lines)
    ]
    rw_lines[10], rw_lines[20] = rw_lines[20], rw_lines[10]
    src = Side(_synthetic_text(src_lines), id="long/source", title=src_lines[0], outlet="Wire")
    rw = Side(_synthetic_text(rw_lines), id="long/rewrite", title=rw_lines[0], outlet="Farm")
    aligns: list[AlignSpec] = []
    for i, line in enumerate(rw_lines):
        if i % 17 == 5:
            continue  # left out: becomes an omitted source sentence and an inserted one
        source_line = src_lines[20 if i == 10 else 10 if i == 20 else i]
        edits = [("replace", "reports", "tells of", "spin")] if "tells of" in line else []
        aligns.append(([line], [source_line], "light" if edits else "verbatim", 0.9, edits))
    findings: list[FindingSpec] = [
        (
            "synonym_substitution",
            src_lines[i],
            "reports",
            rw_lines[i],
            "tells of",
            "reports became tells of",
        )
        for i in range(0, n, 30)
        if i not in (10, 20) and i % 17 != 5
    ]
    return assemble(src, rw, aligns, findings, dict(SEED_VERDICT))


# ---------------------------------------------------------------- golden files

GOLDEN_CASES: dict[str, Callable[[], dict[str, Any]]] = {
    "seed_pair": seed_result,
    "hostile_pair": hostile_result,
    "shapes_pair": shapes_result,
}

_SCRUBS = (
    (
        re.compile(r'(<time class="generated" datetime=")[^"]*(">)[^<]*(</time>)'),
        rf"\g<1>{FIXED_TIME}\g<2>{FIXED_TIME}\g<3>",
    ),
    (re.compile(r'(<span class="version">)[^<]*(</span>)'), rf"\g<1>{FIXED_VERSION}\g<2>"),
    (
        re.compile(r'(<meta name="generator" content="rewrite-detect )[^"]*(">)'),
        rf"\g<1>{FIXED_VERSION}\g<2>",
    ),
)


def scrub(html: str) -> str:
    """Replace the generation time and the version, which change from run to run."""
    for pattern, replacement in _SCRUBS:
        html = pattern.sub(replacement, html)
    return html


def render_case(name: str) -> str:
    """A golden case rendered with today's time and version, then scrubbed."""
    from rewrite_detect.report.render import render_pair

    return scrub(render_pair(GOLDEN_CASES[name]()))


def golden_path(name: str) -> Path:
    """Where the golden HTML of a case is kept."""
    return GOLDEN_DIR / f"{name}.html"
