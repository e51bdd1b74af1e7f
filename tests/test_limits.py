"""Issue 7: limits with clear messages, and huge or repetitive input that completes.

The big cases run in a child process with a generous timeout that only catches a hang (the
wall-time targets live in ``bench/limits.py``, not here: a loaded CI machine must not fail a
test that merely ran slowly). Each child prints a JSON summary of its result, checked here.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from rewrite_detect.cli import main
from rewrite_detect.pipeline import compare

REPO = Path(__file__).resolve().parents[1]
HANG = 1_800  # seconds: far beyond the measured times (bench/limits.py), so only a hang fails
SENTENCE = "The minister said the army had secured the northern town of Menaka on Tuesday. "
SEEDS = REPO / "examples" / "mali"


# --------------------------------------------------------------------------- cases
# Shared with bench/limits.py, which times them at full size.


def repeated(n: int) -> str:
    """A title, then one sentence ``n`` times (a scraper loop, a spam page)."""
    return "Menaka secured\n\n" + SENTENCE * n


def seed_source() -> str:
    """The bundled AFP source article."""
    return (SEEDS / "002_52ceadec900c4bd2.txt").read_text(encoding="utf-8")


def _seed_words() -> list[str]:
    words = {w for p in sorted(SEEDS.glob("*.txt")) for w in p.read_text("utf-8").split()}
    return sorted(w for w in words if w.isalpha())


def _bbc_paragraph_blocks() -> list[str] | None:
    """BBC News articles from ../shared/data (research data, never shipped), if present."""
    from tests.eval.datasets import BBC_FULLTEXT, data_root, load_bbc_articles

    root = data_root()
    if root is None or not (root / BBC_FULLTEXT).is_dir():
        return None
    return [a.text for a in load_bbc_articles(root)]


def _synthetic_blocks(n: int, seed: int = 7) -> list[str]:
    """``n`` paragraphs of 5 distinct sentences from the seed articles' words."""
    rnd = random.Random(seed)
    words = _seed_words()
    blocks = []
    for _ in range(n):
        sentences = [" ".join(rnd.choices(words, k=rnd.randint(10, 22))) for _ in range(5)]
        blocks.append(" ".join(s[:1].upper() + s[1:] + "." for s in sentences))
    return blocks


def many_sentences(max_chars: int = 400_000) -> tuple[str, str]:
    """A source of thousands of distinct sentences (BBC articles, else synthetic) and a
    rewrite made of every third of its articles, verbatim, in order."""
    blocks = _bbc_paragraph_blocks() or _synthetic_blocks(1_000)
    chosen, size = [], 0
    for block in blocks:
        if size + len(block) > max_chars:
            break
        chosen.append(block)
        size += len(block) + 2
    return "\n\n".join(chosen), "\n\n".join(chosen[::3])


def unpunctuated(n_words: int, *, shuffle: bool = False, seed: int = 3) -> str:
    """One huge "sentence": words and spaces, no punctuation (extraction gone wrong)."""
    rnd = random.Random(seed)
    words = _seed_words()
    text = [rnd.choice(words).lower() for _ in range(n_words)]
    if shuffle:
        random.Random(seed + 1).shuffle(text)
    return " ".join(text)


