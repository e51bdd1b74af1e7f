"""Issue 7: property tests over every stage, scorer and the aligner (hypothesis).

Raw crawls hold any text at all, so the stages and ``compare`` are run on arbitrary unicode
(control characters and NUL included) and on sentence-like text built from real words with the
dirt scraped pages carry. What must hold, whatever the text:

- nothing crashes; the JSON form serialises;
- every span (sentence, token, edit, finding) lies inside the text it indexes, a sentence's
  span gives back its text exactly and is stripped, and edits stay inside their aligned sentences;
- every score is inside its range; counts agree with the findings;
- ``compare(x, x)`` is a ``copy`` whenever x has a sentence with a word (a text that is only page
  furniture has nothing to copy: it is ``unrelated`` with nothing derived);
- removing a sentence copied verbatim from both texts never raises ``derived_fraction`` or
  ``source_coverage``; removing an inserted one never lowers ``derived_fraction``; removing an
  omitted one never lowers ``source_coverage``. These hold exactly when the sentences share no
  content word (so removing one cannot re-route the others' alignment), which is how the texts
  of those tests are built;
- the TF-IDF sentence similarity is symmetric; n-gram containment and the tuning sweep keep
  their definitions.

The whole file runs in well under a minute on 2 cores (``max_examples`` below).
"""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rewrite_detect.align import group_links, link_sentences
from rewrite_detect.config import load_config
from rewrite_detect.edits import windowed_opcodes
from rewrite_detect.normalize import fold_word, normalize_text
from rewrite_detect.pipeline import compare, prepare
from rewrite_detect.records import Article, Document, PairResult
from rewrite_detect.scoring import ngram_containment
from rewrite_detect.segment import build_document, stem
from rewrite_detect.tune import candidate_thresholds, confusion_at, sweep
from rewrite_detect.vectorize import default_idf, sentence_similarities

FAST = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(deadline=None, max_examples=150)

_NEWS_TEXT = (
    "the army said it had withdrawn its troops to protect civilians near base France's "
    "Barkhane mission supports Niger's Nigerien Nigeria Nigerian forces Menaka Menka rebels "
    "seized northern town Kidal Monday Tuesday after two three 3 1,500 $10.9bn 76% days of "
    "fighting officials officer official claimed reportedly according to nearly some not never "
    "he she they was were aid agencies warned that food supplies would run out within a week "
    "United Nations called for an immediate ceasefire and talks between both sides thousands "
    "residents have fled south towards capital since weekend minister resigned gave no reason"
)
NEWS_WORDS = tuple(_NEWS_TEXT.split())
DIRT = (
    "\u00a0", "\u00ad", "\u200b", "\ufeff", "\u201c", "\u201d", "\u2019", "\u2014", "\u2026",
    "\t", "\r\n", "\x00", "\x0b", "&amp;", "&#8217;", "Share:", "Leave a Reply",
    "Also Read: Army kills 10 in Menaka", "Related News", '"', "'", "(", ")", "\n\n", "\n",
)  # fmt: skip
SEPARATORS = (" ", "\n", "\n\n", "  ", "\n \n")


@st.composite
def sentence_like(draw: st.DrawFn) -> str:
    """A sentence of real news words, sometimes quoted, sometimes without a full stop."""
    words = draw(st.lists(st.sampled_from(NEWS_WORDS), min_size=1, max_size=16))
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    if draw(st.booleans()):
        text = f'"{text}," he said'
    return text + draw(st.sampled_from((".", ".", "!", "?", "", ":")))


@st.composite
def dirty_article(draw: st.DrawFn) -> str:
    """Sentence-like text mixed with scraped dirt and arbitrary unicode."""
    pieces = draw(
        st.lists(
            st.one_of(sentence_like(), st.sampled_from(DIRT), st.text(max_size=12)),
            min_size=1,
            max_size=10,
        )
    )
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + s for p, s in zip(pieces, seps, strict=True))


