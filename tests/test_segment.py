"""Sentences and words of dirty scraped text, with offsets into the text as given."""

from __future__ import annotations

import pytest

from rewrite_detect.ingest import decode_bytes
from rewrite_detect.normalize import normalize_text
from rewrite_detect.records import Article
from rewrite_detect.segment import build_document, split_sentences


def _sentences(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in split_sentences(text, normalize_text(text))]


def test_normalisation_keeps_every_offset() -> None:
    text = (
        "Niger\u2019s\u00a0army \u201cquoted\u201d \u2014 soft\u00adhyphen zero\u200bwidth \ufb01ne"
    )
    assert len(normalize_text(text)) == len(text)
    assert normalize_text(text).startswith('Niger\'s army "quoted" - soft')


def test_title_repeated_twice_and_page_furniture() -> None:
    text = (
        "Big story today\nBig story today\nShare:\n\n"
        "The minister resigned on Monday. She gave no reason.\n\n"
        "Also Read: Ten other things you should know\n\nLeave a Reply\nRelated News\n"
    )
    kinds = _sentences(text)
    assert kinds[0] == ("title", "Big story today")
    assert kinds[1] == ("duplicate_title", "Big story today")
    assert ("furniture", "Share:") in kinds
    assert ("body", "The minister resigned on Monday.") in kinds
    assert ("body", "She gave no reason.") in kinds
    assert ("furniture", "Also Read: Ten other things you should know") in kinds
    assert ("furniture", "Leave a Reply") in kinds and ("furniture", "Related News") in kinds


def test_sentences_glued_without_a_space_are_split() -> None:
    text = "Sales rose 2% to $11.1bn from $10.9bn.For the full-year, profit rose 27%."
    bodies = [t for k, t in _sentences(text) if k != "title"] or [t for _, t in _sentences(text)]
    assert "Sales rose 2% to $11.1bn from $10.9bn." in bodies
    assert "For the full-year, profit rose 27%." in bodies


@pytest.mark.parametrize(
    "text", ["The U.N. envoy, Mr. J. R. Smith, arrived.", "Prices rose 3.5% in the U.S. last year."]
)
def test_abbreviations_and_decimals_do_not_split(text: str) -> None:
    assert [t for _, t in _sentences(text)] == [text]


def test_hard_wrapped_newswire_is_joined() -> None:
    text = (
        "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought "
        "since early\nJanuary and improving prospects for the coming crop.\n"
        "    The dry period means the harvest will be late this year.\n"
    )
    sents = [t.replace("\n", " ") for _, t in _sentences(text)]
    assert sents[0].startswith("Showers continued throughout the week in the Bahia")
    assert sents[0].endswith("coming crop.")


def test_one_sentence_string_is_a_valid_article() -> None:
    doc = build_document(Article(id="x", text="The army said it had withdrawn."))
    assert len(doc.sentences) == 1 and not doc.sentences[0].boilerplate
    assert [t.norm for t in doc.tokens] == ["the", "army", "said", "it", "had", "withdrawn"]


def test_tokens_keep_spans_and_split_contractions() -> None:
    text = "“If you’re not with them, you’re against them,” the official said."
    doc = build_document(Article(id="x", text=text))
    norms = [t.norm for t in doc.tokens]
    assert norms[:6] == ["if", "you", "are", "not", "with", "them"]
    for t in doc.tokens:
        assert text[t.start : t.end].replace("’", "'") in (t.text, t.text.replace("’", "'"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Caf\u00e9 \u201cquote\u201d".encode("utf-8-sig"), "Caf\u00e9 \u201cquote\u201d"),
        ("Caf\u00e9 \u201cquote\u201d".encode("cp1252"), "Caf\u00e9 \u201cquote\u201d"),
        ("Caf\u00e9 na\u00efve".encode("latin-1"), "Caf\u00e9 na\u00efve"),
        ("Caf\u00e9 \u201cquote\u201d".encode("utf-16"), "Caf\u00e9 \u201cquote\u201d"),
    ],
)
def test_unknown_encodings_decode(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


def test_binary_is_refused_with_the_file_name() -> None:
    with pytest.raises(ValueError, match=r"blob\.bin: binary"):
        decode_bytes(bytes(range(256)) * 8, "blob.bin")
