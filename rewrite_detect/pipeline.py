"""The thin orchestrator: one source, one rewrite, every stage in order."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import scipy.sparse as sp

from rewrite_detect import findings as findings_mod
from rewrite_detect.align import Link, group_links, link_sentences
from rewrite_detect.config import Config, load_config
from rewrite_detect.edits import WordOp, kept_share, to_edits, word_ops
from rewrite_detect.ingest import as_article
from rewrite_detect.language import language_notice, language_of
from rewrite_detect.records import (
    Alignment,
    AlignmentLabel,
    Article,
    Document,
    PairResult,
    Token,
    Verdict,
)
from rewrite_detect.recurring import figure_agreement, is_recurring_report, recurring_notice
from rewrite_detect.scoring import (
    GroupStats,
    VerdictModel,
    decide,
    default_verdict_model,
    document_features,
)
from rewrite_detect.segment import build_document, is_stopword
from rewrite_detect.vectorize import IdfModel, default_idf, sentence_matrix

ArticleLike = Article | Mapping[str, Any] | str | Path


@dataclass(frozen=True)
class AlignedGroup:
    """An alignment with the token-level material the findings detectors need."""

    rewrite: tuple[int, ...]
    source: tuple[int, ...]
    similarity: float
    source_tokens: tuple[Token, ...]
    rewrite_tokens: tuple[Token, ...]
    ops: tuple[WordOp, ...]
    kept: float


def compare(
    source: ArticleLike,
    rewrite: ArticleLike,
    *,
    config: Config | None = None,
    thresholds_file: str | Path | None = None,
    config_file: str | Path | None = None,
    **overrides: Any,
) -> PairResult:
    """Compare a source article with a suspected rewrite of it.

    ``source`` and ``rewrite`` are article text (``str``), a ``Path`` to a file, a record dict
    or an ``Article``. Any ``Config`` field can be overridden by keyword.
    """
    cfg = (
        config.with_overrides(overrides)
        if config
        else load_config(
            thresholds_file=thresholds_file, config_file=config_file, overrides=overrides
        )
    )
    src = prepare(as_article(source, default_id="source"), cfg)
    rw = prepare(as_article(rewrite, default_id="rewrite"), cfg)
    return compare_documents(src, rw, config=cfg)


def prepare(article: Article, config: Config) -> Document:
    """Check the limits, split and tokenize an article, and tell its language.

    The language is the one the record declares, else the one detected in its content
    sentences (``language.py``); a detected code is also filled into ``article.language``.
    """
    if len(article.text) > config.max_chars:
        raise ValueError(
            f"{_article_name(article)}: article has {len(article.text):,} characters, "
            f"over the limit of {config.max_chars:,} (max_chars)"
        )
    doc = build_document(article)
    if len(doc.sentences) > config.max_sentences:
        raise ValueError(
            f"{_article_name(article)}: article has {len(doc.sentences):,} sentences, "
            f"over the limit of {config.max_sentences:,} (max_sentences)"
        )
    return with_language(doc)


def _article_name(article: Article) -> str:
    """How messages name an article: its id, and where it came from when that differs."""
    if article.path and article.path != article.id:
        return f"{article.id} ({article.path})"
    return article.id


def with_language(doc: Document) -> Document:
    """The document with its language guess (declared by the record, else detected)."""
    if doc.language is not None:
        return doc
    guess = language_of(doc.article.language, _content_text(doc))
    article = doc.article
    if article.language is None and guess.code != "und":
        article = replace(article, language=guess.code)
    return replace(doc, article=article, language=guess)


def _content_text(doc: Document) -> str:
    """The text of the sentences that count as evidence (no page furniture)."""
    return "\n".join(doc.sentences[i].text for i in doc.content_sentences)


def compare_documents(
    source: Document,
    rewrite: Document,
    *,
    config: Config,
    idf: IdfModel | None = None,
    model: VerdictModel | None = None,
) -> PairResult:
    """Align, diff, find and score two prepared documents."""
    idf = idf or default_idf()
    model = model or default_verdict_model()
    source, rewrite = with_language(source), with_language(rewrite)
    r_mat, s_mat = _sentence_vectors(rewrite, source, idf)
    links = link_sentences(
        r_mat,
        s_mat,
        rewrite.content_sentences,
        source.content_sentences,
        min_similarity=config.align_min_similarity,
        max_merge=config.align_max_merge,
        max_candidates=config.align_max_candidates,
        min_part=config.align_min_part,
        min_unique=config.align_min_unique,
    )
    groups = [_aligned_group(source, rewrite, members) for members in _groups(links, config)]
    found = findings_mod.find_all(source, rewrite, groups)
    alignments = _alignments(rewrite, groups, found, config)
    used = {s for g in groups for s in g.source}
    omitted = tuple(i for i in source.content_sentences if i not in used)
    stats = _group_stats(groups, config)
    reused = sum(s.reused_rewrite_words for s in stats)
    spin_rate = found.spin_rate(reused)  # per 100 reused words
    features = {**_features(source, rewrite, groups, stats), "spin_rate": spin_rate / 100.0}
    links = ((g.source, g.rewrite) for g in groups)
    figures = figure_agreement(source, rewrite, links, known=found.numbers)
    recurring = is_recurring_report(
        figures,
        min_changed=config.recurring_min_changed_figures,
        max_kept_share=config.recurring_max_kept_figures,
    )
    verdict = decide(
        features,
        config=config,
        model=model,
        spin_rate=spin_rate,
        errors=sum(1 for f in found.findings if f.severity == "error"),
        warnings_count=sum(1 for f in found.findings if f.severity == "warning"),
        recurring=recurring,
    )
    if _same_content(source, rewrite):
        verdict = _identical_verdict(verdict)
    return PairResult(
        source=source,
        rewrite=rewrite,
        verdict=verdict,
        alignments=tuple(alignments),
        omitted=omitted,
        findings=tuple(found.findings),
        thresholds=config.to_dict(),
        features=features,
        notices=_notices(source, rewrite) + ((recurring_notice(figures),) if recurring else ()),
        recurring=recurring,
    )


def _sentence_vectors(
    rewrite: Document, source: Document, idf: IdfModel
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """TF-IDF sentence vectors of both sides over one vocabulary.

    Not ``vectorize.sentence_similarities``: its dense rewrite x source matrix is not needed
    here, and for 10,000 sentences a side it takes gigabytes.
    """
    vocab: dict[str, int] = {}
    r_mat, s_mat = sentence_matrix([rewrite, source], idf, vocab)
    r_mat.resize((r_mat.shape[0], len(vocab)))
    s_mat.resize((s_mat.shape[0], len(vocab)))
    return r_mat, s_mat


def _content_words_seq(doc: Document) -> list[str]:
    return [t.norm for i in doc.content_sentences for t in doc.tokens_of(i)]


def _same_content(source: Document, rewrite: Document) -> bool:
    """Both sides have the same words in the same order in their content sentences."""
    if _content_words(rewrite) != _content_words(source):
        return False  # not the same number of words: no need to list them
    words = _content_words_seq(rewrite)
    return bool(words) and words == _content_words_seq(source)


def _content_words(doc: Document) -> int:
    """How many words the content sentences have."""
    return sum([len(doc.tokens_of(i)) for i in doc.content_sentences])


def _identical_verdict(verdict: Verdict) -> Verdict:
    """A rewrite whose content is the source's, word for word, is a copy by definition.

    The verdict model was fitted on answers of 200-300 words; on a one-line article its n-gram
    features are undefined (a 1-word text has no word pairs), and it called "Menaka" against
    "Menaka" unrelated. Identical content needs no model.
    """
    return replace(verdict, label="copy", is_rewrite=True, probability=1.0)


def _notices(source: Document, rewrite: Document) -> tuple[str, ...]:
    """Plain sentences about the input that the reader must know (e.g. not English)."""
    out = []
    for side, doc in (("source", source), ("rewrite", rewrite)):
        note = language_notice(side, doc.language) if doc.language else None
        if note:
            out.append(note)
    return tuple(out)


def _groups(links: Sequence[Link], config: Config) -> list[list[Link]]:
    return [members for members, _ in group_links(links, max_group=config.align_max_group)]


def _aligned_group(source: Document, rewrite: Document, members: Sequence[Link]) -> AlignedGroup:
    r_ids = tuple(sorted({m.rewrite for m in members}))
    s_ids = tuple(sorted({s for m in members for s in m.sources}))
    s_tokens = _tokens_of(source, s_ids)
    r_tokens = _tokens_of(rewrite, r_ids)
    ops = tuple(word_ops(s_tokens, r_tokens))
    similarity = sum(m.score for m in members) / len(members)
    return AlignedGroup(
        r_ids, s_ids, similarity, s_tokens, r_tokens, ops, kept_share(ops, len(r_tokens))
    )


def _tokens_of(doc: Document, sentences: Sequence[int]) -> tuple[Token, ...]:
    """The tokens of some sentences, in the order given."""
    if len(sentences) == 1:
        return doc.tokens_of(sentences[0])
    return tuple(itertools.chain.from_iterable(map(doc.tokens_of, sentences)))


def _label(group: AlignedGroup, config: Config) -> AlignmentLabel:
    if group.kept >= config.verbatim_min_kept:
        return "verbatim"
    if group.kept >= config.light_min_kept:
        return "light"
    return "paraphrase"


def _alignments(
    rewrite: Document,
    groups: Sequence[AlignedGroup],
    found: findings_mod.FindingsResult,
    config: Config,
) -> list[Alignment]:
    """Aligned groups with categorised edits, then inserted and boilerplate sentences."""
    out: list[Alignment] = []
    aligned: set[int] = set()
    for g in groups:
        edits = tuple(to_edits(g.ops, g.source_tokens, g.rewrite_tokens, found.category_at))
        out.append(Alignment(g.rewrite, g.source, _label(g, config), g.similarity, edits))
        aligned.update(g.rewrite)
    content = set(rewrite.content_sentences)
    for s in rewrite.sentences:
        if s.index not in aligned:
            label: AlignmentLabel = "inserted" if s.index in content else "boilerplate"
            out.append(Alignment((s.index,), (), label, 0.0))
    out.sort(key=lambda a: a.rewrite[0])
    return out


def _group_stats(groups: Sequence[AlignedGroup], config: Config) -> list[GroupStats]:
    """The word counts of each group that the document scores need."""
    counted: set[int] = set()
    return [_stats_of(g, config, counted) for g in groups]


def _stats_of(group: AlignedGroup, config: Config, counted: set[int]) -> GroupStats:
    """One group's counts, from one pass over its edits."""
    runs = []
    reused = 0
    for op, _, (j1, j2), moved in group.ops:
        if op == "equal" or op == "replace":
            reused += j2 - j1
            if op == "equal" and not moved:
                runs.append(j2 - j1)
    return GroupStats(
        rewrite_words=len(group.rewrite_tokens),
        kept_words=group.kept * len(group.rewrite_tokens),
        verbatim=_label(group, config) == "verbatim",
        runs=tuple(runs),
        reused_rewrite_words=reused,
        reused_source_words=_new_source_words(group, counted),
        similarity=group.similarity,
    )