any_text = st.one_of(st.text(max_size=200), dirty_article())


def _has_real_sentence(doc: Document) -> bool:
    return any(doc.tokens_of(i) for i in doc.content_sentences)


# --------------------------------------------------------------------------- stages


@QUICK
@given(any_text)
def test_normalize_keeps_length_and_ascii(text: str) -> None:
    normalized = normalize_text(text)
    assert len(normalized) == len(text)
    for original, norm in zip(text, normalized, strict=True):
        if original.isascii() and original not in "\t\r\x00`":
            assert norm == original


@QUICK
@given(any_text)
def test_sentences_and_tokens_point_into_the_text(text: str) -> None:
    doc = build_document(Article("a", text))
    previous_end = 0
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert not s.text[0].isspace() and not s.text[-1].isspace()
        assert s.boilerplate == (s.kind in ("furniture", "duplicate_title"))
        previous_end = s.end
        lo, hi = doc.sentence_tokens[i]
        for t in doc.tokens[lo:hi]:
            assert t.sentence == i
            assert s.start <= t.start < t.end <= s.end
            assert doc.normalized[t.start : t.end] == t.text
            assert t.norm and t.stem is not None
    assert sum(hi - lo for lo, hi in doc.sentence_tokens) == len(doc.tokens)


# --------------------------------------------------------------------------- compare


def _check_spans(result: PairResult) -> None:
    src, rw = result.source, result.rewrite
    s_text, r_text = src.article.text, rw.article.text
    for a in result.alignments:
        r_lo = min(rw.sentences[i].start for i in a.rewrite)
        r_hi = max(rw.sentences[i].end for i in a.rewrite)
        s_lo = min((src.sentences[i].start for i in a.source), default=0)
        s_hi = max((src.sentences[i].end for i in a.source), default=0)
        for e in a.edits:
            assert e.source_span or e.rewrite_span
            if e.rewrite_span:
                assert r_lo <= e.rewrite_span[0] < e.rewrite_span[1] <= r_hi
            if e.source_span:
                assert s_lo <= e.source_span[0] < e.source_span[1] <= s_hi
    for f in result.findings:
        for span, text, sentence, doc in (
            (f.source_span, f.source_text, f.source_sentence, src),
            (f.rewrite_span, f.rewrite_text, f.rewrite_sentence, rw),
        ):
            if span is None:
                continue
            full = doc.article.text
            assert 0 <= span[0] <= span[1] <= len(full)
            assert full[span[0] : span[1]] == text
            if sentence is not None:
                s = doc.sentences[sentence]
                assert (span[0] < s.end and span[1] > s.start) or span[0] == span[1]
    assert len(s_text) == len(src.normalized) and len(r_text) == len(rw.normalized)


def _check_scores(result: PairResult) -> None:
    v = result.verdict
    for name in ("probability", "derived_fraction", "source_coverage", "rewrite_degree"):
        value = getattr(v, name)
        assert 0.0 <= value <= 1.0, (name, value)
    assert math.isfinite(v.spin_rate) and v.spin_rate >= 0.0
    assert v.errors == sum(1 for f in result.findings if f.severity == "error")
    assert v.warnings == sum(1 for f in result.findings if f.severity == "warning")
    assert v.is_rewrite == (v.label != "unrelated")
    for name, value in result.features.items():
        assert 0.0 <= value <= 1.0, (name, value)
    for a in result.alignments:
        assert -1e-9 <= a.similarity <= 1.0 + 1e-9


def _reused_tokens(doc: Document, spans: list[tuple[int, int]]) -> int:
    """Content words of ``doc`` that start inside one of ``spans`` (each word counted once)."""
    content = set(doc.content_sentences)
    starts = sorted(spans)
    count = 0
    for t in doc.tokens:
        if t.sentence in content and any(a <= t.start < b for a, b in starts):
            count += 1
    return count


