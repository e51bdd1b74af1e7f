"""TF-IDF sentence vectors weighted by a background IDF model fitted on public news text.

The model (``models/idf/``) holds document frequencies of word stems over Reuters-21578 and BBC
News; it is loaded once. Words the model has never seen get the highest weight (rare names).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from rewrite_detect.config import models_dir
from rewrite_detect.records import Document, Token

MODEL_NAME = "idf"


class IdfModel:
    """Inverse document frequencies of word stems (fit on a corpus, or load from ``models/``)."""

    def __init__(self, *, min_df: int = 2) -> None:
        self.min_df = min_df
        self._weights: dict[str, float] = {}  # stem -> weight, filled as stems are asked for

    def fit(self, stem_sets: Iterable[Iterable[str]]) -> IdfModel:
        """Count document frequencies; one iterable of stems per document."""
        df: Counter[str] = Counter()
        n_docs = 0
        for stems in stem_sets:
            df.update(set(stems))
            n_docs += 1
        vocab = sorted(s for s, c in df.items() if c >= self.min_df)
        counts = np.array([df[s] for s in vocab], dtype=np.float64)
        self.n_docs_ = n_docs
        self.vocab_ = {s: i for i, s in enumerate(vocab)}
        self.idf_ = (np.log((n_docs + 1) / (counts + 1)) + 1.0).astype(np.float32)
        self.unseen_idf_ = float(math.log(n_docs + 1) + 1.0)
        self._weights = {}
        return self

    def weight(self, stem: str) -> float:
        """The IDF of one stem (unseen stems get the largest weight)."""
        found = self._weights.get(stem)
        if found is None:
            i = self.vocab_.get(stem)
            found = self._weights[stem] = float(self.idf_[i]) if i is not None else self.unseen_idf_
        return found

    def weights(self, stems: Sequence[str]) -> list[float]:
        """The IDF of each stem, in order."""
        try:
            return list(map(self._weights.__getitem__, stems))
        except KeyError:  # a stem not asked for before
            return [self.weight(st) for st in stems]

    def save(self, directory: Path, *, meta: dict[str, object]) -> None:
        """Write ``idf.npz`` (no pickle) and ``meta.json`` into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        vocab = np.array(sorted(self.vocab_, key=self.vocab_.__getitem__), dtype=np.str_)
        np.savez_compressed(directory / "idf.npz", vocab=vocab, idf=self.idf_)
        full = {"n_docs": self.n_docs_, "min_df": self.min_df, "vocab_size": len(vocab), **meta}
        (directory / "meta.json").write_text(json.dumps(full, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> IdfModel:
        """Read a saved model; warn when it was built with other library versions."""
        path = directory / "idf.npz"
        if not path.exists():
            raise FileNotFoundError(
                f"{path}: background IDF model missing; rebuild it with "
                "`python scripts/build_idf.py` (see models/README.md)"
            )
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        with np.load(path, allow_pickle=False) as data:
            vocab = data["vocab"].tolist()
            idf = data["idf"].astype(np.float32)
        model = cls(min_df=int(meta.get("min_df", 2)))
        model.n_docs_ = int(meta["n_docs"])
        model.vocab_ = {s: i for i, s in enumerate(vocab)}
        model.idf_ = idf
        model.unseen_idf_ = float(math.log(model.n_docs_ + 1) + 1.0)
        _warn_on_version_mismatch(meta, directory)
        return model


def stemmer_version() -> str:
    """The installed snowballstemmer version (stems depend on it)."""
    from importlib.metadata import version

    return version("snowballstemmer")


def _warn_on_version_mismatch(meta: dict[str, object], directory: Path) -> None:
    built = meta.get("versions", {})
    wanted = built.get("snowballstemmer") if isinstance(built, dict) else None
    if wanted and wanted != stemmer_version():
        warnings.warn(
            f"{directory}: built with snowballstemmer {wanted}, running {stemmer_version()}; "
            "stems may differ slightly",
            stacklevel=3,
        )


@cache
def default_idf() -> IdfModel:
    """The background model shipped in ``models/idf``, loaded once per process."""
    return IdfModel.load(models_dir() / MODEL_NAME)


def all_stems(tokens: Sequence[Token]) -> list[str]:
    """Stems of every word; function words keep their (low) background IDF weight."""
    return [t.stem for t in tokens]


def sentence_matrix(
    docs: Sequence[Document], idf: IdfModel, vocab: dict[str, int]
) -> list[sp.csr_matrix]:
    """One L2-normalised TF-IDF row per sentence, for each document, over a shared vocab.

    A row's terms are its stems; a stem said c times weighs (1 + log c) * IDF. New stems join
    ``vocab`` in order of first occurrence, sentence by sentence.
    """
    words = [_words(doc, vocab) for doc in docs]
    idf_by_column = np.zeros(len(vocab))
    idf_by_column[np.fromiter(vocab.values(), np.intp, len(vocab))] = idf.weights(list(vocab))
    width = len(vocab)
    return [
        _csr_rows(*_sentence_rows(sentence, column, idf_by_column, len(doc.sentence_tokens)), width)
        for doc, (sentence, column) in zip(docs, words, strict=True)
    ]


def _words(doc: Document, vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The sentence and the vocab column of each word of the sentences, sentence after sentence;
    new stems join ``vocab`` in order of first occurrence."""
    stems, sentence = _sentence_stems(doc)
    new = [st for st in dict.fromkeys(stems) if st not in vocab]
    vocab.update(zip(new, itertools.count(len(vocab))))
    return sentence, np.fromiter(map(vocab.__getitem__, stems), np.int64, len(stems))


def _sentence_rows(
    sentence: np.ndarray, column: np.ndarray, idf_by_column: np.ndarray, n_sentences: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The CSR arrays (row pointers, columns, values) of the sentence rows of one document's
    words (their sentences and columns).

    Counting and weighting run in numpy over the whole document, with the same floating-point
    operations on the same numbers as one row at a time in Python, so the rows are the same to
    the last bit; only a row's norm is summed in Python, term by term in order of first
    occurrence (as ``Counter`` lists them), as it always has been.
    """
    rows, cols, counts, first_seen = _count_terms(sentence, column, len(idf_by_column))
    tf = np.zeros(int(counts.max(initial=0)) + 1)
    for c in np.flatnonzero(np.bincount(counts)).tolist():  # the counts that occur
        tf[c] = 1.0 + math.log(c)  # math.log, as always (numpy's may differ in the last bit)
    weights = idf_by_column[cols] * tf[counts]  # 1 + log 1 is 1.0 exactly
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_sentences))])
    squares = (weights * weights)[np.argsort(first_seen, kind="stable")].tolist()
    norms = [math.sqrt(sum(squares[lo:hi])) for lo, hi in itertools.pairwise(indptr.tolist())]
    return indptr, cols, weights / np.array(norms)[rows]


