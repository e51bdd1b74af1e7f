"""TF-IDF sentence vectors weighted by a background IDF model fitted on public news text.

The model (``models/idf/``) holds document frequencies of word stems over Reuters-21578 and BBC
News; it is loaded once. Words the model has never seen get the highest weight (rare names).
"""

from __future__ import annotations

import hashlib
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
    """One L2-normalised TF-IDF row per sentence, for each document, over a shared vocab."""
    out = []
    weight = idf.weight
    for doc in docs:
        indptr, cols, vals = [0], [], []
        stems = all_stems(doc.tokens)
        for lo, hi in doc.sentence_tokens:
            counts = Counter(stems[lo:hi])
            if counts:
                weights = [(1.0 + math.log(c)) * weight(st) for st, c in counts.items()]
                norm = math.sqrt(sum([w * w for w in weights]))
                row_cols = [vocab.setdefault(st, len(vocab)) for st in counts]
                row = sorted(zip(row_cols, weights, strict=True))  # by column, as scipy has them
                cols.extend([col for col, _ in row])
                vals.extend([w / norm for _, w in row])
            indptr.append(len(cols))
        out.append((indptr, cols, vals))
    width = len(vocab)
    return [_csr_rows(indptr, cols, vals, width) for indptr, cols, vals in out]


def _csr_rows(indptr: list[int], cols: list[int], vals: list[float], width: int) -> sp.csr_matrix:
    """A CSR matrix from its arrays (each row's columns in ascending order, as scipy's
    conversion from the COO form leaves them), without that conversion's cost."""
    index_dtype = np.int32 if max(width, len(cols)) < np.iinfo(np.int32).max else np.int64
    return sp.csr_matrix(
        (
            np.array(vals, dtype=np.float64),
            np.array(cols, dtype=index_dtype),
            np.array(indptr, dtype=index_dtype),
        ),
        shape=(len(indptr) - 1, width),
    )


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