def _check_reuse_counts(result: PairResult) -> None:
    """derived_fraction and source_coverage, recounted from the edits of the JSON form."""
    kept = [e for a in result.alignments for e in a.edits if e.op in ("equal", "replace")]
    for doc, spans, value in (
        (result.rewrite, [e.rewrite_span for e in kept], result.verdict.derived_fraction),
        (result.source, [e.source_span for e in kept], result.verdict.source_coverage),
    ):
        words = sum(len(doc.tokens_of(i)) for i in doc.content_sentences)
        expected = min(1.0, _reused_tokens(doc, [s for s in spans if s]) / words) if words else 0.0
        assert math.isclose(value, expected, abs_tol=1e-9), (value, expected)


def _check_structure(result: PairResult) -> None:
    src, rw = result.source, result.rewrite
    seen = [i for a in result.alignments for i in a.rewrite]
    assert sorted(seen) == [s.index for s in rw.sentences]  # each rewrite sentence once
    used = {i for a in result.alignments for i in a.source}
    content = set(src.content_sentences)
    assert used <= content
    assert set(result.omitted) == content - used
    for a in result.alignments:
        if a.label in ("inserted", "boilerplate"):
            assert a.source == () and a.edits == ()
        else:
            assert a.source and all(not rw.sentences[i].boilerplate for i in a.rewrite)


@FAST
@given(any_text, any_text)
def test_compare_holds_its_invariants_on_any_text(source: str, rewrite: str) -> None:
    result = compare(source, rewrite)
    _check_spans(result)
    _check_scores(result)
    _check_structure(result)
    _check_reuse_counts(result)
    json.loads(result.to_json())


@FAST
@given(any_text)
def test_identical_texts_are_copies(text: str) -> None:
    result = compare(text, text)
    _check_scores(result)
    v = result.verdict
    if _has_real_sentence(result.source):
        assert v.label == "copy" and v.is_rewrite and v.probability == 1.0
        assert v.derived_fraction == 1.0 and v.source_coverage == 1.0
        assert v.rewrite_degree == 0.0 and v.errors == 0
        assert result.omitted == ()
        assert all(a.label in ("verbatim", "boilerplate") for a in result.alignments)
    else:  # only page furniture (or no words): nothing to copy
        assert v.label == "unrelated" and v.derived_fraction == 0.0


@settings(deadline=None, max_examples=25)
@given(sentence_like(), st.integers(2, 12))
def test_a_repeated_sentence_is_matched_occurrence_by_occurrence(sentence: str, n: int) -> None:
    text = "\n\n".join([sentence] * n)
    result = compare(text, text)
    doc = result.source
    assume(_has_real_sentence(doc))
    pairs = {(a.rewrite, a.source) for a in result.alignments if a.source}
    assert pairs == {((i,), (i,)) for i in doc.content_sentences}
    assert not [f for f in result.findings if f.kind == "reordering"]


# --------------------------------------------------------------------------- monotonicity


def _distinct_stem_words() -> list[str]:
    """Content words with pairwise different stems, so sentences can share no word."""
    pool_text = (
        "rebels seized northern town kidal monday fighting army withdrawn troops protect "
        "civilians living near base agencies warned food supplies region week nations "
        "ceasefire talks sides thousands residents fled south capital weekend minister "
        "resigned reason harvest drought cocoa zone prospects crop dry period prices budget "
        "election parliament court judge ruling police arrested suspects bomb market village "
        "doctors hospital patients vaccine outbreak cholera flood rain bridge railway airport "
        "pilots strike union wages factory workers exports oil gas pipeline refinery mines "
        "gold copper farmers cattle herders desert border customs smugglers fuel subsidy bank "
        "currency inflation loan debt donors embassy envoy summit treaty"
    )
    seen: set[str] = set()
    out = []
    for w in pool_text.split():
        key = stem(fold_word(w))
        if key not in seen:
            seen.add(key)
            out.append(w)
    return out


CONTENT_WORDS = _distinct_stem_words()