def _sentence_stems(doc: Document) -> tuple[list[str], np.ndarray]:
    """The stems of the sentences' words, sentence after sentence, and each one's sentence."""
    every = all_stems(doc.tokens)
    pieces = [every[lo:hi] for lo, hi in doc.sentence_tokens]
    sentence = np.repeat(np.arange(len(pieces)), [len(piece) for piece in pieces])
    return list(itertools.chain.from_iterable(pieces)), sentence


def _count_terms(
    sentence: np.ndarray, column: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (sentence, column) pairs of words, by sentence then column (the order of
    CSR rows), with their counts and where each first occurs."""
    width = max(width, 1)
    keys = sentence * width + column
    order = np.argsort(keys, kind="stable")  # each pair's words in text order
    ordered = keys[order]
    first = np.ones(ordered.size, dtype=bool)  # where a new pair begins
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.bincount(np.cumsum(first) - 1, minlength=starts.size)
    pairs = ordered[starts]
    return pairs // width, pairs % width, counts, order[starts]


def _csr_rows(indptr: np.ndarray, cols: np.ndarray, vals: np.ndarray, width: int) -> sp.csr_matrix:
    """A CSR matrix from its arrays (each row's columns in ascending order, as scipy's
    conversion from the COO form leaves them), without that conversion's cost."""
    index_dtype = np.int32 if max(width, len(cols)) < _INT32_MAX else np.int64
    return sp.csr_matrix(
        (
            np.asarray(vals, dtype=np.float64),
            np.asarray(cols, dtype=index_dtype),
            np.asarray(indptr, dtype=index_dtype),
        ),
        shape=(len(indptr) - 1, width),
    )


_INT32_MAX = int(np.iinfo(np.int32).max)


def sentence_similarities(
    rewrite: Document, source: Document, idf: IdfModel
) -> tuple[np.ndarray, sp.csr_matrix, sp.csr_matrix]:
    """Cosine similarity of every rewrite sentence to every source sentence, and the vectors."""
    vocab: dict[str, int] = {}
    r_mat, s_mat = sentence_matrix([rewrite, source], idf, vocab)
    width = len(vocab)
    r_mat.resize((r_mat.shape[0], width))
    s_mat.resize((s_mat.shape[0], width))
    sims = (r_mat @ s_mat.T).toarray()
    return np.clip(sims, 0.0, 1.0), r_mat, s_mat


def data_hash(paths: Sequence[Path]) -> str:
    """sha256 over the bytes of the given files, in order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()