def spam(n_words: int) -> str:
    """A keyword-stuffed line: three words repeated, no punctuation."""
    return " ".join(["buy", "cheap", "pills"] * (n_words // 3))


def _run(body: str) -> dict:
    """Run ``body`` in a fresh interpreter; it must set ``result`` (a PairResult)."""
    code = textwrap.dedent(
        """
        import json, sys
        sys.path.insert(0, {repo!r})
        from rewrite_detect.pipeline import compare
        from tests.test_limits import *
        {body}
        d = result.to_dict()
        kinds = sorted({{f["kind"] for f in d["findings"]}})
        print(json.dumps({{
            "verdict": d["verdict"], "notices": d["notices"], "omitted": len(d["omitted"]),
            "sentences": [len(d["source"]["sentences"]), len(d["rewrite"]["sentences"])],
            "alignments": [[a["rewrite"], a["source"], a["label"]] for a in d["alignments"]],
            "kinds": kinds,
        }}))
        """
    ).format(repo=str(REPO), body=textwrap.dedent(body))
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=HANG,
        cwd=REPO,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- refusals


def test_an_article_over_max_chars_is_refused_naming_it_and_the_limit() -> None:
    with pytest.raises(ValueError) as err:
        compare("x" * 1_001, "short text", max_chars=1_000)
    message = str(err.value)
    assert message.startswith("source: ")
    assert "1,001 characters" in message and "1,000" in message and "max_chars" in message


def test_the_default_limit_refuses_before_any_work() -> None:
    with pytest.raises(ValueError, match=r"rewrite: article has 2,000,001 characters.*max_chars"):
        compare("A short source.", "y" * 2_000_001)


def test_an_article_over_max_sentences_is_refused_naming_it_and_the_limit() -> None:
    record = {"id": "farm-42", "text": SENTENCE * 11}
    with pytest.raises(ValueError) as err:
        compare("A short source.", record, max_sentences=10)
    message = str(err.value)
    assert message.startswith("farm-42 (rewrite): ")
    assert "11 sentences" in message and "10" in message and "max_sentences" in message


def test_the_command_line_names_the_file_and_exits_1(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    big.write_text("Title\n\n" + SENTENCE * 50, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("Title\n\n" + SENTENCE, encoding="utf-8")
    run = CliRunner().invoke(main, ["compare", str(small), str(big), "--set", "max_chars=1000"])
    assert run.exit_code == 1
    assert str(big) in run.output and "max_chars" in run.output


# --------------------------------------------------------------------------- completes


@pytest.mark.slow
def test_one_sentence_repeated_10000_times_as_source_and_rewrite() -> None:
    out = _run("result = compare(repeated(10_000), repeated(10_000))")
    v = out["verdict"]
    assert out["sentences"] == [10_001, 10_001]
    assert (v["label"], v["derived_fraction"], v["source_coverage"]) == ("copy", 1.0, 1.0)
    assert out["omitted"] == 0
    # each copy is matched with its own occurrence: nothing looks reordered or omitted
    assert all(a == [[i], [i], "verbatim"] for i, a in enumerate(out["alignments"]))
    assert "reordering" not in out["kinds"] and out["notices"] == []


@pytest.mark.slow
def test_a_repeated_sentence_against_a_real_article_both_ways() -> None:
    # The sentence resembles one sentence of the seed: 10,000 copies of it are as derived as
    # 100, and reuse that one source sentence once (its words count once in source_coverage).
    few = compare(seed_source(), repeated(100)).verdict
    as_rewrite = _run("result = compare(seed_source(), repeated(10_000))")
    assert as_rewrite["sentences"][1] == 10_001
    v = as_rewrite["verdict"]
    assert abs(v["derived_fraction"] - round(few.derived_fraction, 4)) < 0.01
    assert v["source_coverage"] == round(few.source_coverage, 4) < 0.1
    as_source = _run("result = compare(repeated(10_000), seed_source())")
    assert as_source["sentences"][0] == 10_001
    assert as_source["verdict"]["source_coverage"] < 0.01
    assert as_source["omitted"] > 9_990


@pytest.mark.slow
def test_thousands_of_distinct_sentences() -> None:
    out = _run("source, rewrite = many_sentences(); result = compare(source, rewrite)")
    n_source, n_rewrite = out["sentences"]
    assert n_source >= 3_000 and n_rewrite >= 1_000
    v = out["verdict"]
    assert v["label"] == "copy"  # the rewrite is every third source paragraph, verbatim
    assert v["derived_fraction"] > 0.95
    assert 0.2 < v["source_coverage"] < 0.5


@pytest.mark.slow
def test_one_unpunctuated_200_kb_sentence_against_itself_shuffled() -> None:
    out = _run("result = compare(unpunctuated(30_000), unpunctuated(30_000, shuffle=True))")
    assert out["sentences"] == [1, 1]
    assert out["verdict"]["label"] in ("unrelated", "heavy_rewrite")
    same = _run("result = compare(unpunctuated(30_000), unpunctuated(30_000))")
    assert same["verdict"]["label"] == "copy" and same["verdict"]["derived_fraction"] == 1.0


@pytest.mark.slow
def test_keyword_stuffed_spam_line() -> None:
    out = _run("result = compare(spam(60_000), spam(60_000))")
    assert out["verdict"]["label"] == "copy"