@st.composite
def disjoint_pair(draw: st.DrawFn) -> tuple[list[str], list[str], list[int], list[int], list[int]]:
    """Source and rewrite sentences with no content word in common across sentences.

    Returns (source sentences, rewrite sentences, rewrite indexes copied verbatim, rewrite
    indexes inserted, source indexes omitted).
    """
    words = draw(st.permutations(CONTENT_WORDS))
    sizes = draw(st.lists(st.integers(4, 8), min_size=3, max_size=9))
    chunks, at = [], 0
    for size in sizes:
        if at + size > len(words):
            break
        chunks.append(" ".join(words[at : at + size]).capitalize() + ".")
        at += size
    roles = draw(
        st.lists(
            st.sampled_from(("shared", "source", "rewrite")),
            min_size=len(chunks),
            max_size=len(chunks),
        )
    )
    source = [c for c, r in zip(chunks, roles, strict=True) if r in ("shared", "source")]
    rewrite = [c for c, r in zip(chunks, roles, strict=True) if r in ("shared", "rewrite")]
    rewrite = draw(st.permutations(rewrite))  # content farms reorder
    copied = [i for i, c in enumerate(rewrite) if c in source]
    inserted = [i for i, c in enumerate(rewrite) if c not in source]
    omitted = [i for i, c in enumerate(source) if c not in rewrite]
    return source, rewrite, copied, inserted, omitted


def _scores(source: list[str], rewrite: list[str]) -> tuple[float, float]:
    v = compare("\n\n".join(source), "\n\n".join(rewrite)).verdict
    return v.derived_fraction, v.source_coverage


@FAST
@given(disjoint_pair(), st.data())
def test_removing_sentences_moves_reuse_the_right_way(pair, data) -> None:  # type: ignore[no-untyped-def]
    source, rewrite, copied, inserted, omitted = pair
    assume(source and rewrite)
    derived, coverage = _scores(source, rewrite)
    if copied:
        c = rewrite[data.draw(st.sampled_from(copied))]
        smaller_src = [s for s in source if s != c]
        smaller_rw = [s for s in rewrite if s != c]
        if smaller_src and smaller_rw:
            d2, c2 = _scores(smaller_src, smaller_rw)
            assert d2 <= derived + 1e-9 and c2 <= coverage + 1e-9
        if smaller_rw:
            d3, c3 = _scores(source, smaller_rw)  # dropped from the rewrite only
            assert d3 <= derived + 1e-9 and c3 <= coverage + 1e-9
    if inserted and len(rewrite) > 1:
        i = data.draw(st.sampled_from(inserted))
        d4, _ = _scores(source, rewrite[:i] + rewrite[i + 1 :])
        assert d4 >= derived - 1e-9
    if omitted and len(source) > 1:
        i = data.draw(st.sampled_from(omitted))
        _, c5 = _scores(source[:i] + source[i + 1 :], rewrite)
        assert c5 >= coverage - 1e-9


# --------------------------------------------------------------------------- scorers


@QUICK
@given(any_text, any_text)
def test_sentence_similarity_is_symmetric_and_in_range(a: str, b: str) -> None:
    cfg = load_config()
    doc_a, doc_b = prepare(Article("a", a), cfg), prepare(Article("b", b), cfg)
    ab, _, _ = sentence_similarities(doc_a, doc_b, default_idf())
    ba, _, _ = sentence_similarities(doc_b, doc_a, default_idf())
    assert ab.shape == (len(doc_a.sentences), len(doc_b.sentences))
    assert np.allclose(ab, ba.T, atol=1e-12)
    assert ((ab >= 0.0) & (ab <= 1.0)).all()