def _features(
    source: Document,
    rewrite: Document,
    groups: Sequence[AlignedGroup],
    stats: Sequence[GroupStats],
) -> dict[str, float]:
    r_stems, r_content = _content_stems(rewrite)
    s_stems, s_content = _content_stems(source)
    features = document_features(
        stats,
        rewrite_words=len(r_stems),
        source_words=len(s_stems),
        rewrite_stems=r_stems,
        source_stems=s_stems,
        rewrite_content=r_content,
        source_content=s_content,
    )
    features.update(_edit_composition(groups))
    return features


def _new_source_words(group: AlignedGroup, counted: set[int]) -> int:
    """Source words this group reuses that no earlier group counted (by start offset).

    Groups normally have disjoint sources; a sentence repeated more than ``align_max_group``
    times makes several groups share one, and its words must count once in source_coverage.
    """
    before = len(counted)
    tokens = group.source_tokens
    for op, (i1, i2), _, _ in group.ops:
        if op == "equal" or op == "replace":
            counted.update(map(_token_start, tokens[i1:i2]))
    return len(counted) - before


_token_start = operator.attrgetter("start")


def _edit_composition(groups: Sequence[AlignedGroup]) -> dict[str, float]:
    """How aligned words changed: shares replaced, inserted, moved (rewrite), deleted (source)."""
    rw_total = sum(len(g.rewrite_tokens) for g in groups)
    src_total = sum(len(g.source_tokens) for g in groups)
    counts = {"replace": 0, "insert": 0, "moved": 0, "delete": 0}
    for g in groups:
        for op, (i1, i2), (j1, j2), moved in g.ops:
            if moved:
                counts["moved"] += j2 - j1
            elif op == "replace" or op == "insert":
                counts[op] += j2 - j1
            elif op == "delete":
                counts["delete"] += i2 - i1
    return {
        "replace_share": counts["replace"] / rw_total if rw_total else 0.0,
        "insert_share": counts["insert"] / rw_total if rw_total else 0.0,
        "moved_share": counts["moved"] / rw_total if rw_total else 0.0,
        "delete_share": counts["delete"] / src_total if src_total else 0.0,
    }


def _content_stems(doc: Document) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stems of the words of the content sentences: all, and without function words.

    Tuples: document_features takes n-grams as slices, and a tuple's slice is one already.
    """
    tokens = _tokens_of(doc, doc.content_sentences)
    return (
        tuple([t.stem for t in tokens]),
        tuple([t.stem for t in tokens if not is_stopword(t.norm)]),
    )
