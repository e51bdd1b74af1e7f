"""Issue 7: non-English input is detected and reported, not silently mis-scored."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from rewrite_detect.language import (
    MIN_EVIDENCE_BYTES,
    SAMPLE_CHARS,
    SAMPLE_WINDOWS,
    LanguageGuess,
    detect_language,
    language_notice,
    language_of,
    sample_text,
)
from rewrite_detect.pipeline import compare
from tests.conftest import REWRITE, SOURCE, seed_article

# Real news sentences, two per language (each well over MIN_EVIDENCE_BYTES of letters).
SENTENCES = {
    "en": "France's Barkhane mission supports Niger's army in the fight against jihadist groups "
    "in the Sahel. The minister said on Tuesday that the talks would resume next week.",
    "fr": "La mission Barkhane soutient l'armée nigérienne dans sa lutte contre les groupes "
    "jihadistes au Sahel. Le ministre a déclaré mardi que les négociations reprendraient la "
    "semaine prochaine.",
    "es": "La misión Barkhane apoya al ejército de Níger en la lucha contra los grupos yihadistas "
    "en el Sahel. El ministro dijo el martes que las negociaciones se reanudarían la próxima "
    "semana.",
    "de": "Die Mission Barkhane unterstützt die Armee Nigers im Kampf gegen dschihadistische "
    "Gruppen in der Sahelzone. Der Minister sagte am Dienstag, die Gespräche würden nächste "
    "Woche fortgesetzt.",
    "ar": "تدعم مهمة برخان الجيش النيجري في قتاله ضد الجماعات الجهادية في منطقة الساحل. "
    "قال الوزير يوم الثلاثاء إن المحادثات ستستأنف الأسبوع المقبل.",
    "zh": "巴尔赫内行动支持尼日尔军队在萨赫勒地区打击圣战组织。部长周二表示，谈判将于下周恢复。"
    "这家美国媒体巨头的季度利润在截至12月的三个月里增长了76%。",
}


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_real_sentences_in_six_languages(code: str) -> None:
    guess = detect_language(SENTENCES[code])
    assert guess.code == code
    assert guess.is_english == (code == "en")
    assert guess.confidence >= 0.6
    assert guess.detected


@pytest.mark.parametrize("name", [SOURCE, REWRITE])
def test_english_news_articles_are_english_with_high_confidence(name: str) -> None:
    guess = detect_language(seed_article(name).text)
    assert guess == LanguageGuess("en", guess.confidence, True)
    assert guess.confidence > 0.99


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "Hi",
        "OK.",
        "NATO",
        "Barack Obama",
        "COVID-19",
        "123 456 789",
        "\x00\x01\x02",
        "\ud800\udfff lone surrogates",
        "🙂🙂🙂",
        "Share: Facebook Twitter",
        "Menaka",
        "部长周二表示。",  # one short Chinese sentence: too little to tell
    ],
)
def test_short_or_odd_input_is_undetermined_and_raises_no_notice(text: str) -> None:
    guess = detect_language(text)
    assert guess.code == "und"
    assert guess.confidence == 0.0
    assert guess.is_english
    assert language_notice("rewrite", guess) is None


def test_evidence_counts_bytes_so_short_scripts_are_judged_fairly() -> None:
    # 40 Chinese characters are 120 bytes of letters: enough, while 40 Latin letters are not.
    chinese = (
        "部长周二表示谈判将于下周恢复这家美国媒体巨头的季度利润"
        + "在截至月的三个月里增长了巴尔赫内行动支持"
    )
    assert len(chinese) * 3 >= MIN_EVIDENCE_BYTES
    assert detect_language(chinese).code == "zh"
    assert detect_language("Gunmen attacked Menaka on Tuesday.").code == "und"


def test_all_capital_wire_tables_are_not_called_foreign() -> None:
    # Wire-style tables drift to Nigerian Pidgin ("pcm") in the model, ahead of English: the
    # rule asks how likely English is, not which language wins, so no notice is raised.
    table = (
        "SHR 1.25 DLRS VS 1.10 DLRS\nNET 12.5 MLN VS 11.0 MLN\nREVS 250.1 MLN VS 231.4 MLN\n"
        "NINE MTHS\nSHR 3.40 DLRS VS 2.95 DLRS\nNET 34.2 MLN VS 29.8 MLN\n"
        "REVS 712.9 MLN VS 655.0 MLN\nNOTE: 1986 NET INCLUDES GAIN OF 1.2 MLN DLRS FROM SALE\n"
    )
    guess = detect_language(table)
    assert guess.code != "und"  # enough evidence: the rule, not the length, decides
    assert guess.is_english
    assert language_notice("source", guess) is None


def test_an_english_article_quoting_french_stays_english() -> None:
    text = SENTENCES["en"] + ' "Nous ne partirons pas," he said. ' + seed_article(SOURCE).text
    assert detect_language(text).is_english


def test_long_text_is_judged_on_a_bounded_sample() -> None:
    french = SENTENCES["fr"] + " "
    text = french * (2_000_000 // len(french))
    sample = sample_text(text)
    assert len(sample) <= SAMPLE_CHARS + SAMPLE_WINDOWS
    assert sample_text("short text") == "short text"
    guess = detect_language(text)
    assert (guess.code, guess.is_english) == ("fr", False)


def test_half_english_half_french_is_sampled_from_both_ends() -> None:
    english = (seed_article(SOURCE).text + "\n") * 40
    french = (SENTENCES["fr"] + "\n") * 400
    sample = sample_text(english + french)
    assert "Barkhane" in sample and "négociations" in sample


@pytest.mark.parametrize(
    ("declared", "code", "is_english", "detected"),
    [
        ("en", "en", True, False),
        ("en-GB", "en-GB", True, False),
        ("English", "English", True, False),
        ("fr", "fr", False, False),
        ("und", "fr", False, True),  # "unknown" means: detect it
        ("", "fr", False, True),
        (None, "fr", False, True),
    ],
)
def test_a_declared_language_is_trusted_else_detected(
    declared: str | None, code: str, is_english: bool, detected: bool
) -> None:
    guess = language_of(declared, SENTENCES["fr"])
    assert (guess.code, guess.is_english, guess.detected) == (code, is_english, detected)


def test_compare_reports_a_french_rewrite_and_still_scores_it() -> None:
    result = compare(SENTENCES["en"], SENTENCES["fr"])
    data = result.to_dict()
    assert data["rewrite"]["language"] == "fr"
    assert data["source"]["language"] == "en"
    assert data["notices"] == [
        "The rewrite looks like French (confidence 1.00): scores are calibrated for English "
        "text and may be wrong."
    ]
    assert result.notices == tuple(data["notices"])
    assert data["verdict"]["label"] in ("copy", "light_rewrite", "heavy_rewrite", "unrelated")


def test_compare_names_each_non_english_side() -> None:
    result = compare(SENTENCES["de"], {"text": SENTENCES["ar"], "language": "ar"})
    assert result.notices == (
        "The source looks like German (confidence 1.00): scores are calibrated for English "
        "text and may be wrong.",
        'The rewrite is marked as Arabic ("ar"): scores are calibrated for English text and '
        "may be wrong.",
    )
    assert result.rewrite.article.language == "ar"


def test_english_pairs_carry_no_notice(seed_pair) -> None:  # type: ignore[no-untyped-def]
    assert seed_pair.notices == ()
    assert seed_pair.to_dict()["notices"] == []
    assert seed_pair.to_dict()["rewrite"]["language"] == "en"


def test_the_model_ships_in_the_wheel_and_needs_no_network() -> None:
    code = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network used")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        from rewrite_detect.language import detect_language
        print(detect_language(TEXT).code)
        """
    )
    code = f"TEXT = {SENTENCES['es']!r}\n{code}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "es"