@QUICK
@given(any_text, any_text)
def test_aligner_links_are_valid_and_groups_partition_them(a: str, b: str) -> None:
    cfg = load_config()
    rw, src = prepare(Article("r", a), cfg), prepare(Article("s", b), cfg)
    _, r_mat, s_mat = sentence_similarities(rw, src, default_idf())
    links = link_sentences(
        r_mat,
        s_mat,
        rw.content_sentences,
        src.content_sentences,
        min_similarity=cfg.align_min_similarity,
        max_merge=cfg.align_max_merge,
        max_candidates=cfg.align_max_candidates,
        min_part=cfg.align_min_part,
        min_unique=cfg.align_min_unique,
    )
    assert len({link.rewrite for link in links}) == len(links)
    for link in links:
        assert link.rewrite in rw.content_sentences
        assert set(link.sources) <= set(src.content_sentences)
        assert 1 <= len(link.sources) <= cfg.align_max_merge
        assert list(link.sources) == sorted(set(link.sources))
        assert cfg.align_min_similarity <= link.score <= 1.0 + 1e-9
    groups = group_links(links, max_group=cfg.align_max_group)
    grouped = sorted(m.rewrite for members, _ in groups for m in members)
    assert grouped == sorted(link.rewrite for link in links)
    for members, sources in groups:
        assert sources == {s for m in members for s in m.sources}


words = st.lists(st.sampled_from("abcdefg"), max_size=20)


@QUICK
@given(
    st.lists(st.sampled_from("abcd"), max_size=60), st.lists(st.sampled_from("abcd"), max_size=60)
)
def test_windowed_diff_is_a_valid_edit_script(a: list[str], b: list[str]) -> None:
    # The bounded diff of huge groups (edits.py): forced here with windows of 7 items.
    ops = windowed_opcodes(a, b, window=7)
    i = j = 0
    rebuilt: list[str] = []
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j) and i1 <= i2 and j1 <= j2
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        else:
            assert tag in ("replace", "insert", "delete")
        rebuilt += b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b)) and rebuilt == b
    if a == b and a:
        assert ops == [("equal", 0, len(a), 0, len(b))]


@QUICK
@given(words, words, words, st.integers(1, 5))
def test_ngram_containment_definition(r: list[str], s: list[str], t: list[str], n: int) -> None:
    value = ngram_containment(r, s, n)
    assert 0.0 <= value <= 1.0
    assert ngram_containment(r, r, n) == (1.0 if len(r) >= n else 0.0)
    assert ngram_containment(r, [], n) == 0.0
    assert ngram_containment(r, s + t, n) >= value  # a longer source never contains less
    assert ngram_containment(r, t + r + s, n) == ngram_containment(r, r, n)  # r inside s


scores_grid = st.lists(st.integers(0, 10_000).map(lambda k: k / 10_000), min_size=1, max_size=40)


@QUICK
@given(scores_grid, st.data())
def test_sweep_counts_every_threshold_like_a_brute_force(scores: list[float], data) -> None:  # type: ignore[no-untyped-def]
    labels = data.draw(st.lists(st.booleans(), min_size=len(scores), max_size=len(scores)))
    points = sweep(scores, labels)
    distinct = sorted(set(scores))
    assert len(points) == len(distinct) + 1
    assert len(candidate_thresholds(scores)) == len(distinct) + 1
    pos, neg = sum(labels), len(labels) - sum(labels)
    assert (points[0].tp, points[0].fp) == (0, 0)  # highest threshold: nothing flagged
    assert (points[-1].tp, points[-1].fp) == (pos, neg)  # lowest: everything flagged
    flagged = []
    for p, q in itertools.pairwise(points):
        assert p.threshold > q.threshold
        assert q.tp >= p.tp and q.fp >= p.fp
    for p in points:
        assert p.tp + p.fn == pos and p.fp + p.tn == neg
        assert p == confusion_at(scores, labels, p.threshold)
        assert 0.0 <= p.precision <= 1.0 and 0.0 <= p.recall <= 1.0 and 0.0 <= p.f1 <= 1.0
        flagged.append(p.tp + p.fp)
    # each threshold separates one more distinct score: every level of the ranking is reachable
    assert flagged == [0] + [sum(1 for x in scores if x >= d) for d in reversed(distinct)]
